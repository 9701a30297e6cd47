"""The expert council's examination of a product (D46–D52), without a database: conflicts of interest refused and
recorded, experts answering and reviewing by their terms, reminders counted and the ladder to the secretary and the
chair, the council's vote, rework as a new round; and the product's own life (versions, registry, replication)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from api.calendar.service import production_calendar
from domain.common import Actor, DomainError, DomainEvent
from domain.deadlines import deadline_on
from domain.escalation import EscalationLevel, EscalationRaised, EscalationResolved
from domain.files import FileFormat, FileRef
from domain.obligations import Context, ObligationOpened, ObligationRef, RaiseEscalation
from domain.people import Role
from domain.product import lifecycle
from domain.product.events import AssignmentRefused, ExpertAssigned, ReviewsCompleted
from domain.product.expertise import (
    AssignExpert,
    ExpertiseState,
    ExpertiseStatus,
    RecordConclusion,
    Recuse,
    RespondToAssignment,
    SendNewVersion,
    StartExamination,
    SubmitReview,
    decide,
    evolve_all,
    initial_state,
    next_step,
    reminders_sent,
)
from domain.product.model import (
    AssignmentStatus,
    Author,
    Confidence,
    ExpertProfile,
    Meeting,
    ProductCard,
    ProductKind,
    Review,
    Score,
    Verdict,
    Vote,
)
from domain.regulations.catalog import regulation

TZ = "Asia/Yekaterinburg"
YEAR = 2027
RULES = regulation("khmao-135r")
COUNCIL = RULES.council
assert COUNCIL is not None
CALENDAR = production_calendar(range(YEAR - 1, YEAR + 2))
START = datetime(YEAR, 3, 1, 5, 0, tzinfo=UTC)  # Monday 1 March, 10:00 in the region

FILE = FileRef(file_id="f1", filename="программа.docx", format=FileFormat.DOCX, size=10, sha256="0" * 64)
CARD = ProductCard(
    product_id="p-1",
    title="Модельная программа сопровождения семей",
    kind=ProductKind.MODEL_PROGRAM,
    direction_id="families",
    site_id="1.1.3",
    institution_id="nizhnevartovsk-kcson",
    authors=(Author(full_name="Иванова Анна Петровна", user_id="u-author"),),
    version_no=1,
    files={"product": FILE},
)
SECRETARY = Actor(user_id="u-sec", full_name="Секретарь Совета", roles=frozenset({Role.COUNCIL_SECRETARY}))
CHAIR = Actor(user_id="u-chair", full_name="Председатель Совета", roles=frozenset({Role.COUNCIL_CHAIR}))
DIRECTOR = Actor(user_id="u-dir", full_name="Директор Площадки", roles=frozenset({Role.SITE_DIRECTOR}))
OUTSIDER = ExpertProfile(user_id="u-e1", full_name="Лебедев Виталий Евгеньевич", organisation="СурГУ")
SECOND = ExpertProfile(user_id="u-e2", full_name="Соболева Маргарита Игоревна", organisation="НВГУ")
COLLEAGUE = ExpertProfile(
    user_id="u-e3", full_name="Петров Петр", organisation="КЦСОН", institution_id="nizhnevartovsk-kcson"
)


def expert(profile: ExpertProfile) -> Actor:
    return Actor(user_id=profile.user_id, full_name=profile.full_name, roles=frozenset({Role.EXPERT}))


def ctx(at: datetime) -> Context:
    return Context(now=at, calendar=CALENDAR, timezone=TZ)


def opened_state() -> ExpertiseState:
    ref = ObligationRef(
        obligation_id=f"cycle:1.1.3:{YEAR}:product_expertise:p-1",
        cycle_id=f"cycle:1.1.3:{YEAR}",
        site_id="1.1.3",
        year=YEAR,
        key="product_expertise",
        instance="p-1",
    )
    opened = ObligationOpened(
        occurred_at=START,
        ref=ref,
        obligation=RULES.obligation("product_expertise"),
        regulation_id=RULES.id,
        regulation_version=RULES.version,
        deadline=deadline_on(date(YEAR, 3, 31), CALENDAR, TZ),
    )
    state = initial_state(opened)
    return run(state, StartExamination(product=CARD), START)


def run(state: ExpertiseState, command: object, at: datetime) -> ExpertiseState:
    return evolve_all(state, decide(state, COUNCIL, command, ctx(at)))  # type: ignore[arg-type]


def review(verdict: Verdict = Verdict.POSITIVE) -> Review:
    return Review(
        scores={c.key: Score(score=3, comment="Обосновано ссылками на практику.") for c in COUNCIL.criteria},
        confidence=Confidence.HIGH,
        recommendation=verdict,
        summary="Рекомендую к внедрению.",
    )


def reviewed(at: datetime = START) -> ExpertiseState:
    state = opened_state()
    for profile in (OUTSIDER, SECOND):
        state = run(state, AssignExpert(actor=SECRETARY, expert=profile), at)
    for no, profile in ((1, OUTSIDER), (2, SECOND)):
        state = run(state, RespondToAssignment(actor=expert(profile), assignment_no=no, accept=True), at)
        state = run(state, SubmitReview(actor=expert(profile), assignment_no=no, review=review()), at)
    return state


def test_an_author_or_a_colleague_of_the_authors_is_refused_and_the_refusal_is_recorded() -> None:
    state = opened_state()
    author = ExpertProfile(user_id="u-author", full_name="Иванова Анна Петровна", organisation="КЦСОН")
    for profile, words in ((author, "автор продукта"), (COLLEAGUE, "учреждения-разработчика")):
        events = decide(state, COUNCIL, AssignExpert(actor=SECRETARY, expert=profile), ctx(START))
        assert len(events) == 1 and isinstance(events[0], AssignmentRefused)
        assert words in events[0].reason
        state = evolve_all(state, events)
    assert state.refusals == 2 and state.assignments == ()


def test_rcrso_staff_cannot_review_an_rcrso_product() -> None:
    state = opened_state().model_copy(
        update={"product": CARD.model_copy(update={"site_id": "1.1.1", "institution_id": COUNCIL.host_institution_id})}
    )
    staff = ExpertProfile(
        user_id="u-e9", full_name="Работник РЦРСО", organisation="РЦРСО", institution_id=COUNCIL.host_institution_id
    )
    events = decide(state, COUNCIL, AssignExpert(actor=SECRETARY, expert=staff), ctx(START))
    assert isinstance(events[0], AssignmentRefused) and "D12" in events[0].reason


def test_only_the_secretary_assigns_and_only_the_assigned_expert_answers() -> None:
    state = opened_state()
    with pytest.raises(DomainError) as refused:
        decide(state, COUNCIL, AssignExpert(actor=DIRECTOR, expert=OUTSIDER), ctx(START))
    assert refused.value.code == "not_allowed"
    state = run(state, AssignExpert(actor=SECRETARY, expert=OUTSIDER), START)
    with pytest.raises(DomainError) as foreign:
        decide(state, COUNCIL, RespondToAssignment(actor=expert(SECOND), assignment_no=1, accept=True), ctx(START))
    assert foreign.value.code == "not_your_assignment"


def test_an_unanswered_assignment_expires_after_three_working_days_and_frees_the_place() -> None:
    state = run(opened_state(), AssignExpert(actor=SECRETARY, expert=OUTSIDER), START)
    step = next_step(state, COUNCIL, ctx(START))
    assert step is not None and step.day == date(YEAR, 3, 4)  # Mon + 3 working days = Thu
    late = step.at + timedelta(seconds=1)
    state = run(state, RaiseEscalation(level=step.level, review=step.review), late)
    assert state.assignments[0].status == AssignmentStatus.EXPIRED
    assert state.status == ExpertiseStatus.ASSIGNING


def test_a_late_review_is_reminded_twice_then_escalated_to_the_secretary_and_the_chair() -> None:
    state = opened_state()
    state = run(state, AssignExpert(actor=SECRETARY, expert=OUTSIDER), START)
    state = run(state, RespondToAssignment(actor=expert(OUTSIDER), assignment_no=1, accept=True), START)
    due = state.assignments[0].review_due
    assert due is not None and due.effective == date(YEAR, 3, 16)  # 10 working days after 1 March (8 March off)
    raised: list[EscalationRaised] = []
    at = START
    for _ in range(4):
        step = next_step(state, COUNCIL, ctx(at))
        assert step is not None
        at = step.at + timedelta(seconds=1)
        events = decide(state, COUNCIL, RaiseEscalation(level=step.level, review=step.review), ctx(at))
        raised += [e for e in events if isinstance(e, EscalationRaised)]
        state = evolve_all(state, events)
    assert [e.level for e in raised] == [
        EscalationLevel.REMINDER,
        EscalationLevel.REMINDER,
        EscalationLevel.OVERDUE,
        EscalationLevel.LEVEL2,
    ]
    assert reminders_sent(state.assignments[0]) == 2
    assert Role.COUNCIL_SECRETARY in raised[2].notify and Role.COUNCIL_CHAIR in raised[3].notify
    assert next_step(state, COUNCIL, ctx(at)) is None  # nothing more to raise
    events = decide(state, COUNCIL, SubmitReview(actor=expert(OUTSIDER), assignment_no=1, review=review()), ctx(at))
    resolved = [e for e in events if isinstance(e, EscalationResolved)]
    assert len(resolved) == 2  # the secretary's and the chair's
    submitted = evolve_all(state, events)
    assert submitted.open_escalations == () and submitted.assignments[0].status == AssignmentStatus.SUBMITTED


def test_a_review_follows_the_form() -> None:
    state = opened_state()
    state = run(state, AssignExpert(actor=SECRETARY, expert=OUTSIDER), START)
    state = run(state, RespondToAssignment(actor=expert(OUTSIDER), assignment_no=1, accept=True), START)
    bad = review().model_copy(update={"scores": {**review().scores, "novelty": Score(score=5, comment="x")}})
    with pytest.raises(DomainError) as refused:
        decide(state, COUNCIL, SubmitReview(actor=expert(OUTSIDER), assignment_no=1, review=bad), ctx(START))
    assert refused.value.code == "score_out_of_range" and refused.value.field == "scores.novelty"


def test_the_round_goes_on_the_agenda_once_every_accepted_expert_has_reviewed() -> None:
    state = opened_state()
    for profile in (OUTSIDER, SECOND):
        state = run(state, AssignExpert(actor=SECRETARY, expert=profile), START)
    state = run(state, RespondToAssignment(actor=expert(OUTSIDER), assignment_no=1, accept=True), START)
    state = run(state, RespondToAssignment(actor=expert(SECOND), assignment_no=2, accept=True), START)
    assert state.status == ExpertiseStatus.UNDER_REVIEW
    first = decide(state, COUNCIL, SubmitReview(actor=expert(OUTSIDER), assignment_no=1, review=review()), ctx(START))
    assert not any(isinstance(e, ReviewsCompleted) for e in first)
    state = evolve_all(state, first)
    last = decide(state, COUNCIL, SubmitReview(actor=expert(SECOND), assignment_no=2, review=review()), ctx(START))
    assert any(isinstance(e, ReviewsCompleted) for e in last)
    assert evolve_all(state, last).status == ExpertiseStatus.REVIEWS_IN


def meeting(present: int = 3) -> Meeting:
    names = ("Председатель Совета", "Лебедев Виталий Евгеньевич", "Соболева Маргарита Игоревна", "Член Совета")
    return Meeting(number="3", held_on=date(YEAR, 3, 1), present=names[:present])


def test_the_council_concludes_by_majority_with_a_quorum() -> None:
    state = reviewed()
    no_quorum = RecordConclusion(
        actor=CHAIR, verdict=Verdict.POSITIVE, meeting=meeting(2), vote=Vote(votes_for=2, votes_against=0), text=""
    )
    with pytest.raises(DomainError) as refused:
        decide(state, COUNCIL, no_quorum, ctx(START))
    assert refused.value.code == "no_quorum"
    tie = no_quorum.model_copy(update={"meeting": meeting(4), "vote": Vote(votes_for=2, votes_against=2)})
    with pytest.raises(DomainError) as tied:
        decide(state, COUNCIL, tie, ctx(START))
    assert tied.value.code == "no_majority"
    positive = tie.model_copy(update={"vote": Vote(votes_for=3, votes_against=1)})
    concluded = run(state, positive, START)
    assert concluded.status == ExpertiseStatus.POSITIVE
    assert concluded.rounds[0].vote == Vote(votes_for=3, votes_against=1)


def test_rework_opens_a_new_round_with_a_new_version_and_keeps_the_first() -> None:
    state = reviewed()
    rework = RecordConclusion(
        actor=CHAIR,
        verdict=Verdict.REWORK,
        meeting=meeting(3),
        vote=Vote(votes_for=2, votes_against=1),
        text="Доработать",
    )
    state = run(state, rework, START)
    assert state.status == ExpertiseStatus.REWORK
    with pytest.raises(DomainError) as same:
        decide(state, COUNCIL, SendNewVersion(actor=DIRECTOR, product=CARD), ctx(START))
    assert same.value.code == "same_version"
    state = run(state, SendNewVersion(actor=DIRECTOR, product=CARD.model_copy(update={"version_no": 2})), START)
    assert state.round == 2 and state.status == ExpertiseStatus.ASSIGNING
    assert state.rounds[0].conclusion == Verdict.REWORK and state.rounds[1].version_no == 2
    events: list[DomainEvent] = decide(state, COUNCIL, AssignExpert(actor=SECRETARY, expert=OUTSIDER), ctx(START))
    assert isinstance(events[0], ExpertAssigned) and events[0].round == 2  # the same expert may review again


def test_a_recused_expert_is_not_assigned_again() -> None:
    state = run(opened_state(), AssignExpert(actor=SECRETARY, expert=OUTSIDER), START)
    state = run(state, Recuse(actor=expert(OUTSIDER), assignment_no=1, reason="Консультировал авторов"), START)
    assert state.assignments[0].status == AssignmentStatus.RECUSED
    with pytest.raises(DomainError) as refused:
        decide(state, COUNCIL, AssignExpert(actor=SECRETARY, expert=OUTSIDER), ctx(START))
    assert refused.value.code == "recused"


def test_the_product_is_registered_after_a_positive_conclusion_and_replicated_elsewhere() -> None:
    events = lifecycle.draft(
        "p-1",
        DIRECTOR,
        title="  Модельная   программа ",
        kind=ProductKind.MODEL_PROGRAM,
        site_id="1.1.3",
        direction_id="families",
        institution_id="nizhnevartovsk-kcson",
        region_id="86",
        authors=(Author(full_name="Иванова Анна Петровна"),),
        abstract="Аннотация",
        now=START,
    )
    state = lifecycle.state_of(events)
    assert state.title == "Модельная программа"
    with pytest.raises(DomainError) as no_file:
        lifecycle.add_version(state, DIRECTOR, None, {}, "", START)
    assert no_file.value.field == "files.product"
    state = lifecycle.state_of([*events, *lifecycle.add_version(state, DIRECTOR, None, {"product": FILE}, "", START)])
    with pytest.raises(DomainError) as sent:
        lifecycle.add_version(state, DIRECTOR, ExpertiseStatus.UNDER_REVIEW, {"product": FILE}, "", START)
    assert sent.value.code == "under_examination"
    secretary = SECRETARY
    with pytest.raises(DomainError) as early:
        lifecycle.register(state, secretary, ExpertiseStatus.REVIEWS_IN, "РМП-1", START)
    assert early.value.code == "not_positive"
    state = lifecycle.evolve(state, lifecycle.register(state, secretary, ExpertiseStatus.POSITIVE, "РМП-1", START)[0])
    done = lifecycle.record_implementation(
        state,
        secretary,
        institution_id="surgut-kcson",
        institution_name="КЦСОН Сургута",
        since=date(YEAR, 3, 1),
        evidence="Приказ о внедрении № 12",
        files={},
        today=date(YEAR, 3, 1),
        now=START,
    )
    assert done[0].replication  # type: ignore[attr-defined]


def test_a_recusal_after_the_others_reviewed_completes_the_round() -> None:
    state = opened_state()
    third = ExpertProfile(user_id="u-e4", full_name="Третий Эксперт Иванович", organisation="ТюмГУ")
    for profile in (OUTSIDER, SECOND, third):
        state = run(state, AssignExpert(actor=SECRETARY, expert=profile), START)
    for no, profile in ((1, OUTSIDER), (2, SECOND), (3, third)):
        state = run(state, RespondToAssignment(actor=expert(profile), assignment_no=no, accept=True), START)
    for no, profile in ((1, OUTSIDER), (2, SECOND)):
        state = run(state, SubmitReview(actor=expert(profile), assignment_no=no, review=review()), START)
    assert state.status == ExpertiseStatus.UNDER_REVIEW  # the third is still at work
    events = decide(
        state, COUNCIL, Recuse(actor=expert(third), assignment_no=3, reason="Рецензент проекта"), ctx(START)
    )
    assert any(isinstance(e, ReviewsCompleted) for e in events)
    assert evolve_all(state, events).status == ExpertiseStatus.REVIEWS_IN
