"""Working-day arithmetic on the Russian production calendar (holidays.RU as loaded by the API)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.calendar.service import production_calendar
from domain.calendar import ProductionCalendar
from domain.common import DomainError

CALENDAR = production_calendar(range(2021, 2029))
DAYS = st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 11, 30))


@pytest.mark.parametrize(("year", "working_days"), [(2022, 247), (2023, 247), (2025, 247), (2026, 247)])
def test_working_days_per_year_as_decreed(year: int, working_days: int) -> None:
    assert CALENDAR.working_days_in_year(year) == working_days


def test_decreed_transfers_and_working_saturdays() -> None:
    assert not CALENDAR.is_working_day(date(2025, 5, 2))  # day off moved from 4 January
    assert CALENDAR.is_working_day(date(2025, 11, 1))  # a working Saturday
    assert not CALENDAR.is_working_day(date(2026, 12, 31))  # day off moved from 4 January 2026
    assert not CALENDAR.is_working_day(date(2026, 1, 9))


def test_a_deadline_on_a_non_working_day_moves_forward() -> None:
    assert CALENDAR.roll_forward(date(2026, 12, 20)) == date(2026, 12, 21)  # Sunday -> Monday
    assert CALENDAR.roll_forward(date(2022, 12, 20)) == date(2022, 12, 20)  # a Tuesday stays
    # A Q4 report due 5 January 2026 is due on the first working day after the New Year holidays.
    assert CALENDAR.roll_forward(date(2026, 1, 5)) == date(2026, 1, 12)
    assert CALENDAR.roll_forward(date(2023, 1, 5)) == date(2023, 1, 9)


def test_counting_working_days_starts_the_next_day() -> None:
    # A справка within 10 working days of a monitoring completed on 28.04.2025 crosses the May holidays.
    assert CALENDAR.add_working_days(date(2025, 4, 28), 10) == date(2025, 5, 16)
    # Domain brief scenario 8: 14.10.2022 -> 28.10.2022; 28.10.2022 -> 14.11.2022 (4 November is a holiday).
    assert CALENDAR.add_working_days(date(2022, 10, 14), 10) == date(2022, 10, 28)
    assert CALENDAR.add_working_days(date(2022, 10, 28), 10) == date(2022, 11, 14)
    assert CALENDAR.add_working_days(date(2026, 12, 21), -5) == date(2026, 12, 14)


def test_an_override_for_a_future_year_changes_the_answer() -> None:
    decree = ProductionCalendar(
        years=CALENDAR.years,
        holidays=CALENDAR.holidays | {date(2027, 12, 20)},
        working_weekends=CALENDAR.working_weekends,
    )
    assert CALENDAR.roll_forward(date(2027, 12, 20)) == date(2027, 12, 20)
    assert decree.roll_forward(date(2027, 12, 20)) == date(2027, 12, 21)


def test_an_unloaded_year_is_an_error_not_a_guess() -> None:
    with pytest.raises(DomainError) as error:
        CALENDAR.is_working_day(date(2035, 1, 1))
    assert error.value.code == "calendar_not_loaded"


@given(DAYS)
def test_effective_date_is_a_working_day_never_before_the_nominal(day: date) -> None:
    effective = CALENDAR.roll_forward(day)
    assert effective >= day
    assert CALENDAR.is_working_day(effective)
    assert all(not CALENDAR.is_working_day(day + timedelta(days=i)) for i in range((effective - day).days))


@given(DAYS, st.integers(min_value=1, max_value=40))
def test_n_working_days_after_leaves_exactly_n_working_days(day: date, count: int) -> None:
    due = CALENDAR.add_working_days(day, count)
    assert CALENDAR.is_working_day(due)
    assert CALENDAR.working_days_between(day, due) == count


@given(DAYS, st.integers(min_value=1, max_value=40))
def test_counting_back_undoes_counting_forward(day: date, count: int) -> None:
    working = CALENDAR.roll_forward(day)
    assert CALENDAR.add_working_days(CALENDAR.add_working_days(working, count), -count) == working


@given(DAYS, st.integers(min_value=0, max_value=800))
def test_working_days_between_counts_what_each_day_says(start: date, length: int) -> None:
    end = min(start + timedelta(days=length), date(2028, 12, 31))
    by_day = sum(1 for n in range(1, (end - start).days + 1) if CALENDAR.is_working_day(start + timedelta(days=n)))
    assert CALENDAR.working_days_between(start, end) == by_day


def test_working_days_left_is_zero_on_the_day_and_at_least_one_once_missed() -> None:
    friday, saturday, monday = date(2026, 12, 18), date(2026, 12, 19), date(2026, 12, 21)
    assert CALENDAR.working_days_left(friday, friday) == 0
    assert CALENDAR.working_days_left(friday, monday) == 1
    assert CALENDAR.working_days_left(saturday, friday) == -1  # missed over the weekend: missed by a day
    assert CALENDAR.working_days_left(monday, friday) == -1
    with pytest.raises(DomainError):
        CALENDAR.working_days_between(date(2028, 12, 1), date(2029, 1, 10))
