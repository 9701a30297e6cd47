"""Notifications (уведомления): what a person is told, in which words, and how they want it by e-mail.

A notification is addressed to a person, never to a role: the API resolves the roles of a ladder's step or of a task
to the people holding them that day, a substitute (замещающий) in place of the absent person (marked «за» them),
an acting official (исполняющий обязанности, И.О.) like the holder of the post. What decides the words — the kind,
the subject a person can sort by, the period — is here; so are the facts of a person's own that no workflow owns,
decided here and appended by the API (``api/notifications/commands.py``) on the stream ``notifications:{user_id}``:

- ``NotificationsRead`` — the person read some of their notifications (прочитано);
- ``NotificationPreferencesSet`` — where their e-mail goes and how they want reminders and task arrivals
  (сразу, в ежедневной сводке, не присылать). Escalations, returns and decisions are always sent at once: they
  cannot be turned off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar
from domain.common import DomainError, DomainEvent, register_event
from domain.escalation import EscalationLevel
from domain.periods import MONTHS_NOMINATIVE_RU, PeriodKind, parse_period_key


class NotificationKind(StrEnum):
    """Why a person is told (вид уведомления)."""

    REMINDER = "reminder"  # напоминание о сроке
    INTERNAL_TARGET = "internal_target"  # прошел внутренний срок площадки
    RISK = "risk"  # риск невыполнения
    OVERDUE = "overdue"  # срок нарушен
    LEVEL2 = "level2"  # эскалация 2-го уровня
    LEVEL3 = "level3"  # эскалация 3-го уровня
    TASK = "task"  # поступила задача
    RETURNED = "returned"  # возвращено на доработку
    DECISION = "decision"  # принято решение (согласование, утверждение, заключение совета)
    WEBHOOK = "webhook"  # адрес вебхуков отключен после неудачных доставок (domain.webhooks)
    DIGEST = "digest"  # ежедневная сводка


class Delivery(StrEnum):
    """How a person wants a switchable kind by e-mail (способ доставки)."""

    IMMEDIATE = "immediate"  # сразу
    DIGEST = "digest"  # в ежедневной сводке
    OFF = "off"  # не присылать


class Preference(StrEnum):
    """Which of a person's choices governs a kind; ``ALWAYS`` — none, it is always sent at once."""

    REMINDERS = "reminders"
    TASKS = "tasks"
    ALWAYS = ""


# The ways a person may choose: at once, in the daily digest (09:00 in the region on working days, below), or not
# at all.
OFFERED: tuple[Delivery, ...] = (Delivery.IMMEDIATE, Delivery.DIGEST, Delivery.OFF)

DELIVERY_RU: dict[Delivery, str] = {
    Delivery.IMMEDIATE: "сразу",
    Delivery.DIGEST: "в ежедневной сводке",
    Delivery.OFF: "не присылать",
}

# The word that opens a subject: «[innocycle] Просрочено: …».
SUBJECT_WORD: dict[NotificationKind, str] = {
    NotificationKind.REMINDER: "Напоминание",
    NotificationKind.INTERNAL_TARGET: "Внутренний срок прошел",
    NotificationKind.RISK: "Риск невыполнения",
    NotificationKind.OVERDUE: "Просрочено",
    NotificationKind.LEVEL2: "Эскалация 2-го уровня",
    NotificationKind.LEVEL3: "Эскалация 3-го уровня",
    NotificationKind.TASK: "Новая задача",
    NotificationKind.RETURNED: "Возвращено на доработку",
    NotificationKind.DECISION: "Решение",
    NotificationKind.WEBHOOK: "Вебхук отключен",
    NotificationKind.DIGEST: "Сводка",
}

KIND_OF_LEVEL: dict[EscalationLevel, NotificationKind] = {
    EscalationLevel.REMINDER: NotificationKind.REMINDER,
    EscalationLevel.INTERNAL_TARGET: NotificationKind.INTERNAL_TARGET,
    EscalationLevel.RISK: NotificationKind.RISK,
    EscalationLevel.OVERDUE: NotificationKind.OVERDUE,
    EscalationLevel.LEVEL2: NotificationKind.LEVEL2,
    EscalationLevel.LEVEL3: NotificationKind.LEVEL3,
}

# Reminders and task arrivals follow the person's choice; everything else is sent at once, whatever they chose.
PREFERENCE_OF: dict[NotificationKind, Preference] = {
    NotificationKind.REMINDER: Preference.REMINDERS,
    NotificationKind.TASK: Preference.TASKS,
}

_ROMAN = ("I", "II", "III", "IV")


def preference_of(kind: NotificationKind) -> Preference:
    return PREFERENCE_OF.get(kind, Preference.ALWAYS)


def period_phrase(year: int, period_key: str | None) -> str:
    """«за III квартал 2027», «за январь 2027», «за 2 полугодие 2027», «за 2027 год»; "" without a period."""
    if not period_key:
        return ""
    try:
        period = parse_period_key(year, period_key)
    except ValueError:
        return ""
    match period.kind:
        case PeriodKind.QUARTER:
            return f"за {_ROMAN[period.index - 1]} квартал {period.year}"
        case PeriodKind.MONTH:
            return f"за {MONTHS_NOMINATIVE_RU[period.index - 1]} {period.year}"
        case PeriodKind.HALF_YEAR:
            return f"за {period.index} полугодие {period.year}"
    return f"за {period.year} год"


def subject(kind: NotificationKind, title: str, site_id: str, period: str = "") -> str:
    """A subject a person can sort by: «[innocycle] Просрочено: ежеквартальный отчет 1.1.5 за III квартал 2027».
    The title keeps its words; the site is named by its clause."""
    site = "" if not site_id or ":" in site_id else site_id  # a region's own work, a unit's document: no site
    what = " ".join(part for part in (title.strip(), site, period) if part)
    return f"[innocycle] {SUBJECT_WORD[kind]}: {what}"


def notifications_stream(user_id: str) -> str:
    return f"notifications:{user_id}"


# --- a person's own facts ---------------------------------------------------------------------------------------


@register_event
class NotificationsRead(DomainEvent):
    """Пользователь прочитал уведомления (одно или все сразу)."""

    event_type = "NotificationsRead"

    user_id: str
    notification_ids: tuple[str, ...]


@register_event
class NotificationPreferencesSet(DomainEvent):
    """Пользователь указал адрес электронной почты и как присылать напоминания и новые задачи."""

    event_type = "NotificationPreferencesSet"

    user_id: str
    email: str
    reminders: Delivery
    tasks: Delivery


class Preferences(BaseModel):
    """A person's choices; without any, nothing is known of their address and everything goes at once."""

    model_config = ConfigDict(frozen=True)

    email: str = ""
    reminders: Delivery = Delivery.IMMEDIATE
    tasks: Delivery = Delivery.IMMEDIATE


class PreferencesRefused(DomainError):
    """A choice refused, naming the field at fault and a few words on what is wrong with it."""

    def __init__(self, code: str, message: str, field: str, note: str) -> None:
        super().__init__(code, message, field)
        self.note = note


_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]+$")


def read(user_id: str, unread: Iterable[str], wanted: Iterable[str], now: datetime) -> NotificationsRead | None:
    """Mark ``wanted`` of the person's notifications read. ``unread`` are the person's notifications not read yet;
    one that is the person's but read already changes nothing; one that is not theirs is refused as not found (the
    API has checked which are theirs: ``unread`` and ``known``). None when nothing changes."""
    pending = set(unread)
    still = [n for n in wanted if n in pending]
    if not still:
        return None
    return NotificationsRead(occurred_at=now, user_id=user_id, notification_ids=tuple(dict.fromkeys(still)))


def check_known(known: Iterable[str], wanted: Iterable[str]) -> None:
    """Every notification ``wanted`` is the person's (``known``): another's is «not found», as one that never was."""
    mine = set(known)
    if any(n not in mine for n in wanted):
        raise DomainError("notification_not_found", "Уведомление не найдено.")


def set_preferences(
    user_id: str, current: Preferences, wanted: Preferences, now: datetime
) -> NotificationPreferencesSet | None:
    """The person's new choices; None when nothing differs. An address must look like one (name@host.domain), or
    be empty (then nothing is sent by e-mail)."""
    email = wanted.email.strip()
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        raise PreferencesRefused(
            "invalid_email", "Адрес электронной почты указан неверно.", "email", "например, ivanova@example.ru"
        )
    for name, chosen_way in (("reminders", wanted.reminders), ("tasks", wanted.tasks)):
        if chosen_way not in OFFERED:
            raise PreferencesRefused(
                "delivery_not_offered",
                "Такой способ доставки пока недоступен.",
                name,
                "выберите «сразу» или «не присылать»",
            )
    chosen = Preferences(email=email, reminders=wanted.reminders, tasks=wanted.tasks)
    if chosen == current:
        return None
    return NotificationPreferencesSet(
        occurred_at=now, user_id=user_id, email=email, reminders=chosen.reminders, tasks=chosen.tasks
    )


def due_phrase(nominal: date | None, effective: date | None) -> str:
    """Why the date is what it is: «21.12.2026» or «21.12.2026 (по правилу 20.12.2026 — нерабочий день, срок
    переносится на ближайший рабочий день, ГК РФ ст. 193)»."""
    if effective is None:
        return ""
    if nominal is None or nominal == effective:
        return f"{effective:%d.%m.%Y}"
    return (
        f"{effective:%d.%m.%Y} (по правилу {nominal:%d.%m.%Y} — нерабочий день, срок переносится на ближайший "
        "рабочий день, ГК РФ ст. 193)"
    )


# --- the daily digest (issue 15 §3) -------------------------------------------------------------------------------
#
# At 09:00 in the region, on a working day of the production calendar, each person who has something to be told gets
# one digest: what is overdue, what is due this week (up to its Sunday) and what else waits for them (their open
# tasks, each in one of the three), the escalations they were told of since their last digest, and the reminders and
# task arrivals they chose to receive in it rather than at once. ``DigestSent`` is appended by the API on the stream
# ``digest:{user_id}:{day}``: its second append is refused, so a person gets one digest a day whoever asks again.

DIGEST_AT = time(9)  # local time in the region
DIGEST_SHOWN = 20  # the items a section lists; it counts the others


class DigestSection(StrEnum):
    OVERDUE = "overdue"
    DUE_THIS_WEEK = "due_this_week"
    WAITING = "waiting"
    ESCALATIONS = "escalations"
    REMINDERS = "reminders"


SECTION_RU: dict[DigestSection, str] = {
    DigestSection.OVERDUE: "Просрочено",
    DigestSection.DUE_THIS_WEEK: "Срок на этой неделе",
    DigestSection.WAITING: "Ждут вас",
    DigestSection.ESCALATIONS: "Эскалации с прошлой сводки",
    DigestSection.REMINDERS: "Напоминания",
}

# Steps of a ladder a digest reports as escalations (a reminder is one only when the person keeps it for the digest).
ESCALATION_KINDS = frozenset(
    {
        NotificationKind.INTERNAL_TARGET,
        NotificationKind.RISK,
        NotificationKind.OVERDUE,
        NotificationKind.LEVEL2,
        NotificationKind.LEVEL3,
    }
)


class DigestItem(BaseModel):
    """One line of a digest: a task, or a notification reported again."""

    model_config = ConfigDict(frozen=True)

    title: str
    site_id: str = ""
    what: str = ""  # what to do («рассмотреть»), or what happened («Просрочено»)
    due: date | None = None
    note: str = ""  # a date in words, for a notification reported again («срок 21.12.2026»)
    link: str = ""  # the page in the web interface
    new: bool = False  # a task that arrived since the last digest (the person keeps task arrivals for it)


class OpenTask(BaseModel):
    """A task open for the person, with the instant its due day ends (None: no date)."""

    model_config = ConfigDict(frozen=True)

    item: DigestItem
    due_ends_at: datetime | None = None


class DigestPart(BaseModel):
    """A section of a digest: the first items, and how many there are in all."""

    model_config = ConfigDict(frozen=True)

    section: DigestSection
    items: tuple[DigestItem, ...]
    total: int


def digest_stream(user_id: str, day: date) -> str:
    return f"digest:{user_id}:{day.isoformat()}"


@register_event
class DigestSent(DomainEvent):
    """Пользователю отправлена ежедневная сводка."""

    event_type = "DigestSent"

    user_id: str
    region_id: str
    day: date
    parts: tuple[DigestPart, ...]
    reported: tuple[str, ...] = ()  # the notifications reported in it (not reported by the next one)

    @property
    def items(self) -> int:
        return sum(part.total for part in self.parts)


def next_digest_at(
    calendar: ProductionCalendar, after: datetime, timezone: str, at: time = DIGEST_AT
) -> datetime | None:
    """The first instant later than ``after`` that is ``at`` (09:00) in the region on a working day, in UTC; None
    when that day lies beyond the years the calendar covers (load the next year's, then ask again)."""
    zone = ZoneInfo(timezone)
    day = after.astimezone(zone).date()
    while calendar.covers(day):
        instant = datetime.combine(day, at, zone)
        if instant > after and calendar.is_working_day(day):
            return instant.astimezone(UTC)
        day += timedelta(days=1)
    return None


def digest_years(now: datetime, timezone: str) -> tuple[int, int]:
    """The years of the calendar a digest workflow holds: the region's current year and the next."""
    year = now.astimezone(ZoneInfo(timezone)).year
    return (year, year + 1)


def week_end(day: date) -> date:
    """The Sunday of ``day``'s week: «на этой неделе» is up to it."""
    return day + timedelta(days=6 - day.weekday())


def sort_tasks(tasks: Iterable[OpenTask], at: datetime, day: date) -> dict[DigestSection, list[DigestItem]]:
    """Each open task in one section: overdue (its due day ended before ``at``), due this week (by Sunday), or
    waiting (later, or without a date)."""
    found: dict[DigestSection, list[DigestItem]] = {
        DigestSection.OVERDUE: [],
        DigestSection.DUE_THIS_WEEK: [],
        DigestSection.WAITING: [],
    }
    for task in tasks:
        if task.due_ends_at is not None and task.due_ends_at <= at:
            found[DigestSection.OVERDUE].append(task.item)
        elif task.item.due is not None and task.item.due <= week_end(day):
            found[DigestSection.DUE_THIS_WEEK].append(task.item)
        else:
            found[DigestSection.WAITING].append(task.item)
    return found


def compose_digest(
    user_id: str,
    region_id: str,
    day: date,
    at: datetime,
    sections: dict[DigestSection, list[DigestItem]],
    reported: Sequence[str] = (),
) -> DigestSent | None:
    """The person's digest of ``day``; None when there is nothing to tell them."""
    parts = tuple(
        DigestPart(section=section, items=tuple(items[:DIGEST_SHOWN]), total=len(items))
        for section in DigestSection
        if (items := sections.get(section, []))
    )
    if not parts:
        return None
    return DigestSent(
        occurred_at=at, user_id=user_id, region_id=region_id, day=day, parts=parts, reported=tuple(reported)
    )


def digest_summary(parts: Iterable[DigestPart]) -> str:
    """«просрочено — 2, срок на этой неделе — 1, ждут вас — 3»."""
    return ", ".join(f"{SECTION_RU[part.section].lower()} — {part.total}" for part in parts)


def digest_subject(day: date, parts: Sequence[DigestPart]) -> str:
    """«[innocycle] Сводка на 21.12.2026: просрочено — 2, срок на этой неделе — 1, ждут вас — 3»."""
    return f"[innocycle] {SUBJECT_WORD[NotificationKind.DIGEST]} на {day:%d.%m.%Y}: {digest_summary(parts)}"


class DigestRequest(BaseModel):
    """The region's digest workflow asks the API for the digests of the day ``at`` falls on in the region."""

    model_config = ConfigDict(frozen=True)

    region_id: str
    at: datetime
    timezone: str = ""  # the region's zone as the workflow knows it, for a region the API has no row of


class DigestRun(BaseModel):
    """What a run of a region's digests did: a run on a day off sends nothing; a second run of a day sends nothing
    more (``already``: the people who had theirs)."""

    region_id: str
    day: date
    working_day: bool
    sent: int = 0
    already: int = 0
    nothing: int = 0  # people with nothing to be told: no digest
