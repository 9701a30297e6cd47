"""The Vologda ОМП regime (seeds 002 and 003) checked against the seeds themselves and the domain brief (§2–4)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from api.calendar.service import production_calendar
from domain.deadlines import AtLeastPerPeriod, DayAfterPeriod, FixedAnnualDate, deadline_on, instances
from domain.escalation import schedule
from domain.people import Role
from domain.periods import PeriodKind
from domain.regulations.model import IndicatorCatalogue, IndicatorType, Obligation, ObligationKind, ReviewAction
from domain.regulations.vologda import (
    ANNUAL_REPORT,
    CATALOGUE_2022,
    CATALOGUE_2023,
    CENTRE_MONITORING,
    CRITERIA,
    QUARTERLY_MONITORING,
    REGULATION,
    catalogue_for,
    master_catalogue,
)
from domain.sites import SiteStatus

# /work/main/tests/domain/test_vologda.py -> /work/shared/seeds
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILES = {"002": "002_ad293c96ed245c74.txt", "003": "003_a4f6ae76d7d70395.txt"}
REF = re.compile(r"^(\d{3}):(\d+)(?:–(\d+))?$")
CALENDAR = production_calendar(range(2021, 2026))

# The master catalogue of the brief (§4), written independently of the module.
EXPECTED_2022 = {
    "C1.Q1", "C1.Q2", "C1.Q4", "C1.Q5", "C1.Q6", "C1.Q7", "C1.N1", "C1.N2", "C1.N3", "C1.N4", "C1.N5",
    "C2.Q1", "C2.Q2", "C2.N1", "C2.N2",
    "C3.Q3", "C3.N1",
    "C4.Q1", "C4.Q2", "C4.Q3", "C4.N1", "C4.N2",
}  # fmt: skip
EXPECTED_2023 = {
    "C1.Q3", "C1.Q4", "C1.Q5", "C1.Q6", "C1.N1", "C1.N2", "C1.N3", "C1.N4",
    "C2.Q2", "C2.Q3", "C2.Q4", "C2.Q5", "C2.N3", "C2.N4", "C2.N5",
    "C3.Q1", "C3.Q2", "C3.Q3", "C3.N2", "C3.N3",
    "C4.Q1", "C4.Q2", "C4.Q3", "C4.N3", "C4.N4",
}  # fmt: skip


def normalise(text: str) -> str:
    return " ".join(text.split())


@cache
def _lines(prefix: str) -> tuple[str, ...] | None:
    path = SEEDS_DIR / SEED_FILES[prefix]
    if not path.exists():
        return None
    return tuple(path.read_text(encoding="utf-8").splitlines())


def seed_lines(prefix: str) -> tuple[str, ...]:
    lines = _lines(prefix)
    if lines is None:
        pytest.skip(f"seed {prefix} not found under {SEEDS_DIR} (the shared folder is not mounted)")
    return lines


def cited(source: str) -> str:
    """The text of the seed lines a reference like "002:87" or "003:3–17" names, whitespace-normalised."""
    match = REF.match(source)
    assert match, f"not a seed reference: {source!r}"
    prefix, first, last = match.group(1), int(match.group(2)), int(match.group(3) or match.group(2))
    assert prefix in SEED_FILES, f"{source}: Vologda cites only seeds 002 and 003"
    lines = seed_lines(prefix)
    assert 1 <= first <= last <= len(lines), f"{source}: outside the seed (1..{len(lines)})"
    return normalise(" ".join(lines[first - 1 : last]))


def test_the_regulation_header() -> None:
    assert (REGULATION.id, REGULATION.version, REGULATION.region_id) == ("vologda-omp", 1, "35")
    assert REGULATION.timezone == "Europe/Moscow"
    assert REGULATION.statuses == (SiteStatus.METHODOLOGICAL_PLATFORM,)
    assert REGULATION.first_year == 2022
    assert {c.year for c in REGULATION.indicator_catalogues} == {2022, 2023}
    for obligation in REGULATION.obligations:
        assert obligation.applies_to == (SiteStatus.METHODOLOGICAL_PLATFORM,), obligation.key
    keys = {o.key for o in REGULATION.obligations_for("any-omp", SiteStatus.METHODOLOGICAL_PLATFORM)}
    assert keys == {o.key for o in REGULATION.obligations}
    # The complex centres' figures: one instance per participating centre of the profile, told to the cycle (D11).
    assert CENTRE_MONITORING.per_institution and CENTRE_MONITORING.institutions_told
    assert QUARTERLY_MONITORING.awaits_institution_forms == "centre_monitoring" and QUARTERLY_MONITORING.awaits_accepted


@pytest.mark.parametrize("obligation", REGULATION.obligations, ids=lambda o: o.key)
def test_obligation_citations_quote_the_seed(obligation: Obligation) -> None:
    assert obligation.citation.quote, obligation.key
    assert normalise(obligation.citation.quote) in cited(obligation.citation.source)


@pytest.mark.parametrize(
    ("catalogue", "seed"), [(CATALOGUE_2022, "002"), (CATALOGUE_2023, "003")], ids=["2022", "2023"]
)
def test_indicator_titles_are_verbatim_on_their_line(catalogue: IndicatorCatalogue, seed: str) -> None:
    for indicator in catalogue.indicators:
        assert indicator.citation.source.startswith(f"{seed}:"), indicator.key
        line = cited(indicator.citation.source)
        assert normalise(indicator.title) in line, f"{indicator.key}: title not on {indicator.citation.source}"
        # the title is the indicator's own heading: it opens its line (after a tab or an <i>…)
        assert line.lstrip("\t ").startswith(indicator.title[:25]), indicator.key


def test_catalogue_sets_and_sizes_match_the_brief() -> None:
    keys_2022 = {i.key for i in CATALOGUE_2022.indicators}
    keys_2023 = {i.key for i in CATALOGUE_2023.indicators}
    assert keys_2022 == EXPECTED_2022
    assert keys_2023 == EXPECTED_2023
    assert len(CATALOGUE_2022.indicators) == 22 and len(CATALOGUE_2023.indicators) == 25  # no duplicates
    assert len(keys_2022 & keys_2023) == 12
    assert len(keys_2022 | keys_2023) == 35
    assert [i.key for i in master_catalogue()] == sorted(
        keys_2022 | keys_2023, key=lambda k: (int(k[1]), k[3] != "Q", int(k[4:]))
    )
    for catalogue, qualitative, quantitative in ((CATALOGUE_2022, 12, 10), (CATALOGUE_2023, 14, 11)):
        assert sum(i.qualitative for i in catalogue.indicators) == qualitative
        assert sum(not i.qualitative for i in catalogue.indicators) == quantitative


def test_every_indicator_belongs_to_its_criterion() -> None:
    for catalogue in (CATALOGUE_2022, CATALOGUE_2023):
        assert catalogue.criteria == CRITERIA
        assert len(catalogue.criteria) == 4
        for indicator in catalogue.indicators:
            number = int(indicator.key[1])
            assert indicator.criterion == CRITERIA[number - 1], indicator.key
            assert indicator.qualitative == (indicator.key[3] == "Q"), indicator.key
            assert indicator.citation.clause.startswith(f"Критерий {number}, "), indicator.key
        for number in range(1, 5):
            of_criterion = [i for i in catalogue.indicators if i.key.startswith(f"C{number}.")]
            assert any(i.qualitative for i in of_criterion), (catalogue.year, number)
            assert any(not i.qualitative for i in of_criterion), (catalogue.year, number)


def test_criteria_are_the_seeds_own() -> None:
    text_2023 = cited("003:1–69")
    for title in CRITERIA:
        assert f"Критерий «{title}»" in text_2023
    text_2022 = cited("002:1–194")
    for title in CRITERIA[:3]:
        assert f"Критерий «{title}»" in text_2022
    # 002:169 misspells the fourth one; both catalogues use 003's wording (D6)
    assert "Критерий «Социально-экономическая значимость деятельности ОПМ»" in text_2022
    assert REGULATION.decision("D6")


def test_wording_differences_between_the_years() -> None:
    old, new = CATALOGUE_2022, CATALOGUE_2023
    assert old.indicator("C1.Q6").title == "Обеспечение повышения квалификации, обмена опытом"
    assert new.indicator("C1.Q6").title.startswith("Обеспечение повышения квалификации, обмена опытом, ")
    assert "поощрение руководителей организаций социального обслуживания" in new.indicator("C1.Q6").title
    assert "Разработка и ведение " in old.indicator("C2.Q2").title
    assert "Разработка и введение " in new.indicator("C2.Q2").title
    assert "деятельности площадки" in old.indicator("C4.Q3").title
    assert "деятельности ОМП" in new.indicator("C4.Q3").title
    unchanged = {"C1.Q4", "C1.Q5", "C1.N1", "C1.N2", "C1.N3", "C1.N4", "C3.Q3", "C4.Q1", "C4.Q2"}
    for key in unchanged:
        assert old.indicator(key).title == new.indicator(key).title, key


def test_shared_indicators_keep_their_type() -> None:
    for new in CATALOGUE_2023.indicators:
        if new.key not in EXPECTED_2022:
            continue
        old = CATALOGUE_2022.indicator(new.key)
        assert (old.value_type, old.qualitative, old.criterion, old.unit) == (
            new.value_type,
            new.qualitative,
            new.criterion,
            new.unit,
        ), new.key


def test_value_types() -> None:
    union = {i.key: i for i in master_catalogue()}
    assert union["C3.N1"].value_type is IndicatorType.NUMBER  # 110,95 штатных единиц (002:164)
    assert union["C1.N3"].value_type is IndicatorType.COUNT  # «23 человека» (003:34)
    assert union["C3.Q2"].value_type is IndicatorType.PERCENT  # «– 100%» (003:52)
    for indicator in union.values():
        if not indicator.qualitative:
            assert indicator.value_type in (IndicatorType.COUNT, IndicatorType.NUMBER), indicator.key
            assert indicator.unit, indicator.key
    narrative = [i for i in union.values() if i.value_type is IndicatorType.TEXT]
    assert narrative and all(i.qualitative for i in narrative)


def test_the_catalogue_in_force() -> None:
    assert catalogue_for(2022) is CATALOGUE_2022
    assert catalogue_for(2023) is CATALOGUE_2023
    assert catalogue_for(2026) is CATALOGUE_2023
    with pytest.raises(KeyError):
        catalogue_for(2021)


def test_the_annual_report_chain() -> None:
    assert ANNUAL_REPORT.kind is ObligationKind.CRITERIA_REPORT
    agree, approve = ANNUAL_REPORT.review_chain
    assert (agree.role, agree.action, agree.acting_allowed) == (Role.SITE_DIRECTOR, ReviewAction.AGREE, True)
    assert agree.title.startswith("СОГЛАСОВАНО") and "И.О." in agree.title
    assert (approve.role, approve.action) == (Role.DEPARTMENT, ReviewAction.APPROVE)
    assert approve.title.startswith("УТВЕРЖДАЮ") and "Экспертного совета" in approve.title
    # nobody reviews their own submission
    assert not set(ANNUAL_REPORT.submitters) & {agree.role, approve.role}
    # the seed: the acting director agrees, the Department head approves
    assert "СОГЛАСОВАНО" in cited("003:3") and "И.О. директора" in cited("003:5")
    assert "УТВЕРЖДАЮ" in cited("003:11") and "руководитель Экспертного совета" in cited("003:13")


def test_the_annual_report_deadline_is_15_january_after_the_year() -> None:
    assert ANNUAL_REPORT.deadline == FixedAnnualDate(month=1, day=15, year_offset=1)
    assert cited("003:9") == cited("003:17") == "« 15 » 01 2024 года"
    (annual,) = instances(ANNUAL_REPORT.deadline, 2023)
    assert annual.nominal == date(2024, 1, 15)
    assert deadline_on(annual.nominal, CALENDAR, REGULATION.timezone).effective == date(2024, 1, 15)  # Monday
    (annual,) = instances(ANNUAL_REPORT.deadline, 2022)
    assert deadline_on(annual.nominal, CALENDAR, REGULATION.timezone).effective == date(2023, 1, 16)  # a Sunday
    assert ANNUAL_REPORT.ladder is not None
    steps = schedule(
        ANNUAL_REPORT.ladder,
        deadline_on(date(2024, 1, 15), CALENDAR, REGULATION.timezone),
        CALENDAR,
        REGULATION.timezone,
    )
    assert [s.day for s in steps] == sorted(s.day for s in steps)
    # 5 working days before 15.01.2024 are 12, 11, 10, 9 January and, across the holidays of 1–8 January, 29.12.2023
    assert steps[0].day == date(2023, 12, 29)


def test_the_quarterly_monitoring_is_cumulative() -> None:
    assert QUARTERLY_MONITORING.kind is ObligationKind.PERIODIC_REPORT
    assert QUARTERLY_MONITORING.cumulative and CENTRE_MONITORING.cumulative
    assert isinstance(QUARTERLY_MONITORING.deadline, DayAfterPeriod)
    assert QUARTERLY_MONITORING.deadline.period is PeriodKind.QUARTER
    found = instances(QUARTERLY_MONITORING.deadline, 2023)
    assert [i.instance for i in found] == ["Q1", "Q2", "Q3", "Q4"]
    titles = [i.period.cumulative_title_ru() for i in found if i.period is not None]
    assert titles == ["1 квартал 2023", "полугодие 2023", "9 месяцев 2023", "год 2023"]
    assert [i.nominal for i in found] == [date(2023, 4, 15), date(2023, 7, 15), date(2023, 10, 15), date(2024, 1, 15)]
    assert "по истечении 1 квартала, полугодия, 9 месяцев, года" in cited("002:88")
    assert "Сводная информация о результатах работы участковых социальных работников" in cited("002:87")
    # the complex centres report to the ОМП before the ОМП reports to the Department
    centres = instances(CENTRE_MONITORING.deadline, 2023)
    assert all(c.nominal < q.nominal for c, q in zip(centres, found, strict=True))
    assert CENTRE_MONITORING.review_chain[-1].role in QUARTERLY_MONITORING.submitters


def test_monthly_duties() -> None:
    for key in ("working_meetings", "press_releases"):
        obligation = REGULATION.obligation(key)
        assert obligation.deadline == AtLeastPerPeriod(count=1, period=PeriodKind.MONTH)
        found = instances(obligation.deadline, 2023)
        assert [i.instance for i in found] == [f"M{m:02d}" for m in range(1, 13)]
        assert found[1].nominal == date(2023, 2, 28)
    assert REGULATION.obligation("working_meetings").kind is ObligationKind.MEETING
    assert "Ежемесячно (12 раз в год)" in cited("002:79")


def test_the_plans_and_the_proposal() -> None:
    plans = REGULATION.obligation("annual_plans")
    assert {item.key for item in plans.items} == {
        "work_plan",
        "seminars_schedule",
        "publications_schedule",
        "meetings_schedule",
    }
    assert instances(plans.deadline, 2022)[0].nominal <= date(2022, 3, 31)  # distributed «В марте 2022 года»
    # The proposal to continue is the report's «Предложения»; the Department decides after УТВЕРЖДАЮ (D19).
    assert "continuation_proposal" not in {o.key for o in REGULATION.obligations}
    assert "D19" in [d.id for d in REGULATION.decisions]


@pytest.mark.parametrize("obligation", REGULATION.obligations, ids=lambda o: o.key)
def test_every_obligation_has_2023_instances_with_deadlines(obligation: Obligation) -> None:
    found = instances(obligation.deadline, 2023, CALENDAR)
    assert found, obligation.key
    for instance in found:
        deadline = deadline_on(instance.nominal, CALENDAR, REGULATION.timezone)
        assert deadline.effective >= deadline.nominal
        if obligation.ladder is not None:
            assert schedule(obligation.ladder, deadline, CALENDAR, REGULATION.timezone)


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


def test_people_are_named_as_the_regime_names_them() -> None:
    """Nothing of KhMAO's names (куратор направления, директор РЦРСО) on a Vologda platform's pages."""
    from domain.regulations.catalog import role_title

    assert role_title(REGULATION.id, Role.CURATOR) == "куратор ОМП в Департаменте"
    assert role_title(REGULATION.id, Role.SITE_DIRECTOR) == "директор учреждения — базы ОМП"
    for title in REGULATION.role_titles.values():
        assert "РЦРСО" not in title and "направления" not in title and "Югр" not in title
