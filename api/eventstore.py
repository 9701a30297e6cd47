"""The event store: one global ordered log of per-stream versioned events in PostgreSQL.

- Append with an expected version: a writer whose idea of the stream is stale gets ``StreamConflict``.
- Idempotent by event id: appending events whose ids are already stored writes nothing and returns the stored
  positions (activities retry, and a retry may race the first attempt; the unique constraints decide).
- Projections are updated by ``project`` in the same transaction as the append, given the append's events at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.tables import events
from domain.eventlog import AppendResult, NewEvent, RecordedPosition


class StreamConflict(Exception):
    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(f"stream {stream_id} is at version {actual}, the writer expected {expected}")
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class InvalidAppend(Exception):
    """An append that can never succeed: some of its event ids are stored, others are not, or elsewhere."""


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


Projector = Callable[[AsyncConnection, Sequence[StoredEvent]], Awaitable[None]]
# A context's projector of one event type: gets the stored envelope and the event read back into its model.
EventProjector = Callable[[AsyncConnection, StoredEvent, Any], Awaitable[None]]


async def stream_version(conn: AsyncConnection, stream_id: str) -> int:
    query = select(func.coalesce(func.max(events.c.stream_version), 0)).where(events.c.stream_id == stream_id)
    return int((await conn.execute(query)).scalar_one())


async def _stored_positions(
    conn: AsyncConnection, stream_id: str, new_events: list[NewEvent]
) -> list[RecordedPosition] | None:
    ids = [e.event_id for e in new_events]
    rows = (
        await conn.execute(
            select(events.c.event_id, events.c.stream_id, events.c.stream_version, events.c.global_position).where(
                events.c.event_id.in_(ids)
            )
        )
    ).all()
    if not rows:
        return None
    by_id = {str(row.event_id): row for row in rows}
    if len(by_id) != len(ids) or any(row.stream_id != stream_id for row in rows):
        raise InvalidAppend(f"append to {stream_id} mixes stored and new event ids")
    return [
        RecordedPosition(event_id=i, stream_version=by_id[i].stream_version, global_position=by_id[i].global_position)
        for i in ids
    ]


async def _append_once(
    engine: AsyncEngine, stream_id: str, expected_version: int, new_events: list[NewEvent], project: Projector
) -> AppendResult:
    async with engine.begin() as conn:
        # One round trip for both questions: is any of these events stored already, and where is the stream?
        ids = [e.event_id for e in new_events]
        known = select(func.count()).where(events.c.event_id.in_(ids)).scalar_subquery()
        at = select(func.coalesce(func.max(events.c.stream_version), 0)).where(events.c.stream_id == stream_id)
        seen, actual = (await conn.execute(select(known, at.scalar_subquery()))).one()
        if seen:
            stored = await _stored_positions(conn, stream_id, new_events)
            if stored is not None:
                return AppendResult(positions=stored, duplicate=True)
        if actual != expected_version:
            # A retry of this very append may have committed between the two reads: then it is a duplicate.
            stored = await _stored_positions(conn, stream_id, new_events)
            if stored is not None:
                return AppendResult(positions=stored, duplicate=True)
            raise StreamConflict(stream_id, expected_version, actual)
        rows = (
            await conn.execute(
                events.insert().returning(
                    events.c.global_position,
                    events.c.stream_id,
                    events.c.stream_version,
                    events.c.event_id,
                    events.c.event_type,
                    events.c.schema_version,
                    events.c.data,
                    events.c.metadata,
                    events.c.recorded_at,
                    sort_by_parameter_order=True,
                ),
                [
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
                ],
            )
        ).all()
        stored_events = [stored_event(row) for row in rows]
        await project(conn, stored_events)
        return AppendResult(
            positions=[
                RecordedPosition(
                    event_id=e.event_id, stream_version=e.stream_version, global_position=e.global_position
                )
                for e in stored_events
            ]
        )


async def append(
    engine: AsyncEngine, stream_id: str, expected_version: int, new_events: list[NewEvent], project: Projector
) -> AppendResult:
    """Append ``new_events`` after ``expected_version`` and project them, all in one transaction."""
    if not new_events:
        raise InvalidAppend("nothing to append")
    try:
        return await _append_once(engine, stream_id, expected_version, new_events, project)
    except IntegrityError:
        # A concurrent writer committed first. If it was a retry of this very append, the ids are stored now
        # and the second attempt answers with their positions; otherwise it is a version conflict.
        return await _append_once(engine, stream_id, expected_version, new_events, project)


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


async def read_stream(conn: AsyncConnection, stream_id: str) -> list[StoredEvent]:
    rows = (
        await conn.execute(select(events).where(events.c.stream_id == stream_id).order_by(events.c.stream_version))
    ).all()
    return [stored_event(row) for row in rows]


async def read_all(conn: AsyncConnection, after: int = 0, limit: int = 1000) -> list[StoredEvent]:
    query = select(events).where(events.c.global_position > after).order_by(events.c.global_position).limit(limit)
    return [stored_event(row) for row in (await conn.execute(query)).all()]
