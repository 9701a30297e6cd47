"""The inbox of a person: one page of their tasks for a filter, read in one round trip (the page, each row
carrying the count of all that match). The REST route and the page «Мои задачи» both read it here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.db import driver_rows
from api.runtime import Runtime
from api.tasks.inbox_query import InboxFilter, inbox_sql
from api.tasks.views import task_item


async def inbox(runtime: Runtime, principal: Principal, the_filter: InboxFilter, now: datetime) -> dict[str, Any]:
    """The page of tasks ``the_filter`` asks for, in the shape of ``TaskPage``: items, page, per_page, total, and
    how many of the total are overdue."""
    async with runtime.reads.connect() as conn:
        return await inbox_on(conn, principal, the_filter, now)


async def inbox_on(
    conn: AsyncConnection, principal: Principal, the_filter: InboxFilter, now: datetime
) -> dict[str, Any]:
    """``inbox`` on a connection the caller holds (a page reads more with it)."""
    page_sql, count_sql, params = inbox_sql(principal, the_filter, now)
    rows = await driver_rows(conn, page_sql, params)
    # Past the last page, or nothing at all: the counts alone.
    counts = rows[0] if rows else (await driver_rows(conn, count_sql, params))[0]
    return {
        "items": [task_item(row, now) for row in rows],
        "page": the_filter.page,
        "per_page": the_filter.per_page,
        "total": counts.matching,
        "overdue": counts.matching_overdue,
    }
