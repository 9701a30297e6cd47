"""Tasks (задачи) of the inbox: who must act on which obligation, following the user-task model of BPM engines —
candidates by role, an assignee once someone claims it or is given it, a due date, a follow-up date. Tasks are
derived from the obligations; claiming, releasing and assigning are facts of their own, decided here."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, ActorRef, DomainError, DomainEvent, register_event
from domain.people import ROLE_RU, Role

# Besides the candidates themselves, who may hand a task to someone: the site's director and the RCRSO.
ASSIGNERS = (Role.SITE_DIRECTOR, Role.CURATOR, Role.RCRSO_DIRECTOR, Role.ADMIN)


def task_stream(task_id: str) -> str:
    return f"task:{task_id}"


class TaskState(BaseModel):
    """What the rules need to know of a task."""

    model_config = ConfigDict(frozen=True)

    task_id: str
    open: bool
    candidate_roles: tuple[Role, ...]
    assignee_id: str | None


@register_event
class TaskClaimed(DomainEvent):
    """Someone took the task (взял в работу)."""

    event_type = "TaskClaimed"

    task_id: str
    assignee: ActorRef


@register_event
class TaskReleased(DomainEvent):
    """The task went back to its candidates."""

    event_type = "TaskReleased"

    task_id: str
    by: ActorRef


@register_event
class TaskAssigned(DomainEvent):
    """Someone handed the task to a colleague (назначил исполнителя)."""

    event_type = "TaskAssigned"

    task_id: str
    assignee: ActorRef
    by: ActorRef


def _candidate_role(task: TaskState, actor: Actor) -> Role | None:
    return next((role for role in task.candidate_roles if role in actor.roles), None)


def _who(task: TaskState) -> str:
    return ", ".join(ROLE_RU[role] for role in task.candidate_roles)


def _require_open(task: TaskState) -> None:
    if not task.open:
        raise DomainError("task_closed", "Задача уже выполнена.")


def claim(task: TaskState, actor: Actor, now: datetime) -> TaskClaimed:
    _require_open(task)
    role = _candidate_role(task, actor)
    if role is None:
        raise DomainError("not_a_candidate", f"Взять задачу может: {_who(task)}.")
    if task.assignee_id == actor.user_id:
        raise DomainError("already_yours", "Задача уже у вас.")
    if task.assignee_id is not None:
        raise DomainError("taken", "Задачу уже взял другой исполнитель; передать её может директор площадки.")
    return TaskClaimed(occurred_at=now, task_id=task.task_id, assignee=actor.ref(role))


def releasable(task: TaskState) -> bool:
    """Whether the task can go back to a common list: only one that has candidates to take it again. A personal task
    (an expert's assignment: no candidate roles, one assignee) released would belong to nobody."""
    return bool(task.candidate_roles)


def release(task: TaskState, actor: Actor, now: datetime) -> TaskReleased:
    _require_open(task)
    if task.assignee_id is None:
        raise DomainError("not_assigned", "У задачи нет исполнителя.")
    if not releasable(task):
        raise DomainError(
            "personal_task",
            "Это личная задача исполнителя: вернуть её в общий список нельзя — взять её оттуда было бы некому. "
            "Эксперт отказывается от назначения или заявляет самоотвод на странице продукта.",
        )
    role = next((r for r in ASSIGNERS if r in actor.roles), None)
    if task.assignee_id != actor.user_id and role is None:
        raise DomainError("not_yours", "Вернуть задачу может её исполнитель или директор площадки.")
    acting_role = role or _candidate_role(task, actor) or next(iter(actor.roles))
    return TaskReleased(occurred_at=now, task_id=task.task_id, by=actor.ref(acting_role))


def _assigning_role(task: TaskState, actor: Actor) -> Role | None:
    return _candidate_role(task, actor) or next((r for r in ASSIGNERS if r in actor.roles), None)


def may_hand_over(task: TaskState, actor: Actor) -> bool:
    """Whether ``actor`` may hand the open task to someone: a candidate of it, the site's director, the RCRSO."""
    return task.open and _assigning_role(task, actor) is not None


def may_be_given(task: TaskState, colleague: Actor) -> bool:
    """Whether the task could be handed to ``colleague``: a candidate who does not hold it already."""
    return _candidate_role(task, colleague) is not None and task.assignee_id != colleague.user_id


def assign(task: TaskState, actor: Actor, assignee: Actor, now: datetime) -> TaskAssigned:
    _require_open(task)
    role = _assigning_role(task, actor)
    if role is None:
        raise DomainError("not_allowed", "Назначить исполнителя может кандидат задачи или директор площадки.")
    assignee_role = _candidate_role(task, assignee)
    if assignee_role is None:
        raise DomainError(
            "assignee_not_a_candidate", f"Исполнителем может быть только: {_who(task)}.", "assignee_login"
        )
    if task.assignee_id == assignee.user_id:
        raise DomainError("already_assigned", "Задача уже у этого исполнителя.")
    return TaskAssigned(occurred_at=now, task_id=task.task_id, assignee=assignee.ref(assignee_role), by=actor.ref(role))
