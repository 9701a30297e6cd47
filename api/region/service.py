"""Region-wide reads from the projections: cycles and escalations across the sites a caller may see, the
obligations of a year of a region with their submissions, and what performance discipline means.

Visibility is filtered in SQL: ``readable_sites`` is ``Principal.can_read`` (``domain.access``) written as a
``WHERE`` clause over ``sites``, so a page, its total and its counts never include a site the caller may not see.

Performance discipline: "fulfilled", "on time", "late" and "lateness"
----------------------------------------------------------------------

* Counted: obligation instances of the year that have a due date and are open or done. Planned ones (not open
  yet), standing duties (no date), cancelled ones (closed by a revocation of the site's status) are not counted.
  A site's discipline counts only what the site owes (the rule's ``obligor`` is the site's director or
  responsible person): the institutions' quarterly forms (5.2) sit in the site's cycle, but they are the
  institutions' duty towards the site; the matrix shows them, the discipline leaves them out.
* Fulfilled: the projection's status is ``approved``. An obligation is fulfilled *when the site delivered*, not
  when a reviewer decided: for a submission, the arrival of the submission that was finally accepted; for a
  quota, a monitoring coverage or a registry, the moment it was met (``completed_at``). The reviewer's time is
  not the site's lateness.
* Phases of a submission: the first phase is due on the obligation's effective due date (a granted extension
  replaces it); each return opens a phase due on the revision deadline (at least 5 working days, never before
  the original date). Every submission records the effective due date of the phase it arrived in
  (``submissions.due_effective``) and whether it arrived after that day had ended in the region
  (``submissions.late``, decided by the domain when it was recorded).
* On time: fulfilled, and every submission of the chain arrived by the effective due date of its phase. So a
  submission sent by the due date, returned and resubmitted by the revision deadline is on time (it is judged
  by its first submission); one whose resubmission missed the revision deadline is late (judged by the
  submission finally accepted), and so is one whose first submission was already late. A quota is on time when
  it was met by the end of its effective due date.
* Late: fulfilled, not on time.
* Open: not fulfilled yet, split into *not yet due* (waiting for the site, its due day has not ended),
  *overdue* (waiting for the site after its due day ended: ``overdue`` of ``api.obligations.views``) and
  *under review* (the site has sent it and the reviewer holds it; neither due nor overdue for the site).
* Lateness, in working days of the production calendar (``ProductionCalendar.working_days_between``: the working
  days in (due date, day]): for each submission that arrived late, from the effective due date of its phase to
  the day it arrived (the region's local day), summed over the chain; for an obligation still waiting after its
  due date, plus the working days from its current effective due date to today. A quota met late: from the
  effective due date to the day it was met. A submission that arrives on a non-working day right after its due
  date is late by 0 working days.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from api.auth.principal import Principal
from api.calendar.service import calendar_for
from api.obligations.views import WAITING
from api.tables import cycles, escalations, institutions, obligations, regions, sites, submissions
from domain.access import SITE_READERS
from domain.calendar import ProductionCalendar
from domain.escalation import EscalationLevel
from domain.org import Role, ScopeKind, SiteStatus

# What a cycle summary counts (the same words as the site overview of api.cycle.routes).
ACTIONABLE = ("awaiting_submission", "returned", "under_review", "in_progress")
DONE = "approved"
NOT_COUNTED = ("planned", "standing", "cancelled")

# Who reads the matrix and the discipline of a whole region: the Department, the RCRSO director, administrators,
# each through a grant on the region or on everything.
REGION_VIEWERS = frozenset({Role.ADMIN, Role.DEPARTMENT, Role.RCRSO_DIRECTOR})
# Whose duties make a site's discipline.
SITE_OBLIGORS = frozenset({Role.SITE_DIRECTOR.value, Role.SITE_RESPONSIBLE.value})

CycleSort = Literal["year", "-year", "site_id"]
CycleStatus = Literal["active", "completed", "closed"]
Outcome = Literal["on_time", "late", "not_due", "overdue", "under_review"]

DEFINITION_RU = (
    "Учитываются обязанности года, у которых есть срок и которые уже открыты или выполнены; запланированные "
    "(ещё не открытые), постоянные без срока и закрытые без исполнения (при прекращении статуса) не учитываются; "
    "учитывается только то, что обязана сделать сама площадка (формы учреждений по п. 5.2 — обязанность "
    "учреждений, они видны в матрице, но не входят в дисциплину площадки). "
    "Выполнено — обязанность принята; момент выполнения — поступление окончательно принятой версии документов "
    "(а не дата решения проверяющего), для квот, мониторинга и реестров — дата, когда требование выполнено. "
    "В срок — каждая версия поступила не позднее действующего срока своего этапа: первоначального срока (с учетом "
    "продления) или срока доработки после возврата; документы, представленные в срок, возвращенные и доработанные "
    "к сроку доработки, считаются представленными в срок. С нарушением срока — выполнено, но хотя бы одна версия "
    "поступила позже срока своего этапа. Открыто — ещё не выполнено: срок не наступил; просрочено (срок истек, "
    "ожидается представление); на рассмотрении (площадка представила, решение за проверяющим). Просрочка — в "
    "рабочих днях по производственному календарю: от действующего срока этапа до дня поступления каждой "
    "опоздавшей версии (по местному времени региона), в сумме, а для просроченной открытой обязанности — ещё и до "
    "сегодняшнего дня. Средняя просрочка — по обязанностям, выполненным с нарушением срока."
)


# --- visibility ------------------------------------------------------------------------------------------------


def readable_sites(principal: Principal) -> ColumnElement[bool]:
    """``Principal.can_read`` as SQL over ``sites``: a grant of a reader role whose scope covers the site (the
    same cases as ``domain.access.covers``)."""
    clauses: list[ColumnElement[bool]] = []
    for grant in principal.grants:
        if grant.role not in SITE_READERS:
            continue
        match grant.scope_kind:
            case ScopeKind.GLOBAL:
                return true()
            case ScopeKind.REGION:
                clauses.append(sites.c.region_id == grant.scope_id)
            case ScopeKind.DIRECTION:
                clauses.append(sites.c.direction_id == grant.scope_id)
            case ScopeKind.SITE:
                clauses.append(sites.c.id == grant.scope_id)
            case ScopeKind.INSTITUTION:
                clauses.append(sites.c.institution_id == grant.scope_id)
    return or_(false(), *clauses)


def governs_region(principal: Principal, region_id: str) -> bool:
    """Whether the caller holds a region-wide role (Department, RCRSO director, admin) on the whole region."""
    return any(
        grant.role in REGION_VIEWERS
        and (
            grant.scope_kind == ScopeKind.GLOBAL
            or (grant.scope_kind == ScopeKind.REGION and grant.scope_id == region_id)
        )
        for grant in principal.grants
    )


# --- cycles ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleFilter:
    region_id: str | None = None
    year: int | None = None
    status: CycleStatus | None = None
    site_id: str | None = None
    direction_id: str | None = None
    with_open_escalations: bool | None = None


def _open_escalation_exists(cycle_id: Any) -> ColumnElement[bool]:
    return (
        select(escalations.c.escalation_id)
        .where(escalations.c.cycle_id == cycle_id, escalations.c.resolved_at.is_(None))
        .exists()
    )


def _cycle_conditions(principal: Principal, wanted: CycleFilter) -> list[ColumnElement[bool]]:
    conditions = [readable_sites(principal)]
    if wanted.region_id is not None:
        conditions.append(sites.c.region_id == wanted.region_id)
    if wanted.year is not None:
        conditions.append(cycles.c.year == wanted.year)
    if wanted.status is not None:
        conditions.append(cycles.c.status == wanted.status)
    if wanted.site_id is not None:
        conditions.append(cycles.c.site_id == wanted.site_id)
    if wanted.direction_id is not None:
        conditions.append(sites.c.direction_id == wanted.direction_id)
    if wanted.with_open_escalations is not None:
        exists = _open_escalation_exists(cycles.c.cycle_id)
        conditions.append(exists if wanted.with_open_escalations else ~exists)
    return conditions


def _cycle_order(sort: CycleSort, year: Any, site_id: Any, cycle_id: Any) -> list[Any]:
    keys = {"year": [year, site_id], "-year": [year.desc(), site_id], "site_id": [site_id, year]}[sort]
    return [*keys, cycle_id]


async def cycle_total(conn: AsyncConnection, principal: Principal, wanted: CycleFilter) -> int:
    query = (
        select(func.count())
        .select_from(cycles.join(sites, sites.c.id == cycles.c.site_id))
        .where(*_cycle_conditions(principal, wanted))
    )
    return int((await conn.execute(query)).scalar_one())


async def cycle_page(
    conn: AsyncConnection,
    principal: Principal,
    wanted: CycleFilter,
    sort: CycleSort,
    page: int,
    per_page: int,
    now: datetime,
) -> list[Any]:
    """One page of cycles with their site and counts: the page is chosen first, the counts are taken only for
    its rows (one index lookup by ``cycle_id`` in ``obligations`` and in ``escalations`` per row)."""
    chosen = (
        select(
            *(column for column in cycles.c if column.name != "obligation_ids"),
            sites.c.code.label("site_code"),
            sites.c.status.label("site_status"),
            sites.c.region_id,
            sites.c.direction_id,
            institutions.c.short_name.label("institution_short_name"),
        )
        .select_from(
            cycles.join(sites, sites.c.id == cycles.c.site_id).join(
                institutions, institutions.c.id == sites.c.institution_id
            )
        )
        .where(*_cycle_conditions(principal, wanted))
        .order_by(*_cycle_order(sort, cycles.c.year, cycles.c.site_id, cycles.c.cycle_id))
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery("chosen")
    )
    counts = (
        select(
            func.count().filter(obligations.c.status.in_(ACTIONABLE)).label("open_obligations"),
            func.count()
            .filter(obligations.c.status.in_(WAITING), obligations.c.due_ends_at <= now)
            .label("overdue_obligations"),
            func.count().filter(obligations.c.status == DONE).label("done_obligations"),
        )
        .where(obligations.c.cycle_id == chosen.c.cycle_id)
        .lateral("counts")
    )
    open_escalations = (
        select(func.count().label("open_escalations"))
        .where(escalations.c.cycle_id == chosen.c.cycle_id, escalations.c.resolved_at.is_(None))
        .lateral("open_escalations")
    )
    query = (
        select(chosen, counts, open_escalations)
        .select_from(chosen.join(counts, true()).join(open_escalations, true()))
        .order_by(*_cycle_order(sort, chosen.c.year, chosen.c.site_id, chosen.c.cycle_id))
    )
    return list((await conn.execute(query)).all())


# --- escalations -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationFilter:
    region_id: str | None = None
    year: int | None = None
    site_id: str | None = None
    level: EscalationLevel | None = None
    open: bool | None = None
    since: datetime | None = None


def _escalation_conditions(principal: Principal, wanted: EscalationFilter) -> list[ColumnElement[bool]]:
    conditions = [readable_sites(principal)]
    if wanted.region_id is not None:
        conditions.append(sites.c.region_id == wanted.region_id)
    if wanted.year is not None:
        conditions.append(escalations.c.year == wanted.year)
    if wanted.site_id is not None:
        conditions.append(escalations.c.site_id == wanted.site_id)
    if wanted.level is not None:
        conditions.append(escalations.c.level == wanted.level.value)
    if wanted.open is not None:
        resolved = escalations.c.resolved_at
        conditions.append(resolved.is_(None) if wanted.open else resolved.is_not(None))
    if wanted.since is not None:
        since = wanted.since if wanted.since.tzinfo else wanted.since.replace(tzinfo=UTC)
        conditions.append(escalations.c.raised_at >= since)
    return conditions


def _escalations_of_sites() -> Any:
    return escalations.join(sites, sites.c.id == escalations.c.site_id)


async def escalation_total(conn: AsyncConnection, principal: Principal, wanted: EscalationFilter) -> int:
    query = select(func.count()).select_from(_escalations_of_sites()).where(*_escalation_conditions(principal, wanted))
    return int((await conn.execute(query)).scalar_one())


async def escalation_page(
    conn: AsyncConnection, principal: Principal, wanted: EscalationFilter, page: int, per_page: int
) -> list[Any]:
    """Newest first: what was raised last is what the reader acts on."""
    query = (
        select(escalations)
        .select_from(_escalations_of_sites())
        .where(*_escalation_conditions(principal, wanted))
        .order_by(escalations.c.raised_at.desc(), escalations.c.escalation_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list((await conn.execute(query)).all())


# --- a region's year: sites, obligations, submissions ----------------------------------------------------------


@dataclass(frozen=True)
class RegionYear:
    region_id: str
    year: int
    direction_id: str | None = None
    status: SiteStatus | None = None


async def region_row(conn: AsyncConnection, region_id: str) -> Any:
    return (await conn.execute(select(regions).where(regions.c.id == region_id))).one_or_none()


def _site_conditions(wanted: RegionYear) -> list[ColumnElement[bool]]:
    conditions = [sites.c.region_id == wanted.region_id]
    if wanted.direction_id is not None:
        conditions.append(sites.c.direction_id == wanted.direction_id)
    if wanted.status is not None:
        conditions.append(sites.c.status == wanted.status.value)
    return conditions


async def region_sites(conn: AsyncConnection, wanted: RegionYear) -> list[Any]:
    """The region's sites with their institution's short name and the status of their cycle of the year (none
    when it was not opened), in the order of the founding order's clauses."""
    query = (
        select(
            sites.c.id,
            sites.c.code,
            sites.c.status,
            sites.c.direction_id,
            institutions.c.short_name.label("institution_short_name"),
            cycles.c.status.label("cycle_status"),
        )
        .select_from(
            sites.join(institutions, institutions.c.id == sites.c.institution_id).outerjoin(
                cycles, (cycles.c.site_id == sites.c.id) & (cycles.c.year == wanted.year)
            )
        )
        .where(*_site_conditions(wanted))
    )
    return sorted((await conn.execute(query)).all(), key=lambda row: natural_key(row.id))


def _year_conditions(wanted: RegionYear) -> list[ColumnElement[bool]]:
    return [obligations.c.year == wanted.year, *_site_conditions(wanted)]


async def region_obligations(conn: AsyncConnection, wanted: RegionYear) -> list[Any]:
    query = (
        select(obligations)
        .select_from(obligations.join(sites, sites.c.id == obligations.c.site_id))
        .where(*_year_conditions(wanted))
        .order_by(
            obligations.c.site_id,
            obligations.c.key,
            obligations.c.effective_due.nulls_last(),
            obligations.c.instance,
        )
    )
    return list((await conn.execute(query)).all())


async def region_arrivals(conn: AsyncConnection, wanted: RegionYear) -> dict[str, list[Any]]:
    """Every submission of the year's obligations, by obligation, in the order they arrived."""
    query = (
        select(
            submissions.c.obligation_id,
            submissions.c.submission_no,
            submissions.c.submitted_at,
            submissions.c.late,
            submissions.c.due_effective,
        )
        .select_from(
            submissions.join(obligations, obligations.c.obligation_id == submissions.c.obligation_id).join(
                sites, sites.c.id == obligations.c.site_id
            )
        )
        .where(obligations.c.runner == "submission", *_year_conditions(wanted))
        .order_by(submissions.c.obligation_id, submissions.c.submission_no)
    )
    arrivals: dict[str, list[Any]] = defaultdict(list)
    for row in (await conn.execute(query)).all():
        arrivals[row.obligation_id].append(row)
    return arrivals


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """ "1.1.2" before "1.1.10"; numbers and words compare without mixing types."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


# --- performance: outcome and lateness (see the module docstring) ----------------------------------------------


@dataclass(frozen=True)
class Performance:
    """Where an obligation instance stands: its outcome (None: not counted), the day the site fulfilled it, and
    the spans (due date, day] whose working days make its lateness."""

    outcome: Outcome | None
    fulfilled_on: date | None = None
    spans: tuple[tuple[date, date], ...] = ()


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _late_arrival_spans(arrivals: Sequence[Any], zone: ZoneInfo) -> tuple[tuple[date, date], ...]:
    return tuple((a.due_effective, local_day(a.submitted_at, zone)) for a in arrivals if a.late)


def _fulfilled(row: Any, arrivals: Sequence[Any], zone: ZoneInfo) -> Performance:
    if row.runner == "submission" and arrivals:
        spans = _late_arrival_spans(arrivals, zone)
        return Performance("late" if spans else "on_time", local_day(arrivals[-1].submitted_at, zone), spans)
    met = local_day(row.completed_at, zone)
    if met > row.effective_due:
        return Performance("late", met, ((row.effective_due, met),))
    return Performance("on_time", met)


def owed_by_site(row: Any) -> bool:
    return row.rule.get("obligor") in SITE_OBLIGORS


def performance_of(row: Any, arrivals: Sequence[Any], now: datetime, zone: ZoneInfo) -> Performance:
    if row.status in NOT_COUNTED or row.effective_due is None:
        return Performance(None)
    if row.status == DONE:
        return _fulfilled(row, arrivals, zone)
    earlier = _late_arrival_spans(arrivals, zone) if row.runner == "submission" else ()
    if row.status == "under_review":
        return Performance("under_review", spans=earlier)
    if row.status in WAITING and row.due_ends_at is not None and now >= row.due_ends_at:
        return Performance("overdue", spans=(*earlier, (row.effective_due, local_day(now, zone))))
    return Performance("not_due", spans=earlier)


class WorkingDays:
    """Working days in (start, end] on the production calendar, each distinct span counted once."""

    def __init__(self, calendar: ProductionCalendar) -> None:
        self._calendar = calendar
        self._counted: dict[tuple[date, date], int] = {}

    def between(self, start: date, end: date) -> int:
        if (start, end) not in self._counted:
            self._counted[(start, end)] = self._calendar.working_days_between(start, end)
        return self._counted[(start, end)]

    def lateness(self, performance: Performance) -> int:
        return sum(self.between(start, end) for start, end in performance.spans)


async def working_days_for(conn: AsyncConnection, performances: Iterable[Performance]) -> WorkingDays:
    """A counter over the calendar of every year the spans cross (none loaded when nothing is late)."""
    spans = [span for performance in performances for span in performance.spans if span[1] > span[0]]
    years: Iterable[int] = ()
    if spans:
        years = range(min(start.year for start, _ in spans), max(end.year for _, end in spans) + 1)
    return WorkingDays(await calendar_for(conn, years))
