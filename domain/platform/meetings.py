"""The cadence of working meetings (рабочие совещания): «ежемесячно (12 раз в год)» (002:79, 003:25) — at least one
in every calendar month; a month that ends without one is missed and escalates within the host (D15, D22)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.periods import MONTHS_NOMINATIVE_RU, last_day_of_month


class MonthState(StrEnum):
    HELD = "held"  # at least one meeting in the month
    MISSED = "missed"  # the month ended without one
    OPEN = "open"  # the month is running, none yet
    AHEAD = "ahead"  # the month has not begun


MONTH_STATE_RU: dict[MonthState, str] = {
    MonthState.HELD: "проведено",
    MonthState.MISSED: "пропущен",
    MonthState.OPEN: "идет месяц",
    MonthState.AHEAD: "впереди",
}


class MeetingMonth(BaseModel):
    model_config = ConfigDict(frozen=True)

    month: int
    title: str  # «март»
    held_on: tuple[date, ...]
    state: MonthState
    due: date  # the last day of the month: a meeting by then


def meeting_months(year: int, held: Iterable[date], today: date) -> tuple[MeetingMonth, ...]:
    """The twelve months of ``year`` with their meetings and state on ``today``."""
    dates = sorted(day for day in held if day.year == year and day <= today)
    months = []
    for month in range(1, 13):
        mine = tuple(day for day in dates if day.month == month)
        due = last_day_of_month(year, month)
        if mine:
            state = MonthState.HELD
        elif today > due:
            state = MonthState.MISSED
        elif today >= date(year, month, 1):
            state = MonthState.OPEN
        else:
            state = MonthState.AHEAD
        months.append(
            MeetingMonth(month=month, title=MONTHS_NOMINATIVE_RU[month - 1], held_on=mine, state=state, due=due)
        )
    return tuple(months)


def missed_months(year: int, held: Iterable[date], today: date) -> tuple[int, ...]:
    """The months of ``year`` that ended on or before ``today`` without a meeting."""
    return tuple(m.month for m in meeting_months(year, held, today) if m.state is MonthState.MISSED)
