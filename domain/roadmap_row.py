"""Dated rows of a site's approved roadmap (мероприятия дорожной карты со сроком), tracked like obligations.

A row whose deadline cell reads as one or more dates or months of the plan year (C14's dated reports and
registries, OP18's February and September programs, C4's June and November) becomes one obligation instance per
date once the roadmap is approved (D42). It is reminded and escalated on the ladder of the regulation's template
(D43), and met when the site marks it done with its evidence or when an accepted quarterly report says it was done
(D44). A row about sending a methodological product to the Expert Council is met by the product itself, sent in
the row's month (D53). A row still open when the rest of the cycle has closed is closed as not done (D45).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.deadlines import Deadline, FixedAnnualDate, local_date
from domain.escalation import (
    EscalationLevel,
    EscalationRaised,
    EscalationResolved,
    OpenEscalations,
    ScheduledStep,
    closed_by,
    escalation_id,
    opened_with,
    resolve_open,
    schedule,
)
from domain.files import FileRef, check_attachments
from domain.obligations import (
    CancelObligation,
    Context,
    ObligationCancelled,
    ObligationOpened,
    RaiseEscalation,
    RecomputeDeadline,
)
from domain.regulations.model import Obligation
from domain.roadmap.model import RoadmapDeadlineKind, RoadmapRow, RoadmapRowStatus
from domain.submission.events import DeadlineRecomputed
from domain.submission.machine import deadline_moved

KEY = "roadmap_row"  # the obligation key of every dated row: ``cycle:{site}:{year}:roadmap_row:{instance}``

# The readings that name a day or a month (D42): the row is due on it. A quarter, a half-year or the year is due
# when the quarterly report on it opens, which already accounts for the row; a range, a cadence, «постоянно» and
# «по запросу» set no date of the row's own.
TRACKED_KINDS = frozenset(
    {RoadmapDeadlineKind.DATE, RoadmapDeadlineKind.DATES, RoadmapDeadlineKind.MONTH, RoadmapDeadlineKind.MONTHS}
)


class DatedRow(BaseModel):
    """One date of one row of the approved roadmap: an obligation instance of the cycle."""

    model_config = ConfigDict(frozen=True)

    row: RoadmapRow
    instance: str  # "1.2" for a row with one date; "1.2-1", "1.2-2" for each of several
    due: date


def _label(no: str) -> str:
    return re.sub(r"[^0-9A-Za-zА-Яа-яЁё.]+", "_", no.strip()) or "row"


def dated_rows(rows: tuple[RoadmapRow, ...], year: int, approved_on: date) -> list[DatedRow]:
    """The dates of the approved roadmap a site is held to (D42), in the roadmap's order: rows read as dates or
    months of the plan year, done by the site itself (not by another organisation), and due on or after the day
    the roadmap was approved (nobody is late on a plan that was not approved yet)."""
    dated: list[DatedRow] = []
    for row in rows:
        reading = row.reading
        if reading is None or reading.kind not in TRACKED_KINDS or reading.needs_confirmation:
            continue
        if row.responsible_is_external or reading.outside_plan_year:
            continue
        dues = sorted({d for d in reading.due_dates if d.year == year and d >= approved_on})
        if not dues:
            continue
        several = len(reading.due_dates) > 1
        for index, due in enumerate(sorted(set(reading.due_dates))):
            if due not in dues:
                continue
            instance = f"{_label(row.no)}-{index + 1}" if several else _label(row.no)
            dated.append(DatedRow(row=row, instance=instance, due=due))
    return dated


def row_obligation(template: Obligation, dated: DatedRow, year: int) -> Obligation:
    """The obligation of one dated row: the regulation's template with the row's title and date."""
    row = dated.row
    note = f"Срок в дорожной карте: «{row.deadline}». Ответственный: {row.responsible}."
    if row.expected_result:
        note += f" Ожидаемый результат: {row.expected_result}."
    if row.is_product_row:
        note += (
            " Строка о направлении методического продукта в Экспертный совет: выполняется продуктом, направленным "
            "в месяце срока (D53)."
        )
    return template.model_copy(
        update={
            "title": f"Дорожная карта, строка {row.no}: {row.item}",
            "deadline": FixedAnnualDate(month=dated.due.month, day=dated.due.day, year_offset=dated.due.year - year),
            "note": note,
        }
    )


def reported_instances(
    statuses: tuple[RoadmapRowStatus, ...], period_end: date, open_rows: list[tuple[str, str, date]]
) -> list[tuple[str, date]]:
    """Which open row instances an accepted quarterly report closes (D44), with the fact date it gives: for each
    row the report calls done, its instances due by the end of the reported period, or, when none is, its earliest
    open one (done ahead of time). ``open_rows`` are (row number, instance, due) of the instances still open."""
    closed: list[tuple[str, date]] = []
    for status in statuses:
        if status.status != "done" or status.fact_date is None:
            continue
        mine = sorted((due, instance) for no, instance, due in open_rows if no == status.no)
        due_by = [instance for due, instance in mine if due <= period_end]
        if not due_by and mine:
            due_by = [mine[0][1]]
        closed.extend((instance, status.fact_date) for instance in due_by)
    return closed


def product_period(due: date) -> tuple[date, date]:
    """The days a product sent fulfils a dated row due on ``due`` (D53): from the first of its month to the date
    itself — the whole month for a row dated by a month («июнь»: the last day of June)."""
    return due.replace(day=1), due


def row_for_product(rows: list[tuple[str, DatedRow]], sent_on: date) -> str | None:
    """Which of the open dated rows ``rows`` (obligation id, row) a product sent on ``sent_on`` fulfils (D53): a row
    about sending a product whose period holds the day, the earliest due first, then in the roadmap's order; None
    when there is none (a product sent in another month fulfils no row: the row's month still escalates)."""
    candidates = [
        (dated.due, index, oid)
        for index, (oid, dated) in enumerate(rows)
        if dated.row.is_product_row and product_period(dated.due)[0] <= sent_on <= product_period(dated.due)[1]
    ]
    return min(candidates)[2] if candidates else None


class RowStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    NOT_DONE = "not_done"  # closed with the cycle, never done (D45)
    CANCELLED = "cancelled"


ROW_STATUS_RU: dict[str, str] = {
    "open": "ожидает выполнения",
    "done": "выполнено",
    "not_done": "не выполнено",
    "cancelled": "отменено",
}


@register_event
class RoadmapRowDone(DomainEvent):
    """A dated row of the roadmap was done: marked by the site with its evidence, or said so by an accepted
    quarterly report."""

    event_type = "RoadmapRowDone"

    on: date  # the day it was done (дата выполнения)
    source: Literal["site", "report", "product"]
    report_id: str = ""  # the quarterly report that said so
    product_id: str = ""  # the methodological product whose sending to the council fulfilled it (D53)
    items: dict[str, FileRef] = Field(default_factory=dict)
    note: str = ""
    done_by: ActorRef | None = None  # who marked it (None: the report)


@register_event
class RoadmapRowNotDone(DomainEvent):
    """The cycle closed with the row never done (D45)."""

    event_type = "RoadmapRowNotDone"

    reason: str


class MarkRowDone(BaseModel):
    """«Отметить выполнение»: the site says the row was done, with a file or a note as its evidence."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["mark_done"] = "mark_done"
    actor: Actor
    fact_date: date
    items: dict[str, FileRef] = {}
    note: str = ""


class ReportedDone(BaseModel):
    """An accepted quarterly report said the row was done."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["reported_done"] = "reported_done"
    report_id: str
    fact_date: date


class ProductSent(BaseModel):
    """A methodological product was sent to the Expert Council (counted by the site's quota of the year): the
    dated row about sending a product in that month is done, with the product as its evidence (D53)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["product_sent"] = "product_sent"
    product_id: str
    title: str
    sent_on: date  # the day it was sent, in the region
    file: FileRef | None = None  # the product's main file, kept as the row's evidence


class CloseRow(BaseModel):
    """The rest of the cycle has closed: a row still open closes as not done (D45)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["close_row"] = "close_row"


RowCommand = (
    MarkRowDone | ReportedDone | ProductSent | CloseRow | RaiseEscalation | RecomputeDeadline | CancelObligation
)


class RowState(BaseModel):
    model_config = ConfigDict(frozen=True)

    obligation_id: str
    deadline: Deadline
    opened_at: datetime
    status: RowStatus = RowStatus.OPEN
    done_on: date | None = None
    raised_levels: frozenset[EscalationLevel] = frozenset()
    open_escalations: OpenEscalations = ()


def initial_state(opened: ObligationOpened) -> RowState:
    return RowState(obligation_id=opened.ref.obligation_id, deadline=opened.deadline, opened_at=opened.occurred_at)


def next_escalation(state: RowState, obligation: Obligation, ctx: Context) -> ScheduledStep | None:
    if state.status != RowStatus.OPEN or obligation.ladder is None:
        return None
    for step in schedule(obligation.ladder, state.deadline, ctx.calendar, ctx.timezone):
        if step.level not in state.raised_levels:
            return step
    return None


def decide(state: RowState, obligation: Obligation, command: RowCommand, ctx: Context) -> list[DomainEvent]:
    if (
        isinstance(command, ReportedDone | ProductSent | CloseRow | RecomputeDeadline)
        and state.status != RowStatus.OPEN
    ):
        return []  # the report or the product came after the site marked it, or the row closed already
    if state.status != RowStatus.OPEN:
        raise DomainError("closed", "Мероприятие уже закрыто: " + ROW_STATUS_RU[state.status.value] + ".")
    if isinstance(command, MarkRowDone):
        return _mark(state, obligation, command, ctx)
    if isinstance(command, ReportedDone):
        done = RoadmapRowDone(occurred_at=ctx.now, on=command.fact_date, source="report", report_id=command.report_id)
        return [*resolve_open(state.open_escalations, ctx.now, "done"), done]
    if isinstance(command, ProductSent):
        sent = RoadmapRowDone(
            occurred_at=ctx.now,
            on=command.sent_on,
            source="product",
            product_id=command.product_id,
            items={"evidence": command.file} if command.file is not None else {},
            note=f"Методический продукт «{command.title}» направлен в Экспертный совет (D53).",
        )
        return [*resolve_open(state.open_escalations, ctx.now, "done"), sent]
    if isinstance(command, CloseRow):
        closed = RoadmapRowNotDone(occurred_at=ctx.now, reason="Годовой цикл завершён, выполнение не отмечено.")
        return [*resolve_open(state.open_escalations, ctx.now, "year_closed"), closed]
    if isinstance(command, CancelObligation):
        cancelled = ObligationCancelled(occurred_at=ctx.now, reason=command.reason)
        return [*resolve_open(state.open_escalations, ctx.now, "cancelled"), cancelled]
    if isinstance(command, RecomputeDeadline):
        return _recompute(state, obligation, ctx)
    return _raise(state, obligation, command, ctx)


def _mark(state: RowState, obligation: Obligation, command: MarkRowDone, ctx: Context) -> list[DomainEvent]:
    role = command.actor.role_among(obligation.submitters, "отметить выполнение мероприятия")
    check_attachments(obligation, command.items)
    today = local_date(ctx.now, ctx.timezone)
    if command.fact_date > today:
        raise DomainError("fact_date_future", "Дата выполнения ещё не наступила.", "fact_date")
    note = command.note.strip()
    if not command.items and not note:
        raise DomainError("evidence_required", "Приложите подтверждающий файл или опишите, что сделано (D44).", "note")
    done = RoadmapRowDone(
        occurred_at=ctx.now,
        on=command.fact_date,
        source="site",
        items=dict(command.items),
        note=note,
        done_by=command.actor.ref(role),
    )
    return [*resolve_open(state.open_escalations, ctx.now, "done"), done]


def _recompute(state: RowState, obligation: Obligation, ctx: Context) -> list[DomainEvent]:
    return deadline_moved(state.deadline, state.open_escalations, obligation, ctx)


def _raise(state: RowState, obligation: Obligation, command: RaiseEscalation, ctx: Context) -> list[DomainEvent]:
    step = next_escalation(state, obligation, ctx)
    if step is None or step.level != command.level:
        raise DomainError("unknown_level", "Этот шаг эскалации сейчас не предусмотрен.")
    return [
        EscalationRaised(
            occurred_at=ctx.now,
            escalation_id=escalation_id(state.obligation_id, 0, command.level),
            level=command.level,
            phase=0,
            due_nominal=state.deadline.nominal,
            due_effective=state.deadline.effective,
            notify=step.notify,
        )
    ]


def evolve(state: RowState, event: DomainEvent) -> RowState:
    if isinstance(event, RoadmapRowDone):
        return state.model_copy(update={"status": RowStatus.DONE, "done_on": event.on})
    if isinstance(event, RoadmapRowNotDone):
        return state.model_copy(update={"status": RowStatus.NOT_DONE})
    if isinstance(event, ObligationCancelled):
        return state.model_copy(update={"status": RowStatus.CANCELLED})
    if isinstance(event, EscalationRaised):
        return state.model_copy(
            update={
                "raised_levels": state.raised_levels | {event.level},
                "open_escalations": opened_with(state.open_escalations, event),
            }
        )
    if isinstance(event, EscalationResolved):
        return state.model_copy(update={"open_escalations": closed_by(state.open_escalations, event)})
    if isinstance(event, DeadlineRecomputed):
        # Steps not yet due are scheduled again from the new date; those already raised stay raised.
        kept = {level for _id, level in state.open_escalations}
        return state.model_copy(update={"deadline": event.deadline, "raised_levels": frozenset(kept)})
    return state


def evolve_all(state: RowState, events: list[DomainEvent]) -> RowState:
    return fold(evolve, state, events)
