"""An Approval obligation of a cycle (e.g. the annual package): read it with every submission and decision,
submit documents, decide as a reviewer. Commands go to the obligation's workflow as Temporal updates; the answer
is read back from the projection the update has just written (read-your-writes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from sqlalchemy import select

from api.cycle.routes import Year
from api.cycle.service import escalation_view, obligation_view
from api.deps import PrincipalDep, RuntimeDep
from api.files.routes import file_rows
from api.problems import Problem
from api.sites.service import visible_site
from api.tables import decisions, escalations, obligations, submissions
from domain import approval
from domain.documents import FileFormat, FileRef
from domain.obligations import obligation_id
from domain.org import ROLE_RU, Role
from domain.regulations.model import Obligation

router = APIRouter(tags=["obligations"])

Key = Annotated[str, Path(min_length=1, max_length=64, description="Обязанность, например package")]
Instance = Annotated[str, Path(min_length=1, max_length=32, description="Экземпляр, например annual")]


class SubmitBody(BaseModel):
    items: dict[str, str] = Field(
        description='Документ -> id загруженного файла, например {"polozhenie": "…", "roadmap": "…"}'
    )
    note: str = Field(default="", max_length=4000, description="Сопроводительный комментарий")


class DecisionBody(BaseModel):
    action: Literal["agree", "approve", "return"] = Field(
        description="agree — согласовать, approve — принять/утвердить, return — вернуть на доработку"
    )
    comment: str = Field(default="", max_length=4000, description="Комментарий; обязателен при возврате")


def _actor_view(actor: dict[str, Any]) -> dict[str, Any]:
    return {**actor, "role_ru": ROLE_RU[Role(actor["role"])]}


async def obligation_detail(conn: Any, oid: str) -> dict[str, Any] | None:
    row = (await conn.execute(select(obligations).where(obligations.c.obligation_id == oid))).one_or_none()
    if row is None:
        return None
    rule = Obligation.model_validate(row.rule)
    submission_rows = (
        await conn.execute(
            select(submissions).where(submissions.c.obligation_id == oid).order_by(submissions.c.submission_no)
        )
    ).all()
    decision_rows = (
        await conn.execute(
            select(decisions)
            .where(decisions.c.obligation_id == oid)
            .order_by(decisions.c.decided_at, decisions.c.submission_no, decisions.c.step)
        )
    ).all()
    escalation_rows = (
        await conn.execute(
            select(escalations).where(escalations.c.obligation_id == oid).order_by(escalations.c.raised_at)
        )
    ).all()
    return {
        **obligation_view(row, datetime.now(UTC)),
        "items": [
            {"key": i.key, "title": i.title, "clause": i.clause, "formats": [f.value for f in i.formats]}
            for i in rule.items
        ],
        "review_chain": [
            {"role": s.role.value, "role_ru": ROLE_RU[s.role], "action": s.action.value, "title": s.title}
            for s in rule.review_chain
        ],
        "submissions": [
            {
                "submission_no": s.submission_no,
                "items": s.items,
                "submitted_by": _actor_view(s.submitted_by),
                "submitted_at": s.submitted_at,
                "note": s.note,
                "late": s.late,
                "due_effective": s.due_effective,
            }
            for s in submission_rows
        ],
        "decisions": [
            {
                "submission_no": d.submission_no,
                "step": d.step,
                "action": d.action,
                "comment": d.comment,
                "decided_by": _actor_view(d.decided_by),
                "decided_at": d.decided_at,
                "resubmit_due": (
                    {"nominal": d.resubmit_nominal_due, "effective": d.resubmit_effective_due}
                    if d.resubmit_nominal_due
                    else None
                ),
            }
            for d in decision_rows
        ],
        "escalations": [escalation_view(e) for e in escalation_rows],
    }


async def _visible_obligation(
    runtime: Any, principal: Any, site_id: str, year: int, key: str, instance: str
) -> tuple[Any, str, dict[str, Any]]:
    oid = obligation_id(site_id, year, key, instance)
    async with runtime.engine.connect() as conn:
        site = await visible_site(conn, principal, site_id)
        detail = await obligation_detail(conn, oid)
    if detail is None:
        raise Problem(404, "obligation_not_found", "Обязанность не найдена в этом цикле.")
    return site, oid, detail


PATH = "/api/sites/{site_id}/cycles/{year}/obligations/{key}/{instance}"


@router.get(PATH, summary="Обязанность: состояние, сроки, представления, решения, эскалации")
async def get_obligation(
    site_id: str, year: Year, key: Key, instance: Instance, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return (await _visible_obligation(runtime, principal, site_id, year, key, instance))[2]


@router.post(PATH + "/submissions", summary="Представить документы")
async def submit(
    site_id: str,
    year: Year,
    key: Key,
    instance: Instance,
    body: SubmitBody,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    site, oid, _ = await _visible_obligation(runtime, principal, site_id, year, key, instance)
    async with runtime.engine.connect() as conn:
        rows = await file_rows(conn, site.id, list(body.items.values()))
    refs: dict[str, FileRef] = {}
    for item, file_id in body.items.items():
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
    command = approval.SubmitDocuments(actor=principal.actor_on(site), items=refs, note=body.note)
    await runtime.commands.update(oid, "submit", command)
    return await _after_command(runtime, oid)


@router.post(PATH + "/decisions", summary="Решение по представлению: согласовать, принять, вернуть")
async def decide(
    site_id: str,
    year: Year,
    key: Key,
    instance: Instance,
    body: DecisionBody,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    site, oid, _ = await _visible_obligation(runtime, principal, site_id, year, key, instance)
    command = approval.DecideSubmission(actor=principal.actor_on(site), action=body.action, comment=body.comment)
    await runtime.commands.update(oid, "decide", command)
    return await _after_command(runtime, oid)


async def _after_command(runtime: Any, oid: str) -> dict[str, Any]:
    async with runtime.engine.connect() as conn:
        detail = await obligation_detail(conn, oid)
    assert detail is not None
    return detail
