"""A platform's profile (паспорт ОМП): set whole by its director or the Department, cleaned, checked, as events."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.common import Actor, DomainError
from domain.people import Role
from domain.platform.profile import (
    Member,
    Organisation,
    PlatformProfileSet,
    Profile,
    ProfileState,
    SetProfile,
    decide,
    profile_of,
)

NOW = datetime(2026, 12, 6, 9, tzinfo=UTC)
HOST = Organisation(institution_id="h", name="БУ СО ВО «КЦСОН г. Вологды»")
PROFILE = Profile(
    theme="  Участковая   социальная служба ",
    host=HOST,
    working_group=(Member(full_name="Белова  Ольга Ивановна", position="заведующий отделением"),),
    centres=(Organisation(institution_id="c1", name="КЦСОН 1"), Organisation(institution_id="c2", name="КЦСОН 2")),
    active_from=2022,
)


def actor(role: Role) -> Actor:
    return Actor(user_id="u", full_name="Рындин Николай Леонидович", roles=frozenset({role}))


def test_the_director_or_the_department_sets_it_and_it_is_cleaned() -> None:
    state = ProfileState(site_id="omp")
    events = decide(state, SetProfile(actor=actor(Role.DEPARTMENT), profile=PROFILE), NOW)
    assert len(events) == 1 and isinstance(events[0], PlatformProfileSet)
    state = profile_of("omp", events)
    assert state.profile is not None
    assert state.profile.theme == "Участковая социальная служба"
    assert state.profile.working_group[0].full_name == "Белова Ольга Ивановна"
    assert state.profile.years_ru() == "с 2022 года"
    assert state.updated_by is not None and state.updated_by.role is Role.DEPARTMENT
    # The same profile again changes nothing; the platform's director may change it too.
    assert decide(state, SetProfile(actor=actor(Role.DEPARTMENT), profile=PROFILE), NOW) == []
    ended = PROFILE.model_copy(update={"active_to": 2024})
    assert decide(state, SetProfile(actor=actor(Role.SITE_DIRECTOR), profile=ended), NOW)
    assert ended.years_ru() == "2022–2024 гг."


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"theme": " "}, "theme_required"),
        ({"working_group": (Member(full_name=" ", position="x"),)}, "member_name"),
        ({"centres": (HOST, HOST)}, "centre_twice"),
        ({"active_from": 1990}, "year_range"),
        ({"active_to": 2021}, "years_order"),
    ],
)
def test_a_profile_that_cannot_stand_is_refused(change: dict[str, object], code: str) -> None:
    with pytest.raises(DomainError) as refused:
        decide(
            ProfileState(site_id="omp"),
            SetProfile(actor=actor(Role.SITE_DIRECTOR), profile=PROFILE.model_copy(update=change)),
            NOW,
        )
    assert refused.value.code == code


def test_the_responsible_person_may_not_change_it() -> None:
    with pytest.raises(DomainError, match="может только"):
        decide(ProfileState(site_id="omp"), SetProfile(actor=actor(Role.SITE_RESPONSIBLE), profile=PROFILE), NOW)
