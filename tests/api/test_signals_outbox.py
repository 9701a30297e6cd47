"""The signals outbox (``api.signals``) against the real PostgreSQL and Temporal server, with a database of its own
(no API whose sender would take the rows first): a workflow's signals go in the order they were written; Temporal
out of reach keeps them, with the error and a wait before the next attempt; a workflow that does not run ends its
row as ``not_running``. The whole path — saved while Temporal is down, delivered when it is back — is in
``tests/faults/test_crashes.py``."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from api.commands import Commands
from api.config import ApiConfig
from api.db import make_engine
from api.signals.sender import LEASE, SignalConfig, SignalSender
from api.tables import workflow_signals
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.temporal import TemporalDevServer
from tests.support.stack import migrated_database

DATABASE = "innocycle_signals"
WRITTEN = [
    ("signals-test:a", "calendar_updated", []),
    ("signals-test:a", "revoke", ["Статус площадки прекращен: приказ № 1-р"]),
    ("signals-test:b", "status_period_changed", ["2027-06-30"]),
]


@pytest.fixture(scope="module")
def database_url(pg_cluster: PostgresCluster) -> str:
    return migrated_database(pg_cluster, DATABASE)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url, pool_size=2)
    async with engine.begin() as conn:
        await conn.execute(text("TRUNCATE workflow_signals"))
        now = datetime.now(UTC)
        rows = [
            {"workflow_id": w, "signal": s, "args": a, "cause_event_id": f"event-{n}", "cause_position": n,
             "created_at": now, "next_attempt_at": now}
            for n, (w, s, a) in enumerate(WRITTEN)
        ]  # fmt: skip
        await conn.execute(insert(workflow_signals), rows)
    yield engine
    await engine.dispose()


def sender(engine: AsyncEngine, database_url: str, temporal_address: str) -> SignalSender:
    config = ApiConfig(
        database_url=database_url,
        temporal_address=temporal_address,
        temporal_namespace="default",
        task_queue="innocycle-signals-test",
        service_token="-",
        jwt_secret="-",
    )
    return SignalSender(engine, Commands(config), SignalConfig(timeout_seconds=2, retry_seconds=30))


async def test_a_workflows_signals_are_taken_one_at_a_time_in_the_order_written(engine: AsyncEngine) -> None:
    async with engine.connect() as conn, conn.begin() as transaction:
        first = (await conn.execute(LEASE, {"lease": 60, "batch": 50})).all()
        # The revocation waits behind the calendar's signal to the same workflow; the other workflow's goes now.
        assert [(r.workflow_id, r.signal) for r in first] == [
            ("signals-test:a", "calendar_updated"),
            ("signals-test:b", "status_period_changed"),
        ]
        assert (await conn.execute(LEASE, {"lease": 60, "batch": 50})).all() == []  # leased: nobody takes them again
        sent = [r.signal_id for r in first if r.signal == "calendar_updated"]
        await conn.execute(update(workflow_signals).where(workflow_signals.c.signal_id.in_(sent)).values(sent_at=now()))
        after = (await conn.execute(LEASE, {"lease": 60, "batch": 50})).all()
        assert [(r.workflow_id, r.signal, r.args) for r in after] == [("signals-test:a", *WRITTEN[1][1:])]
        await transaction.rollback()


async def test_temporal_out_of_reach_keeps_every_signal_and_says_why(engine: AsyncEngine, database_url: str) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        nowhere = f"127.0.0.1:{probe.getsockname()[1]}"
    away = sender(engine, database_url, nowhere)
    assert await away.send_due() == 0
    assert await away.pending() == 3
    async with engine.connect() as conn:
        rows = (await conn.execute(select(workflow_signals).order_by(workflow_signals.c.signal_id))).all()
    tried = [r for r in rows if r.attempts == 1]
    assert [r.signal for r in tried] == ["calendar_updated", "status_period_changed"]  # the first of each workflow
    assert all(r.sent_at is None and r.leased_until is None for r in rows)
    assert all("Temporal" in r.last_error for r in tried), [r.last_error for r in tried]
    assert all(r.next_attempt_at > datetime.now(UTC) for r in tried)  # the next attempt waits
    assert await away.send_due() == 0  # and nothing is due before it


async def test_a_workflow_that_does_not_run_ends_its_signals(
    engine: AsyncEngine, database_url: str, temporal_dev: TemporalDevServer
) -> None:
    present = sender(engine, database_url, temporal_dev.address)
    assert await present.send_due() == 3
    assert await present.pending() == 0
    async with engine.connect() as conn:
        query = select(workflow_signals.c.signal, workflow_signals.c.outcome, workflow_signals.c.sent_at)
        rows = (await conn.execute(query.order_by(workflow_signals.c.signal_id))).all()
    assert [(r.signal, r.outcome) for r in rows] == [(s, "not_running") for _w, s, _a in WRITTEN]
    assert rows[0].sent_at < rows[1].sent_at  # a's revocation went after a's calendar signal, in a later round


def now() -> datetime:
    return datetime.now(UTC)
