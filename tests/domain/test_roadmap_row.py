"""Dated roadmap rows as obligations (D42–D45), without a database: which rows of an approved roadmap are held to
a date, which open dates an accepted quarterly report closes, and the row's own state machine — marked done with
evidence, said done by a report, escalated on its ladder, closed as not done with its cycle."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from api.calendar.service import production_calendar
from domain.calendar import ProductionCalendar
from domain.common import Actor, DomainError
from domain.deadlines import deadline_on
from domain.escalation import EscalationLevel, EscalationRaised, EscalationResolved
from domain.obligations import Context, ObligationOpened, ObligationRef, RaiseEscalation
from domain.payloads import PackageData, checked_data
from domain.people import Role
from domain.regulations.catalog import regulation
from domain.roadmap.model import RoadmapRow, RoadmapRowStatus
from domain.roadmap_row import (
    CloseRow,
    MarkRowDone,
    ReportedDone,
    RoadmapRowDone,
    RoadmapRowNotDone,
    RowStatus,
    dated_rows,
    decide,
    evolve_all,
    initial_state,
    next_escalation,
    reported_instances,
    row_obligation,
)
from innocycle.demo_files import package_data

TZ = "Asia/Yekaterinburg"
YEAR = 2027
RULES = regulation("khmao-135r")
TEMPLATE = RULES.roadmap_row
assert TEMPLATE is not None
CALENDAR = production_calendar(range(YEAR - 1, YEAR + 2))


def _calendar() -> ProductionCalendar:
    return CALENDAR


def _approved_rows() -> tuple[RoadmapRow, ...]:
    data = PackageData.model_validate(package_data(YEAR))
    plan = RULES.obligation("package")
    ctx = Context(now=datetime(YEAR - 1, 12, 10, tzinfo=UTC), calendar=_calendar(), timezone=TZ, plan_year=YEAR)
    checked = checked_data(plan, data, ctx.data_context())
    assert isinstance(checked, PackageData)
    return checked.roadmap


def test_rows_dated_by_a_day_or_a_month_are_tracked_one_instance_per_date() -> None:
    dated = dated_rows(_approved_rows(), YEAR, date(YEAR - 1, 12, 10))
    assert [(d.row.no, d.instance, d.due) for d in dated] == [
        ("1.1", "1.1", date(YEAR, 2, 28)),  # «февраль»
        ("1.2", "1.2-1", date(YEAR, 6, 30)),  # «июнь, ноябрь»: two dates
        ("1.2", "1.2-2", date(YEAR, 11, 30)),
        ("3.2", "3.2", date(YEAR, 10, 31)),  # «октябрь 2027»
    ]
    # Not «Постоянно» (2.1), not the quarterly row another organisation performs (3.1); and nothing due before the
    # roadmap was approved.
    later = dated_rows(_approved_rows(), YEAR, date(YEAR, 7, 1))
    assert [d.instance for d in later] == ["1.2-2", "3.2"]


def test_a_report_closes_the_dates_due_in_its_quarter_or_else_the_earliest_open_one() -> None:
    open_rows = [
        ("1.1", "1.1", date(YEAR, 2, 28)),
        ("1.2", "1.2-1", date(YEAR, 6, 30)),
        ("1.2", "1.2-2", date(YEAR, 11, 30)),
    ]
    statuses = (
        RoadmapRowStatus(no="1.1", status="done", fact_date=date(YEAR, 2, 20)),
        RoadmapRowStatus(no="1.2", status="done", fact_date=date(YEAR, 3, 10)),
    )
    # Q1: row 1.1 is due in it; row 1.2 has no date in Q1, so its earliest open date is closed (done ahead of time).
    assert reported_instances(statuses, date(YEAR, 3, 31), open_rows) == [
        ("1.1", date(YEAR, 2, 20)),
        ("1.2-1", date(YEAR, 3, 10)),
    ]
    # «moved» and «in_progress» close nothing.
    moved = (RoadmapRowStatus(no="1.1", status="moved", moved_to="апрель"),)
    assert reported_instances(moved, date(YEAR, 3, 31), open_rows) == []


def _opened() -> tuple[ObligationOpened, Context]:
    dated = dated_rows(_approved_rows(), YEAR, date(YEAR - 1, 12, 10))[0]
    assert TEMPLATE is not None
    rule = row_obligation(TEMPLATE, dated, YEAR)
    calendar = _calendar()
    ref = ObligationRef(
        obligation_id=f"cycle:1.1.5:{YEAR}:roadmap_row:1.1",
        cycle_id=f"cycle:1.1.5:{YEAR}",
        site_id="1.1.5",
        year=YEAR,
        key="roadmap_row",
        instance="1.1",
    )
    opened = ObligationOpened(
        occurred_at=datetime(YEAR - 1, 12, 10, tzinfo=UTC),
        ref=ref,
        obligation=rule,
        regulation_id=RULES.id,
        regulation_version=RULES.version,
        deadline=deadline_on(dated.due, calendar, TZ),
        runner="roadmap_row",
    )
    return opened, Context(now=datetime(YEAR, 3, 20, 6, tzinfo=UTC), calendar=calendar, timezone=TZ)


DIRECTOR = Actor(user_id="u1", full_name="Гладких Елена Юрьевна", roles=frozenset({Role.SITE_DIRECTOR}))
CURATOR = Actor(user_id="u2", full_name="Ширяева Марина Анатольевна", roles=frozenset({Role.CURATOR}))


def test_a_row_climbs_its_ladder_and_a_mark_with_evidence_closes_it() -> None:
    opened, ctx = _opened()
    rule = opened.obligation
    assert rule.title == "Дорожная карта, строка 1.1: Актуализация положения, алгоритма взаимодействия и отчетных форм"
    state = initial_state(opened)
    assert opened.deadline.effective == date(YEAR, 3, 1)  # Sunday 28.02 rolls to Monday
    raised = []
    for level in (EscalationLevel.REMINDER, EscalationLevel.OVERDUE, EscalationLevel.LEVEL2):
        step = next_escalation(state, rule, ctx)
        assert step is not None and step.level == level
        events = decide(state, rule, RaiseEscalation(level=level), ctx)
        raised += events
        state = evolve_all(state, events)
    assert next_escalation(state, rule, ctx) is None  # no Department step for a row (D43)
    assert [e.notify for e in raised if isinstance(e, EscalationRaised)][1] == (Role.SITE_DIRECTOR, Role.CURATOR)

    today = date(YEAR, 3, 20)
    with pytest.raises(DomainError) as no_evidence:
        decide(state, rule, MarkRowDone(actor=DIRECTOR, fact_date=today), ctx)
    assert (no_evidence.value.code, no_evidence.value.field) == ("evidence_required", "note")
    with pytest.raises(DomainError) as future:
        decide(state, rule, MarkRowDone(actor=DIRECTOR, fact_date=date(YEAR, 3, 25), note="x"), ctx)
    assert future.value.code == "fact_date_future"
    with pytest.raises(DomainError) as curator:
        decide(state, rule, MarkRowDone(actor=CURATOR, fact_date=today, note="x"), ctx)
    assert curator.value.code == "not_allowed"

    events = decide(state, rule, MarkRowDone(actor=DIRECTOR, fact_date=today, note="Положение утверждено"), ctx)
    assert [type(e) for e in events] == [EscalationResolved] * 3 + [RoadmapRowDone]
    assert {e.resolution for e in events if isinstance(e, EscalationResolved)} == {"done"}
    state = evolve_all(state, events)
    assert state.status == RowStatus.DONE and state.done_on == today
    # A report saying so later, or the cycle closing, changes nothing; a second mark is refused.
    assert decide(state, rule, ReportedDone(report_id="q1", fact_date=today), ctx) == []
    assert decide(state, rule, CloseRow(), ctx) == []
    with pytest.raises(DomainError):
        decide(state, rule, MarkRowDone(actor=DIRECTOR, fact_date=today, note="ещё"), ctx)


def test_a_row_never_done_closes_with_its_cycle_as_not_done() -> None:
    opened, ctx = _opened()
    rule = opened.obligation
    state = initial_state(opened)
    state = evolve_all(state, decide(state, rule, RaiseEscalation(level=EscalationLevel.REMINDER), ctx))
    events = decide(state, rule, CloseRow(), ctx)
    assert [type(e) for e in events] == [EscalationResolved, RoadmapRowNotDone]
    assert events[0].resolution == "year_closed"  # type: ignore[attr-defined]
    assert evolve_all(state, events).status == RowStatus.NOT_DONE


def test_a_report_marks_the_row_done_on_the_date_it_gives() -> None:
    opened, ctx = _opened()
    state = initial_state(opened)
    events = decide(state, opened.obligation, ReportedDone(report_id="q1", fact_date=date(YEAR, 2, 26)), ctx)
    done = events[-1]
    assert isinstance(done, RoadmapRowDone) and done.source == "report" and done.on == date(YEAR, 2, 26)
    assert done.done_by is None
