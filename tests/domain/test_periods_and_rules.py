"""Period arithmetic and the deadline rules: quarters and half-years round-trip, every rule kind computes its
instances, recurrences agree with dateutil's RFC 5545 implementation."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from api.calendar.service import production_calendar
from domain.deadlines import (
    AtLeastPerPeriod,
    DayAfterPeriod,
    FixedAnnualDate,
    NoDeadline,
    Recurrence,
    WorkingDaysAfter,
    instances,
)
from domain.periods import Period, PeriodKind, parse_period_key, period_of, periods_of_year

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
KINDS = st.sampled_from(list(PeriodKind))
CALENDAR = production_calendar(range(2021, 2028))


@given(DAYS, KINDS)
def test_a_day_lies_in_its_period(day: date, kind: PeriodKind) -> None:
    period = period_of(day, kind)
    assert period.start <= day <= period.end
    assert parse_period_key(period.year, period.key) == period


@given(DAYS, KINDS)
def test_periods_tile_the_year(day: date, kind: PeriodKind) -> None:
    periods = periods_of_year(day.year, kind)
    assert periods[0].start == date(day.year, 1, 1) and periods[-1].end == date(day.year, 12, 31)
    for earlier, later in itertools.pairwise(periods):
        assert later.start == earlier.end + timedelta(days=1)
        assert earlier.next() == later
    assert periods[-1].next() == periods_of_year(day.year + 1, kind)[0]


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=4))
def test_quarters_and_half_years_nest(year: int, quarter: int) -> None:
    q = Period(kind=PeriodKind.QUARTER, year=year, index=quarter)
    half = period_of(q.start, PeriodKind.HALF_YEAR)
    assert half.start <= q.start and q.end <= half.end
    assert half.index == (quarter + 1) // 2


def test_cumulative_titles() -> None:
    titles = [q.cumulative_title_ru() for q in periods_of_year(2023, PeriodKind.QUARTER)]
    assert titles == ["1 квартал 2023", "полугодие 2023", "9 месяцев 2023", "год 2023"]


def test_quarterly_report_by_the_5th_of_the_next_month() -> None:
    rule = DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=5)
    assert [(i.instance, i.nominal) for i in instances(rule, 2022)] == [
        ("Q1", date(2022, 4, 5)),
        ("Q2", date(2022, 7, 5)),
        ("Q3", date(2022, 10, 5)),
        ("Q4", date(2023, 1, 5)),
    ]
    assert rule.describe_ru() == "ежеквартально, до 5 числа месяца, следующего за отчетным периодом"
    # Q4 2022: due on 5 January 2023, inside the New Year holidays: effectively on Monday 9 January.
    assert CALENDAR.roll_forward(date(2023, 1, 5)) == date(2023, 1, 9)


def test_last_day_and_last_month_of_the_period() -> None:
    quarter_end = DayAfterPeriod(period=PeriodKind.QUARTER, months_after=0, day=-1)
    assert [i.nominal for i in instances(quarter_end, 2024)] == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]
    by_28th = DayAfterPeriod(period=PeriodKind.MONTH, months_after=0, day=28)
    assert instances(by_28th, 2022)[1].nominal == date(2022, 2, 28)
    annual_20th = DayAfterPeriod(period=PeriodKind.YEAR, months_after=1, day=20)
    assert [i.nominal for i in instances(annual_20th, 2022)] == [date(2023, 1, 20)]


def test_at_least_per_half_year_is_due_at_the_end_of_each() -> None:
    rule = AtLeastPerPeriod(count=1, period=PeriodKind.HALF_YEAR)
    assert [(i.instance, i.nominal) for i in instances(rule, 2023)] == [
        ("H1", date(2023, 6, 30)),
        ("H2", date(2023, 12, 31)),
    ]
    assert rule.describe_ru() == "не реже 1 раза в полугодие"


def test_undated_and_event_driven_rules_make_no_instances() -> None:
    assert instances(NoDeadline(reason="continuous"), 2022) == []
    rule = WorkingDaysAfter(event="monitoring_completed", event_ru="завершения мониторинга", working_days=10)
    assert instances(rule, 2022) == []
    assert rule.due_after(date(2022, 10, 28), CALENDAR) == date(2022, 11, 14)


def test_fixed_annual_date_with_a_first_year_exception() -> None:
    rule = FixedAnnualDate(month=2, day=1, year_offset=0)
    assert instances(rule, 2024)[0].nominal == date(2024, 2, 1)


def test_last_tuesday_of_each_month_in_2022() -> None:
    # Domain brief §6.15 (C7, 001:L1810).
    rule = Recurrence(freq="monthly", weekday=1, setpos=-1)
    assert [d.day for d in rule.occurrences(2022)] == [25, 22, 29, 26, 31, 28, 26, 30, 27, 25, 29, 27]
    assert rule.to_rrule() == "FREQ=MONTHLY;BYDAY=-1TU"
    assert rule.describe_ru() == "последний вторник каждого месяца"


RECURRENCES = st.one_of(
    st.builds(Recurrence, freq=st.just("daily")),
    st.builds(Recurrence, freq=st.just("weekly"), weekday=st.integers(0, 6)),
    st.builds(Recurrence, freq=st.just("monthly"), weekday=st.integers(0, 6), setpos=st.sampled_from([1, 2, 3, 4, -1])),
    st.builds(Recurrence, freq=st.just("monthly"), monthday=st.integers(1, 28)),
)


@given(RECURRENCES, st.integers(min_value=2000, max_value=2099))
def test_recurrences_agree_with_rfc_5545(rule: Recurrence, year: int) -> None:
    oracle = rrulestr(rule.to_rrule(), dtstart=datetime(year, 1, 1))
    expected = [d.date() for d in oracle.between(datetime(year, 1, 1), datetime(year, 12, 31, 23, 59), inc=True)]
    assert rule.occurrences(year) == expected


def test_daily_on_working_days_only_skips_weekends_and_holidays() -> None:
    rule = Recurrence(freq="daily", working_days_only=True)
    days = rule.occurrences(2025, CALENDAR)
    assert len(days) == 247
    assert date(2025, 1, 3) not in days and date(2025, 11, 1) in days


@pytest.mark.parametrize("key", ["Q5", "H3", "M13", "X1", "Q"])
def test_bad_period_keys_are_refused(key: str) -> None:
    with pytest.raises(ValueError):
        parse_period_key(2022, key)
