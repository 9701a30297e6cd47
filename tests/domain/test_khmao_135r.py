"""Order 135-р as data, checked against the source itself (seed 001) and against the brief's scenarios.

The expectations here are written independently of the modules under test: the clause table, the sites'
sections in the сборник, their indicator sections and the dates of the brief's scenarios (§6).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from api.calendar.service import production_calendar
from domain.deadlines import (
    AtLeastPerPeriod,
    Citation,
    DayAfterPeriod,
    DeadlineRule,
    FixedAnnualDate,
    NoDeadline,
    Recurrence,
    WorkingDaysAfter,
    instances,
)
from domain.escalation import EscalationLevel
from domain.people import Role
from domain.periods import PeriodKind
from domain.regulations.khmao.decisions import WHOLE_REGULATION
from domain.regulations.khmao.order_135r import DOCUMENT, REGULATION
from domain.regulations.khmao.participants import PARTICIPANT_MINIMUMS
from domain.regulations.khmao.sites import SITES, site_by_id
from domain.regulations.model import IndicatorType, Obligation, ObligationKind, ReviewAction, review_parts
from domain.sites import Site, SiteStatus

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
CALENDAR = production_calendar(range(2021, 2026))

RC = SiteStatus.RESOURCE_CENTER
OP = SiteStatus.SUPPORT_PLATFORM
BOTH = (RC, OP)


@cache
def _seed_lines() -> tuple[str, ...]:
    found = sorted(SEEDS_DIR.glob("001_*.txt")) if SEEDS_DIR.is_dir() else []
    if not found:
        pytest.skip(f"source document 001_*.txt not found in {SEEDS_DIR} (shared seeds folder absent)")
    return tuple(found[0].read_text(encoding="utf-8").split("\n"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _lines_of(source: str) -> tuple[int, int]:
    match = re.fullmatch(r"001:L(\d+)(?:[–-](\d+))?", source)
    assert match is not None, f"not a seed-001 line reference: {source!r}"
    first = int(match.group(1))
    last = int(match.group(2) or first)
    assert 1 <= first <= last <= len(_seed_lines()), source
    return first, last


def _seed_text(first: int, last: int) -> str:
    return _norm(" ".join(_seed_lines()[first - 1 : last]))


def _site(site_id: str) -> tuple[Obligation, ...]:
    return REGULATION.obligations_for(site_id, site_by_id(site_id).status)


def _of(site_id: str, key: str) -> Obligation:
    found = [o for o in _site(site_id) if o.key == key]
    assert len(found) == 1, f"{site_id}: {key} found {len(found)} times"
    return found[0]


def _nominal(rule: DeadlineRule | None, year: int, instance: str) -> date:
    assert rule is not None
    return next(i.nominal for i in instances(rule, year, CALENDAR) if i.instance == instance)


def _all_obligations() -> list[Obligation]:
    return [*REGULATION.obligations, *(a for rules in REGULATION.site_rules for a in rules.additions)]


def _all_citations() -> list[tuple[str, Citation]]:
    found: list[tuple[str, Citation]] = []
    for obligation in _all_obligations():
        found.append((obligation.key, obligation.citation))
        for exception in getattr(obligation.deadline, "exceptions", ()):
            found.append((f"{obligation.key}:{exception.year}", exception.citation))
    for rules in REGULATION.site_rules:
        found.extend((f"{rules.site_id}:{o.obligation}", o.citation) for o in rules.overrides)
    for catalogue in REGULATION.indicator_catalogues:
        found.extend((indicator.key, indicator.citation) for indicator in catalogue.indicators)
    return found


# --- the order's clauses --------------------------------------------------------------------------------------

Y = PeriodKind.YEAR
Q = PeriodKind.QUARTER

K = ObligationKind
SD = Role.SITE_DIRECTOR
IR = Role.INSTITUTION_RESPONSIBLE
CONTINUOUS = NoDeadline(reason="continuous")
EVENT = NoDeadline(reason="event_driven")
BY_5TH = DayAfterPeriod(period=Q, months_after=1, day=5)
BY_1ST = DayAfterPeriod(period=Q, months_after=1, day=1)
TEN_DAYS = WorkingDaysAfter(event="monitoring_completed", event_ru="завершения мониторинга", working_days=10)

# clause -> (key, kind, deadline rule, applies_to, obligor) — brief §2.1, read from the order (001:L112–182).
CLAUSES: dict[str, tuple[str, ObligationKind, DeadlineRule, tuple[SiteStatus, ...], Role]] = {
    "2": ("unified_structure", K.STANDING, CONTINUOUS, BOTH, SD),
    "2.1": ("coordination_support", K.STANDING, CONTINUOUS, BOTH, SD),
    "2.2": ("responsible_persons", K.STANDING, EVENT, BOTH, SD),
    "2.3": ("package", K.APPROVAL, FixedAnnualDate(month=12, day=20, year_offset=-1), BOTH, SD),
    "2.4.1": ("specialists_registry", K.COLLECTION, NoDeadline(reason="as_needed"), BOTH, SD),
    "2.4.2": ("product_quota", K.QUOTA, AtLeastPerPeriod(count=2, period=Y), BOTH, SD),
    "2.4.3": ("public_report", K.MEETING, AtLeastPerPeriod(count=1, period=Q), BOTH, SD),
    "2.4.4": ("quarterly_report", K.PERIODIC_REPORT, BY_5TH, BOTH, SD),
    "2.4.5": ("public_information", K.STANDING, CONTINUOUS, BOTH, SD),
    "2.4.6": ("internship_platforms", K.STANDING, CONTINUOUS, BOTH, SD),
    "3.1": ("curators_appointment", K.STANDING, EVENT, (), Role.RCRSO_DIRECTOR),
    "3.2": ("compendium", K.COLLECTION, FixedAnnualDate(month=2, day=1), (), Role.RCRSO_DIRECTOR),
    "4.1": ("institution_monitoring", K.COVERAGE, AtLeastPerPeriod(count=1, period=Y), (RC,), SD),
    "4.2": ("monitoring_spravka", K.PERIODIC_REPORT, TEN_DAYS, (RC,), SD),
    "4.3": ("monitoring_at_public_report", K.STANDING, NoDeadline(reason="event_driven"), (RC,), SD),
    "5.1": ("institution_responsible_persons", K.STANDING, EVENT, BOTH, IR),
    "5.2": ("institution_quarterly_report", K.PERIODIC_REPORT, BY_1ST, BOTH, IR),
}

# The line of the seed where each clause of the order begins (001:L112–182).
CLAUSE_LINES = {
    "2": 112, "2.1": 114, "2.2": 116, "2.3": 130, "2.4.1": 144, "2.4.2": 146, "2.4.3": 148, "2.4.4": 150,
    "2.4.5": 152, "2.4.6": 154, "3.1": 158, "3.2": 160, "4.1": 164, "4.2": 166, "4.3": 168, "5.1": 172, "5.2": 182,
}  # fmt: skip


@pytest.mark.parametrize("clause", sorted(CLAUSES))
def test_every_clause_of_the_order_is_an_obligation_with_the_right_rule(clause: str) -> None:
    key, kind, rule, applies_to, obligor = CLAUSES[clause]
    obligation = REGULATION.obligation(key)
    assert obligation.citation.clause == clause
    assert obligation.citation.document == DOCUMENT
    assert obligation.kind == kind
    assert obligation.applies_to == applies_to
    assert obligation.obligor == obligor
    if isinstance(rule, FixedAnnualDate):
        assert isinstance(obligation.deadline, FixedAnnualDate)
        assert obligation.deadline.model_copy(update={"exceptions": ()}) == rule
    else:
        assert obligation.deadline == rule
    first, last = _lines_of(obligation.citation.source)
    assert first <= CLAUSE_LINES[clause] <= last, f"{clause} cited at {obligation.citation.source}"


def test_the_order_has_no_other_obligations_than_its_clauses_and_the_expertise() -> None:
    keys = Counter(o.key for o in REGULATION.obligations)
    assert all(n == 1 for n in keys.values()), keys
    assert set(keys) == {spec[0] for spec in CLAUSES.values()} | {"product_expertise"}
    expertise = REGULATION.obligation("product_expertise")
    assert expertise.kind == ObligationKind.PRODUCT_REVIEW
    assert expertise.citation.clause == "2.4.2"
    assert expertise.obligor == Role.EXPERT
    assert expertise.ladder is None  # the order sets no time for the expert council (D8)


def test_first_year_exceptions_of_the_package_and_the_compendium() -> None:
    package = REGULATION.obligation("package").deadline
    compendium = REGULATION.obligation("compendium").deadline
    assert isinstance(package, FixedAnnualDate) and isinstance(compendium, FixedAnnualDate)
    assert package.nominal_for(2022) == date(2022, 2, 10)
    assert package.nominal_for(2023) == date(2022, 12, 20)
    assert compendium.nominal_for(2022) == date(2022, 2, 20)  # 3.2: «в срок до 20.02.2022»
    assert compendium.nominal_for(2023) == date(2023, 2, 1)  # brief §6.20: 01.02.2023 (Wed)
    assert CALENDAR.roll_forward(date(2022, 2, 20)) == date(2022, 2, 21)  # a Sunday moves to Monday


def test_the_annual_package_keeps_its_shape() -> None:
    package = REGULATION.obligation("package")
    assert [item.key for item in package.items] == [
        "polozhenie",
        "report_forms",
        "cases",
        "interaction_scheme",
        "roadmap",
    ]
    assert [item.clause for item in package.items] == ["2.3.1", "2.3.2", "2.3.3", "2.3.4", "2.3.5"]
    assert package.submitters == (Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE)
    assert package.review_chain[-1].role == Role.CURATOR
    assert package.review_chain[-1].action == ReviewAction.APPROVE


def test_the_quota_and_the_reports_carry_what_the_order_says() -> None:
    quota = REGULATION.obligation("product_quota")
    assert quota.quota == 2
    assert quota.recipient.startswith("Экспертный совет")
    assert instances(quota.deadline, 2022)[0].nominal == date(2022, 12, 31)
    report = REGULATION.obligation("quarterly_report")
    assert report.review_chain[-1].role == Role.CURATOR
    assert report.indicators == ("I1", "I2", "I3", "I4", "I5", "I6")
    assert [i.nominal for i in instances(report.deadline, 2022)] == [
        date(2022, 4, 5),
        date(2022, 7, 5),
        date(2022, 10, 5),
        date(2023, 1, 5),
    ]
    public = REGULATION.obligation("public_report")
    assert [i.nominal for i in instances(public.deadline, 2022)][-1] == date(2022, 12, 31)  # D10


# --- citations ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("where", "citation"), _all_citations(), ids=[w for w, _ in _all_citations()])
def test_every_quote_is_on_the_cited_lines_of_the_seed(where: str, citation: Citation) -> None:
    first, last = _lines_of(citation.source)
    text = _seed_text(first, last)
    assert citation.quote, f"{where}: no quote"
    for fragment in citation.quote.split("…"):
        if _norm(fragment):
            assert _norm(fragment) in text, f"{where}: «{fragment}» is not on {citation.source}"


# Where each site's documents are in the сборник (brief §0.1), independent of the module.
SECTIONS = {
    "1.1.14": (210, 394), "1.1.11": (396, 642), "1.1.5": (644, 859), "1.1.12": (861, 1060), "1.1.2": (1062, 1371),
    "1.1.6": (1373, 1565), "1.1.8": (1567, 1827), "1.1.4": (1829, 2020), "1.1.9": (2022, 2226),
    "1.1.7": (2228, 2437), "1.1.13": (2440, 2625), "1.1.3": (2627, 2850), "1.1.10": (2853, 3044),
    "1.1.1": (3046, 3379), "1.2.2": (3383, 3576), "1.2.1": (3578, 3735), "1.2.4": (3737, 3933),
    "1.2.3": (3935, 4154),
}  # fmt: skip


@pytest.mark.parametrize("site_id", sorted(SECTIONS))
def test_site_citations_point_into_the_sites_own_section(site_id: str) -> None:
    rules = REGULATION.rules_for(site_id)
    assert rules is not None
    start, end = SECTIONS[site_id]
    citations = [o.citation for o in rules.overrides] + [a.citation for a in rules.additions]
    for citation in citations:
        first, last = _lines_of(citation.source)
        assert start <= first <= last <= end, f"{site_id}: {citation.source} outside L{start}–{end}"
        assert citation.document != DOCUMENT
        assert site_by_id(site_id).code in citation.document


def test_order_obligations_cite_the_order_text() -> None:
    for obligation in REGULATION.obligations:
        first, last = _lines_of(obligation.citation.source)
        assert 46 <= first <= last <= 206, obligation.key


# --- statuses: monitoring of institutions is the resource centres' (п. 4) --------------------------------------

MONITORING = {"institution_monitoring", "monitoring_spravka", "monitoring_at_public_report"}


@pytest.mark.parametrize("site", SITES, ids=[s.id for s in SITES])
def test_monitoring_of_institutions_only_for_resource_centres(site: Site) -> None:
    keys = {o.key for o in REGULATION.obligations_for(site.id, site.status)}
    if site.status == RC:
        assert keys >= MONITORING
    else:
        assert not keys & MONITORING


def test_support_platform_1_2_1_has_no_monitoring_and_its_twin_1_1_13_has() -> None:
    assert not {o.key for o in REGULATION.obligations_for("1.2.1", OP)} & MONITORING
    assert {o.key for o in REGULATION.obligations_for("1.1.13", RC)} >= MONITORING


def test_rcrso_obligations_are_in_no_sites_cycle() -> None:
    for site in SITES:
        keys = {o.key for o in REGULATION.obligations_for(site.id, site.status)}
        assert not keys & {"curators_appointment", "compendium"}, site.id


# --- every obligation of every site resolves -------------------------------------------------------------------


@pytest.mark.parametrize("site", SITES, ids=[s.id for s in SITES])
def test_every_obligation_of_every_site_resolves_in_2023(site: Site) -> None:
    obligations = REGULATION.obligations_for(site.id, site.status)
    keys = [o.key for o in obligations]
    assert len(keys) == len(set(keys)), f"{site.id}: duplicate keys (workflow ids would clash)"
    assert {"package", "quarterly_report", "public_report", "product_quota"} <= set(keys)
    for obligation in obligations:
        assert site.status in obligation.applies_to, obligation.key
        for year in (2022, 2023):
            for rule in (obligation.deadline, obligation.internal_target):
                if rule is not None:
                    instances(rule, year, CALENDAR)
        if isinstance(obligation.deadline, NoDeadline):
            assert obligation.ladder is None, f"{site.id}: {obligation.key} is undated but escalates"
        else:
            assert obligation.ladder is not None, f"{site.id}: {obligation.key} is dated but never escalates"
        assert re.search("[А-Яа-яЁё]", obligation.title), obligation.key


def test_site_rules_cover_the_eighteen_sites_and_override_only_what_applies() -> None:
    assert sorted(r.site_id for r in REGULATION.site_rules) == sorted(s.id for s in SITES)
    for rules in REGULATION.site_rules:
        status = site_by_id(rules.site_id).status
        targets = Counter(o.obligation for o in rules.overrides)
        assert all(n == 1 for n in targets.values()), f"{rules.site_id}: an obligation overridden twice"
        for target in targets:
            assert status in REGULATION.obligation(target).applies_to, f"{rules.site_id}: {target}"
        for addition in rules.additions:
            assert addition.applies_to == (status,)
            assert addition.key not in {o.key for o in REGULATION.obligations}


def test_internal_targets_are_never_later_than_the_deadline() -> None:
    checked = 0
    for site in SITES:
        for obligation in REGULATION.obligations_for(site.id, site.status):
            if obligation.internal_target is None:
                continue
            for year in (2022, 2023, 2024):
                deadline = {i.instance: i.nominal for i in instances(obligation.deadline, year)}
                for target in instances(obligation.internal_target, year):
                    assert target.nominal <= deadline[target.instance], (site.id, obligation.key, target)
                    checked += 1
    # 1.1.5, 1.1.7, 1.1.3: four quarters in three years; every site's institutions: Q4 in three years (D36)
    assert checked == 3 * 3 * 4 + 18 * 3


# --- brief §6 scenarios and the sites' own dates ------------------------------------------------------------------


def test_c10_q1_2022_internal_target_3_april_deadline_5_april() -> None:  # brief §6.6
    report = _of("1.1.7", "quarterly_report")
    assert _nominal(report.internal_target, 2022, "Q1") == date(2022, 4, 3)
    assert _nominal(report.deadline, 2022, "Q1") == date(2022, 4, 5)
    assert report.ladder is not None
    assert report.site_override is not None and report.site_override.source == "001:L2437"
    assert _nominal(_of("1.1.7", "institution_quarterly_report").deadline, 2022, "Q1") == date(2022, 4, 1)


@pytest.mark.parametrize(
    ("site_id", "day", "line"),
    [("1.1.5", 1, 858), ("1.1.7", 3, 2437), ("1.1.3", 3, 2733)],
)
def test_stricter_quarterly_dates_are_internal_targets(site_id: str, day: int, line: int) -> None:
    report = _of(site_id, "quarterly_report")
    assert report.deadline == DayAfterPeriod(period=Q, months_after=1, day=5)
    assert report.internal_target == DayAfterPeriod(period=Q, months_after=1, day=day)
    assert report.site_override is not None and _lines_of(report.site_override.source) == (line, line)


def test_op17_keeps_the_orders_5th_against_its_algorithms_10th() -> None:
    report = _of("1.2.4", "quarterly_report")
    assert report.deadline == DayAfterPeriod(period=Q, months_after=1, day=5)
    assert report.internal_target is None
    assert report.site_override is not None and report.site_override.source == "001:L3899"
    assert "10" in report.note and "3931" in report.note
    for site_id in ("1.1.11", "1.2.2", "1.1.8"):
        assert _of(site_id, "quarterly_report").internal_target is None


def test_q4_reports_due_in_the_new_year_holidays_move_to_the_first_working_day() -> None:  # brief §6.7
    site = _nominal(_of("1.1.11", "quarterly_report").deadline, 2022, "Q4")
    institutions = _nominal(_of("1.1.11", "institution_quarterly_report").deadline, 2022, "Q4")
    assert (site, institutions) == (date(2023, 1, 5), date(2023, 1, 1))
    assert CALENDAR.roll_forward(site) == date(2023, 1, 9)
    assert CALENDAR.roll_forward(institutions) == date(2023, 1, 9)


def test_monitoring_spravka_within_10_working_days() -> None:  # brief §6.8, 4.2
    rule = _of("1.1.9", "monitoring_spravka").deadline
    assert isinstance(rule, WorkingDaysAfter)
    assert rule.due_after(date(2022, 10, 14), CALENDAR) == date(2022, 10, 28)
    assert rule.due_after(date(2022, 10, 28), CALENDAR) == date(2022, 11, 14)  # 04.11.2022 is a holiday
    assert instances(rule, 2022, CALENDAR) == []  # event-driven: no timer until a monitoring is completed


def test_c7_last_tuesdays_of_2022() -> None:  # brief §6.15
    products = _of("1.1.8", "products_last_tuesday")
    assert products.deadline == Recurrence(freq="monthly", weekday=1, setpos=-1)
    assert products.obligor == Role.INSTITUTION_RESPONSIBLE
    assert [i.nominal for i in instances(products.deadline, 2022)] == [
        date(2022, 1, 25),
        date(2022, 2, 22),
        date(2022, 3, 29),
        date(2022, 4, 26),
        date(2022, 5, 31),
        date(2022, 6, 28),
        date(2022, 7, 26),
        date(2022, 8, 30),
        date(2022, 9, 27),
        date(2022, 10, 25),
        date(2022, 11, 29),
        date(2022, 12, 27),
    ]
    monthly = _of("1.1.8", "institution_monthly_report")
    assert _nominal(monthly.deadline, 2022, "M03") == date(2022, 3, 28)  # «до 28 числа последнего месяца»


def test_c13_registries_daily_on_working_days_weekly_monthly() -> None:  # brief §6.16
    daily = _of("1.1.10", "registry_identified_daily")
    assert daily.deadline == Recurrence(freq="daily", working_days_only=True)
    days = [i.nominal for i in instances(daily.deadline, 2023, CALENDAR)]
    assert len(days) == CALENDAR.working_days_in_year(2023)
    assert all(CALENDAR.is_working_day(d) for d in days)
    assert date(2023, 1, 3) not in days and date(2023, 1, 9) in days  # New-Year holidays, then the first working day
    weekly = _of("1.1.10", "registry_placed_weekly")
    assert len(instances(weekly.deadline, 2023, CALENDAR)) == 52
    monthly = _of("1.1.10", "registry_released_monthly")
    assert monthly.deadline == DayAfterPeriod(period=PeriodKind.MONTH, months_after=0, day=-1)
    assert _nominal(monthly.deadline, 2023, "M02") == date(2023, 2, 28)
    for registry in (daily, weekly):
        assert registry.ladder is not None
        steps = registry.ladder.steps
        assert all(step.working_days > 0 for step in steps), "no reminders, never on the due day itself"
        assert not {Role.DEPARTMENT, Role.RCRSO_DIRECTOR} & {r for step in steps for r in step.notify}


@pytest.mark.parametrize(
    ("site_id", "line"),
    [("1.1.2", 1251), ("1.1.8", 1673), ("1.1.3", 2735), ("1.2.4", 3899)],
)
def test_annual_report_to_the_department_by_20_january_of_the_next_year(site_id: str, line: int) -> None:  # D6
    report = _of(site_id, "annual_report_department")
    assert report.deadline == DayAfterPeriod(period=Y, months_after=1, day=20)
    assert _nominal(report.deadline, 2022, "Y") == date(2023, 1, 20)
    assert report.review_chain[-1].role == Role.DEPARTMENT
    assert _lines_of(report.citation.source) == (line, line)
    assert "D6" in report.decisions


def test_c8_final_report_by_20_december_and_c3_annual_analytics_by_1_february() -> None:
    final = _of("1.1.4", "final_report_rcrso")
    assert _nominal(final.deadline, 2022, "annual") == date(2022, 12, 20)
    analytics = _of("1.1.5", "annual_analytics_rcrso")
    assert _nominal(analytics.deadline, 2022, "Y") == date(2023, 2, 1)
    public = _of("1.1.4", "public_report")  # «по мере необходимости» does not disable the order (brief §6.13)
    assert public.deadline == AtLeastPerPeriod(count=1, period=Q)
    assert public.site_override is not None and public.site_override.source == "001:L2020"


@pytest.mark.parametrize("site_id", ["1.1.5", "1.1.8", "1.1.9", "1.1.3", "1.1.10", "1.1.1"])
def test_monthly_cadences_of_the_sites(site_id: str) -> None:
    order_keys = {o.key for o in REGULATION.obligations}
    monthly = [
        o for o in _site(site_id) if o.key not in order_keys and len(instances(o.deadline, 2023, CALENDAR)) == 12
    ]
    assert monthly, f"{site_id}: no monthly addition"
    for obligation in monthly:
        assert obligation.kind in {
            ObligationKind.MEETING,
            ObligationKind.COLLECTION,
            ObligationKind.PERIODIC_REPORT,
            ObligationKind.REGISTRY,  # 1.1.8: the last Tuesday of each month
        }


def test_monthly_cadences_are_not_in_the_order_for_everyone() -> None:
    with pytest.raises(KeyError):
        REGULATION.obligation("monthly_meetings")
    assert "monthly_meetings" in {o.key for o in _site("1.1.5")}
    assert "monthly_meetings" not in {o.key for o in _site("1.1.11")}


def test_c10_at_least_one_product_per_quarter_on_top_of_the_orders_two_a_year() -> None:
    quarterly = _of("1.1.7", "products_quarterly")
    assert quarterly.deadline == AtLeastPerPeriod(count=1, period=Q) and quarterly.quota == 1
    assert _of("1.1.7", "product_quota").quota == 2


# --- the package's review chain (D5, D33) -----------------------------------------------------------------------

AGREED_BY_DEPARTMENT = {"1.1.12", "1.1.2", "1.1.9", "1.1.3", "1.2.2"}  # C4, C5, C9, C12, OP15


@pytest.mark.parametrize("site", SITES, ids=[s.id for s in SITES])
def test_package_chain_ends_with_the_curator_and_the_department_agrees_the_roadmap_alone(site: Site) -> None:
    package = _of(site.id, "package")
    chain = [(step.role, step.action) for step in package.review_chain]
    assert chain == [(Role.CURATOR, ReviewAction.APPROVE)]
    parts = {part.key: [(s.role, s.action) for s in part.chain] for part in review_parts(package)}
    if site.id in AGREED_BY_DEPARTMENT:
        # D33: the Department's согласование is the roadmap's own step; the other documents, the curator's alone.
        assert parts == {
            "": [(Role.CURATOR, ReviewAction.APPROVE)],
            "roadmap": [(Role.DEPARTMENT, ReviewAction.AGREE), (Role.CURATOR, ReviewAction.APPROVE)],
        }
        assert package.site_override is not None
        assert "D33" in package.decisions
    else:
        assert parts == {"": [(Role.CURATOR, ReviewAction.APPROVE)]}


def test_every_review_step_of_khmao_has_a_term_and_a_ladder() -> None:
    # D30–D32: the curator 5 working days, the Department 10, a site accepting institutions' forms 3; a request for
    # more time is decided in 2 by whoever accepts the work.
    terms = {}
    for obligation in [o for site in SITES for o in REGULATION.obligations_for(site.id, site.status)]:
        for part in review_parts(obligation):
            for step in part.chain:
                if step.role == Role.EXPERT:  # the Expert Council has no time set (D8)
                    continue
                assert step.term is not None and step.ladder is not None, (obligation.key, step.title)
                terms[step.role] = step.term
        if obligation.review_chain and obligation.review_chain[-1].role != Role.EXPERT:
            assert obligation.review_chain[-1].extension_term == 2
    assert terms == {Role.CURATOR: 5, Role.DEPARTMENT: 10, Role.SITE_RESPONSIBLE: 3}


def test_package_of_c2_is_accepted_by_the_curator_alone_and_c4_op15_still_need_five_documents() -> None:
    assert [s.role for s in _of("1.1.11", "package").review_chain] == [Role.CURATOR]
    for site_id in ("1.1.12", "1.2.2"):  # their положения list 4 items; the order's 5 prevail (D4)
        package = _of(site_id, "package")
        assert len(package.items) == 5 and package.item("roadmap") is not None
        assert "D4" in package.note
    for site_id in ("1.1.9", "1.2.2"):  # RCRSO's agreement is the curator's step
        assert "куратор" in _of(site_id, "package").note


# --- indicators ------------------------------------------------------------------------------------------------

STANDARD = {"I1", "I2", "I3", "I4", "I5", "I6"}
EXPECTED_SETS = {site.id: STANDARD for site in SITES} | {
    "1.1.9": STANDARD | {"I7"},
    "1.2.2": {"I1", "I2", "I3", "I4", "I5", "I8"},
    "1.1.1": {"I1", "I3", "I4", "I6", "I9", "I10"},
}

# The first line of each site's indicator section (brief §3.5).
INDICATOR_SECTIONS = {
    "1.1.14": 340, "1.1.11": 537, "1.1.5": 782, "1.1.12": 999, "1.1.2": 1311, "1.1.6": 1513, "1.1.8": 1767,
    "1.1.4": 1967, "1.1.9": 2166, "1.1.7": 2367, "1.1.13": 2576, "1.1.3": 2781, "1.1.10": 2984, "1.1.1": 3205,
    "1.2.2": 3517, "1.2.1": 3693, "1.2.4": 3874, "1.2.3": 4081,
}  # fmt: skip

KEY_WORDS = {
    "I1": "Наличие доступной и открытой среды",
    "I2": "Количество мероприятий",
    "I3": "получивших консультационно",
    "I4": "Количество публикаций",
    "I5": "Сформированность информационно-методической базы",
    "I6": "партнеров",
    "I7": "прошедших экспертизу",
    "I8": "негосударственных поставщиков, вовлеченных",
    "I9": "Количество подготовленных информационно-методических материалов",
    "I10": "Охват государственных учреждений",
}


def _indicator_section(site_id: str) -> str:
    lines = _seed_lines()
    start = INDICATOR_SECTIONS[site_id]
    end = next(n for n in range(start + 1, len(lines)) if "Заключительные положения" in lines[n - 1] or n > start + 30)
    return _seed_text(start, end - 1)


def test_indicator_catalogue() -> None:
    (catalogue,) = REGULATION.indicator_catalogues
    assert (catalogue.id, catalogue.year) == ("khmao-135r-indicators", 2022)
    assert [i.key for i in catalogue.indicators] == [f"I{n}" for n in range(1, 11)]
    assert catalogue.indicator("I1").value_type == IndicatorType.BOOLEAN and catalogue.indicator("I1").qualitative
    assert catalogue.indicator("I5").value_type == IndicatorType.LEVEL and catalogue.indicator("I5").qualitative
    assert catalogue.indicator("I10").value_type == IndicatorType.PERCENT
    for key in ("I2", "I3", "I4", "I6", "I7", "I8", "I9"):
        assert catalogue.indicator(key).value_type == IndicatorType.COUNT
        assert not catalogue.indicator(key).qualitative
    for indicator in catalogue.indicators:
        first, last = _lines_of(indicator.citation.source)
        assert _norm(indicator.title) in _seed_text(first, last), indicator.key  # verbatim from the seed


@pytest.mark.parametrize("site_id", sorted(EXPECTED_SETS))
def test_indicator_set_of_each_site_matches_its_section_in_the_seed(site_id: str) -> None:
    rules = REGULATION.rules_for(site_id)
    assert rules is not None
    assert set(rules.indicator_set) == EXPECTED_SETS[site_id]
    assert len(rules.indicator_set) == len(set(rules.indicator_set))
    assert _of(site_id, "quarterly_report").indicators == rules.indicator_set  # the report carries the site's set
    section = _indicator_section(site_id)
    for key, words in KEY_WORDS.items():
        assert (words in section) == (key in EXPECTED_SETS[site_id]), f"{site_id}: {key} «{words}»"


def test_site_specific_indicator_sets() -> None:  # brief §6.19
    assert "I7" in _of("1.1.9", "quarterly_report").indicators
    op15 = _of("1.2.2", "quarterly_report").indicators
    assert "I8" in op15 and "I6" not in op15
    assert set(_of("1.1.1", "quarterly_report").indicators) == {"I1", "I3", "I4", "I6", "I9", "I10"}
    assert "организаций-партнеров" in _of("1.1.1", "quarterly_report").note  # C14's own wording of I6


# --- decisions --------------------------------------------------------------------------------------------------


def test_all_decisions_present_and_referenced() -> None:
    ids = [d.id for d in REGULATION.decisions]
    assert len(ids) >= 25  # the 25 ambiguities of the domain brief, then the decisions of later issues
    assert ids == [f"D{n}" for n in range(1, len(ids) + 1)]
    referenced = {d for o in _all_obligations() for d in o.decisions}
    referenced |= {d for minimum in PARTICIPANT_MINIMUMS for d in minimum.decisions}  # roadmap rows' data (D40)
    if REGULATION.roadmap_row is not None:  # the template of the dated roadmap rows (D42–D45)
        referenced |= set(REGULATION.roadmap_row.decisions)
    if REGULATION.cycle_opening is not None:  # the cycles that open themselves (D26–D28)
        referenced |= set(REGULATION.cycle_opening.decisions)
    if REGULATION.curators is not None:  # every site has a curator (D29)
        referenced |= set(REGULATION.curators.decisions)
    assert referenced <= set(ids), referenced - set(ids)
    for decision in REGULATION.decisions:
        assert decision.id in referenced or WHOLE_REGULATION in decision.decision, decision.id
        assert decision.question and decision.decision and decision.reason
        assert re.search("[А-Яа-я]", decision.reason)
        assert decision.sources, decision.id
        for source in decision.sources:
            first, last = _lines_of(source)
            assert _seed_text(first, last), f"{decision.id}: {source} is an empty line"


def test_decision_d1_and_d5_shaped_the_obligations_they_govern() -> None:
    assert "D1" in REGULATION.obligation("quarterly_report").decisions
    assert "D5" in REGULATION.obligation("package").decisions
    assert "D9" in REGULATION.obligation("monitoring_spravka").decisions
    assert "D7" in REGULATION.obligation("product_quota").decisions


# --- escalation ---------------------------------------------------------------------------------------------------


def test_order_obligations_of_sites_use_the_default_ladder() -> None:
    package = REGULATION.obligation("package")
    assert package.ladder is not None
    for key in ("quarterly_report", "public_report", "product_quota", "institution_monitoring", "monitoring_spravka"):
        assert REGULATION.obligation(key).ladder == package.ladder, key
    institution = REGULATION.obligation("institution_quarterly_report").ladder
    assert institution is not None
    assert all(Role.SITE_DIRECTOR not in step.notify for step in institution.steps)  # D16
    compendium = REGULATION.obligation("compendium").ladder
    assert compendium is not None
    assert all(Role.SITE_DIRECTOR not in step.notify for step in compendium.steps)


def test_site_own_deadlines_do_not_escalate_to_the_department() -> None:  # D23
    for rules in REGULATION.site_rules:
        for addition in rules.additions:
            if addition.ladder is None:
                continue
            levels = {step.level for step in addition.ladder.steps}
            assert EscalationLevel.LEVEL3 not in levels, (rules.site_id, addition.key)
            notified = {role for step in addition.ladder.steps for role in step.notify}
            assert Role.DEPARTMENT not in notified, (rules.site_id, addition.key)


def test_regulation_identity() -> None:
    assert (REGULATION.id, REGULATION.version, REGULATION.first_year) == ("khmao-135r", 1, 2022)
    assert REGULATION.statuses == BOTH
    assert REGULATION.timezone == "Asia/Yekaterinburg"
    for clause in ("п. 6", "п. 7", "п. 8", "п. 9"):  # clauses deliberately not encoded are explained
        assert clause in REGULATION.note


def test_a_resource_centres_public_report_carries_its_monitoring_results() -> None:
    # п. 4.3 (001:L168) is exercised by the public report of п. 2.4.3: required for resource centres only.
    public_report = REGULATION.obligation("public_report")
    item = public_report.item("monitoring_results")
    assert item is not None
    assert item.required_of(SiteStatus.RESOURCE_CENTER) and not item.required_of(SiteStatus.SUPPORT_PLATFORM)
    assert REGULATION.obligation("monitoring_at_public_report").kind == K.STANDING
