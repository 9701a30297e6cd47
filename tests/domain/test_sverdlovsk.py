"""The Sverdlovsk methodological sections (seed 000) checked against the seed and the domain brief (§1)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from api.calendar.service import production_calendar
from domain.deadlines import AtLeastPerPeriod, DayAfterPeriod, FixedAnnualDate, NoDeadline, deadline_on, instances
from domain.escalation import schedule
from domain.people import Role
from domain.periods import PeriodKind
from domain.regulations.model import Obligation, ObligationKind, ReviewAction
from domain.regulations.sverdlovsk import (
    ANNUAL_PLAN,
    BRIEF_ITEMS,
    DISTRICT_MATERIALS,
    DISTRICT_QUARTERLY_REPORT,
    MATERIAL_REQUIREMENTS,
    MATERIALS_COLLECTION,
    MEETING_FORMATS,
    MINISTRY,
    OMC,
    PLAN_FORM_COLUMNS,
    PLAN_FORM_SIGNATURE,
    PLAN_FORM_TITLE,
    REGIONAL_QUARTERLY_DATA,
    REGULATION,
    REPORT_FORM_COLUMNS,
    REPORT_FORM_SIGNATURE,
    REPORT_FORM_TITLE,
    SECTION_MATERIALS,
    SECTION_MEETINGS,
    SECTION_QUARTERLY_REPORT,
)
from domain.sites import SiteStatus

# /work/main/tests/domain/test_sverdlovsk.py -> /work/shared/seeds
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILE = "000_9db256435c29f190.txt"
REF = re.compile(r"^(\d{3}):(\d+)(?:–(\d+))?$")
CALENDAR = production_calendar(range(2021, 2026))

SECTION_KEYS = {"annual_plan", "section_meetings", "quarterly_report", "methodological_materials", "leader_election"}


def normalise(text: str) -> str:
    return " ".join(text.split())


@cache
def _lines() -> tuple[str, ...] | None:
    path = SEEDS_DIR / SEED_FILE
    return tuple(path.read_text(encoding="utf-8").splitlines()) if path.exists() else None


def seed_lines() -> tuple[str, ...]:
    lines = _lines()
    if lines is None:
        pytest.skip(f"seed 000 not found under {SEEDS_DIR} (the shared folder is not mounted)")
    return lines


def cited(source: str) -> str:
    match = REF.match(source)
    assert match, f"not a seed reference: {source!r}"
    assert match.group(1) == "000", f"{source}: Sverdlovsk cites only seed 000"
    first, last = int(match.group(2)), int(match.group(3) or match.group(2))
    lines = seed_lines()
    assert 1 <= first <= last <= len(lines), f"{source}: outside the seed (1..{len(lines)})"
    return normalise(" ".join(lines[first - 1 : last]))


def test_the_regulation_header() -> None:
    assert (REGULATION.id, REGULATION.version, REGULATION.region_id) == ("sverdlovsk-sections", 1, "66")
    assert REGULATION.timezone == "Asia/Yekaterinburg"
    assert REGULATION.statuses == (
        SiteStatus.METHODOLOGICAL_SECTION,
        SiteStatus.BASE_METHODOLOGICAL_ORGANISATION,
        SiteStatus.METHODOLOGICAL_CENTRE,
    )
    assert REGULATION.first_year == 2023
    assert REGULATION.decision("D1")  # why 2023


@pytest.mark.parametrize("obligation", REGULATION.obligations, ids=lambda o: o.key)
def test_obligation_citations_quote_the_seed(obligation: Obligation) -> None:
    assert obligation.citation.quote, obligation.key
    assert normalise(obligation.citation.quote) in cited(obligation.citation.source)


def test_the_items_s1_to_s12_are_all_encoded() -> None:
    assert set(BRIEF_ITEMS) == {o.key for o in REGULATION.obligations}
    covered = [item for items in BRIEF_ITEMS.values() for item in items]
    assert sorted(covered, key=lambda s: int(s[1:])) == [f"S{n}" for n in range(1, 13)]


def test_each_tier_has_a_cycle_of_its_own() -> None:
    def keys(status: SiteStatus) -> set[str]:
        return {o.key for o in REGULATION.obligations_for("any", status)}

    assert keys(SiteStatus.METHODOLOGICAL_SECTION) == SECTION_KEYS
    assert keys(SiteStatus.BASE_METHODOLOGICAL_ORGANISATION) == {"district_quarterly_report", "district_materials"}
    assert keys(SiteStatus.METHODOLOGICAL_CENTRE) == {
        "plan_collection",
        "regional_quarterly_data",
        "materials_collection",
        "sections_control",
    }
    # D10: no obligation is left without a cycle; every dated one has someone who may send it
    for obligation in REGULATION.obligations:
        assert obligation.applies_to, obligation.key
        if not isinstance(obligation.deadline, NoDeadline):
            assert obligation.submitters and obligation.items, obligation.key
    assert REGULATION.obligations_for("any", SiteStatus.METHODOLOGICAL_PLATFORM) == ()


def test_the_forms_are_the_seed_forms() -> None:
    assert tuple(seed_lines()[84 - 1].split("\t")) == PLAN_FORM_COLUMNS
    assert tuple(seed_lines()[98 - 1].split("\t")) == REPORT_FORM_COLUMNS
    assert len(PLAN_FORM_COLUMNS) == 7 and len(REPORT_FORM_COLUMNS) == 5
    assert cited("000:80–82") == PLAN_FORM_TITLE
    assert cited("000:94–96") == REPORT_FORM_TITLE
    assert tuple(cited(f"000:{n}") for n in (86, 88, 90)) == PLAN_FORM_SIGNATURE
    assert tuple(cited(f"000:{n}") for n in (100, 102, 104)) == REPORT_FORM_SIGNATURE
    assert "(Приложение № 1)" in cited("000:52") and "(Приложение № 2)" in cited("000:54")
    plan = ANNUAL_PLAN.item("plan")
    assert plan is not None and "Приложение № 1" in plan.title
    assert SECTION_QUARTERLY_REPORT.item("report") is not None
    assert DISTRICT_QUARTERLY_REPORT.item("report") is not None


def test_the_annual_plan_is_approved_by_the_base_organisation() -> None:
    assert ANNUAL_PLAN.kind is ObligationKind.APPROVAL
    (step,) = ANNUAL_PLAN.review_chain
    assert (step.role, step.action) == (Role.SITE_DIRECTOR, ReviewAction.APPROVE)
    assert "базовой методической организации" in step.title
    assert ANNUAL_PLAN.submitters == (Role.SITE_RESPONSIBLE,)  # the section head, never the approver
    assert "ежегодно утверждают состав и годовой план" in cited("000:52")
    # the 2023 plan is due before the year starts; 20.12.2022 is a Tuesday
    (annual,) = instances(ANNUAL_PLAN.deadline, 2023)
    assert annual.nominal == date(2022, 12, 20)
    assert deadline_on(annual.nominal, CALENDAR, REGULATION.timezone).effective == date(2022, 12, 20)
    required = {item.key for item in ANNUAL_PLAN.items if item.required}
    assert required == {"plan"}


def test_meetings_at_least_once_per_half_year() -> None:
    assert SECTION_MEETINGS.kind is ObligationKind.MEETING
    assert SECTION_MEETINGS.deadline == AtLeastPerPeriod(count=1, period=PeriodKind.HALF_YEAR)
    found = instances(SECTION_MEETINGS.deadline, 2023)
    assert [i.instance for i in found] == ["H1", "H2"]
    assert [i.nominal for i in found] == [date(2023, 6, 30), date(2023, 12, 31)]
    assert SECTION_MEETINGS.deadline.describe_ru() == "не реже 1 раза в полугодие"
    assert MEETING_FORMATS == ("очный", "заочный", "онлайн")
    assert "в очном, заочном или онлайн форматах" in cited("000:70")


def test_three_tier_quarterly_reporting() -> None:
    tiers = (SECTION_QUARTERLY_REPORT, DISTRICT_QUARTERLY_REPORT, REGIONAL_QUARTERLY_DATA)
    assert [t.obligor for t in tiers] == [Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR, Role.RCRSO_DIRECTOR]
    assert [t.recipient for t in tiers][1:] == [OMC, MINISTRY]
    # who accepts each tier: the base organisation (which then owes the district report), the ОМЦ (its
    # specialists; its head owes the regional data), the Ministry
    assert [t.review_chain[-1].role for t in tiers] == [Role.SITE_DIRECTOR, Role.CURATOR, Role.DEPARTMENT]
    assert SECTION_QUARTERLY_REPORT.review_chain[-1].role is DISTRICT_QUARTERLY_REPORT.obligor
    for tier in tiers:
        assert tier.kind is ObligationKind.PERIODIC_REPORT
        assert isinstance(tier.deadline, DayAfterPeriod) and tier.deadline.period is PeriodKind.QUARTER
        assert not tier.cumulative
    per_tier = [instances(t.deadline, 2023) for t in tiers]
    for quarter in zip(*per_tier, strict=True):
        assert len({i.instance for i in quarter}) == 1
        effective = [deadline_on(i.nominal, CALENDAR, REGULATION.timezone).effective for i in quarter]
        assert effective == sorted(effective) and len(set(effective)) == 3, quarter[0].instance
    assert [i.instance for i in per_tier[0]] == ["Q1", "Q2", "Q3", "Q4"]
    # Q4 of 2023: 05.01.2024 falls in the New Year holidays and moves to 09.01.2024
    q4 = per_tier[0][3]
    assert deadline_on(q4.nominal, CALENDAR, REGULATION.timezone).effective == date(2024, 1, 9)
    for source in ("000:46", "000:54", "000:62"):
        assert "ежеквартальн" in cited(source)


def test_the_materials_pipeline_and_the_collection() -> None:
    assert MATERIALS_COLLECTION.kind is ObligationKind.COLLECTION
    assert "сборник методических материалов" in cited(MATERIALS_COLLECTION.citation.source)
    chain = (SECTION_MATERIALS, DISTRICT_MATERIALS, MATERIALS_COLLECTION)
    dates = []
    for obligation in chain:
        assert isinstance(obligation.deadline, FixedAnnualDate)
        (annual,) = instances(obligation.deadline, 2023)
        dates.append(annual.nominal)
    assert dates == sorted(dates) and dates[0].year == 2023 and dates[-1].year == 2024
    text = cited("000:74")
    for requirement in MATERIAL_REQUIREMENTS:
        assert requirement in text


def test_undated_duties() -> None:
    assert REGULATION.obligation("sections_control").deadline == NoDeadline(reason="continuous")
    assert REGULATION.obligation("sections_control").kind is ObligationKind.STANDING
    assert REGULATION.obligation("leader_election").deadline == NoDeadline(reason="event_driven")
    assert "не менее одного года" in cited("000:40")


@pytest.mark.parametrize("obligation", REGULATION.obligations, ids=lambda o: o.key)
def test_every_obligation_computes_its_2023_instances(obligation: Obligation) -> None:
    found = instances(obligation.deadline, 2023, CALENDAR)
    if isinstance(obligation.deadline, NoDeadline):
        assert found == [] and obligation.ladder is None
        return
    assert found, obligation.key
    for instance in found:
        deadline = deadline_on(instance.nominal, CALENDAR, REGULATION.timezone)
        if obligation.ladder is not None:
            steps = schedule(obligation.ladder, deadline, CALENDAR, REGULATION.timezone)
            assert [s.at for s in steps] == sorted(s.at for s in steps)


def test_decisions() -> None:
    ids = [d.id for d in REGULATION.decisions]
    assert len(ids) == len(set(ids))
    for obligation in REGULATION.obligations:
        for decision_id in obligation.decisions:
            assert REGULATION.decision(decision_id), (obligation.key, decision_id)
    for decision in REGULATION.decisions:
        assert decision.sources, decision.id
        for source in decision.sources:
            cited(source)
        for text in (decision.question, decision.decision, decision.reason):
            assert re.search("[а-яё]", text), decision.id


def test_the_regulation_survives_a_snapshot() -> None:
    # a cycle receives the regulation as a frozen JSON snapshot
    assert type(REGULATION).model_validate_json(REGULATION.model_dump_json()) == REGULATION
