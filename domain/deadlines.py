"""Deadline rules as values, and the deadline they give: nominal date, effective date, and the instant it ends.

A deadline ends at the end of the effective day in the region's local time: a package due on 20 December in
KhMAO (Asia/Yekaterinburg) is late from 00:00 local on the day after.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from domain.calendar import ProductionCalendar
from domain.periods import (
    MONTHS_GENITIVE_RU,
    Period,
    PeriodKind,
    add_months,
    last_day_of_month,
    periods_of_year,
)


class Citation(BaseModel):
    """Where a rule comes from: document, clause and the line of the seed it was read from."""

    model_config = ConfigDict(frozen=True)

    document: str
    clause: str
    source: str  # e.g. "001:L130–140"
    quote: str = ""


class YearException(BaseModel):
    """A date that replaces the rule's date for one cycle year (e.g. the first year of an order)."""

    model_config = ConfigDict(frozen=True)

    year: int
    due: date
    citation: Citation


class FixedAnnualDate(BaseModel):
    """The same calendar date every year, relative to the cycle year: 20 December of the year before is
    ``month=12, day=20, year_offset=-1``."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["fixed_annual_date"] = "fixed_annual_date"
    month: int
    day: int
    year_offset: int = 0
    exceptions: tuple[YearException, ...] = ()

    def nominal_for(self, cycle_year: int) -> date:
        for exception in self.exceptions:
            if exception.year == cycle_year:
                return exception.due
        return date(cycle_year + self.year_offset, self.month, self.day)

    def describe_ru(self) -> str:
        when = {-1: "предшествующего года", 0: "года цикла", 1: "следующего года"}.get(
            self.year_offset, f"года цикла {self.year_offset:+d}"
        )
        text = f"ежегодно до {self.day} {MONTHS_GENITIVE_RU[self.month - 1]} {when}"
        for exception in self.exceptions:
            text += f"; в {exception.year} году — до {exception.due:%d.%m.%Y}"
        return text


class DayAfterPeriod(BaseModel):
    """A day of a month counted from the end of each period: "by the 5th of the month following the quarter" is
    ``period=quarter, months_after=1, day=5``; "by the 28th of the last month of the period" is
    ``months_after=0, day=28``; ``day=-1`` is the last day of that month."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["day_after_period"] = "day_after_period"
    period: PeriodKind
    months_after: int = 1
    day: int

    def nominal_for_period(self, period: Period) -> date:
        year, month = add_months(period.year, period.last_month, self.months_after)
        last = last_day_of_month(year, month)
        if self.day == -1:
            return last
        return date(year, month, min(self.day, last.day))

    def describe_ru(self) -> str:
        every = PERIOD_EVERY_RU[self.period]
        day = "последнего дня" if self.day == -1 else f"{self.day} числа"
        if self.months_after == 0:
            return f"{every}, до {day} последнего месяца отчетного периода"
        if self.months_after == 1:
            return f"{every}, до {day} месяца, следующего за отчетным периодом"
        return f"{every}, до {day} {self.months_after}-го месяца после отчетного периода"


class WorkingDaysAfter(BaseModel):
    """N working days after an event (counting from the next day, ГК РФ ст. 191): "within 10 working days after a
    monitoring is completed"."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["working_days_after"] = "working_days_after"
    event: str  # machine name of the triggering event, e.g. "monitoring_completed"
    event_ru: str  # e.g. "завершения мониторинга"
    working_days: int

    def due_after(self, event_day: date, calendar: ProductionCalendar) -> date:
        return calendar.add_working_days(event_day, self.working_days)

    def describe_ru(self) -> str:
        return f"в течение {self.working_days} рабочих дней после {self.event_ru}"


class AtLeastPerPeriod(BaseModel):
    """At least ``count`` times in every period ("не реже 1 раза в полугодие"); due at the end of each period."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["at_least_per_period"] = "at_least_per_period"
    count: int
    period: PeriodKind

    def describe_ru(self) -> str:
        times = "раза" if 2 <= self.count % 10 <= 4 and not 12 <= self.count % 100 <= 14 else "раз"
        if self.count == 1:
            times = "раза"
        return f"не реже {self.count} {times} {PERIOD_PER_RU[self.period]}"


WEEKDAYS_RU = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Recurrence(BaseModel):
    """A calendar recurrence, the subset of RFC 5545 RRULE the regulations use: daily, weekly on a weekday,
    monthly on a day of the month or on the n-th (or last, ``setpos=-1``) weekday of the month."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["recurrence"] = "recurrence"
    freq: Literal["daily", "weekly", "monthly"]
    weekday: int | None = None  # 0 = Monday
    setpos: int | None = None  # with weekday, monthly: 1..4 or -1 (last)
    monthday: int | None = None  # monthly on a day of the month
    working_days_only: bool = False  # daily cadences: only working days count

    def occurrences(self, year: int, calendar: ProductionCalendar | None = None) -> list[date]:
        days: list[date] = []
        if self.freq == "monthly":
            for month in range(1, 13):
                day = self._monthly(year, month)
                if day is not None:
                    days.append(day)
            return days
        day = date(year, 1, 1)
        while day.year == year:
            matches = self.freq == "daily" or day.weekday() == self.weekday
            if matches and (not self.working_days_only or calendar is None or calendar.is_working_day(day)):
                days.append(day)
            day += timedelta(days=1)
        return days

    def _monthly(self, year: int, month: int) -> date | None:
        last = last_day_of_month(year, month)
        if self.monthday is not None:
            return date(year, month, min(self.monthday, last.day))
        if self.weekday is None or self.setpos is None:
            return None
        matching = [
            date(year, month, d) for d in range(1, last.day + 1) if date(year, month, d).weekday() == self.weekday
        ]
        index = self.setpos - 1 if self.setpos > 0 else self.setpos
        return matching[index] if -len(matching) <= index < len(matching) else None

    def to_rrule(self) -> str:
        parts = [f"FREQ={self.freq.upper()}"]
        if self.weekday is not None:
            code = WEEKDAY_CODES[self.weekday]
            parts.append(f"BYDAY={self.setpos}{code}" if self.setpos is not None else f"BYDAY={code}")
        if self.monthday is not None:
            parts.append(f"BYMONTHDAY={self.monthday}")
        return ";".join(parts)

    def describe_ru(self) -> str:
        if self.freq == "daily":
            return "ежедневно (по рабочим дням)" if self.working_days_only else "ежедневно"
        if self.freq == "weekly" and self.weekday is not None:
            return f"еженедельно, {WEEKDAYS_RU[self.weekday]}"
        if self.monthday is not None:
            return f"ежемесячно, до {self.monthday} числа"
        if self.weekday is not None and self.setpos == -1:
            return f"последний {WEEKDAYS_RU[self.weekday]} каждого месяца"
        if self.weekday is not None and self.setpos is not None:
            return f"{self.setpos}-й {WEEKDAYS_RU[self.weekday]} каждого месяца"
        return "ежемесячно"


class LastWorkingDayOfPeriod(BaseModel):
    """The last working day of a period, for the periods named in ``only`` (all when empty): the Q4 internal target
    of the institutions' forms, the last working day of December before the New Year holidays (D36). Without a
    calendar, weekends alone are skipped."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["last_working_day"] = "last_working_day"
    period: PeriodKind
    only: tuple[str, ...] = ()  # period keys, e.g. ("Q4",)
    reason: str = ""  # why the regulation sets this target before its legal date, as a person reads it

    def nominal_for_period(self, period: Period, calendar: ProductionCalendar | None = None) -> date:
        day = period.end
        while not _working(day, calendar):
            day -= timedelta(days=1)
        return day

    def describe_ru(self) -> str:
        if not self.only:
            return f"{PERIOD_EVERY_RU[self.period]}, последний рабочий день периода"
        quarters = {"Q1": "I квартала", "Q2": "II квартала", "Q3": "III квартала", "Q4": "IV квартала"}
        return "последний рабочий день " + ", ".join(quarters.get(key, key) for key in self.only)


def _working(day: date, calendar: ProductionCalendar | None) -> bool:
    if calendar is not None and calendar.covers(day):
        return calendar.is_working_day(day)
    return day.weekday() < 5


class NoDeadline(BaseModel):
    """A duty without a date: continuous (постоянно), on request (по запросу), as needed (по мере необходимости)
    or driven by events. It sets no timer; its state is asked for at the end of each quarter."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["no_deadline"] = "no_deadline"
    reason: Literal["continuous", "on_demand", "as_needed", "event_driven"]

    def describe_ru(self) -> str:
        return {
            "continuous": "постоянно",
            "on_demand": "по запросу",
            "as_needed": "по мере необходимости",
            "event_driven": "по мере наступления событий",
        }[self.reason]


DeadlineRule = Annotated[
    FixedAnnualDate
    | DayAfterPeriod
    | WorkingDaysAfter
    | AtLeastPerPeriod
    | Recurrence
    | LastWorkingDayOfPeriod
    | NoDeadline,
    Field(discriminator="kind"),
]

PERIOD_EVERY_RU: dict[PeriodKind, str] = {
    PeriodKind.MONTH: "ежемесячно",
    PeriodKind.QUARTER: "ежеквартально",
    PeriodKind.HALF_YEAR: "раз в полугодие",
    PeriodKind.YEAR: "ежегодно",
}
PERIOD_PER_RU: dict[PeriodKind, str] = {
    PeriodKind.MONTH: "в месяц",
    PeriodKind.QUARTER: "в квартал",
    PeriodKind.HALF_YEAR: "в полугодие",
    PeriodKind.YEAR: "в год",
}


class RuleInstance(BaseModel):
    """One dated occurrence of a rule in a cycle year: the annual package, the Q3 report, the March meeting."""

    model_config = ConfigDict(frozen=True)

    instance: str  # "annual", "Q3", "M03", "2022-01-25"
    period: Period | None
    nominal: date


def instances(rule: DeadlineRule, cycle_year: int, calendar: ProductionCalendar | None = None) -> list[RuleInstance]:
    """The dated occurrences of ``rule`` in ``cycle_year``; none for event-driven and undated duties."""
    if isinstance(rule, FixedAnnualDate):
        return [RuleInstance(instance="annual", period=None, nominal=rule.nominal_for(cycle_year))]
    if isinstance(rule, DayAfterPeriod):
        return [
            RuleInstance(instance=p.key, period=p, nominal=rule.nominal_for_period(p))
            for p in periods_of_year(cycle_year, rule.period)
        ]
    if isinstance(rule, AtLeastPerPeriod):
        return [RuleInstance(instance=p.key, period=p, nominal=p.end) for p in periods_of_year(cycle_year, rule.period)]
    if isinstance(rule, Recurrence):
        return [
            RuleInstance(instance=d.isoformat(), period=None, nominal=d) for d in rule.occurrences(cycle_year, calendar)
        ]
    if isinstance(rule, LastWorkingDayOfPeriod):
        return [
            RuleInstance(instance=p.key, period=p, nominal=rule.nominal_for_period(p, calendar))
            for p in periods_of_year(cycle_year, rule.period)
            if not rule.only or p.key in rule.only
        ]
    return []


class Deadline(BaseModel):
    """A computed deadline: the date the rule names, the working day it moves to, and the instant it ends."""

    model_config = ConfigDict(frozen=True)

    nominal: date
    effective: date
    ends_at: datetime  # UTC instant: 00:00 local of the day after ``effective``


def end_of_day(day: date, tz_name: str) -> datetime:
    """The UTC instant at which the local day ``day`` ends in ``tz_name``."""
    local_midnight = datetime.combine(day + timedelta(days=1), time(0), ZoneInfo(tz_name))
    return local_midnight.astimezone(UTC)


def start_of_day(day: date, tz_name: str, at: time = time(0)) -> datetime:
    return datetime.combine(day, at, ZoneInfo(tz_name)).astimezone(UTC)


def deadline_on(nominal: date, calendar: ProductionCalendar, tz_name: str) -> Deadline:
    effective = calendar.roll_forward(nominal)
    return Deadline(nominal=nominal, effective=effective, ends_at=end_of_day(effective, tz_name))


def deadline_for(rule: FixedAnnualDate, cycle_year: int, calendar: ProductionCalendar, tz_name: str) -> Deadline:
    return deadline_on(rule.nominal_for(cycle_year), calendar, tz_name)


def local_date(instant: datetime, tz_name: str) -> date:
    return instant.astimezone(ZoneInfo(tz_name)).date()
