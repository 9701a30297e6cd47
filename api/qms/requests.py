"""What a user sends about a unit and its controlled documents (the REST bodies; the pages' forms build the same)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

SLUG = r"^[a-z0-9][a-z0-9-]{1,39}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UnitBody(Strict):
    unit_id: str = Field(pattern=SLUG, description="Идентификатор отделения: латиница, цифры, дефис")
    institution_id: str = Field(min_length=1, max_length=64, description="Учреждение")
    name: str = Field(min_length=1, max_length=300, description="Наименование отделения")


class StaffBody(Strict):
    login: str = Field(min_length=1, max_length=64, description="Логин работника в системе")
    position: str = Field(min_length=1, max_length=200, description="Должность, как в листе ознакомления")
    joined_on: date | None = Field(default=None, description="Дата приема в отделение; без нее — сегодня")


class DocumentBody(Strict):
    unit_id: str = Field(min_length=1, max_length=40, description="Отделение")
    document_id: str | None = Field(default=None, pattern=SLUG, description="Идентификатор; без него — создается")
    document_type: str = Field(min_length=1, max_length=100, description="Вид документа, например «Положение»")
    title: str = Field(min_length=1, max_length=300, description="Наименование документа")
    cipher_prefix: str = Field(min_length=1, max_length=40, description="Постоянная часть шифра, например «СМК-ПСП-»")
    nomenclature_number: str = Field(default="", max_length=40, description="Номер по номенклатуре дел")
    site_id: str = Field(
        default="", max_length=40, description="Площадка, положением которой является документ (решение D13)"
    )


class VersionBody(Strict):
    version: str = Field(min_length=1, max_length=9, description="Версия в формате N.M, например 4.0")
    sheets: int = Field(ge=1, le=1000, description="Число листов")
    summary: str = Field(default="", max_length=2000, description="Что нового в версии")
    file_id: str | None = Field(
        default=None, max_length=64, description="Файл текста версии: загруженный файл площадки документа (D13)"
    )


class ReturnBody(Strict):
    comment: str = Field(min_length=1, max_length=2000, description="Что доработать")


class ApprovalBody(Strict):
    approval_number: str = Field(min_length=1, max_length=40, description="Номер утверждения (приказа), например 02")
    approved_on: date = Field(description="Дата утверждения")
    enacts_on: date = Field(description="Дата введения в действие — не раньше даты утверждения")


class CopyBody(Strict):
    holder: str = Field(min_length=1, max_length=300, description="Держатель копии: подразделение или должность и ФИО")


class ChangeBody(Strict):
    identification: str = Field(min_length=1, max_length=2000, description="Идентификация изменения: пункт и суть")


class PaperSignatureBody(Strict):
    step: str = Field(
        pattern="^(developer|deputy_director|hr_specialist|legal_counsel|director)$", description="Шаг листа"
    )
    full_name: str = Field(default="", max_length=200, description="Расшифровка подписи, как напечатана")
    signed_on: date | None = Field(default=None, description="Дата подписи, если она есть на бумаге")


class RecordedVersionBody(Strict):
    version: str = Field(min_length=1, max_length=9, description="Версия в формате N.M, например 3.0")
    sheets: int = Field(ge=1, le=1000, description="Число листов")
    approval_number: str = Field(min_length=1, max_length=40, description="Номер утверждения, например 02")
    approved_on: date = Field(description="Дата утверждения")
    enacted_on: date = Field(description="Дата введения в действие, уже наступившая")
    signatures: list[PaperSignatureBody] = Field(default_factory=list, max_length=5, description="Подписи с бумаги")
    file_id: str | None = Field(
        default=None, max_length=64, description="Файл текста версии: загруженный файл площадки документа (D13)"
    )
