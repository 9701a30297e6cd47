"""Pages of the region, for the Department, the RCRSO director, administrators and curators.

* ``GET /region`` — the matrix of a year: sites × obligations, each instance coloured by where it stands, with a
  legend and the count of each state; filters by year, direction, site status and «only sites with something
  overdue». A curator (whom the REST matrix refuses) gets the cycles of the sites they may read instead.
* ``GET /region/discipline`` — performance discipline per site and for the region.
* ``GET /region/escalations`` — open escalations by level, each obligation at its highest step.
* ``GET /region/curators`` — each site with its curators of the RCRSO, or «куратор не назначен» since when (D29).
* ``GET /region/standing`` — the standing duties each site evidenced in its latest quarterly report (D37).

The same service functions and authorization as ``api.region.routes``: the matrix and the discipline through
``assessed_year`` (403 for anyone not governing the region), lists through ``readable_sites``. Anybody who is
neither governing a region nor a curator (a site's director, say) is refused the section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.access.session import SessionDep
from api.calendar.service import calendar_for
from api.problems import Problem
from api.region.access import (
    SECTION_FORBIDDEN_RU,
    Section,
    governed_region,
    governed_regions,
    readable_regions,
    region_section,
)
from api.region.board import LOOKS, board, obligation_href, period_ru
from api.region.choices import current_cycle_year, cycle_years, region_directions, year_options
from api.region.curators import region_curators
from api.region.cycles import CycleFilter, cycle_item, cycle_page
from api.region.discipline import discipline, on_time_share
from api.region.ladder import escalations_by_level
from api.region.matrix import matrix
from api.region.performance import local_day
from api.region.regime import has_compendium, has_curators, has_standing_duties, is_khmao
from api.region.standing import region_standing
from api.region.year import RegionYear, assessed_year
from api.runtime import RuntimeDep
from api.web.render import render
from domain.sites import SITE_STATUS_RU, SiteStatus

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Query(max_length=32)]
CYCLE_STATUS_RU = {"active": "идет", "completed": "завершен", "closed": "закрыт"}


@dataclass(frozen=True)
class Asked:
    """What the filters ask for; a value that is not one of the choices is read as «not asked»."""

    region_id: str
    year: int | None
    direction_id: str | None
    status: SiteStatus | None
    only_overdue: bool

    @classmethod
    def read(cls, region: str, year: str, direction_id: str, status: str, overdue: str) -> Asked:
        statuses = {s.value: s for s in SiteStatus}
        return cls(
            region_id=region,
            year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None,
            direction_id=direction_id or None,
            status=statuses.get(status),
            only_overdue=bool(overdue),
        )


@dataclass(frozen=True)
class Place:
    """The region and year a page shows, and what else could be chosen."""

    section: Section
    region: Any
    regions: list[Any]
    year: int
    years: list[int]
    today: date

    def query(self, **more: Any) -> str:
        """The query string that keeps this region and year on another page of the section."""
        params = {"region": self.region.id} if len(self.regions) > 1 else {}
        params |= {"year": str(self.year)}
        params |= {key: value for key, value in more.items() if value}
        return urlencode(params)


async def _place(conn: AsyncConnection, principal: Principal, section: Section, asked: Asked) -> Place:
    regions = await (governed_regions if section == "governor" else readable_regions)(conn, principal)
    if not regions:
        raise Problem(403, "region_forbidden", SECTION_FORBIDDEN_RU)
    region = next((r for r in regions if r.id == asked.region_id), regions[0])
    today = local_day(datetime.now(UTC), ZoneInfo(region.timezone))
    years = await cycle_years(conn, principal, region.id)
    year = asked.year or current_cycle_year(today, years)
    return Place(section, region, list(regions), year, year_options(years, year, today), today)


def _local_nav(place: Place, current: str) -> list[dict[str, Any]]:
    query = place.query()
    governor = place.section == "governor"
    region_id = place.region.id  # what the region's regulation has, and only that (issue 16)
    compendium = has_compendium(region_id)
    items = [
        ("/region", "Матрица исполнения" if governor else "Площадки направления"),
        *([("/region/discipline", "Исполнительская дисциплина")] if governor else []),
        *([("/region/standing", "Постоянные обязанности")] if governor and has_standing_duties(region_id) else []),
        *([("/region/curators", "Кураторы")] if governor and has_curators(region_id) else []),
        ("/region/escalations", "Эскалации"),
        *([(f"/compendia/{region_id}/{place.year}", f"Сборник {place.year} года")] if compendium else []),
    ]
    return [
        {"href": f"{path}?{query}" if path.startswith("/region") else path, "label": label, "current": path == current}
        for path, label in items
    ]


def _common(place: Place, current: str) -> dict[str, Any]:
    return {
        "place": place,
        "local_nav": _local_nav(place, current),
        "year_choices": [(year, f"{year} год") for year in place.years],
        "region_choices": [(region.id, region.name) for region in place.regions],
        "khmao": is_khmao(place.region.id),  # KhMAO's words (РЦРСО, order 135-р) only on KhMAO's pages
    }


@router.get("/region")
async def region_page(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    region: Text = "",
    year: Text = "",
    direction_id: Text = "",
    status: Text = "",
    overdue: Text = "",
) -> Response:
    principal = session.principal
    section = region_section(principal)
    asked = Asked.read(region, year, direction_id, status, overdue)
    async with runtime.engine.connect() as conn:
        place = await _place(conn, principal, section, asked)
        if section == "curator":
            wanted = CycleFilter(region_id=place.region.id, year=place.year)
            rows = await cycle_page(conn, principal, wanted, "site_id", 1, 200, datetime.now(UTC))
            return render(
                request,
                "region/direction.html",
                **_common(place, "/region"),
                cycles=[cycle_item(row) for row in rows],
                cycle_status_ru=CYCLE_STATUS_RU,
            )
        directions = await region_directions(conn, place.region.id)
        known = {row.id for row in directions}
        chosen = asked.direction_id if asked.direction_id in known else None
        region_year = RegionYear(place.region.id, place.year, chosen, asked.status)
        read = await assessed_year(conn, principal, region_year)
        calendar = await calendar_for(conn, range(read.today.year, read.today.year + 2))
    the_matrix = matrix(region_year, read)
    return render(
        request,
        "region/matrix.html",
        **_common(place, "/region"),
        asked=asked,
        direction_id=chosen or "",
        board=board(the_matrix, calendar, asked.only_overdue),
        matrix=the_matrix,
        looks=LOOKS,
        opened=sum(1 for row in the_matrix.rows if row.cycle_status is not None),
        direction_choices=[(row.id, f"{row.id} — {row.title}") for row in directions],
        status_choices=[(s.value, SITE_STATUS_RU[s].capitalize()) for s in _region_statuses(read.sites)],
    )


def _region_statuses(site_rows: list[Any]) -> list[SiteStatus]:
    present = {row.status for row in site_rows}
    return [status for status in SiteStatus if status.value in present] or list(SiteStatus)


@router.get("/region/discipline")
async def discipline_page(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    region: Text = "",
    year: Text = "",
    status: Text = "",
) -> Response:
    principal = session.principal
    section = region_section(principal)
    asked = Asked.read(region, year, "", status, "")
    async with runtime.engine.connect() as conn:
        place = await _place(conn, principal, section, asked)
        region_year = RegionYear(place.region.id, place.year, None, asked.status)
        read = await assessed_year(conn, principal, region_year)
    table = discipline(region_year, read)
    return render(
        request,
        "region/discipline.html",
        **_common(place, "/region/discipline"),
        asked=asked,
        discipline=table,
        shares={row.site_id: on_time_share(row.discipline) for row in table.sites},
        total_share=on_time_share(table.totals),
        status_choices=[(s.value, SITE_STATUS_RU[s].capitalize()) for s in _region_statuses(read.sites)],
        obligation_href=obligation_href,
        period_ru=period_ru,
    )


@router.get("/region/standing")
async def standing_page(
    request: Request, session: SessionDep, runtime: RuntimeDep, region: Text = "", year: Text = ""
) -> Response:
    """Which sites evidenced their standing duties in their latest quarterly report of the year (D37)."""
    principal = session.principal
    section = region_section(principal)
    asked = Asked.read(region, year, "", "", "")
    async with runtime.engine.connect() as conn:
        place = await _place(conn, principal, section, asked)
        await governed_region(conn, principal, place.region.id)
        if not has_standing_duties(place.region.id):
            raise Problem(404, "not_found", "У регламента региона нет постоянных обязанностей.")
        standing = await region_standing(conn, place.region.id, place.year)
    return render(request, "region/standing.html", **_common(place, "/region/standing"), standing=standing)


@router.get("/region/curators")
async def curators_page(request: Request, session: SessionDep, runtime: RuntimeDep, region: Text = "") -> Response:
    """Each site with its curators of the RCRSO, or «куратор не назначен» since when (order 3.1, D29)."""
    principal = session.principal
    section = region_section(principal)
    asked = Asked.read(region, "", "", "", "")
    async with runtime.engine.connect() as conn:
        place = await _place(conn, principal, section, asked)
        await governed_region(conn, principal, place.region.id)
        if not has_curators(place.region.id):
            raise Problem(404, "not_found", "Регламент региона не требует кураторов площадок.")
        rows = await region_curators(conn, place.region.id)
    return render(
        request,
        "region/curators.html",
        **_common(place, "/region/curators"),
        rows=rows,
        missing=[row for row in rows if not row["curators"]],
    )


@router.get("/region/escalations")
async def escalations_page(
    request: Request, session: SessionDep, runtime: RuntimeDep, region: Text = "", year: Text = ""
) -> Response:
    principal = session.principal
    section = region_section(principal)
    asked = Asked.read(region, year, "", "", "")
    async with runtime.engine.connect() as conn:
        place = await _place(conn, principal, section, asked)
        groups = await escalations_by_level(conn, principal, place.region.id, place.year, place.today)
    return render(
        request,
        "region/escalations.html",
        **_common(place, "/region/escalations"),
        groups=groups,
        obligation_href=obligation_href,
        period_ru=period_ru,
    )
