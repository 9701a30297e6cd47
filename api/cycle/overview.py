"""A site now, as its director reads it first: the current cycle and the one overlapping it (the planning of next
year in December, the annual report of last year in January), every obligation with its due date and the working
days left before it, and the counts that matter — overdue, due within five working days, under review, done.

Working days are those of the production calendar the deadlines are computed with (``api.calendar.service``),
counted as ``ProductionCalendar.working_days_between`` counts them — the working days in (today, due date] — with
today the region's local day. Late obligations count the working days in (due date, today], as the Department's
performance discipline does (``api.region.performance``): a deadline missed on Friday is late by 0 working days
on Saturday."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.calendar.service import calendar_for
from api.cycle import service
from api.obligations.views import WAITING, escalation_view, obligation_view
from api.sites.service import visible_site
from domain.calendar import ProductionCalendar
from domain.regulations.catalog import regulation

ACTIONABLE = ("awaiting_submission", "returned", "under_review", "in_progress")
# An obligation still waiting for the site is "due soon" when at most this many working days are left.
DUE_SOON_DAYS = 5
# Obligations whose working days left are counted: those the site still has to do.
COUNTED = (*WAITING, "planned")


def local_today(now: datetime, regulation_id: str) -> date:
    return now.astimezone(ZoneInfo(regulation(regulation_id).timezone)).date()


def working_days_left(view: dict[str, Any], today: date, calendar: ProductionCalendar) -> int | None:
    """Working days left before the effective due date (0: the due day is today); negative when late, by the
    working days since; ``None`` for an obligation done, under review or without a date."""
    if view["status"] not in COUNTED or view["due"] is None:
        return None
    return calendar.working_days_left(today, view["due"]["effective"])


def due_soon(view: dict[str, Any]) -> bool:
    left = view["working_days_left"]
    return view["status"] in WAITING and not view["overdue"] and left is not None and 0 <= left <= DUE_SOON_DAYS


def summary_of(rows: list[dict[str, Any]], open_escalations: int) -> dict[str, int]:
    return {
        "open": sum(1 for o in rows if o["status"] in ACTIONABLE),
        "overdue": sum(1 for o in rows if o["overdue"]),
        "due_soon": sum(1 for o in rows if due_soon(o)),
        "under_review": sum(1 for o in rows if o["status"] == "under_review"),
        "done": sum(1 for o in rows if o["status"] == "approved"),
        "planned": sum(1 for o in rows if o["status"] == "planned"),
        "open_escalations": open_escalations,
    }


def calendar_years(obligation_rows: Iterable[Any], todays: Iterable[date]) -> list[int]:
    """The years from today to every date an obligation still to be done is due."""
    dues = [row.effective_due for row in obligation_rows if row.effective_due is not None and row.status in COUNTED]
    if not dues:
        return []
    years = [day.year for day in (*dues, *todays)]
    return list(range(min(years), max(years) + 1))


async def overviews(conn: AsyncConnection, site_ids: list[str], now: datetime | None = None) -> list[dict[str, Any]]:
    """Each site's current and overlapping cycles with their obligations, open escalations and counts."""
    now = now or datetime.now(UTC)
    cycle_rows, obligation_rows, escalation_rows = await service.overview_rows(conn, site_ids, now.year)
    todays = {row.regulation_id: local_today(now, row.regulation_id) for row in obligation_rows}
    years = calendar_years(obligation_rows, todays.values())
    calendar = await calendar_for(conn, years) if years else None
    result = []
    for site_id in site_ids:
        site_cycles = []
        for cycle in (c for c in cycle_rows if c.site_id == site_id):
            rows = []
            for row in (o for o in obligation_rows if o.cycle_id == cycle.cycle_id):
                view = obligation_view(row, now)
                left = working_days_left(view, todays[row.regulation_id], calendar) if calendar else None
                rows.append({**view, "working_days_left": left})
            open_escalations = [
                escalation_view(e, cycle.regulation_id) for e in escalation_rows if e.cycle_id == cycle.cycle_id
            ]
            site_cycles.append(
                {
                    **service.cycle_view(cycle),
                    "summary": summary_of(rows, len(open_escalations)),
                    "obligations": rows,
                    "open_escalations": open_escalations,
                }
            )
        result.append({"site_id": site_id, "cycles": site_cycles})
    return result


async def site_overview(conn: AsyncConnection, principal: Principal, site_id: str) -> dict[str, Any]:
    """One site now, for whoever may read it (a site out of scope answers as one that does not exist)."""
    await visible_site(conn, principal, site_id)
    return (await overviews(conn, [site_id]))[0]
