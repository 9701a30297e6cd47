"""Taking a task, giving it back, handing it to a colleague, as the caller: the task must be one they may see
(otherwise it does not exist for them), the domain decides (``domain.tasks``), ``commands.record`` appends. The
REST routes and the inbox page both act here; a refusal is a ``Problem`` with the domain's Russian message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from api.access.principal import Principal, holders_of, load_principal
from api.problems import Problem, field_problem, refused
from api.runtime import Runtime
from api.sites.service import load_site
from api.tables import tasks, users
from api.tasks.commands import record
from api.tasks.views import task_item
from api.today import service_today
from domain.common import Actor, DomainError, DomainEvent
from domain.people import ROLE_RU, Role, ScopeKind
from domain.sites import Site
from domain.tasks import TaskState, assign, claim, may_be_given, may_hand_over, release

TASK_NOT_FOUND = "Задача не найдена."


@dataclass(frozen=True)
class Colleague:
    """Someone a task may be handed to, as the hand-over form lists them."""

    user_id: str
    login: str
    full_name: str
    position: str
    role: str
    role_ru: str
    on_behalf_of: str  # whom they stand in for (замещение), when it is by a substitution that they may take it

    @classmethod
    def of(cls, principal: Principal, actor: Actor, candidate_roles: tuple[Role, ...]) -> Colleague:
        role = next(role for role in candidate_roles if role in actor.roles)
        return cls(
            user_id=principal.user_id,
            login=principal.login,
            full_name=principal.full_name,
            position=principal.position,
            role=role.value,
            role_ru=ROLE_RU[role],
            on_behalf_of=actor.substitute_for.get(role, ""),
        )


async def visible_task(runtime: Runtime, principal: Principal, task_id: str) -> tuple[Any, Site]:
    """The task's row and site; a task out of the caller's sight is answered like one that does not exist."""
    async with runtime.engine.connect() as conn:
        row = (await conn.execute(select(tasks).where(tasks.c.task_id == task_id))).one_or_none()
        site = await load_site(conn, row.site_id) if row is not None else None
    if (
        row is None
        or site is None
        or not (principal.can_read(site) or _visible_as_candidate(principal, row, site) or _assigned_to(principal, row))
    ):
        raise Problem(404, "task_not_found", TASK_NOT_FOUND)
    return row, site


def _visible_as_candidate(principal: Principal, row: Any, site: Site) -> bool:
    if row.forms_of:  # an institution's own forms (D34): its responsible person alone
        own = (Role.INSTITUTION_RESPONSIBLE, ScopeKind.INSTITUTION, row.forms_of)
        return any((g.role, g.scope_kind, g.scope_id) == own for g in principal.grants)
    return bool({r.value for r in principal.roles_on(site)} & set(row.candidate_roles))


def _assigned_to(principal: Principal, row: Any) -> bool:
    """A personal task (an expert's assignment) is its assignee's to see, whatever their grants on its site."""
    return row.assignee_id is not None and str(row.assignee_id) == principal.user_id


def _state(row: Any) -> TaskState:
    return TaskState(
        task_id=row.task_id,
        open=row.state == "open",
        candidate_roles=tuple(Role(r) for r in row.candidate_roles),
        assignee_id=str(row.assignee_id) if row.assignee_id else None,
    )


async def _record(runtime: Runtime, task_id: str, event: DomainEvent) -> dict[str, Any]:
    await record(runtime.eventlog, task_id, event)
    async with runtime.engine.connect() as conn:
        row = (await conn.execute(select(tasks).where(tasks.c.task_id == task_id))).one()
    return task_item(row, datetime.now(UTC))


async def claim_task(runtime: Runtime, principal: Principal, task_id: str) -> dict[str, Any]:
    """The caller takes the task (взять в работу); the task as it is now."""
    row, site = await visible_task(runtime, principal, task_id)
    try:
        event = claim(_state(row), principal.actor_on(site), datetime.now(UTC))
    except DomainError as error:
        raise refused(409, error.code, error.message, error.field) from None
    return await _record(runtime, task_id, event)


async def release_task(runtime: Runtime, principal: Principal, task_id: str) -> dict[str, Any]:
    """The task goes back to its candidates (вернуть в общий список); the task as it is now."""
    row, site = await visible_task(runtime, principal, task_id)
    try:
        event = release(_state(row), principal.actor_on(site), datetime.now(UTC))
    except DomainError as error:
        raise refused(409, error.code, error.message, error.field) from None
    return await _record(runtime, task_id, event)


async def colleagues_for(
    runtime: Runtime, principal: Principal, task_id: str
) -> tuple[dict[str, Any], list[Colleague]]:
    """The task and everyone it could be handed to by the caller (передать коллеге): each active user who would be
    its candidate on the task's site today, substitutes included, as the domain judges them."""
    row, site = await visible_task(runtime, principal, task_id)
    task = _state(row)
    if not may_hand_over(task, principal.actor_on(site)):
        raise refused(
            409,
            "not_allowed",
            "Передать задачу может её кандидат, директор площадки или РЦРСО." if task.open else "Задача уже выполнена.",
        )
    today = service_today()
    colleagues = []
    async with runtime.engine.connect() as conn:
        for user_id in await holders_of(conn, task.candidate_roles, today):
            colleague = await load_principal(conn, user_id, today)
            if colleague is None or colleague.user_id == principal.user_id:
                continue
            actor = colleague.actor_on(site)
            if may_be_given(task, actor):
                colleagues.append(Colleague.of(colleague, actor, task.candidate_roles))
    return task_item(row, datetime.now(UTC)), colleagues


async def assign_task(runtime: Runtime, principal: Principal, task_id: str, assignee_login: str) -> dict[str, Any]:
    """The caller hands the task to the colleague signing in as ``assignee_login``; the task as it is now."""
    row, site = await visible_task(runtime, principal, task_id)
    async with runtime.engine.connect() as conn:
        user_id = (
            await conn.execute(select(users.c.id).where(users.c.login == assignee_login, users.c.active.is_(True)))
        ).scalar_one_or_none()
        target = await load_principal(conn, str(user_id), service_today()) if user_id else None
    if target is None:
        raise field_problem(
            422, "unknown_user", f"Пользователь «{assignee_login}» не найден.", "assignee_login", "не найден"
        )
    assignee: Actor = target.actor_on(site)
    try:
        event = assign(_state(row), principal.actor_on(site), assignee, datetime.now(UTC))
    except DomainError as error:
        raise refused(409, error.code, error.message, error.field) from None
    return await _record(runtime, task_id, event)
