"""Obligations fulfilled by a submission (представление): the annual package and other documents to approve
(утверждение), periodic reports, meetings held with evidence, registries sent. Something is submitted — files
and, where the obligation asks, structured content — goes through the review chain (agree steps, then an
approve step) and is accepted, or returned for revision (возврат на доработку) and resubmitted. An empty chain
means the submission itself fulfils the obligation. The submitter may ask for more time (продление срока); the
reviewer grants a new date or refuses, and the original date stays on record.

Pure state machine: ``decide(state, obligation, command, context) -> events`` refuses an illegal step with a
``DomainError``; ``evolve(state, event) -> state`` applies a recorded fact.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.attachments import check_attachments
from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.deadlines import Deadline, deadline_on, end_of_day, local_date
from domain.documents import FileRef
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
from domain.obligations import (
    CancelObligation,
    Context,
    ObligationCancelled,
    ObligationOpened,
    RaiseEscalation,
    RecomputeDeadline,
)
from domain.org import Role
from domain.payloads import SubmissionData, checked_data
from domain.regulations.model import Obligation, ObligationKind, ReviewAction


class SubmissionStatus(StrEnum):
    AWAITING_SUBMISSION = "awaiting_submission"
    UNDER_REVIEW = "under_review"
    RETURNED = "returned"
    APPROVED = "approved"
    CANCELLED = "cancelled"


STATUS_RU: dict[SubmissionStatus, str] = {
    SubmissionStatus.AWAITING_SUBMISSION: "ожидает представления",
    SubmissionStatus.UNDER_REVIEW: "на рассмотрении",
    SubmissionStatus.RETURNED: "возвращено на доработку",
    SubmissionStatus.APPROVED: "выполнено",
    SubmissionStatus.CANCELLED: "закрыто без исполнения",
}

WAITING_FOR_SUBMITTER = (SubmissionStatus.AWAITING_SUBMISSION, SubmissionStatus.RETURNED)
CLOSED = (SubmissionStatus.APPROVED, SubmissionStatus.CANCELLED)
# Escalations that may come again after they were closed: the deadline moved, so the step moves with it.
REARMING_RESOLUTIONS = ("extended", "calendar_changed")


# --- events -------------------------------------------------------------------------------------------------


@register_event
class DocumentsSubmitted(DomainEvent):
    """Something was submitted (направлено): files and, where the obligation asks, structured content."""

    event_type = "DocumentsSubmitted"

    submission_no: int
    items: dict[str, FileRef]
    data: SubmissionData | None = None
    submitted_by: ActorRef
    note: str
    late: bool
    due_effective: date
    unchanged: tuple[str, ...] = ()  # items attested unchanged by the director (D25): the version in force again


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
    """The last step of the chain approved the submission, or the chain is empty: the obligation is met."""

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


@register_event
class ExtensionRequested(DomainEvent):
    """The submitter asked for more time (просьба о продлении срока)."""

    event_type = "ExtensionRequested"

    until: date
    reason: str
    requested_by: ActorRef


@register_event
class ExtensionGranted(DomainEvent):
    """The reviewer granted a new date; the original date stays on record in the obligation."""

    event_type = "ExtensionGranted"

    deadline: Deadline
    previous: Deadline
    decided_by: ActorRef
    comment: str


@register_event
class ExtensionRefused(DomainEvent):
    event_type = "ExtensionRefused"

    decided_by: ActorRef
    comment: str


@register_event
class DeadlineRecomputed(DomainEvent):
    """A new production calendar moved the effective date of the current deadline."""

    event_type = "DeadlineRecomputed"

    deadline: Deadline
    previous: Deadline


# --- commands -----------------------------------------------------------------------------------------------


class SubmitDocuments(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["submit"] = "submit"
    actor: Actor
    items: dict[str, FileRef]
    note: str = ""
    data: SubmissionData | None = None
    # Items the director attests are unchanged («изменений нет — подтверждаю действующую редакцию», decision D25);
    # their files in ``items`` are those of the version in force.
    unchanged: tuple[str, ...] = ()


class DecideSubmission(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["decide"] = "decide"
    actor: Actor
    action: Literal["agree", "approve", "return"]
    comment: str = ""


class RequestExtension(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["request_extension"] = "request_extension"
    actor: Actor
    until: date
    reason: str


class DecideExtension(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["decide_extension"] = "decide_extension"
    actor: Actor
    grant: bool
    until: date | None = None  # the date granted; the requested one when omitted
    comment: str = ""


Command = (
    SubmitDocuments
    | DecideSubmission
    | RequestExtension
    | DecideExtension
    | RaiseEscalation
    | RecomputeDeadline
    | CancelObligation
)


# --- state --------------------------------------------------------------------------------------------------


class Submission(BaseModel):
    model_config = ConfigDict(frozen=True)

    no: int
    items: dict[str, FileRef]
    data: SubmissionData | None = None
    submitted_by: ActorRef
    submitted_at: datetime


class PendingExtension(BaseModel):
    model_config = ConfigDict(frozen=True)

    until: date
    reason: str
    requested_by: ActorRef


class SubmissionState(BaseModel):
    model_config = ConfigDict(frozen=True)

    obligation_id: str
    status: SubmissionStatus
    original_deadline: Deadline
    deadline: Deadline  # of the current phase: moves when a return, an extension or a new calendar moves it
    internal_target: Deadline | None = None  # the site's own stricter date; a reminder in the first phase only
    phase: int = 0
    phase_started_at: datetime
    step: int = 0  # index into the review chain of the next decision
    submissions: tuple[Submission, ...] = ()
    pending_extension: PendingExtension | None = None
    raised_levels: frozenset[EscalationLevel] = frozenset()  # raised in the current phase
    open_escalations: tuple[tuple[str, EscalationLevel], ...] = ()

    @property
    def last_submission(self) -> Submission | None:
        return self.submissions[-1] if self.submissions else None


def initial_state(opened: ObligationOpened) -> SubmissionState:
    return SubmissionState(
        obligation_id=opened.ref.obligation_id,
        status=SubmissionStatus.AWAITING_SUBMISSION,
        original_deadline=opened.deadline,
        deadline=opened.deadline,
        internal_target=opened.internal_target,
        phase_started_at=opened.occurred_at,
    )


# --- decide -------------------------------------------------------------------------------------------------


def decide(state: SubmissionState, obligation: Obligation, command: Command, ctx: Context) -> list[DomainEvent]:
    if state.status == SubmissionStatus.CANCELLED:
        raise DomainError("cancelled", "Обязанность закрыта: статус площадки прекращен.")
    if isinstance(command, SubmitDocuments):
        return _submit(state, obligation, command, ctx)
    if isinstance(command, DecideSubmission):
        return _decide(state, obligation, command, ctx)
    if isinstance(command, RequestExtension):
        return _request_extension(state, obligation, command, ctx)
    if isinstance(command, DecideExtension):
        return _decide_extension(state, obligation, command, ctx)
    if isinstance(command, RecomputeDeadline):
        return _recompute(state, obligation, ctx)
    if isinstance(command, CancelObligation):
        return _cancel(state, command, ctx)
    return _raise(state, obligation, command, ctx)


def _submit(
    state: SubmissionState, obligation: Obligation, command: SubmitDocuments, ctx: Context
) -> list[DomainEvent]:
    role = command.actor.role_among(obligation.submitters, "представить документы")
    if state.status == SubmissionStatus.APPROVED:
        raise DomainError("already_approved", "Документы уже приняты; повторное представление не требуется.")
    if state.status == SubmissionStatus.UNDER_REVIEW:
        raise DomainError(
            "under_review",
            "Документы уже направлены и находятся на рассмотрении; дождитесь решения или возврата на доработку.",
        )
    required = [item.key for item in obligation.items if item.required_of(ctx.site_status)]
    check_attachments(obligation, command.items, required)
    _check_unchanged(obligation, command)
    data = checked_data(obligation, command.data, ctx.data_context())
    submitted_by = command.actor.ref(role)
    number = len(state.submissions) + 1
    events: list[DomainEvent] = [
        DocumentsSubmitted(
            occurred_at=ctx.now,
            submission_no=number,
            items=dict(command.items),
            data=data,
            submitted_by=submitted_by,
            note=command.note.strip(),
            late=ctx.now >= state.deadline.ends_at,
            due_effective=state.deadline.effective,
            unchanged=tuple(dict.fromkeys(command.unchanged)),
        )
    ]
    events.extend(resolve_open(state.open_escalations, ctx.now, "submitted"))
    if not obligation.review_chain:
        # Nobody reviews this kind of submission: sending it is what the obligation asks.
        events.append(
            SubmissionApproved(occurred_at=ctx.now, submission_no=number, step=0, decided_by=submitted_by, comment="")
        )
    return events


def _check_unchanged(obligation: Obligation, command: SubmitDocuments) -> None:
    """Only the director attests that a document is unchanged (D25), only of documents approved for a period
    (положение, схема, план — not a report, which is new each time), and only of documents the submission holds."""
    if not command.unchanged:
        return
    if obligation.kind != ObligationKind.APPROVAL:
        raise DomainError(
            "unchanged_not_applicable",
            "Подтвердить действующую редакцию можно только для утверждаемых документов (положение, схема, план), "
            "а не для отчета или сведений.",
            "unchanged",
        )
    if Role.SITE_DIRECTOR not in command.actor.roles:
        raise DomainError(
            "attestation_by_director",
            "Подтвердить, что документ не изменился, может только руководитель площадки.",
            "unchanged",
        )
    for key in command.unchanged:
        if key not in command.items:
            raise DomainError("unknown_item", f"Документ «{key}» не входит в представление.", f"unchanged.{key}")


def _decide(
    state: SubmissionState, obligation: Obligation, command: DecideSubmission, ctx: Context
) -> list[DomainEvent]:
    if state.status != SubmissionStatus.UNDER_REVIEW:
        reviewers = tuple(dict.fromkeys(s.role for s in obligation.review_chain))
        command.actor.role_among(reviewers, "рассматривать представление")
        raise DomainError("nothing_to_review", _nothing_to_review(state.status))
    step = obligation.review_chain[state.step]
    role = command.actor.role_among((step.role,), f"принять решение на шаге «{step.title}»")
    if role in command.actor.acting_roles and not step.acting_allowed:
        raise DomainError("acting_not_allowed", f"На шаге «{step.title}» исполняющий обязанности подписывать не может.")
    submission = state.last_submission
    assert submission is not None
    if submission.submitted_by.user_id == command.actor.user_id:
        raise DomainError("own_submission", "Нельзя рассматривать собственное представление.")
    decided_by = command.actor.ref(role)
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


def _nothing_to_review(status: SubmissionStatus) -> str:
    if status == SubmissionStatus.APPROVED:
        return "Документы уже приняты."
    return "Рассматривать нечего: документы ещё не представлены."


def grantor(obligation: Obligation) -> Role:
    """Who decides on more time: whoever accepts the submission (the curator when nobody reviews it)."""
    return obligation.review_chain[-1].role if obligation.review_chain else Role.CURATOR


def _request_extension(
    state: SubmissionState, obligation: Obligation, command: RequestExtension, ctx: Context
) -> list[DomainEvent]:
    role = command.actor.role_among(obligation.submitters, "просить о продлении срока")
    if state.status not in WAITING_FOR_SUBMITTER:
        raise DomainError("not_waiting", "Продлить срок можно, пока документы не представлены.")
    if state.pending_extension is not None:
        raise DomainError("extension_pending", "Просьба о продлении срока уже ждет решения.")
    if command.until <= state.deadline.nominal:
        raise DomainError(
            "extension_not_later",
            f"Новый срок должен быть позже действующего ({state.deadline.nominal:%d.%m.%Y}).",
            "until",
        )
    if len(command.reason.strip()) < 3:
        raise DomainError("reason_required", "Укажите причину продления.", "reason")
    return [
        ExtensionRequested(
            occurred_at=ctx.now,
            until=command.until,
            reason=command.reason.strip(),
            requested_by=command.actor.ref(role),
        )
    ]


def _decide_extension(
    state: SubmissionState, obligation: Obligation, command: DecideExtension, ctx: Context
) -> list[DomainEvent]:
    decided_by = command.actor.ref(command.actor.role_among((grantor(obligation),), "решить вопрос о продлении срока"))
    pending = state.pending_extension
    if pending is None:
        raise DomainError("no_extension_request", "Просьбы о продлении срока нет.")
    if pending.requested_by.user_id == command.actor.user_id:
        raise DomainError("own_request", "Нельзя решать по собственной просьбе о продлении.")
    if not command.grant:
        if len(command.comment.strip()) < 3:
            raise DomainError("comment_required", "Укажите, почему в продлении отказано.", "comment")
        return [ExtensionRefused(occurred_at=ctx.now, decided_by=decided_by, comment=command.comment.strip())]
    until = command.until or pending.until
    if until <= state.deadline.nominal:
        raise DomainError("extension_not_later", "Новый срок должен быть позже действующего.", "until")
    granted = deadline_on(until, ctx.calendar, ctx.timezone)
    return [
        *resolve_open(state.open_escalations, ctx.now, "extended"),
        ExtensionGranted(
            occurred_at=ctx.now,
            deadline=granted,
            previous=state.deadline,
            decided_by=decided_by,
            comment=command.comment.strip(),
        ),
    ]


def _recompute(state: SubmissionState, obligation: Obligation, ctx: Context) -> list[DomainEvent]:
    if state.status in CLOSED:
        return []
    recomputed = deadline_on(state.deadline.nominal, ctx.calendar, ctx.timezone)
    if recomputed == state.deadline:
        return []
    events: list[DomainEvent] = []
    if obligation.ladder is not None:
        moved = {step.level: step.at for step in schedule(obligation.ladder, recomputed, ctx.calendar, ctx.timezone)}
        events.extend(
            EscalationResolved(occurred_at=ctx.now, escalation_id=esc_id, level=level, resolution="calendar_changed")
            for esc_id, level in state.open_escalations
            if moved.get(level, ctx.now) > ctx.now
        )
    events.append(DeadlineRecomputed(occurred_at=ctx.now, deadline=recomputed, previous=state.deadline))
    return events


def _cancel(state: SubmissionState, command: CancelObligation, ctx: Context) -> list[DomainEvent]:
    if state.status == SubmissionStatus.APPROVED:
        return []
    return [
        *resolve_open(state.open_escalations, ctx.now, "cancelled"),
        ObligationCancelled(occurred_at=ctx.now, reason=command.reason),
    ]


def revision_deadline(state: SubmissionState, obligation: Obligation, ctx: Context) -> Deadline:
    """Not earlier than the original deadline, and at least ``revision_working_days`` after the return."""
    earliest = ctx.calendar.add_working_days(local_date(ctx.now, ctx.timezone), obligation.revision_working_days)
    return deadline_on(max(state.original_deadline.nominal, earliest), ctx.calendar, ctx.timezone)


def _raise(state: SubmissionState, obligation: Obligation, command: RaiseEscalation, ctx: Context) -> list[DomainEvent]:
    if state.status not in WAITING_FOR_SUBMITTER:
        raise DomainError("not_waiting", "Обязанность не ожидает представления документов.")
    if command.level in state.raised_levels:
        raise DomainError("already_raised", "Этот шаг эскалации уже выполнен.")
    step = next((s for s in _steps(state, obligation, ctx) if s.level == command.level), None)
    if step is None:
        raise DomainError("unknown_level", f"Шаг эскалации «{command.level}» не предусмотрен.")
    # The site's own target is the date its reminder is about; every other step is about the deadline.
    due = state.internal_target if command.level == EscalationLevel.INTERNAL_TARGET else state.deadline
    assert due is not None  # _steps offers the internal target only when there is one
    return [
        EscalationRaised(
            occurred_at=ctx.now,
            escalation_id=escalation_id(state.obligation_id, state.phase, command.level),
            level=command.level,
            phase=state.phase,
            due_nominal=due.nominal,
            due_effective=due.effective,
            notify=step.notify,
        )
    ]


# --- evolve -------------------------------------------------------------------------------------------------


def evolve(state: SubmissionState, event: DomainEvent) -> SubmissionState:
    if isinstance(event, DocumentsSubmitted):
        submission = Submission(
            no=event.submission_no,
            items=event.items,
            data=event.data,
            submitted_by=event.submitted_by,
            submitted_at=event.occurred_at,
        )
        return state.model_copy(
            update={
                "status": SubmissionStatus.UNDER_REVIEW,
                "step": 0,
                "submissions": (*state.submissions, submission),
            }
        )
    if isinstance(event, SubmissionAgreed):
        return state.model_copy(update={"step": event.step + 1})
    if isinstance(event, SubmissionApproved):
        return state.model_copy(update={"status": SubmissionStatus.APPROVED})
    if isinstance(event, SubmissionReturned):
        return state.model_copy(
            update={
                "status": SubmissionStatus.RETURNED,
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
                "open_escalations": opened_with(state.open_escalations, event),
            }
        )
    if isinstance(event, EscalationResolved):
        raised = state.raised_levels
        if event.resolution in REARMING_RESOLUTIONS:
            raised = raised - {event.level}
        return state.model_copy(
            update={
                "open_escalations": closed_by(state.open_escalations, event),
                "raised_levels": raised,
            }
        )
    if isinstance(event, ExtensionRequested):
        pending = PendingExtension(until=event.until, reason=event.reason, requested_by=event.requested_by)
        return state.model_copy(update={"pending_extension": pending})
    if isinstance(event, ExtensionRefused):
        return state.model_copy(update={"pending_extension": None})
    if isinstance(event, ExtensionGranted):
        return state.model_copy(
            update={
                "pending_extension": None,
                "deadline": event.deadline,
                "phase": state.phase + 1,
                "phase_started_at": event.occurred_at,
                "raised_levels": frozenset(),
            }
        )
    if isinstance(event, DeadlineRecomputed):
        return state.model_copy(update={"deadline": event.deadline})
    if isinstance(event, ObligationCancelled):
        return state.model_copy(update={"status": SubmissionStatus.CANCELLED, "pending_extension": None})
    return state


def evolve_all(state: SubmissionState, events: list[DomainEvent]) -> SubmissionState:
    return fold(evolve, state, events)


# --- queries ------------------------------------------------------------------------------------------------


def next_escalation(state: SubmissionState, obligation: Obligation, ctx: Context) -> ScheduledStep | None:
    """The next ladder step still to come in this phase; a reminder whose time passed before the phase began is
    skipped (reminding of a deadline already near when it was set says nothing new)."""
    if state.status not in WAITING_FOR_SUBMITTER:
        return None
    for step in _steps(state, obligation, ctx):
        if step.level in state.raised_levels:
            continue
        if step.level == EscalationLevel.REMINDER and step.at <= state.phase_started_at:
            continue
        return step
    return None


def _steps(state: SubmissionState, obligation: Obligation, ctx: Context) -> list[ScheduledStep]:
    """The ladder of the current deadline, with the site's internal target as a reminder in the first phase."""
    steps = schedule(obligation.ladder, state.deadline, ctx.calendar, ctx.timezone) if obligation.ladder else []
    if (
        state.internal_target is not None
        and state.phase == 0
        and state.internal_target.ends_at < state.deadline.ends_at
    ):
        target = state.internal_target
        steps.append(
            ScheduledStep(
                level=EscalationLevel.INTERNAL_TARGET,
                day=target.effective,
                at=end_of_day(target.effective, ctx.timezone),
                notify=(Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE),
            )
        )
    return sorted(steps, key=lambda step: step.at)


def next_actor(state: SubmissionState, obligation: Obligation) -> tuple[Role, ...]:
    if state.status in WAITING_FOR_SUBMITTER:
        return obligation.submitters
    if state.status == SubmissionStatus.UNDER_REVIEW and obligation.review_chain:
        return (obligation.review_chain[state.step].role,)
    return ()
