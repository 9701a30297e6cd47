"""Cycles of a site: open one (the RCRSO or an administrator), list them, read one with its obligations and
open escalations."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import DateTime, bindparam, func, select

from api.access.deps import PrincipalDep, service_caller
from api.commands import STARTS_WORKFLOWS
from api.cycle import overview, service
from api.cycle.opening import check_opening, open_region_year, start_cycle
from api.paths import Year
from api.problems import Problem
from api.runtime import RuntimeDep
from api.sites.service import regulation_of, sites_where, visible_site
from api.tables import cycles, obligations, roadmap_rows
from domain.access import CYCLE_OPENERS
from domain.obligations import cycle_id
from domain.people import Role
from domain.region import RegionOpening
from domain.regulations.catalog import role_title
from domain.roadmap.model import RoadmapRow

router = APIRouter(tags=["cycles"])
# For the worker only (service token): what a quarterly report needs of the cycle's approved package.
internal_router = APIRouter(prefix="/internal", tags=["internal"], dependencies=[Depends(service_caller)])


class OpenCycle(BaseModel):
    site_id: str = Field(min_length=1, max_length=32, description="Площадка: пункт приказа, например 1.1.5")
    year: int = Field(ge=2000, le=2100, description="Год цикла (планирование — в декабре предыдущего года)")


async def _cycle_detail(runtime: Any, site_id: str, year: int) -> dict[str, Any] | None:
    async with runtime.engine.connect() as conn:
        return await service.cycle_detail(conn, site_id, year)


# How far a cycle's opening has come, in one light query asked again while it opens: its whole plan projected (as
# many obligations as CycleStarted named) and nothing due at once still waiting to open. The cycle's page, read
# once at the end, costs many times more, and the API reading it over and over slowed the appends it waited for.
_PLANNED = func.jsonb_array_length(cycles.c.obligation_ids)
_WAITING = func.count().filter(
    (obligations.c.status == "planned")
    & (obligations.c.opens_at.is_(None) | (obligations.c.opens_at <= bindparam("now", type_=DateTime(timezone=True))))
)
_OPENING = (
    select(
        _PLANNED.label("planned"), func.count(obligations.c.obligation_id).label("projected"), _WAITING.label("waiting")
    )
    .select_from(cycles.outerjoin(obligations, obligations.c.cycle_id == cycles.c.cycle_id))
    .where(cycles.c.cycle_id == bindparam("cycle_id"))
    .group_by(cycles.c.obligation_ids)
)


async def _opened(runtime: Any, site_id: str, year: int) -> bool:
    """Whether the cycle has planned its whole year and opened what is due at once."""
    async with runtime.engine.connect() as conn:
        row = (await conn.execute(_OPENING, {"cycle_id": cycle_id(site_id, year), "now": datetime.now(UTC)})).first()
    return row is not None and row.projected > 0 and row.projected >= row.planned and row.waiting == 0


@router.post("/api/cycles", status_code=201, responses=STARTS_WORKFLOWS, summary="Открыть годовой цикл площадки")
async def open_cycle(body: OpenCycle, runtime: RuntimeDep, principal: PrincipalDep) -> JSONResponse:
    async with runtime.engine.connect() as conn:
        site = await visible_site(conn, principal, body.site_id)
        regulation_id = await regulation_of(conn, site.id)
    if not principal.roles_on(site) & CYCLE_OPENERS:
        # The opener named as the site's regulation names it (Sverdlovsk: the head of the ОМЦ, not «директор РЦРСО»).
        opener = role_title(regulation_id, Role.RCRSO_DIRECTOR)
        raise Problem(403, "forbidden", f"Открыть цикл может {opener} или администратор.")
    async with runtime.engine.connect() as conn:
        rules = await check_opening(conn, site, body.year)
    await start_cycle(runtime, site, body.year, rules)
    for _ in range(200):  # the workflow plans and opens what is due at once within milliseconds of a worker
        if await _opened(runtime, site.id, body.year):
            detail = await _cycle_detail(runtime, site.id, body.year)
            return JSONResponse(jsonable_encoder(detail), status_code=201)
        await asyncio.sleep(0.05)
    return JSONResponse(
        {"cycle_id": f"cycle:{site.id}:{body.year}", "status": "starting", "detail": "Цикл открывается."},
        status_code=202,
    )


@router.get("/api/sites/{site_id}/cycles", summary="Циклы площадки")
async def list_cycles(site_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    async with runtime.engine.connect() as conn:
        await visible_site(conn, principal, site_id)
        rows = await service.site_cycles(conn, site_id)
    return [service.cycle_view(row) for row in rows]


@router.get("/api/sites/{site_id}/cycles/{year}", summary="Цикл площадки: обязанности, сроки, эскалации")
async def get_cycle(site_id: str, year: Year, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    async with runtime.engine.connect() as conn:
        return await service.readable_cycle(conn, principal, site_id, year)


@router.get("/api/sites/{site_id}/overview", summary="Площадка сейчас: текущий и перекрывающиеся циклы одним чтением")
async def site_overview(site_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    """Every obligation with its working days left (``working_days_left``: 0 on the due day, negative when late);
    the summary counts what is overdue, due within five working days, under review and done."""
    async with runtime.engine.connect() as conn:
        return await overview.site_overview(conn, principal, site_id)


@router.get("/api/overview", summary="Мои площадки: всё, что открыто, с ближайшими сроками и эскалациями")
async def my_overview(runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """The sites the caller directs, is responsible for or curates."""
    async with runtime.engine.connect() as conn:
        site_ids = await sites_where(conn, principal, {Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE, Role.CURATOR})
        return await overview.overviews(conn, site_ids)


@router.get("/api/sites/{site_id}/cycles/{year}/roadmap", summary="Дорожная карта цикла: строки и их состояние")
async def get_roadmap(site_id: str, year: Year, runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """The roadmap approved with the package, each row with the status the last accepted quarterly report gave."""
    async with runtime.engine.connect() as conn:
        return await service.readable_roadmap(conn, principal, site_id, year)


@internal_router.post(
    "/regions/{region_id}/cycles/{year}",
    response_model=RegionOpening,
    summary="Open the cycles of a year of every site of a region, and its сборник (the region's workflow)",
)
async def open_region_cycles(region_id: str, year: Year, runtime: RuntimeDep) -> RegionOpening:
    """Idempotent: what is open already is skipped and listed as such (D26–D28)."""
    return await open_region_year(runtime, region_id, year)


@internal_router.get(
    "/cycles/{cycle_id}/roadmap", response_model=list[RoadmapRow], summary="The roadmap approved with a cycle's package"
)
async def approved_roadmap(cycle_id: str, runtime: RuntimeDep) -> list[RoadmapRow]:
    query = select(roadmap_rows).where(roadmap_rows.c.cycle_id == cycle_id).order_by(roadmap_rows.c.position)
    async with runtime.reads.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [
        RoadmapRow(
            no=row.no,
            section=row.section,
            item=row.item,
            deadline=row.deadline,
            responsible=row.responsible,
            responsible_is_external=row.responsible_is_external,
            expected_result=row.expected_result,
            reading=row.reading,
        )
        for row in rows
    ]
