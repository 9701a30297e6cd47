"""The REST API of a Sverdlovsk methodological section's own streams: the composition with each organisation head's
consent, the leader's elections voter by voter, the materials of a year with their checklist, and the history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from api.access.deps import PrincipalDep, service_caller
from api.access.principal import Principal
from api.problems import documented
from api.runtime import Runtime, RuntimeDep
from api.section import commands, control, views
from api.section.requests import (
    CandidateBody,
    CheckBody,
    ConsentBody,
    ElectionBody,
    MaterialBody,
    MemberBody,
    PlanMeetingBody,
    ReasonBody,
    ReviseBody,
    VoteBody,
)
from api.today import service_today

router = APIRouter(tags=["section"])

SECTION = "/api/sections/{site_id}"
REFUSED = documented(403, 404, 409, 422)
Year = Query(default=None, ge=2000, le=2100, description="Год материалов (по умолчанию — текущий)")


async def _view(runtime: Runtime, principal: Principal, site_id: str, year: int | None = None) -> dict[str, Any]:
    async with runtime.reads.connect() as conn:
        return await views.section_view(conn, principal, site_id, year or service_today().year)


@router.get(SECTION, responses=documented(404), summary="Методическая секция: состав, выборы, материалы года")
async def get_section(
    site_id: str, runtime: RuntimeDep, principal: PrincipalDep, year: int | None = Year
) -> dict[str, Any]:
    return await _view(runtime, principal, site_id, year)


@router.get(f"{SECTION}/history", responses=documented(404), summary="История секции по-русски")
async def get_history(site_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    async with runtime.reads.connect() as conn:
        return await views.history(conn, principal, site_id)


@router.post(f"{SECTION}/members", status_code=201, responses=REFUSED, summary="Предложить представителя организации")
async def post_member(site_id: str, body: MemberBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    person_id = await commands.propose_member(runtime, principal, site_id, body)
    return {"person_id": person_id, **await _view(runtime, principal, site_id)}


@router.post(
    f"{SECTION}/members/{{person_id}}/consent",
    responses=REFUSED,
    summary="Согласование руководителем организации включения работника в состав секции",
)
async def post_consent(
    site_id: str, person_id: str, body: ConsentBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, str]:
    await commands.answer_consent(runtime, principal, site_id, person_id, body)
    return {"person_id": person_id, "status": "consented" if body.consent else "refused"}


@router.post(f"{SECTION}/members/{{person_id}}/withdrawal", responses=REFUSED, summary="Вывести из состава секции")
async def post_withdrawal(
    site_id: str, person_id: str, body: ReasonBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    await commands.withdraw_member(runtime, principal, site_id, person_id, body)
    return await _view(runtime, principal, site_id)


@router.post(f"{SECTION}/elections", status_code=201, responses=REFUSED, summary="Открыть выборы руководителя секции")
async def post_election(
    site_id: str, body: ElectionBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    number = await commands.open_election(runtime, principal, site_id, body)
    return {"election_no": number, **await _view(runtime, principal, site_id)}


@router.post(
    f"{SECTION}/elections/{{election_no}}/candidates",
    responses=REFUSED,
    summary="Выдвинуть кандидата (стаж в занимаемой должности не менее года)",
)
async def post_candidate(
    site_id: str, election_no: int, body: CandidateBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    await commands.nominate(runtime, principal, site_id, election_no, body)
    return await _view(runtime, principal, site_id)


@router.post(
    f"{SECTION}/elections/{{election_no}}/votes", responses=REFUSED, summary="Записать голос члена секции (открытое)"
)
async def post_vote(
    site_id: str, election_no: int, body: VoteBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    await commands.cast_vote(runtime, principal, site_id, election_no, body)
    return await _view(runtime, principal, site_id)


@router.post(f"{SECTION}/elections/{{election_no}}/count", responses=REFUSED, summary="Подвести итоги тура")
async def post_count(site_id: str, election_no: int, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    await commands.close_round(runtime, principal, site_id, election_no)
    return await _view(runtime, principal, site_id)


PLAN = f"{SECTION}/plans/{{year}}/meetings"


@router.post(PLAN, status_code=201, responses=REFUSED, summary="Внести заседание в план года (Приложение № 1)")
async def post_plan_meeting(
    site_id: str, year: int, body: PlanMeetingBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    await commands.add_plan_meeting(runtime, principal, site_id, year, body)
    return await _view(runtime, principal, site_id, year)


@router.delete(f"{PLAN}/{{on}}", responses=REFUSED, summary="Исключить заседание из плана года")
async def delete_plan_meeting(
    site_id: str, year: int, on: date, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    await commands.remove_plan_meeting(runtime, principal, site_id, year, on.isoformat())
    return await _view(runtime, principal, site_id, year)


@router.post(
    f"{SECTION}/plans/{{year}}/approval",
    responses=REFUSED,
    summary="Утвердить строки плана года вместе с утвержденным файлом плана (D18)",
)
async def post_plan_approval(site_id: str, year: int, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    await commands.approve_plan(runtime, principal, site_id, year)
    return await _view(runtime, principal, site_id, year)


MATERIALS = f"{SECTION}/materials/{{year}}"


@router.post(MATERIALS, status_code=201, responses=REFUSED, summary="Представить методический материал")
async def post_material(
    site_id: str, year: int, body: MaterialBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    number = await commands.submit_material(runtime, principal, site_id, year, body)
    return {"material_no": number, **await _view(runtime, principal, site_id, year)}


@router.post(
    f"{MATERIALS}/{{material_no}}/check",
    responses=REFUSED,
    summary="Проверить материал по трем требованиям (не выполненное — возврат с комментарием)",
)
async def post_check(
    site_id: str, year: int, material_no: int, body: CheckBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    await commands.check_material(runtime, principal, site_id, year, material_no, body)
    return await _view(runtime, principal, site_id, year)


@router.post(f"{MATERIALS}/{{material_no}}/revision", responses=REFUSED, summary="Представить доработанный материал")
async def post_revision(
    site_id: str, year: int, material_no: int, body: ReviseBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    await commands.revise_material(runtime, principal, site_id, year, material_no, body)
    return await _view(runtime, principal, site_id, year)


@router.post(f"{MATERIALS}/forwarding", responses=REFUSED, summary="Передать проверенные материалы в ОМЦ")
async def post_forwarding(site_id: str, year: int, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    await commands.forward_materials(runtime, principal, site_id, year)
    return await _view(runtime, principal, site_id, year)


@router.get(
    "/api/regions/{region_id}/sections/control",
    responses=documented(404),
    summary="Контроль ОМЦ: секции без утвержденного плана, непредставленные отчеты, полугодия без заседаний",
)
async def get_control(
    region_id: str,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    year: int = Query(ge=2000, le=2100, description="Год"),
    on: date | None = Query(default=None, description="На дату (по умолчанию — сегодня в регионе)"),
) -> dict[str, Any]:
    async with runtime.reads.connect() as conn:
        return await control.control_view(conn, principal, region_id, year, on)


class TermsAt(BaseModel):
    at: datetime  # the instant the terms are checked at (the region's digest run, or a test's)


@router.post(
    "/internal/sections/{site_id}/terms",
    tags=["internal"],
    dependencies=[Depends(service_caller)],
    summary="Raise the escalations of the section's consents and checks past their term (D17)",
)
async def post_terms(site_id: str, body: TermsAt, runtime: RuntimeDep) -> dict[str, int]:
    """As of ``at``; raising twice raises nothing more. The region's digest run checks every section the same way."""
    return {"raised": await commands.check_terms(runtime, site_id, body.at)}
