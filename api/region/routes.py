"""The Department's and the RCRSO's views of a region, read from the projections only.

* ``GET /api/cycles`` — cycles the caller may see, filtered, sorted and paged, each with its site and counts.
* ``GET /api/region/escalations`` — escalations the caller may see, filtered and paged, newest first (the
  older ``GET /api/escalations`` of ``api.escalation`` stays as it is).
* ``GET /api/region/{region_id}/matrix`` — sites × obligation keys of a year, each cell the instances of the key
  with their state, effective due date and lateness in working days.
* ``GET /api/region/{region_id}/discipline`` — per site and for the region: on time, late, open (not yet due,
  overdue, under review), average lateness, the worst obligation. The definitions are in ``api.region.service``.

Who reads the matrix and the discipline: the Department, the RCRSO director and administrators, through a grant
on the region (or on everything). Everybody else gets 403, curators included: these views rank every site of the
region against the others, which is the business of those who govern the region; a curator reads their
direction through ``/api/cycles?direction_id=…`` and ``/api/region/escalations``, which show only what they may
see. Lists show only the sites the caller may read (``Principal.can_read``, filtered in SQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncConnection

from api.auth.principal import Principal
from api.deps import PrincipalDep, RuntimeDep
from api.obligations.views import STATUS_RU, escalation_view
from api.problems import TITLES, Problem
from api.region import service
from api.region.service import (
    DEFINITION_RU,
    CycleFilter,
    CycleSort,
    CycleStatus,
    EscalationFilter,
    Outcome,
    Performance,
    RegionYear,
    WorkingDays,
)
from domain.escalation import EscalationLevel
from domain.org import ROLE_RU, SITE_STATUS_RU, Role, SiteStatus
from domain.regulations.model import KIND_RU, ObligationKind

router = APIRouter(tags=["region"])

Id = r"^[0-9A-Za-z._:-]+$"
RegionId = Annotated[str, Path(max_length=16, pattern=Id, description="Регион, например 86")]
YearQuery = Annotated[int, Query(ge=2000, le=2100, description="Год цикла")]
Page = Annotated[int, Query(ge=1, le=1_000_000, description="Номер страницы, с 1")]
PerPage = Annotated[int, Query(ge=1, le=200, description="Записей на странице")]
SiteId = Annotated[str | None, Query(max_length=32, pattern=Id, description="Площадка, например 1.1.5")]
DirectionId = Annotated[str | None, Query(max_length=32, pattern=Id, description="Направление")]
RegionFilter = Annotated[str | None, Query(max_length=16, pattern=Id, description="Регион, например 86")]
YearFilter = Annotated[int | None, Query(ge=2000, le=2100, description="Год цикла")]
SiteStatusFilter = Annotated[
    SiteStatus | None, Query(description="Статус площадки: resource_center (РЦ), support_platform (ОП)")
]

OUTCOME_RU: dict[str, str] = {
    "on_time": "выполнено в срок",
    "late": "выполнено с нарушением срока",
    "not_due": "срок не наступил",
    "overdue": "просрочено",
    "under_review": "на рассмотрении",
}
FORBIDDEN_RU = "Сводные данные по региону доступны Департаменту, директору РЦРСО и администратору."


# --- response models -------------------------------------------------------------------------------------------


class ProblemDetail(BaseModel):
    type: str
    title: str
    status: int
    detail: str = Field(description="Сообщение для пользователя")
    code: str = Field(description="Машинный код ошибки")
    errors: list[dict[str, str]] | None = None


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
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


# --- views -----------------------------------------------------------------------------------------------------


def cycle_item(row: Any) -> CycleItem:
    return CycleItem(
        cycle_id=row.cycle_id,
        site_id=row.site_id,
        year=row.year,
        status=row.status,
        regulation=RegulationRef(id=row.regulation_id, version=row.regulation_version),
        started_at=row.started_at,
        completed_at=row.completed_at,
        closed_reason=row.closed_reason,
        site_code=row.site_code,
        site_status=row.site_status,
        institution_short_name=row.institution_short_name,
        region_id=row.region_id,
        direction_id=row.direction_id,
        counts=CycleCounts(
            open=row.open_obligations,
            overdue=row.overdue_obligations,
            done=row.done_obligations,
            open_escalations=row.open_escalations,
        ),
    )


def site_head(row: Any) -> dict[str, Any]:
    return {
        "site_id": row.id,
        "code": row.code,
        "status": row.status,
        "status_ru": SITE_STATUS_RU[SiteStatus(row.status)],
        "institution_short_name": row.institution_short_name,
        "direction_id": row.direction_id,
        "cycle_status": row.cycle_status,
    }


def matrix_columns(rows: Sequence[Any]) -> list[MatrixColumn]:
    """One column per obligation key of the year, in the order of the clauses that set them."""
    first: dict[str, Any] = {}
    for row in rows:
        first.setdefault(row.key, row)
    ordered = sorted(first.values(), key=lambda row: (service.natural_key(row.citation["clause"]), row.key))
    return [
        MatrixColumn(
            key=row.key,
            title=row.title,
            clause=row.citation["clause"],
            document=row.citation["document"],
            kind=row.kind,
            kind_ru=KIND_RU[ObligationKind(row.kind)],
            obligor=row.rule["obligor"],
            obligor_ru=ROLE_RU[Role(row.rule["obligor"])],
        )
        for row in ordered
    ]


def matrix_instance(row: Any, performance: Performance, lateness: int) -> MatrixInstance:
    return MatrixInstance(
        obligation_id=row.obligation_id,
        instance=row.instance,
        period=row.period_key,
        status=row.status,
        status_ru=STATUS_RU.get(row.status, row.status),
        effective_due=row.effective_due,
        original_effective_due=row.original_effective_due,
        overdue=performance.outcome == "overdue",
        outcome=performance.outcome,
        outcome_ru=OUTCOME_RU[performance.outcome] if performance.outcome else None,
        fulfilled_on=performance.fulfilled_on,
        lateness_working_days=lateness,
    )


@dataclass(frozen=True)
class Assessed:
    """An obligation instance with where it stands and its lateness."""

    row: Any
    performance: Performance
    lateness: int


def worst_of(items: Sequence[Assessed]) -> WorstObligation | None:
    behind = [item for item in items if item.performance.outcome and item.lateness > 0]
    if not behind:
        return None
    item = max(behind, key=lambda i: (i.lateness, -i.row.effective_due.toordinal(), i.row.obligation_id))
    row = item.row
    return WorstObligation(
        obligation_id=row.obligation_id,
        site_id=row.site_id,
        key=row.key,
        instance=row.instance,
        title=row.title,
        clause=row.citation["clause"],
        status=row.status,
        status_ru=STATUS_RU.get(row.status, row.status),
        outcome=item.performance.outcome,
        effective_due=row.effective_due,
        lateness_working_days=item.lateness,
    )


def discipline_counts(items: Sequence[Assessed]) -> DisciplineCounts:
    def count(outcome: str) -> int:
        return sum(1 for item in items if item.performance.outcome == outcome)

    late = [item.lateness for item in items if item.performance.outcome == "late"]
    not_due, overdue, under_review = count("not_due"), count("overdue"), count("under_review")
    return DisciplineCounts(
        on_time=count("on_time"),
        late=len(late),
        open=not_due + overdue + under_review,
        open_not_due=not_due,
        open_overdue=overdue,
        under_review=under_review,
        average_lateness_working_days=round(sum(late) / len(late), 1) if late else None,
        worst=worst_of(items),
    )


# --- reading a region's year -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessedYear:
    today: date
    sites: list[Any]
    obligations: list[Assessed]


async def governed_region(conn: AsyncConnection, principal: Principal, region_id: str) -> Any:
    if not service.governs_region(principal, region_id):
        raise Problem(403, "region_forbidden", FORBIDDEN_RU)
    region = await service.region_row(conn, region_id)
    if region is None:
        raise Problem(404, "region_not_found", "Регион не найден.")
    return region


async def assessed_year(conn: AsyncConnection, principal: Principal, wanted: RegionYear) -> AssessedYear:
    region = await governed_region(conn, principal, wanted.region_id)
    zone = ZoneInfo(region.timezone)
    now = datetime.now(UTC)
    site_rows = await service.region_sites(conn, wanted)
    rows = await service.region_obligations(conn, wanted)
    arrivals = await service.region_arrivals(conn, wanted)
    performances = [service.performance_of(row, arrivals.get(row.obligation_id, []), now, zone) for row in rows]
    days: WorkingDays = await service.working_days_for(conn, performances)
    assessed = [
        Assessed(row, performance, days.lateness(performance))
        for row, performance in zip(rows, performances, strict=True)
    ]
    return AssessedYear(today=service.local_day(now, zone), sites=site_rows, obligations=assessed)


def matrix_row(site: Any, columns: Sequence[MatrixColumn], items: Sequence[Assessed]) -> MatrixRow:
    by_key: dict[str, list[MatrixInstance]] = {}
    for item in items:
        by_key.setdefault(item.row.key, []).append(matrix_instance(item.row, item.performance, item.lateness))
    cells = [MatrixCell(key=column.key, instances=by_key.get(column.key, [])) for column in columns]
    return MatrixRow(**site_head(site), cells=cells)


def by_site(items: Sequence[Assessed]) -> dict[str, list[Assessed]]:
    grouped: dict[str, list[Assessed]] = {}
    for item in items:
        grouped.setdefault(item.row.site_id, []).append(item)
    return grouped


# --- endpoints -------------------------------------------------------------------------------------------------


@router.get("/api/cycles", response_model=CyclePage, summary="Циклы видимых площадок: фильтры, сортировка, страницы")
async def list_cycles(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    region_id: RegionFilter = None,
    year: YearFilter = None,
    status: Annotated[CycleStatus | None, Query(description="active, completed или closed")] = None,
    site_id: SiteId = None,
    direction_id: DirectionId = None,
    with_open_escalations: Annotated[bool | None, Query(description="Только с открытыми эскалациями (или без)")] = None,
    page: Page = 1,
    per_page: PerPage = 50,
    sort: Annotated[CycleSort, Query(description="year, -year или site_id")] = "-year",
) -> CyclePage:
    wanted = CycleFilter(
        region_id=region_id,
        year=year,
        status=status,
        site_id=site_id,
        direction_id=direction_id,
        with_open_escalations=with_open_escalations,
    )
    async with runtime.engine.connect() as conn:
        total = await service.cycle_total(conn, principal, wanted)
        rows = await service.cycle_page(conn, principal, wanted, sort, page, per_page, datetime.now(UTC))
    return CyclePage(items=[cycle_item(row) for row in rows], page=page, per_page=per_page, total=total)


@router.get(
    "/api/region/escalations",
    response_model=EscalationPage,
    summary="Эскалации по видимым площадкам: фильтры и страницы, новые сначала",
)
async def list_escalations(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    region_id: RegionFilter = None,
    year: YearFilter = None,
    site_id: SiteId = None,
    level: Annotated[EscalationLevel | None, Query(description="Уровень эскалации")] = None,
    open_only: Annotated[
        bool | None, Query(alias="open", description="true — открытые, false — закрытые, не задано — все")
    ] = None,
    since: Annotated[datetime | None, Query(description="Подняты не ранее этого момента (без смещения — UTC)")] = None,
    page: Page = 1,
    per_page: PerPage = 50,
) -> EscalationPage:
    wanted = EscalationFilter(region_id=region_id, year=year, site_id=site_id, level=level, open=open_only, since=since)
    async with runtime.engine.connect() as conn:
        total = await service.escalation_total(conn, principal, wanted)
        rows = await service.escalation_page(conn, principal, wanted, page, per_page)
    items = [EscalationItem.model_validate(escalation_view(row)) for row in rows]
    return EscalationPage(items=items, page=page, per_page=per_page, total=total)


async def region_year(
    region_id: RegionId, year: YearQuery, direction_id: DirectionId = None, status: SiteStatusFilter = None
) -> RegionYear:
    """The region and year a Department or RCRSO view is asked for, narrowed by direction and site status."""
    return RegionYear(region_id=region_id, year=year, direction_id=direction_id, status=status)


RegionYearDep = Annotated[RegionYear, Depends(region_year)]


@router.get(
    "/api/region/{region_id}/matrix",
    response_model=Matrix,
    summary="Матрица региона: площадки × обязанности года",
    responses=_problems(403, 404),
)
async def region_matrix(wanted: RegionYearDep, runtime: RuntimeDep, principal: PrincipalDep) -> Matrix:
    async with runtime.engine.connect() as conn:
        read = await assessed_year(conn, principal, wanted)
    columns = matrix_columns([item.row for item in read.obligations])
    grouped = by_site(read.obligations)
    return Matrix(
        region_id=wanted.region_id,
        year=wanted.year,
        as_of=read.today,
        columns=columns,
        rows=[matrix_row(site, columns, grouped.get(site.id, [])) for site in read.sites],
        definition_ru=DEFINITION_RU,
    )


@router.get(
    "/api/region/{region_id}/discipline",
    response_model=Discipline,
    summary="Исполнительская дисциплина площадок региона за год",
    responses=_problems(403, 404),
)
async def region_discipline(wanted: RegionYearDep, runtime: RuntimeDep, principal: PrincipalDep) -> Discipline:
    async with runtime.engine.connect() as conn:
        read = await assessed_year(conn, principal, wanted)
    owed = [item for item in read.obligations if service.owed_by_site(item.row)]
    grouped = by_site(owed)
    rows = [
        DisciplineRow(**site_head(site), discipline=discipline_counts(grouped.get(site.id, []))) for site in read.sites
    ]
    return Discipline(
        region_id=wanted.region_id,
        year=wanted.year,
        as_of=read.today,
        definition_ru=DEFINITION_RU,
        sites=rows,
        totals=discipline_counts(owed),
    )
