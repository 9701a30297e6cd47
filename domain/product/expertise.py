"""The examination of one product by the expert council (экспертиза, order 135-р 2.4.2), an obligation of the
authoring site's cycle (``product_expertise``) opened when the site sends the product: the secretary assigns at least
N experts without a conflict of interest (D46, D48), each accepts or declines by a date and reviews by another, with
reminders and a ladder to the secretary and the chair (D47); once the reviews are in, the council concludes at a
meeting by vote (D50); rework opens a new round with a new version (D51)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, DomainError, DomainEvent, fold
from domain.deadlines import deadline_on, local_date
from domain.escalation import (
    EscalationLadder,
    EscalationLevel,
    EscalationRaised,
    EscalationResolved,
    LadderStep,
    ScheduledStep,
    closed_by,
    opened_with,
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
from domain.people import Role
from domain.product.events import (
    AssignmentAccepted,
    AssignmentDeclined,
    AssignmentExpired,
    AssignmentRefused,
    ConclusionRecorded,
    ExaminationStarted,
    ExpertAssigned,
    ExpertRecused,
    ReviewsCompleted,
    ReviewSubmitted,
)
from domain.product.model import (
    ACTIVE,
    Assignment,
    AssignmentStatus,
    ExpertProfile,
    Meeting,
    ProductCard,
    Review,
    Round,
    Verdict,
    Vote,
)
from domain.regulations.model import CouncilRules

# --- commands -------------------------------------------------------------------------------------------------


class StartExamination(BaseModel):
    """The product as the site sent it: the workflow starts the first round with it."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["start_examination"] = "start_examination"
    product: ProductCard


class SendNewVersion(BaseModel):
    """After a conclusion «на доработку», the site sends the reworked version: a new round (D51)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["send_new_version"] = "send_new_version"
    actor: Actor
    product: ProductCard


class AssignExpert(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["assign_expert"] = "assign_expert"
    actor: Actor
    expert: ExpertProfile


class RespondToAssignment(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["respond"] = "respond"
    actor: Actor
    assignment_no: int
    accept: bool
    reason: str = ""


class Recuse(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["recuse"] = "recuse"
    actor: Actor
    assignment_no: int
    reason: str


class SubmitReview(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["submit_review"] = "submit_review"
    actor: Actor
    assignment_no: int
    review: Review


class RecordConclusion(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["record_conclusion"] = "record_conclusion"
    actor: Actor
    verdict: Verdict
    meeting: Meeting
    vote: Vote
    text: str


ExpertiseCommand = (
    StartExamination
    | SendNewVersion
    | AssignExpert
    | RespondToAssignment
    | Recuse
    | SubmitReview
    | RecordConclusion
    | RaiseEscalation
    | RecomputeDeadline
    | CancelObligation
)


# --- state ----------------------------------------------------------------------------------------------------


class ExpertiseStatus(StrEnum):
    """Статус экспертизы продукта."""

    ASSIGNING = "assigning"  # экспертов меньше, чем нужно
    UNDER_REVIEW = "under_review"  # эксперты назначены и приняли, рецензии в работе
    REVIEWS_IN = "reviews_in"  # рецензии поступили: продукт в повестке заседания
    REWORK = "rework"  # заключение: на доработку; ждет новую версию
    POSITIVE = "positive"
    NEGATIVE = "negative"
    CANCELLED = "cancelled"


EXPERTISE_STATUS_RU: dict[ExpertiseStatus, str] = {
    ExpertiseStatus.ASSIGNING: "назначаются эксперты",
    ExpertiseStatus.UNDER_REVIEW: "на рецензировании",
    ExpertiseStatus.REVIEWS_IN: "рецензии поступили, ждет заседания",
    ExpertiseStatus.REWORK: "на доработке",
    ExpertiseStatus.POSITIVE: "положительное заключение",
    ExpertiseStatus.NEGATIVE: "отрицательное заключение",
    ExpertiseStatus.CANCELLED: "закрыта без заключения",
}

CONCLUDED = frozenset({ExpertiseStatus.POSITIVE, ExpertiseStatus.NEGATIVE, ExpertiseStatus.CANCELLED})


class ExpertiseState(BaseModel):
    model_config = ConfigDict(frozen=True)

    obligation_id: str
    opened_at: datetime
    status: ExpertiseStatus = ExpertiseStatus.ASSIGNING
    product: ProductCard | None = None
    experts_needed: int = 0
    rounds: tuple[Round, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    refusals: int = 0
    open_escalations: tuple[tuple[str, EscalationLevel], ...] = ()

    @property
    def round(self) -> int:
        return self.rounds[-1].no if self.rounds else 0

    def current(self) -> tuple[Assignment, ...]:
        return tuple(a for a in self.assignments if a.round == self.round)

    def assignment(self, no: int) -> Assignment | None:
        return next((a for a in self.assignments if a.no == no), None)


def initial_state(opened: ObligationOpened) -> ExpertiseState:
    return ExpertiseState(obligation_id=opened.ref.obligation_id, opened_at=opened.occurred_at)


# --- the council's terms as a ladder ----------------------------------------------------------------------------


def review_ladder(council: CouncilRules) -> EscalationLadder:
    """A late review's ladder (D47): reminders to the expert, then the secretary, then the chair."""
    steps = [
        LadderStep(level=EscalationLevel.REMINDER, working_days=-days, notify=(Role.EXPERT,))
        for days in council.reminders
    ]
    steps.append(
        LadderStep(
            level=EscalationLevel.OVERDUE,
            working_days=council.secretary_after,
            notify=(Role.EXPERT, Role.COUNCIL_SECRETARY),
        )
    )
    steps.append(
        LadderStep(
            level=EscalationLevel.LEVEL2,
            working_days=council.chair_after,
            notify=(Role.COUNCIL_SECRETARY, Role.COUNCIL_CHAIR),
        )
    )
    return EscalationLadder(steps=tuple(steps), decision="D47")


def step_key(step: ScheduledStep) -> str:
    return f"{step.level.value}:{step.day.isoformat()}"


RESPOND = "respond"


def assignment_review(no: int, what: str = "") -> str:
    """The ``review`` of a ladder step about assignment ``no`` (``ScheduledStep.review``)."""
    return f"assignment:{no}:{what}" if what else f"assignment:{no}"


def _assignment_of(review: str) -> tuple[int, str] | None:
    parts = review.split(":")
    if len(parts) < 2 or parts[0] != "assignment" or not parts[1].isdigit():
        return None
    return int(parts[1]), (parts[2] if len(parts) > 2 else "")


def assignment_steps(assignment: Assignment, council: CouncilRules, ctx: Context) -> list[ScheduledStep]:
    """The instants at which the workflow must act on an assignment: the end of the time to answer, or the
    reminders and the ladder of its review."""
    if assignment.status == AssignmentStatus.INVITED:
        respond = assignment.respond_by
        return [
            ScheduledStep(
                level=EscalationLevel.OVERDUE,
                day=respond.effective,
                at=respond.ends_at,
                notify=(Role.COUNCIL_SECRETARY,),
                review=assignment_review(assignment.no, RESPOND),
            )
        ]
    if assignment.status == AssignmentStatus.ACCEPTED and assignment.review_due is not None:
        return [
            step.model_copy(update={"review": assignment_review(assignment.no)})
            for step in schedule(review_ladder(council), assignment.review_due, ctx.calendar, ctx.timezone)
        ]
    return []


def next_step(state: ExpertiseState, council: CouncilRules, ctx: Context) -> ScheduledStep | None:
    if state.status in CONCLUDED:
        return None
    pending = [
        step
        for assignment in state.current()
        for step in assignment_steps(assignment, council, ctx)
        if step_key(step) not in assignment.raised
    ]
    return min(pending, key=lambda s: s.at) if pending else None


# --- decide -----------------------------------------------------------------------------------------------------


def decide(state: ExpertiseState, council: CouncilRules, command: ExpertiseCommand, ctx: Context) -> list[DomainEvent]:
    if isinstance(command, RecomputeDeadline):
        return []
    if state.status in CONCLUDED:
        if isinstance(command, (CancelObligation, RaiseEscalation)):
            return []
        raise DomainError("concluded", "Экспертиза завершена: заключение совета принято.")
    if isinstance(command, CancelObligation):
        return [
            *_resolve(state, "", ctx.now, "cancelled"),
            ObligationCancelled(occurred_at=ctx.now, reason=command.reason),
        ]
    if isinstance(command, StartExamination):
        if state.rounds:
            return []  # the first round started already (a retried start)
        return _start(state, council, command.product, ctx)
    if not state.rounds and not isinstance(command, RaiseEscalation):
        raise DomainError("not_open", "Экспертиза еще открывается; повторите через несколько секунд.")
    if isinstance(command, SendNewVersion):
        return _send_new_version(state, council, command, ctx)
    if isinstance(command, AssignExpert):
        return _assign(state, council, command, ctx)
    if isinstance(command, RespondToAssignment):
        return _respond(state, council, command, ctx)
    if isinstance(command, Recuse):
        return _recuse(state, council, command, ctx)
    if isinstance(command, SubmitReview):
        return _submit_review(state, council, command, ctx)
    if isinstance(command, RecordConclusion):
        return _conclude(state, council, command, ctx)
    if isinstance(command, RaiseEscalation):
        return _raise(state, council, command, ctx)
    raise DomainError("unknown_command", "Неизвестная команда.")


def _start(state: ExpertiseState, council: CouncilRules, product: ProductCard, ctx: Context) -> list[DomainEvent]:
    return [
        ExaminationStarted(
            occurred_at=ctx.now,
            round=state.round + 1,
            product=product,
            experts_needed=council.experts_per_product,
        )
    ]


def _send_new_version(
    state: ExpertiseState, council: CouncilRules, command: SendNewVersion, ctx: Context
) -> list[DomainEvent]:
    command.actor.role_among((Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE), "направить доработанный продукт")
    if state.status != ExpertiseStatus.REWORK:
        raise DomainError("not_in_rework", "Новую версию направляют после заключения совета «на доработку».")
    assert state.product is not None
    if command.product.version_no <= state.product.version_no:
        raise DomainError(
            "same_version",
            f"Версия {state.product.version_no} уже рассмотрена; добавьте доработанную версию продукта.",
            "version_no",
        )
    return _start(state, council, command.product, ctx)


def conflict_of_interest(product: ProductCard, expert: ExpertProfile, council: CouncilRules) -> str:
    """Why ``expert`` may not review ``product`` (D12, D48), or "" when nothing stands in the way."""
    names = {a.full_name.strip().casefold() for a in product.authors}
    if expert.user_id in {a.user_id for a in product.authors if a.user_id} or expert.full_name.casefold() in names:
        return f"{expert.full_name} — автор продукта: никто не оценивает собственную работу (D48)."
    if expert.institution_id and expert.institution_id == product.institution_id:
        if product.institution_id == council.host_institution_id:
            return (
                f"{expert.full_name} — работник {expert.organisation}, а продукт разработан им же: продукты РЦРСО "
                "рассматривают только эксперты не из РЦРСО (D12, D48)."
            )
        return f"{expert.full_name} — работник учреждения-разработчика ({expert.organisation}) (D48)."
    return ""


def _assign(state: ExpertiseState, council: CouncilRules, command: AssignExpert, ctx: Context) -> list[DomainEvent]:
    role = command.actor.role_among((Role.COUNCIL_SECRETARY,), "назначать экспертов")
    if state.status not in (ExpertiseStatus.ASSIGNING, ExpertiseStatus.UNDER_REVIEW):
        raise DomainError("not_assigning", "Эксперты назначаются, пока рецензии не поступили.")
    assert state.product is not None
    expert = command.expert
    if any(a.expert.user_id == expert.user_id and a.status in ACTIVE for a in state.current()):
        raise DomainError("already_assigned", f"{expert.full_name} уже назначен(а) на этот раунд.", "expert")
    if any(a.expert.user_id == expert.user_id and a.status == AssignmentStatus.RECUSED for a in state.assignments):
        raise DomainError(
            "recused",
            f"{expert.full_name} заявил(а) самоотвод по этому продукту; назначьте другого эксперта.",
            "expert",
        )
    reason = conflict_of_interest(state.product, expert, council)
    if reason:
        return [
            AssignmentRefused(
                occurred_at=ctx.now, round=state.round, expert=expert, reason=reason, refused_to=command.actor.ref(role)
            )
        ]
    today = local_date(ctx.now, ctx.timezone)
    respond_by = deadline_on(
        ctx.calendar.add_working_days(today, council.respond_working_days), ctx.calendar, ctx.timezone
    )
    return [
        ExpertAssigned(
            occurred_at=ctx.now,
            assignment_no=len(state.assignments) + 1,
            round=state.round,
            expert=expert,
            assigned_by=command.actor.ref(role),
            respond_by=respond_by,
        )
    ]


def _own_assignment(state: ExpertiseState, actor: Actor, no: int) -> Assignment:
    actor.role_among((Role.EXPERT,), "отвечать на назначение и писать рецензию")
    assignment = state.assignment(no)
    if assignment is None or assignment.round != state.round:
        raise DomainError("unknown_assignment", f"Назначения № {no} в текущем раунде нет.", "assignment_no")
    if assignment.expert.user_id != actor.user_id:
        raise DomainError("not_your_assignment", "Это назначение другого эксперта.", "assignment_no")
    return assignment


def _respond(
    state: ExpertiseState, council: CouncilRules, command: RespondToAssignment, ctx: Context
) -> list[DomainEvent]:
    assignment = _own_assignment(state, command.actor, command.assignment_no)
    if assignment.status != AssignmentStatus.INVITED:
        raise DomainError("already_answered", "На это назначение уже дан ответ.")
    if not command.accept:
        if not command.reason.strip():
            raise DomainError("reason_required", "Укажите причину отказа.", "reason")
        declined: list[DomainEvent] = [
            AssignmentDeclined(occurred_at=ctx.now, assignment_no=assignment.no, reason=command.reason.strip())
        ]
        return declined + _completed_after(state, declined, ctx)
    today = local_date(ctx.now, ctx.timezone)
    due = deadline_on(ctx.calendar.add_working_days(today, council.review_working_days), ctx.calendar, ctx.timezone)
    return [AssignmentAccepted(occurred_at=ctx.now, assignment_no=assignment.no, review_due=due)]


def _recuse(state: ExpertiseState, council: CouncilRules, command: Recuse, ctx: Context) -> list[DomainEvent]:
    assignment = _own_assignment(state, command.actor, command.assignment_no)
    if assignment.status not in (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED):
        raise DomainError("already_answered", "Самоотвод заявляется до отправки рецензии.")
    if not command.reason.strip():
        raise DomainError("reason_required", "Укажите, в чем конфликт интересов.", "reason")
    recused: list[DomainEvent] = [
        *_resolve(state, assignment_review(assignment.no), ctx.now, "recused"),
        ExpertRecused(occurred_at=ctx.now, assignment_no=assignment.no, reason=command.reason.strip()),
    ]
    return recused + _completed_after(state, recused, ctx)  # the others may have reviewed already


def check_review(review: Review, council: CouncilRules) -> None:
    """Refuse a review that does not follow the form (D49): every criterion scored in range with a comment."""
    for criterion in council.criteria:
        score = review.scores.get(criterion.key)
        if score is None:
            raise DomainError("criterion_missing", f"Оцените критерий «{criterion.title}».", f"scores.{criterion.key}")
        if not 0 <= score.score <= criterion.max_score:
            raise DomainError(
                "score_out_of_range",
                f"Оценка по критерию «{criterion.title}» — от 0 до {criterion.max_score} баллов.",
                f"scores.{criterion.key}",
            )
        if not score.comment.strip():
            raise DomainError(
                "comment_required",
                f"Прокомментируйте оценку по критерию «{criterion.title}».",
                f"scores.{criterion.key}",
            )
    unknown = set(review.scores) - {c.key for c in council.criteria}
    if unknown:
        raise DomainError("unknown_criterion", f"Неизвестный критерий: {', '.join(sorted(unknown))}.", "scores")
    if not review.summary.strip():
        raise DomainError("summary_required", "Напишите общее резюме рецензии.", "summary")


def _submit_review(
    state: ExpertiseState, council: CouncilRules, command: SubmitReview, ctx: Context
) -> list[DomainEvent]:
    assignment = _own_assignment(state, command.actor, command.assignment_no)
    if assignment.status != AssignmentStatus.ACCEPTED:
        if assignment.status == AssignmentStatus.SUBMITTED:
            raise DomainError("already_submitted", "Рецензия уже отправлена и не меняется (D49).")
        raise DomainError("not_accepted", "Сначала примите назначение.")
    check_review(command.review, council)
    late = assignment.review_due is not None and ctx.now >= assignment.review_due.ends_at
    events: list[DomainEvent] = [
        *_resolve(state, assignment_review(assignment.no), ctx.now, "review_submitted"),
        ReviewSubmitted(occurred_at=ctx.now, assignment_no=assignment.no, review=command.review, late=late),
    ]
    return events + _completed_after(state, events, ctx)


def _completed_after(state: ExpertiseState, events: list[DomainEvent], ctx: Context) -> list[DomainEvent]:
    """ReviewsCompleted when ``events`` bring the last review the round waits for."""
    after = evolve_all(state, events)
    current = after.current()
    submitted = [a for a in current if a.status == AssignmentStatus.SUBMITTED]
    waiting = [a for a in current if a.status in (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)]
    if len(submitted) >= after.experts_needed and not waiting and after.status != ExpertiseStatus.REVIEWS_IN:
        return [ReviewsCompleted(occurred_at=ctx.now, round=after.round, reviews=len(submitted))]
    return []


def _conclude(
    state: ExpertiseState, council: CouncilRules, command: RecordConclusion, ctx: Context
) -> list[DomainEvent]:
    role = command.actor.role_among((Role.COUNCIL_CHAIR,), "записывать решение совета")
    if state.status != ExpertiseStatus.REVIEWS_IN:
        raise DomainError(
            "reviews_not_in", "Совет принимает заключение, когда поступили рецензии всех назначенных экспертов (D50)."
        )
    meeting, vote = command.meeting, command.vote
    present = [name for name in meeting.present if name.strip()]
    if len(present) < council.quorum:
        raise DomainError(
            "no_quorum", f"Кворума нет: присутствуют {len(present)}, нужно не менее {council.quorum} (D50).", "present"
        )
    if command.actor.full_name not in present:
        raise DomainError("chair_absent", "Председатель должен быть в числе присутствующих (D50).", "present")
    if min(vote.votes_for, vote.votes_against, vote.abstained) < 0:
        raise DomainError("bad_vote", "Число голосов не может быть отрицательным.", "vote")
    if vote.votes_for + vote.votes_against + vote.abstained > len(present):
        raise DomainError("bad_vote", "Голосов больше, чем присутствующих членов совета.", "vote")
    if not meeting.number.strip():
        raise DomainError("number_required", "Укажите номер протокола.", "number")
    if meeting.held_on > local_date(ctx.now, ctx.timezone):
        raise DomainError("future_meeting", "Заседание еще не состоялось: дата протокола в будущем.", "held_on")
    verdict = command.verdict
    if verdict != Verdict.REWORK and vote.votes_for <= vote.votes_against:
        raise DomainError(
            "no_majority",
            "Решение не набрало большинства: «за» должно быть больше, чем «против»; при равенстве голосов продукт "
            "направляется на доработку (D50).",
            "vote",
        )
    return [
        ConclusionRecorded(
            occurred_at=ctx.now,
            round=state.round,
            verdict=verdict,
            meeting=meeting,
            vote=vote,
            text=command.text.strip(),
            recorded_by=command.actor.ref(role),
        )
    ]


def _raise(state: ExpertiseState, council: CouncilRules, command: RaiseEscalation, ctx: Context) -> list[DomainEvent]:
    about = _assignment_of(command.review)
    if about is None:
        return []
    assignment = state.assignment(about[0])
    if assignment is None or assignment.round != state.round:
        return []
    due = [
        step
        for step in assignment_steps(assignment, council, ctx)
        if step.review == command.review
        and step.level == command.level
        and step.at <= ctx.now
        and step_key(step) not in assignment.raised
    ]
    if not due:
        return []
    step = due[0]
    if about[1] == RESPOND:
        expired: list[DomainEvent] = [AssignmentExpired(occurred_at=ctx.now, assignment_no=assignment.no)]
        return expired + _completed_after(state, expired, ctx)
    assert assignment.review_due is not None
    return [
        EscalationRaised(
            occurred_at=ctx.now,
            escalation_id=f"{state.obligation_id}:a{assignment.no}:{step_key(step)}",
            level=step.level,
            phase=assignment.round,
            due_nominal=assignment.review_due.nominal,
            due_effective=assignment.review_due.effective,
            notify=step.notify,
            review=step.review,
            review_title=f"Рецензия эксперта {assignment.expert.full_name}",
            awaited=(Role.EXPERT,),
        )
    ]


def _resolve(state: ExpertiseState, review: str, now: datetime, resolution: str) -> list[EscalationResolved]:
    """Close the open escalations of one assignment (``review``), or all of them ("")."""
    prefix = f"{state.obligation_id}:a{review.split(':')[1]}:" if review else ""
    return [
        EscalationResolved(occurred_at=now, escalation_id=esc_id, level=level, resolution=resolution)
        for esc_id, level in state.open_escalations
        if esc_id.startswith(prefix)
    ]


# --- evolve -----------------------------------------------------------------------------------------------------


def _with(state: ExpertiseState, no: int, **changes: object) -> tuple[Assignment, ...]:
    return tuple(a.model_copy(update=changes) if a.no == no else a for a in state.assignments)


def _status(state: ExpertiseState) -> ExpertiseStatus:
    """The status of a round in progress, from its assignments."""
    current = state.current()
    working = [a for a in current if a.status in (AssignmentStatus.ACCEPTED, AssignmentStatus.SUBMITTED)]
    return ExpertiseStatus.UNDER_REVIEW if len(working) >= state.experts_needed else ExpertiseStatus.ASSIGNING


def evolve(state: ExpertiseState, event: DomainEvent) -> ExpertiseState:
    if isinstance(event, ExaminationStarted):
        started = Round(
            no=event.round, version_no=event.product.version_no, files=event.product.files, sent_at=event.occurred_at
        )
        return state.model_copy(
            update={
                "product": event.product,
                "experts_needed": event.experts_needed,
                "rounds": (*state.rounds, started),
                "status": ExpertiseStatus.ASSIGNING,
            }
        )
    if isinstance(event, ExpertAssigned):
        assignment = Assignment(
            no=event.assignment_no,
            round=event.round,
            expert=event.expert,
            assigned_by=event.assigned_by,
            assigned_at=event.occurred_at,
            respond_by=event.respond_by,
        )
        moved = state.model_copy(update={"assignments": (*state.assignments, assignment)})
        return moved.model_copy(update={"status": _status(moved)})
    if isinstance(event, AssignmentRefused):
        return state.model_copy(update={"refusals": state.refusals + 1})
    if isinstance(event, AssignmentAccepted):
        moved = state.model_copy(
            update={
                "assignments": _with(
                    state,
                    event.assignment_no,
                    status=AssignmentStatus.ACCEPTED,
                    answered_at=event.occurred_at,
                    review_due=event.review_due,
                )
            }
        )
        return moved.model_copy(update={"status": _status(moved)})
    if isinstance(event, (AssignmentDeclined, ExpertRecused, AssignmentExpired)):
        status = {
            AssignmentDeclined: AssignmentStatus.DECLINED,
            ExpertRecused: AssignmentStatus.RECUSED,
            AssignmentExpired: AssignmentStatus.EXPIRED,
        }[type(event)]
        reason = event.reason if isinstance(event, (AssignmentDeclined, ExpertRecused)) else ""
        moved = state.model_copy(
            update={
                "assignments": _with(
                    state, event.assignment_no, status=status, answered_at=event.occurred_at, reason=reason
                )
            }
        )
        return moved.model_copy(update={"status": _status(moved)})
    if isinstance(event, ReviewSubmitted):
        moved = state.model_copy(
            update={
                "assignments": _with(
                    state,
                    event.assignment_no,
                    status=AssignmentStatus.SUBMITTED,
                    review=event.review,
                    submitted_at=event.occurred_at,
                )
            }
        )
        return moved.model_copy(update={"status": _status(moved)})
    if isinstance(event, ReviewsCompleted):
        return state.model_copy(update={"status": ExpertiseStatus.REVIEWS_IN})
    if isinstance(event, ConclusionRecorded):
        rounds = tuple(
            r.model_copy(
                update={
                    "conclusion": event.verdict,
                    "meeting": event.meeting,
                    "vote": event.vote,
                    "conclusion_text": event.text,
                    "concluded_at": event.occurred_at,
                }
            )
            if r.no == event.round
            else r
            for r in state.rounds
        )
        concluded = {
            Verdict.POSITIVE: ExpertiseStatus.POSITIVE,
            Verdict.NEGATIVE: ExpertiseStatus.NEGATIVE,
            Verdict.REWORK: ExpertiseStatus.REWORK,
        }[event.verdict]
        return state.model_copy(update={"rounds": rounds, "status": concluded})
    if isinstance(event, EscalationRaised):
        about = _assignment_of(event.review)
        level, day = event.escalation_id.rsplit(":", 2)[-2:]
        found = state.assignment(about[0]) if about is not None else None
        moved = state
        if found is not None:
            moved = state.model_copy(
                update={"assignments": _with(state, found.no, raised=(*found.raised, f"{level}:{day}"))}
            )
        if event.level == EscalationLevel.REMINDER:
            return moved
        return moved.model_copy(update={"open_escalations": opened_with(state.open_escalations, event)})
    if isinstance(event, EscalationResolved):
        return state.model_copy(update={"open_escalations": closed_by(state.open_escalations, event)})
    if isinstance(event, ObligationCancelled):
        return state.model_copy(update={"status": ExpertiseStatus.CANCELLED})
    return state


def evolve_all(state: ExpertiseState, events: list[DomainEvent]) -> ExpertiseState:
    return fold(evolve, state, events)


def reminders_sent(assignment: Assignment) -> int:
    return sum(1 for key in assignment.raised if key.startswith(f"{EscalationLevel.REMINDER.value}:"))
