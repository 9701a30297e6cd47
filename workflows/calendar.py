"""The production calendar inside workflows: it arrives only as the result of the ``load_calendar`` activity."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from domain.calendar import CalendarRequest, ProductionCalendar

LOAD_CALENDAR = "load_calendar"


def calendar_years(cycle_year: int, current_year: int) -> tuple[int, ...]:
    """The years a cycle needs: from planning (the year before) to the annual report (the year after), and the
    current year, for a cycle opened late or early."""
    first = min(cycle_year - 1, current_year)
    last = max(cycle_year + 1, current_year + 1)
    return tuple(range(first, last + 1))


async def load_calendar(years: tuple[int, ...]) -> ProductionCalendar:
    calendar: ProductionCalendar = await workflow.execute_activity(
        LOAD_CALENDAR,
        CalendarRequest(years=years),
        result_type=ProductionCalendar,
        start_to_close_timeout=timedelta(seconds=10),
        retry_policy=RetryPolicy(maximum_interval=timedelta(seconds=30)),
    )
    return calendar
