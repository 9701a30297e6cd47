"""Reading cycles and their obligations from the projections."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.obligations.views import escalation_view, obligation_view
from api.problems import Problem
from api.sites.service import regulation_of, visible_site
from api.tables import cycles, escalations, obligations, roadmap_rows, sites
from domain.obligations import cycle_id
from domain.regulations.participants import minimum_for, participant_check
from domain.roadmap.model import ROW_STATUS_RU


def cycle_view(row: Any) -> dict[str, Any]:
    return {
        "cycle_id": row.cycle_id,
        "site_id": row.site_id,
        "year": row.year,
        "status": row.status,
        "regulation": {"id": row.regulation_id, "version": row.regulation_version},
        "started_at": row.started_at,
        "completed_at": row.completed_at,
        "closed_reason": row.closed_reason,
    }


async def cycle_row(conn: AsyncConnection, site_id: str, year: int) -> Any:
    return (await conn.execute(select(cycles).where(cycles.c.cycle_id == cycle_id(site_id, year)))).one_or_none()


async def site_cycles(conn: AsyncConnection, site_id: str) -> list[Any]:
    return list((await conn.execute(select(cycles).where(cycles.c.site_id == site_id).order_by(cycles.c.year))).all())


async def cycle_obligations(conn: AsyncConnection, site_id: str, year: int) -> list[Any]:
    query = (
        select(obligations)
        .where(obligations.c.cycle_id == cycle_id(site_id, year))
        .order_by(obligations.c.effective_due.nulls_last(), obligations.c.obligation_id)
    )
    return list((await conn.execute(query)).all())


async def cycle_escalations(conn: AsyncConnection, site_id: str, year: int, only_open: bool) -> list[Any]:
    query = select(escalations).where(escalations.c.cycle_id == cycle_id(site_id, year))
    if only_open:
        query = query.where(escalations.c.resolved_at.is_(None))
    return list((await conn.execute(query.order_by(escalations.c.raised_at, escalations.c.escalation_id))).all())


async def overview_rows(
    conn: AsyncConnection, site_ids: list[str], year: int
) -> tuple[list[Any], list[Any], list[Any]]:
    """The site's current cycle and those overlapping it (the planning of next year in December, the annual report
    of last year in January): cycles, their obligations, their open escalations."""
    current = (cycles.c.status == "active") | (cycles.c.year == year)
    cycle_rows = list(
        (
            await conn.execute(
                select(cycles).where(cycles.c.site_id.in_(site_ids), current).order_by(cycles.c.site_id, cycles.c.year)
            )
        ).all()
    )
    ids = [row.cycle_id for row in cycle_rows]
    obligation_rows = list(
        (
            await conn.execute(
                select(obligations)
                .where(obligations.c.cycle_id.in_(ids))
                .order_by(obligations.c.cycle_id, obligations.c.effective_due.nulls_last(), obligations.c.obligation_id)
            )
        ).all()
    )
    escalation_rows = list(
        (
            await conn.execute(
                select(escalations)
                .where(escalations.c.cycle_id.in_(ids), escalations.c.resolved_at.is_(None))
                .order_by(escalations.c.raised_at)
            )
        ).all()
    )
    return cycle_rows, obligation_rows, escalation_rows


async def roadmap(conn: AsyncConnection, site_id: str, year: int) -> list[Any]:
    query = (
        select(roadmap_rows).where(roadmap_rows.c.cycle_id == cycle_id(site_id, year)).order_by(roadmap_rows.c.position)
    )
    return list((await conn.execute(query)).all())


def cycle_not_found(site_id: str, year: int) -> Problem:
    return Problem(404, "cycle_not_found", f"Цикл площадки {site_id} на {year} год не открыт.")


async def cycle_detail(conn: AsyncConnection, site_id: str, year: int) -> dict[str, Any] | None:
    """The cycle with its obligations and open escalations; ``None`` when it is not open."""
    now = datetime.now(UTC)
    row = await cycle_row(conn, site_id, year)
    if row is None:
        return None
    obligation_rows = await cycle_obligations(conn, site_id, year)
    escalation_rows = await cycle_escalations(conn, site_id, year, only_open=True)
    ends_on = (await conn.execute(select(sites.c.status_until).where(sites.c.id == site_id))).scalar_one_or_none()
    return {
        **cycle_view(row),
        # The last day of the site's status period (D22): an active cycle closes itself at the end of that day.
        "status_ends_on": ends_on,
        "obligations": [obligation_view(o, now) for o in obligation_rows],
        "open_escalations": [escalation_view(e, row.regulation_id) for e in escalation_rows],
    }


async def readable_cycle(conn: AsyncConnection, principal: Principal, site_id: str, year: int) -> dict[str, Any]:
    """A cycle of a site the caller may read (a site out of scope answers as one that does not exist)."""
    await visible_site(conn, principal, site_id)
    detail = await cycle_detail(conn, site_id, year)
    if detail is None:
        raise cycle_not_found(site_id, year)
    return detail


def roadmap_row_view(row: Any, regulation_id: str = "", site_id: str = "") -> dict[str, Any]:
    """A row of the cycle's roadmap with its last status; a row with a participant minimum (C12, D40) says how its
    count stands against it (``participants_check``, null for a row without one)."""
    minimum = minimum_for(regulation_id, site_id, row.no) if regulation_id else None
    check = participant_check(minimum, row.status, row.participants) if minimum is not None else None
    return {
        "no": row.no,
        "section": row.section,
        "item": row.item,
        "deadline": row.deadline,
        "reading": row.reading,
        "responsible": row.responsible,
        "responsible_is_external": row.responsible_is_external,
        "expected_result": row.expected_result,
        "status": row.status,
        "status_ru": ROW_STATUS_RU.get(row.status or "", "не отчитывались"),
        "status_period": row.status_period,
        "fact_date": row.fact_date,
        "result": row.result,
        "moved_to": row.moved_to,
        "participants": row.participants,
        "participants_check": check.model_dump() if check is not None else None,
    }


async def readable_roadmap(
    conn: AsyncConnection, principal: Principal, site_id: str, year: int
) -> list[dict[str, Any]]:
    """The roadmap approved with the cycle's package, each row with the status the last accepted quarterly report
    gave it; empty while no package is approved."""
    await visible_site(conn, principal, site_id)
    regulation_id = await regulation_of(conn, site_id)
    return [roadmap_row_view(row, regulation_id, site_id) for row in await roadmap(conn, site_id, year)]
