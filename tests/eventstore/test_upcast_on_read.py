"""An event stored by an older ``schema_version`` in the real PostgreSQL log is upcast when it is read, and stays in
the log as it was written. The event type is a test-only one, registered for this test alone."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.eventlog.store import StoredEvent, append, read_stream
from domain.common import EVENT_TYPES, UPCASTERS, DomainEvent, event_from_stored, register_event, register_upcaster
from domain.eventlog import NewEvent

DATABASE = "innocycle_upcasting"
AT = datetime(2027, 3, 1, 6, tzinfo=UTC)


class NoteTitled(DomainEvent):
    """Version 2 of a test-only event: version 1 stored ``text`` and no author."""

    event_type = "TestOnlyStoredNoteTitled"
    schema_version = 2

    title: str
    author: str


def titled_from_1(data: dict[str, Any]) -> dict[str, Any]:
    rest = {key: value for key, value in data.items() if key != "text"}
    return {**rest, "title": data["text"], "author": ""}


@pytest.fixture
def registered() -> Iterator[None]:
    """``NoteTitled`` and its upcaster, known for one test and taken out after it (projections iterate
    ``EVENT_TYPES``)."""
    types_before, upcasters_before = dict(EVENT_TYPES), dict(UPCASTERS)
    register_event(NoteTitled)
    register_upcaster(NoteTitled.event_type, 1)(titled_from_1)
    try:
        yield
    finally:
        del EVENT_TYPES[NoteTitled.event_type]
        del UPCASTERS[(NoteTitled.event_type, 1)]
        assert (types_before, upcasters_before) == (EVENT_TYPES, UPCASTERS)


async def no_projection(conn: AsyncConnection, events: Sequence[StoredEvent]) -> None:
    """This log has no projections: the test reads the stream itself."""


async def test_an_old_event_in_the_log_is_read_upcast_and_stays_as_written(
    registered: None, engine: AsyncEngine
) -> None:
    stream = f"test:upcasting:{uuid.uuid4()}"
    version_1 = {"occurred_at": AT.isoformat(), "text": "План мониторинга на 2027 год"}
    old = NewEvent(event_id=str(uuid.uuid4()), event_type=NoteTitled.event_type, schema_version=1, data=version_1)
    await append(engine, stream, 0, [old], no_projection)

    async with engine.connect() as conn:
        (stored,) = await read_stream(conn, stream)
    assert (stored.event_type, stored.schema_version, stored.data) == (NoteTitled.event_type, 1, version_1)
    event = event_from_stored(stored.event_type, stored.data, stored.schema_version)
    assert event == NoteTitled(occurred_at=AT, title="План мониторинга на 2027 год", author="")
