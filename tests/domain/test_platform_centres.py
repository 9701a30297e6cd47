"""A Vologda platform's participating centres and their quarterly figures (decision D11), without I/O: the cycle
plans one request per centre and quarter — the centres named when it opens for every quarter, a centre told later
only for the quarters whose deadline (the 5th) has not passed —, withdraws those of a centre removed and plans again
those not opened when it comes back; the platform's summary is not accepted without a centre's accepted figures
unless the platform gave a reason for that centre; a request withdrawn cancels only what was not sent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from api.calendar.service import production_calendar
from domain.common import Actor, DomainError
from domain.cycle import Held, change_of_institutions, planned_obligations, snapshot_for, withdrawal_reason
from domain.deadlines import deadline_on
from domain.files import FileFormat, FileRef
from domain.obligations import CancelObligation, Context, ObligationCancelled, ObligationOpened, ObligationRef
from domain.payloads import DataContext, Figure, MissingCentre, MonitoringData, checked_data
from domain.people import Role
from domain.platform.cumulative import consolidate
from domain.regulations.catalog import regulation
from domain.regulations.khmao.sites import site_by_id
from domain.regulations.vologda import (
    CENTRE_MONITORING,
    DISTRICT_SERVICE_MEASURES,
    QUARTERLY_MONITORING,
    REGULATION,
    TIMEZONE,
)
from domain.sites import Site, SiteStatus
from domain.submission.events import SubmissionApproved, SubmissionStatus
from domain.submission.machine import decide, evolve_all
from domain.submission.model import DecideSubmission, SubmissionState, SubmitDocuments, initial_state

YEAR = 2027
CALENDAR = production_calendar(range(2026, 2029))
MSK = ZoneInfo(TIMEZONE)
PLATFORM = Site(
    id="vo-omp",
    region_id="35",
    institution_id="host",
    direction_id="vo-omp",
    status=SiteStatus.METHODOLOGICAL_PLATFORM,
    code="ОМП",
    polozhenie="",
    citation="",
)
RESPONSIBLE = Actor(user_id="r", full_name="Руководитель ОМП", roles=frozenset({Role.SITE_RESPONSIBLE}))
CURATOR = Actor(user_id="c", full_name="Куратор", roles=frozenset({Role.CURATOR}))
CENTRE = Actor(user_id="k", full_name="Ответственный центра", roles=frozenset({Role.INSTITUTION_RESPONSIBLE}))
FIGURES = {
    "families": "60",
    "people": "75",
    "urgent": "20",
    "accompanied": "6",
    "patronage": "4",
    "staff_units": "55.5",
}


def snapshot(*centres: str):  # type: ignore[no-untyped-def]
    taken = snapshot_for(REGULATION, PLATFORM, YEAR)
    return taken.model_copy(update={"reporting_institutions": centres})


def centre_instances(*centres: str) -> list[str]:
    planned = planned_obligations(snapshot(*centres), YEAR, CALENDAR)
    return sorted(p.instance for p in planned if p.obligation.key == "centre_monitoring")


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=MSK)


def test_the_centres_named_when_the_cycle_opens_owe_every_quarter_and_none_is_owed_without_them() -> None:
    assert centre_instances("babushkino", "sokol") == sorted(
        f"Q{q}-{c}" for q in range(1, 5) for c in ("babushkino", "sokol")
    )
    assert centre_instances() == []  # never one request for the platform as a whole (unlike KhMAO D35)
    q1 = next(
        p
        for p in planned_obligations(snapshot("sokol"), YEAR, CALENDAR)
        if p.instance == "Q1-sokol" and p.obligation.key == "centre_monitoring"
    )
    assert q1.nominal_due == date(YEAR, 4, 5)  # by the 5th of the month after the quarter
    platform_q1 = next(
        p for p in planned_obligations(snapshot(), YEAR, CALENDAR) if p.obligation.key == "quarterly_monitoring"
    )
    assert platform_q1.nominal_due == date(YEAR, 4, 15)  # the platform's summary by the 15th
    assert CENTRE_MONITORING.ladder is not None and CENTRE_MONITORING.submitters == (Role.INSTITUTION_RESPONSIBLE,)


def test_a_centre_told_later_owes_only_the_quarters_whose_deadline_is_ahead() -> None:
    q1_due = deadline_on(date(YEAR, 4, 5), CALENDAR, TIMEZONE)  # 5.04.2027 is a Monday
    before = change_of_institutions(snapshot(), YEAR, CALENDAR, ("sokol",), {}, at(date(YEAR, 4, 2)))
    assert sorted(p.instance for p in before.plan) == ["Q1-sokol", "Q2-sokol", "Q3-sokol", "Q4-sokol"]
    on_the_day = change_of_institutions(snapshot(), YEAR, CALENDAR, ("sokol",), {}, at(q1_due.effective, 23))
    assert "Q1-sokol" in {p.instance for p in on_the_day.plan}  # until the end of its last day
    after = change_of_institutions(snapshot(), YEAR, CALENDAR, ("sokol",), {}, at(date(YEAR, 4, 6)))
    assert sorted(p.instance for p in after.plan) == ["Q2-sokol", "Q3-sokol", "Q4-sokol"]
    assert after.withdraw == ()
    # The Q2 request opens when the quarter ends (the end of 30 June in Moscow), as every report does.
    q2 = next(p for p in after.plan if p.instance == "Q2-sokol")
    assert q2.opens_at == datetime(YEAR, 7, 1, tzinfo=MSK)


def test_told_again_it_plans_nothing_twice_and_withdraws_a_removed_centre() -> None:
    held = {f"Q{q}-{c}": Held.PLANNED for q in (2, 3, 4) for c in ("sokol", "babushkino")}
    held["Q1-sokol"] = held["Q1-babushkino"] = Held.OPENED
    same = change_of_institutions(snapshot(), YEAR, CALENDAR, ("babushkino", "sokol"), held, at(date(YEAR, 5, 1)))
    assert same.plan == () and same.withdraw == ()
    fewer = change_of_institutions(snapshot(), YEAR, CALENDAR, ("sokol",), held, at(date(YEAR, 5, 1)))
    assert fewer.plan == ()
    assert fewer.withdraw == ("Q1-babushkino", "Q2-babushkino", "Q3-babushkino", "Q4-babushkino")
    # Back in the profile: what was withdrawn before it opened is planned again; the opened Q1 is not.
    held |= {f"Q{q}-babushkino": Held.WITHDRAWN for q in (2, 3, 4)}
    back = change_of_institutions(snapshot(), YEAR, CALENDAR, ("babushkino", "sokol"), held, at(date(YEAR, 5, 1)))
    assert sorted(p.instance for p in back.plan) == ["Q2-babushkino", "Q3-babushkino", "Q4-babushkino"]
    # An opened request told to withdraw (recalled) is neither withdrawn again nor planned again.
    held["Q1-babushkino"] = Held.RECALLED
    again = change_of_institutions(snapshot(), YEAR, CALENDAR, ("sokol",), held, at(date(YEAR, 5, 2)))
    assert again.withdraw == ()
    assert "исключен из участников ОМП (паспорт ОМП изменен 01.05.2027): запрос сведений отозван" in (
        withdrawal_reason(date(YEAR, 5, 1))
    )


def test_a_cycle_of_another_regime_plans_nothing_when_told() -> None:
    khmao = snapshot_for(regulation("khmao-135r"), site_by_id("1.2.3"), YEAR)
    assert change_of_institutions(khmao, YEAR, CALENDAR, ("x",), {}, at(date(YEAR, 1, 10))).plan == ()


def test_the_summary_starts_from_the_centres_sum() -> None:
    one = {k: Decimal(v) for k, v in FIGURES.items()}
    other = {**one, "people": Decimal(80), "staff_units": Decimal("40.25")}
    total = consolidate([one, other], DISTRICT_SERVICE_MEASURES)
    assert total["people"] == 155 and total["staff_units"] == Decimal("95.75")


# --- the platform's summary and the centres missing ---------------------------------------------------------


def _ref(key: str, instance: str) -> ObligationRef:
    return ObligationRef(
        obligation_id=f"cycle:vo-omp:{YEAR}:{key}:{instance}",
        cycle_id=f"cycle:vo-omp:{YEAR}",
        site_id="vo-omp",
        year=YEAR,
        key=key,
        instance=instance,
    )


def _ctx(day: date) -> Context:
    return Context(now=at(day).astimezone(UTC), calendar=CALENDAR, timezone=TIMEZONE)


def _opened(key: str, instance: str, rule: object, due: date) -> SubmissionState:
    return initial_state(
        ObligationOpened(
            occurred_at=at(date(YEAR, 3, 31), 23).astimezone(UTC),
            ref=_ref(key, instance),
            obligation=rule,  # type: ignore[arg-type]
            regulation_id=REGULATION.id,
            regulation_version=REGULATION.version,
            deadline=deadline_on(due, CALENDAR, TIMEZONE),
        )
    )


def _summary(*missing: MissingCentre) -> SubmissionState:
    state = _opened("quarterly_monitoring", "Q1", QUARTERLY_MONITORING, date(YEAR, 4, 15))
    xlsx = FileRef(file_id="f", filename="s.xlsx", format=FileFormat.XLSX, size=1, sha256="0" * 64)
    figures = tuple(Figure(key=k, amount=Decimal(v)) for k, v in FIGURES.items())
    data = MonitoringData(figures=figures, centres_missing=missing)
    submit = SubmitDocuments(actor=RESPONSIBLE, items={"summary": xlsx}, data=data)
    return evolve_all(state, decide(state, QUARTERLY_MONITORING, submit, _ctx(date(YEAR, 4, 12))))


SOKOL = "БУ СО ВО «КЦСОН Сокольского района»"
BABUSHKINO = "БУ СО ВО «КЦСОН Бабушкинского района»"


def _accept(*missing: tuple[str, str]) -> DecideSubmission:
    return DecideSubmission(
        actor=CURATOR,
        action="approve",
        institutions_missing=tuple(name for _id, name in missing),
        institutions_missing_ids=tuple(i for i, _name in missing),
    )


def test_the_summary_is_refused_naming_each_centre_without_figures_or_reason() -> None:
    state = _summary(MissingCentre(institution_id="sokol", reason="Центр закрыт на ремонт"))
    with pytest.raises(DomainError) as refused:
        decide(
            state, QUARTERLY_MONITORING, _accept(("sokol", SOKOL), ("babushkino", BABUSHKINO)), _ctx(date(YEAR, 4, 14))
        )
    assert refused.value.code == "centre_figures_missing"
    assert BABUSHKINO in refused.value.message and SOKOL not in refused.value.message
    # Returned, sent again with a reason for each centre missing, it is accepted and the reasons recorded.
    back = DecideSubmission(actor=CURATOR, action="return", comment="Укажите причину по Бабушкинскому центру")
    assert decide(state, QUARTERLY_MONITORING, back, _ctx(date(YEAR, 4, 14)))
    explained = _summary(
        MissingCentre(institution_id="sokol", reason="Центр закрыт на ремонт"),
        MissingCentre(institution_id="babushkino", reason="Сведения возвращены на доработку"),
    )
    events = decide(
        explained, QUARTERLY_MONITORING, _accept(("sokol", SOKOL), ("babushkino", BABUSHKINO)), _ctx(date(YEAR, 4, 14))
    )
    approved = next(e for e in events if isinstance(e, SubmissionApproved))
    assert approved.institutions_missing == (SOKOL, BABUSHKINO)
    assert approved.missing_reasons == ("Центр закрыт на ремонт", "Сведения возвращены на доработку")
    # Nobody missing: accepted as any report.
    events = decide(state, QUARTERLY_MONITORING, _accept(), _ctx(date(YEAR, 4, 14)))
    assert evolve_all(state, events).status == SubmissionStatus.APPROVED


def test_a_blank_reason_says_nothing_and_a_centre_named_twice_is_refused() -> None:
    ctx = DataContext(plan_year=YEAR, today=date(YEAR, 4, 12))
    figures = tuple(Figure(key=k, amount=Decimal(v)) for k, v in FIGURES.items())
    blank = MonitoringData(figures=figures, centres_missing=(MissingCentre(institution_id="sokol", reason="  "),))
    checked = checked_data(QUARTERLY_MONITORING, blank, ctx)
    assert isinstance(checked, MonitoringData) and checked.centres_missing == ()
    twice = MonitoringData(
        figures=figures,
        centres_missing=(
            MissingCentre(institution_id="sokol", reason="а"),
            MissingCentre(institution_id="sokol", reason="б"),
        ),
    )
    with pytest.raises(DomainError, match="дважды"):
        checked_data(QUARTERLY_MONITORING, twice, ctx)


def test_a_withdrawn_request_cancels_what_was_not_sent_and_leaves_what_was() -> None:
    waiting = _opened("centre_monitoring", "Q1-sokol", CENTRE_MONITORING, date(YEAR, 4, 5))
    withdraw = CancelObligation(reason=withdrawal_reason(date(YEAR, 4, 2)), unless_sent=True)
    events = decide(waiting, CENTRE_MONITORING, withdraw, _ctx(date(YEAR, 4, 2)))
    assert any(isinstance(e, ObligationCancelled) for e in events)
    assert evolve_all(waiting, events).status == SubmissionStatus.CANCELLED
    figures = MonitoringData(figures=tuple(Figure(key=k, amount=Decimal(v)) for k, v in FIGURES.items()))
    sent = evolve_all(
        waiting,
        decide(
            waiting, CENTRE_MONITORING, SubmitDocuments(actor=CENTRE, items={}, data=figures), _ctx(date(YEAR, 4, 2))
        ),
    )
    assert sent.status == SubmissionStatus.UNDER_REVIEW
    assert decide(sent, CENTRE_MONITORING, withdraw, _ctx(date(YEAR, 4, 3))) == []
