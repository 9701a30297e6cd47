"""A region's year as the matrix and the discipline read it: the region's sites (narrowed by direction and site
status) with the state of their cycle, the year's obligations with their submissions' arrivals, each assessed —
where it stands and its lateness (``api.region.performance``)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.region.access import governed_region
from api.region.performance import Performance, WorkingDays, local_day, performance_of, working_days_for
from api.tables import cycles, institutions, obligations, sites, submissions
from domain.cycle import Runner
from domain.sites import SITE_STATUS_RU, SiteStatus


@dataclass(frozen=True)
class RegionYear:
    region_id: str
    year: int
    direction_id: str | None = None
    status: SiteStatus | None = None


def _site_conditions(wanted: RegionYear) -> list[ColumnElement[bool]]:
    conditions = [sites.c.region_id == wanted.region_id]
    if wanted.direction_id is not None:
        conditions.append(sites.c.direction_id == wanted.direction_id)
    if wanted.status is not None:
        conditions.append(sites.c.status == wanted.status.value)
    return conditions


async def region_sites(conn: AsyncConnection, wanted: RegionYear) -> list[Any]:
    """The region's sites with their institution's short name and the status of their cycle of the year (none
    when it was not opened), in the order of the founding order's clauses."""
    query = (
        select(
            sites.c.id,
            sites.c.code,
            sites.c.status,
            sites.c.direction_id,
            institutions.c.short_name.label("institution_short_name"),
            cycles.c.status.label("cycle_status"),
        )
        .select_from(
            sites.join(institutions, institutions.c.id == sites.c.institution_id).outerjoin(
                cycles, (cycles.c.site_id == sites.c.id) & (cycles.c.year == wanted.year)
            )
        )
        .where(*_site_conditions(wanted))
    )
    return sorted((await conn.execute(query)).all(), key=lambda row: natural_key(row.id))


def _year_conditions(wanted: RegionYear) -> list[ColumnElement[bool]]:
    return [obligations.c.year == wanted.year, *_site_conditions(wanted)]


async def region_obligations(conn: AsyncConnection, wanted: RegionYear) -> list[Any]:
    query = (
        select(obligations)
        .select_from(obligations.join(sites, sites.c.id == obligations.c.site_id))
        .where(*_year_conditions(wanted))
        .order_by(
            obligations.c.site_id,
            obligations.c.key,
            obligations.c.effective_due.nulls_last(),
            obligations.c.instance,
        )
    )
    return list((await conn.execute(query)).all())


async def region_arrivals(conn: AsyncConnection, wanted: RegionYear) -> dict[str, list[Any]]:
    """Every submission of the year's obligations, by obligation, in the order they arrived."""
    query = (
        select(
            submissions.c.obligation_id,
            submissions.c.submission_no,
            submissions.c.submitted_at,
            submissions.c.late,
            submissions.c.due_effective,
        )
        .select_from(
            submissions.join(obligations, obligations.c.obligation_id == submissions.c.obligation_id).join(
                sites, sites.c.id == obligations.c.site_id
            )
        )
        .where(obligations.c.runner == Runner.SUBMISSION.value, *_year_conditions(wanted))
        .order_by(submissions.c.obligation_id, submissions.c.submission_no)
    )
    arrivals: dict[str, list[Any]] = defaultdict(list)
    for row in (await conn.execute(query)).all():
        arrivals[row.obligation_id].append(row)
    return arrivals


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """ "1.1.2" before "1.1.10"; numbers and words compare without mixing types."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


def site_head(row: Any) -> dict[str, Any]:
    return {
        "site_id": row.id,
        "code": row.code,
        "status": row.status,
        "status_ru": SITE_STATUS_RU[SiteStatus(row.status)],
        "institution_short_name": row.institution_short_name,
        "direction_id": row.direction_id,
        "cycle_status": row.cycle_status,
    }


@dataclass(frozen=True)
class Assessed:
    """An obligation instance with where it stands and its lateness."""

    row: Any
    performance: Performance
    lateness: int


@dataclass(frozen=True)
class AssessedYear:
    today: date
    sites: list[Any]
    obligations: list[Assessed]


async def assessed_year(conn: AsyncConnection, principal: Principal, wanted: RegionYear) -> AssessedYear:
    region = await governed_region(conn, principal, wanted.region_id)
    zone = ZoneInfo(region.timezone)
    now = datetime.now(UTC)
    site_rows = await region_sites(conn, wanted)
    rows = await region_obligations(conn, wanted)
    arrivals = await region_arrivals(conn, wanted)
    performances = [performance_of(row, arrivals.get(row.obligation_id, []), now, zone) for row in rows]
    days: WorkingDays = await working_days_for(conn, performances)
    assessed = [
        Assessed(row, performance, days.lateness(performance))
        for row, performance in zip(rows, performances, strict=True)
    ]
    return AssessedYear(today=local_day(now, zone), sites=site_rows, obligations=assessed)


def by_site(items: Sequence[Assessed]) -> dict[str, list[Assessed]]:
    grouped: dict[str, list[Assessed]] = {}
    for item in items:
        grouped.setdefault(item.row.site_id, []).append(item)
    return grouped
