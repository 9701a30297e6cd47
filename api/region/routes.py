"""The Department's and the RCRSO's views of a region, read from the projections only.

* ``GET /api/cycles`` — cycles the caller may see, filtered, sorted and paged, each with its site and counts.
* ``GET /api/region/escalations`` — escalations the caller may see, filtered and paged, newest first (the
  older ``GET /api/escalations`` of ``api.escalation`` stays as it is).
* ``GET /api/region/{region_id}/matrix`` — sites × obligation keys of a year, each cell the instances of the key
  with their state, effective due date and lateness in working days.
* ``GET /api/region/{region_id}/discipline`` — per site and for the region: on time, late, open (not yet due,
  overdue, under review), average lateness, the worst obligation. The definitions are in ``api.region.performance``.

Who reads the matrix and the discipline: the Department, the RCRSO director and administrators, through a grant
on the region (or on everything). Everybody else gets 403, curators included: these views rank every site of the
region against the others, which is the business of those who govern the region; a curator reads their
direction through ``/api/cycles?direction_id=…`` and ``/api/region/escalations``, which show only what they may
see. Lists show only the sites the caller may read (``Principal.can_read``, filtered in SQL).

Here: the query parameters and the endpoints. The response models are in ``api.region.schemas``; who sees what in
``api.region.access``; each view in a module of its own: ``cycles``, ``escalations``, ``matrix``, ``discipline``,
over a region's year read and assessed in ``year``, by the definitions of ``performance``.

* ``GET /api/region/{region_id}/standing?year=`` — each site's standing duties (п. 2, 2.1, 2.2, 2.4.1, 2.4.5,
  2.4.6, 5.1) as its latest quarterly report of the year evidenced them (decision D37; ``api.region.standing``).
* ``GET /api/region/{region_id}/curators`` — each site with its curators of the RCRSO in force, or «куратор не
  назначен» since when (order 3.1, decision D29; ``api.region.curators``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel

from api.access.deps import PrincipalDep, service_caller
from api.notifications.service import told_of_escalations
from api.region import curators
from api.region.access import governed_region
from api.region.cycles import CycleFilter, CycleSort, CycleStatus, cycle_item, cycle_page, cycle_total
from api.region.discipline import discipline
from api.region.escalations import EscalationFilter, escalation_items, escalation_page, escalation_total
from api.region.matrix import matrix
from api.region.schemas import CyclePage, Discipline, EscalationPage, Matrix, problem_responses
from api.region.standing import RegionStanding, region_standing
from api.region.year import RegionYear, assessed_year
from api.runtime import RuntimeDep
from domain.escalation import EscalationLevel
from domain.region import CuratorCheck
from domain.sites import SiteStatus

router = APIRouter(tags=["region"])
# For the worker only (service token): the region's workflow asks for a check of the curators (D29).
internal_router = APIRouter(prefix="/internal", tags=["internal"], dependencies=[Depends(service_caller)])

Id = r"^[0-9A-Za-z._:-]+$"
RegionId = Annotated[str, Path(max_length=16, pattern=Id, description="Регион, например 86")]
YearQuery = Annotated[int, Query(ge=2000, le=2100, description="Год цикла")]
Page = Annotated[int, Query(ge=1, le=1_000_000, description="Номер страницы, с 1")]
PerPage = Annotated[int, Query(ge=1, le=200, description="Записей на странице")]
SiteId = Annotated[str | None, Query(max_length=32, pattern=Id, description="Площадка, например 1.1.5")]
DirectionId = Annotated[str | None, Query(max_length=32, pattern=Id, description="Направление")]
RegionFilter = Annotated[str | None, Query(max_length=16, pattern=Id, description="Регион, например 86")]
YearFilter = Annotated[int | None, Query(ge=2000, le=2100, description="Год цикла")]
SiteStatusFilter = Annotated[
    SiteStatus | None, Query(description="Статус площадки: resource_center (РЦ), support_platform (ОП)")
]


@router.get("/api/cycles", response_model=CyclePage, summary="Циклы видимых площадок: фильтры, сортировка, страницы")
async def list_cycles(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    region_id: RegionFilter = None,
    year: YearFilter = None,
    status: Annotated[CycleStatus | None, Query(description="active, completed или closed")] = None,
    site_id: SiteId = None,
    direction_id: DirectionId = None,
    with_open_escalations: Annotated[bool | None, Query(description="Только с открытыми эскалациями (или без)")] = None,
    page: Page = 1,
    per_page: PerPage = 50,
    sort: Annotated[CycleSort, Query(description="year, -year или site_id")] = "-year",
) -> CyclePage:
    wanted = CycleFilter(
        region_id=region_id,
        year=year,
        status=status,
        site_id=site_id,
        direction_id=direction_id,
        with_open_escalations=with_open_escalations,
    )
    async with runtime.engine.connect() as conn:
        total = await cycle_total(conn, principal, wanted)
        rows = await cycle_page(conn, principal, wanted, sort, page, per_page, datetime.now(UTC))
    return CyclePage(items=[cycle_item(row) for row in rows], page=page, per_page=per_page, total=total)


@router.get(
    "/api/region/escalations",
    response_model=EscalationPage,
    summary="Эскалации по видимым площадкам: фильтры и страницы, новые сначала",
)
async def list_escalations(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    region_id: RegionFilter = None,
    year: YearFilter = None,
    site_id: SiteId = None,
    level: Annotated[EscalationLevel | None, Query(description="Уровень эскалации")] = None,
    open_only: Annotated[
        bool | None, Query(alias="open", description="true — открытые, false — закрытые, не задано — все")
    ] = None,
    since: Annotated[datetime | None, Query(description="Подняты не ранее этого момента (без смещения — UTC)")] = None,
    page: Page = 1,
    per_page: PerPage = 50,
) -> EscalationPage:
    wanted = EscalationFilter(region_id=region_id, year=year, site_id=site_id, level=level, open=open_only, since=since)
    async with runtime.engine.connect() as conn:
        total = await escalation_total(conn, principal, wanted)
        rows = await escalation_page(conn, principal, wanted, page, per_page)
        told = await told_of_escalations(conn, [row.escalation_id for row in rows])
    return EscalationPage(items=escalation_items(rows, told), page=page, per_page=per_page, total=total)


async def region_year(
    region_id: RegionId, year: YearQuery, direction_id: DirectionId = None, status: SiteStatusFilter = None
) -> RegionYear:
    """The region and year a Department or RCRSO view is asked for, narrowed by direction and site status."""
    return RegionYear(region_id=region_id, year=year, direction_id=direction_id, status=status)


RegionYearDep = Annotated[RegionYear, Depends(region_year)]


@router.get(
    "/api/region/{region_id}/matrix",
    response_model=Matrix,
    summary="Матрица региона: площадки × обязанности года",
    responses=problem_responses(403, 404),
)
async def region_matrix(wanted: RegionYearDep, runtime: RuntimeDep, principal: PrincipalDep) -> Matrix:
    async with runtime.engine.connect() as conn:
        read = await assessed_year(conn, principal, wanted)
    return matrix(wanted, read)


@router.get(
    "/api/region/{region_id}/discipline",
    response_model=Discipline,
    summary="Исполнительская дисциплина площадок региона за год",
    responses=problem_responses(403, 404),
)
async def region_discipline(wanted: RegionYearDep, runtime: RuntimeDep, principal: PrincipalDep) -> Discipline:
    async with runtime.engine.connect() as conn:
        read = await assessed_year(conn, principal, wanted)
    return discipline(wanted, read)


@router.get(
    "/api/region/{region_id}/standing",
    response_model=RegionStanding,
    summary="Постоянные обязанности площадок: состояние и подтверждение по последнему квартальному отчету (D37)",
    responses=problem_responses(403, 404),
)
async def region_standing_duties(
    region_id: RegionId, year: YearQuery, runtime: RuntimeDep, principal: PrincipalDep
) -> RegionStanding:
    """For each site of the region, the state of each standing duty (п. 2, 2.1, 2.2, 2.4.1, 2.4.5, 2.4.6, 5.1) as
    its latest quarterly report of ``year`` gave it, with the file or link attached, and how many are evidenced."""
    async with runtime.engine.connect() as conn:
        await governed_region(conn, principal, region_id)
        return await region_standing(conn, region_id, year)


@router.get(
    "/api/region/{region_id}/curators",
    summary="Кураторы площадок региона: кто назначен, где куратора нет и с какого дня (п. 3.1)",
    responses=problem_responses(403, 404),
)
async def region_curators(region_id: RegionId, runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """Each site with its curators in force, or «куратор не назначен» with ``missing_since`` (decision D29)."""
    async with runtime.engine.connect() as conn:
        await governed_region(conn, principal, region_id)
        return await curators.region_curators(conn, region_id)


class CheckAt(BaseModel):
    at: datetime  # the instant of the check


@internal_router.post(
    "/regions/{region_id}/curators/check",
    response_model=CuratorCheck,
    summary="Raise or resolve the curator escalations of a region (the region's workflow)",
)
async def check_curators(region_id: RegionId, body: CheckAt, runtime: RuntimeDep) -> CuratorCheck:
    """As of the workflow's instant (the end of a grant's term), not the API's clock."""
    return await curators.check_region_curators(runtime.eventlog, region_id, body.at)
