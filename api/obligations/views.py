"""Obligations as users read them: state in words, due dates (nominal, effective, original), who acts next,
progress for quotas, the rule behind it. The status words are ``domain.submission.events.STATUS_RU``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.obligations.rules import rule_of
from api.regulations.views import obligation_url
from domain.cycle import QUOTA_RUNNERS
from domain.escalation import LEVEL_RU, EscalationLevel
from domain.people import Role
from domain.regulations.catalog import role_title
from domain.regulations.khmao import order_135r
from domain.regulations.model import KIND_RU, ObligationKind
from domain.submission.events import STATUS_RU

WAITING = ("awaiting_submission", "returned", "in_progress")


def roles_view(roles: list[str], regulation_id: str | None = None) -> list[dict[str, str]]:
    """The roles with their names as the obligation's regulation gives them to people."""
    return [{"role": role, "role_ru": role_title(regulation_id, Role(role))} for role in roles]


# Order 135-р's steps name the RCRSO and the Department (LEVEL_RU); another regime names its own roles in «notified»,
# so there a step says only its level (issue 16: no KhMAO words for Sverdlovsk people).
_NEUTRAL_LEVEL_RU = {
    EscalationLevel.LEVEL2: "эскалация второго уровня",
    EscalationLevel.LEVEL3: "эскалация третьего уровня",
}


def level_title(level: EscalationLevel, regulation_id: str | None = None) -> str:
    if regulation_id is not None and regulation_id != order_135r.REGULATION_ID:
        return _NEUTRAL_LEVEL_RU.get(level, LEVEL_RU[level])
    return LEVEL_RU[level]


def actor_view(actor: dict[str, Any] | None, regulation_id: str | None = None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {**actor, "role_ru": role_title(regulation_id, Role(actor["role"]))}


def obligation_view(row: Any, now: datetime) -> dict[str, Any]:
    rule = rule_of(row)
    due = None
    if row.nominal_due is not None:
        due = {
            "nominal": row.nominal_due,
            "effective": row.effective_due,
            "ends_at": row.due_ends_at,
            "original_nominal": row.original_nominal_due,
            "original_effective": row.original_effective_due,
            "internal_target": row.internal_target,
        }
    overdue = row.status in WAITING and row.due_ends_at is not None and now >= row.due_ends_at
    return {
        "obligation_id": row.obligation_id,
        "cycle_id": row.cycle_id,
        "site_id": row.site_id,
        "year": row.year,
        "key": row.key,
        "instance": row.instance,
        "period": row.period_key,
        "kind": row.kind,
        "kind_ru": KIND_RU[ObligationKind(row.kind)],
        "runner": row.runner,
        "title": row.title,
        "citation": row.citation,
        "status": row.status,
        "status_ru": STATUS_RU.get(row.status, row.status),
        "due": due,
        "opens_at": row.opens_at,
        "overdue": overdue,
        "next_actor": roles_view(row.next_actor, row.regulation_id),
        "submissions": row.submissions,
        "progress": {"done": row.progress or 0, "target": row.target} if row.runner in QUOTA_RUNNERS else None,
        "pending_extension": row.pending_extension,
        "opened_at": row.opened_at,
        "last_submitted_at": row.last_submitted_at,
        "completed_at": row.completed_at,
        "regulation": {"id": row.regulation_id, "version": row.regulation_version},
        "rule": {
            "url": obligation_url(row.regulation_id, row.key),
            "clause": row.citation["clause"],
            "document": row.citation["document"],
            "deadline_ru": rule.deadline.describe_ru(),
            "site_override": row.rule.get("site_override"),
        },
    }


def review_of_escalation(row: Any, regulation_id: str | None = None) -> dict[str, Any] | None:
    """Which review an escalation is about (D31), or None for an obligation's own deadline."""
    key = getattr(row, "review", None)
    if not key:
        return None
    return {"key": key, "title": row.review_title, "awaited": roles_view(row.awaited or [], regulation_id)}


def escalation_view(row: Any, regulation_id: str | None = None) -> dict[str, Any]:
    return {
        "escalation_id": row.escalation_id,
        "obligation_id": row.obligation_id,
        "site_id": row.site_id,
        "year": row.year,
        "obligation_title": row.obligation_title,
        "level": row.level,
        "level_ru": level_title(EscalationLevel(row.level), regulation_id),
        "due": {"nominal": row.due_nominal, "effective": row.due_effective},
        "notified": roles_view(row.notify, regulation_id),
        "raised_at": row.raised_at,
        "resolved_at": row.resolved_at,
        "resolution": row.resolution,
        "open": row.resolved_at is None,
        # A late review (D31): which one and whose decision it awaits; null for the obligation's own deadline.
        "review": review_of_escalation(row, regulation_id),
    }
