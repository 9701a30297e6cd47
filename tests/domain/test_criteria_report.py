"""The criteria report of a Vologda platform (domain.platform): value types and nils, evidence backing several
indicators, consistency warnings on the seeds' own reports, cumulative periods, the monthly meetings' cadence and
the report's state machine from draft to УТВЕРЖДАЮ, its follow-ups and the decision on the next year."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.common import Actor, DomainError, DomainEvent
from domain.people import Role
from domain.platform.checks import WarningKind, warnings_of
from domain.platform.criteria_report import (
    ClearValue,
    CriteriaReportState,
    DecideContinuation,
    OpenReport,
    RecordEvidence,
    RecordOutcome,
    ReportStatus,
    ReturnReport,
    SetValue,
    SignReport,
    SubmitReport,
    WriteConclusion,
    decide,
    evolve,
)
from domain.platform.cumulative import DISTRICT_SERVICE_MEASURES, Aggregation, CumulativePeriod, consolidate, cumulative
from domain.platform.events import CriteriaReportAmended, FollowUpOpened, SignStep
from domain.platform.evidence import Outcome
from domain.platform.meetings import MonthState, meeting_months, missed_months
from domain.platform.seed_reports import REPORT_2022, REPORT_2023, SeedReport
from domain.platform.values import IndicatorValue, Nil, check_value, number_ru
from domain.regulations.model import IndicatorCatalogue
from domain.regulations.vologda import AGREE_TITLE, APPROVE_TITLE, CATALOGUE_2022, CATALOGUE_2023
from tests.domain.test_vologda import cited

RESPONSIBLE = Actor(user_id="u-resp", full_name="Руководитель ОМП", roles=frozenset({Role.SITE_RESPONSIBLE}))
ACTING_HEAD = Actor(
    user_id="u-head",
    full_name="Веревокина Н.Л.",
    roles=frozenset({Role.SITE_DIRECTOR}),
    acting_roles=frozenset({Role.SITE_DIRECTOR}),
)
DEPARTMENT = Actor(user_id="u-dep", full_name="Рындин Н.Л.", roles=frozenset({Role.DEPARTMENT}))


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def run(state: CriteriaReportState, command: object, day: date) -> tuple[CriteriaReportState, list[DomainEvent]]:
    events = decide(state, command, at(day))  # type: ignore[arg-type]
    for event in events:
        state = evolve(state, event)
    return state, events


def filled(report: SeedReport, catalogue: IndicatorCatalogue) -> CriteriaReportState:
    state, _ = run(
        CriteriaReportState(),
        OpenReport(
            site_id="omp-1", year=report.year, catalogue=catalogue, agree_title=AGREE_TITLE, approve_title=APPROVE_TITLE
        ),
        date(report.year, 12, 1),
    )
    for value in report.values:
        state, _ = run(state, SetValue(actor=RESPONSIBLE, value=value), date(report.year, 12, 20))
    for item in report.evidence:
        state, _ = run(state, RecordEvidence(actor=RESPONSIBLE, item=item), date(report.year, 12, 20))
    state, _ = run(
        state,
        WriteConclusion(actor=RESPONSIBLE, text=report.conclusion, propose_continue=report.propose_continue),
        date(report.year, 12, 20),
    )
    return state


# --- the seeds' reports as data --------------------------------------------------------------------------------


@pytest.mark.parametrize(("report", "catalogue"), [(REPORT_2022, CATALOGUE_2022), (REPORT_2023, CATALOGUE_2023)])
def test_every_indicator_of_the_year_has_a_valid_value(report: SeedReport, catalogue: IndicatorCatalogue) -> None:
    keys = [value.key for value in report.values]
    assert sorted(keys) == sorted(i.key for i in catalogue.indicators)
    for value in report.values:
        check_value(catalogue.indicator(value.key), value)
    linked = {key for item in report.evidence for key in item.indicators}
    assert linked <= set(keys)


# Figures the reports do not write as one number: the sum of a list, or a count the text implies.
DERIVED = {(2022, "C1.N1"), (2022, "C1.N4"), (2022, "C2.N2"), (2023, "C2.N5")}


@pytest.mark.parametrize("report", [REPORT_2022, REPORT_2023], ids=lambda r: str(r.year))
def test_every_figure_is_in_the_line_it_cites(report: SeedReport) -> None:
    for value in report.values:
        text = cited(value.source).replace(" ", "").replace("\u00a0", "")
        if value.amount is not None and (report.year, value.key) not in DERIVED:
            figure = number_ru(value.amount).replace("\u00a0", "")
            if value.key == "C1.N2":  # «более 267 тысяч человек»
                figure = "267"
            assert figure in text, (value.key, figure, value.source)
        for part in value.breakdown:
            assert number_ru(part.amount).replace("\u00a0", "") in text, (value.key, part.label)
    for item in report.evidence:
        for source in item.source.split(", "):
            cited(source)


def test_the_2023_report_claims_five_events_and_lists_four() -> None:
    warnings = warnings_of(CATALOGUE_2023, REPORT_2023.values, REPORT_2023.evidence)
    by_indicator = {(w.indicator, w.kind): w.message for w in warnings}
    assert by_indicator[("C1.N1", WarningKind.CLAIMED_VS_LISTED)].startswith("Заявлено 5, а в перечне — 4")
    assert "2 — Стажировки" in by_indicator[("C1.N1", WarningKind.CLAIMED_VS_LISTED)]
    assert by_indicator[("C3.N3", WarningKind.CLAIMED_VS_LISTED)].startswith("Заявлено 3, а в перечне — 4")
    for key in ("C1.N2", "C4.Q1", "C4.Q2"):
        assert (key, WarningKind.NOT_STATED) in by_indicator
    assert {k for k, kind in by_indicator if kind is WarningKind.PENDING} == {"C2.Q4", "C2.N3"}
    # One item backs several indicators, and where the list adds up there is nothing to say (003:47 = 003:63).
    shared = [item for item in REPORT_2023.evidence if {"C2.N5", "C4.Q3"} <= set(item.indicators)]
    assert len(shared) == 3
    assert not [w for w in warnings if w.indicator in {"C2.N5", "C2.N4", "C4.N4", "C4.N3", "C1.N4"}]


def test_the_2022_report_warns_of_its_unit_and_of_three_meetings_counted_as_four() -> None:
    warnings = warnings_of(CATALOGUE_2022, REPORT_2022.values, REPORT_2022.evidence)
    unit = [w for w in warnings if w.kind is WarningKind.UNIT]
    assert [w.indicator for w in unit] == ["C1.N2"]
    assert "98\u00a0771\u00a0000 человек" in unit[0].message
    claimed = {w.indicator: w.message for w in warnings if w.kind is WarningKind.CLAIMED_VS_LISTED}
    assert claimed == {"C4.N1": claimed["C4.N1"]}
    assert claimed["C4.N1"].startswith("Заявлено 4, а в перечне — 3")


# --- values -----------------------------------------------------------------------------------------------------


def test_value_types_and_their_refusals() -> None:
    count = CATALOGUE_2023.indicator("C1.N3")
    fte = CATALOGUE_2022.indicator("C3.N1")
    percent = CATALOGUE_2023.indicator("C3.Q2")
    text = CATALOGUE_2023.indicator("C2.Q3")
    check_value(fte, IndicatorValue(key="C3.N1", amount=Decimal("110.95")))
    refusals = [
        (count, IndicatorValue(key="C1.N3", amount=Decimal("110.95")), "not_whole"),
        (fte, IndicatorValue(key="C3.N1", amount=Decimal("110.955")), "too_precise"),
        (percent, IndicatorValue(key="C3.Q2", amount=Decimal(101)), "percent_range"),
        (count, IndicatorValue(key="C1.N3", amount=Decimal(3), nil=Nil.DASH), "nil_with_value"),
        (count, IndicatorValue(key="C1.N3"), "amount_required"),
        (text, IndicatorValue(key="C2.Q3", amount=Decimal(1), narrative="x"), "text_only"),
        (count, IndicatorValue(key="C1.N3", amount=Decimal(7), cumulative=Decimal(3)), "cumulative_below_year"),
    ]
    for indicator, value, code in refusals:
        with pytest.raises(DomainError) as refused:
            check_value(indicator, value)
        assert refused.value.code == code
        assert refused.value.field and refused.value.field.startswith(f"values.{indicator.key}")
    assert (
        IndicatorValue(key="C2.N1", amount=Decimal(11), more_than=True).shown_ru(CATALOGUE_2022.indicator("C2.N1"))
        == "более 11 публикаций"
    )
    assert IndicatorValue(key="C3.N1", amount=Decimal("110.95")).shown_ru(fte) == "110,95 штатных единиц"
    assert (
        IndicatorValue(key="C2.N4", amount=Decimal(2), cumulative=Decimal(4)).shown_ru(
            CATALOGUE_2023.indicator("C2.N4")
        )
        == "2 (всего 4)"
    )
    # The catalogue's units are genitive plurals: «1 материалов» would be wrong Russian, so the word is left out.
    assert IndicatorValue(key="C1.N4", amount=Decimal(1)).shown_ru(CATALOGUE_2023.indicator("C1.N4")) == "1"
    assert IndicatorValue(key="C1.N4", amount=Decimal(5)).shown_ru(CATALOGUE_2023.indicator("C1.N4")) == (
        "5 материалов"
    )
    assert IndicatorValue(key="C1.N3", amount=Decimal(23)).shown_ru(CATALOGUE_2023.indicator("C1.N3")) == "23 чел."
    assert IndicatorValue(key="C4.Q1", nil=Nil.NONE).shown_ru(CATALOGUE_2022.indicator("C4.Q1")) == "Не привлекались"
    assert number_ru(Decimal(98771)) == "98\u00a0771" and number_ru(Decimal(1000)) == "1000"


# --- cumulative periods and meetings ------------------------------------------------------------------------------


def test_cumulative_periods_are_computed_from_the_quarters() -> None:
    people = {1: Decimal(24000), 2: Decimal(25500), 3: Decimal(23000), 4: Decimal(26271)}
    assert cumulative(people, Aggregation.SUM) == {
        CumulativePeriod.Q1: Decimal(24000),
        CumulativePeriod.H1: Decimal(49500),
        CumulativePeriod.M9: Decimal(72500),
        CumulativePeriod.YEAR: Decimal(98771),  # 002:152
    }
    staff = {1: Decimal("110.5"), 2: Decimal("110.95")}
    assert cumulative(staff, Aggregation.LAST) == {
        CumulativePeriod.Q1: Decimal("110.5"),
        CumulativePeriod.H1: Decimal("110.95"),
        CumulativePeriod.M9: None,
        CumulativePeriod.YEAR: None,
    }
    centres = [{"people": Decimal(100), "staff_units": Decimal("1.5")}, {"people": Decimal(50)}]
    summary = consolidate(centres, DISTRICT_SERVICE_MEASURES)
    assert summary["people"] == 150 and summary["staff_units"] == Decimal("1.5") and summary["families"] == 0


def test_a_month_without_a_meeting_is_missed_once_it_ends() -> None:
    held = [date(2023, m, 20) for m in range(1, 13) if m != 7]
    assert missed_months(2023, held, date(2023, 7, 31)) == ()
    months = meeting_months(2023, held, date(2023, 7, 15))
    assert months[6].state is MonthState.OPEN and months[7].state is MonthState.AHEAD
    assert missed_months(2023, held, date(2023, 8, 1)) == (7,)
    assert missed_months(2023, [*held, date(2023, 7, 31)], date(2024, 1, 1)) == ()
    assert sum(len(m.held_on) for m in meeting_months(2023, held, date(2024, 1, 1))) == 11


# --- the state machine ---------------------------------------------------------------------------------------------


def test_the_2023_report_from_draft_to_approval_follow_ups_and_next_year() -> None:
    state = filled(REPORT_2023, CATALOGUE_2023)
    assert state.status is ReportStatus.DRAFT and not state.missing()
    state, events = run(state, SubmitReport(actor=RESPONSIBLE), date(2024, 1, 12))
    assert state.status is ReportStatus.SUBMITTED
    assert any(w.indicator == "C1.N1" and w.kind is WarningKind.CLAIMED_VS_LISTED for w in state.sent_warnings)

    with pytest.raises(DomainError, match=r"не может быть раньше 12\.01\.2024"):
        run(
            state,
            SignReport(
                actor=ACTING_HEAD,
                step=SignStep.AGREE,
                position="Директор",
                printed_name="Н.Л. Веревокина",
                signed_on=date(2024, 1, 11),
            ),
            date(2024, 1, 15),
        )
    with pytest.raises(DomainError) as refused:
        run(
            state,
            SignReport(
                actor=DEPARTMENT, step=SignStep.AGREE, position="x", printed_name="y", signed_on=date(2024, 1, 15)
            ),
            date(2024, 1, 15),
        )
    assert refused.value.code == "not_allowed" and "директор учреждения — базы ОМП" in refused.value.message

    agreed = REPORT_2023.agreed
    assert agreed is not None
    state, _ = run(
        state,
        SignReport(
            actor=ACTING_HEAD,
            step=SignStep.AGREE,
            position="директора АУ СО ВО «Октябрьский дом-интернат для престарелых и инвалидов»",
            printed_name=agreed.printed_name,
            signed_on=agreed.signed_on,
        ),
        date(2024, 1, 15),
    )
    signature = state.signature(SignStep.AGREE)
    assert signature is not None and signature.by.acting
    assert signature.position == agreed.position  # «И.О. директора …», the acting official's position (003:5)
    assert state.status is ReportStatus.AGREED

    approved = REPORT_2023.approved
    assert approved is not None
    state, events = run(
        state,
        SignReport(
            actor=DEPARTMENT,
            step=SignStep.APPROVE,
            position=approved.position,
            printed_name=approved.printed_name,
            signed_on=approved.signed_on,
        ),
        date(2024, 1, 15),
    )
    assert state.status is ReportStatus.APPROVED
    assert [e.item_id for e in events if isinstance(e, FollowUpOpened)] == ["e8", "e9"]
    assert [(s.step, s.printed_name, s.signed_on) for s in state.signatures] == [
        (SignStep.AGREE, "Н.Л. Веревокина", date(2024, 1, 15)),
        (SignStep.APPROVE, "Н.Л. Рындин", date(2024, 1, 15)),
    ]

    with pytest.raises(DomainError) as refused:
        run(state, SetValue(actor=RESPONSIBLE, value=IndicatorValue(key="C1.N3", amount=Decimal(24))), date(2024, 2, 1))
    assert refused.value.code == "not_editable"

    state, events = run(
        state,
        RecordOutcome(
            actor=RESPONSIBLE, item_id="e9", outcome=Outcome.WON, note="Грант поддержан", known_on=date(2024, 2, 20)
        ),
        date(2024, 2, 21),
    )
    assert isinstance(events[0], CriteriaReportAmended) and events[0].no == 1
    assert state.amendments == 1 and [f.outcome for f in state.follow_ups] == [Outcome.PENDING, Outcome.WON]
    with pytest.raises(DomainError, match="уже записан"):
        run(
            state,
            RecordOutcome(
                actor=RESPONSIBLE, item_id="e9", outcome=Outcome.NOT_WON, note="", known_on=date(2024, 2, 20)
            ),
            date(2024, 2, 21),
        )

    with pytest.raises(DomainError) as refused:
        run(
            state,
            DecideContinuation(actor=ACTING_HEAD, continues=True, comment="", decided_on=date(2024, 1, 15)),
            date(2024, 1, 15),
        )
    assert refused.value.code == "not_allowed"
    state, events = run(
        state,
        DecideContinuation(actor=DEPARTMENT, continues=True, comment="Продолжить", decided_on=date(2024, 1, 15)),
        date(2024, 1, 15),
    )
    assert state.continues is True and events[0].next_year == 2024  # type: ignore[attr-defined]


def test_a_report_with_an_unreported_indicator_is_not_sent_and_a_return_reopens_it() -> None:
    state = filled(REPORT_2023, CATALOGUE_2023)
    state = evolve(state, decide(state, _clear("C1.N2"), at(date(2024, 1, 10)))[0])
    with pytest.raises(DomainError) as refused:
        run(state, SubmitReport(actor=RESPONSIBLE), date(2024, 1, 10))
    assert refused.value.code == "not_reported" and "C1.N2" in refused.value.message and refused.value.field == "values"
    state, _ = run(
        state, SetValue(actor=RESPONSIBLE, value=IndicatorValue(key="C1.N2", nil=Nil.DASH)), date(2024, 1, 10)
    )
    state, _ = run(state, SubmitReport(actor=RESPONSIBLE), date(2024, 1, 10))
    with pytest.raises(DomainError, match="Направивший отчет"):
        director_who_sent = Actor(user_id="u-resp", full_name="x", roles=frozenset({Role.SITE_DIRECTOR}))
        run(
            state,
            SignReport(
                actor=director_who_sent,
                step=SignStep.AGREE,
                position="Директор",
                printed_name="x",
                signed_on=date(2024, 1, 10),
            ),
            date(2024, 1, 10),
        )
    state, _ = run(
        state,
        ReturnReport(actor=ACTING_HEAD, step=SignStep.AGREE, comment="Пять или четыре мероприятия?"),
        date(2024, 1, 11),
    )
    assert state.status is ReportStatus.RETURNED and state.return_comment
    state, _ = run(
        state,
        SetValue(actor=RESPONSIBLE, value=IndicatorValue(key="C1.N1", amount=Decimal(4), narrative="4 мероприятия")),
        date(2024, 1, 12),
    )
    assert not [w for w in state.warnings() if w.indicator == "C1.N1"]


def _clear(key: str) -> ClearValue:
    return ClearValue(actor=RESPONSIBLE, key=key)
