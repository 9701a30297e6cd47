"""The event log without an API or a worker, for the modules of tests/eventstore/ that drive it in process: a
database of the module's own (its ``DATABASE``) in the session's cluster, migrated, and an engine on it whose pool
may hand out a second connection while one is in use (test_after_commit: a read on a connection of its own would be
seen)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.db import make_engine
from innocycle.devstack.postgres import PostgresCluster
from tests.support.stack import migrated_database


@pytest.fixture(scope="module")
def database_url(pg_cluster: PostgresCluster, request: pytest.FixtureRequest) -> str:
    return migrated_database(pg_cluster, request.module.DATABASE)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url, pool_size=2)
    yield engine
    await engine.dispose()
