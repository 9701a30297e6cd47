"""The production calendar: read it (everyone signed in), correct a day from a new decree (administrators), hand it
to the worker (internal)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from api.access.deps import PrincipalDep, service_caller
from api.calendar.corrections import calendar_admin, correct_day, withdraw_correction
from api.calendar.service import calendar_for, load_overrides, year_view
from api.problems import Problem
from api.runtime import RuntimeDep
from domain.calendar import CalendarOverride, ProductionCalendar

router = APIRouter(tags=["calendar"])
# For the worker only (service token): the calendar a workflow gets as an activity result.
internal_router = APIRouter(prefix="/internal", tags=["internal"], dependencies=[Depends(service_caller)])

Year = Annotated[int, Path(ge=2000, le=2100, description="Год")]


class OverrideBody(BaseModel):
    working: bool = Field(description="true — рабочий день, false — нерабочий")
    reason: str = Field(max_length=500, description="Причина, например «перенос выходного дня»")
    source: str = Field(max_length=500, description="Основание: постановление, приказ")


@router.get("/api/calendar/{year}", summary="Производственный календарь года")
async def get_calendar(year: Year, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    async with runtime.engine.connect() as conn:
        return await year_view(conn, year)


@router.get("/api/calendar-overrides", summary="Поправки производственного календаря")
async def list_overrides(runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    async with runtime.engine.connect() as conn:
        return [o.model_dump(mode="json") for o in await load_overrides(conn)]


@router.put(
    "/api/calendar-overrides/{day}",
    summary="Поправка: день рабочий или нерабочий по новому постановлению",
)
async def put_override(day: date, body: OverrideBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    by = calendar_admin(principal)
    override = CalendarOverride(day=day, working=body.working, reason=body.reason.strip(), source=body.source.strip())
    notified = await correct_day(runtime, override, by)
    return {**override.model_dump(mode="json"), "cycles_notified": notified}


@router.delete("/api/calendar-overrides/{day}", status_code=204, summary="Снять поправку")
async def delete_override(day: date, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    await withdraw_correction(runtime, day, calendar_admin(principal))
    return Response(status_code=204)


@internal_router.get("/calendar", response_model=ProductionCalendar, summary="Production calendar for the given years")
async def calendar(
    year: Annotated[list[int], Query(min_length=1, max_length=100)], runtime: RuntimeDep
) -> ProductionCalendar:
    if any(y < 2000 or y > 2100 for y in year):
        raise Problem(422, "invalid_year", "Years must be within 2000–2100.")
    async with runtime.engine.connect() as conn:
        return await calendar_for(conn, year)
