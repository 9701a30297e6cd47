"""Reading cycles and their obligations from the projections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.regulations.views import obligation_url
from api.tables import cycles, escalations, obligations
from domain.approval import STATUS_RU, ApprovalStatus
from domain.escalation import LEVEL_RU, EscalationLevel
from domain.obligations import cycle_id
from domain.org import ROLE_RU, Role
from domain.regulations.model import Obligation


def obligation_view(row: Any, now: datetime) -> dict[str, Any]:
    status = row.status
    waiting = status in (ApprovalStatus.AWAITING_SUBMISSION.value, ApprovalStatus.RETURNED.value)
    return {
        "obligation_id": row.obligation_id,
        "key": row.key,
        "instance": row.instance,
        "kind": row.kind,
        "title": row.title,
        "citation": row.citation,
        "status": status,
        "status_ru": STATUS_RU[ApprovalStatus(status)],
        "due": {
            "nominal": row.nominal_due,
            "effective": row.effective_due,
            "ends_at": row.due_ends_at,
            "original_nominal": row.original_nominal_due,
            "original_effective": row.original_effective_due,
        },
        "overdue": waiting and now >= row.due_ends_at,
        "next_actor": [{"role": role, "role_ru": ROLE_RU[Role(role)]} for role in row.next_actor],
        "submissions": row.submissions,
        "opened_at": row.opened_at,
        "last_submitted_at": row.last_submitted_at,
        "completed_at": row.completed_at,
        "regulation": {"id": row.regulation_id, "version": row.regulation_version},
        "rule": {
            "url": obligation_url(row.regulation_id, row.key),
            "clause": row.citation["clause"],
            "document": row.citation["document"],
            "deadline_ru": Obligation.model_validate(row.rule).deadline.describe_ru(),
            "site_override": row.rule.get("site_override"),
        },
    }


def escalation_view(row: Any) -> dict[str, Any]:
    return {
        "escalation_id": row.escalation_id,
        "obligation_id": row.obligation_id,
        "site_id": row.site_id,
        "year": row.year,
        "obligation_title": row.obligation_title,
        "level": row.level,
        "level_ru": LEVEL_RU[EscalationLevel(row.level)],
        "due": {"nominal": row.due_nominal, "effective": row.due_effective},
        "notified": [{"role": role, "role_ru": ROLE_RU[Role(role)]} for role in row.notify],
        "raised_at": row.raised_at,
        "resolved_at": row.resolved_at,
        "resolution": row.resolution,
        "open": row.resolved_at is None,
    }


def cycle_view(row: Any) -> dict[str, Any]:
    return {
        "cycle_id": row.cycle_id,
        "site_id": row.site_id,
        "year": row.year,
        "status": row.status,
        "regulation": {"id": row.regulation_id, "version": row.regulation_version},
        "started_at": row.started_at,
        "completed_at": row.completed_at,
    }


async def cycle_row(conn: AsyncConnection, site_id: str, year: int) -> Any:
    return (await conn.execute(select(cycles).where(cycles.c.cycle_id == cycle_id(site_id, year)))).one_or_none()


async def site_cycles(conn: AsyncConnection, site_id: str) -> list[Any]:
    return list((await conn.execute(select(cycles).where(cycles.c.site_id == site_id).order_by(cycles.c.year))).all())


async def cycle_obligations(conn: AsyncConnection, site_id: str, year: int) -> list[Any]:
    query = (
        select(obligations)
        .where(obligations.c.cycle_id == cycle_id(site_id, year))
        .order_by(obligations.c.effective_due, obligations.c.obligation_id)
    )
    return list((await conn.execute(query)).all())


async def cycle_escalations(conn: AsyncConnection, site_id: str, year: int, only_open: bool) -> list[Any]:
    query = select(escalations).where(escalations.c.cycle_id == cycle_id(site_id, year))
    if only_open:
        query = query.where(escalations.c.resolved_at.is_(None))
    return list((await conn.execute(query.order_by(escalations.c.raised_at, escalations.c.escalation_id))).all())
