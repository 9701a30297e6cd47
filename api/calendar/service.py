"""The production calendar as the API serves it: ``holidays.RU`` (public holidays with the decreed day transfers
and working weekends), with the administrator's overrides on top."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache
from typing import Any

import holidays
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db import driver_rows, driver_sql
from api.tables import calendar_overrides
from domain.calendar import (
    CalendarOverride,
    ProductionCalendar,
    with_overrides,
)
from domain.common import DomainError


def library_calendar(years: Iterable[int]) -> ProductionCalendar:
    """What ``holidays.RU`` alone says."""
    return _library_calendar(tuple(sorted(set(years))))


@cache  # the library's data does not change while a process runs; building it costs milliseconds a page
def _library_calendar(wanted: tuple[int, ...]) -> ProductionCalendar:
    russia = holidays.country_holidays("RU", years=wanted)
    return ProductionCalendar(
        years=frozenset(wanted),
        holidays=frozenset(russia.keys()),
        working_weekends=frozenset(d for d in getattr(russia, "weekend_workdays", set()) if d.year in wanted),
    )


def production_calendar(years: Iterable[int], overrides: Iterable[CalendarOverride] = ()) -> ProductionCalendar:
    return _production_calendar(tuple(sorted(set(years))), tuple(overrides))


@lru_cache(maxsize=256)  # pure: the same years and corrections always make the same calendar
def _production_calendar(years: tuple[int, ...], overrides: tuple[CalendarOverride, ...]) -> ProductionCalendar:
    return with_overrides(_library_calendar(years), overrides)


def holiday_names(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("RU", years=[year], language="ru").items())


# Read by every page that counts working days (the inbox's «days left»): compiled once, read through the driver.
_OVERRIDES = driver_sql(
    select(
        calendar_overrides.c.day, calendar_overrides.c.working, calendar_overrides.c.reason, calendar_overrides.c.source
    ).order_by(calendar_overrides.c.day)
)


async def load_overrides(conn: AsyncConnection, years: Iterable[int] | None = None) -> list[CalendarOverride]:
    rows = await driver_rows(conn, _OVERRIDES, {})
    wanted = set(years) if years is not None else None
    return [
        CalendarOverride(day=row.day, working=row.working, reason=row.reason, source=row.source)
        for row in rows
        if wanted is None or row.day.year in wanted
    ]


async def calendar_for(conn: AsyncConnection, years: Iterable[int]) -> ProductionCalendar:
    wanted = sorted(set(years))
    return production_calendar(wanted, await load_overrides(conn, wanted))


async def year_view(conn: AsyncConnection, year: int) -> dict[str, Any]:
    """The production calendar of ``year`` as ``GET /api/calendar/{year}`` shows it: its non-working days with
    their names, the working weekends and the administrator's corrections."""
    calendar = await calendar_for(conn, [year])
    overrides = await load_overrides(conn, [year])
    names = holiday_names(year)
    return {
        "year": year,
        "working_days": calendar.working_days_in_year(year),
        "non_working_days": [
            {"day": day, "name": names.get(day, "выходной день по решению администратора")}
            for day in sorted(calendar.holidays)
        ],
        "working_weekends": sorted(calendar.working_weekends),
        "overrides": [o.model_dump(mode="json") for o in overrides],
        "source": "holidays.RU и поправки администратора",
    }


def check_not_already(override: CalendarOverride, corrected: bool) -> None:
    """Refuse a correction that says what the calendar already says of a day no correction touches."""
    if corrected:
        return  # replacing a correction: saying what the library says undoes it, as removing it would
    library = library_calendar([override.day.year])
    if library.is_working_day(override.day) != override.working:
        return
    what = "рабочий день" if override.working else "нерабочий день"
    name = holiday_names(override.day.year).get(override.day, "")
    because = f" ({name})" if name else ""
    raise DomainError(
        "already_so",
        f"{override.day:%d.%m.%Y} и так {what} по производственному календарю{because}; поправка не нужна.",
        "working",
    )
