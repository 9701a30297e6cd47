"""The REST API of a Vologda platform's criteria report (отчет по критериям): read it with its warnings, fill its
indicators and evidence, send it, sign СОГЛАСОВАНО and УТВЕРЖДАЮ or return it, record the outcomes that amend it
and the Department's decision on the next year."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.access.deps import PrincipalDep
from api.commands import UPDATES_WORKFLOWS
from api.platform import distribution, monitoring, service
from api.platform import profile as passport
from api.platform.requests import (
    ConclusionBody,
    ContinuationBody,
    EvidenceBody,
    OutcomeBody,
    ReturnBody,
    SignBody,
    ValueBody,
)
from api.problems import documented
from api.runtime import RuntimeDep
from domain.platform.events import SignStep

router = APIRouter(tags=["criteria report"])

REPORT = "/api/sites/{site_id}/cycles/{year}/criteria-report"
REFUSED = documented(404, 409, 422)
Key = Annotated[str, Path(pattern=r"^C[1-9]\.[QN][0-9]{1,2}$", description="Показатель: C1.N1")]
Year = Annotated[int, Path(ge=2000, le=2100)]
Quarter = Annotated[str, Path(pattern=r"^Q[1-4]$", description="Квартал: Q1 … Q4")]


@router.get(REPORT, summary="Отчет по критериям: показатели по критериям, подтверждения, предупреждения, подписи")
async def get_report(runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year) -> dict[str, Any]:
    return await service.read(runtime, principal, site_id, year)


@router.get("/api/sites/{site_id}/platform-profile", summary="Паспорт ОМП: тема, база, рабочая группа, центры, годы")
async def get_profile(runtime: RuntimeDep, principal: PrincipalDep, site_id: str) -> dict[str, Any]:
    return await passport.read_profile(runtime, principal, site_id)


@router.put("/api/sites/{site_id}/platform-profile", summary="Изменить паспорт ОМП", responses={**REFUSED})
async def put_profile(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, body: passport.ProfileBody
) -> dict[str, Any]:
    return await passport.set_profile(runtime, principal, site_id, body)


@router.get(
    "/api/sites/{site_id}/cycles/{year}/monitoring/{quarter}",
    summary="Квартал мониторинга ОМП: сведения комплексных центров, их сумма и направленная сводная информация",
    responses={**documented(404)},
)
async def get_monitoring_quarter(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, quarter: Quarter
) -> dict[str, Any]:
    async with runtime.reads.connect() as conn:
        await passport.platform_site(conn, principal, site_id)
        return await monitoring.quarter_view(conn, site_id, year, quarter)


@router.get(
    "/api/sites/{site_id}/cycles/{year}/plan-distribution",
    summary="Направление утвержденного плана в комплексные центры: центры и дата получения",
)
async def get_distribution(runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year) -> dict[str, Any]:
    async with runtime.reads.connect() as conn:
        await passport.platform_site(conn, principal, site_id)
        return await distribution.distribution_view(conn, site_id, year)


@router.post(
    "/api/sites/{site_id}/cycles/{year}/plan-distribution",
    summary="Отметить направление плана в комплексные центры",
    responses={**REFUSED},
)
async def post_distribution(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, body: distribution.DistributionBody
) -> dict[str, Any]:
    return await distribution.distribute(runtime, principal, site_id, year, body)


@router.put(REPORT + "/values/{key}", summary="Значение показателя", responses={**REFUSED, **UPDATES_WORKFLOWS})
async def put_value(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, key: Key, body: ValueBody
) -> dict[str, Any]:
    return await service.set_value(runtime, principal, site_id, year, key, body)


@router.delete(REPORT + "/values/{key}", summary="Очистить показатель", responses={**REFUSED, **UPDATES_WORKFLOWS})
async def delete_value(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, key: Key
) -> dict[str, Any]:
    return await service.clear_value(runtime, principal, site_id, year, key)


@router.post(
    REPORT + "/evidence", summary="Подтверждение (новое или измененное)", responses={**REFUSED, **UPDATES_WORKFLOWS}
)
async def post_evidence(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, body: EvidenceBody
) -> dict[str, Any]:
    return await service.record_evidence(runtime, principal, site_id, year, body)


@router.delete(
    REPORT + "/evidence/{item_id}", summary="Удалить подтверждение", responses={**REFUSED, **UPDATES_WORKFLOWS}
)
async def delete_evidence(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, item_id: str
) -> dict[str, Any]:
    return await service.remove_evidence(runtime, principal, site_id, year, item_id)


@router.put(REPORT + "/conclusion", summary="«Предложения»", responses={**REFUSED, **UPDATES_WORKFLOWS})
async def put_conclusion(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, body: ConclusionBody
) -> dict[str, Any]:
    return await service.write_conclusion(runtime, principal, site_id, year, body)


@router.post(REPORT + "/submit", summary="Направить на согласование", responses={**REFUSED, **UPDATES_WORKFLOWS})
async def post_submit(runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year) -> dict[str, Any]:
    return await service.submit(runtime, principal, site_id, year)


@router.post(
    REPORT + "/signatures/{step}",
    summary="Подписать: agree — СОГЛАСОВАНО, approve — УТВЕРЖДАЮ",
    responses={**REFUSED, **UPDATES_WORKFLOWS},
)
async def post_signature(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, step: SignStep, body: SignBody
) -> dict[str, Any]:
    return await service.sign(runtime, principal, site_id, year, step, body)


@router.post(
    REPORT + "/returns/{step}", summary="Вернуть на доработку с шага", responses={**REFUSED, **UPDATES_WORKFLOWS}
)
async def post_return(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, step: SignStep, body: ReturnBody
) -> dict[str, Any]:
    return await service.return_report(runtime, principal, site_id, year, step, body)


@router.post(
    REPORT + "/follow-ups/{item_id}",
    summary="Результат заявки, объявленный после года: дополнение к отчету",
    responses={**REFUSED, **UPDATES_WORKFLOWS},
)
async def post_outcome(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, item_id: str, body: OutcomeBody
) -> dict[str, Any]:
    return await service.record_outcome(runtime, principal, site_id, year, item_id, body)


@router.post(
    REPORT + "/continuation",
    summary="Решение Департамента о продолжении деятельности ОМП",
    responses={**REFUSED, **UPDATES_WORKFLOWS},
)
async def post_continuation(
    runtime: RuntimeDep, principal: PrincipalDep, site_id: str, year: Year, body: ContinuationBody
) -> dict[str, Any]:
    return await service.decide_continuation(runtime, principal, site_id, year, body)
