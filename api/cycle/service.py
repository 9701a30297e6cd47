"""Reading cycles and their obligations from the projections."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.tables import cycles, escalations, obligations
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
