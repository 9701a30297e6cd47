"""Deadline rules as values, and the deadline they give: nominal date, effective date, and the instant it ends.

A deadline ends at the end of the effective day in the region's local time: a package due on 20 December in
KhMAO (Asia/Yekaterinburg) is late from 00:00 local on the day after.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar


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
        return f"{self.day} {MONTHS_GENITIVE_RU[self.month - 1]} {when}"


MONTHS_GENITIVE_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

DeadlineRule = FixedAnnualDate


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


def deadline_for(rule: DeadlineRule, cycle_year: int, calendar: ProductionCalendar, tz_name: str) -> Deadline:
    return deadline_on(rule.nominal_for(cycle_year), calendar, tz_name)


def local_date(instant: datetime, tz_name: str) -> date:
    return instant.astimezone(ZoneInfo(tz_name)).date()
