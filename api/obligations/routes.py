"""Obligations of a cycle: read one with everything that happened to it, and act on it — submit, decide as a
reviewer, ask for more time and decide on it, record a product, approve the monitoring plan, record a completed
monitoring, record a registry update. Each command goes to the obligation's workflow as a Temporal update whose
validator may refuse it (HTTP 409 with the reason); the answer is read back from the projection the update has
just written."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from api.cycle.routes import Year
from api.deps import PrincipalDep, RuntimeDep
from api.obligations.service import file_refs, read_back, require_runner, visible_obligation
from domain import freshness, quota, submission
from domain.payloads import SubmissionData

router = APIRouter(tags=["obligations"])

Key = Annotated[str, Path(min_length=1, max_length=64, description="Обязанность, например package")]
Instance = Annotated[str, Path(min_length=1, max_length=80, description="Экземпляр, например annual или Q1")]
PATH = "/api/sites/{site_id}/cycles/{year}/obligations/{key}/{instance}"
FILES_DESCRIPTION = 'Документ -> id загруженного файла, например {"report": "…"}'


class SubmitBody(BaseModel):
    items: dict[str, str] = Field(default_factory=dict, description=FILES_DESCRIPTION)
    note: str = Field(default="", max_length=4000, description="Сопроводительный комментарий")
    data: SubmissionData | None = Field(
        default=None,
        description="Структурированные сведения: дорожная карта пакета, показатели отчета, сведения о мероприятии",
    )


class DecisionBody(BaseModel):
    action: Literal["agree", "approve", "return"] = Field(
        description="agree — согласовать, approve — принять/утвердить, return — вернуть на доработку"
    )
    comment: str = Field(default="", max_length=4000, description="Комментарий; обязателен при возврате")


class ExtensionRequestBody(BaseModel):
    until: date = Field(description="Новый срок")
    reason: str = Field(max_length=2000, description="Причина продления")


class ExtensionDecisionBody(BaseModel):
    grant: bool = Field(description="true — продлить, false — отказать")
    until: date | None = Field(default=None, description="Продлить до (по умолчанию — до запрошенной даты)")
    comment: str = Field(default="", max_length=2000, description="Комментарий; обязателен при отказе")


class ProductBody(BaseModel):
    title: str = Field(max_length=500, description="Название модельной программы, проекта, технологии")
    item_kind: str = Field(default="", max_length=100, description="программа, проект, технология")
    items: dict[str, str] = Field(default_factory=dict, description=FILES_DESCRIPTION)


class PlanBody(BaseModel):
    targets: list[str] = Field(max_length=500, description="Учреждения, которые будут охвачены мониторингом")
    items: dict[str, str] = Field(default_factory=dict, description=FILES_DESCRIPTION)


class MonitoringBody(BaseModel):
    target: str = Field(max_length=500, description="Учреждение из плана мониторинга")
    completed_on: date = Field(description="Дата завершения мониторинга")
    note: str = Field(default="", max_length=4000)


class RegistryBody(BaseModel):
    items: dict[str, str] = Field(default_factory=dict, description=FILES_DESCRIPTION)
    entries: int | None = Field(default=None, ge=0, description="Сколько записей в реестре сейчас")
    note: str = Field(default="", max_length=4000)


@router.get(PATH, summary="Обязанность: состояние, сроки, представления, решения, эскалации")
async def get_obligation(
    site_id: str, year: Year, key: Key, instance: Instance, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    _site, row = await visible_obligation(runtime, principal, site_id, year, key, instance)
    return await read_back(runtime, row.obligation_id)


@router.post(PATH + "/submissions", summary="Представить документы, отчет или сведения о мероприятии")
async def submit(
    site_id: str,
    year: Year,
    key: Key,
    instance: Instance,
    body: SubmitBody,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    site, row = await visible_obligation(runtime, principal, site_id, year, key, instance)
    require_runner(row, "submission")
    refs = await file_refs(runtime, site.id, body.items)
    command = submission.SubmitDocuments(actor=principal.actor_on(site), items=refs, note=body.note, data=body.data)
    await runtime.commands.update(row.obligation_id, "submit", command)
    return await read_back(runtime, row.obligation_id)


@router.post(PATH + "/decisions", summary="Решение по представлению: согласовать, принять, вернуть")
async def decide(
    site_id: str,
    year: Year,
    key: Key,
    instance: Instance,
    body: DecisionBody,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    site, row = await visible_obligation(runtime, principal, site_id, year, key, instance)
    require_runner(row, "submission")
    command = submission.DecideSubmission(actor=principal.actor_on(site), action=body.action, comment=body.comment)
    await runtime.commands.update(row.obligation_id, "decide", command)
    return await read_back(runtime, row.obligation_id)


@router.post(PATH + "/extension-requests", summary="Попросить о продлении срока")
async def request_extension(
    site_id: str,
    year: Year,
    key: Key,
    instance: Instance,
    body: ExtensionRequestBody,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    site, row = await visible_obligation(runtime, principal, site_id, year, key, instance)
    require_runner(row, "submission")
    command = submission.RequestExtension(actor=principal.actor_on(site), until=body.until, reason=body.reason)
    await runtime.commands.update(row.obligation_id, "request_extension", command)
    return await read_back(runtime, row.obligation_id)


@router.post(PATH + "/extension-decisions", summary="Продлить срок или отказать")
async def decide_extension(
    site_id: str,
    year: Year,
    key: Key,
    instance: Instance,
    body: ExtensionDecisionBody,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    site, row = await visible_obligation(runtime, principal, site_id, year, key, instance)
    require_runner(row, "submission")
    command = submission.DecideExtension(
        actor=principal.actor_on(site), grant=body.grant, until=body.until, comment=body.comment
    )
    await runtime.commands.update(row.obligation_id, "decide_extension", command)
    return await read_back(runtime, row.obligation_id)


@router.post(PATH + "/products", summary="Направить методический продукт в Экспертный совет (учет нормы)")
async def record_product(
    site_id: str,
    year: Year,
    key: Key,
    instance: Instance,
    body: ProductBody,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    site, row = await visible_obligation(runtime, principal, site_id, year, key, instance)
    require_runner(row, "quota")
    refs = await file_refs(runtime, site.id, body.items)
    command = quota.RecordItem(actor=principal.actor_on(site), title=body.title, item_kind=body.item_kind, items=refs)
    await runtime.commands.update(row.obligation_id, "record_item", command)
    return await read_back(runtime, row.obligation_id)


@router.post(PATH + "/monitoring-plan", summary="Утвердить план мониторинга с перечнем учреждений")
async def approve_plan(
    site_id: str,
    year: Year,
    key: Key,
    instance: Instance,
    body: PlanBody,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    site, row = await visible_obligation(runtime, principal, site_id, year, key, instance)
    require_runner(row, "coverage")
    refs = await file_refs(runtime, site.id, body.items)
    command = quota.ApprovePlan(actor=principal.actor_on(site), targets=tuple(body.targets), items=refs)
    await runtime.commands.update(row.obligation_id, "approve_plan", command)
    return await read_back(runtime, row.obligation_id)


@router.post(PATH + "/monitorings", summary="Отметить завершение мониторинга учреждения (справка — 10 рабочих дней)")
async def complete_monitoring(
    site_id: str,
    year: Year,
    key: Key,
    instance: Instance,
    body: MonitoringBody,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    site, row = await visible_obligation(runtime, principal, site_id, year, key, instance)
    require_runner(row, "coverage")
    command = quota.CompleteMonitoring(
        actor=principal.actor_on(site), target=body.target, completed_on=body.completed_on, note=body.note
    )
    await runtime.commands.update(row.obligation_id, "complete_monitoring", command)
    return await read_back(runtime, row.obligation_id)


@router.post(PATH + "/registry-updates", summary="Отметить актуализацию реестра")
async def record_registry_update(
    site_id: str,
    year: Year,
    key: Key,
    instance: Instance,
    body: RegistryBody,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    site, row = await visible_obligation(runtime, principal, site_id, year, key, instance)
    require_runner(row, "freshness")
    refs = await file_refs(runtime, site.id, body.items)
    command = freshness.RecordUpdate(actor=principal.actor_on(site), items=refs, entries=body.entries, note=body.note)
    await runtime.commands.update(row.obligation_id, "record_update", command)
    return await read_back(runtime, row.obligation_id)
