"""Pages of the cycle context: a site's dashboard (``/sites/{site}``: what is due, late, under review and done in
the current and the overlapping cycle, on a task list and a strip of months), a cycle's page (its timeline and its
state as of a date) and the cycle's roadmap. They read what the REST routes read, through the same functions:
``overview.site_overview``, ``service.readable_cycle``, ``service.readable_roadmap`` and the timeline's
``cycle_timeline`` and ``cycle_state``. A site out of the reader's scope answers as one that does not exist."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.access.session import SessionDep
from api.cycle import dashboard, overview, service
from api.paths import Year
from api.problems import Problem
from api.roadmap_row.service import dated_rows
from api.runtime import RuntimeDep
from api.sites.service import site_view
from api.timeline import reading
from api.timeline import service as timeline
from api.timeline.history import CYCLE_STATUS_RU
from api.web.forms import FormErrors, errors_of
from api.web.render import render
from domain.sites import SITE_STATUS_RU, SiteStatus

router = APIRouter(include_in_schema=False)

TIMELINE_PAGE = 200  # entries on a page of the timeline (the REST route's default)
STATE_LABELS = {"at": "Дата", "time": "Время"}


def site_words(site: dict[str, Any]) -> dict[str, Any]:
    return {**site, "status_ru": SITE_STATUS_RU.get(SiteStatus(site["status"]), site["status"])}


@router.get("/sites/{site_id}")
async def site_dashboard(request: Request, site_id: str, session: SessionDep, runtime: RuntimeDep) -> Response:
    now = datetime.now(UTC)
    async with runtime.engine.connect() as conn:
        current = await overview.site_overview(conn, session.principal, site_id)
        site = await site_view(conn, session.principal, site_id)
    today = overview.local_today(now, site["regulation_id"])
    cycles = [dashboard.cycle_board(cycle, today) for cycle in current["cycles"]]
    return render(
        request,
        "cycle/dashboard.html",
        title=f"{site['code']} — {site['institution']['name']}",
        site=site_words(site),
        cycles=cycles,
        totals=dashboard.totals(current["cycles"]),
        due_soon_days=overview.DUE_SOON_DAYS,
        light_ru=dashboard.LIGHT_RU,
        today=today,
    )


async def _state(
    conn: AsyncConnection, principal: Principal, site_id: str, year: int, query: reading.StateQuery
) -> tuple[dict[str, Any] | None, str, FormErrors]:
    """The cycle as of the form's date, or why not: a notice (the cycle was not open yet) or the form's errors."""
    if query.at is None:
        return None, "", FormErrors()
    try:
        return await timeline.cycle_state(conn, principal, site_id, year, query.at), "", FormErrors()
    except Problem as refusal:
        if refusal.code == "cycle_not_started":
            return None, refusal.detail, FormErrors()
        if refusal.status != 422:
            raise
        errors = errors_of(refusal)
        errors.summary = ""  # the field's message says it; the summary of the route names the query parameter
        return None, "", errors


@router.get("/sites/{site_id}/cycles/{year}")
async def cycle_page(
    request: Request,
    site_id: str,
    year: Year,
    session: SessionDep,
    runtime: RuntimeDep,
    at: Annotated[str | None, Query(max_length=40)] = None,
    time: Annotated[str | None, Query(max_length=20)] = None,
    after: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    principal = session.principal
    async with runtime.engine.connect() as conn:
        cycle = await service.readable_cycle(conn, principal, site_id, year)
        site = await site_view(conn, principal, site_id)
        timezone = await timeline.region_timezone(conn, site_id)
        history = await timeline.cycle_timeline(conn, principal, site_id, year, after=after, limit=TIMELINE_PAGE)
        roadmap = await service.readable_roadmap(conn, principal, site_id, year)
        dated = await dated_rows(conn, site_id, year)
        query = reading.state_query(at, time, timezone)
        if isinstance(query, FormErrors):
            state, notice, errors = None, "", query
            query = reading.StateQuery(at=None, date=(at or "").strip(), time=(time or "").strip())
        else:
            state, notice, errors = await _state(conn, principal, site_id, year, query)
    now = datetime.now(UTC)
    obligations = cycle["obligations"]
    return render(
        request,
        "cycle/cycle.html",
        status_code=422 if errors else 200,
        title=f"Цикл {year} года — {site['code']}",
        site=site_words(site),
        cycle=cycle,
        cycle_status_ru=CYCLE_STATUS_RU.get(cycle["status"], cycle["status"]),
        cycle_status_tag=dashboard.CYCLE_STATUS_TAG.get(cycle["status"], "grey"),
        counts={
            "all": len(obligations),
            "done": sum(1 for o in obligations if o["status"] == "approved"),
            "review": sum(1 for o in obligations if o["status"] == "under_review"),
            "overdue": sum(1 for o in obligations if o["overdue"]),
            "escalations": len(cycle["open_escalations"]),
        },
        href=dashboard.cycle_href(site_id, year),
        site_href=dashboard.site_href(site_id),
        timezone=timezone,
        zone_ru=reading.zone_ru(timezone),
        days=reading.by_day(history["entries"]),
        after=after,
        next_after=history["next_after"],
        query=query,
        state=state,
        state_items=dashboard.state_items(state, site_id, year) if state else [],
        notice=notice,
        errors=errors,
        labels=STATE_LABELS,
        roadmap_rows=len(roadmap),
        dated_rows=dated,
        today=overview.local_today(now, site["regulation_id"]),
        obligation_href=lambda key, instance: dashboard.obligation_href(site_id, year, key, instance),
    )


@router.get("/sites/{site_id}/cycles/{year}/roadmap")
async def roadmap_page(
    request: Request, site_id: str, year: Year, session: SessionDep, runtime: RuntimeDep
) -> Response:
    principal = session.principal
    async with runtime.engine.connect() as conn:
        await service.readable_cycle(conn, principal, site_id, year)
        site = await site_view(conn, principal, site_id)
        rows = await service.readable_roadmap(conn, principal, site_id, year)
    sections: list[dict[str, Any]] = []
    for row in rows:
        if not sections or sections[-1]["title"] != row["section"]:
            sections.append({"title": row["section"], "rows": []})
        sections[-1]["rows"].append(row)
    return render(
        request,
        "cycle/roadmap.html",
        title=f"Дорожная карта {year} года — {site['code']}",
        site=site_words(site),
        year=year,
        href=dashboard.cycle_href(site_id, year),
        site_href=dashboard.site_href(site_id),
        sections=sections,
        rows=len(rows),
    )
