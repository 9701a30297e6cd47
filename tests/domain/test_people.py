"""Users, grants and substitutions decided by the domain: what changes, what the rules refuse, in which words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.common import DomainError, event_from_stored
from domain.people import (
    FieldRefusal,
    GrantGiven,
    GrantTerms,
    Role,
    ScopeKind,
    SubstitutionState,
    UserChanged,
    UserDeactivated,
    UserReactivated,
    UserState,
    arrange_substitution,
    cancel_substitution,
    change_user,
    check_substitution_period,
    give_grant,
    register_user,
    substitution_stream,
    user_stream,
    withdraw_grant,
)

NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)
TODAY = NOW.date()
ADMIN = "admin-id"
USER = UserState(user_id="u", full_name="Новикова Анна Сергеевна", position="специалист", active=True)


def refusal(call: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as error:
        call()
    return error.value


def test_a_user_and_their_grants_have_one_stream_and_a_substitution_its_own() -> None:
    assert user_stream("u") == "user:u"
    assert substitution_stream("s") == "substitution:s"


def test_a_registration_trims_the_name_and_says_who_registered() -> None:
    registered = register_user("u", "novikova", "  Новикова Анна Сергеевна ", " специалист ", ADMIN, NOW)
    assert (registered.login, registered.full_name, registered.position, registered.by) == (
        "novikova",
        "Новикова Анна Сергеевна",
        "специалист",
        ADMIN,
    )
    # An event carries no password: a hash is a credential, not a fact.
    assert not any("password" in key for key in registered.payload())
    assert event_from_stored("UserRegistered", registered.payload()) == registered


def test_a_change_records_only_what_differs() -> None:
    assert change_user(USER, ADMIN, NOW, full_name=USER.full_name, position=USER.position, active=True) == []
    [changed] = change_user(USER, ADMIN, NOW, position="ведущий специалист")
    assert isinstance(changed, UserChanged)
    assert (changed.full_name, changed.position) == (None, "ведущий специалист")
    name_and_off = change_user(USER, ADMIN, NOW, full_name="Новикова-Петрова Анна Сергеевна", active=False)
    assert [type(e) for e in name_and_off] == [UserChanged, UserDeactivated]
    inactive = USER.model_copy(update={"active": False})
    assert [type(e) for e in change_user(inactive, ADMIN, NOW, active=True)] == [UserReactivated]
    assert change_user(inactive, ADMIN, NOW, active=False) == []


def test_nobody_switches_off_their_own_account() -> None:
    error = refusal(lambda: change_user(USER, "u", NOW, active=False))
    assert (error.code, error.message, error.field) == (
        "self_deactivation",
        "Нельзя отключить собственную учетную запись.",
        None,
    )
    assert change_user(USER, "u", NOW, position="другая") != []  # anything else of one's own may change


def test_a_grant_within_a_scope_for_a_period() -> None:
    terms = GrantTerms(
        role=Role.CURATOR,
        scope_kind=ScopeKind.DIRECTION,
        scope_id="1.1.5",
        acting=True,
        valid_from=date(2027, 1, 1),
        valid_until=date(2027, 1, 31),
    )
    given = give_grant(USER, "g", terms, ADMIN, NOW)
    assert isinstance(given, GrantGiven)
    assert (given.grant_id, given.role, given.acting, given.valid_until, given.by) == (
        "g",
        Role.CURATOR,
        True,
        date(2027, 1, 31),
        ADMIN,
    )
    assert event_from_stored("GrantGiven", given.payload()) == given
    one_day = terms.model_copy(update={"valid_until": terms.valid_from})
    assert give_grant(USER, "g", one_day, ADMIN, NOW).valid_until == date(2027, 1, 1)
    open_ended = GrantTerms(role=Role.ADMIN, scope_kind=ScopeKind.GLOBAL)
    assert give_grant(USER, "g", open_ended, None, NOW).by is None


def test_a_grant_refused_names_its_field_in_the_words_of_the_api() -> None:
    backwards = GrantTerms(
        role=Role.CURATOR,
        scope_kind=ScopeKind.SITE,
        scope_id="1.1.5",
        valid_from=date(2030, 1, 10),
        valid_until=date(2030, 1, 1),
    )
    error = refusal(lambda: give_grant(USER, "g", backwards, ADMIN, NOW))
    assert isinstance(error, FieldRefusal)
    assert (error.code, error.message, error.field, error.note) == (
        "invalid_period",
        "Окончание срока раньше его начала.",
        "valid_until",
        "раньше начала",
    )
    global_with_id = GrantTerms(role=Role.ADMIN, scope_kind=ScopeKind.GLOBAL, scope_id="86")
    error = refusal(lambda: give_grant(USER, "g", global_with_id, ADMIN, NOW))
    assert isinstance(error, FieldRefusal)
    assert (error.code, error.message, error.field, error.note) == (
        "invalid_scope",
        "Глобальная область не имеет идентификатора.",
        "scope_id",
        "должно быть пусто",
    )


def test_only_a_grant_the_user_holds_is_withdrawn() -> None:
    holding = USER.model_copy(update={"grant_ids": frozenset({"g"})})
    assert withdraw_grant(holding, "g", ADMIN, NOW).grant_id == "g"
    error = refusal(lambda: withdraw_grant(USER, "g", ADMIN, NOW))
    assert (error.code, error.message) == ("grant_not_found", "Роль не найдена.")


def arrange(absent: str = "a", substitute: str = "s", starts_on: date = TODAY, days: int = 14) -> object:
    return arrange_substitution(
        "sub",
        absent_user_id=absent,
        substitute_user_id=substitute,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        reason="  отпуск ",
        by=absent,
        now=NOW,
    )


def test_a_substitution_for_a_period_not_yet_over() -> None:
    arranged = arrange_substitution(
        "sub",
        absent_user_id="a",
        substitute_user_id="s",
        starts_on=TODAY - timedelta(days=3),
        ends_on=TODAY,  # the last day is today: not past yet
        reason="  отпуск ",
        by="a",
        now=NOW,
    )
    assert (arranged.absent_user_id, arranged.substitute_user_id, arranged.reason) == ("a", "s", "отпуск")
    assert event_from_stored("SubstitutionArranged", arranged.payload()) == arranged


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            lambda: arrange(days=-1),
            ("invalid_period", "Окончание замещения раньше его начала.", "ends_on", "раньше начала"),
        ),
        (
            lambda: arrange(starts_on=TODAY - timedelta(days=10), days=9),
            ("period_past", "Период замещения уже прошёл.", "ends_on", "в прошлом"),
        ),
        (
            lambda: arrange(substitute="a"),
            ("self_substitution", "Нельзя замещать самого себя.", "substitute_login", "это вы"),
        ),
    ],
)
def test_a_substitution_refused(call: Callable[[], object], expected: tuple[str, str, str, str]) -> None:
    error = refusal(call)
    assert isinstance(error, FieldRefusal)
    assert (error.code, error.message, error.field, error.note) == expected


def test_the_period_is_checked_on_its_own_before_anyone_is_looked_up() -> None:
    check_substitution_period(TODAY, TODAY, TODAY)
    assert refusal(lambda: check_substitution_period(TODAY, TODAY - timedelta(days=1), TODAY)).code == "invalid_period"


def test_a_substitution_is_cancelled_once() -> None:
    running = SubstitutionState(substitution_id="sub", absent_user_id="a", cancelled=False)
    cancelled = cancel_substitution(running, "s", NOW)
    assert cancelled is not None
    assert (cancelled.substitution_id, cancelled.absent_user_id, cancelled.by) == ("sub", "a", "s")
    assert cancel_substitution(running.model_copy(update={"cancelled": True}), "s", NOW) is None
