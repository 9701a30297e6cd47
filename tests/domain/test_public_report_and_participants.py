"""The public report is by video conference (2.4.3, L148; decision D38), and C12's participant minimums of its
roadmap rows (L2816–2842; D40): checked in the domain as a submission's content is checked."""

from __future__ import annotations

from datetime import date

import pytest

from domain.common import DomainError
from domain.payloads import DataContext, IndicatorValue, MeetingData, ReportData, checked_data
from domain.periods import Period, PeriodKind
from domain.regulations.khmao.order_135r import PUBLIC_REPORT, QUARTERLY_REPORT
from domain.regulations.participants import minimum_for, minimums_of, participant_check
from domain.roadmap.model import RoadmapRow, RoadmapRowStatus

Q1 = DataContext(plan_year=2027, period=Period(kind=PeriodKind.QUARTER, year=2027, index=1), today=date(2027, 4, 2))


def meeting(**fields: object) -> MeetingData:
    return MeetingData.model_validate({"held_on": "2027-03-24", **fields})


def test_the_public_report_asks_for_vks() -> None:
    assert PUBLIC_REPORT.required_format == "vks"
    assert "D38" in PUBLIC_REPORT.decisions
    assert checked_data(PUBLIC_REPORT, meeting(format="vks", link="https://vks.example/42"), Q1) is not None
    with pytest.raises(DomainError) as no_link:
        checked_data(PUBLIC_REPORT, meeting(format="vks"), Q1)
    assert no_link.value.field == "data.link"


def test_another_format_is_refused_without_a_reason_and_accepted_with_one() -> None:
    with pytest.raises(DomainError) as refused:
        checked_data(PUBLIC_REPORT, meeting(format="in_person"), Q1)
    assert refused.value.code == "format_reason_required"
    assert refused.value.field == "data.format_reason"
    assert "формате ВКС (п. 2.4.3)" in refused.value.message
    with pytest.raises(DomainError):
        checked_data(PUBLIC_REPORT, meeting(format="in_person", format_reason="   "), Q1)
    reason = "Отчет проведен очно на выездном совещании Совета директоров"
    accepted = checked_data(PUBLIC_REPORT, meeting(format="in_person", format_reason=reason), Q1)
    assert isinstance(accepted, MeetingData) and accepted.format_reason == reason


def test_c12_minimums_are_data_with_their_citations() -> None:
    rows = {m.row_no: (m.minimum, m.per, m.citation.source) for m in minimums_of("khmao-135r", "1.1.3")}
    assert rows == {
        "6": (50, "quarter", "001:L2816"),
        "19": (25, "event", "001:L2836"),
        "20": (25, "event", "001:L2837"),
        "21": (25, "event", "001:L2838"),
        "22": (25, "event", "001:L2839"),
        "23": (25, "event", "001:L2841"),
        "24": (30, "event", "001:L2842"),
    }
    assert all("D40" in m.decisions for m in minimums_of("khmao-135r", "1.1.3"))
    assert minimums_of("khmao-135r", "1.1.5") == ()
    assert minimum_for("vologda-omp", "1.1.3", "19") is None


def test_an_event_short_of_participants_is_flagged_not_refused() -> None:
    minimum = minimum_for("khmao-135r", "1.1.3", "19")
    assert minimum is not None
    short = participant_check(minimum, "done", 18)
    assert short.short and short.text == (
        "Участников 18 — меньше нормы: не менее 25 сотрудников организаций разных ведомств на каждом мероприятии; "
        "недостает 7."
    )
    assert not participant_check(minimum, "done", 25).short
    assert participant_check(minimum, "done", None).short  # done, but nobody counted
    assert not participant_check(minimum, "in_progress", None).short
    # The report with the short count is accepted as it is: the shortfall is shown, not a reason to refuse.
    row = RoadmapRow(
        no="19", item="Информационно-дискуссионная площадка", deadline="02.03.2022", responsible="Методист"
    )
    ctx = Q1.model_copy(update={"roadmap": (row,)})
    status = RoadmapRowStatus(no="19", status="done", fact_date=date(2027, 3, 2), participants=18)
    report = ReportData(indicators=(IndicatorValue(key="I1", period_value="описание"),), roadmap=(status,))
    rule = QUARTERLY_REPORT.model_copy(update={"indicators": ("I1",)})
    accepted = checked_data(rule, report, ctx)
    assert isinstance(accepted, ReportData) and accepted.roadmap[0].participants == 18
    negative = report.model_copy(update={"roadmap": (status.model_copy(update={"participants": -1}),)})
    with pytest.raises(DomainError, match="не может быть отрицательным"):
        checked_data(rule, negative, ctx)
