"""The criteria report as an obligation of a platform's cycle (``annual_report``, kind ``criteria_report``): the
report's own machine (``criteria_report``) inside what every obligation has — its deadline and the ladder climbed
while the report is not sent (D1, D22), the deadline recomputed when the calendar changes, the cancellation when
the site's status goes. The report opens with the catalogue in force in the cycle's year (D4), kept in its first
event, so a later catalogue never changes it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from domain.common import DomainError, DomainEvent, fold
from domain.deadlines import Deadline, deadline_on, local_date
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
from domain.obligations import (
    CancelObligation,
    Context,
    ObligationCancelled,
    ObligationOpened,
    RaiseEscalation,
    RecomputeDeadline,
)
from domain.platform import criteria_report as report
from domain.platform.criteria_report import CriteriaReportState, ReportStatus
from domain.platform.events import CriteriaReportSubmitted
from domain.platform.evidence import Outcome
from domain.regulations.model import IndicatorCatalogue, Obligation, Regulation
from domain.submission.events import DeadlineRecomputed

WAITING_FOR_AUTHORS = (ReportStatus.DRAFT, ReportStatus.RETURNED)

# The obligation's status in the words every obligation has (the cycle page, the region's matrix and discipline read
# them): sent and waiting for a signature is «under_review», whichever signature; УТВЕРЖДАЮ is «approved».
OBLIGATION_STATUS: dict[ReportStatus, str] = {
    ReportStatus.DRAFT: "awaiting_submission",
    ReportStatus.RETURNED: "returned",
    ReportStatus.SUBMITTED: "under_review",
    ReportStatus.AGREED: "under_review",
    ReportStatus.APPROVED: "approved",
}


def catalogue_in_force(regulation: Regulation, year: int) -> IndicatorCatalogue:
    """The latest catalogue whose year is not after ``year`` (D4)."""
    in_force = [c for c in regulation.indicator_catalogues if c.year <= year]
    if not in_force:
        raise DomainError("no_catalogue", f"Каталог показателей на {year} год не определен.")
    return max(in_force, key=lambda c: c.year)


class ReportObligation(BaseModel):
    model_config = ConfigDict(frozen=True)

    obligation_id: str
    opened_at: datetime
    deadline: Deadline
    report: CriteriaReportState = CriteriaReportState()
    raised: tuple[EscalationLevel, ...] = ()
    open_escalations: OpenEscalations = ()
    cancelled: bool = False

    @property
    def status(self) -> str:
        if self.cancelled:
            return "cancelled"
        return OBLIGATION_STATUS[self.report.status]

    @property
    def pending_follow_ups(self) -> int:
        return sum(1 for f in self.report.follow_ups if f.outcome is Outcome.PENDING)

    @property
    def done(self) -> bool:
        """Approved, the next year decided and every awaited outcome recorded: nothing left to do."""
        r = self.report
        return r.status is ReportStatus.APPROVED and r.continues is not None and self.pending_follow_ups == 0


def initial_state(opened: ObligationOpened) -> ReportObligation:
    return ReportObligation(
        obligation_id=opened.ref.obligation_id, opened_at=opened.occurred_at, deadline=opened.deadline
    )


Command = report.Command | RaiseEscalation | RecomputeDeadline | CancelObligation


def decide(state: ReportObligation, obligation: Obligation, command: Command, ctx: Context) -> list[DomainEvent]:
    if state.cancelled:
        raise DomainError("cancelled", "Обязанность закрыта: статус площадки прекращен.")
    match command:
        case RaiseEscalation():
            if state.report.status not in WAITING_FOR_AUTHORS:
                raise DomainError("not_waiting", "Отчет уже направлен.")
            if command.level in state.raised:
                raise DomainError("already_raised", "Этот шаг эскалации уже выполнен.")
            step = next((s for s in _steps(state, obligation, ctx) if s.level == command.level), None)
            if step is None:
                raise DomainError("unknown_level", f"Шаг эскалации «{command.level}» не предусмотрен.")
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
        case RecomputeDeadline():
            recomputed = deadline_on(state.deadline.nominal, ctx.calendar, ctx.timezone)
            if recomputed == state.deadline:
                return []
            return [DeadlineRecomputed(occurred_at=ctx.now, deadline=recomputed, previous=state.deadline)]
        case CancelObligation():
            if state.report.status is ReportStatus.APPROVED:
                return []
            return [
                *resolve_open(state.open_escalations, ctx.now, "cancelled"),
                ObligationCancelled(occurred_at=ctx.now, reason=command.reason),
            ]
    events = report.decide(state.report, command, ctx.now, local_date(ctx.now, ctx.timezone))
    if any(isinstance(e, CriteriaReportSubmitted) for e in events):
        events.extend(resolve_open(state.open_escalations, ctx.now, "submitted"))
    return events


def _steps(state: ReportObligation, obligation: Obligation, ctx: Context) -> list[ScheduledStep]:
    return schedule(obligation.ladder, state.deadline, ctx.calendar, ctx.timezone) if obligation.ladder else []


def next_step(state: ReportObligation, obligation: Obligation, ctx: Context) -> ScheduledStep | None:
    """The next step of the ladder while the report is not sent; a reminder already past at the opening is skipped."""
    if state.cancelled or state.report.status not in WAITING_FOR_AUTHORS:
        return None
    for step in _steps(state, obligation, ctx):
        if step.level in state.raised:
            continue
        if step.level == EscalationLevel.REMINDER and step.at <= state.opened_at:
            continue
        return step
    return None


def evolve(state: ReportObligation, event: DomainEvent) -> ReportObligation:
    match event:
        case EscalationRaised():
            return state.model_copy(
                update={
                    "raised": (*state.raised, event.level),
                    "open_escalations": state.open_escalations
                    if event.level == EscalationLevel.REMINDER
                    else opened_with(state.open_escalations, event),
                }
            )
        case EscalationResolved():
            return state.model_copy(update={"open_escalations": closed_by(state.open_escalations, event)})
        case DeadlineRecomputed():
            return state.model_copy(update={"deadline": event.deadline})
        case ObligationCancelled():
            return state.model_copy(update={"cancelled": True})
    return state.model_copy(update={"report": report.evolve(state.report, event)})


def evolve_all(state: ReportObligation, events: list[DomainEvent]) -> ReportObligation:
    return fold(evolve, state, events)
