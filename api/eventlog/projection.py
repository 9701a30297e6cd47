"""Dispatch of stored events to projectors (проекции, the read models), and the rebuild of every projection.

Projectors read only the event (and rows earlier events of the log wrote), never the clock, so replaying the
log in global order produces the same tables. Which projector handles which event is wired above the contexts
(``api.projections.PROJECTIONS``) and handed to whatever appends or rebuilds: the event log imports no context.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.eventlog.store import EventProjector, StoredEvent, read_all
from domain.common import DomainEvent, event_from_stored

# Once per append that a projector handled: the append's events, the last one read back into its model, and the
# row the last projector returned (or None).
AfterAppend = Callable[[AsyncConnection, Sequence[StoredEvent], DomainEvent, Any], Awaitable[None]]


@dataclass(frozen=True)
class Projections:
    handlers: Mapping[str, EventProjector]  # by event type
    after_append: AfterAppend
    tables: Sequence[Table]  # every table the projectors write, emptied by a rebuild

    async def project(self, conn: AsyncConnection, batch: Sequence[StoredEvent]) -> None:
        """Project the events of one append (one stream, one transaction)."""
        last: DomainEvent | None = None
        row = None  # what the last projector returned, when it handled the last event
        for stored in batch:
            handler = self.handlers.get(stored.event_type)
            if handler is None:
                row = None
                continue
            last = event_from_stored(stored.event_type, stored.data, stored.schema_version)
            row = await handler(conn, stored, last)
        if last is not None:
            await self.after_append(conn, batch, last, row)

    async def rebuild(self, engine: AsyncEngine, batch: int = 2000) -> int:
        """Empty every projection table and replay the whole log into them, in one transaction."""
        async with engine.begin() as conn:
            return await self.rebuild_on(conn, batch)

    async def rebuild_on(self, conn: AsyncConnection, batch: int = 2000) -> int:
        """Empty the projection tables ``conn`` sees under their names and replay the whole log into them. Tables
        are named without a schema: a session's temporary tables of the same names take their place (innocycle
        verify)."""
        names = ", ".join(table.name for table in self.tables)
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
                await self.project(conn, group)
                position = group[-1].global_position
                replayed += len(group)
        return replayed


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
