"""The state machine of a submission (представление), pure: ``decide(state, obligation, command, context) ->
events`` refuses an illegal step with a ``DomainError``; ``evolve(state, event) -> state`` applies a recorded
fact. And the queries on a state: the next escalation step due (``next_escalation``), who acts next
(``next_actor``), who decides on more time (``grantor``), the deadline of a return for revision
(``revision_deadline``).
"""

from __future__ import annotations

from domain.common import DomainError, DomainEvent, fold
from domain.deadlines import Deadline, deadline_on, end_of_day, local_date
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
from domain.files import check_attachments
from domain.obligations import CancelObligation, Context, ObligationCancelled, RaiseEscalation, RecomputeDeadline
from domain.payloads import checked_data
from domain.people import Role
from domain.regulations.model import Obligation, ObligationKind, ReviewAction
from domain.submission.events import (
    CLOSED,
    WAITING_FOR_SUBMITTER,
    DeadlineRecomputed,
    DocumentsSubmitted,
    ExtensionGranted,
    ExtensionRefused,
    ExtensionRequested,
    SubmissionAgreed,
    SubmissionApproved,
    SubmissionReturned,
    SubmissionStatus,
)
from domain.submission.model import (
    Command,
    DecideExtension,
    DecideSubmission,
    PendingExtension,
    RequestExtension,
    Submission,
    SubmissionState,
    SubmitDocuments,
)

# Escalations that may come again after they were closed: the deadline moved, so the step moves with it.
REARMING_RESOLUTIONS = ("extended", "calendar_changed")


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
