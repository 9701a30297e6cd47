"""Projection of calendar events into ``calendar_overrides``."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import calendar_overrides
from domain.calendar import CalendarDayOverridden, CalendarOverrideRemoved
from domain.common import DomainEvent


async def on_overridden(conn: AsyncConnection, stored: StoredEvent, event: CalendarDayOverridden) -> None:
    values = {
        "working": event.override.working,
        "reason": event.override.reason,
        "source": event.override.source,
        "set_by": event.by.model_dump(mode="json"),
        "set_at": event.occurred_at,
    }
    await conn.execute(
        insert(calendar_overrides)
        .values(day=event.override.day, **values)
        .on_conflict_do_update(index_elements=["day"], set_=values)
    )


async def on_removed(conn: AsyncConnection, stored: StoredEvent, event: CalendarOverrideRemoved) -> None:
    await conn.execute(calendar_overrides.delete().where(calendar_overrides.c.day == event.day))


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    CalendarDayOverridden: on_overridden,
    CalendarOverrideRemoved: on_removed,
}
