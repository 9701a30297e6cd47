"""Obligations of a cycle: read one with everything that happened to it, and act on it — submit, decide as a
reviewer, ask for more time and decide on it, record a product, approve the monitoring plan, record a completed
monitoring, record a registry update. Each command goes to the obligation's workflow as a Temporal update whose
validator may refuse it (HTTP 409 with the reason); the answer is read back from the projection the update has
just written.

Here: the request bodies and the endpoints, each building its domain command. Who may see and act on an obligation
is in ``api.obligations.access``, sending a command and answering in ``api.obligations.commands``, the obligation
with its histories in ``api.obligations.detail``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from api.access.deps import PrincipalDep
from api.commands import UPDATES_WORKFLOWS
from api.obligations.access import Target, visible_obligation
from api.obligations.commands import act
from api.obligations.detail import read_back
from api.paths import Year
from api.runtime import RuntimeDep
from domain import freshness, quota
from domain.common import Actor
from domain.files import FileRef
from domain.payloads import SubmissionData
from domain.submission.model import DecideExtension, DecideSubmission, RequestExtension, SubmitDocuments

router = APIRouter(tags=["obligations"])

Key = Annotated[str, Path(min_length=1, max_length=64, description="Обязанность, например package")]
Instance = Annotated[str, Path(min_length=1, max_length=80, description="Экземпляр, например annual или Q1")]
PATH = "/api/sites/{site_id}/cycles/{year}/obligations/{key}/{instance}"
FILES_DESCRIPTION = 'Документ -> id загруженного файла, например {"report": "…"}'


class SubmitBody(BaseModel):
    items: dict[str, str] = Field(default_factory=dict, description=FILES_DESCRIPTION)
    unchanged: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Документы без изменений: руководитель подтверждает действующую (последнюю принятую) редакцию, "
        "файл не прикладывается (решение D25)",
    )
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


async def target(site_id: str, year: Year, key: Key, instance: Instance) -> Target:
    # async, or FastAPI would run it in a thread pool
    return Target(site_id=site_id, year=year, key=key, instance=instance)


TargetDep = Annotated[Target, Depends(target)]


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
    def build(actor: Actor, refs: dict[str, FileRef]) -> BaseModel:
        return SubmitDocuments(actor=actor, items=refs, note=body.note, data=body.data, unchanged=tuple(body.unchanged))

    return await act(runtime, principal, where, "submission", "submit", build, body.items, body.unchanged)


@router.post(
    PATH + "/decisions", responses=UPDATES_WORKFLOWS, summary="Решение по представлению: согласовать, принять, вернуть"
)
async def decide(where: TargetDep, body: DecisionBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    def build(actor: Actor, _refs: dict[str, FileRef]) -> BaseModel:
        return DecideSubmission(actor=actor, action=body.action, comment=body.comment)

    return await act(runtime, principal, where, "submission", "decide", build, {})


@router.post(PATH + "/extension-requests", responses=UPDATES_WORKFLOWS, summary="Попросить о продлении срока")
async def request_extension(
    where: TargetDep, body: ExtensionRequestBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    def build(actor: Actor, _refs: dict[str, FileRef]) -> BaseModel:
        return RequestExtension(actor=actor, until=body.until, reason=body.reason)

    return await act(runtime, principal, where, "submission", "request_extension", build, {})


@router.post(PATH + "/extension-decisions", responses=UPDATES_WORKFLOWS, summary="Продлить срок или отказать")
async def decide_extension(
    where: TargetDep, body: ExtensionDecisionBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    def build(actor: Actor, _refs: dict[str, FileRef]) -> BaseModel:
        return DecideExtension(actor=actor, grant=body.grant, until=body.until, comment=body.comment)

    return await act(runtime, principal, where, "submission", "decide_extension", build, {})


@router.post(
    PATH + "/products",
    responses=UPDATES_WORKFLOWS,
    summary="Направить методический продукт в Экспертный совет (учет нормы)",
)
async def record_product(
    where: TargetDep, body: ProductBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    def build(actor: Actor, refs: dict[str, FileRef]) -> BaseModel:
        return quota.RecordItem(actor=actor, title=body.title, item_kind=body.item_kind, items=refs)

    return await act(runtime, principal, where, "quota", "record_item", build, body.items)


@router.post(
    PATH + "/monitoring-plan", responses=UPDATES_WORKFLOWS, summary="Утвердить план мониторинга с перечнем учреждений"
)
async def approve_plan(
    where: TargetDep, body: PlanBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    def build(actor: Actor, refs: dict[str, FileRef]) -> BaseModel:
        return quota.ApprovePlan(actor=actor, targets=tuple(body.targets), items=refs)

    return await act(runtime, principal, where, "coverage", "approve_plan", build, body.items)


@router.post(
    PATH + "/monitorings",
    responses=UPDATES_WORKFLOWS,
    summary="Отметить завершение мониторинга учреждения (справка — 10 рабочих дней)",
)
async def complete_monitoring(
    where: TargetDep, body: MonitoringBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    def build(actor: Actor, _refs: dict[str, FileRef]) -> BaseModel:
        return quota.CompleteMonitoring(actor=actor, target=body.target, completed_on=body.completed_on, note=body.note)

    return await act(runtime, principal, where, "coverage", "complete_monitoring", build, {})


@router.post(PATH + "/registry-updates", responses=UPDATES_WORKFLOWS, summary="Отметить актуализацию реестра")
async def record_registry_update(
    where: TargetDep, body: RegistryBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    def build(actor: Actor, refs: dict[str, FileRef]) -> BaseModel:
        return freshness.RecordUpdate(actor=actor, items=refs, entries=body.entries, note=body.note)

    return await act(runtime, principal, where, "freshness", "record_update", build, body.items)
