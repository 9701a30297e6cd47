"""The production calendar as the API serves it: ``holidays.RU`` (public holidays with the decreed day transfers
and working weekends), with the administrator's overrides on top."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from functools import cache, lru_cache
from typing import Any

import holidays
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.tables import calendar_overrides, cycles, qms_documents, regions
from domain.calendar import (
    CalendarOverride,
    ProductionCalendar,
    with_overrides,
)
from domain.common import DomainError
from domain.qms.events import document_stream
from workflows.notifications import digest_workflow_id

SIGNALS_AT_ONCE = 16  # running cycles told of a calendar change at the same time


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


_OVERRIDES = select(calendar_overrides).order_by(calendar_overrides.c.day)


async def load_overrides(conn: AsyncConnection, years: Iterable[int] | None = None) -> list[CalendarOverride]:
    rows = (await conn.execute(_OVERRIDES)).all()
    wanted = set(years) if years is not None else None
    return [
        CalendarOverride(day=row.day, working=row.working, reason=row.reason, source=row.source)
        for row in rows
        if wanted is None or row.day.year in wanted
    ]


async def calendar_for(conn: AsyncConnection, years: Iterable[int]) -> ProductionCalendar:
    wanted = sorted(set(years))
    return production_calendar(wanted, await load_overrides(conn, wanted))


async def notify_running_cycles(engine: AsyncEngine, signal: Callable[[str, str], Awaitable[bool]]) -> int:
    """Tell every running cycle that the calendar changed: each reloads it and moves its open deadlines."""
    async with engine.connect() as conn:
        running = list((await conn.execute(select(cycles.c.cycle_id).where(cycles.c.status == "active"))).scalars())
        region_ids = list((await conn.execute(select(regions.c.id).order_by(regions.c.id))).scalars())
        qms_documents_ids = list((await conn.execute(select(qms_documents.c.document_id))).scalars())
    # Many at a time: one after another, a region's hundreds of cycles kept the administrator's page waiting.
    gate = asyncio.Semaphore(SIGNALS_AT_ONCE)

    async def tell(cycle_id: str) -> bool:
        async with gate:
            return await signal(cycle_id, "calendar_updated")

    told = sum(await asyncio.gather(*(tell(cycle_id) for cycle_id in running)))
    # The regions' digest workflows too: each loads the calendar again and wakes on the right morning (not counted;
    # one that misses it still sends nothing on a day off: the API checks the day against this calendar).
    digests = (signal(digest_workflow_id(region_id), "calendar_updated") for region_id in region_ids)
    await asyncio.gather(*digests, return_exceptions=True)
    # And every controlled document of a unit (api/qms): its open acknowledgments' due dates are counted again on the
    # corrected calendar (QmsAcknowledgmentDueMoved) and their ladders' timers armed from the moved dates.
    documents = (signal(document_stream(document_id), "calendar_updated") for document_id in qms_documents_ids)
    await asyncio.gather(*documents, return_exceptions=True)
    return told


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
