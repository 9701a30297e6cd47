"""``api.db.driver_rows``, the inbox's read through psycopg itself, against a real PostgreSQL: the rows come back as
named tuples, and a pooled connection PostgreSQL has dropped fails as SQLAlchemy's own reads do (its
``OperationalError``, which the API answers with 503) and is discarded, so the next read gets a fresh one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import psycopg
import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from api.db import autocommit, driver_rows, make_engine
from innocycle.devstack.postgres import PostgresCluster
from tests.support.stack import migrated_database

DATABASE = "innocycle_driver_rows"
REGION = "SELECT id, name FROM regions WHERE id = %(id)s"


@pytest.fixture(scope="module")
def database_url(pg_cluster: PostgresCluster) -> str:
    url = migrated_database(pg_cluster, DATABASE)
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        conn.execute("INSERT INTO regions (id, name, timezone) VALUES ('99', 'Тестовый край', 'Asia/Yekaterinburg')")
    return url


def _dsn(database_url: str) -> str:
    return database_url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url, pool_size=1)
    yield autocommit(engine)
    await engine.dispose()


def _drop_every_other_connection(database_url: str) -> int:
    with psycopg.connect(_dsn(database_url), autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        ).fetchone()
    assert row is not None
    return int(row[0])


async def test_a_dropped_connection_fails_one_read_and_the_next_reads_again(
    engine: AsyncEngine, database_url: str
) -> None:
    async with engine.connect() as conn:
        (region,) = await driver_rows(conn, REGION, {"id": "99"})
    assert (region.id, region.name) == ("99", "Тестовый край")
    # Within the second after its use the pool hands the same connection out unpinged (api.db.IDLE_PING_AFTER).
    assert _drop_every_other_connection(database_url) == 1
    async with engine.connect() as conn:
        with pytest.raises(OperationalError):
            await driver_rows(conn, REGION, {"id": "99"})
    async with engine.connect() as conn:
        (region,) = await driver_rows(conn, REGION, {"id": "99"})
    assert (region.id, region.name) == ("99", "Тестовый край")
