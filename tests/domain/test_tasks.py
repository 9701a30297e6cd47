"""Taking, giving back and handing over inbox tasks (задачи): who may, and what the record says."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.common import Actor, DomainError
from domain.people import Role
from domain.tasks import TaskState, assign, claim, releasable, release

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)
RESPONSIBLE = Actor(user_id="r", full_name="Ответственный", roles=frozenset({Role.SITE_RESPONSIBLE}))
DIRECTOR = Actor(user_id="d", full_name="Директор", roles=frozenset({Role.SITE_DIRECTOR}))
CURATOR = Actor(user_id="c", full_name="Куратор", roles=frozenset({Role.CURATOR}))
DEPARTMENT = Actor(user_id="g", full_name="Департамент", roles=frozenset({Role.DEPARTMENT}))


def task(assignee: str | None = None, open_: bool = True) -> TaskState:
    roles = (Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR)
    return TaskState(task_id="t", open=open_, candidate_roles=roles, assignee_id=assignee)


def refused_code(call: object) -> str:
    with pytest.raises(DomainError) as error:
        call()  # type: ignore[operator]
    return error.value.code


def test_a_candidate_takes_a_free_task_and_nobody_else_can() -> None:
    taken = claim(task(), RESPONSIBLE, NOW)
    assert (taken.assignee.user_id, taken.assignee.role) == ("r", Role.SITE_RESPONSIBLE)
    assert refused_code(lambda: claim(task(), CURATOR, NOW)) == "not_a_candidate"
    assert refused_code(lambda: claim(task("r"), DIRECTOR, NOW)) == "taken"
    assert refused_code(lambda: claim(task("r"), RESPONSIBLE, NOW)) == "already_yours"
    assert refused_code(lambda: claim(task(open_=False), RESPONSIBLE, NOW)) == "task_closed"


def test_the_assignee_or_the_director_gives_a_task_back() -> None:
    assert release(task("r"), RESPONSIBLE, NOW).by.user_id == "r"
    assert release(task("r"), DIRECTOR, NOW).by.role == Role.SITE_DIRECTOR
    other = Actor(user_id="r2", full_name="Другой ответственный", roles=frozenset({Role.SITE_RESPONSIBLE}))
    assert refused_code(lambda: release(task("r"), other, NOW)) == "not_yours"
    assert refused_code(lambda: release(task(), RESPONSIBLE, NOW)) == "not_assigned"


def test_a_personal_task_is_never_given_back_to_nobody() -> None:
    """An expert's task has no candidate roles, only its assignee: released, nobody could take it again."""
    expert = Actor(user_id="e", full_name="Эксперт", roles=frozenset({Role.EXPERT}))
    rcrso = Actor(user_id="x", full_name="Директор РЦРСО", roles=frozenset({Role.RCRSO_DIRECTOR}))
    personal = TaskState(task_id="t", open=True, candidate_roles=(), assignee_id="e")
    assert not releasable(personal) and releasable(task("r"))
    for who in (expert, rcrso):
        with pytest.raises(DomainError) as error:
            release(personal, who, NOW)
        assert error.value.code == "personal_task" and "вернуть её в общий список нельзя" in error.value.message


def test_a_task_is_handed_only_to_a_candidate_and_only_by_one_who_may() -> None:
    handed = assign(task(), DIRECTOR, RESPONSIBLE, NOW)
    assert (handed.assignee.user_id, handed.by.user_id) == ("r", "d")
    assert assign(task(), CURATOR, RESPONSIBLE, NOW).by.role == Role.CURATOR  # the curator of the site may
    with pytest.raises(DomainError) as error:
        assign(task(), DIRECTOR, CURATOR, NOW)
    assert (error.value.code, error.value.field) == ("assignee_not_a_candidate", "assignee_login")
    assert refused_code(lambda: assign(task(), DEPARTMENT, RESPONSIBLE, NOW)) == "not_allowed"
    assert refused_code(lambda: assign(task("r"), DIRECTOR, RESPONSIBLE, NOW)) == "already_assigned"
