"""What the section's commands take as input; pydantic refuses a malformed body with 422, the field and a reason."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from domain.section.model import MeetingFormat


class MemberBody(BaseModel):
    full_name: str = Field(min_length=3, max_length=200, description="ФИО работника")
    position: str = Field(min_length=2, max_length=300, description="Должность")
    organisation_id: str = Field(min_length=1, max_length=100, description="Организация, которую он представляет")
    contacts: str = Field(default="", max_length=300, description="Контактная информация")


class ConsentBody(BaseModel):
    consent: bool = Field(description="Согласовано (true) или нет (false)")
    on: date = Field(description="Дата согласования")
    reason: str = Field(default="", max_length=2000, description="Почему не согласовано")


class ReasonBody(BaseModel):
    reason: str = Field(min_length=3, max_length=2000, description="Причина")


class ElectionBody(BaseModel):
    held_on: date = Field(description="Дата заседания, на котором проходят выборы")


class CandidateBody(BaseModel):
    person_id: str = Field(default="", max_length=100, description="Член секции (пусто — другой работник)")
    full_name: str = Field(default="", max_length=200)
    position: str = Field(default="", max_length=300)
    organisation_id: str = Field(default="", max_length=100)
    contacts: str = Field(default="", max_length=300)
    position_since: date = Field(description="С какой даты в занимаемой должности")


class VoteBody(BaseModel):
    voter_id: str = Field(min_length=1, max_length=100, description="Член секции, который голосует")
    candidate_id: str | None = Field(default=None, max_length=100, description="За кого; пусто — воздержался")


class PlanMeetingBody(BaseModel):
    on: date = Field(description="Дата заседания")
    format: MeetingFormat = Field(description="Форма: in_person — очная, correspondence — заочная, online — онлайн")
    topic: str = Field(min_length=3, max_length=500, description="Тема заседания")


class MaterialBody(BaseModel):
    title: str = Field(min_length=3, max_length=500, description="Название материала")
    topic: str = Field(min_length=3, max_length=500, description="Тема заседания, которую он отражает")
    authors: list[str] = Field(min_length=1, max_length=20, description="Авторы")
    file_ids: list[str] = Field(min_length=1, max_length=10, description="Файлы материала, загруженные на площадку")


class ReviseBody(BaseModel):
    file_ids: list[str] = Field(min_length=1, max_length=10)
    note: str = Field(default="", max_length=2000)


class CheckBody(BaseModel):
    checks: dict[str, bool] = Field(description="Требование (current_methods, authorial_interpretation, cited_sources)")
    comment: str = Field(default="", max_length=4000, description="Что доработать")
