"""The inbox of a person: one page of their tasks for a filter, read in one round trip (the page, each row
carrying the count of all that match). The REST route and the page «Мои задачи» both read it here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.access.principal import Principal
from api.runtime import Runtime
from api.tasks.inbox_query import InboxFilter, inbox_sql
from api.tasks.views import task_item


async def inbox(runtime: Runtime, principal: Principal, the_filter: InboxFilter, now: datetime) -> dict[str, Any]:
    """The page of tasks ``the_filter`` asks for, in the shape of ``TaskPage``: items, page, per_page, total."""
    page_sql, count_sql, params = inbox_sql(principal, the_filter, now)
    async with runtime.reads.connect() as conn:
        rows = (await conn.exec_driver_sql(page_sql, params)).all()
        # Past the last page, or nothing at all: the count alone.
        total = rows[0].matching if rows else (await conn.exec_driver_sql(count_sql, params)).scalar_one()
    return {
        "items": [task_item(row, now) for row in rows],
        "page": the_filter.page,
        "per_page": the_filter.per_page,
        "total": total,
    }
