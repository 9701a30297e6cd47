"""The inbox: the tasks of the caller — those assigned to them, those they may take as a candidate on the sites
of their grants, and those of colleagues who handed them their tasks for a period — with filters, sorting and
pagination; taking a task, giving it back, handing it to a colleague."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field
from pydantic_core import to_json

from api.access.deps import PrincipalDep
from api.runtime import RuntimeDep
from api.tasks import actions
from api.tasks.inbox import inbox as inbox_page
from api.tasks.inbox_query import InboxFilter
from domain.people import Role
from domain.regulations.model import ObligationKind

router = APIRouter(tags=["tasks"])

TaskKind = Literal["submit", "revise", "review", "review_item", "extension", "record", "update", "perform"]


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
    overdue: int = Field(description="Сколько из найденных задач просрочено")


class AssignBody(BaseModel):
    assignee_login: str = Field(min_length=1, max_length=64, description="Кому передать задачу")


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
    result = await inbox_page(runtime, principal, the_filter, now)
    # Serialised here, once, from plain values of the TaskPage shape (TaskView documents each item).
    return Response(to_json(result), media_type="application/json")


@router.post("/api/tasks/{task_id}/claim", response_model=TaskView, summary="Взять задачу в работу")
async def claim_task(task_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> TaskView:
    return TaskView.model_validate(await actions.claim_task(runtime, principal, task_id))


@router.post("/api/tasks/{task_id}/release", response_model=TaskView, summary="Вернуть задачу кандидатам")
async def release_task(task_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> TaskView:
    return TaskView.model_validate(await actions.release_task(runtime, principal, task_id))


class ColleagueView(BaseModel):
    user_id: str
    login: str
    full_name: str
    position: str
    role: str = Field(description="В какой роли коллега может взять задачу")
    role_ru: str
    on_behalf_of: str = Field(description="Кого коллега замещает, если может взять задачу как замещающий")


@router.get(
    "/api/tasks/{task_id}/colleagues",
    response_model=list[ColleagueView],
    summary="Кому можно передать задачу",
)
async def task_colleagues(task_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> list[ColleagueView]:
    _task, colleagues = await actions.colleagues_for(runtime, principal, task_id)
    return [ColleagueView.model_validate(colleague, from_attributes=True) for colleague in colleagues]


@router.post("/api/tasks/{task_id}/assign", response_model=TaskView, summary="Передать задачу коллеге")
async def assign_task(task_id: str, body: AssignBody, runtime: RuntimeDep, principal: PrincipalDep) -> TaskView:
    return TaskView.model_validate(await actions.assign_task(runtime, principal, task_id, body.assignee_login))
