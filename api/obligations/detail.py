"""An obligation with everything that happened to it, as ``GET …/obligations/{key}/{instance}`` and every command
answer show it: the obligation's view, its rule (documents, review chain, indicators), and its histories —
escalations and extensions for all, submissions and decisions for a submission, products for a quota,
monitorings for a coverage, registry updates for a registry; and, for a package holding the site's положение, the
QMS register's versions of it (``register``, QMS D13). One query reads the obligation with every history
(each a JSON array); each history is then read back by a function named for what it returns. Every due date
explains itself (``why_due``, ``api.obligations.explain``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Date, DateTime, Table, bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncConnection

from api import tables
from api.notifications.service import told_of_escalations
from api.obligations.explain import deadline_explanation
from api.obligations.rules import rule_of
from api.obligations.views import actor_view, escalation_view, obligation_view, roles_view
from api.qms.register import POLOZHENIE_ITEM, register_view
from api.runtime import Runtime
from domain.cycle import Runner
from domain.qms.document import DocumentState
from domain.regulations.catalog import REGULATIONS, role_title
from domain.regulations.model import Obligation, ReviewStep

# --- reading the obligation with its histories -----------------------------------------------------------------


def _history(table: Table, *order: str) -> Any:
    """The rows of ``table`` about the obligation of the outer query, ordered by the columns ``order``, as one
    JSON array."""
    # An alias of its own: a bare table name that is also a column of obligations (submissions) means the column.
    row = table.alias(f"{table.name}_row")
    rows = func.json_agg(aggregate_order_by(func.to_json(literal_column(row.name)), *(row.c[c] for c in order)))
    return (
        select(func.coalesce(rows, literal_column("'[]'::json")))
        .where(row.c.obligation_id == tables.obligations.c.obligation_id)
        .scalar_subquery()
    )


# What happened to an obligation, by the table it is kept in; read together with the obligation in one query.
HISTORIES: dict[str, tuple[Table, Any]] = {
    "escalations": (tables.escalations, _history(tables.escalations, "raised_at")),
    "extensions": (tables.extensions, _history(tables.extensions, "seq")),
    "submissions": (tables.submissions, _history(tables.submissions, "submission_no")),
    "decisions": (tables.decisions, _history(tables.decisions, "decided_at", "submission_no")),
    "products": (tables.quota_items, _history(tables.quota_items, "item_no")),
    "monitorings": (tables.monitorings, _history(tables.monitorings, "completed_on", "target")),
    "updates": (tables.registry_updates, _history(tables.registry_updates, "seq")),
    "marks": (tables.roadmap_row_marks, _history(tables.roadmap_row_marks, "recorded_at")),
}
# The register's document that is the site's положение (QMS D13), read with the obligation: a package's answer
# shows its versions, and a query of its own cost every command on a package a round trip. The second condition
# lets PostgreSQL use the partial index of one положение per site (migration 0022).
_DOCUMENT_SITE = tables.qms_documents.c.state["site_id"].astext
_SITE_DOCUMENT = (
    select(tables.qms_documents.c.state)
    .where(tables.obligations.c.site_id == _DOCUMENT_SITE, _DOCUMENT_SITE != "")
    .order_by(tables.qms_documents.c.registered_at)
    .limit(1)
    .scalar_subquery()
)
_DETAIL = select(
    tables.obligations,
    *(query.label(f"history_{name}") for name, (_, query) in HISTORIES.items()),
    _SITE_DOCUMENT.label("site_document"),
).where(tables.obligations.c.obligation_id == bindparam("oid"))


def _temporal_columns(table: Table) -> list[tuple[str, Any]]:
    return [
        (c.name, datetime.fromisoformat if isinstance(c.type, DateTime) else date.fromisoformat)
        for c in table.c
        if isinstance(c.type, DateTime | Date)
    ]


_TEMPORAL = {name: _temporal_columns(table) for name, (table, _) in HISTORIES.items()}


def _history_rows(row: Any, name: str) -> list[Any]:
    """A history read back from JSON into rows, dates and times as Python values again."""
    items: list[dict[str, Any]] = getattr(row, f"history_{name}")
    for item in items:
        for column, parse in _TEMPORAL[name]:
            if item[column] is not None:
                item[column] = parse(item[column])
    return [SimpleNamespace(**item) for item in items]


async def read_back(runtime: Runtime, oid: str) -> dict[str, Any]:
    """The obligation as the command just left it (its events and their projection are committed)."""
    async with runtime.reads.connect() as conn:
        detail = await obligation_detail(conn, oid)
    assert detail is not None
    return detail


async def obligation_detail(conn: AsyncConnection, oid: str) -> dict[str, Any] | None:
    """The obligation ``oid`` with its rule and histories; None when there is none."""
    row = (await conn.execute(_DETAIL, {"oid": oid})).one_or_none()
    if row is None:
        return None
    detail = {
        **obligation_view(row, datetime.now(UTC)),
        **rule_view(rule_of(row), row.regulation_id),
        "timezone": REGULATIONS[row.regulation_id].timezone,
        "targets": row.targets,
        "escalations": escalations(row),
        "extensions": extensions(row),
        "reviews": reviews_awaited(row),
        # What only one kind of runner keeps; "submissions" replaces the count of the obligation's view.
        **RUNNER_HISTORIES.get(row.runner, _none)(row),
    }
    told = await told_of_escalations(conn, [e["escalation_id"] for e in detail["escalations"]])
    for escalation in detail["escalations"]:
        escalation["told"] = told.get(escalation["escalation_id"], [])  # the people told, and what reached them
    detail["register"] = register_of(row)
    detail["why_due"] = await deadline_explanation(
        conn,
        detail["due"],
        rule_of(row),
        row.regulation_id,
        row.year,
        detail["timezone"],
        detail["extensions"],
        detail.get("decisions", []),
    )
    return detail


def register_of(row: Any) -> dict[str, Any] | None:
    """The QMS register's part of an obligation whose documents hold the site's положение (QMS D13): its versions
    and the version in force; None when the obligation holds no положение or the register keeps none for the site."""
    if row.site_document is None or rule_of(row).item(POLOZHENIE_ITEM) is None:
        return None
    return register_view(DocumentState.model_validate(row.site_document))


# --- the rule ----------------------------------------------------------------------------------------------------


def rule_view(rule: Obligation, regulation_id: str | None = None) -> dict[str, Any]:
    """What the rule asks for: its documents, the review chain, the indicators to report."""
    return {
        "items": rule_items(rule),
        "review_chain": review_chain(rule, regulation_id),
        "item_review_chains": {
            item.key: [_step_view(s, regulation_id) for s in item.review_chain]
            for item in rule.items
            if item.review_chain is not None
        },
        "indicators": list(rule.indicators),
    }


def reviews_awaited(row: Any) -> list[dict[str, Any]]:
    """The reviews awaited now, each with whose decision and its due date (D30–D32)."""
    return [
        {
            "review": key,
            "part": review["part"],
            "title": review["title"],
            "awaited": roles_view([review["role"]], row.regulation_id),
            "working_days": review["working_days"],
            "due": {
                "nominal": date.fromisoformat(review["due_nominal"]),
                "effective": date.fromisoformat(review["due_effective"]),
            },
        }
        for key, review in sorted((row.reviews or {}).items())
    ]


def rule_items(rule: Obligation) -> list[dict[str, Any]]:
    """The documents the rule asks for, with their formats and for which site statuses they are required."""
    return [
        {
            "key": i.key,
            "title": i.title,
            "clause": i.clause,
            "formats": [f.value for f in i.formats],
            "required": i.required,
            "required_for": [s.value for s in i.required_for],
        }
        for i in rule.items
    ]


def review_chain(rule: Obligation, regulation_id: str | None = None) -> list[dict[str, Any]]:
    """Who reviews a submission, step by step, and what each step does (agree, approve)."""
    return [_step_view(s, regulation_id) for s in rule.review_chain]


def _step_view(s: ReviewStep, regulation_id: str | None = None) -> dict[str, Any]:
    return {
        "role": s.role.value,
        "role_ru": role_title(regulation_id, s.role),
        "action": s.action.value,
        "title": s.title,
        "term_working_days": s.term,
    }


# --- histories every obligation keeps ----------------------------------------------------------------------------


def escalations(row: Any) -> list[dict[str, Any]]:
    """The escalations raised on the obligation, oldest first, open or resolved."""
    return [escalation_view(e, row.regulation_id) for e in _history_rows(row, "escalations")]


def extensions(row: Any) -> list[dict[str, Any]]:
    """The requests for more time, with their decisions."""
    return [
        {
            "seq": e.seq,
            "requested_until": e.requested_until,
            "reason": e.reason,
            "requested_by": actor_view(e.requested_by, row.regulation_id),
            "requested_at": e.requested_at,
            "decision": e.decision,
            "granted_until": e.granted_until,
            "granted_effective": e.granted_effective,
            "comment": e.comment,
            "decided_by": actor_view(e.decided_by, row.regulation_id),
            "decided_at": e.decided_at,
        }
        for e in _history_rows(row, "extensions")
    ]


# --- histories of one kind of runner ---------------------------------------------------------------------------


def submissions(row: Any) -> list[dict[str, Any]]:
    """What was submitted, in order: files, structured data, lateness against the phase's due date."""
    return [
        {
            "submission_no": s.submission_no,
            "items": s.items,
            "data": s.data,
            "submitted_by": actor_view(s.submitted_by, row.regulation_id),
            "submitted_at": s.submitted_at,
            "note": s.note,
            "late": s.late,
            "due_effective": s.due_effective,
            "unchanged": s.unchanged,
            "attested": s.attested,  # the register's versions attested unchanged (QMS D13), by item
        }
        for s in _history_rows(row, "submissions")
    ]


def decisions(row: Any) -> list[dict[str, Any]]:
    """The reviewers' decisions on the submissions, with the revision deadline of a return."""
    return [
        {
            "submission_no": d.submission_no,
            "step": d.step,
            "part": getattr(d, "part", ""),  # the item with a chain of its own (D33); "" — the submission's chain
            "action": d.action,
            "comment": d.comment,
            "decided_by": actor_view(d.decided_by, row.regulation_id),
            "decided_at": d.decided_at,
            "resubmit_due": (
                {"nominal": d.resubmit_nominal_due, "effective": d.resubmit_effective_due}
                if d.resubmit_nominal_due
                else None
            ),
        }
        for d in _history_rows(row, "decisions")
    ]


def products(row: Any) -> list[dict[str, Any]]:
    """The methodological products counted towards a quota, with the Expert Council's conclusions."""
    return [
        {
            "item_no": q.item_no,
            "title": q.title,
            "item_kind": q.item_kind,
            "items": q.items,
            "recorded_by": actor_view(q.recorded_by, row.regulation_id),
            "recorded_at": q.recorded_at,
            "conclusion": q.conclusion,
            "product_id": q.product_id,  # sent from its page: its examination gives the conclusion
        }
        for q in _history_rows(row, "products")
    ]


def monitorings(row: Any) -> list[dict[str, Any]]:
    """The completed monitorings of a coverage, each with the due date of its справка."""
    return [
        {
            "target": m.target,
            "completed_on": m.completed_on,
            "note": m.note,
            "recorded_by": actor_view(m.recorded_by, row.regulation_id),
            "spravka_due": m.spravka_due,
        }
        for m in _history_rows(row, "monitorings")
    ]


def registry_updates(row: Any) -> list[dict[str, Any]]:
    """The recorded updates of a registry."""
    return [
        {
            "on": u.on_day,
            "entries": u.entries,
            "items": u.items,
            "note": u.note,
            "updated_by": actor_view(u.updated_by, row.regulation_id),
            "recorded_at": u.recorded_at,
        }
        for u in _history_rows(row, "updates")
    ]


def _submission_histories(row: Any) -> dict[str, Any]:
    return {"submissions": submissions(row), "decisions": decisions(row)}


def _quota_histories(row: Any) -> dict[str, Any]:
    recorded = products(row)
    return {
        "products": recorded,
        "positive_conclusions": sum(1 for p in recorded if p["conclusion"] == "positive"),
    }


def _coverage_histories(row: Any) -> dict[str, Any]:
    return {"monitorings": monitorings(row)}


def _freshness_histories(row: Any) -> dict[str, Any]:
    return {"updates": registry_updates(row)}


def row_marks(row: Any) -> list[dict[str, Any]]:
    """How a dated roadmap row was marked done (D44): by the site with its evidence, or by a quarterly report."""
    return [
        {
            "on": m.on_day,
            "source": m.source,
            "report_id": m.report_id,
            "items": m.items,
            "note": m.note,
            "done_by": actor_view(m.done_by, row.regulation_id) if m.done_by else None,
            "recorded_at": m.recorded_at,
        }
        for m in _history_rows(row, "marks")
    ]


def _roadmap_row_histories(row: Any) -> dict[str, Any]:
    return {"marks": row_marks(row)}


def _none(row: Any) -> dict[str, Any]:
    return {}


# The histories shown only for obligations of one runner, by runner.
RUNNER_HISTORIES: dict[str, Callable[[Any], dict[str, Any]]] = {
    Runner.SUBMISSION: _submission_histories,
    Runner.QUOTA: _quota_histories,
    Runner.COVERAGE: _coverage_histories,
    Runner.FRESHNESS: _freshness_histories,
    Runner.ROADMAP_ROW: _roadmap_row_histories,
}
