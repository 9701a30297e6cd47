"""The cycles list (``GET /api/cycles``): the cycles of the sites the caller may see, filtered, sorted and
paged, each with its site and counts of open, overdue and done obligations and open escalations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.obligations.views import WAITING
from api.region.access import readable_sites
from api.region.performance import DONE
from api.region.schemas import CycleCounts, CycleItem, RegulationRef
from api.tables import cycles, escalations, institutions, obligations, sites

# What a cycle summary counts (the same words as the site overview of api.cycle.routes).
ACTIONABLE = ("awaiting_submission", "returned", "under_review", "in_progress")

CycleSort = Literal["year", "-year", "site_id"]
CycleStatus = Literal["active", "completed", "closed"]


@dataclass(frozen=True)
class CycleFilter:
    region_id: str | None = None
    year: int | None = None
    status: CycleStatus | None = None
    site_id: str | None = None
    direction_id: str | None = None
    with_open_escalations: bool | None = None


def _open_escalation_exists(cycle_id: Any) -> ColumnElement[bool]:
    return (
        select(escalations.c.escalation_id)
        .where(escalations.c.cycle_id == cycle_id, escalations.c.resolved_at.is_(None))
        .exists()
    )


def _cycle_conditions(principal: Principal, wanted: CycleFilter) -> list[ColumnElement[bool]]:
    conditions = [readable_sites(principal)]
    if wanted.region_id is not None:
        conditions.append(sites.c.region_id == wanted.region_id)
    if wanted.year is not None:
        conditions.append(cycles.c.year == wanted.year)
    if wanted.status is not None:
        conditions.append(cycles.c.status == wanted.status)
    if wanted.site_id is not None:
        conditions.append(cycles.c.site_id == wanted.site_id)
    if wanted.direction_id is not None:
        conditions.append(sites.c.direction_id == wanted.direction_id)
    if wanted.with_open_escalations is not None:
        exists = _open_escalation_exists(cycles.c.cycle_id)
        conditions.append(exists if wanted.with_open_escalations else ~exists)
    return conditions


def _cycle_order(sort: CycleSort, year: Any, site_id: Any, cycle_id: Any) -> list[Any]:
    keys = {"year": [year, site_id], "-year": [year.desc(), site_id], "site_id": [site_id, year]}[sort]
    return [*keys, cycle_id]


async def cycle_total(conn: AsyncConnection, principal: Principal, wanted: CycleFilter) -> int:
    query = (
        select(func.count())
        .select_from(cycles.join(sites, sites.c.id == cycles.c.site_id))
        .where(*_cycle_conditions(principal, wanted))
    )
    return int((await conn.execute(query)).scalar_one())


async def cycle_page(
    conn: AsyncConnection,
    principal: Principal,
    wanted: CycleFilter,
    sort: CycleSort,
    page: int,
    per_page: int,
    now: datetime,
) -> list[Any]:
    """One page of cycles with their site and counts: the page is chosen first, the counts are taken only for
    its rows (one index lookup by ``cycle_id`` in ``obligations`` and in ``escalations`` per row)."""
    chosen = (
        select(
            *(column for column in cycles.c if column.name != "obligation_ids"),
            sites.c.code.label("site_code"),
            sites.c.status.label("site_status"),
            sites.c.region_id,
            sites.c.direction_id,
            institutions.c.short_name.label("institution_short_name"),
        )
        .select_from(
            cycles.join(sites, sites.c.id == cycles.c.site_id).join(
                institutions, institutions.c.id == sites.c.institution_id
            )
        )
        .where(*_cycle_conditions(principal, wanted))
        .order_by(*_cycle_order(sort, cycles.c.year, cycles.c.site_id, cycles.c.cycle_id))
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery("chosen")
    )
    counts = (
        select(
            func.count().filter(obligations.c.status.in_(ACTIONABLE)).label("open_obligations"),
            func.count()
            .filter(obligations.c.status.in_(WAITING), obligations.c.due_ends_at <= now)
            .label("overdue_obligations"),
            func.count().filter(obligations.c.status == DONE).label("done_obligations"),
        )
        .where(obligations.c.cycle_id == chosen.c.cycle_id)
        .lateral("counts")
    )
    open_escalations = (
        select(func.count().label("open_escalations"))
        .where(escalations.c.cycle_id == chosen.c.cycle_id, escalations.c.resolved_at.is_(None))
        .lateral("open_escalations")
    )
    query = (
        select(chosen, counts, open_escalations)
        .select_from(chosen.join(counts, true()).join(open_escalations, true()))
        .order_by(*_cycle_order(sort, chosen.c.year, chosen.c.site_id, chosen.c.cycle_id))
    )
    return list((await conn.execute(query)).all())


def cycle_item(row: Any) -> CycleItem:
    return CycleItem(
        cycle_id=row.cycle_id,
        site_id=row.site_id,
        year=row.year,
        status=row.status,
        regulation=RegulationRef(id=row.regulation_id, version=row.regulation_version),
        started_at=row.started_at,
        completed_at=row.completed_at,
        closed_reason=row.closed_reason,
        site_code=row.site_code,
        site_status=row.site_status,
        institution_short_name=row.institution_short_name,
        region_id=row.region_id,
        direction_id=row.direction_id,
        counts=CycleCounts(
            open=row.open_obligations,
            overdue=row.overdue_obligations,
            done=row.done_obligations,
            open_escalations=row.open_escalations,
        ),
    )
