"""The response models of the region's views: pages of cycles and escalations, the matrix of sites × obligations
of a year, the discipline of its sites; and the problems (RFC 9457) its endpoints document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from api.problems import TITLES
from api.region.performance import Outcome


class ProblemDetail(BaseModel):
    type: str
    title: str
    status: int
    detail: str = Field(description="Сообщение для пользователя")
    code: str = Field(description="Машинный код ошибки")
    errors: list[dict[str, str]] | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of the problems an endpoint answers with, by status."""
    schema = ProblemDetail.model_json_schema()
    return {
        status: {"description": TITLES[status], "content": {"application/problem+json": {"schema": schema}}}
        for status in statuses
    }


class RegulationRef(BaseModel):
    id: str
    version: int


class CycleCounts(BaseModel):
    open: int = Field(description="Открытые обязанности: ожидают представления, на доработке, на рассмотрении")
    overdue: int = Field(description="Просрочены сейчас")
    done: int = Field(description="Выполнены")
    open_escalations: int = Field(description="Открытые эскалации")


class CycleItem(BaseModel):
    cycle_id: str
    site_id: str
    year: int
    status: str
    regulation: RegulationRef
    started_at: datetime
    completed_at: datetime | None
    closed_reason: str | None
    site_code: str
    site_status: str
    institution_short_name: str
    region_id: str
    direction_id: str
    counts: CycleCounts


class CyclePage(BaseModel):
    items: list[CycleItem]
    page: int
    per_page: int
    total: int


class RoleRef(BaseModel):
    role: str
    role_ru: str


class EscalationDue(BaseModel):
    nominal: date
    effective: date


class LateReview(BaseModel):
    """Which review an escalation is about (D31)."""

    key: str = Field(description="review, review:<документ> или extension")
    title: str
    awaited: list[RoleRef] = Field(description="Чье решение ожидается")


class MailState(BaseModel):
    state: str = Field(description="sent | failed | queued | digest | off | no_address | none")
    text: str = Field(description="Что стало с письмом, по-русски")


class PersonRef(BaseModel):
    user_id: str
    full_name: str


class ToldPerson(BaseModel):
    """A person told of an escalation step, and what reached them (api.notifications.service)."""

    user_id: str
    full_name: str | None
    on_behalf_of: PersonRef | None = Field(description="За кого из отсутствующих сообщено (замещение)")
    acting: bool = Field(description="Сообщено как исполняющему обязанности")
    read: bool = Field(description="Уведомление прочитано")
    email: MailState


class EscalationItem(BaseModel):
    """The shape of ``api.obligations.views.escalation_view``."""

    escalation_id: str
    obligation_id: str
    site_id: str
    year: int
    obligation_title: str
    level: str
    level_ru: str
    due: EscalationDue
    notified: list[RoleRef] = Field(description="Кому сообщено")
    raised_at: datetime = Field(description="С какого момента")
    resolved_at: datetime | None
    resolution: str | None
    open: bool
    review: LateReview | None = Field(
        default=None, description="Просроченное рассмотрение и чье решение ожидается; null — срок самой обязанности"
    )
    told: list[ToldPerson] = Field(default_factory=list, description="Кому из людей сообщено и что до них дошло")


class EscalationPage(BaseModel):
    items: list[EscalationItem]
    page: int
    per_page: int
    total: int


class SiteHead(BaseModel):
    site_id: str
    code: str
    status: str
    status_ru: str
    institution_short_name: str
    direction_id: str
    cycle_status: str | None = Field(description="Состояние цикла года; null — цикл не открыт")


class MatrixColumn(BaseModel):
    key: str
    title: str
    clause: str
    document: str
    kind: str
    kind_ru: str
    obligor: str = Field(description="Кто обязан исполнить")
    obligor_ru: str


class MatrixInstance(BaseModel):
    obligation_id: str
    instance: str
    period: str | None
    status: str
    status_ru: str
    effective_due: date | None
    original_effective_due: date | None
    overdue: bool
    outcome: Outcome | None = Field(description="null — не учитывается (запланировано, без срока, закрыто)")
    outcome_ru: str | None
    fulfilled_on: date | None = Field(description="День поступления принятой версии (местное время региона)")
    lateness_working_days: int


class MatrixCell(BaseModel):
    key: str
    instances: list[MatrixInstance]


class MatrixRow(SiteHead):
    cells: list[MatrixCell] = Field(description="По одной ячейке на каждый столбец, в порядке столбцов")


class Matrix(BaseModel):
    region_id: str
    year: int
    as_of: date = Field(description="Сегодня по местному времени региона")
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    definition_ru: str


class WorstObligation(BaseModel):
    obligation_id: str
    site_id: str
    key: str
    instance: str
    title: str
    clause: str
    status: str
    status_ru: str
    outcome: Outcome
    effective_due: date
    lateness_working_days: int


class DisciplineCounts(BaseModel):
    on_time: int
    late: int
    open: int
    open_not_due: int
    open_overdue: int
    under_review: int
    average_lateness_working_days: float | None = Field(description="Средняя просрочка выполненных с нарушением")
    worst: WorstObligation | None = Field(description="Обязанность с наибольшей просрочкой")


class DisciplineRow(SiteHead):
    discipline: DisciplineCounts


class Discipline(BaseModel):
    region_id: str
    year: int
    as_of: date
    definition_ru: str
    sites: list[DisciplineRow]
    totals: DisciplineCounts
