"""Notifications without I/O: subjects a person can sort by, the period in words, which kinds follow a person's
choice, reading one's notifications and choosing how they come."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.common import DomainError
from domain.escalation import EscalationLevel
from domain.notifications import (
    KIND_OF_LEVEL,
    Delivery,
    NotificationKind,
    NotificationPreferencesSet,
    Preference,
    Preferences,
    PreferencesRefused,
    check_known,
    due_phrase,
    notifications_stream,
    period_phrase,
    preference_of,
    read,
    set_preferences,
    subject,
)

NOW = datetime(2027, 1, 12, 10, 0, tzinfo=UTC)


def test_the_subject_a_person_sorts_by() -> None:
    assert (
        subject(NotificationKind.OVERDUE, "ежеквартальный отчет", "1.1.5", period_phrase(2027, "Q3"))
        == "[innocycle] Просрочено: ежеквартальный отчет 1.1.5 за III квартал 2027"
    )
    assert (
        subject(NotificationKind.TASK, "Представить: пакет", "region:86")
        == "[innocycle] Новая задача: Представить: пакет"
    )


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("Q1", "за I квартал 2027"),
        ("Q4", "за IV квартал 2027"),
        ("M01", "за январь 2027"),
        ("H2", "за 2 полугодие 2027"),
        ("Y", "за 2027 год"),
        (None, ""),
        ("nonsense", ""),
    ],
)
def test_the_period_in_words(key: str | None, words: str) -> None:
    assert period_phrase(2027, key) == words


def test_every_level_of_a_ladder_has_its_kind_and_only_reminders_and_tasks_follow_a_choice() -> None:
    assert set(KIND_OF_LEVEL) == set(EscalationLevel)
    assert preference_of(NotificationKind.REMINDER) == Preference.REMINDERS
    assert preference_of(NotificationKind.TASK) == Preference.TASKS
    for kind in (NotificationKind.OVERDUE, NotificationKind.LEVEL2, NotificationKind.LEVEL3, NotificationKind.RETURNED):
        assert preference_of(kind) == Preference.ALWAYS


def test_the_due_date_explains_itself() -> None:
    assert due_phrase(date(2026, 12, 21), date(2026, 12, 21)) == "21.12.2026"
    moved = due_phrase(date(2026, 12, 20), date(2026, 12, 21))
    assert moved.startswith("21.12.2026 (по правилу 20.12.2026 — нерабочий день")
    assert "ГК РФ ст. 193" in moved
    assert due_phrase(None, None) == ""


def test_reading_marks_only_what_is_unread_and_once() -> None:
    event = read("u1", ["a", "b"], ["b", "b", "c"], NOW)
    assert event is not None
    assert event.notification_ids == ("b",)
    assert event.user_id == "u1"
    assert read("u1", [], ["a"], NOW) is None  # read already: nothing to record
    assert notifications_stream("u1") == "notifications:u1"


def test_another_persons_notification_is_not_found() -> None:
    check_known(["a", "b"], ["a"])
    with pytest.raises(DomainError) as refused:
        check_known(["a"], ["x"])
    assert refused.value.code == "notification_not_found"


def test_choosing_an_address_and_how_things_come() -> None:
    chosen = set_preferences("u1", Preferences(), Preferences(email=" ivanova@example.ru ", tasks=Delivery.OFF), NOW)
    assert isinstance(chosen, NotificationPreferencesSet)
    assert (chosen.email, chosen.reminders, chosen.tasks) == ("ivanova@example.ru", Delivery.IMMEDIATE, Delivery.OFF)
    same = Preferences(email="ivanova@example.ru", tasks=Delivery.OFF)
    assert set_preferences("u1", same, same, NOW) is None  # nothing differs: nothing recorded


@pytest.mark.parametrize("address", ["ivanova", "ivanova@", "@example.ru", "a b@example.ru", "ivanova@example"])
def test_an_address_that_is_no_address_is_refused_beside_its_field(address: str) -> None:
    with pytest.raises(PreferencesRefused) as refused:
        set_preferences("u1", Preferences(), Preferences(email=address), NOW)
    assert (refused.value.code, refused.value.field) == ("invalid_email", "email")


def test_the_digest_is_offered_now_that_it_is_sent() -> None:
    chosen = set_preferences("u1", Preferences(), Preferences(email="a@example.ru", reminders=Delivery.DIGEST), NOW)
    assert chosen is not None and (chosen.reminders, chosen.tasks) == (Delivery.DIGEST, Delivery.IMMEDIATE)
