"""The registry of regions, organisations and sites (issue 16): what the domain records and refuses, and a site's
status period (D22, D28)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

import pytest

from api.calendar.service import production_calendar
from domain.common import DomainError
from domain.cycle import (
    PlanExtension,
    PlannedObligation,
    RegulationSnapshot,
    Runner,
    plan_extension,
    planned_obligations,
    snapshot_for,
)
from domain.organisations import (
    OrganisationChanged,
    OrganisationRegistered,
    RegionChanged,
    RegionRegistered,
    decide_organisation,
    decide_region,
    sentence,
)
from domain.regulations.khmao.order_135r import REGULATION as KHMAO
from domain.regulations.khmao.sites import SITES as KHMAO_SITES
from domain.regulations.vologda import REGULATION as VOLOGDA_RULES
from domain.sites import (
    CycleSeen,
    Institution,
    OrganisationKind,
    Region,
    Site,
    SiteChanged,
    SiteRecord,
    SiteRegistered,
    SiteStatus,
    cut_cycles,
    decide_site,
)
from tests.domain.test_platform_centres import PLATFORM

NOW = datetime(2026, 12, 6, 10, tzinfo=UTC)
VOLOGDA = Region(id="35", name="Вологодская область", timezone="Europe/Moscow")
DEPARTMENT = Institution(
    id="dszn", region_id="35", name="Департамент", short_name="ДСЗН", city="", kind=OrganisationKind.AUTHORITY
)
HOME = Institution(
    id="home",
    region_id="35",
    name="Дом-интернат",
    short_name="ДИ",
    city="",
    kind=OrganisationKind.HOST,
    parent_id="dszn",
)
ELSEWHERE = Institution(id="rcrso", region_id="86", name="РЦ", short_name="РЦ", city="")


def _org(**changes: object) -> Institution:
    return HOME.model_copy(update={"id": "unit", "kind": OrganisationKind.UNIT, "parent_id": "home", **changes})


def test_a_region_is_registered_changed_and_left_alone_when_nothing_differs() -> None:
    [registered] = decide_region(None, VOLOGDA, authority=None, by=None, now=NOW)
    assert isinstance(registered, RegionRegistered)
    with_authority = VOLOGDA.model_copy(update={"authority_id": "dszn"})
    [changed] = decide_region(VOLOGDA, with_authority, authority=DEPARTMENT, by="u1", now=NOW)
    assert isinstance(changed, RegionChanged) and changed.by == "u1"
    assert decide_region(with_authority, with_authority, authority=DEPARTMENT, by=None, now=NOW) == []
    assert sentence(registered) == "Регион «Вологодская область» зарегистрирован, часовой пояс Europe/Moscow."


@pytest.mark.parametrize(
    ("region", "authority", "field"),
    [
        (VOLOGDA.model_copy(update={"timezone": "Europe/Vologda"}), None, "timezone"),
        (VOLOGDA.model_copy(update={"authority_id": "home"}), HOME, "authority_id"),  # not an authority
        (VOLOGDA.model_copy(update={"authority_id": "rcrso"}), ELSEWHERE, "authority_id"),  # another region's
    ],
)
def test_a_region_refused(region: Region, authority: Institution | None, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        decide_region(None, region, authority=authority, by=None, now=NOW)
    assert refused.value.field == field


def test_the_hierarchy_authority_centre_host_member_unit() -> None:
    [registered] = decide_organisation(None, _org(), region=VOLOGDA, parent=HOME, by=None, now=NOW)
    assert isinstance(registered, OrganisationRegistered)
    sector = _org(id="sector", parent_id="unit")  # отделение → сектор
    assert decide_organisation(None, sector, region=VOLOGDA, parent=_org(), by=None, now=NOW)
    [changed] = decide_organisation(_org(), _org(name="Отделение"), region=VOLOGDA, parent=HOME, by=None, now=NOW)
    assert isinstance(changed, OrganisationChanged)
    assert "структурное подразделение" in sentence(changed)


@pytest.mark.parametrize(
    ("organisation", "parent", "chain", "code"),
    [
        (_org(parent_id=None), None, (), "parent_required"),
        (_org(parent_id="rcrso"), ELSEWHERE, (), "parent_unknown"),  # a unit's parent: of the same region
        (_org(parent_id="dszn"), DEPARTMENT, (), "parent_kind"),  # a unit does not answer to the authority
        (DEPARTMENT.model_copy(update={"parent_id": "home"}), HOME, (), "parent_forbidden"),
        (HOME.model_copy(update={"parent_id": "unit"}), _org(), ("home", "dszn"), "parent_kind"),
        (_org(id="home2", kind=OrganisationKind.UNIT, parent_id="unit"), _org(), ("home2",), "parent_cycle"),
    ],
)
def test_an_organisation_refused(
    organisation: Institution, parent: Institution | None, chain: tuple[str, ...], code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        decide_organisation(None, organisation, region=VOLOGDA, parent=parent, parent_chain=chain, by=None, now=NOW)
    assert (refused.value.code, refused.value.field) == (code, "parent_id")


def test_a_change_of_kind_is_checked_against_the_children_the_parent_the_region_and_the_sites() -> None:
    """Issue 16: the rules of registration hold when the kind changes — a unit under the organisation, a parent
    whose kind the new one may not answer to, the region's authority, the sites it holds."""
    member = HOME.model_copy(update={"kind": OrganisationKind.MEMBER})
    unit = _org(name="Отделение срочного социального обслуживания")
    member_child = HOME.model_copy(update={"id": "kcson", "name": "КЦСОН района", "kind": OrganisationKind.MEMBER})
    # host → member with a unit under it: allowed (a unit answers to a member)
    assert decide_organisation(HOME, member, region=VOLOGDA, parent=DEPARTMENT, children=(unit,), by=None, now=NOW)
    # host → member with a member under it: refused, naming the child
    with pytest.raises(DomainError) as refused:
        decide_organisation(
            HOME, member, region=VOLOGDA, parent=DEPARTMENT, children=(unit, member_child), by=None, now=NOW
        )
    assert (refused.value.code, refused.value.field) == ("child_kind", "kind")
    assert "«КЦСОН района» — организация-участник" in refused.value.message
    # host → unit under the authority: the parent's rule, as at registration
    with pytest.raises(DomainError) as refused:
        decide_organisation(
            HOME, _org(id="home", parent_id="dszn"), region=VOLOGDA, parent=DEPARTMENT, by=None, now=NOW
        )
    assert refused.value.code == "parent_kind"
    # the region's authority stays an authority; an organisation holding sites does not become one
    governed = VOLOGDA.model_copy(update={"authority_id": "dszn"})
    centre = DEPARTMENT.model_copy(update={"kind": OrganisationKind.COORDINATING_CENTRE})
    with pytest.raises(DomainError) as refused:
        decide_organisation(DEPARTMENT, centre, region=governed, parent=None, by=None, now=NOW)
    assert refused.value.code == "authority_kind"
    top = HOME.model_copy(update={"kind": OrganisationKind.AUTHORITY, "parent_id": None})
    with pytest.raises(DomainError) as refused:
        decide_organisation(HOME, top, region=VOLOGDA, parent=None, site_ids=("omp",), by=None, now=NOW)
    assert refused.value.code == "authority_sites" and "omp" in refused.value.message
    # the same children under an unchanged kind: nothing re-checked, the card's change recorded
    renamed = HOME.model_copy(update={"name": "Дом-интернат № 1"})
    assert decide_organisation(
        HOME, renamed, region=VOLOGDA, parent=DEPARTMENT, children=(member_child,), by=None, now=NOW
    )


SITE = Site(
    id="omp",
    region_id="35",
    institution_id="home",
    direction_id="omp",
    status=SiteStatus.METHODOLOGICAL_PLATFORM,
    code="",
    polozhenie="",
    citation="",
    status_since=date(2023, 3, 1),
)
RECORD = SiteRecord(site=SITE, regulation_id="vologda-omp", direction_title="Социальное проектирование")
STATUSES = (SiteStatus.METHODOLOGICAL_PLATFORM,)


def _decide(record: SiteRecord, existing: SiteRecord | None = None, **kw: object) -> list[object]:
    args: dict[str, object] = {"region": VOLOGDA, "organisation": HOME, "statuses": STATUSES, "by": None, "now": NOW}
    return list(decide_site(existing, record, **{**args, **kw}))  # type: ignore[arg-type]


def test_a_site_is_registered_and_changed() -> None:
    [registered] = _decide(RECORD)
    assert isinstance(registered, SiteRegistered)
    ended = RECORD.model_copy(update={"site": SITE.model_copy(update={"status_until": date(2024, 12, 31)})})
    [changed] = _decide(ended, RECORD)
    assert isinstance(changed, SiteChanged)
    assert sentence(changed) == (
        "Площадка omp изменена: опорно-методическая площадка, статус действует с 01.03.2023 по 31.12.2024."
    )
    assert _decide(ended, ended) == []


@pytest.mark.parametrize(
    ("changes", "kw", "field"),
    [
        ({"status": SiteStatus.RESOURCE_CENTER}, {}, "status"),  # the region's regulation does not know it
        ({"status_until": date(2023, 2, 28)}, {}, "status_until"),  # the end before the start
        ({}, {"organisation": ELSEWHERE}, "institution_id"),
        ({}, {"organisation": DEPARTMENT}, "institution_id"),
        ({}, {"statuses": ()}, "region_id"),  # a region without a regulation
        ({}, {"region": None}, "region_id"),
    ],
)
def test_a_site_refused(changes: dict[str, object], kw: dict[str, object], field: str) -> None:
    record = RECORD.model_copy(update={"site": SITE.model_copy(update=changes)})
    with pytest.raises(DomainError) as refused:
        _decide(record, **kw)
    assert refused.value.field == field


def test_a_sites_region_never_changes() -> None:
    moved = RECORD.model_copy(update={"site": SITE.model_copy(update={"region_id": "66"})})
    with pytest.raises(DomainError) as refused:
        _decide(moved, RECORD, region=VOLOGDA.model_copy(update={"id": "66"}))
    assert refused.value.field is None  # a conflict (409), not bad input


def test_an_end_moved_later_is_refused_only_where_a_cycle_it_cut_no_longer_runs() -> None:
    """D22: a running cycle cut by the status end plans what a later end covers (``plan_extension``), so the end moves
    later, or is removed, under it; a cycle cut by it that no longer runs — closed by its end or a revocation, or
    completed — does not open again, so the end does not move later under it. An earlier end is always accepted."""
    ended = RECORD.model_copy(update={"site": SITE.model_copy(update={"status_until": date(2024, 6, 30)})})
    later = RECORD.model_copy(update={"site": SITE.model_copy(update={"status_until": date(2024, 12, 31)})})
    earlier = RECORD.model_copy(update={"site": SITE.model_copy(update={"status_until": date(2024, 5, 31)})})
    running = (CycleSeen(year=2024, running=True, closed=False, started_until=date(2024, 6, 30)),)
    closed = (CycleSeen(year=2024, running=False, closed=True, started_until=None),)
    completed = (CycleSeen(year=2024, running=False, closed=False, started_until=date(2024, 6, 30)),)
    whole = (
        CycleSeen(year=2024, running=False, closed=False, started_until=None),  # completed with its whole year
        CycleSeen(year=2023, running=False, closed=True, started_until=None),
    )
    for moved in (later, RECORD):  # later, and removed (RECORD has no end)
        [changed] = _decide(moved, ended, cycles=running)
        assert isinstance(changed, SiteChanged) and changed.record == moved
    for cycles, word in ((closed, "закрыт"), (completed, "завершен")):
        for moved, target in ((later, "на 31.12.2024"), (RECORD, "до бессрочного")):
            with pytest.raises(DomainError) as refused:
                _decide(moved, ended, cycles=cycles)
            assert (refused.value.code, refused.value.field) == ("status_end_cut", "status_until")
            assert refused.value.message.startswith(
                f"Срок статуса нельзя продлить с 30.06.2024 {target}: цикл 2024 года {word} по прежнему сроку и снова "
                "не открывается"
            )
            assert "зарегистрируйте площадку по этому приказу как новую" in refused.value.message
        assert _decide(earlier, ended, cycles=cycles)
    assert _decide(later, ended, cycles=whole)  # 2024 completed with its whole year planned; 2023 ended before
    assert cut_cycles(date(2024, 12, 31), closed + running) == []  # an end on 31 December cuts nothing
    assert cut_cycles(date(2024, 6, 30), closed + running) == [2024]


def test_a_beginning_moved_under_a_cycle_planned_from_it_is_refused() -> None:
    """D28: a cycle plans its year from the status's beginning (nothing before it in its first year, no cycle before
    that year); moved so that a cycle's year would begin otherwise, it is refused — the cycle would keep the old plan.
    A beginning that changes no cycle's year (an earlier date in a year before the cycles) is accepted."""
    cycles = (CycleSeen(year=2023, running=False, closed=False, started_until=None),)
    for since, words in (
        (date(2023, 1, 1), "с 01.03.2023 на 01.01.2023: цикл 2023 года уже открыт"),
        (date(2023, 5, 1), "с 01.03.2023 на 01.05.2023"),
        (date(2024, 2, 1), "с 01.03.2023 на 01.02.2024"),  # the status would not have run in 2023 at all
        (None, "с 01.03.2023 на начало действия регламента"),
    ):
        moved = RECORD.model_copy(update={"site": SITE.model_copy(update={"status_since": since})})
        with pytest.raises(DomainError) as refused:
            _decide(moved, RECORD, cycles=cycles)
        assert (refused.value.code, refused.value.field) == ("status_start_planned", "status_since")
        assert words in refused.value.message
    later_cycle = (CycleSeen(year=2024, running=True, closed=False, started_until=None),)
    earlier = RECORD.model_copy(update={"site": SITE.model_copy(update={"status_since": date(2022, 9, 1)})})
    assert _decide(earlier, RECORD, cycles=later_cycle)  # 2024 is a whole year either way
    assert _decide(earlier, RECORD)  # no cycle yet: anything goes


def test_the_status_period_decides_the_years_of_cycles() -> None:
    site = SITE.model_copy(update={"status_until": date(2025, 6, 30)})
    assert [y for y in range(2021, 2028) if site.status_covers(y)] == [2023, 2024, 2025]
    assert site.cycle_starts_on(2023) == date(2023, 3, 1)
    assert site.cycle_starts_on(2024) is None
    assert not site.status_ended(date(2025, 6, 30)) and site.status_ended(date(2025, 7, 1))
    assert SITE.status_covers(2099) and not SITE.status_ended(date(2099, 1, 1))


def test_every_event_of_the_registry_has_its_sentence() -> None:
    events = [
        *decide_region(None, VOLOGDA, authority=None, by=None, now=NOW),
        *decide_region(
            VOLOGDA, VOLOGDA.model_copy(update={"name": "Вологодская обл."}), authority=None, by=None, now=NOW
        ),
        *decide_organisation(None, HOME, region=VOLOGDA, parent=DEPARTMENT, by=None, now=NOW),
        *decide_organisation(
            HOME, HOME.model_copy(update={"city": "Вологда"}), region=VOLOGDA, parent=DEPARTMENT, by=None, now=NOW
        ),
        *_decide(RECORD),
        *_decide(RECORD.model_copy(update={"direction_title": "Тема"}), RECORD),
    ]
    assert sorted(e.event_type for e in events) == sorted(  # type: ignore[attr-defined]
        [
            "RegionRegistered",
            "RegionChanged",
            "OrganisationRegistered",
            "OrganisationChanged",
            "SiteRegistered",
            "SiteChanged",
        ]
    )
    for event in events:
        assert sentence(event).endswith(".")  # type: ignore[arg-type]


def test_a_status_period_ending_mid_year_owes_nothing_of_a_period_after_its_end() -> None:
    from domain.cycle import planned_obligations, snapshot_for
    from domain.regulations.khmao.order_135r import REGULATION
    from domain.regulations.khmao.sites import SITES

    site = next(s for s in SITES if s.id == "1.1.3").model_copy(update={"status_until": date(2028, 6, 30)})
    assert site.cycle_ends_on(2028) == date(2028, 6, 30)
    assert site.cycle_ends_on(2027) is None
    snapshot = snapshot_for(REGULATION, site, 2028)
    whole = {(p.obligation.key, p.instance) for p in planned_obligations(snapshot, 2028)}
    part = planned_obligations(snapshot, 2028, None, None, site.cycle_ends_on(2028))
    keys = {(p.obligation.key, p.instance) for p in part}
    assert ("quarterly_report", "Q2") in keys  # the quarter it held its status in: still owed, due in July
    assert ("quarterly_report", "Q3") in whole and ("quarterly_report", "Q3") not in keys
    assert all(p.period is None or p.period.start <= date(2028, 6, 30) for p in part)
    assert all(p.period is not None or p.nominal_due is None or p.nominal_due <= date(2028, 6, 30) for p in part)


# --- a cut plan extended to a later end (D22) -------------------------------------------------------------------

CALENDAR = production_calendar(range(2027, 2030))
MID_YEAR = date(2028, 6, 30)


def _khmao_snapshot() -> RegulationSnapshot:
    site = next(s for s in KHMAO_SITES if s.id == "1.1.3")
    return snapshot_for(KHMAO, site, 2028)


def _keys(plan: Iterable[PlannedObligation]) -> set[tuple[str, str]]:
    return {(p.obligation.key, p.instance) for p in plan}


def _extend(
    until: date | None,
    planned_to: date = MID_YEAR,
    now: datetime = datetime(2028, 6, 1, tzinfo=UTC),
    planned: frozenset[tuple[str, str]] | None = None,
) -> PlanExtension | None:
    snapshot = _khmao_snapshot()
    if planned is None:
        planned = frozenset(_keys(planned_obligations(snapshot, 2028, CALENDAR, None, planned_to)))
    return plan_extension(snapshot, 2028, CALENDAR, planned_to, until, planned, (), now)


def test_an_end_moved_later_plans_the_periods_between_the_old_end_and_the_new() -> None:
    extension = _extend(date(2028, 9, 30))
    assert extension is not None and extension.ends_on == date(2028, 9, 30)
    added = _keys(extension.plan)
    assert {("quarterly_report", "Q3"), ("public_report", "Q3"), ("working_group_monthly", "M09")} <= added
    assert ("quarterly_report", "Q2") not in added  # planned with the old end: the quarter the site held its status
    assert ("quarterly_report", "Q4") not in added and ("working_group_monthly", "M10") not in added
    assert all(p.period is not None and MID_YEAR < p.period.start <= date(2028, 9, 30) for p in extension.plan)
    assert extension.past_due == ()
    # The old plan and what is added make the plan the new end would have had from the start, opened alike.
    snapshot = _khmao_snapshot()
    old = planned_obligations(snapshot, 2028, CALENDAR, None, MID_YEAR)
    new = planned_obligations(snapshot, 2028, CALENDAR, None, date(2028, 9, 30))
    assert _keys(old) | added == _keys(new) and not _keys(old) & added
    assert {p for p in new if (p.obligation.key, p.instance) in added} == set(extension.plan)


def test_an_end_removed_plans_the_rest_of_the_year() -> None:
    extension = _extend(None)
    assert extension is not None and extension.ends_on is None
    whole = planned_obligations(_khmao_snapshot(), 2028, CALENDAR)
    dated = {(p.obligation.key, p.instance) for p in whole if p.runner != Runner.NONE}
    old = _keys(planned_obligations(_khmao_snapshot(), 2028, CALENDAR, None, MID_YEAR))
    assert _keys(extension.plan) == dated - old
    assert {("quarterly_report", "Q4"), ("annual_report_department", "Y")} - old <= _keys(extension.plan)
    # An end in a later year, or on 31 December, leaves the whole year too.
    for until in (date(2029, 3, 31), date(2028, 12, 31)):
        further = _extend(until)
        assert further is not None and further.ends_on is None and _keys(further.plan) == _keys(extension.plan)


def test_no_extension_when_the_new_end_reaches_no_later_or_no_period_begins_before_it() -> None:
    assert _extend(MID_YEAR) is None
    assert _extend(date(2028, 5, 31)) is None  # an earlier end only moves the closing
    # The plan reaches 10 June (June's month begun); a new end on 25 June begins no period: nothing to add, but the
    # plan now reaches 25 June.
    short = _extend(date(2028, 6, 25), planned_to=date(2028, 6, 10))
    assert short is not None and short.plan == () and short.ends_on == date(2028, 6, 25)


def test_nothing_is_planned_twice() -> None:
    first = _extend(date(2028, 9, 30))
    assert first is not None
    before = _keys(planned_obligations(_khmao_snapshot(), 2028, CALENDAR, None, MID_YEAR))
    # Told the same end again, or an end once more from where the plan reaches now: only what is new.
    again = _extend(date(2028, 9, 30), planned=frozenset(before | _keys(first.plan)))
    assert again is not None and again.plan == ()
    then = _extend(None, planned_to=date(2028, 9, 30), planned=frozenset(before | _keys(first.plan)))
    assert then is not None and not _keys(then.plan) & (before | _keys(first.plan))
    assert ("quarterly_report", "Q4") in _keys(then.plan)
    # Whatever the cycle says it planned already (told centres' requests, say) is left out too.
    told = _extend(date(2028, 9, 30), planned=frozenset(before | {("quarterly_report", "Q3")}))
    assert told is not None and ("quarterly_report", "Q3") not in _keys(told.plan)


def test_an_instance_whose_deadline_passed_is_planned_with_its_date_and_named_past_due() -> None:
    """A cycle opened after its status period ended (D22) and then told an end moved past some deadlines: the site
    held its status then, so it owes them with the dates the rule gives; they are named, to open at once, overdue."""
    late = _extend(date(2028, 12, 30), now=datetime(2028, 10, 20, tzinfo=UTC))
    assert late is not None
    assert ("quarterly_report", "Q3") in late.past_due  # due 05.10.2028
    assert ("working_group_monthly", "M09") in late.past_due
    assert ("quarterly_report", "Q4") not in late.past_due and ("quarterly_report", "Q4") in _keys(late.plan)
    q3 = next(p for p in late.plan if (p.obligation.key, p.instance) == ("quarterly_report", "Q3"))
    assert q3.nominal_due == date(2028, 10, 5)
    assert set(late.past_due) <= _keys(late.plan)


def test_a_told_obligation_is_extended_for_the_institutions_the_cycle_follows() -> None:
    snapshot = snapshot_for(VOLOGDA_RULES, PLATFORM, 2028).model_copy(update={"reporting_institutions": ("sokol",)})
    planned = frozenset(_keys(planned_obligations(snapshot, 2028, CALENDAR, None, MID_YEAR)))
    assert ("centre_monitoring", "Q2-sokol") in planned
    now = datetime(2028, 6, 1, tzinfo=UTC)
    extension = plan_extension(snapshot, 2028, CALENDAR, MID_YEAR, None, planned, ("babushkino", "sokol"), now)
    assert extension is not None
    centres = sorted(p.instance for p in extension.plan if p.obligation.key == "centre_monitoring")
    assert centres == ["Q3-babushkino", "Q3-sokol", "Q4-babushkino", "Q4-sokol"]
    alone = plan_extension(snapshot, 2028, CALENDAR, MID_YEAR, None, planned, (), now)
    assert alone is not None and not [p for p in alone.plan if p.obligation.key == "centre_monitoring"]
