"""Projection of cycle events into ``cycles``."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import cycles
from domain.common import DomainEvent
from domain.cycle import CycleClosed, CycleCompleted, CycleStarted


async def on_cycle_started(conn: AsyncConnection, stored: StoredEvent, event: CycleStarted) -> None:
    await conn.execute(
        insert(cycles)
        .values(
            cycle_id=stored.stream_id,
            site_id=event.site_id,
            year=event.year,
            regulation_id=event.regulation_id,
            regulation_version=event.regulation_version,
            status="active",
            obligation_ids=list(event.obligations),
            started_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )


async def on_cycle_completed(conn: AsyncConnection, stored: StoredEvent, event: CycleCompleted) -> None:
    await conn.execute(
        cycles.update()
        .where(cycles.c.cycle_id == stored.stream_id)
        .values(status="completed", completed_at=event.occurred_at)
    )


async def on_cycle_closed(conn: AsyncConnection, stored: StoredEvent, event: CycleClosed) -> None:
    await conn.execute(
        cycles.update()
        .where(cycles.c.cycle_id == stored.stream_id)
        .values(status="closed", completed_at=event.occurred_at, closed_reason=event.reason)
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    CycleStarted: on_cycle_started,
    CycleCompleted: on_cycle_completed,
    CycleClosed: on_cycle_closed,
}
