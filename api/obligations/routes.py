"""Obligations of a cycle: read one with everything that happened to it, and act on it — submit, decide as a
reviewer, ask for more time and decide on it, record a product, approve the monitoring plan, record a completed
monitoring, record a registry update. Each command goes to the obligation's workflow as a Temporal update whose
validator may refuse it (HTTP 409 with the reason); the answer is read back from the projection the update has
just written.

Here: the endpoints. The request bodies are in ``api.obligations.requests``, who may see and act on an obligation
in ``api.obligations.access``, the commands (shared with the pages) in ``api.obligations.commands``, the
obligation with its histories in ``api.obligations.detail``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.access.deps import PrincipalDep
from api.commands import UPDATES_WORKFLOWS
from api.obligations import commands
from api.obligations.access import visible_obligation
from api.obligations.detail import read_back
from api.obligations.requests import (
    DecisionBody,
    ExtensionDecisionBody,
    ExtensionRequestBody,
    MonitoringBody,
    PlanBody,
    ProductBody,
    RegistryBody,
    RowDoneBody,
    SubmitBody,
    TargetDep,
)
from api.runtime import RuntimeDep

router = APIRouter(tags=["obligations"])

PATH = "/api/sites/{site_id}/cycles/{year}/obligations/{key}/{instance}"


@router.get(PATH, summary="Обязанность: состояние, сроки, представления, решения, эскалации")
async def get_obligation(where: TargetDep, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    _site, row = await visible_obligation(runtime, principal, where.site_id, where.year, where.key, where.instance)
    return await read_back(runtime, row.obligation_id)


@router.post(
    PATH + "/submissions",
    responses=UPDATES_WORKFLOWS,
    summary="Представить документы, отчет или сведения о мероприятии",
)
async def submit(where: TargetDep, body: SubmitBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.submit(runtime, principal, where, body)


@router.post(
    PATH + "/decisions", responses=UPDATES_WORKFLOWS, summary="Решение по представлению: согласовать, принять, вернуть"
)
async def decide(where: TargetDep, body: DecisionBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.decide(runtime, principal, where, body)


@router.post(PATH + "/extension-requests", responses=UPDATES_WORKFLOWS, summary="Попросить о продлении срока")
async def request_extension(
    where: TargetDep, body: ExtensionRequestBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.request_extension(runtime, principal, where, body)


@router.post(PATH + "/extension-decisions", responses=UPDATES_WORKFLOWS, summary="Продлить срок или отказать")
async def decide_extension(
    where: TargetDep, body: ExtensionDecisionBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.decide_extension(runtime, principal, where, body)


@router.post(
    PATH + "/products",
    responses=UPDATES_WORKFLOWS,
    summary="Учесть в норме продукт, направленный в совет вне системы (без экспертизы здесь)",
)
async def record_product(
    where: TargetDep, body: ProductBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    """A product sent to the council outside innocycle (before it, or on paper) is counted here; a product the site
    sends from its page (``POST /api/products/{id}/send``) is counted by that command and examined here."""
    return await commands.record_product(runtime, principal, where, body)


@router.post(
    PATH + "/monitoring-plan", responses=UPDATES_WORKFLOWS, summary="Утвердить план мониторинга с перечнем учреждений"
)
async def approve_plan(
    where: TargetDep, body: PlanBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.approve_plan(runtime, principal, where, body)


@router.post(
    PATH + "/monitorings",
    responses=UPDATES_WORKFLOWS,
    summary="Отметить завершение мониторинга учреждения (справка — 10 рабочих дней)",
)
async def complete_monitoring(
    where: TargetDep, body: MonitoringBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.complete_monitoring(runtime, principal, where, body)


@router.post(PATH + "/done", responses=UPDATES_WORKFLOWS, summary="Отметить выполнение мероприятия дорожной карты")
async def mark_row_done(
    where: TargetDep, body: RowDoneBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.mark_row_done(runtime, principal, where, body)


@router.post(PATH + "/registry-updates", responses=UPDATES_WORKFLOWS, summary="Отметить актуализацию реестра")
async def record_registry_update(
    where: TargetDep, body: RegistryBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.record_registry_update(runtime, principal, where, body)
