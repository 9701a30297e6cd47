"""What an append does once committed (``after_commit``: the answer a waiting command reads, api.eventlog.landed),
against a real PostgreSQL: it runs on the append's own connection, sees what the append committed, runs outside any
transaction, and does not run when the append is refused."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.eventlog.log import EventLog
from api.eventlog.projection import Projections
from api.eventlog.store import StoredEvent, StreamConflict
from domain.common import DomainEvent
from domain.eventlog import NewEvent

DATABASE = "innocycle_after_commit"
PID = text("SELECT pg_backend_pid()")
COUNT = "SELECT count(*) FROM events WHERE stream_id = %s"


class Seen:
    """The backend that projected an append to ``stream``, and what the after-commit read found: on which backend,
    in which transaction state, and how many of the stream's events another connection saw at that moment."""

    def __init__(self, stream: str, database_url: str) -> None:
        self.stream = stream
        self.dsn = database_url.replace("postgresql+psycopg://", "postgresql://")
        self.projected_on: int | None = None
        self.read: dict[str, Any] = {}

    async def project(self, conn: AsyncConnection, batch: Sequence[StoredEvent]) -> None:
        self.projected_on = (await conn.execute(PID)).scalar_one()

    async def after_commit(self, conn: AsyncConnection) -> None:
        self.read["pid"] = (await conn.execute(PID)).scalar_one()
        driver = (await conn.get_raw_connection()).driver_connection
        assert isinstance(driver, psycopg.AsyncConnection)
        self.read["status"] = driver.info.transaction_status
        # Another connection sees the events only once they are committed.
        async with await psycopg.AsyncConnection.connect(self.dsn) as other:
            row = await (await other.execute(COUNT, (self.stream,))).fetchone()
        assert row is not None
        self.read["committed"] = row[0]


async def _no_projector_ran(conn: AsyncConnection, batch: Sequence[StoredEvent], last: DomainEvent, row: Any) -> None:
    raise AssertionError("no handler is registered, so no projector ran and nothing follows one")


def _eventlog(engine: AsyncEngine, seen: Seen) -> EventLog:
    projections = Projections(handlers={}, after_append=_no_projector_ran, tables=(), every_append=seen.project)
    return EventLog(engine, projections)


def _events(count: int) -> list[NewEvent]:
    return [NewEvent(event_id=str(uuid.uuid4()), event_type="TestNoted", data={"n": n}) for n in range(count)]


async def test_the_read_after_commit_runs_on_the_appends_connection_and_sees_what_it_committed(
    engine: AsyncEngine, database_url: str
) -> None:
    stream = f"test:{uuid.uuid4()}"
    seen = Seen(stream, database_url)
    await _eventlog(engine, seen).append(stream, 0, _events(2), after_commit=seen.after_commit)
    assert seen.read["pid"] == seen.projected_on  # the same connection, no second one from the pool
    assert seen.read["committed"] == 2  # the append's events, visible to everyone
    assert seen.read["status"] == psycopg.pq.TransactionStatus.IDLE  # no transaction: nothing to roll back


async def test_a_refused_append_reads_nothing_after_it(engine: AsyncEngine, database_url: str) -> None:
    stream = f"test:{uuid.uuid4()}"
    seen = Seen(stream, database_url)
    eventlog = _eventlog(engine, seen)
    await eventlog.append(stream, 0, _events(1))
    with pytest.raises(StreamConflict):
        await eventlog.append(stream, 0, _events(1), after_commit=seen.after_commit)
    assert "pid" not in seen.read
