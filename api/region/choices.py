"""What the filters of the region's pages offer: the years that have cycles, the year shown when none is asked
for, the directions of a region."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.region.access import readable_sites
from api.region.year import natural_key
from api.tables import cycles, directions, sites


async def cycle_years(conn: AsyncConnection, principal: Principal, region_id: str) -> list[int]:
    """The years with a cycle on a site of the region the caller may read, latest first."""
    query = (
        select(cycles.c.year)
        .distinct()
        .select_from(cycles.join(sites, sites.c.id == cycles.c.site_id))
        .where(sites.c.region_id == region_id, readable_sites(principal))
        .order_by(cycles.c.year.desc())
    )
    return list((await conn.execute(query)).scalars())


def current_cycle_year(today: date, years: Sequence[int]) -> int:
    """The year shown first: this year; next year when only its cycles are open yet (its packages are due in
    December of this year)."""
    if today.year not in years and today.year + 1 in years:
        return today.year + 1
    return today.year


def year_options(years: Sequence[int], shown: int, today: date) -> list[int]:
    """The years to choose from: those with cycles, this year and the year shown, latest first."""
    return sorted({*years, today.year, shown}, reverse=True)


async def region_directions(conn: AsyncConnection, region_id: str) -> list[Any]:
    """The region's directions (id, title), in the order of the clauses that set them."""
    query = select(directions.c.id, directions.c.title).where(directions.c.region_id == region_id)
    return sorted((await conn.execute(query)).all(), key=lambda row: natural_key(row.id))
