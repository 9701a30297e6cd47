"""What a request about an obligation says: the obligation its path names (``TargetDep``) and the bodies of the
commands on it. The REST routes take these bodies as JSON; the pages read their forms into the same models, so a
form is checked as the API checks a body, with the same Russian messages."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Path
from pydantic import BaseModel, Field

from api.obligations.access import Target
from api.paths import Year
from domain.payloads import SubmissionData

Key = Annotated[str, Path(min_length=1, max_length=64, description="Обязанность, например package")]
Instance = Annotated[str, Path(min_length=1, max_length=80, description="Экземпляр, например annual или Q1")]
FILES_DESCRIPTION = 'Документ -> id загруженного файла, например {"report": "…"}'


async def target(site_id: str, year: Year, key: Key, instance: Instance) -> Target:
    # async, or FastAPI would run it in a thread pool
    return Target(site_id=site_id, year=year, key=key, instance=instance)


TargetDep = Annotated[Target, Depends(target)]


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
    part: str | None = Field(
        default=None,
        max_length=64,
        description=(
            "Документ со своей цепочкой рассмотрения (например, roadmap — дорожная карта, D33); по умолчанию решение "
            "относится ко всем частям, ожидающим решения этого участника"
        ),
    )


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


class RowDoneBody(BaseModel):
    """«Отметить выполнение» of a dated roadmap row (D44): the day it was done and its evidence, a file or a note."""

    fact_date: date = Field(description="Дата выполнения мероприятия")
    items: dict[str, str] = Field(default_factory=dict, description=FILES_DESCRIPTION)
    note: str = Field(default="", max_length=4000, description="Что сделано")


class RegistryBody(BaseModel):
    items: dict[str, str] = Field(default_factory=dict, description=FILES_DESCRIPTION)
    entries: int | None = Field(default=None, ge=0, description="Сколько записей в реестре сейчас")
    note: str = Field(default="", max_length=4000)
