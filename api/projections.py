"""Dispatch of stored events to the projectors of every context, and the rebuild of all projections.

Projectors read only the event (and rows earlier events of the log wrote), never the clock, so replaying the
log in global order produces the same tables.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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
from api.tasks.projection import PROJECTORS as TASKS
from api.tasks.projection import sync_tasks
from domain.common import DomainEvent, event_from_stored

HANDLERS: dict[str, EventProjector] = {
    event_class.event_type: handler
    for projectors in (CYCLE, OBLIGATIONS, SUBMISSION, ESCALATION, CALENDAR, QUOTA, FRESHNESS, SITES, TASKS)
    for event_class, handler in projectors.items()
}


OWNED_STREAMS = ("cycle:", "compendium:")  # streams of obligations (and cycles): their events may change tasks


async def project(conn: AsyncConnection, batch: Sequence[StoredEvent]) -> None:
    """Project the events of one append (one stream, one transaction); the tasks of an obligation are brought in
    line once, after its last event."""
    last: DomainEvent | None = None
    row = None  # the obligation as the last event left it, when its projector returned it
    for stored in batch:
        handler = HANDLERS.get(stored.event_type)
        if handler is None:
            row = None
            continue
        last = event_from_stored(stored.event_type, stored.data, stored.schema_version)
        row = await handler(conn, stored, last)
    final = batch[-1]
    if last is not None and final.stream_id.startswith(OWNED_STREAMS):
        handed = row if row is not None and row.stream_version == final.stream_version else None
        await sync_tasks(conn, final.stream_id, last.occurred_at, final.stream_version, handed)


def appends(chunk: Sequence[StoredEvent]) -> Iterator[list[StoredEvent]]:
    """The log cut back into its appends: consecutive events of one stream recorded in one transaction."""
    group: list[StoredEvent] = []
    for stored in chunk:
        if group and (stored.stream_id, stored.recorded_at) != (group[0].stream_id, group[0].recorded_at):
            yield group
            group = []
        group.append(stored)
    if group:
        yield group


async def rebuild(engine: AsyncEngine, batch: int = 2000) -> int:
    """Empty every projection table and replay the whole log into them, in one transaction."""
    async with engine.begin() as conn:
        return await rebuild_on(conn, batch)


async def rebuild_on(conn: AsyncConnection, batch: int = 2000) -> int:
    """Empty the projection tables ``conn`` sees under their names and replay the whole log into them. Tables are
    named without a schema: a session's temporary tables of the same names take their place (innocycle verify)."""
    names = ", ".join(table.name for table in PROJECTION_TABLES)
    replayed = 0
    await conn.execute(text(f"TRUNCATE {names}"))
    position = 0
    while True:
        chunk = await read_all(conn, after=position, limit=batch)
        if not chunk:
            break
        groups = list(appends(chunk))
        if len(chunk) == batch and len(groups) > 1:
            groups.pop()  # the chunk may end inside an append: read it whole with the next chunk
        for group in groups:
            await project(conn, group)
            position = group[-1].global_position
            replayed += len(group)
    return replayed
