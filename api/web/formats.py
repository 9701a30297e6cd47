"""Russian for people: dates as 21.12.2026, weekdays as «пн», times in the region's zone, and plurals
(«1 рабочий день», «3 рабочих дня», «5 рабочих дней»)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from api.today import DEFAULT_ZONE
from domain.periods import MONTHS_GENITIVE_RU, MONTHS_NOMINATIVE_RU

WEEKDAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
MONTHS_GENITIVE = MONTHS_GENITIVE_RU  # «21 декабря»
MONTHS = MONTHS_NOMINATIVE_RU  # a calendar's month: «декабрь»


def _as_date(value: date | datetime | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return value.date()
    return value


def date_ru(value: date | datetime | str | None) -> str:
    """21.12.2026; an empty string for no date."""
    day = _as_date(value)
    return day.strftime("%d.%m.%Y") if day else ""


def weekday_ru(value: date | datetime | str | None) -> str:
    day = _as_date(value)
    return WEEKDAYS[day.weekday()] if day else ""


def date_long_ru(value: date | datetime | str | None) -> str:
    """21 декабря 2026"""
    day = _as_date(value)
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}" if day else ""


def local_time(value: datetime | str | None, zone: str = DEFAULT_ZONE) -> datetime | None:
    if value is None or value == "":
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(ZoneInfo(zone))


def datetime_ru(value: datetime | str | None, zone: str = DEFAULT_ZONE) -> str:
    """21.12.2026 14:05 in the region's zone."""
    moment = local_time(value, zone)
    return moment.strftime("%d.%m.%Y %H:%M") if moment else ""


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian form of a noun for ``n``: 1 день, 3 дня, 5 дней, 11 дней, 21 день."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def working_days(n: int) -> str:
    """«1 рабочий день», «3 рабочих дня», «5 рабочих дней»."""
    return f"{n} {plural(n, 'рабочий день', 'рабочих дня', 'рабочих дней')}"


def days_left(n: int | None) -> str:
    """What is left before a deadline, in working days: «остался 1 рабочий день», «осталось 3 рабочих дня»,
    «последний день», «просрочено на 2 рабочих дня»."""
    if n is None:
        return ""
    if n == 0:
        return "последний день"
    if n < 0:
        return f"просрочено на {working_days(-n)}"
    verb = "остался" if n % 10 == 1 and n % 100 != 11 else "осталось"
    return f"{verb} {working_days(n)}"
