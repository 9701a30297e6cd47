"""The inbox: the tasks of the caller — those assigned to them, those they may take as a candidate on the sites
of their grants, and those of colleagues who handed them their tasks for a period — with filters, sorting and
pagination; taking a task, giving it back, handing it to a colleague."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field
from pydantic_core import to_json
from sqlalchemy import select

from api.access.deps import PrincipalDep
from api.access.principal import Principal, load_principal
from api.problems import Problem, field_problem, refused
from api.regulations.views import obligation_url
from api.runtime import RuntimeDep
from api.sites.service import load_site
from api.tables import tasks, users
from api.tasks.commands import record
from api.tasks.inbox_query import InboxFilter, inbox_sql
from api.tasks.projection import KIND_RU
from domain.common import Actor, DomainError, DomainEvent
from domain.people import ROLE_RU, Role
from domain.regulations.model import ObligationKind
from domain.sites import Site
from domain.tasks import TaskState, assign, claim, release

router = APIRouter(tags=["tasks"])

SOON = timedelta(days=5)
TaskKind = Literal["submit", "revise", "review", "extension", "record", "update"]


class RoleView(BaseModel):
    role: str
    role_ru: str


class PersonView(BaseModel):
    user_id: str
    full_name: str


class DueView(BaseModel):
    nominal: date | None
    effective: date | None
    ends_at: datetime | None


class TaskObligation(BaseModel):
    obligation_id: str
    key: str
    instance: str
    kind: str
    url: str
    rule_url: str


class TaskView(BaseModel):
    task_id: str
    kind: str
    kind_ru: str
    title: str
    site_id: str
    year: int
    obligation: TaskObligation
    candidate_roles: list[RoleView]
    assignee: PersonView | None
    state: Literal["open", "completed"]
    due: DueView | None
    follow_up: date | None
    priority: Literal["high", "normal", "low"]
    overdue: bool
    created_at: datetime
    completed_at: datetime | None


class TaskPage(BaseModel):
    items: list[TaskView]
    page: int
    per_page: int
    total: int


class AssignBody(BaseModel):
    assignee_login: str = Field(min_length=1, max_length=64, description="Кому передать задачу")


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
        "kind_ru": KIND_RU.get(row.kind, row.kind),
        "title": row.title,
        "site_id": row.site_id,
        "year": row.year,
        "obligation": {
            "obligation_id": row.obligation_id,
            "key": row.key,
            "instance": row.instance,
            "kind": row.obligation_kind,
            "url": f"/api/sites/{row.site_id}/cycles/{row.year}/obligations/{row.key}/{row.instance}",
            "rule_url": obligation_url(row.regulation_id, row.key),
        },
        "candidate_roles": [{"role": r, "role_ru": ROLE_RU[Role(r)]} for r in row.candidate_roles],
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


def task_view(row: Any, now: datetime) -> TaskView:
    return TaskView.model_validate(task_item(row, now))


def _base() -> Any:
    return select(tasks)


@router.get("/api/tasks", response_model=TaskPage, summary="Мои задачи (входящие)")
async def inbox(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    state: Literal["open", "completed", "all"] = "open",
    role: Annotated[Role | None, Query(description="Задачи для этой роли")] = None,
    site_id: Annotated[str | None, Query(max_length=32)] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    kind: Annotated[ObligationKind | None, Query(description="Вид обязанности")] = None,
    task_kind: Annotated[
        TaskKind | None, Query(description="Что просят: представить, доработать, рассмотреть…")
    ] = None,
    due_before: date | None = None,
    overdue: bool | None = None,
    assigned: Literal["me", "unassigned", "any"] = "any",
    sort: Literal["due", "-due", "created", "-created"] = "due",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    now = datetime.now(UTC)
    the_filter = InboxFilter(
        state=state,
        role=role.value if role else None,
        site_id=site_id,
        year=year,
        obligation_kind=kind.value if kind else None,
        task_kind=task_kind,
        due_before=due_before,
        overdue=overdue,
        assigned=assigned,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    # One round trip: the page, each row carrying the count of all that match.
    page_sql, count_sql, params = inbox_sql(principal, the_filter, now)
    async with runtime.reads.connect() as conn:
        rows = (await conn.exec_driver_sql(page_sql, params)).all()
        # Past the last page, or nothing at all: the count alone.
        total = rows[0].matching if rows else (await conn.exec_driver_sql(count_sql, params)).scalar_one()
    result = {"items": [task_item(row, now) for row in rows], "page": page, "per_page": per_page, "total": total}
    # Serialised here, once, from plain values of the TaskPage shape (TaskView documents each item).
    return Response(to_json(result), media_type="application/json")


async def _task(runtime: Any, principal: Principal, task_id: str) -> tuple[Any, Site]:
    async with runtime.engine.connect() as conn:
        row = (await conn.execute(_base().where(tasks.c.task_id == task_id))).one_or_none()
        site = await load_site(conn, row.site_id) if row is not None else None
    if row is None or site is None or not (principal.can_read(site) or _visible_as_candidate(principal, row, site)):
        raise Problem(404, "task_not_found", "Задача не найдена.")
    return row, site


def _visible_as_candidate(principal: Principal, row: Any, site: Site) -> bool:
    return bool({r.value for r in principal.roles_on(site)} & set(row.candidate_roles))


def _state(row: Any) -> TaskState:
    return TaskState(
        task_id=row.task_id,
        open=row.state == "open",
        candidate_roles=tuple(Role(r) for r in row.candidate_roles),
        assignee_id=str(row.assignee_id) if row.assignee_id else None,
    )


async def _record(runtime: Any, task_id: str, event: DomainEvent) -> TaskView:
    await record(runtime.eventlog, task_id, event)
    async with runtime.engine.connect() as conn:
        row = (await conn.execute(_base().where(tasks.c.task_id == task_id))).one()
    return task_view(row, datetime.now(UTC))


@router.post("/api/tasks/{task_id}/claim", response_model=TaskView, summary="Взять задачу в работу")
async def claim_task(task_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> TaskView:
    row, site = await _task(runtime, principal, task_id)
    try:
        event = claim(_state(row), principal.actor_on(site), datetime.now(UTC))
    except DomainError as error:
        raise refused(409, error.code, error.message, error.field) from None
    return await _record(runtime, task_id, event)


@router.post("/api/tasks/{task_id}/release", response_model=TaskView, summary="Вернуть задачу кандидатам")
async def release_task(task_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> TaskView:
    row, site = await _task(runtime, principal, task_id)
    try:
        event = release(_state(row), principal.actor_on(site), datetime.now(UTC))
    except DomainError as error:
        raise refused(409, error.code, error.message, error.field) from None
    return await _record(runtime, task_id, event)


@router.post("/api/tasks/{task_id}/assign", response_model=TaskView, summary="Передать задачу коллеге")
async def assign_task(task_id: str, body: AssignBody, runtime: RuntimeDep, principal: PrincipalDep) -> TaskView:
    row, site = await _task(runtime, principal, task_id)
    async with runtime.engine.connect() as conn:
        user_id = (
            await conn.execute(select(users.c.id).where(users.c.login == body.assignee_login, users.c.active.is_(True)))
        ).scalar_one_or_none()
        target = await load_principal(conn, str(user_id), datetime.now(UTC).date()) if user_id else None
    if target is None:
        raise field_problem(
            422, "unknown_user", f"Пользователь «{body.assignee_login}» не найден.", "assignee_login", "не найден"
        )
    assignee: Actor = target.actor_on(site)
    try:
        event = assign(_state(row), principal.actor_on(site), assignee, datetime.now(UTC))
    except DomainError as error:
        raise refused(409, error.code, error.message, error.field) from None
    return await _record(runtime, task_id, event)
