"""Dispatch of stored events to the projectors of every context, and the rebuild of all projections.

Projectors read only the event (and rows earlier events of the log wrote), never the clock, so replaying the
log in global order produces the same tables.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.calendar.projection import PROJECTORS as CALENDAR
from api.cycle.projection import PROJECTORS as CYCLE
from api.escalation.projection import PROJECTORS as ESCALATION
from api.eventstore import EventProjector, StoredEvent, read_all
from api.freshness.projection import PROJECTORS as FRESHNESS
from api.obligations.projection import PROJECTORS as OBLIGATIONS
from api.quota.projection import PROJECTORS as QUOTA
from api.sites.projection import PROJECTORS as SITES
from api.submission.projection import PROJECTORS as SUBMISSION
from api.tables import PROJECTION_TABLES
from domain.common import DomainEvent, event_from_stored

HANDLERS: dict[str, EventProjector] = {
    event_class.event_type: handler
    for projectors in (CYCLE, OBLIGATIONS, SUBMISSION, ESCALATION, CALENDAR, QUOTA, FRESHNESS, SITES)
    for event_class, handler in projectors.items()
}


async def project(conn: AsyncConnection, stored: StoredEvent) -> None:
    handler = HANDLERS.get(stored.event_type)
    if handler is None:
        return
    event: DomainEvent = event_from_stored(stored.event_type, stored.data)
    await handler(conn, stored, event)


async def rebuild(engine: AsyncEngine, batch: int = 2000) -> int:
    """Empty every projection table and replay the whole log into them, in one transaction."""
    names = ", ".join(table.name for table in PROJECTION_TABLES)
    replayed = 0
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {names}"))
        position = 0
        while True:
            chunk = await read_all(conn, after=position, limit=batch)
            if not chunk:
                break
            for stored in chunk:
                await project(conn, stored)
            position = chunk[-1].global_position
            replayed += len(chunk)
    return replayed
