"""Quotas (количественные нормы) without I/O: two methodological products a year to the Expert Council (order 135-р
п. 2.4.2) and the coverage of every institution of the monitoring plan (п. 4.1) — when a quota is met, when the risk
is raised at the end of the third quarter, what is refused and why."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain import quota
from domain.calendar import ProductionCalendar
from domain.common import Actor, DomainError, DomainEvent
from domain.deadlines import deadline_on, end_of_day, instances
from domain.escalation import EscalationLevel, EscalationRaised, EscalationResolved
from domain.files import FileFormat, FileRef
from domain.obligations import (
    CancelObligation,
    Context,
    ObligationCancelled,
    ObligationOpened,
    ObligationRef,
    RaiseEscalation,
)
from domain.people import Role
from domain.regulations.khmao.order_135r import INSTITUTION_MONITORING, PRODUCT_QUOTA, REGULATION, TIMEZONE
from domain.regulations.model import Obligation

# Weekends, the New Year holidays and 8 March: enough of a calendar for what quotas count in working days.
HOLIDAYS = frozenset(
    {*(date(2027, 1, day) for day in range(1, 9)), date(2027, 3, 8), *(date(2028, 1, day) for day in range(1, 9))}
)
CALENDAR = ProductionCalendar(years=frozenset({2027, 2028}), holidays=HOLIDAYS)
YEAR = 2027
OPENED_AT = datetime(2027, 1, 11, 5, tzinfo=UTC)  # 10:00 local, Monday 11.01.2027
SPRING = datetime(2027, 4, 1, 6, tzinfo=UTC)
END_OF_Q3 = end_of_day(date(YEAR, 9, 30), TIMEZONE)

DIRECTOR = Actor(user_id="d", full_name="Директор площадки", roles=frozenset({Role.SITE_DIRECTOR}))
RESPONSIBLE = Actor(user_id="r", full_name="Ответственное лицо", roles=frozenset({Role.SITE_RESPONSIBLE}))
CURATOR = Actor(user_id="c", full_name="Куратор", roles=frozenset({Role.CURATOR}))

TARGETS = ("Сургутский центр", "Нефтеюганский центр", "Когалымский центр", "Урайский центр")


def ctx(now: datetime) -> Context:
    return Context(now=now, calendar=CALENDAR, timezone=TIMEZONE)


def opened(obligation: Obligation, at: datetime = OPENED_AT) -> quota.QuotaState:
    """The instance of the year as the cycle opens it: the period is the year, the deadline its last day."""
    (instance,) = instances(obligation.deadline, YEAR, CALENDAR)
    event = ObligationOpened(
        occurred_at=at,
        ref=ObligationRef(
            obligation_id=f"cycle:1.1.5:{YEAR}:{obligation.key}:{instance.instance}",
            cycle_id=f"cycle:1.1.5:{YEAR}",
            site_id="1.1.5",
            year=YEAR,
            key=obligation.key,
            instance=instance.instance,
        ),
        obligation=obligation,
        regulation_id="khmao-135r",
        regulation_version=1,
        deadline=deadline_on(instance.nominal, CALENDAR, TIMEZONE),
        period=instance.period,
    )
    return quota.initial_state(event, quota.is_coverage(obligation))


def products() -> quota.QuotaState:
    return opened(PRODUCT_QUOTA)


def coverage() -> quota.QuotaState:
    return opened(INSTITUTION_MONITORING)


def ref(name: str, file_format: FileFormat = FileFormat.DOCX) -> FileRef:
    return FileRef(file_id=name, filename=f"{name}.{file_format.value}", format=file_format, size=10, sha256="0" * 64)


def product(title: str = "Модельная программа «Серебряный возраст»", actor: Actor = DIRECTOR) -> quota.RecordItem:
    return quota.RecordItem(actor=actor, title=title, item_kind="программа", items={"product": ref("product")})


def plan(targets: tuple[str, ...] = TARGETS, actor: Actor = DIRECTOR) -> quota.ApprovePlan:
    return quota.ApprovePlan(actor=actor, targets=targets, items={"monitoring_plan": ref("plan")})


def monitored(target: str, on: date = date(2027, 3, 5), actor: Actor = RESPONSIBLE) -> quota.CompleteMonitoring:
    return quota.CompleteMonitoring(actor=actor, target=target, completed_on=on)


def obligation_of(state: quota.QuotaState) -> Obligation:
    return INSTITUTION_MONITORING if state.coverage else PRODUCT_QUOTA


def decided(state: quota.QuotaState, command: quota.QuotaCommand, now: datetime = SPRING) -> list[DomainEvent]:
    return quota.decide(state, obligation_of(state), command, ctx(now))


def step(state: quota.QuotaState, command: quota.QuotaCommand, now: datetime = SPRING) -> quota.QuotaState:
    return quota.evolve_all(state, decided(state, command, now))


def refused(state: quota.QuotaState, command: quota.QuotaCommand, now: datetime = SPRING) -> DomainError:
    with pytest.raises(DomainError) as error:
        decided(state, command, now)
    return error.value


def upcoming(state: quota.QuotaState, now: datetime = SPRING) -> tuple[EscalationLevel, datetime] | None:
    scheduled = quota.next_escalation(state, obligation_of(state), ctx(now))
    return None if scheduled is None else (scheduled.level, scheduled.at)


# --- a quota of items -------------------------------------------------------------------------------------------


def test_the_second_product_meets_the_quota_of_two() -> None:
    first = decided(products(), product())
    assert [type(event) for event in first] == [quota.QuotaItemRecorded]
    state = quota.evolve_all(products(), first)
    assert (state.status, state.progress, state.target) == (quota.QuotaStatus.OPEN, 1, 2)

    second = decided(state, product("Технология «Школа ухода»"))
    recorded, met = second
    assert isinstance(recorded, quota.QuotaItemRecorded) and recorded.item_no == 2
    assert isinstance(met, quota.QuotaMet) and (met.count, met.target) == (2, 2)
    state = quota.evolve_all(state, second)
    assert state.status == quota.QuotaStatus.MET
    assert upcoming(state) is None  # nothing to escalate once met


def test_a_met_quota_takes_more_products_until_the_year_ends() -> None:
    state = step(step(products(), product()), product("Проект «Активное долголетие»"))
    third = decided(state, product("Технология «Семейный уход»"))
    assert [type(event) for event in third] == [quota.QuotaItemRecorded]  # no second QuotaMet
    assert quota.evolve_all(state, third).items == 3
    assert not quota.done(state, state.deadline.ends_at - timedelta(seconds=1))
    assert quota.done(state, state.deadline.ends_at)


def test_the_year_ends_on_31_december_local() -> None:
    state = products()
    assert state.deadline.effective == date(2027, 12, 31)
    assert state.deadline.ends_at == datetime(2027, 12, 31, 19, tzinfo=UTC)  # midnight in Yekaterinburg (UTC+5)


def test_a_risk_is_raised_at_the_end_of_q3_when_the_quota_is_behind() -> None:
    state = step(products(), product())
    assert upcoming(state) == (EscalationLevel.RISK, END_OF_Q3)
    (raised,) = decided(state, RaiseEscalation(level=EscalationLevel.RISK), END_OF_Q3)
    assert isinstance(raised, EscalationRaised)
    assert raised.level == EscalationLevel.RISK and set(raised.notify) == {Role.SITE_DIRECTOR, Role.CURATOR}
    state = quota.evolve_all(state, [raised])
    # After the risk, the breach when the year ends unmet: no reminder for a quota.
    assert upcoming(state, END_OF_Q3) == (EscalationLevel.OVERDUE, state.deadline.ends_at)
    assert refused(state, RaiseEscalation(level=EscalationLevel.RISK), END_OF_Q3).code == "unknown_level"


def test_an_obligation_opened_after_q3_raises_no_risk_at_once() -> None:
    state = opened(PRODUCT_QUOTA, at=datetime(2027, 10, 4, 5, tzinfo=UTC))
    assert upcoming(state) == (EscalationLevel.OVERDUE, state.deadline.ends_at)


def test_meeting_the_quota_late_closes_the_open_escalations() -> None:
    state = step(products(), RaiseEscalation(level=EscalationLevel.RISK), END_OF_Q3)
    state = step(state, product(), END_OF_Q3)
    events = decided(state, product("Проект «Мобильная бригада»"), END_OF_Q3 + timedelta(days=3))
    assert [type(event) for event in events] == [quota.QuotaItemRecorded, EscalationResolved, quota.QuotaMet]
    resolved = events[1]
    assert isinstance(resolved, EscalationResolved)
    assert (resolved.level, resolved.resolution) == (EscalationLevel.RISK, "met")
    assert quota.evolve_all(state, events).open_escalations == ()


def test_who_and_what_may_be_recorded() -> None:
    assert refused(products(), product(actor=CURATOR)).code == "not_allowed"
    assert step(products(), product(actor=RESPONSIBLE)).items == 1
    no_title = refused(products(), product(title="  "))
    assert (no_title.code, no_title.field) == ("title_required", "title")
    no_file = refused(products(), quota.RecordItem(actor=DIRECTOR, title="Программа", items={}))
    assert no_file.code == "missing_items"
    assert refused(products(), plan()).code == "wrong_command"
    assert refused(products(), monitored(TARGETS[0])).code == "wrong_command"


def test_a_revoked_site_closes_an_unmet_quota_but_not_a_met_one() -> None:
    state = step(products(), RaiseEscalation(level=EscalationLevel.RISK), END_OF_Q3)
    events = decided(state, CancelObligation(reason="Статус прекращен"), END_OF_Q3)
    assert [type(event) for event in events] == [EscalationResolved, ObligationCancelled]
    cancelled = quota.evolve_all(state, events)
    assert cancelled.status == quota.QuotaStatus.CANCELLED
    assert quota.done(cancelled, END_OF_Q3) and upcoming(cancelled, END_OF_Q3) is None
    assert refused(cancelled, product()).code == "cancelled"

    met = step(step(products(), product()), product("Проект «Забота рядом»"))
    assert decided(met, CancelObligation(reason="Статус прекращен")) == []


# --- coverage of the monitoring plan ------------------------------------------------------------------------------


def test_coverage_counts_the_plan_s_institutions_once_each() -> None:
    assert refused(coverage(), monitored(TARGETS[0])).code == "plan_required"
    state = step(coverage(), plan((" Сургутский центр ", *TARGETS)))
    assert state.targets == TARGETS  # trimmed, each once
    state = step(state, monitored(TARGETS[0]))
    state = step(state, monitored(TARGETS[0], on=date(2027, 3, 10)))
    assert (state.progress, state.target) == (1, 4)


def test_the_last_institution_of_the_plan_meets_the_coverage() -> None:
    state = step(coverage(), plan())
    for target in TARGETS[:3]:
        state = step(state, monitored(target))
    completed, met = decided(state, monitored(TARGETS[3]))
    assert isinstance(completed, quota.MonitoringCompleted) and completed.covered == 4
    assert isinstance(met, quota.QuotaMet) and (met.count, met.target) == (4, 4)


def test_a_completed_monitoring_owes_its_spravka_within_10_working_days() -> None:
    (completed,) = decided(step(coverage(), plan()), monitored(TARGETS[0], on=date(2027, 3, 5)))
    assert isinstance(completed, quota.MonitoringCompleted)
    # Friday 05.03; the weekend and 8 March are not counted: 9–12, 15–19, 22 March.
    assert completed.spravka_due == date(2027, 3, 22)


@pytest.mark.parametrize(("covered", "at_risk"), [(0, True), (2, True), (3, False)])
def test_a_risk_is_raised_at_the_end_of_q3_when_coverage_is_under_75_percent(covered: int, at_risk: bool) -> None:
    state = step(coverage(), plan())
    for target in TARGETS[:covered]:
        state = step(state, monitored(target))
    expected = (EscalationLevel.RISK, END_OF_Q3) if at_risk else (EscalationLevel.OVERDUE, state.deadline.ends_at)
    assert upcoming(state) == expected


def test_no_approved_plan_by_the_end_of_q3_is_a_risk() -> None:
    assert upcoming(coverage()) == (EscalationLevel.RISK, END_OF_Q3)


def test_a_plan_may_be_narrowed_but_never_drop_a_covered_institution() -> None:
    state = step(step(step(coverage(), plan()), monitored(TARGETS[0])), monitored(TARGETS[1]))
    dropped = refused(state, plan(TARGETS[1:]))
    assert (dropped.code, dropped.field) == ("covered_dropped", "targets")
    assert TARGETS[0] in dropped.message
    approved, met = decided(state, plan(TARGETS[:2]))
    assert isinstance(approved, quota.MonitoringPlanApproved)
    assert isinstance(met, quota.QuotaMet) and (met.count, met.target) == (2, 2)


def test_who_approves_the_plan_and_what_a_completion_must_say() -> None:
    assert refused(coverage(), plan(actor=RESPONSIBLE)).code == "not_allowed"
    assert refused(coverage(), plan(targets=(" ",))).code == "targets_required"
    assert refused(coverage(), quota.ApprovePlan(actor=DIRECTOR, targets=TARGETS, items={})).code == "missing_items"
    state = step(coverage(), plan())
    assert refused(state, monitored(TARGETS[0], actor=CURATOR)).code == "not_allowed"
    assert refused(state, monitored("Чужой центр")).code == "not_in_plan"
    assert refused(state, monitored(TARGETS[0], on=date(2027, 4, 2))).code == "completed_in_future"
    assert refused(state, monitored(TARGETS[0], on=date(2026, 12, 30))).code == "completed_outside_year"
    assert refused(state, product()).code == "wrong_command"


# --- one rule for the risk (D41) ----------------------------------------------------------------------------------


def test_the_risk_moment_is_one_rule_in_code_regulation_and_decision() -> None:
    """The code checks the risk when the third quarter ends (30 September, end of the day in the region); the
    obligations' notes and decision D41 say the same moment, not «in the fourth quarter»."""
    assert quota.risk_check_day(YEAR) == date(YEAR, 9, 30)
    assert upcoming(coverage()) == (EscalationLevel.RISK, end_of_day(date(YEAR, 9, 30), TIMEZONE))
    # The moment is the last instant of Q3 local time: the first day of Q4 is already «at risk».
    assert END_OF_Q3.astimezone(ZoneInfo(TIMEZONE)).date() == date(YEAR, 10, 1)
    for obligation in (INSTITUTION_MONITORING, PRODUCT_QUOTA):
        assert "D41" in obligation.decisions
        assert "по окончании III квартала" in obligation.note and "30 сентября" in obligation.note
        assert "IV квартал" not in obligation.note
    (d41,) = [d for d in REGULATION.decisions if d.id == "D41"]
    assert "по окончании III квартала" in d41.decision and "30 сентября" in d41.decision
