"""The Approval state machine, without I/O: what it allows, what it refuses and why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.calendar.service import production_calendar
from domain import approval
from domain.common import Actor, DomainError
from domain.deadlines import deadline_for
from domain.documents import FileFormat, FileRef
from domain.escalation import EscalationLevel, EscalationRaised, EscalationResolved
from domain.obligations import ObligationOpened, ObligationRef
from domain.org import Role
from domain.regulations.khmao_135r import ANNUAL_PACKAGE, TIMEZONE

CALENDAR = production_calendar(range(2025, 2029))
OPENED_AT = datetime(2026, 11, 25, 10, tzinfo=UTC)
DIRECTOR = Actor(user_id="d", full_name="Директор", roles=frozenset({Role.SITE_DIRECTOR}))
CURATOR = Actor(user_id="c", full_name="Куратор", roles=frozenset({Role.CURATOR}))


def ctx(now: datetime = OPENED_AT) -> approval.Context:
    return approval.Context(now=now, calendar=CALENDAR, timezone=TIMEZONE)


def opened() -> approval.ApprovalState:
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
    return approval.initial_state(event)


def ref(name: str, file_format: FileFormat = FileFormat.PDF) -> FileRef:
    return FileRef(file_id=name, filename=f"{name}.{file_format.value}", format=file_format, size=10, sha256="0" * 64)


ITEMS = {
    "polozhenie": ref("polozhenie"),
    "report_forms": ref("forms", FileFormat.XLSX),
    "cases": ref("cases", FileFormat.DOCX),
    "interaction_scheme": ref("scheme"),
    "roadmap": ref("roadmap"),
}


def step(state: approval.ApprovalState, command: approval.Command, now: datetime = OPENED_AT) -> approval.ApprovalState:
    return approval.evolve_all(state, approval.decide(state, ANNUAL_PACKAGE, command, ctx(now)))


def refused(state: approval.ApprovalState, command: approval.Command, now: datetime = OPENED_AT) -> DomainError:
    with pytest.raises(DomainError) as error:
        approval.decide(state, ANNUAL_PACKAGE, command, ctx(now))
    return error.value


def test_submit_then_approve() -> None:
    state = step(opened(), approval.SubmitDocuments(actor=DIRECTOR, items=ITEMS))
    assert state.status == approval.ApprovalStatus.UNDER_REVIEW
    assert approval.next_actor(state, ANNUAL_PACKAGE) == (Role.CURATOR,)
    state = step(state, approval.DecideSubmission(actor=CURATOR, action="approve"))
    assert state.status == approval.ApprovalStatus.APPROVED
    assert approval.next_escalation(state, ANNUAL_PACKAGE, ctx()) is None


@pytest.mark.parametrize(
    ("items", "code", "field"),
    [
        ({k: v for k, v in ITEMS.items() if k != "roadmap"}, "missing_items", "items"),
        ({**ITEMS, "polozhenie": ref("polozhenie", FileFormat.DOCX)}, "wrong_format", "items.polozhenie"),
        ({**ITEMS, "photo": ref("photo")}, "unknown_item", "items.photo"),
    ],
)
def test_a_bad_package_is_refused(items: dict[str, FileRef], code: str, field: str) -> None:
    error = refused(opened(), approval.SubmitDocuments(actor=DIRECTOR, items=items))
    assert (error.code, error.field) == (code, field)


def test_only_submitters_submit_and_only_the_chain_decides() -> None:
    assert refused(opened(), approval.SubmitDocuments(actor=CURATOR, items=ITEMS)).code == "not_allowed"
    state = step(opened(), approval.SubmitDocuments(actor=DIRECTOR, items=ITEMS))
    assert refused(state, approval.DecideSubmission(actor=DIRECTOR, action="approve")).code == "not_allowed"
    assert refused(state, approval.DecideSubmission(actor=CURATOR, action="agree")).code == "wrong_action"


def test_nobody_accepts_their_own_submission() -> None:
    both = Actor(user_id="x", full_name="Совместитель", roles=frozenset({Role.SITE_RESPONSIBLE, Role.CURATOR}))
    state = step(opened(), approval.SubmitDocuments(actor=both, items=ITEMS))
    assert refused(state, approval.DecideSubmission(actor=both, action="approve")).code == "own_submission"
    assert refused(state, approval.DecideSubmission(actor=both, action="return", comment="нет")).code == (
        "own_submission"
    )
    assert step(state, approval.DecideSubmission(actor=CURATOR, action="approve")).status == "approved"


def test_illegal_steps() -> None:
    assert refused(opened(), approval.DecideSubmission(actor=CURATOR, action="approve")).code == "nothing_to_review"
    state = step(opened(), approval.SubmitDocuments(actor=DIRECTOR, items=ITEMS))
    assert refused(state, approval.SubmitDocuments(actor=DIRECTOR, items=ITEMS)).code == "under_review"
    error = refused(state, approval.DecideSubmission(actor=CURATOR, action="return", comment=" "))
    assert (error.code, error.field) == ("comment_required", "comment")
    state = step(state, approval.DecideSubmission(actor=CURATOR, action="approve"))
    assert refused(state, approval.SubmitDocuments(actor=DIRECTOR, items=ITEMS)).code == "already_approved"
    assert refused(state, approval.RaiseEscalation(level=EscalationLevel.OVERDUE)).code == "not_waiting"


def test_a_return_grants_time_to_revise_and_restarts_the_ladder() -> None:
    state = opened()
    overdue_at = state.deadline.ends_at
    state = step(state, approval.RaiseEscalation(level=EscalationLevel.OVERDUE), overdue_at)
    late = overdue_at + timedelta(hours=2)
    events = approval.decide(state, ANNUAL_PACKAGE, approval.SubmitDocuments(actor=DIRECTOR, items=ITEMS), ctx(late))
    submitted, resolved = events
    assert isinstance(submitted, approval.DocumentsSubmitted) and submitted.late
    assert isinstance(resolved, EscalationResolved) and resolved.level == EscalationLevel.OVERDUE
    state = approval.evolve_all(state, events)
    returned_at = datetime(2026, 12, 22, 6, tzinfo=UTC)  # 11:00 local on Tuesday 22.12.2026
    state = step(state, approval.DecideSubmission(actor=CURATOR, action="return", comment="Нет подписи"), returned_at)
    assert state.status == approval.ApprovalStatus.RETURNED
    assert state.deadline.effective.isoformat() == "2026-12-29"  # 5 working days after the return
    assert state.original_deadline.effective.isoformat() == "2026-12-21"
    assert state.phase == 1 and state.raised_levels == frozenset()
    # The reminder of the new phase (22.12 09:00 local) came before the return: skipped; overdue comes next.
    upcoming = approval.next_escalation(state, ANNUAL_PACKAGE, ctx(returned_at))
    assert upcoming is not None and upcoming.level == EscalationLevel.OVERDUE
    raised = approval.decide(state, ANNUAL_PACKAGE, approval.RaiseEscalation(level=upcoming.level), ctx(upcoming.at))
    assert isinstance(raised[0], EscalationRaised) and raised[0].escalation_id.endswith(":1:overdue")


def test_a_return_early_keeps_the_original_deadline() -> None:
    state = step(opened(), approval.SubmitDocuments(actor=DIRECTOR, items=ITEMS))
    state = step(state, approval.DecideSubmission(actor=CURATOR, action="return", comment="Исправьте схему"))
    assert state.deadline == state.original_deadline


def test_each_level_is_raised_once_per_phase() -> None:
    state = step(opened(), approval.RaiseEscalation(level=EscalationLevel.REMINDER))
    assert refused(state, approval.RaiseEscalation(level=EscalationLevel.REMINDER)).code == "already_raised"
