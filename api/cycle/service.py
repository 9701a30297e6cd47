"""Reading cycles and their obligations from the projections."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.tables import cycles, escalations, obligations, roadmap_rows
from domain.obligations import cycle_id


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
