"""Quotas (количественные нормы): at least N items of a kind in a period — two methodological products a year
sent to the Expert Council (order 135-р 2.4.2) — and coverage: every institution of the monitoring plan
monitored by 31 December (4.1). A risk is raised at the end of the third quarter (30 September, end of the day in
the region: D41) when the quota is behind, the breach when the period ends unmet; the ladder goes on from there
until the quota is met.

For coverage the site first approves its monitoring plan with its target institutions (decision D9: the
denominator is the plan's list); each completed monitoring counts once per institution, and starts the
10-working-day clock of its справка (4.2), which is an obligation of its own.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.deadlines import Deadline, WorkingDaysAfter, end_of_day, local_date
from domain.escalation import (
    EscalationLevel,
    EscalationRaised,
    EscalationResolved,
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
from domain.people import Role
from domain.periods import Period, PeriodKind
from domain.product.model import ProductCard
from domain.regulations.model import Obligation, ObligationKind

# One rule for the risk of a yearly quota (D41): checked when the third quarter ends — at the end of 30 September in
# the region, so it shows from the first day of the fourth quarter — and raised when the quota is behind.
RISK_CHECK_MONTH_DAY = (9, 30)
RISK_SHARE_AT_Q3 = 0.75  # coverage expected by the end of the third quarter, pro rata (decision of innocycle)


class QuotaStatus(StrEnum):
    OPEN = "open"  # collecting
    MET = "met"  # the quota is reached (items are still welcome until the period ends)
    CANCELLED = "cancelled"


QUOTA_STATUS_RU: dict[QuotaStatus, str] = {
    QuotaStatus.OPEN: "в работе",
    QuotaStatus.MET: "выполнено",
    QuotaStatus.CANCELLED: "закрыто без исполнения",
}


# --- events -------------------------------------------------------------------------------------------------


@register_event
class QuotaItemRecorded(DomainEvent):
    """An item counted towards the quota: a methodological product sent to the Expert Council."""

    event_type = "QuotaItemRecorded"

    item_no: int
    title: str
    item_kind: str  # "программа", "проект", "технология"
    items: dict[str, FileRef]
    recorded_by: ActorRef
    count: int  # items after this one
    product: ProductCard | None = None  # the product sent: its examination opens with it (domain.product)


@register_event
class MonitoringPlanApproved(DomainEvent):
    """The site director approved the monitoring plan (план мониторинга) with its target institutions."""

    event_type = "MonitoringPlanApproved"

    targets: tuple[str, ...]
    items: dict[str, FileRef]
    approved_by: ActorRef


@register_event
class MonitoringCompleted(DomainEvent):
    """A monitoring of one institution is completed: its справка is due within 10 working days (4.2)."""

    event_type = "MonitoringCompleted"

    target: str
    completed_on: date
    note: str
    recorded_by: ActorRef
    spravka_due: date
    covered: int  # distinct targets covered after this one


@register_event
class QuotaMet(DomainEvent):
    event_type = "QuotaMet"

    count: int
    target: int


# --- commands -----------------------------------------------------------------------------------------------


class RecordItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["record_item"] = "record_item"
    actor: Actor
    title: str
    item_kind: str = ""
    items: dict[str, FileRef]
    product: ProductCard | None = None  # sent from the product's page: counted once, whatever its rounds (D51)


class ApprovePlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["approve_plan"] = "approve_plan"
    actor: Actor
    targets: tuple[str, ...]
    items: dict[str, FileRef]


class CompleteMonitoring(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["complete_monitoring"] = "complete_monitoring"
    actor: Actor
    target: str
    completed_on: date
    note: str = ""


QuotaCommand = RecordItem | ApprovePlan | CompleteMonitoring | RaiseEscalation | RecomputeDeadline | CancelObligation


# --- state --------------------------------------------------------------------------------------------------


class QuotaState(BaseModel):
    model_config = ConfigDict(frozen=True)

    obligation_id: str
    coverage: bool  # True: the quota is the monitoring plan's targets; False: a count of items
    quota: int
    period: Period
    deadline: Deadline  # the end of the period
    opened_at: datetime
    status: QuotaStatus = QuotaStatus.OPEN
    items: int = 0
    products: tuple[str, ...] = ()  # the products counted, by id
    targets: tuple[str, ...] = ()
    covered: tuple[str, ...] = ()
    raised_levels: frozenset[EscalationLevel] = frozenset()
    open_escalations: tuple[tuple[str, EscalationLevel], ...] = ()

    @property
    def progress(self) -> int:
        return len(self.covered) if self.coverage else self.items

    @property
    def target(self) -> int:
        return len(self.targets) if self.coverage else self.quota

    @property
    def met(self) -> bool:
        return self.target > 0 and self.progress >= self.target


def initial_state(opened: ObligationOpened, coverage: bool) -> QuotaState:
    if opened.period is None:
        raise ValueError("a quota needs its period")
    return QuotaState(
        obligation_id=opened.ref.obligation_id,
        coverage=coverage,
        quota=opened.obligation.quota or 1,
        period=opened.period,
        deadline=opened.deadline,
        opened_at=opened.occurred_at,
    )


def is_coverage(obligation: Obligation) -> bool:
    """Whether the quota is the coverage of a monitoring plan (4.1) rather than a number of items: by its kind."""
    return obligation.kind == ObligationKind.COVERAGE


# --- decide -------------------------------------------------------------------------------------------------


def decide(state: QuotaState, obligation: Obligation, command: QuotaCommand, ctx: Context) -> list[DomainEvent]:
    if state.status == QuotaStatus.CANCELLED:
        raise DomainError("cancelled", "Обязанность закрыта: статус площадки прекращен.")
    if isinstance(command, RecordItem):
        return _record(state, obligation, command, ctx)
    if isinstance(command, ApprovePlan):
        return _approve_plan(state, obligation, command, ctx)
    if isinstance(command, CompleteMonitoring):
        return _complete(state, obligation, command, ctx)
    if isinstance(command, RaiseEscalation):
        return _raise(state, obligation, command, ctx)
    if isinstance(command, CancelObligation):
        if state.status == QuotaStatus.MET:
            return []
        return [
            *resolve_open(state.open_escalations, ctx.now, "cancelled"),
            ObligationCancelled(occurred_at=ctx.now, reason=command.reason),
        ]
    return []  # a period-end deadline does not move with the calendar


def _met_events(state: QuotaState, progress: int, ctx: Context) -> list[DomainEvent]:
    target = state.target
    if state.status == QuotaStatus.OPEN and target > 0 and progress >= target:
        return [
            *resolve_open(state.open_escalations, ctx.now, "met"),
            QuotaMet(occurred_at=ctx.now, count=progress, target=target),
        ]
    return []


def _record(state: QuotaState, obligation: Obligation, command: RecordItem, ctx: Context) -> list[DomainEvent]:
    if state.coverage:
        raise DomainError("wrong_command", "Охват мониторинга учитывается по завершенным мониторингам.")
    by = command.actor.ref(command.actor.role_among(obligation.submitters, "направить продукт"))
    if len(command.title.strip()) < 3:
        raise DomainError("title_required", "Укажите название продукта.", "title")
    check_attachments(obligation, command.items, [i.key for i in obligation.items if i.required])
    if command.product is not None and command.product.product_id in state.products:
        raise DomainError("already_sent", "Этот продукт уже направлен в Экспертный совет и учтен в норме (D51).")
    count = state.items + 1
    recorded = QuotaItemRecorded(
        occurred_at=ctx.now,
        item_no=count,
        title=command.title.strip(),
        item_kind=command.item_kind.strip(),
        items=dict(command.items),
        recorded_by=by,
        count=count,
        product=command.product,
    )
    return [recorded, *_met_events(state, count, ctx)]


def _approve_plan(state: QuotaState, obligation: Obligation, command: ApprovePlan, ctx: Context) -> list[DomainEvent]:
    if not state.coverage:
        raise DomainError("wrong_command", "План мониторинга утверждается только для мониторинга учреждений.")
    by = command.actor.ref(command.actor.role_among((Role.SITE_DIRECTOR,), "утвердить план мониторинга"))
    targets = tuple(dict.fromkeys(t.strip() for t in command.targets if t.strip()))
    if not targets:
        raise DomainError("targets_required", "Перечислите учреждения, которые будут охвачены мониторингом.", "targets")
    if state.targets:
        dropped = [t for t in state.covered if t not in targets]
        if dropped:
            raise DomainError(
                "covered_dropped",
                f"Из плана нельзя исключить уже охваченные учреждения: {', '.join(dropped)}.",
                "targets",
            )
    check_attachments(obligation, command.items, ["monitoring_plan"])
    approved = MonitoringPlanApproved(occurred_at=ctx.now, targets=targets, items=dict(command.items), approved_by=by)
    covered = len([t for t in state.covered if t in targets])
    return [approved, *_met_events(state.model_copy(update={"targets": targets}), covered, ctx)]


SPRAVKA_RULE = WorkingDaysAfter(event="monitoring_completed", event_ru="завершения мониторинга", working_days=10)


def _complete(
    state: QuotaState, obligation: Obligation, command: CompleteMonitoring, ctx: Context
) -> list[DomainEvent]:
    if not state.coverage:
        raise DomainError("wrong_command", "Эта обязанность не ведет мониторинг учреждений.")
    by = command.actor.ref(
        command.actor.role_among((Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE), "отметить завершение мониторинга")
    )
    if not state.targets:
        raise DomainError("plan_required", "Сначала утвердите план мониторинга с перечнем учреждений.")
    target = command.target.strip()
    if target not in state.targets:
        raise DomainError("not_in_plan", f"Учреждения «{target}» нет в плане мониторинга.", "target")
    today = local_date(ctx.now, ctx.timezone)
    if command.completed_on > today:
        raise DomainError("completed_in_future", "Дата завершения мониторинга ещё не наступила.", "completed_on")
    if command.completed_on.year != state.period.year:
        raise DomainError(
            "completed_outside_year", f"Мониторинг должен быть завершен в {state.period.year} году.", "completed_on"
        )
    covered = len(set(state.covered) | {target})
    completed = MonitoringCompleted(
        occurred_at=ctx.now,
        target=target,
        completed_on=command.completed_on,
        note=command.note.strip(),
        recorded_by=by,
        spravka_due=SPRAVKA_RULE.due_after(command.completed_on, ctx.calendar),
        covered=covered,
    )
    return [completed, *_met_events(state, covered, ctx)]


def _raise(state: QuotaState, obligation: Obligation, command: RaiseEscalation, ctx: Context) -> list[DomainEvent]:
    if state.status != QuotaStatus.OPEN:
        raise DomainError("not_open", "Норма уже выполнена.")
    step = next((s for s in steps(state, obligation, ctx) if s.level == command.level), None)
    if step is None or command.level in state.raised_levels:
        raise DomainError("unknown_level", f"Шаг «{command.level}» не предусмотрен или уже выполнен.")
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


# --- evolve -------------------------------------------------------------------------------------------------


def evolve(state: QuotaState, event: DomainEvent) -> QuotaState:
    if isinstance(event, QuotaItemRecorded):
        sent = (*state.products, event.product.product_id) if event.product is not None else state.products
        return state.model_copy(update={"items": event.count, "products": sent})
    if isinstance(event, MonitoringPlanApproved):
        return state.model_copy(
            update={"targets": event.targets, "covered": tuple(t for t in state.covered if t in event.targets)}
        )
    if isinstance(event, MonitoringCompleted):
        covered = state.covered if event.target in state.covered else (*state.covered, event.target)
        return state.model_copy(update={"covered": covered})
    if isinstance(event, QuotaMet):
        return state.model_copy(update={"status": QuotaStatus.MET})
    if isinstance(event, EscalationRaised):
        return state.model_copy(
            update={
                "raised_levels": state.raised_levels | {event.level},
                "open_escalations": opened_with(state.open_escalations, event),
            }
        )
    if isinstance(event, EscalationResolved):
        return state.model_copy(update={"open_escalations": closed_by(state.open_escalations, event)})
    if isinstance(event, ObligationCancelled):
        return state.model_copy(update={"status": QuotaStatus.CANCELLED})
    return state


def evolve_all(state: QuotaState, events: list[DomainEvent]) -> QuotaState:
    return fold(evolve, state, events)


# --- queries ------------------------------------------------------------------------------------------------


def risk_check_day(year: int) -> date:
    """The day a yearly quota is checked for risk: the last day of the third quarter (decision D41)."""
    return date(year, *RISK_CHECK_MONTH_DAY)


def risk_check_at(state: QuotaState, timezone: str) -> datetime | None:
    """The end of the third quarter's last day in the region, for a yearly quota (D41)."""
    if state.period.kind != PeriodKind.YEAR:
        return None
    return end_of_day(risk_check_day(state.period.year), timezone)


def behind_at_risk_check(state: QuotaState) -> bool:
    if state.coverage:
        return state.target == 0 or state.progress < RISK_SHARE_AT_Q3 * state.target
    return state.progress < state.quota


def steps(state: QuotaState, obligation: Obligation, ctx: Context) -> list[ScheduledStep]:
    result = []
    if obligation.ladder is not None:
        result = [
            s
            for s in schedule(obligation.ladder, state.deadline, ctx.calendar, ctx.timezone)
            if s.level != EscalationLevel.REMINDER
        ]
    risk_at = risk_check_at(state, ctx.timezone)
    if risk_at is not None:
        result.append(
            ScheduledStep(
                level=EscalationLevel.RISK,
                day=risk_check_day(state.period.year),
                at=risk_at,
                notify=(Role.SITE_DIRECTOR, Role.CURATOR),
            )
        )
    return sorted(result, key=lambda step: step.at)


def next_escalation(state: QuotaState, obligation: Obligation, ctx: Context) -> ScheduledStep | None:
    if state.status != QuotaStatus.OPEN:
        return None
    for step in steps(state, obligation, ctx):
        if step.level in state.raised_levels:
            continue
        if step.level == EscalationLevel.RISK and (step.at <= state.opened_at or not behind_at_risk_check(state)):
            continue
        return step
    return None


def done(state: QuotaState, now: datetime) -> bool:
    """A met quota closes when its period ends (until then more items are welcome); a cancelled one at once."""
    if state.status == QuotaStatus.CANCELLED:
        return True
    return state.status == QuotaStatus.MET and now >= state.deadline.ends_at
