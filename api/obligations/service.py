"""Finding an obligation the caller may see, resolving the files a command refers to, and reading an
obligation with everything that happened to it from the projections."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.auth.principal import Principal
from api.files.routes import file_rows
from api.obligations.views import actor_view, escalation_view, obligation_view
from api.problems import Problem
from api.runtime import Runtime
from api.sites.service import SITE_NOT_FOUND, load_site
from api.tables import decisions, escalations, extensions, monitorings, obligations, quota_items, registry_updates
from api.tables import submissions as submissions_table
from domain.documents import FileFormat, FileRef
from domain.obligations import obligation_id
from domain.org import ROLE_RU, Site
from domain.regulations.model import Obligation


async def visible_obligation(
    runtime: Runtime, principal: Principal, site_id: str, year: int, key: str, instance: str
) -> tuple[Site, Any]:
    async with runtime.engine.connect() as conn:
        return await visible_obligation_on(conn, principal, site_id, year, key, instance)


async def visible_obligation_on(
    conn: AsyncConnection, principal: Principal, site_id: str, year: int, key: str, instance: str
) -> tuple[Site, Any]:
    oid = obligation_id(site_id, year, key, instance)
    site = await load_site(conn, site_id)
    row = (await conn.execute(select(obligations).where(obligations.c.obligation_id == oid))).one_or_none()
    if site is None or not _may_see(principal, site, row):
        raise Problem(404, "site_not_found", SITE_NOT_FOUND)
    if row is None:
        raise Problem(404, "obligation_not_found", "Обязанность не найдена в этом цикле.")
    return site, row


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


async def file_refs(conn: AsyncConnection, site_id: str, items: dict[str, str]) -> dict[str, FileRef]:
    rows = await file_rows(conn, site_id, list(items.values()))
    refs: dict[str, FileRef] = {}
    for item, file_id in items.items():
        row = rows.get(file_id)
        if row is None:
            raise Problem(
                422,
                "file_not_found",
                f"Файл для документа «{item}» не найден среди загруженных файлов площадки.",
                [{"field": f"items.{item}", "message": "файл не найден"}],
            )
        refs[item] = FileRef(
            file_id=file_id, filename=row.filename, format=FileFormat(row.format), size=row.size, sha256=row.sha256
        )
    return refs


async def _rows(conn: AsyncConnection, table: Any, oid: str, *order: Any) -> list[Any]:
    return list((await conn.execute(select(table).where(table.c.obligation_id == oid).order_by(*order))).all())


async def obligation_detail(conn: AsyncConnection, oid: str) -> dict[str, Any] | None:
    row = (await conn.execute(select(obligations).where(obligations.c.obligation_id == oid))).one_or_none()
    if row is None:
        return None
    rule = Obligation.model_validate(row.rule)
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
        "escalations": [escalation_view(e) for e in await _rows(conn, escalations, oid, escalations.c.raised_at)],
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
            for e in await _rows(conn, extensions, oid, extensions.c.seq)
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
            }
            for s in await _rows(conn, submissions_table, oid, submissions_table.c.submission_no)
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
            for d in await _rows(conn, decisions, oid, decisions.c.decided_at, decisions.c.submission_no)
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
            for q in await _rows(conn, quota_items, oid, quota_items.c.item_no)
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
            for m in await _rows(conn, monitorings, oid, monitorings.c.completed_on, monitorings.c.target)
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
            for u in await _rows(conn, registry_updates, oid, registry_updates.c.seq)
        ]
    return detail


async def read_back(runtime: Runtime, oid: str) -> dict[str, Any]:
    """The obligation as the command just left it (the update returns once the projection is written)."""
    async with runtime.engine.connect() as conn:
        detail = await obligation_detail(conn, oid)
    assert detail is not None
    return detail
