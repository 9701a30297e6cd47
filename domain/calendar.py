"""The Russian production calendar (производственный календарь) and working-day arithmetic.

Pure: the calendar's data (holidays with the decreed day transfers, working weekends) comes in from outside —
the API builds it from ``holidays.RU`` plus the administrator's override table — so workflows receive it only as
an activity result. Counting follows the Civil Code: a period counted in days starts on the day after the event
(ГК РФ ст. 191), and a deadline that falls on a non-working day moves to the next working day (ст. 193).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from domain.common import ActorRef, DomainError, DomainEvent, register_event


class ProductionCalendar(BaseModel):
    """Working and non-working days of the years it covers.

    ``holidays`` are non-working days (public holidays and the days off moved by decree, weekdays or not);
    ``working_weekends`` are Saturdays or Sundays made working by a decree.
    """

    model_config = ConfigDict(frozen=True)

    years: frozenset[int]
    holidays: frozenset[date]
    working_weekends: frozenset[date] = frozenset()

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def is_working_day(self, day: date) -> bool:
        if not self.covers(day):
            raise DomainError(
                "calendar_not_loaded",
                f"Производственный календарь на {day.year} год не загружен.",
            )
        if day in self.working_weekends:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def roll_forward(self, day: date) -> date:
        """The day itself when working, else the next working day (ГК РФ ст. 193)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (before it when negative); counting starts the next day."""
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open interval (start, end]: what ``add_working_days`` counts. Counted from the
        weekdays and the calendar's exceptions, not day by day: dashboards ask it for every obligation they show."""
        if end <= start:
            return 0
        for year in range((start + timedelta(days=1)).year, end.year + 1):
            if year not in self.years:
                raise DomainError("calendar_not_loaded", f"Производственный календарь на {year} год не загружен.")
        weeks, rest = divmod((end - start).days, 7)
        count = weeks * 5 + sum(1 for n in range(1, rest + 1) if (start + timedelta(days=n)).weekday() < 5)
        # A working weekend day counts whatever else the calendar says of it; a holiday only on a weekday.
        off = self.holidays - self.working_weekends
        count -= sum(1 for d in off if start < d <= end and d.weekday() < 5)
        count += sum(1 for d in self.working_weekends if start < d <= end and d.weekday() >= 5)
        return count

    def working_days_left(self, today: date, due: date) -> int:
        """Working days from ``today`` to the ``due`` day: 0 on the day itself; once it is past, minus the working
        days since, and at least one (a deadline missed over a weekend is missed by a day, not by none)."""
        if due >= today:
            return self.working_days_between(today, due)
        return -max(1, self.working_days_between(due, today))

    def working_days_in_year(self, year: int) -> int:
        return self.working_days_between(date(year - 1, 12, 31), date(year, 12, 31))


class CalendarRequest(BaseModel):
    """Which years of the calendar a cycle needs (an activity input)."""

    model_config = ConfigDict(frozen=True)

    years: tuple[int, ...]


class CalendarOverride(BaseModel):
    """An administrator's correction of one day, from a decree the library does not know yet."""

    model_config = ConfigDict(frozen=True)

    day: date
    working: bool
    reason: str  # e.g. "перенос выходного дня"
    source: str  # the decree, e.g. "Постановление Правительства РФ от 28.10.2027 № 1234"


def with_overrides(calendar: ProductionCalendar, overrides: Iterable[CalendarOverride]) -> ProductionCalendar:
    """The calendar with the administrator's overrides of the years it covers applied on top."""
    holidays = set(calendar.holidays)
    working_weekends = set(calendar.working_weekends)
    for override in overrides:
        if override.day.year not in calendar.years:
            continue
        if override.working:
            holidays.discard(override.day)
            if override.day.weekday() >= 5:
                working_weekends.add(override.day)
        else:
            holidays.add(override.day)
            working_weekends.discard(override.day)
    return ProductionCalendar(
        years=calendar.years, holidays=frozenset(holidays), working_weekends=frozenset(working_weekends)
    )


def check_override(override: CalendarOverride) -> None:
    """Refuse an override nobody could justify later."""
    if not 2000 <= override.day.year <= 2100:
        raise DomainError("day_out_of_range", "Дата должна быть в пределах 2000–2100 годов.", "day")
    if len(override.reason.strip()) < 3:
        raise DomainError("reason_required", "Укажите причину (например, «перенос выходного дня»).", "reason")
    if len(override.source.strip()) < 3:
        raise DomainError("source_required", "Укажите основание — постановление или приказ.", "source")


@register_event
class CalendarDayOverridden(DomainEvent):
    event_type = "CalendarDayOverridden"

    override: CalendarOverride
    by: ActorRef


@register_event
class CalendarOverrideRemoved(DomainEvent):
    event_type = "CalendarOverrideRemoved"

    day: date
    by: ActorRef


CALENDAR_STREAM = "calendar:RU"
