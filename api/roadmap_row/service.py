"""The dated rows of a cycle's roadmap (D42) as the site's cycle page and the REST API list them: each date of a
row with its due date, its state, and how it was marked done (D44) — or which product sent to the Expert Council
fulfilled it (D53)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.sites.service import visible_site
from api.tables import obligations, products, roadmap_row_marks
from domain.obligations import cycle_id
from domain.roadmap_row import KEY
from domain.submission.events import STATUS_RU

_TITLE = re.compile(r"^Дорожная карта, строка (?P<no>[^:]+): (?P<item>.*)$", re.DOTALL)
SOURCE_RU = {
    "site": "отмечено площадкой",
    "report": "по ежеквартальному отчету",
    "product": "продукт направлен в Экспертный совет",
}


def _view(row: Any, now: datetime) -> dict[str, Any]:
    match = _TITLE.match(row.title)
    overdue = row.status == "in_progress" and row.due_ends_at is not None and now >= row.due_ends_at
    return {
        "obligation_id": row.obligation_id,
        "instance": row.instance,
        "no": match["no"] if match else row.instance,
        "item": match["item"] if match else row.title,
        "title": row.title,
        "due": {"nominal": row.nominal_due, "effective": row.effective_due, "ends_at": row.due_ends_at},
        "status": row.status,
        "status_ru": STATUS_RU.get(row.status, row.status),
        "overdue": overdue,
        "done": None
        if row.on_day is None
        else {
            "on": row.on_day,
            "source": row.source,
            "source_ru": SOURCE_RU.get(row.source, row.source),
            "report_id": (row.report_id or None) if row.source != "product" else None,
            "note": row.note,
            "evidence": bool(row.items),
            # The product whose sending fulfilled a row about sending one (D53).
            "product": {"product_id": row.report_id, "title": row.product_title or ""}
            if row.source == "product"
            else None,
        },
    }


async def dated_rows(conn: AsyncConnection, site_id: str, year: int) -> list[dict[str, Any]]:
    """The dated rows of the cycle, by due date and then in the roadmap's order of opening."""
    query = (
        select(
            obligations.c.obligation_id,
            obligations.c.instance,
            obligations.c.title,
            obligations.c.status,
            obligations.c.nominal_due,
            obligations.c.effective_due,
            obligations.c.due_ends_at,
            roadmap_row_marks.c.on_day,
            roadmap_row_marks.c.source,
            roadmap_row_marks.c.report_id,
            roadmap_row_marks.c.note,
            roadmap_row_marks.c["items"],
            products.c.title.label("product_title"),
        )
        .select_from(
            obligations.outerjoin(
                roadmap_row_marks, roadmap_row_marks.c.obligation_id == obligations.c.obligation_id
            ).outerjoin(
                products,
                and_(roadmap_row_marks.c.source == "product", products.c.product_id == roadmap_row_marks.c.report_id),
            )
        )
        .where(obligations.c.cycle_id == cycle_id(site_id, year), obligations.c.key == KEY)
        .order_by(obligations.c.nominal_due, obligations.c.instance)
    )
    now = datetime.now(UTC)
    return [_view(row, now) for row in (await conn.execute(query)).all()]


async def readable_dated_rows(
    conn: AsyncConnection, principal: Principal, site_id: str, year: int
) -> list[dict[str, Any]]:
    await visible_site(conn, principal, site_id)
    return await dated_rows(conn, site_id, year)
