"""Dispatch of stored events to projectors (проекции, the read models), and the rebuild of every projection.

Projectors read only the event (and rows earlier events of the log wrote), never the clock, so replaying the
log in global order produces the same tables. Which projector handles which event is wired above the contexts
(``api.projections.PROJECTIONS``) and handed to whatever appends or rebuilds: the event log imports no context.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.eventlog.store import EventProjector, StoredEvent, read_all, read_recorded_with
from domain.common import DomainEvent, event_from_stored

# Once per append that a projector handled: the append's events, the last one read back into its model, and the
# row the last projector returned (or None).
AfterAppend = Callable[[AsyncConnection, Sequence[StoredEvent], DomainEvent, Any], Awaitable[None]]

# Once per append, whichever events it holds (and whether a projector handled any): what an append owes besides its
# projections (the signals of api.signals).
EveryAppend = Callable[[AsyncConnection, Sequence[StoredEvent]], Awaitable[None]]

_ROW_WANTED: ContextVar[bool] = ContextVar("projection_row_wanted", default=True)
_REPLAYING: ContextVar[bool] = ContextVar("projection_replaying", default=False)


def replaying() -> bool:
    """Whether the log is being replayed (a rebuild, innocycle verify) rather than appended to: a projector that
    writes besides its tables what an append causes once (an e-mail to send) leaves that out of a replay."""
    return _REPLAYING.get()


def row_wanted() -> bool:
    """Whether the row the running projector returns reaches ``after_append``: only the last event's of an append
    does. A projector whose whole row costs extra to return (a wide RETURNING) may return less before the last."""
    return _ROW_WANTED.get()


@dataclass(frozen=True)
class Projections:
    handlers: Mapping[str, EventProjector]  # by event type
    after_append: AfterAppend
    tables: Sequence[Table]  # every table the projectors write, emptied by a rebuild
    every_append: EveryAppend

    async def project(self, conn: AsyncConnection, batch: Sequence[StoredEvent]) -> None:
        """Project the events of one append (one stream, one transaction)."""
        last: DomainEvent | None = None
        row = None  # what the last projector returned, when it handled the last event
        final = len(batch) - 1
        for index, stored in enumerate(batch):
            handler = self.handlers.get(stored.event_type)
            if handler is None:
                row = None
                continue
            last = event_from_stored(stored.event_type, stored.data, stored.schema_version)
            wanted = _ROW_WANTED.set(index == final)
            try:
                row = await handler(conn, stored, last)
            finally:
                _ROW_WANTED.reset(wanted)
        if last is not None:
            await self.after_append(conn, batch, last, row)
        await self.every_append(conn, batch)

    async def rebuild(self, engine: AsyncEngine, batch: int = 2000) -> int:
        """Empty every projection table and replay the whole log into them, in one transaction."""
        async with engine.begin() as conn:
            return await self.rebuild_on(conn, batch)

    async def rebuild_on(self, conn: AsyncConnection, batch: int = 2000) -> int:
        """Empty the projection tables ``conn`` sees under their names and replay the whole log into them. Tables
        are named without a schema: a session's temporary tables of the same names take their place (innocycle
        verify)."""
        replay = _REPLAYING.set(True)
        try:
            return await self._replay(conn, batch)
        finally:
            _REPLAYING.reset(replay)

    async def _replay(self, conn: AsyncConnection, batch: int) -> int:
        names = ", ".join(table.name for table in self.tables)
        replayed = 0
        await conn.execute(text(f"TRUNCATE {names}"))
        position = 0
        ahead: set[int] = set()  # events past the page projected already, with an append begun on the page
        while True:
            page = await read_all(conn, after=position, limit=batch)
            if not page:
                break
            groups = appends([e for e in page if e.global_position not in ahead])
            end = page[-1].global_position
            if len(page) == batch:  # the page may end inside appends: read the rest of each
                keys = [(group[0].stream_id, group[0].recorded_at) for group in groups]
                for stored in await read_recorded_with(conn, end, keys):
                    groups[keys.index((stored.stream_id, stored.recorded_at))].append(stored)
                    ahead.add(stored.global_position)
            for group in groups:
                await self.project(conn, group)
                replayed += len(group)
            position = end
            ahead = {p for p in ahead if p > position}
        return replayed


def appends(page: Sequence[StoredEvent]) -> list[list[StoredEvent]]:
    """The log cut back into its appends: the events of one stream recorded by one transaction, in the order the
    appends began. Concurrent appends may interleave their global positions (each row of an INSERT draws its own
    from the identity), so an append's events need not be adjacent in the log; projecting them apart would give
    the tasks of an obligation other names than the append gave them."""
    groups: dict[tuple[str, Any], list[StoredEvent]] = {}
    for stored in page:
        groups.setdefault((stored.stream_id, stored.recorded_at), []).append(stored)
    return list(groups.values())
