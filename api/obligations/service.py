"""Finding an obligation the caller may see, resolving the files a command refers to, and reading an
obligation with everything that happened to it from the projections."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ARRAY, Date, DateTime, Table, bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncConnection

from api.auth.principal import Principal
from api.files.routes import is_uuid
from api.obligations.rules import rule_of
from api.obligations.views import actor_view, escalation_view, obligation_view
from api.problems import Problem
from api.runtime import Runtime
from api.sites.service import SITE_NOT_FOUND, site_from_row
from api.tables import (
    decisions,
    escalations,
    extensions,
    files,
    monitorings,
    obligations,
    quota_items,
    registry_updates,
    sites,
)
from api.tables import submissions as submissions_table
from domain.documents import FileFormat, FileRef
from domain.obligations import obligation_id
from domain.org import ROLE_RU, Site


async def visible_obligation(
    runtime: Runtime, principal: Principal, site_id: str, year: int, key: str, instance: str
) -> tuple[Site, Any]:
    async with runtime.reads.connect() as conn:
        return await visible_obligation_on(conn, principal, site_id, year, key, instance)


async def visible_obligation_on(
    conn: AsyncConnection,
    principal: Principal,
    site_id: str,
    year: int,
    key: str,
    instance: str,
    file_ids: Sequence[str] = (),
) -> tuple[Site, Any]:
    """The site and the obligation, when the caller may see them; with ``file_ids``, the row also holds those of
    the site's uploaded files (``named_files``, for ``file_refs``), read in the same statement."""
    oid = obligation_id(site_id, year, key, instance)
    if file_ids:
        named = [i for i in file_ids if is_uuid(i)]
        params = {"site_id": site_id, "oid": oid, "file_ids": named}
        joined = (await conn.execute(_SITE_OBLIGATION_AND_FILES, params)).one_or_none()
    else:
        joined = (await conn.execute(_SITE_AND_OBLIGATION, {"site_id": site_id, "oid": oid})).one_or_none()
    site = site_from_row(joined, prefix="site_") if joined is not None else None
    row = joined if joined is not None and joined.obligation_id is not None else None
    if site is None or not _may_see(principal, site, row):
        raise Problem(404, "site_not_found", SITE_NOT_FOUND)
    if row is None:
        raise Problem(404, "obligation_not_found", "Обязанность не найдена в этом цикле.")
    return site, row


_SITE_COLUMNS = [column.label(f"site_{column.name}") for column in sites.c]
# The site and the obligation in one round trip: every command starts here. Built once, as the statements of
# every command are (SQLAlchemy then compiles it once and need not work out its cache key again).
_SITE_AND_OBLIGATION = (
    select(*_SITE_COLUMNS, obligations)
    .select_from(sites.outerjoin(obligations, obligations.c.obligation_id == bindparam("oid")))
    .where(sites.c.id == bindparam("site_id"))
)
_NAMED_FILES = (
    select(
        func.coalesce(
            func.json_agg(
                func.json_build_object(
                    *(part for c in ("id", "filename", "format", "size", "sha256") for part in (c, files.c[c]))
                )
            ),
            literal_column("'[]'::json"),
        )
    )
    .where(
        files.c.id == func.any(bindparam("file_ids", type_=ARRAY(files.c.id.type))),
        files.c.site_id == sites.c.id,
    )
    .scalar_subquery()
    .label("named_files")
)
_SITE_OBLIGATION_AND_FILES = _SITE_AND_OBLIGATION.add_columns(_NAMED_FILES)


def _may_see(principal: Principal, site: Site, row: Any) -> bool:
    """Whoever sees the site sees its obligations; an institution's responsible person sees the obligations the
    institution itself submits to (its quarterly forms), nothing else of the site."""
    if principal.can_read(site):
        return True
    return row is not None and bool(set(row.rule["submitters"]) & {r.value for r in principal.roles_on(site)})


def require_runner(row: Any, *runners: str) -> None:
    """Refuse a command the obligation cannot take, or cannot take yet."""
    if row.status == "standing":
        raise Problem(409, "undated_duty", "Это постоянная обязанность без срока: её состояние отражается в отчете.")
    if row.status == "planned":
        opens = row.opens_at.astimezone(UTC).strftime("%d.%m.%Y") if row.opens_at else "позже"
        raise Problem(409, "not_open_yet", f"Обязанность ещё не открыта: она откроется {opens}.")
    if row.runner not in runners:
        raise Problem(409, "wrong_action", "Эта обязанность не принимает такое действие.")


def file_refs(row: Any, items: dict[str, str]) -> dict[str, FileRef]:
    """The files ``items`` name, from the site's files ``visible_obligation_on`` read with the obligation."""
    named = {str(f["id"]): SimpleNamespace(**f) for f in row.named_files}
    refs: dict[str, FileRef] = {}
    for item, file_id in items.items():
        file = named.get(file_id)
        if file is None:
            raise Problem(
                422,
                "file_not_found",
                f"Файл для документа «{item}» не найден среди загруженных файлов площадки.",
                [{"field": f"items.{item}", "message": "файл не найден"}],
            )
        refs[item] = FileRef(
            file_id=file_id, filename=file.filename, format=FileFormat(file.format), size=file.size, sha256=file.sha256
        )
    return refs


async def files_in_force(
    conn: AsyncConnection, row: Any, keys: list[str], attached: dict[str, str]
) -> dict[str, FileRef]:
    """The files of ``keys`` as last accepted for this obligation of the site in an earlier year: the version in
    force, which the director confirms unchanged (D25) instead of attaching it again."""
    both = [key for key in keys if key in attached]
    if both:
        raise Problem(
            422,
            "unchanged_and_attached",
            f"Документ «{_item_title(row, both[0])}» либо прикладывается заново, либо подтверждается без изменений, "
            "но не то и другое.",
            [{"field": f"unchanged.{key}", "message": "файл уже приложен"} for key in both],
        )
    query = (
        select(submissions_table.c["items"].label("accepted_items"))
        .join(obligations, obligations.c.obligation_id == submissions_table.c.obligation_id)
        .where(
            obligations.c.site_id == row.site_id,
            obligations.c.key == row.key,
            obligations.c.instance == row.instance,
            obligations.c.year < row.year,
            obligations.c.status == "approved",
        )
        .order_by(obligations.c.year.desc(), submissions_table.c.submission_no.desc())
        .limit(1)
    )
    accepted = (await conn.execute(query)).one_or_none()
    in_force = accepted.accepted_items if accepted is not None else {}
    missing = [key for key in keys if key not in in_force]
    if missing:
        raise Problem(
            422,
            "no_version_in_force",
            f"Принятой редакции документа «{_item_title(row, missing[0])}» за прошлые годы нет: приложите файл.",
            [{"field": f"unchanged.{key}", "message": "нет принятой редакции"} for key in missing],
        )
    return {key: FileRef.model_validate(in_force[key]) for key in keys}


def _item_title(row: Any, key: str) -> str:
    item = rule_of(row).item(key)
    return item.title if item is not None else key


def _history(table: Table, *order: str) -> Any:
    """The rows of ``table`` about the obligation of the outer query, ordered by the columns ``order``, as one
    JSON array."""
    # An alias of its own: a bare table name that is also a column of obligations (submissions) means the column.
    row = table.alias(f"{table.name}_row")
    rows = func.json_agg(aggregate_order_by(func.to_json(literal_column(row.name)), *(row.c[c] for c in order)))
    return (
        select(func.coalesce(rows, literal_column("'[]'::json")))
        .where(row.c.obligation_id == obligations.c.obligation_id)
        .scalar_subquery()
    )


# What happened to an obligation, by the table it is kept in; read together with the obligation in one query.
HISTORIES: dict[str, tuple[Table, Any]] = {
    "escalations": (escalations, _history(escalations, "raised_at")),
    "extensions": (extensions, _history(extensions, "seq")),
    "submissions": (submissions_table, _history(submissions_table, "submission_no")),
    "decisions": (decisions, _history(decisions, "decided_at", "submission_no")),
    "products": (quota_items, _history(quota_items, "item_no")),
    "monitorings": (monitorings, _history(monitorings, "completed_on", "target")),
    "updates": (registry_updates, _history(registry_updates, "seq")),
}
_DETAIL = select(obligations, *(query.label(f"history_{name}") for name, (_, query) in HISTORIES.items())).where(
    obligations.c.obligation_id == bindparam("oid")
)


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


async def obligation_detail(conn: AsyncConnection, oid: str) -> dict[str, Any] | None:
    row = (await conn.execute(_DETAIL, {"oid": oid})).one_or_none()
    if row is None:
        return None
    rule = rule_of(row)
    detail = {
        **obligation_view(row, datetime.now(UTC)),
        "items": [
            {
                "key": i.key,
                "title": i.title,
                "clause": i.clause,
                "formats": [f.value for f in i.formats],
                "required": i.required,
                "required_for": [s.value for s in i.required_for],
            }
            for i in rule.items
        ],
        "review_chain": [
            {"role": s.role.value, "role_ru": ROLE_RU[s.role], "action": s.action.value, "title": s.title}
            for s in rule.review_chain
        ],
        "indicators": list(rule.indicators),
        "targets": row.targets,
        "escalations": [escalation_view(e) for e in _history_rows(row, "escalations")],
        "extensions": [
            {
                "seq": e.seq,
                "requested_until": e.requested_until,
                "reason": e.reason,
                "requested_by": actor_view(e.requested_by),
                "requested_at": e.requested_at,
                "decision": e.decision,
                "granted_until": e.granted_until,
                "granted_effective": e.granted_effective,
                "comment": e.comment,
                "decided_by": actor_view(e.decided_by),
                "decided_at": e.decided_at,
            }
            for e in _history_rows(row, "extensions")
        ],
    }
    if row.runner == "submission":
        detail["submissions"] = [
            {
                "submission_no": s.submission_no,
                "items": s.items,
                "data": s.data,
                "submitted_by": actor_view(s.submitted_by),
                "submitted_at": s.submitted_at,
                "note": s.note,
                "late": s.late,
                "due_effective": s.due_effective,
                "unchanged": s.unchanged,
            }
            for s in _history_rows(row, "submissions")
        ]
        detail["decisions"] = [
            {
                "submission_no": d.submission_no,
                "step": d.step,
                "action": d.action,
                "comment": d.comment,
                "decided_by": actor_view(d.decided_by),
                "decided_at": d.decided_at,
                "resubmit_due": (
                    {"nominal": d.resubmit_nominal_due, "effective": d.resubmit_effective_due}
                    if d.resubmit_nominal_due
                    else None
                ),
            }
            for d in _history_rows(row, "decisions")
        ]
    if row.runner == "quota":
        detail["products"] = [
            {
                "item_no": q.item_no,
                "title": q.title,
                "item_kind": q.item_kind,
                "items": q.items,
                "recorded_by": actor_view(q.recorded_by),
                "recorded_at": q.recorded_at,
                "conclusion": q.conclusion,
            }
            for q in _history_rows(row, "products")
        ]
        detail["positive_conclusions"] = sum(1 for p in detail["products"] if p["conclusion"] == "positive")
    if row.runner == "coverage":
        detail["monitorings"] = [
            {
                "target": m.target,
                "completed_on": m.completed_on,
                "note": m.note,
                "recorded_by": actor_view(m.recorded_by),
                "spravka_due": m.spravka_due,
            }
            for m in _history_rows(row, "monitorings")
        ]
    if row.runner == "freshness":
        detail["updates"] = [
            {
                "on": u.on_day,
                "entries": u.entries,
                "items": u.items,
                "note": u.note,
                "updated_by": actor_view(u.updated_by),
                "recorded_at": u.recorded_at,
            }
            for u in _history_rows(row, "updates")
        ]
    return detail


async def command_answer(runtime: Runtime, oid: str, update: str, command: BaseModel) -> dict[str, Any]:
    """Send ``command`` to the obligation's workflow as update ``update`` and answer with the obligation as the
    command left it. The answer is read as soon as this process has committed the command's events (api.landed):
    the workflow appends them only after it has durably accepted the command, so the command is safe on both sides
    then, while Temporal completes the update. When the append is served elsewhere, once the update completes."""
    update_id = str(uuid.uuid4())
    with runtime.landed.watch(update_id) as landed:
        sent = asyncio.ensure_future(runtime.commands.update(oid, update, command, update_id))
        await asyncio.wait((sent, landed), return_when=asyncio.FIRST_COMPLETED)
        if sent.done():
            sent.result()  # a refusal or an unknown outcome is the answer
        else:
            # Landed: the update's completion, a few milliseconds away, tells nothing more. It is left to finish
            # rather than cancelled (a cancelled update RPC reports itself as a failure).
            sent.add_done_callback(_consume)
    return await read_back(runtime, oid)


def _consume(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()


async def read_back(runtime: Runtime, oid: str) -> dict[str, Any]:
    """The obligation as the command just left it (its events and their projection are committed)."""
    async with runtime.reads.connect() as conn:
        detail = await obligation_detail(conn, oid)
    assert detail is not None
    return detail
