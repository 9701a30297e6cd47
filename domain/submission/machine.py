"""The state machine of a submission (представление), pure: ``decide(state, obligation, command, context) ->
events`` refuses an illegal step with a ``DomainError``; ``evolve(state, event) -> state`` applies a recorded
fact. And the queries on a state: the next escalation step due (``next_escalation``), who acts next
(``next_actor``), who decides on more time (``grantor``), the deadline of a return for revision
(``revision_deadline``).
"""

from __future__ import annotations

from typing import Any

from domain.common import DomainError, DomainEvent, fold
from domain.deadlines import Deadline, deadline_on, end_of_day, local_date
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
from domain.files import check_attachments
from domain.obligations import CancelObligation, Context, ObligationCancelled, RaiseEscalation, RecomputeDeadline
from domain.payloads import MonitoringData, ReportData, SubmissionData, checked_data
from domain.people import Role
from domain.regulations.model import (
    Obligation,
    ObligationKind,
    ReviewAction,
    ReviewPart,
    ReviewStep,
    review_parts,
)
from domain.submission.events import (
    CLOSED,
    EXTENSION,
    WAITING_FOR_SUBMITTER,
    DeadlineRecomputed,
    DocumentsSubmitted,
    ExtensionGranted,
    ExtensionRefused,
    ExtensionRequested,
    ReviewDeadlineSet,
    SubmissionAgreed,
    SubmissionApproved,
    SubmissionPartApproved,
    SubmissionReturned,
    SubmissionStatus,
    review_key,
)
from domain.submission.model import (
    Command,
    DecideExtension,
    DecideSubmission,
    PendingExtension,
    RequestExtension,
    ReviewClock,
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
        missing = _missing_forms(state, obligation, command)
        events = _decide(state, obligation, command, ctx)
        if missing:
            events = [
                e.model_copy(update={"institutions_missing": command.institutions_missing, **missing})
                if isinstance(e, SubmissionApproved)
                else e
                for e in events
            ]
        return events
    if isinstance(command, RequestExtension):
        return _request_extension(state, obligation, command, ctx)
    if isinstance(command, DecideExtension):
        return _decide_extension(state, obligation, command, ctx)
    if isinstance(command, RecomputeDeadline):
        return _recompute(state, obligation, ctx)
    if isinstance(command, CancelObligation):
        return _cancel(state, command, ctx)
    return _raise(state, obligation, command, ctx)


def _missing_forms(state: SubmissionState, obligation: Obligation, command: DecideSubmission) -> dict[str, Any]:
    """What an acceptance records of the institutions' forms missing (the reasons), or nothing when none is; refused
    while the report does not say why they are missing."""
    if command.action != "approve" or not command.institutions_missing:
        return {}
    submission = state.last_submission
    data = submission.data if submission is not None else None
    if obligation.awaits_accepted:
        reasons = _centre_reasons(data, command)
        return {"missing_reasons": reasons, "missing_reason": "; ".join(reasons)}
    return {"missing_reason": _institution_forms_reason(data, command)}


def _centre_reasons(data: SubmissionData | None, command: DecideSubmission) -> tuple[str, ...]:
    """A platform's summary is accepted without a participating centre's accepted figures only when the platform
    said why, centre by centre (Vologda D11): the reasons in the order of the centres; refused naming the centres
    without one."""
    ids = command.institutions_missing_ids or command.institutions_missing
    reasons = tuple(data.reason_of(i) if isinstance(data, MonitoringData) else "" for i in ids)
    unexplained = [name for name, reason in zip(command.institutions_missing, reasons, strict=False) if not reason]
    if unexplained:
        raise DomainError(
            "centre_figures_missing",
            "Сводную информацию нельзя принять: не приняты сведения комплексных центров — "
            f"{', '.join(unexplained)}, и ОМП не указала, почему сводная информация направлена без них. Дождитесь, "
            "пока ОМП примет их сведения, или верните сводную информацию ОМП, чтобы она указала причину по каждому "
            "центру (решение D11).",
        )
    return reasons


def _institution_forms_reason(data: SubmissionData | None, command: DecideSubmission) -> str:
    """A report is accepted without an institution's forms (5.2) only when the site said why (D34): the reason;
    refused otherwise."""
    reason = data.institutions_missing_reason.strip() if isinstance(data, ReportData) else ""
    if not reason:
        raise DomainError(
            "institution_forms_missing",
            "Отчет нельзя принять: не поступили отчетные формы учреждений (п. 5.2) — "
            f"{', '.join(command.institutions_missing)}. Дождитесь форм или верните отчет площадке, чтобы она "
            "указала причину их отсутствия.",
        )
    return reason


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
            attested=dict(command.attested),
        )
    ]
    events.extend(resolve_open(state.open_escalations, ctx.now, "submitted"))
    events.extend(_resolve_reviews(state, ctx, "submitted"))
    if not obligation.review_chain:
        # Nobody reviews this kind of submission: sending it is what the obligation asks.
        events.append(
            SubmissionApproved(occurred_at=ctx.now, submission_no=number, step=0, decided_by=submitted_by, comment="")
        )
    return events


def _check_unchanged(obligation: Obligation, command: SubmitDocuments) -> None:
    """Only the director attests that a document is unchanged (D25), only of documents approved for a period
    (положение, схема, план — not a report, which is new each time), and only of documents the submission holds."""
    if not command.unchanged and not command.attested:
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
    for key in command.attested:
        if key not in command.unchanged:
            raise DomainError(
                "attested_not_unchanged",
                f"Версия реестра указана для документа «{key}», который не подтверждается без изменений.",
                f"unchanged.{key}",
            )


def _decide(
    state: SubmissionState, obligation: Obligation, command: DecideSubmission, ctx: Context
) -> list[DomainEvent]:
    parts = review_parts(obligation)
    if state.status != SubmissionStatus.UNDER_REVIEW:
        reviewers = tuple(dict.fromkeys(s.role for part in parts for s in part.chain))
        command.actor.role_among(reviewers, "рассматривать представление")
        raise DomainError("nothing_to_review", _nothing_to_review(state.status))
    if len(parts) > 1 or command.part:
        return _decide_parts(state, parts, command, ctx, obligation)
    events = _decide_whole(state, obligation, command, ctx)
    return [*events, *_resolve_reviews(state, ctx, "reviewed")]


def _decide_whole(
    state: SubmissionState, obligation: Obligation, command: DecideSubmission, ctx: Context
) -> list[DomainEvent]:
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


def _part_step(state: SubmissionState, part: str) -> int:
    return state.part_steps.get(part, 0) if part else state.step


def awaiting(state: SubmissionState, obligation: Obligation) -> list[tuple[ReviewPart, int, ReviewStep]]:
    """The parts of the submission under review, each at the step it waits for (D33)."""
    if state.status != SubmissionStatus.UNDER_REVIEW:
        return []
    result = []
    for part in review_parts(obligation):
        if part.key in state.approved_parts or not part.chain:
            continue
        index = _part_step(state, part.key)
        result.append((part, index, part.chain[index]))
    return result


def _decide_parts(
    state: SubmissionState,
    parts: tuple[ReviewPart, ...],
    command: DecideSubmission,
    ctx: Context,
    obligation: Obligation,
) -> list[DomainEvent]:
    """A decision on a submission whose items have chains of their own (D33): it acts on every part awaiting
    this reviewer (or on ``command.part``); the submission is approved when every part is, returned as a whole."""
    waiting = awaiting(state, obligation)
    if command.part is not None:
        if command.part not in {part.key for part in parts}:
            raise DomainError("unknown_part", f"Документ «{command.part}» не рассматривается отдельно.", "part")
        waiting = [entry for entry in waiting if entry[0].key == command.part]
        if not waiting:
            raise DomainError("part_not_awaiting", "Этот документ уже принят или ждет другого шага.", "part")
    titles = "», «".join(step.title for _, _, step in waiting)
    role = command.actor.role_among(
        tuple(dict.fromkeys(step.role for _, _, step in waiting)), f"принять решение на шаге «{titles}»"
    )
    mine = [entry for entry in waiting if entry[2].role == role]
    for _, _, step in mine:
        if role in command.actor.acting_roles and not step.acting_allowed:
            raise DomainError(
                "acting_not_allowed", f"На шаге «{step.title}» исполняющий обязанности подписывать не может."
            )
    submission = state.last_submission
    assert submission is not None
    if submission.submitted_by.user_id == command.actor.user_id:
        raise DomainError("own_submission", "Нельзя рассматривать собственное представление.")
    decided_by = command.actor.ref(role)
    comment = command.comment.strip()
    if command.action == "return":
        if len(comment) < 3:
            raise DomainError("comment_required", "Укажите, что нужно доработать.", "comment")
        part, index, _ = mine[0]
        return [
            SubmissionReturned(
                occurred_at=ctx.now,
                submission_no=submission.no,
                step=index,
                decided_by=decided_by,
                comment=comment,
                resubmit_deadline=revision_deadline(state, obligation, ctx),
                part=part.key,
            ),
            *_resolve_reviews(state, ctx, "reviewed"),
        ]
    acting = [entry for entry in mine if entry[2].action.value == command.action]
    if not acting:
        step = mine[0][2]
        needed = "утверждение (approve)" if step.action == ReviewAction.APPROVE else "согласование (agree)"
        raise DomainError("wrong_action", f"На шаге «{step.title}» требуется {needed}.", "action")
    events: list[DomainEvent] = []
    completed: list[tuple[ReviewPart, int]] = []
    for part, index, _ in acting:
        if index < len(part.chain) - 1:
            events.append(
                SubmissionAgreed(
                    occurred_at=ctx.now,
                    submission_no=submission.no,
                    step=index,
                    decided_by=decided_by,
                    comment=comment,
                    part=part.key,
                    part_title=part.title,
                )
            )
        else:
            completed.append((part, index))
    approved = set(state.approved_parts) | {part.key for part, _ in completed}
    whole = all(part.key in approved for part in parts if part.chain)
    for number, (part, index) in enumerate(completed):
        common = {
            "occurred_at": ctx.now,
            "submission_no": submission.no,
            "step": index,
            "decided_by": decided_by,
            "comment": comment,
            "part": part.key,
        }
        if whole and number == len(completed) - 1:
            events.append(SubmissionApproved(**common))
        else:
            events.append(SubmissionPartApproved(**common, part_title=part.title))
    keys = {review_key(part.key) for part, _, _ in acting}
    return [*events, *_resolve_reviews(state, ctx, "reviewed", keys)]


def _resolve_reviews(
    state: SubmissionState, ctx: Context, resolution: str, keys: set[str] | None = None
) -> list[EscalationResolved]:
    """Close the open escalations of late reviews (of the reviews ``keys``, or all): the review was decided."""
    return [
        EscalationResolved(occurred_at=ctx.now, escalation_id=esc_id, level=level, resolution=resolution)
        for esc_id, level, key in state.open_review_escalations
        if keys is None or key in keys
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
    decided = _resolve_reviews(state, ctx, "decided", {EXTENSION})
    if not command.grant:
        if len(command.comment.strip()) < 3:
            raise DomainError("comment_required", "Укажите, почему в продлении отказано.", "comment")
        return [
            ExtensionRefused(occurred_at=ctx.now, decided_by=decided_by, comment=command.comment.strip()),
            *decided,
        ]
    until = command.until or pending.until
    if until <= state.deadline.nominal:
        raise DomainError("extension_not_later", "Новый срок должен быть позже действующего.", "until")
    granted = deadline_on(until, ctx.calendar, ctx.timezone)
    return [
        *decided,
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
    return deadline_moved(state.deadline, state.open_escalations, obligation, ctx)


def deadline_moved(
    deadline: Deadline, open_escalations: OpenEscalations, obligation: Obligation, ctx: Context
) -> list[DomainEvent]:
    """A corrected calendar moves ``deadline``: the steps of its ladder now later than ``ctx.now`` are resolved
    («calendar_changed», raised again on their new instants), and the new deadline is recorded. Shared by every
    kind with a single date (a submission, a dated roadmap row)."""
    recomputed = deadline_on(deadline.nominal, ctx.calendar, ctx.timezone)
    if recomputed == deadline:
        return []
    events: list[DomainEvent] = []
    if obligation.ladder is not None:
        moved = {step.level: step.at for step in schedule(obligation.ladder, recomputed, ctx.calendar, ctx.timezone)}
        events.extend(
            EscalationResolved(occurred_at=ctx.now, escalation_id=esc_id, level=level, resolution="calendar_changed")
            for esc_id, level in open_escalations
            if moved.get(level, ctx.now) > ctx.now
        )
    events.append(DeadlineRecomputed(occurred_at=ctx.now, deadline=recomputed, previous=deadline))
    return events


def _cancel(state: SubmissionState, command: CancelObligation, ctx: Context) -> list[DomainEvent]:
    if state.status == SubmissionStatus.APPROVED:
        return []
    if command.unless_sent and state.status not in WAITING_FOR_SUBMITTER:
        return []  # sent: the reviewer decides on it (Vologda D11)
    return [
        *resolve_open(state.open_escalations, ctx.now, "cancelled"),
        *_resolve_reviews(state, ctx, "cancelled"),
        ObligationCancelled(occurred_at=ctx.now, reason=command.reason),
    ]


def revision_deadline(state: SubmissionState, obligation: Obligation, ctx: Context) -> Deadline:
    """Not earlier than the original deadline, and at least ``revision_working_days`` after the return."""
    earliest = ctx.calendar.add_working_days(local_date(ctx.now, ctx.timezone), obligation.revision_working_days)
    return deadline_on(max(state.original_deadline.nominal, earliest), ctx.calendar, ctx.timezone)


def _raise(state: SubmissionState, obligation: Obligation, command: RaiseEscalation, ctx: Context) -> list[DomainEvent]:
    if command.review:
        return _raise_review(state, obligation, command, ctx)
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


def _raise_review(
    state: SubmissionState, obligation: Obligation, command: RaiseEscalation, ctx: Context
) -> list[DomainEvent]:
    clock = next((c for c in state.review_clocks if c.key == command.review), None)
    if clock is None or not _clock_running(state, clock):
        raise DomainError("nothing_awaited", "Это рассмотрение не ожидается.")
    if command.level in clock.raised:
        raise DomainError("already_raised", "Этот шаг эскалации уже выполнен.")
    step = next((s for s in _clock_steps(clock, obligation, ctx) if s.level == command.level), None)
    if step is None:
        raise DomainError("unknown_level", f"Шаг эскалации «{command.level}» не предусмотрен.")
    return [
        EscalationRaised(
            occurred_at=ctx.now,
            escalation_id=f"{state.obligation_id}:{clock.key}:{clock.no}:{command.level.value}",
            level=command.level,
            phase=state.phase,
            due_nominal=clock.deadline.nominal,
            due_effective=clock.deadline.effective,
            notify=step.notify,
            review=clock.key,
            review_title=clock.title,
            awaited=(clock.role,),
        )
    ]


# --- review terms (D30–D32) ---------------------------------------------------------------------------------


def _review_step(clock: ReviewClock, obligation: Obligation) -> ReviewStep | None:
    if clock.key == EXTENSION:
        return obligation.review_chain[-1] if obligation.review_chain else None
    part = next((p for p in review_parts(obligation) if p.key == clock.part), None)
    return part.chain[clock.step] if part is not None and clock.step < len(part.chain) else None


def _clock_running(state: SubmissionState, clock: ReviewClock) -> bool:
    if clock.key == EXTENSION:
        return state.status in WAITING_FOR_SUBMITTER and state.pending_extension is not None
    return state.status == SubmissionStatus.UNDER_REVIEW


def _clock_steps(clock: ReviewClock, obligation: Obligation, ctx: Context) -> list[ScheduledStep]:
    """The ladder of a late review, as instants; the awaited reviewer is told at every step."""
    step = _review_step(clock, obligation)
    if step is None or step.ladder is None:
        return []
    return [
        scheduled.model_copy(
            update={"review": clock.key, "notify": tuple(dict.fromkeys((clock.role, *scheduled.notify)))}
        )
        for scheduled in schedule(step.ladder, clock.deadline, ctx.calendar, ctx.timezone)
    ]


def review_terms(state: SubmissionState, obligation: Obligation, ctx: Context) -> list[DomainEvent]:
    """The review clocks the state calls for and does not have yet: each part under review at a step with a term
    (D30), and a request for more time whose grantor has a term to decide it (D32). Given the state after a
    command's events, what the workflow appends to them."""
    events: list[DomainEvent] = []
    count = state.review_count
    today = local_date(ctx.now, ctx.timezone)
    present = {(clock.key, clock.step) for clock in state.review_clocks}
    wanted: list[tuple[str, str, int, ReviewStep, int, int | None]] = []
    last = state.last_submission
    for part, index, step in awaiting(state, obligation):
        if step.term is not None and (review_key(part.key), index) not in present:
            wanted.append((review_key(part.key), part.key, index, step, step.term, last.no if last else None))
    if state.status in WAITING_FOR_SUBMITTER and state.pending_extension is not None and obligation.review_chain:
        grantor_step = obligation.review_chain[-1]
        term = grantor_step.extension_term
        if term is not None and (EXTENSION, 0) not in present:
            wanted.append((EXTENSION, "", 0, grantor_step, term, None))
    for key, part_key, index, step, term, number in wanted:
        count += 1
        title = step.title if key != EXTENSION else "Решение о продлении срока"
        events.append(
            ReviewDeadlineSet(
                occurred_at=ctx.now,
                review=key,
                review_no=count,
                part=part_key,
                submission_no=number,
                step=index,
                role=step.role,
                title=title,
                working_days=term,
                deadline=deadline_on(ctx.calendar.add_working_days(today, term), ctx.calendar, ctx.timezone),
            )
        )
    return events


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
                "part_steps": {},
                "approved_parts": (),
                "review_clocks": (),
            }
        )
    if isinstance(event, SubmissionAgreed):
        clocks = _without_clock(state, review_key(event.part))
        if event.part:
            return state.model_copy(
                update={"part_steps": {**state.part_steps, event.part: event.step + 1}, "review_clocks": clocks}
            )
        return state.model_copy(update={"step": event.step + 1, "review_clocks": clocks})
    if isinstance(event, SubmissionPartApproved):
        return state.model_copy(
            update={
                "approved_parts": (*state.approved_parts, event.part),
                "review_clocks": _without_clock(state, review_key(event.part)),
            }
        )
    if isinstance(event, SubmissionApproved):
        return state.model_copy(update={"status": SubmissionStatus.APPROVED, "review_clocks": ()})
    if isinstance(event, SubmissionReturned):
        return state.model_copy(
            update={
                "status": SubmissionStatus.RETURNED,
                "step": 0,
                "deadline": event.resubmit_deadline,
                "phase": state.phase + 1,
                "phase_started_at": event.occurred_at,
                "raised_levels": frozenset(),
                "part_steps": {},
                "approved_parts": (),
                "review_clocks": (),
            }
        )
    if isinstance(event, ReviewDeadlineSet):
        clock = ReviewClock(
            key=event.review,
            no=event.review_no,
            part=event.part,
            step=event.step,
            role=event.role,
            title=event.title,
            deadline=event.deadline,
            set_at=event.occurred_at,
        )
        return state.model_copy(
            update={
                "review_clocks": (*_without_clock(state, event.review), clock),
                "review_count": max(state.review_count, event.review_no),
            }
        )
    if isinstance(event, EscalationRaised) and event.review:
        clocks = tuple(
            c.model_copy(update={"raised": c.raised | {event.level}}) if c.key == event.review else c
            for c in state.review_clocks
        )
        return state.model_copy(
            update={
                "review_clocks": clocks,
                "open_review_escalations": (
                    *state.open_review_escalations,
                    (event.escalation_id, event.level, event.review),
                ),
            }
        )
    if isinstance(event, EscalationResolved) and any(
        e[0] == event.escalation_id for e in state.open_review_escalations
    ):
        return state.model_copy(
            update={
                "open_review_escalations": tuple(
                    e for e in state.open_review_escalations if e[0] != event.escalation_id
                )
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
        return state.model_copy(update={"pending_extension": None, "review_clocks": _without_clock(state, EXTENSION)})
    if isinstance(event, ExtensionGranted):
        return state.model_copy(
            update={
                "pending_extension": None,
                "review_clocks": _without_clock(state, EXTENSION),
                "deadline": event.deadline,
                "phase": state.phase + 1,
                "phase_started_at": event.occurred_at,
                "raised_levels": frozenset(),
            }
        )
    if isinstance(event, DeadlineRecomputed):
        return state.model_copy(update={"deadline": event.deadline})
    if isinstance(event, ObligationCancelled):
        return state.model_copy(
            update={"status": SubmissionStatus.CANCELLED, "pending_extension": None, "review_clocks": ()}
        )
    return state


def _without_clock(state: SubmissionState, key: str) -> tuple[ReviewClock, ...]:
    return tuple(clock for clock in state.review_clocks if clock.key != key)


def evolve_all(state: SubmissionState, events: list[DomainEvent]) -> SubmissionState:
    return fold(evolve, state, events)


# --- queries ------------------------------------------------------------------------------------------------


def next_escalation(state: SubmissionState, obligation: Obligation, ctx: Context) -> ScheduledStep | None:
    """The next ladder step still to come in this phase; a reminder whose time passed before the phase began is
    skipped (reminding of a deadline already near when it was set says nothing new)."""
    candidates = [step for step in (_next_deadline_step(state, obligation, ctx),) if step is not None]
    for clock in state.review_clocks:
        if not _clock_running(state, clock):
            continue
        for step in _clock_steps(clock, obligation, ctx):
            if step.level in clock.raised:
                continue
            if step.level == EscalationLevel.REMINDER and step.at <= clock.set_at:
                continue
            candidates.append(step)
            break
    return min(candidates, key=lambda step: step.at) if candidates else None


def _next_deadline_step(state: SubmissionState, obligation: Obligation, ctx: Context) -> ScheduledStep | None:
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
    if state.status == SubmissionStatus.UNDER_REVIEW:
        return tuple(dict.fromkeys(step.role for _, _, step in awaiting(state, obligation)))
    return ()
