"""A task as the inbox shows it, from a row of the ``tasks`` projection: the fields of ``TaskView``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from api.regulations.views import obligation_url
from api.tasks.projection import KIND_RU
from domain.people import Role
from domain.regulations.catalog import role_title
from domain.regulations.sverdlovsk import CONSENT_TERM

SOON = timedelta(days=5)
# The tasks of a unit's controlled document (api/qms: a signature, an acknowledgment) carry this key and the
# document's id as their instance; their page is the document's.
DOCUMENT_CONTROL = "qms"
# The tasks of a Sverdlovsk section's own streams (api/section: a consent, a material's check) carry this key and the
# section's site id as their instance; their page is the section's.
SECTION = "section"
SECTION_TERMS_DECISION = CONSENT_TERM.decision  # the decision that dates a section's consent and check (D17)


def _url(row: Any) -> str:
    if row.key == DOCUMENT_CONTROL:
        return f"/api/qms/documents/{row.instance}"
    if row.key == SECTION:
        return f"/api/sections/{row.instance}"
    return f"/api/sites/{row.site_id}/cycles/{row.year}/obligations/{row.key}/{row.instance}"


def _rule_url(row: Any) -> str:
    """Where the task's rule is explained: the obligation's clause; a section's consent or check with a term, the
    regulation's decision that sets it (D17); another task of a document or a section, its page."""
    if row.key == SECTION and row.due_nominal is not None:
        return f"/api/regulations/{row.regulation_id}#decision-{SECTION_TERMS_DECISION}"
    if row.key in (DOCUMENT_CONTROL, SECTION):
        return _url(row)
    return obligation_url(row.regulation_id, row.key)


def _priority(row: Any, now: datetime) -> str:
    if row.due_ends_at is None:
        return "low" if row.kind in ("update",) else "normal"
    if now >= row.due_ends_at or row.due_ends_at - now <= SOON:
        return "high"
    return "normal"


def task_item(row: Any, now: datetime) -> dict[str, Any]:
    """A task as the inbox shows it (the fields of TaskView), from a ``tasks`` row."""
    overdue = row.state == "open" and row.due_ends_at is not None and now >= row.due_ends_at
    return {
        "task_id": row.task_id,
        "kind": row.kind,
        "kind_ru": KIND_RU.get(row.kind.split(":", 1)[0], row.kind),  # an expert's respond:N, review_product:N
        "title": row.title,
        "site_id": row.site_id,
        "year": row.year,
        "obligation": {
            "obligation_id": row.obligation_id,
            "key": row.key,
            "instance": row.instance,
            "kind": row.obligation_kind,
            "url": _url(row),
            "rule_url": _rule_url(row),
        },
        "candidate_roles": [
            {"role": r, "role_ru": role_title(row.regulation_id, Role(r))} for r in row.candidate_roles
        ],
        "assignee": {"user_id": str(row.assignee_id), "full_name": row.assignee_name} if row.assignee_id else None,
        "state": row.state,
        "due": {"nominal": row.due_nominal, "effective": row.due_effective, "ends_at": row.due_ends_at}
        if row.due_nominal
        else None,
        "follow_up": row.follow_up,
        "priority": _priority(row, now),
        "overdue": overdue,
        "created_at": row.created_at,
        "completed_at": row.completed_at,
    }
