"""The database engine (SQLAlchemy Core, async, psycopg 3).

A pooled connection is pinged before use only when it has lain idle for ``IDLE_PING_AFTER`` seconds: a
connection that was just returned to the pool is known to work, and pinging it again would cost every request
a round trip to PostgreSQL (three on a command). One that fails its ping is replaced before the request gets it,
as ``pool_pre_ping`` does; a connection broken while in use fails its statement, and SQLAlchemy then discards
every connection of the pool, so the next request starts on fresh ones.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Annotated, Any

import psycopg
from fastapi import Depends, Request
from psycopg.rows import namedtuple_row
from sqlalchemy import event
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

IDLE_PING_AFTER = 1.0
_RETURNED_AT = "innocycle_returned_at"
# Connections kept open (INNOCYCLE_DATABASE_POOL_SIZE): a request that finds them all in use opens one more, up to
# a quarter again, and closes it when done, so the pool is sized for the concurrency the API serves. With 10, 32
# concurrent inbox reads spent about a sixth of the API's processor time connecting and disconnecting (bench inbox:
# 480 req/s against 745 with 32).
POOL_SIZE = 32


def make_engine(url: str, pool_size: int = POOL_SIZE) -> AsyncEngine:
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size // 4)
    dialect = engine.sync_engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is None or time.monotonic() - returned_at < IDLE_PING_AFTER:
            return  # new, or in use a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool replaces the connection and checks out another
            raise DisconnectionError(f"stale pooled connection: {error}") from error

    return engine


def autocommit(engine: AsyncEngine) -> AsyncEngine:
    """``engine`` for reads that need no transaction: one statement, or several that need not agree on one
    snapshot. Its connections (from the same pool) send no BEGIN and no ROLLBACK: two round trips fewer."""
    return engine.execution_options(isolation_level="AUTOCOMMIT")


_DIALECT = PGDialect_psycopg()  # type: ignore[no-untyped-call]


def driver_sql(statement: Any) -> str:
    """``statement`` compiled once to psycopg's text, for :func:`driver_rows`: every value a named parameter."""
    return str(statement.compile(dialect=_DIALECT))


async def driver_rows(conn: AsyncConnection, sql: str, params: Mapping[str, Any]) -> list[Any]:
    """The rows of ``sql`` (psycopg's own text, ``%(name)s`` parameters; :func:`driver_sql`) read through the driver
    on ``conn``, as named tuples. For the hottest reads (the inbox, what every page and every command reads first):
    SQLAlchemy's own work around each execution (a greenlet switch, the cursor's description read column by column
    to describe the result, its rows) costs more than psycopg's (the inbox query: 405 µs of processor time through
    ``exec_driver_sql``, 237 µs here).
    A connection lost meanwhile raises SQLAlchemy's ``OperationalError``, as SQLAlchemy's own reads do (the API
    answers 503); the pool discards the connection when it is returned, for its reset fails."""
    driver = (await conn.get_raw_connection()).driver_connection
    assert isinstance(driver, psycopg.AsyncConnection)
    try:
        async with driver.cursor(row_factory=namedtuple_row) as cursor:
            await cursor.execute(sql, params)
            return await cursor.fetchall()
    except psycopg.OperationalError as error:
        raise OperationalError(sql, dict(params), error) from error


async def get_engine(request: Request) -> AsyncEngine:
    engine: AsyncEngine = request.app.state.runtime.engine
    return engine


EngineDep = Annotated[AsyncEngine, Depends(get_engine)]


async def get_reads(request: Request) -> AsyncEngine:
    """The running API's engine for reads outside a transaction (``Runtime.reads``): made once, for
    ``engine.execution_options`` builds a new engine object on every call."""
    reads: AsyncEngine = request.app.state.runtime.reads
    return reads


ReadsDep = Annotated[AsyncEngine, Depends(get_reads)]
