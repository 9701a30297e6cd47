"""What a user sends about a product and its examination (the REST bodies; the pages' forms build the same)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from domain.product.council import Position
from domain.product.model import Confidence, ProductKind, Verdict


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AuthorBody(Strict):
    full_name: str = Field(min_length=1, max_length=200, description="ФИО автора")
    user_id: str = Field(default="", max_length=64, description="Пользователь системы, если автор в ней есть")


class ProductDescription(Strict):
    title: str = Field(min_length=1, max_length=300, description="Название продукта")
    kind: ProductKind = Field(description="Вид: модельная программа, проект, технология, методика")
    authors: list[AuthorBody] = Field(min_length=1, max_length=20)
    abstract: str = Field(min_length=1, max_length=4000, description="Аннотация")


class DraftBody(ProductDescription):
    site_id: str = Field(min_length=1, max_length=40, description="Площадка-разработчик")


class VersionBody(Strict):
    files: dict[str, str] = Field(description="Файлы версии по id загруженных файлов: product (основной), annex")
    note: str = Field(default="", max_length=2000, description="Что изменено")


class PilotBody(Strict):
    where: str = Field(min_length=1, max_length=500, description="Где проходила апробация")
    since: date
    note: str = Field(default="", max_length=2000)


class AssignBody(Strict):
    expert_id: str = Field(min_length=1, max_length=64, description="Член совета")


class ResponseBody(Strict):
    accept: bool
    reason: str = Field(default="", max_length=2000, description="Причина отказа")


class RecusalBody(Strict):
    reason: str = Field(min_length=1, max_length=2000, description="В чем конфликт интересов")


class ScoreBody(Strict):
    score: int = Field(ge=0, le=100)
    comment: str = Field(default="", max_length=4000)


class ReviewBody(Strict):
    scores: dict[str, ScoreBody] = Field(description="Оценка и комментарий по каждому критерию")
    confidence: Confidence
    recommendation: Verdict
    summary: str = Field(default="", max_length=8000)


class ConclusionBody(Strict):
    verdict: Verdict
    meeting_number: str = Field(min_length=1, max_length=40, description="Номер протокола")
    held_on: date = Field(description="Дата заседания")
    present: list[str] = Field(min_length=1, max_length=50, description="Присутствующие члены совета")
    votes_for: int = Field(ge=0, le=100)
    votes_against: int = Field(ge=0, le=100)
    abstained: int = Field(default=0, ge=0, le=100)
    text: str = Field(default="", max_length=8000, description="Текст заключения")


class OrderBody(Strict):
    order_number: str = Field(min_length=1, max_length=50)
    order_date: date


class ImplementationBody(Strict):
    institution_id: str = Field(min_length=1, max_length=80)
    since: date
    evidence: str = Field(default="", max_length=2000)
    files: dict[str, str] = Field(default_factory=dict, description="Подтверждающий файл: evidence")


class MemberBody(Strict):
    user_id: str = Field(min_length=1, max_length=64)
    organisation: str = Field(min_length=1, max_length=300)
    institution_id: str = Field(default="", max_length=80)
    areas: list[str] = Field(default_factory=list, max_length=30, description="Направления экспертизы")
    position: Position = Position.MEMBER


class MeetingDecisionBody(Strict):
    product_id: str = Field(min_length=1, max_length=40)
    verdict: Verdict
    votes_for: int = Field(ge=0, le=100)
    votes_against: int = Field(ge=0, le=100)
    abstained: int = Field(default=0, ge=0, le=100)
    text: str = Field(default="", max_length=8000)


class MeetingBody(Strict):
    """A sitting of the council and its minutes: the decision on each product of the agenda (D50)."""

    meeting_number: str = Field(min_length=1, max_length=40, description="Номер протокола")
    held_on: date
    present: list[str] = Field(min_length=1, max_length=50)
    decisions: list[MeetingDecisionBody] = Field(min_length=1, max_length=50)
