"""The event store: one global ordered log of per-stream versioned events in PostgreSQL.

- Append with an expected version: a writer whose idea of the stream is stale gets ``StreamConflict``.
- Idempotent by event id and content: appending events that are stored already, with the same ids, content and
  versions, writes nothing and returns the stored positions (activities retry, and a retry may race the first
  attempt; the unique constraints decide). The same id with another content is an ``EventConflict``.
- Projections are updated by ``project`` in the same transaction as the append, given the append's events at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, exists, func, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.rows import parameter_rows, row_parameters
from api.tables import events
from domain.eventlog import AppendResult, NewEvent, RecordedEvent, RecordedPosition


class StreamConflict(Exception):
    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(f"stream {stream_id} is at version {actual}, the writer expected {expected}")
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class InvalidAppend(Exception):
    """An append that can never succeed: nothing to append, or a mix of stored and new event ids."""


class EventConflict(Exception):
    """An event id that is stored already with another content or at another version. A retry carries the very
    same events, so this is never one: the store refuses it loudly rather than answer «already have it»."""

    def __init__(self, message: str, actual: int) -> None:
        super().__init__(message)
        self.actual = actual


@dataclass(frozen=True)
class StoredEvent:
    global_position: int
    stream_id: str
    stream_version: int
    event_id: str
    event_type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime

    def recorded(self) -> RecordedEvent:
        """The event as a workflow gets it back (an append refused as behind, ``read_stream``, innocycle verify)."""
        return RecordedEvent(
            stream_version=self.stream_version,
            event_id=self.event_id,
            event_type=self.event_type,
            schema_version=self.schema_version,
            data=self.data,
        )


Projector = Callable[[AsyncConnection, Sequence[StoredEvent]], Awaitable[None]]
# What an append does on its connection once committed, outside any transaction (api.eventlog.landed: the answer a
# waiting command reads).
AfterCommit = Callable[[AsyncConnection], Awaitable[None]]
# A context's projector of one event type: gets the stored envelope and the event read back into its model. One
# that writes the obligation last may return its row as the event left it, with its open tasks
# (api.tasks.projection.OBLIGATION_ROW): the tasks projection then need not read it again.
EventProjector = Callable[[AsyncConnection, StoredEvent, Any], Awaitable[Any]]


async def stream_version(conn: AsyncConnection, stream_id: str) -> int:
    query = select(func.coalesce(func.max(events.c.stream_version), 0)).where(events.c.stream_id == stream_id)
    return int((await conn.execute(query)).scalar_one())


async def _stored_positions(
    conn: AsyncConnection, stream_id: str, expected_version: int, new_events: list[NewEvent]
) -> list[RecordedPosition] | None:
    """The positions of ``new_events`` when every one of them is stored already, as this append would have stored
    it: None when none is. An event id stored with another content or in another place is never a retry."""
    ids = [e.event_id for e in new_events]
    rows = (
        await conn.execute(
            select(
                events.c.event_id,
                events.c.stream_id,
                events.c.stream_version,
                events.c.global_position,
                events.c.event_type,
                events.c.schema_version,
                events.c.data,
            ).where(events.c.event_id.in_(ids))
        )
    ).all()
    if not rows:
        return None
    by_id = {str(row.event_id): row for row in rows}
    if len(by_id) != len(ids) or any(row.stream_id != stream_id for row in rows):
        raise InvalidAppend(f"append to {stream_id} mixes stored and new event ids, or ids of another stream")
    for offset, event in enumerate(new_events):
        row = by_id[event.event_id]
        same = (row.stream_version, row.event_type, row.schema_version, row.data) == (
            expected_version + offset + 1,
            event.event_type,
            event.schema_version,
            event.data,
        )
        if not same:
            raise EventConflict(
                f"event {event.event_id} is stored in {stream_id} at version {row.stream_version} with another "
                "content: the same id never stands for two events",
                await stream_version(conn, stream_id),
            )
    return [
        RecordedPosition(event_id=i, stream_version=by_id[i].stream_version, global_position=by_id[i].global_position)
        for i in ids
    ]


_RETURNED = (
    events.c.global_position,
    events.c.stream_id,
    events.c.stream_version,
    events.c.event_id,
    events.c.event_type,
    events.c.schema_version,
    events.c.data,
    events.c.metadata,
    events.c.recorded_at,
)


_WRITTEN = ("stream_id", "stream_version", "event_id", "event_type", "schema_version", "data", "metadata")


@cache
def _insert_after_statement(count: int, first: bool) -> Any:
    """The statement of ``_insert_after`` for ``count`` events, built once per shape (api.rows)."""
    reached = (
        true()
        if first
        else exists().where(
            events.c.stream_id == bindparam("stream_id"), events.c.stream_version == bindparam("expected_version")
        )
    )
    return events.insert().from_select(_WRITTEN, parameter_rows(events, _WRITTEN, count, reached)).returning(*_RETURNED)


def _insert_after(stream_id: str, expected_version: int, new_events: list[NewEvent]) -> tuple[Any, dict[str, Any]]:
    """One statement and its parameters: insert ``new_events`` as the versions after ``expected_version`` if the
    stream has reached that version. A stream already past it, or an event id already stored, breaks a unique
    constraint; a stream not yet there (a writer ahead of the store) inserts nothing."""
    rows = [
        {
            "stream_id": stream_id,
            "stream_version": expected_version + offset + 1,
            "event_id": event.event_id,
            "event_type": event.event_type,
            "schema_version": event.schema_version,
            "data": event.data,
            "metadata": event.metadata,
        }
        for offset, event in enumerate(new_events)
    ]
    params = {"stream_id": stream_id, "expected_version": expected_version, **row_parameters(_WRITTEN, rows)}
    return _insert_after_statement(len(new_events), expected_version == 0), params


async def _append_checked(
    conn: AsyncConnection, stream_id: str, expected_version: int, new_events: list[NewEvent]
) -> AppendResult | None:
    """Whether these events are stored already (their positions) or the stream is elsewhere (a conflict);
    None when the append may go ahead."""
    # One round trip for both questions: is any of these events stored already, and where is the stream?
    ids = [e.event_id for e in new_events]
    known = select(func.count()).where(events.c.event_id.in_(ids)).scalar_subquery()
    at = select(func.coalesce(func.max(events.c.stream_version), 0)).where(events.c.stream_id == stream_id)
    seen, actual = (await conn.execute(select(known, at.scalar_subquery()))).one()
    if seen or actual != expected_version:
        # A retry of this very append may have committed in between: then it is a duplicate.
        stored = await _stored_positions(conn, stream_id, expected_version, new_events)
        if stored is not None:
            return AppendResult(positions=stored, duplicate=True)
        raise StreamConflict(stream_id, expected_version, actual)
    return None


async def _append_once(
    engine: AsyncEngine,
    stream_id: str,
    expected_version: int,
    new_events: list[NewEvent],
    project: Projector,
    check_first: bool,
    after_commit: AfterCommit | None,
) -> AppendResult:
    async with engine.connect() as conn:
        async with conn.begin():
            result = await _append_on(conn, stream_id, expected_version, new_events, project, check_first)
        if after_commit is not None:
            # Outside any transaction: no BEGIN, and no ROLLBACK when the connection goes back to the pool.
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await after_commit(conn)
        return result


async def _append_on(
    conn: AsyncConnection,
    stream_id: str,
    expected_version: int,
    new_events: list[NewEvent],
    project: Projector,
    check_first: bool,
) -> AppendResult:
    if check_first:
        answered = await _append_checked(conn, stream_id, expected_version, new_events)
        if answered is not None:
            return answered
    rows = (await conn.execute(*_insert_after(stream_id, expected_version, new_events))).all()
    if not rows:  # the stream has not reached the expected version
        answered = await _append_checked(conn, stream_id, expected_version, new_events)
        if answered is None:  # the missing version was committed meanwhile: the writer's retry will do
            raise StreamConflict(stream_id, expected_version, await stream_version(conn, stream_id))
        return answered
    stored_events = sorted((stored_event(row) for row in rows), key=lambda e: e.stream_version)
    await project(conn, stored_events)
    return AppendResult(
        positions=[
            RecordedPosition(event_id=e.event_id, stream_version=e.stream_version, global_position=e.global_position)
            for e in stored_events
        ]
    )


async def append(
    engine: AsyncEngine,
    stream_id: str,
    expected_version: int,
    new_events: list[NewEvent],
    project: Projector,
    after_commit: AfterCommit | None = None,
) -> AppendResult:
    """Append ``new_events`` after ``expected_version`` and project them, all in one transaction; then, on the same
    connection, ``after_commit`` (the answer a waiting command reads, api.eventlog.landed).

    The common case is one statement. When it breaks a unique constraint — the events are stored already (an
    activity's retry) or another writer got there first — the transaction is rolled back and a second one finds
    out which, before writing anything."""
    if not new_events:
        raise InvalidAppend("nothing to append")
    try:
        return await _append_once(
            engine, stream_id, expected_version, new_events, project, check_first=False, after_commit=after_commit
        )
    except IntegrityError:
        return await _append_once(
            engine, stream_id, expected_version, new_events, project, check_first=True, after_commit=after_commit
        )


def stored_event(row: Any) -> StoredEvent:
    """An ``events`` row as the envelope projectors get."""
    return StoredEvent(
        global_position=row.global_position,
        stream_id=row.stream_id,
        stream_version=row.stream_version,
        event_id=str(row.event_id),
        event_type=row.event_type,
        schema_version=row.schema_version,
        data=row.data,
        metadata=row.metadata,
        recorded_at=row.recorded_at,
    )


async def read_stream(conn: AsyncConnection, stream_id: str, after: int = 0) -> list[StoredEvent]:
    """The events of ``stream_id`` after version ``after``, in order."""
    query = select(events).where(events.c.stream_id == stream_id, events.c.stream_version > after)
    rows = (await conn.execute(query.order_by(events.c.stream_version))).all()
    return [stored_event(row) for row in rows]


async def read_all(conn: AsyncConnection, after: int = 0, limit: int = 1000) -> list[StoredEvent]:
    query = select(events).where(events.c.global_position > after).order_by(events.c.global_position).limit(limit)
    return [stored_event(row) for row in (await conn.execute(query)).all()]


async def read_recorded_with(
    conn: AsyncConnection, after: int, appends: Sequence[tuple[str, datetime]]
) -> list[StoredEvent]:
    """The events past ``after`` recorded by the same transactions as ``appends`` (stream, recorded_at): the rest
    of appends a page of the log cut short."""
    if not appends:
        return []
    wanted = set(appends)
    query = (
        select(events)
        .where(
            events.c.global_position > after,
            events.c.stream_id.in_({stream for stream, _ in wanted}),
            events.c.recorded_at.in_({at for _, at in wanted}),
        )
        .order_by(events.c.global_position)
    )
    found = [stored_event(row) for row in (await conn.execute(query)).all()]
    return [e for e in found if (e.stream_id, e.recorded_at) in wanted]
