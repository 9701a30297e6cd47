"""Deadlines of the annual package (order 135-р 2.3) and the escalation ladder."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from api.calendar.service import production_calendar
from domain.deadlines import deadline_for, end_of_day
from domain.escalation import EscalationLevel, schedule
from domain.regulations.khmao.order_135r import ANNUAL_PACKAGE, TIMEZONE

CALENDAR = production_calendar(range(2021, 2029))


@pytest.mark.parametrize(
    ("year", "nominal", "effective"),
    [
        (2022, date(2022, 2, 10), date(2022, 2, 10)),  # the first year: "в срок до 10.02.2022"
        (2023, date(2022, 12, 20), date(2022, 12, 20)),
        (2025, date(2024, 12, 20), date(2024, 12, 20)),
        (2026, date(2025, 12, 20), date(2025, 12, 22)),  # Saturday
        (2027, date(2026, 12, 20), date(2026, 12, 21)),  # Sunday
    ],
)
def test_package_deadline(year: int, nominal: date, effective: date) -> None:
    deadline = deadline_for(ANNUAL_PACKAGE.deadline, year, CALENDAR, TIMEZONE)
    assert (deadline.nominal, deadline.effective) == (nominal, effective)


def test_a_deadline_ends_at_local_midnight() -> None:
    # Asia/Yekaterinburg is UTC+5: 20.12.2022 ends at 19:00 UTC.
    assert end_of_day(date(2022, 12, 20), TIMEZONE) == datetime(2022, 12, 20, 19, tzinfo=UTC)
    assert end_of_day(date(2022, 12, 20), "Europe/Moscow") == datetime(2022, 12, 20, 21, tzinfo=UTC)


def test_the_ladder_of_the_2027_package() -> None:
    due = deadline_for(ANNUAL_PACKAGE.deadline, 2027, CALENDAR, TIMEZONE)
    steps = {step.level: step for step in schedule(ANNUAL_PACKAGE.ladder, due, CALENDAR, TIMEZONE)}
    assert steps[EscalationLevel.REMINDER].day == date(2026, 12, 14)
    assert steps[EscalationLevel.REMINDER].at == datetime(2026, 12, 14, 4, tzinfo=UTC)  # 09:00 local
    assert steps[EscalationLevel.OVERDUE].at == datetime(2026, 12, 21, 19, tzinfo=UTC)
    assert steps[EscalationLevel.LEVEL2].day == date(2026, 12, 28)
    # 31.12.2026 is a day off and 1–8.01.2027 the New Year holidays.
    assert steps[EscalationLevel.LEVEL3].day == date(2027, 1, 13)
