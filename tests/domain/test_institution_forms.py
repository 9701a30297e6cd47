"""Every institution reports (order 135-р п. 5.2, decisions D34–D37), without I/O: one obligation instance of the
forms per institution that reports to the site, the Q4 target before the New Year holidays, the site's report
refused while an institution's forms are missing unless the site said why, the standing duties' state."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from api.calendar.service import production_calendar
from domain.common import Actor, DomainError
from domain.cycle import instance_institution, planned_obligations, snapshot_for
from domain.deadlines import deadline_on
from domain.files import FileFormat, FileRef
from domain.obligations import Context, ObligationOpened, ObligationRef
from domain.payloads import IndicatorValue, ReportData, StandingDutyState
from domain.people import Role
from domain.regulations.catalog import regulation
from domain.regulations.khmao.order_135r import QUARTERLY_REPORT, STANDING_DUTIES, TIMEZONE
from domain.regulations.khmao.sites import site_by_id
from domain.submission.events import SubmissionApproved, SubmissionStatus
from domain.submission.machine import decide, evolve_all
from domain.submission.model import DecideSubmission, SubmissionState, SubmitDocuments, initial_state

CALENDAR = production_calendar(range(2025, 2029))
RULES = regulation("khmao-135r")
DIRECTOR = Actor(user_id="d", full_name="Директор", roles=frozenset({Role.SITE_DIRECTOR}))
CURATOR = Actor(user_id="c", full_name="Куратор", roles=frozenset({Role.CURATOR}))
OPENED_AT = datetime(2026, 3, 31, 19, tzinfo=UTC)


def _forms(site_id: str, year: int = 2026) -> dict[str, tuple[date | None, date | None, datetime | None]]:
    snapshot = snapshot_for(RULES, site_by_id(site_id), year)
    return {
        p.instance: (p.nominal_due, p.internal_target, p.opens_at)
        for p in planned_obligations(snapshot, year, CALENDAR)
        if p.obligation.key == "institution_quarterly_report"
    }


def test_each_named_institution_has_its_own_forms_every_quarter() -> None:
    forms = _forms("1.2.3")  # OP18 names two state institutions in its roadmap (D35)
    assert sorted(forms) == sorted(
        f"Q{q}-{i}" for q in range(1, 5) for i in ("khanty-mansiysk-family-center", "megion-kcson")
    )
    rule = RULES.obligation("institution_quarterly_report")
    assert instance_institution(rule, "Q1-megion-kcson") == "megion-kcson"
    assert instance_institution(rule, "Q1") is None
    # a site that named none keeps one instance per quarter, sent by any institution (D35)
    assert sorted(_forms("1.1.4")) == ["Q1", "Q2", "Q3", "Q4"]


def test_q4_forms_have_a_target_on_the_last_working_day_of_december_and_keep_the_legal_date() -> None:
    nominal, target, opens = _forms("1.2.3")["Q4-megion-kcson"]
    assert nominal == date(2027, 1, 1)  # the legal date (5.2) stays; ГК РФ ст. 193 rolls it
    assert deadline_on(date(2027, 1, 1), CALENDAR, TIMEZONE).effective == date(2027, 1, 11)
    assert target == date(2026, 12, 30)  # 31.12.2026 is a day off by decree
    assert opens is not None and opens.astimezone(UTC).date() == date(2026, 11, 30)  # 1 December, local midnight
    assert _forms("1.2.3")["Q3-megion-kcson"][1] is None  # only Q4 has the target
    rule = RULES.obligation("institution_quarterly_report")
    assert "D36" in rule.decisions
    assert rule.internal_target is not None
    assert rule.internal_target.describe_ru() == "последний рабочий день IV квартала"


def _report_state(reason: str = "") -> SubmissionState:
    opened = ObligationOpened(
        occurred_at=OPENED_AT,
        ref=ObligationRef(
            obligation_id="cycle:1.2.3:2026:quarterly_report:Q1",
            cycle_id="cycle:1.2.3:2026",
            site_id="1.2.3",
            year=2026,
            key="quarterly_report",
            instance="Q1",
        ),
        obligation=QUARTERLY_REPORT,
        regulation_id="khmao-135r",
        regulation_version=1,
        deadline=deadline_on(date(2026, 4, 5), CALENDAR, TIMEZONE),
    )
    state = initial_state(opened)
    xlsx = FileRef(file_id="f", filename="f.xlsx", format=FileFormat.XLSX, size=1, sha256="0" * 64)
    data = ReportData(
        indicators=tuple(IndicatorValue(key=k, period_value=1, ytd_value=1) for k in QUARTERLY_REPORT.indicators),
        institutions_missing_reason=reason,
    )
    submit = SubmitDocuments(actor=DIRECTOR, items={"report_forms": xlsx, "activity_info": xlsx}, data=data)
    return evolve_all(state, decide(state, QUARTERLY_REPORT, submit, _ctx()))


def _ctx() -> Context:
    return Context(now=datetime(2026, 4, 2, 6, tzinfo=UTC), calendar=CALENDAR, timezone=TIMEZONE)


def test_the_report_is_refused_while_an_institution_is_missing() -> None:
    state = _report_state()
    accept = DecideSubmission(actor=CURATOR, action="approve", institutions_missing=("БУ «Мегионский КЦСОН»",))
    with pytest.raises(DomainError) as refused:
        decide(state, QUARTERLY_REPORT, accept, _ctx())
    assert refused.value.code == "institution_forms_missing"
    assert "Мегионский КЦСОН" in refused.value.message
    # …returning it stays possible, and once the forms are in it is accepted
    back = DecideSubmission(actor=CURATOR, action="return", comment="Нет форм учреждения")
    assert decide(state, QUARTERLY_REPORT, back, _ctx())
    events = decide(state, QUARTERLY_REPORT, DecideSubmission(actor=CURATOR, action="approve"), _ctx())
    assert evolve_all(state, events).status == SubmissionStatus.APPROVED


def test_the_report_is_accepted_without_an_institution_when_the_site_says_why() -> None:
    state = _report_state(reason="Учреждение реорганизовано в марте")
    accept = DecideSubmission(actor=CURATOR, action="approve", institutions_missing=("БУ «Мегионский КЦСОН»",))
    events = decide(state, QUARTERLY_REPORT, accept, _ctx())
    approved = next(e for e in events if isinstance(e, SubmissionApproved))
    assert approved.institutions_missing == ("БУ «Мегионский КЦСОН»",)
    assert approved.missing_reason == "Учреждение реорганизовано в марте"


def test_the_report_asks_for_the_state_of_each_standing_duty() -> None:
    assert set(STANDING_DUTIES) == {
        "unified_structure",
        "coordination_support",
        "responsible_persons",
        "specialists_registry",
        "public_information",
        "internship_platforms",
        "institution_responsible_persons",
    }
    clauses = {RULES.obligation(key).citation.clause for key in STANDING_DUTIES}
    assert clauses == {"2", "2.1", "2.2", "2.4.1", "2.4.5", "2.4.6", "5.1"}
    state = _report_state()
    assert state.last_submission is not None
    xlsx = FileRef(file_id="f", filename="f.xlsx", format=FileFormat.XLSX, size=1, sha256="0" * 64)
    base = state.last_submission.data
    assert isinstance(base, ReportData)
    fresh = initial_state(
        ObligationOpened(
            occurred_at=OPENED_AT,
            ref=ObligationRef(
                obligation_id="x", cycle_id="y", site_id="1.2.3", year=2026, key="quarterly_report", instance="Q2"
            ),
            obligation=QUARTERLY_REPORT,
            regulation_id="khmao-135r",
            regulation_version=1,
            deadline=deadline_on(date(2026, 7, 5), CALENDAR, TIMEZONE),
        )
    )
    for states, code in (
        ((StandingDutyState(key="nonsense", state="done"),), "unknown_standing_duty"),
        ((StandingDutyState(key="public_information", state="done", link="vk.com/site"),), "standing_link"),
        (
            (
                StandingDutyState(key="responsible_persons", state="done"),
                StandingDutyState(key="responsible_persons", state="in_progress"),
            ),
            "standing_duty_twice",
        ),
    ):
        submit = SubmitDocuments(
            actor=DIRECTOR,
            items={"report_forms": xlsx, "activity_info": xlsx},
            data=base.model_copy(update={"standing": states}),
        )
        with pytest.raises(DomainError) as refused:
            decide(fresh, QUARTERLY_REPORT, submit, _ctx())
        assert refused.value.code == code
    good = (StandingDutyState(key="public_information", state="done", link="https://example.ru/rc"),)
    submit = SubmitDocuments(
        actor=DIRECTOR,
        items={"report_forms": xlsx, "activity_info": xlsx},
        data=base.model_copy(update={"standing": good}),
    )
    assert decide(fresh, QUARTERLY_REPORT, submit, _ctx())
