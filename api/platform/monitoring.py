"""A platform's quarter of monitoring as a person reads it (decision D11): each participating centre's request of the
quarter (``centre_monitoring``, instance ``Q1-<centre>``) with its state and, once the platform accepted it, its
figures; the centres' accepted figures added up — what the platform's «Сводная информация» starts from —, the
figures the platform sent, and the difference where it corrected one; the reason it gave for each centre missing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.obligations.institutions import correction_view, forms_of_period
from api.obligations.rules import rule_of
from api.problems import Problem
from api.tables import obligations, submissions
from domain.platform.cumulative import CUMULATIVE_RU, cumulative_of_quarter
from domain.submission.events import STATUS_RU

MONITORING = "quarterly_monitoring"
NO_QUARTER = Problem(404, "obligation_not_found", "Сводной информации за этот квартал у площадки нет.")


async def latest_data(conn: AsyncConnection, obligation_id: str) -> dict[str, Any] | None:
    query = (
        select(submissions.c.data)
        .where(submissions.c.obligation_id == obligation_id)
        .order_by(submissions.c.submission_no.desc())
        .limit(1)
    )
    data = (await conn.execute(query)).scalar_one_or_none()
    return dict(data) if data else None


async def quarter_of(conn: AsyncConnection, row: Any) -> dict[str, Any] | None:
    """The centres and the correction of the platform's summary ``row`` (a quarterly monitoring); None when it
    awaits no centres' figures (a snapshot taken before, D11)."""
    rule = rule_of(row)
    if not rule.awaits_institution_forms or not rule.measures:
        return None
    forms = await forms_of_period(conn, row)
    view = correction_view(rule.measures, forms, await latest_data(conn, row.obligation_id))
    return {
        **view,
        "accepted": sum(1 for f in forms if f.sent),
        "total": len(forms),
        "missing": [f.name for f in forms if not f.sent],
    }


async def quarter_view(conn: AsyncConnection, site_id: str, year: int, instance: str) -> dict[str, Any]:
    row = (
        await conn.execute(
            select(obligations).where(
                obligations.c.site_id == site_id,
                obligations.c.year == year,
                obligations.c.key == MONITORING,
                obligations.c.instance == instance,
            )
        )
    ).one_or_none()
    if row is None:
        raise NO_QUARTER
    quarter = await quarter_of(conn, row)
    return {
        "site_id": site_id,
        "year": year,
        "instance": instance,
        "period_ru": CUMULATIVE_RU[cumulative_of_quarter(int(instance[1:]))],
        "status": row.status,
        "status_ru": STATUS_RU.get(row.status, row.status),
        "due": row.effective_due.isoformat() if row.effective_due else None,
        **(
            quarter
            or {"centres": [], "measures": [], "summed": [], "corrected": [], "accepted": 0, "total": 0, "missing": []}
        ),
    }
