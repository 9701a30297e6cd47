"""The submission state machine, without I/O: what it allows, what it refuses and why."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from api.calendar.service import production_calendar
from domain.common import Actor, DomainError
from domain.deadlines import deadline_for, deadline_on
from domain.escalation import EscalationLevel, EscalationRaised, EscalationResolved
from domain.files import FileFormat, FileRef
from domain.obligations import (
    CancelObligation,
    Context,
    ObligationOpened,
    ObligationRef,
    RaiseEscalation,
    RecomputeDeadline,
)
from domain.payloads import PackageData
from domain.people import Role
from domain.regulations.khmao.order_135r import ANNUAL_PACKAGE, REGULATION, TIMEZONE
from domain.regulations.model import Obligation, ObligationKind
from domain.roadmap.model import RoadmapRow
from domain.sites import SiteStatus
from domain.submission.events import DocumentsSubmitted, SubmissionStatus
from domain.submission.machine import _steps, decide, evolve_all, next_actor, next_escalation, review_terms
from domain.submission.model import (
    Command,
    DecideExtension,
    DecideSubmission,
    RequestExtension,
    SubmissionState,
    SubmitDocuments,
    initial_state,
)

CALENDAR = production_calendar(range(2025, 2029))
OPENED_AT = datetime(2026, 11, 25, 10, tzinfo=UTC)
DIRECTOR = Actor(user_id="d", full_name="Директор", roles=frozenset({Role.SITE_DIRECTOR}))
CURATOR = Actor(user_id="c", full_name="Куратор", roles=frozenset({Role.CURATOR}))


def ctx(now: datetime = OPENED_AT) -> Context:
    return Context(now=now, calendar=CALENDAR, timezone=TIMEZONE)


def opened() -> SubmissionState:
    event = ObligationOpened(
        occurred_at=OPENED_AT,
        ref=ObligationRef(
            obligation_id="cycle:1.1.5:2027:package:annual",
            cycle_id="cycle:1.1.5:2027",
            site_id="1.1.5",
            year=2027,
            key="package",
            instance="annual",
        ),
        obligation=ANNUAL_PACKAGE,
        regulation_id="khmao-135r",
        regulation_version=1,
        deadline=deadline_for(ANNUAL_PACKAGE.deadline, 2027, CALENDAR, TIMEZONE),
    )
    return initial_state(event)


def ref(name: str, file_format: FileFormat = FileFormat.PDF) -> FileRef:
    return FileRef(file_id=name, filename=f"{name}.{file_format.value}", format=file_format, size=10, sha256="0" * 64)


ITEMS = {
    "polozhenie": ref("polozhenie"),
    "report_forms": ref("forms", FileFormat.XLSX),
    "cases": ref("cases", FileFormat.DOCX),
    "interaction_scheme": ref("scheme"),
    "roadmap": ref("roadmap"),
}


ROADMAP = PackageData(
    roadmap=(
        RoadmapRow(
            no="1.1",
            section="Организационно-методическая деятельность",
            item="Актуализация документов",
            deadline="февраль",
            responsible="Заместитель директора",
        ),
        RoadmapRow(
            no="3.1",
            section="Аналитико-исследовательская деятельность",
            item="Мониторинг",
            deadline="ежеквартально",
            responsible="Учреждения социального обслуживания",
            responsible_is_external=True,
        ),
    )
)


def package(actor: Actor, items: dict[str, FileRef] = ITEMS) -> SubmitDocuments:
    return SubmitDocuments(actor=actor, items=items, data=ROADMAP)


def step(state: SubmissionState, command: Command, now: datetime = OPENED_AT) -> SubmissionState:
    return evolve_all(state, decide(state, ANNUAL_PACKAGE, command, ctx(now)))


def refused(state: SubmissionState, command: Command, now: datetime = OPENED_AT) -> DomainError:
    with pytest.raises(DomainError) as error:
        decide(state, ANNUAL_PACKAGE, command, ctx(now))
    return error.value


def test_submit_then_approve() -> None:
    state = step(opened(), package(DIRECTOR, ITEMS))
    assert state.status == SubmissionStatus.UNDER_REVIEW
    assert next_actor(state, ANNUAL_PACKAGE) == (Role.CURATOR,)
    state = step(state, DecideSubmission(actor=CURATOR, action="approve"))
    assert state.status == SubmissionStatus.APPROVED
    assert next_escalation(state, ANNUAL_PACKAGE, ctx()) is None


@pytest.mark.parametrize(
    ("items", "code", "field"),
    [
        ({k: v for k, v in ITEMS.items() if k != "roadmap"}, "missing_items", "items"),
        ({**ITEMS, "polozhenie": ref("polozhenie", FileFormat.DOCX)}, "wrong_format", "items.polozhenie"),
        ({**ITEMS, "photo": ref("photo")}, "unknown_item", "items.photo"),
    ],
)
def test_a_bad_package_is_refused(items: dict[str, FileRef], code: str, field: str) -> None:
    error = refused(opened(), package(DIRECTOR, items))
    assert (error.code, error.field) == (code, field)


def test_only_submitters_submit_and_only_the_chain_decides() -> None:
    assert refused(opened(), package(CURATOR, ITEMS)).code == "not_allowed"
    state = step(opened(), package(DIRECTOR, ITEMS))
    not_a_reviewer = refused(state, DecideSubmission(actor=DIRECTOR, action="approve"))
    assert not_a_reviewer.code == "not_allowed"
    # The step's title as the regulation writes it: the RCRSO stays РЦРСО in the sentence.
    step_title = ANNUAL_PACKAGE.review_chain[0].title
    assert not_a_reviewer.message.startswith(f"Принять решение на шаге «{step_title}»"), not_a_reviewer.message
    assert refused(state, DecideSubmission(actor=CURATOR, action="agree")).code == "wrong_action"


def test_nobody_accepts_their_own_submission() -> None:
    both = Actor(user_id="x", full_name="Совместитель", roles=frozenset({Role.SITE_RESPONSIBLE, Role.CURATOR}))
    state = step(opened(), package(both, ITEMS))
    assert refused(state, DecideSubmission(actor=both, action="approve")).code == "own_submission"
    assert refused(state, DecideSubmission(actor=both, action="return", comment="нет")).code == ("own_submission")
    assert step(state, DecideSubmission(actor=CURATOR, action="approve")).status == "approved"


def test_illegal_steps() -> None:
    assert refused(opened(), DecideSubmission(actor=CURATOR, action="approve")).code == "nothing_to_review"
    state = step(opened(), package(DIRECTOR, ITEMS))
    assert refused(state, package(DIRECTOR, ITEMS)).code == "under_review"
    error = refused(state, DecideSubmission(actor=CURATOR, action="return", comment=" "))
    assert (error.code, error.field) == ("comment_required", "comment")
    state = step(state, DecideSubmission(actor=CURATOR, action="approve"))
    assert refused(state, package(DIRECTOR, ITEMS)).code == "already_approved"
    assert refused(state, RaiseEscalation(level=EscalationLevel.OVERDUE)).code == "not_waiting"


def test_a_return_grants_time_to_revise_and_restarts_the_ladder() -> None:
    state = opened()
    overdue_at = state.deadline.ends_at
    state = step(state, RaiseEscalation(level=EscalationLevel.OVERDUE), overdue_at)
    late = overdue_at + timedelta(hours=2)
    events = decide(state, ANNUAL_PACKAGE, package(DIRECTOR, ITEMS), ctx(late))
    submitted, resolved = events
    assert isinstance(submitted, DocumentsSubmitted) and submitted.late
    assert isinstance(resolved, EscalationResolved) and resolved.level == EscalationLevel.OVERDUE
    state = evolve_all(state, events)
    returned_at = datetime(2026, 12, 22, 6, tzinfo=UTC)  # 11:00 local on Tuesday 22.12.2026
    state = step(state, DecideSubmission(actor=CURATOR, action="return", comment="Нет подписи"), returned_at)
    assert state.status == SubmissionStatus.RETURNED
    assert state.deadline.effective.isoformat() == "2026-12-29"  # 5 working days after the return
    assert state.original_deadline.effective.isoformat() == "2026-12-21"
    assert state.phase == 1 and state.raised_levels == frozenset()
    # The reminder of the new phase (22.12 09:00 local) came before the return: skipped; overdue comes next.
    upcoming = next_escalation(state, ANNUAL_PACKAGE, ctx(returned_at))
    assert upcoming is not None and upcoming.level == EscalationLevel.OVERDUE
    raised = decide(state, ANNUAL_PACKAGE, RaiseEscalation(level=upcoming.level), ctx(upcoming.at))
    assert isinstance(raised[0], EscalationRaised) and raised[0].escalation_id.endswith(":1:overdue")


def test_a_return_early_keeps_the_original_deadline() -> None:
    state = step(opened(), package(DIRECTOR, ITEMS))
    state = step(state, DecideSubmission(actor=CURATOR, action="return", comment="Исправьте схему"))
    assert state.deadline == state.original_deadline


def test_each_level_is_raised_once_per_phase() -> None:
    state = step(opened(), RaiseEscalation(level=EscalationLevel.REMINDER))
    assert refused(state, RaiseEscalation(level=EscalationLevel.REMINDER)).code == "already_raised"


def test_the_roadmap_rows_are_read_and_kept() -> None:
    state = step(opened(), package(DIRECTOR))
    data = state.submissions[0].data
    assert isinstance(data, PackageData)
    assert [row.reading.kind.value for row in data.roadmap if row.reading] == ["month", "recurring"]
    missing = refused(opened(), SubmitDocuments(actor=DIRECTOR, items=ITEMS))
    assert (missing.code, missing.field) == ("data_required", "data")
    empty = refused(opened(), SubmitDocuments(actor=DIRECTOR, items=ITEMS, data=PackageData(roadmap=())))
    assert empty.code == "roadmap_empty"


def test_an_extension_is_asked_granted_and_the_original_date_kept() -> None:
    state = opened()
    until = date(2026, 12, 28)
    asked = step(state, RequestExtension(actor=DIRECTOR, until=until, reason="Смена руководителя"))
    assert asked.pending_extension is not None
    assert refused(asked, RequestExtension(actor=DIRECTOR, until=until, reason="Ещё")).code == ("extension_pending")
    assert refused(asked, DecideExtension(actor=DIRECTOR, grant=True)).code == "not_allowed"
    granted = step(asked, DecideExtension(actor=CURATOR, grant=True, comment="Согласовано"))
    assert granted.deadline.nominal == until and granted.original_deadline.nominal == date(2026, 12, 20)
    assert granted.phase == 1 and granted.pending_extension is None
    too_early = refused(granted, RequestExtension(actor=DIRECTOR, until=until, reason="Ещё неделю"))
    assert (too_early.code, too_early.field) == ("extension_not_later", "until")


def test_a_refusal_needs_a_reason_and_keeps_the_date() -> None:
    asked = step(opened(), RequestExtension(actor=DIRECTOR, until=date(2027, 1, 15), reason="Отпуск"))
    assert refused(asked, DecideExtension(actor=CURATOR, grant=False)).code == "comment_required"
    kept = step(asked, DecideExtension(actor=CURATOR, grant=False, comment="Срок установлен приказом"))
    assert kept.deadline == kept.original_deadline and kept.pending_extension is None


def test_an_extension_after_the_deadline_closes_the_overdue_escalation_and_lets_it_come_again() -> None:
    state = opened()
    late = state.deadline.ends_at
    state = step(state, RaiseEscalation(level=EscalationLevel.OVERDUE), late)
    state = step(state, RequestExtension(actor=DIRECTOR, until=date(2027, 1, 15), reason="Болезнь"), late)
    events = decide(state, ANNUAL_PACKAGE, DecideExtension(actor=CURATOR, grant=True), ctx(late + timedelta(hours=1)))
    assert [type(e).__name__ for e in events] == ["EscalationResolved", "ExtensionGranted"]
    assert isinstance(events[0], EscalationResolved) and events[0].resolution == "extended"
    state = evolve_all(state, events)
    assert state.open_escalations == () and EscalationLevel.OVERDUE not in state.raised_levels
    upcoming = next_escalation(state, ANNUAL_PACKAGE, ctx(late + timedelta(hours=1)))
    # The reminder of the new date, 5 working days before Friday 15.01.2027, across the New Year holidays.
    assert upcoming is not None and (upcoming.level, upcoming.day) == (EscalationLevel.REMINDER, date(2026, 12, 30))


def test_a_new_calendar_moves_the_effective_date() -> None:
    state = opened()  # due Monday 21.12.2026
    decree = CALENDAR.model_copy(update={"holidays": CALENDAR.holidays | {date(2026, 12, 21)}})
    events = decide(
        state,
        ANNUAL_PACKAGE,
        RecomputeDeadline(),
        Context(now=OPENED_AT, calendar=decree, timezone=TIMEZONE),
    )
    assert [type(e).__name__ for e in events] == ["DeadlineRecomputed"]
    assert evolve_all(state, events).deadline.effective == date(2026, 12, 22)
    assert decide(state, ANNUAL_PACKAGE, RecomputeDeadline(), ctx()) == []


def test_cancelling_closes_open_escalations_and_keeps_what_was_submitted() -> None:
    state = step(opened(), RaiseEscalation(level=EscalationLevel.REMINDER))
    events = decide(state, ANNUAL_PACKAGE, CancelObligation(reason="Приказ № 1"), ctx())
    assert [type(e).__name__ for e in events] == ["EscalationResolved", "ObligationCancelled"]
    state = evolve_all(state, events)
    assert state.status == SubmissionStatus.CANCELLED
    assert refused(state, package(DIRECTOR)).code == "cancelled"
    assert next_escalation(state, ANNUAL_PACKAGE, ctx()) is None


def test_the_sites_internal_target_reminds_before_the_orders_deadline() -> None:
    target = deadline_on(date(2026, 12, 17), CALENDAR, TIMEZONE)
    state = opened().model_copy(update={"internal_target": target})
    steps = [
        s.level
        for s in _steps(state, ANNUAL_PACKAGE, ctx())  # the ladder as the workflow will see it
    ]
    assert steps.index(EscalationLevel.INTERNAL_TARGET) < steps.index(EscalationLevel.OVERDUE)
    at_target = ctx(now=datetime(2026, 12, 18, 9, tzinfo=UTC))
    reminder = RaiseEscalation(level=EscalationLevel.INTERNAL_TARGET)
    (raised,) = decide(state, ANNUAL_PACKAGE, reminder, at_target)
    assert isinstance(raised, EscalationRaised)
    assert (raised.due_nominal, raised.due_effective) == (date(2026, 12, 17), date(2026, 12, 17))
    (overdue,) = decide(state, ANNUAL_PACKAGE, RaiseEscalation(level=EscalationLevel.OVERDUE), at_target)
    assert isinstance(overdue, EscalationRaised) and overdue.due_nominal == date(2026, 12, 20)


def test_a_submission_nobody_reviews_fulfils_the_obligation() -> None:
    registry = ANNUAL_PACKAGE.model_copy(update={"review_chain": (), "items": (ANNUAL_PACKAGE.items[0],)})
    events = decide(opened(), registry, SubmitDocuments(actor=DIRECTOR, items={"polozhenie": ref("p")}), ctx())
    assert [type(e).__name__ for e in events] == ["DocumentsSubmitted", "SubmissionApproved"]


def test_the_director_may_attest_documents_unchanged_d25() -> None:
    attested = SubmitDocuments(
        actor=DIRECTOR, items=ITEMS, data=ROADMAP, unchanged=("polozhenie", "interaction_scheme")
    )
    (submitted, *_) = decide(opened(), ANNUAL_PACKAGE, attested, ctx())
    assert isinstance(submitted, DocumentsSubmitted)
    assert submitted.unchanged == ("polozhenie", "interaction_scheme")

    responsible = Actor(user_id="r", full_name="Ответственный", roles=frozenset({Role.SITE_RESPONSIBLE}))
    by_responsible = attested.model_copy(update={"actor": responsible})
    assert refused(opened(), by_responsible).code == "attestation_by_director"
    report = ANNUAL_PACKAGE.model_copy(update={"kind": ObligationKind.PERIODIC_REPORT})
    with pytest.raises(DomainError) as not_for_reports:
        decide(opened(), report, attested, ctx())
    assert not_for_reports.value.code == "unchanged_not_applicable"
    not_submitted = attested.model_copy(update={"unchanged": ("annual_report",)})
    error = refused(opened(), not_submitted)
    assert (error.code, error.field) == ("unknown_item", "unchanged.annual_report")


# --- reviews on their terms (D30–D32) and the roadmap's own chain (D33) ------------------------------------------

DEPARTMENT = Actor(user_id="dep", full_name="Департамент", roles=frozenset({Role.DEPARTMENT}))


def with_terms(state: SubmissionState, obligation: Obligation, command: Command, now: datetime) -> SubmissionState:
    """As the workflow decides once its histories run reviews on their terms: the command's events, then the
    review clocks they call for."""
    events = decide(state, obligation, command, ctx(now))
    events += review_terms(evolve_all(state, events), obligation, ctx(now))
    return evolve_all(state, events)


def test_a_review_gets_its_term_and_its_ladder_and_the_decision_resolves_it() -> None:
    submitted_at = datetime(2026, 12, 1, 5, tzinfo=UTC)  # Tuesday 01.12.2026, 10:00 local
    state = with_terms(opened(), ANNUAL_PACKAGE, package(DIRECTOR), submitted_at)
    (clock,) = state.review_clocks
    assert (clock.key, clock.role, clock.deadline.effective) == ("review", Role.CURATOR, date(2026, 12, 8))
    first = next_escalation(state, ANNUAL_PACKAGE, ctx(submitted_at))
    assert first is not None and (first.level, first.review, first.day) == ("reminder", "review", date(2026, 12, 7))
    raised = state
    for level in (EscalationLevel.REMINDER, EscalationLevel.OVERDUE, EscalationLevel.LEVEL2, EscalationLevel.LEVEL3):
        events = decide(raised, ANNUAL_PACKAGE, RaiseEscalation(level=level, review="review"), ctx(submitted_at))
        (event,) = events
        assert isinstance(event, EscalationRaised) and event.awaited == (Role.CURATOR,)
        raised = evolve_all(raised, events)
    assert next_escalation(raised, ANNUAL_PACKAGE, ctx(submitted_at)) is None
    decided = decide(raised, ANNUAL_PACKAGE, DecideSubmission(actor=CURATOR, action="approve"), ctx(submitted_at))
    resolved = [e for e in decided if isinstance(e, EscalationResolved)]
    assert [(e.level, e.resolution) for e in resolved] == [
        ("reminder", "reviewed"),
        ("overdue", "reviewed"),
        ("level2", "reviewed"),
        ("level3", "reviewed"),
    ]


def test_without_the_patch_a_review_has_no_term_as_recorded_histories_had_it() -> None:
    state = step(opened(), package(DIRECTOR))
    assert state.review_clocks == () and next_escalation(state, ANNUAL_PACKAGE, ctx()) is None


def test_the_department_agrees_the_roadmap_alone() -> None:
    c4 = REGULATION.obligations_for("1.1.12", SiteStatus.RESOURCE_CENTER)
    rule = next(o for o in c4 if o.key == "package")
    at = datetime(2026, 12, 1, 5, tzinfo=UTC)
    state = with_terms(opened(), rule, package(DIRECTOR), at)
    assert set(next_actor(state, rule)) == {Role.CURATOR, Role.DEPARTMENT}
    assert {(c.key, c.role, c.deadline.effective) for c in state.review_clocks} == {
        ("review", Role.CURATOR, date(2026, 12, 8)),
        ("review:roadmap", Role.DEPARTMENT, date(2026, 12, 15)),
    }
    # The curator accepts the other documents at once; the package waits for the roadmap.
    state = with_terms(state, rule, DecideSubmission(actor=CURATOR, action="approve"), at)
    assert state.status == SubmissionStatus.UNDER_REVIEW and state.approved_parts == ("",)
    assert next_actor(state, rule) == (Role.DEPARTMENT,)
    assert refuse(state, rule, DecideSubmission(actor=CURATOR, action="approve")).code == "not_allowed"
    state = with_terms(state, rule, DecideSubmission(actor=DEPARTMENT, action="agree"), at)
    assert next_actor(state, rule) == (Role.CURATOR,)
    assert [(c.key, c.role) for c in state.review_clocks] == [("review:roadmap", Role.CURATOR)]
    state = with_terms(state, rule, DecideSubmission(actor=CURATOR, action="approve"), at)
    assert state.status == SubmissionStatus.APPROVED


def refuse(state: SubmissionState, obligation: Obligation, command: Command) -> DomainError:
    with pytest.raises(DomainError) as error:
        decide(state, obligation, command, ctx())
    return error.value
