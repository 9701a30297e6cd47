"""The Approval obligation kind (утверждение): documents are submitted, go through a review chain (agree steps,
then an approve step) and are approved, or returned for revision (возврат на доработку) and resubmitted.

Pure state machine: ``decide(state, obligation, command, context) -> events`` refuses an illegal step with a
``DomainError``; ``evolve(state, event) -> state`` applies a recorded fact.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar
from domain.common import Actor, ActorRef, DomainError, DomainEvent, register_event
from domain.deadlines import Deadline, deadline_on, local_date
from domain.documents import FileRef, formats_ru
from domain.escalation import (
    EscalationLevel,
    EscalationRaised,
    EscalationResolved,
    ScheduledStep,
    escalation_id,
    schedule,
)
from domain.obligations import ObligationOpened
from domain.org import ROLE_RU, Role
from domain.regulations.model import Obligation, ReviewAction


class ApprovalStatus(StrEnum):
    AWAITING_SUBMISSION = "awaiting_submission"
    UNDER_REVIEW = "under_review"
    RETURNED = "returned"
    APPROVED = "approved"


STATUS_RU: dict[ApprovalStatus, str] = {
    ApprovalStatus.AWAITING_SUBMISSION: "ожидает представления",
    ApprovalStatus.UNDER_REVIEW: "на рассмотрении",
    ApprovalStatus.RETURNED: "возвращено на доработку",
    ApprovalStatus.APPROVED: "принято",
}

WAITING_FOR_SUBMITTER = (ApprovalStatus.AWAITING_SUBMISSION, ApprovalStatus.RETURNED)


# --- events -------------------------------------------------------------------------------------------------


@register_event
class DocumentsSubmitted(DomainEvent):
    """Documents were sent for review (направлены)."""

    event_type = "DocumentsSubmitted"

    submission_no: int
    items: dict[str, FileRef]
    submitted_by: ActorRef
    note: str
    late: bool
    due_effective: date


@register_event
class SubmissionAgreed(DomainEvent):
    """A reviewer agreed (СОГЛАСОВАНО); the submission moves to the next step of the chain."""

    event_type = "SubmissionAgreed"

    submission_no: int
    step: int
    decided_by: ActorRef
    comment: str


@register_event
class SubmissionApproved(DomainEvent):
    """The last step of the chain approved the submission; the obligation is met."""

    event_type = "SubmissionApproved"

    submission_no: int
    step: int
    decided_by: ActorRef
    comment: str


@register_event
class SubmissionReturned(DomainEvent):
    """A reviewer returned the submission for revision, with a comment and a new deadline."""

    event_type = "SubmissionReturned"

    submission_no: int
    step: int
    decided_by: ActorRef
    comment: str
    resubmit_deadline: Deadline


# --- commands -----------------------------------------------------------------------------------------------


class SubmitDocuments(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["submit"] = "submit"
    actor: Actor
    items: dict[str, FileRef]
    note: str = ""


class DecideSubmission(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["decide"] = "decide"
    actor: Actor
    action: Literal["agree", "approve", "return"]
    comment: str = ""


class RaiseEscalation(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["raise_escalation"] = "raise_escalation"
    level: EscalationLevel


Command = SubmitDocuments | DecideSubmission | RaiseEscalation


class Context(BaseModel):
    """What a decision may depend on besides the state: the time, the calendar and the region's time zone."""

    model_config = ConfigDict(frozen=True)

    now: datetime
    calendar: ProductionCalendar
    timezone: str


# --- state --------------------------------------------------------------------------------------------------


class Submission(BaseModel):
    model_config = ConfigDict(frozen=True)

    no: int
    items: dict[str, FileRef]
    submitted_by: ActorRef
    submitted_at: datetime


class ApprovalState(BaseModel):
    model_config = ConfigDict(frozen=True)

    obligation_id: str
    status: ApprovalStatus
    original_deadline: Deadline
    deadline: Deadline  # the deadline of the current phase (moves when a return grants time to revise)
    phase: int = 0
    phase_started_at: datetime
    step: int = 0  # index into the review chain of the next decision
    submissions: tuple[Submission, ...] = ()
    raised_levels: frozenset[EscalationLevel] = frozenset()  # raised in the current phase
    open_escalations: tuple[tuple[str, EscalationLevel], ...] = ()

    @property
    def last_submission(self) -> Submission | None:
        return self.submissions[-1] if self.submissions else None


def initial_state(opened: ObligationOpened) -> ApprovalState:
    return ApprovalState(
        obligation_id=opened.ref.obligation_id,
        status=ApprovalStatus.AWAITING_SUBMISSION,
        original_deadline=opened.deadline,
        deadline=opened.deadline,
        phase_started_at=opened.occurred_at,
    )


# --- decide -------------------------------------------------------------------------------------------------


def decide(state: ApprovalState, obligation: Obligation, command: Command, ctx: Context) -> list[DomainEvent]:
    if isinstance(command, SubmitDocuments):
        return _submit(state, obligation, command, ctx)
    if isinstance(command, DecideSubmission):
        return _decide(state, obligation, command, ctx)
    return _raise(state, obligation, command, ctx)


def _submit(state: ApprovalState, obligation: Obligation, command: SubmitDocuments, ctx: Context) -> list[DomainEvent]:
    if state.status == ApprovalStatus.APPROVED:
        raise DomainError("already_approved", "Документы уже приняты; повторное представление не требуется.")
    if state.status == ApprovalStatus.UNDER_REVIEW:
        raise DomainError(
            "under_review",
            "Документы уже направлены и находятся на рассмотрении; дождитесь решения или возврата на доработку.",
        )
    role = _acting_role(command.actor, obligation.submitters, "представить документы")
    _check_items(obligation, command.items)
    events: list[DomainEvent] = [
        DocumentsSubmitted(
            occurred_at=ctx.now,
            submission_no=len(state.submissions) + 1,
            items=dict(command.items),
            submitted_by=_ref(command.actor, role),
            note=command.note.strip(),
            late=ctx.now >= state.deadline.ends_at,
            due_effective=state.deadline.effective,
        )
    ]
    events.extend(
        EscalationResolved(occurred_at=ctx.now, escalation_id=esc_id, level=level, resolution="submitted")
        for esc_id, level in state.open_escalations
    )
    return events


def _check_items(obligation: Obligation, items: dict[str, FileRef]) -> None:
    for key in items:
        if obligation.item(key) is None:
            expected = ", ".join(item.key for item in obligation.items)
            raise DomainError("unknown_item", f"Неизвестный документ «{key}». Ожидаются: {expected}.", f"items.{key}")
    missing = [item for item in obligation.items if item.required and item.key not in items]
    if missing:
        listed = "; ".join(f"{item.clause} {item.title}" for item in missing)
        raise DomainError("missing_items", f"Не хватает документов: {listed}.", "items")
    for key, ref in items.items():
        item = obligation.item(key)
        assert item is not None
        if ref.format not in item.formats:
            raise DomainError(
                "wrong_format",
                f"{item.clause} «{item.title}» принимается в формате {formats_ru(item.formats)}, "
                f"а файл «{ref.filename}» — {ref.format.value.upper()}.",
                f"items.{key}",
            )


def _decide(state: ApprovalState, obligation: Obligation, command: DecideSubmission, ctx: Context) -> list[DomainEvent]:
    if state.status != ApprovalStatus.UNDER_REVIEW:
        raise DomainError("nothing_to_review", _nothing_to_review(state.status))
    step = obligation.review_chain[state.step]
    role = _acting_role(command.actor, (step.role,), f"принять решение на шаге «{step.title}»")
    submission = state.last_submission
    assert submission is not None
    if submission.submitted_by.user_id == command.actor.user_id:
        raise DomainError("own_submission", "Нельзя рассматривать собственное представление.")
    decided_by = _ref(command.actor, role)
    comment = command.comment.strip()
    if command.action == "return":
        if len(comment) < 3:
            raise DomainError("comment_required", "Укажите, что нужно доработать.", "comment")
        return [
            SubmissionReturned(
                occurred_at=ctx.now,
                submission_no=submission.no,
                step=state.step,
                decided_by=decided_by,
                comment=comment,
                resubmit_deadline=revision_deadline(state, obligation, ctx),
            )
        ]
    if command.action != step.action.value:
        needed = "утверждение (approve)" if step.action == ReviewAction.APPROVE else "согласование (agree)"
        raise DomainError("wrong_action", f"На шаге «{step.title}» требуется {needed}.", "action")
    last = state.step == len(obligation.review_chain) - 1
    event_type = SubmissionApproved if last else SubmissionAgreed
    return [
        event_type(
            occurred_at=ctx.now, submission_no=submission.no, step=state.step, decided_by=decided_by, comment=comment
        )
    ]


def _nothing_to_review(status: ApprovalStatus) -> str:
    if status == ApprovalStatus.APPROVED:
        return "Документы уже приняты."
    return "Рассматривать нечего: документы ещё не представлены."


def revision_deadline(state: ApprovalState, obligation: Obligation, ctx: Context) -> Deadline:
    """Not earlier than the original deadline, and at least ``revision_working_days`` after the return."""
    earliest = ctx.calendar.add_working_days(local_date(ctx.now, ctx.timezone), obligation.revision_working_days)
    return deadline_on(max(state.original_deadline.nominal, earliest), ctx.calendar, ctx.timezone)


def _raise(state: ApprovalState, obligation: Obligation, command: RaiseEscalation, ctx: Context) -> list[DomainEvent]:
    if state.status not in WAITING_FOR_SUBMITTER:
        raise DomainError("not_waiting", "Обязанность не ожидает представления документов.")
    if command.level in state.raised_levels:
        raise DomainError("already_raised", "Этот шаг эскалации уже выполнен.")
    ladder = obligation.ladder.steps if obligation.ladder else ()
    step = next((s for s in ladder if s.level == command.level), None)
    if step is None:
        raise DomainError("unknown_level", f"Шаг эскалации «{command.level}» не предусмотрен.")
    return [
        EscalationRaised(
            occurred_at=ctx.now,
            escalation_id=escalation_id(state.obligation_id, state.phase, command.level),
            level=command.level,
            phase=state.phase,
            due_nominal=state.deadline.nominal,
            due_effective=state.deadline.effective,
            notify=step.notify,
        )
    ]


def _acting_role(actor: Actor, allowed: tuple[Role, ...], what: str) -> Role:
    for role in allowed:
        if role in actor.roles:
            return role
    who = " или ".join(ROLE_RU[role] for role in allowed)
    raise DomainError("not_allowed", f"{what.capitalize()} может только {who}.")


def _ref(actor: Actor, role: Role) -> ActorRef:
    return ActorRef(user_id=actor.user_id, full_name=actor.full_name, role=role)


# --- evolve -------------------------------------------------------------------------------------------------


def evolve(state: ApprovalState, event: DomainEvent) -> ApprovalState:
    if isinstance(event, DocumentsSubmitted):
        submission = Submission(
            no=event.submission_no, items=event.items, submitted_by=event.submitted_by, submitted_at=event.occurred_at
        )
        return state.model_copy(
            update={
                "status": ApprovalStatus.UNDER_REVIEW,
                "step": 0,
                "submissions": (*state.submissions, submission),
            }
        )
    if isinstance(event, SubmissionAgreed):
        return state.model_copy(update={"step": event.step + 1})
    if isinstance(event, SubmissionApproved):
        return state.model_copy(update={"status": ApprovalStatus.APPROVED})
    if isinstance(event, SubmissionReturned):
        return state.model_copy(
            update={
                "status": ApprovalStatus.RETURNED,
                "step": 0,
                "deadline": event.resubmit_deadline,
                "phase": state.phase + 1,
                "phase_started_at": event.occurred_at,
                "raised_levels": frozenset(),
            }
        )
    if isinstance(event, EscalationRaised):
        return state.model_copy(
            update={
                "raised_levels": state.raised_levels | {event.level},
                "open_escalations": (*state.open_escalations, (event.escalation_id, event.level)),
            }
        )
    if isinstance(event, EscalationResolved):
        return state.model_copy(
            update={"open_escalations": tuple(e for e in state.open_escalations if e[0] != event.escalation_id)}
        )
    return state


def evolve_all(state: ApprovalState, events: list[DomainEvent]) -> ApprovalState:
    for event in events:
        state = evolve(state, event)
    return state


# --- queries ------------------------------------------------------------------------------------------------


def next_escalation(state: ApprovalState, obligation: Obligation, ctx: Context) -> ScheduledStep | None:
    """The next ladder step still to come in this phase; a reminder whose time passed before the phase began is
    skipped (reminding of a deadline already near when it was set says nothing new)."""
    if state.status not in WAITING_FOR_SUBMITTER or obligation.ladder is None:
        return None
    for step in schedule(obligation.ladder, state.deadline, ctx.calendar, ctx.timezone):
        if step.level in state.raised_levels:
            continue
        if step.level == EscalationLevel.REMINDER and step.at <= state.phase_started_at:
            continue
        return step
    return None


def next_actor(state: ApprovalState, obligation: Obligation) -> tuple[Role, ...]:
    if state.status in WAITING_FOR_SUBMITTER:
        return obligation.submitters
    if state.status == ApprovalStatus.UNDER_REVIEW:
        return (obligation.review_chain[state.step].role,)
    return ()
