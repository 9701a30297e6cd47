"""An independent oracle of deadlines and escalation instants, for tests and benchmarks: the Russian production
calendar straight from ``holidays.RU`` and the ladder arithmetic written out again, so what the workflows record
is checked against a second reading of the rules, not against the code that produced it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from domain.escalation import EscalationLadder


class ReferenceCalendar:
    def __init__(self, years: range) -> None:
        russia = holidays.country_holidays("RU", years=list(years))
        self.off = set(russia.keys())
        self.extra_working = set(russia.weekend_workdays)

    def working(self, day: date) -> bool:
        return day in self.extra_working or (day.weekday() < 5 and day not in self.off)

    def roll(self, day: date) -> date:
        while not self.working(day):
            day += timedelta(days=1)
        return day

    def shift(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (before it when negative)."""
        step = 1 if count > 0 else -1
        for _ in range(abs(count)):
            day += timedelta(days=step)
            while not self.working(day):
                day += timedelta(days=step)
        return day

    def next_working(self, day: date) -> date:
        """``day`` when it is a working day, else the next one."""
        return self.roll(day)


class Clock:
    """Local instants of a region."""

    def __init__(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)

    def at(self, day: date, hour: int = 0, minute: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone).astimezone(UTC)

    def end_of(self, day: date) -> datetime:
        return self.at(day + timedelta(days=1))

    def day_of(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()


def ladder_instants(
    ladder: EscalationLadder | None, nominal: date, calendar: ReferenceCalendar, clock: Clock
) -> list[tuple[str, datetime]]:
    """(level, instant) of every step of ``ladder`` for a deadline on ``nominal``: reminders at 09:00 of their
    working day, the others when their day ends."""
    if ladder is None:
        return []
    effective = calendar.roll(nominal)
    instants = []
    for step in ladder.steps:
        day = calendar.shift(effective, step.working_days) if step.working_days else effective
        at = clock.at(day, 9) if step.working_days < 0 else clock.end_of(day)
        instants.append((step.level.value, at))
    return sorted(instants, key=lambda pair: pair[1])
