"""The registry of regions, organisations and sites (issue 16): what the domain records and refuses, and a site's
status period (D22, D28)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.common import DomainError
from domain.organisations import (
    OrganisationChanged,
    OrganisationRegistered,
    RegionChanged,
    RegionRegistered,
    decide_organisation,
    decide_region,
    sentence,
)
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


def test_an_end_moved_later_is_refused_once_a_cycle_is_cut_by_it() -> None:
    """Issue 16: a cycle cut by the status end — started with the end inside its year, or closed — is not extended
    again, so the end does not move later (nor is removed) under it; a cycle running with its whole year planned only
    moves its closing, and an earlier end is always accepted."""
    ended = RECORD.model_copy(update={"site": SITE.model_copy(update={"status_until": date(2024, 6, 30)})})
    later = RECORD.model_copy(update={"site": SITE.model_copy(update={"status_until": date(2024, 12, 31)})})
    earlier = RECORD.model_copy(update={"site": SITE.model_copy(update={"status_until": date(2024, 5, 31)})})
    cut = (CycleSeen(year=2024, closed=False, started_until=date(2024, 6, 30)),)
    closed = (CycleSeen(year=2024, closed=True, started_until=None),)
    whole = (
        CycleSeen(year=2024, closed=False, started_until=None),
        CycleSeen(year=2023, closed=True, started_until=None),
    )
    for cycles in (cut, closed):
        for moved in (later, RECORD):  # later, and removed (RECORD has no end)
            with pytest.raises(DomainError) as refused:
                _decide(moved, ended, cycles=cycles)
            assert (refused.value.code, refused.value.field) == ("status_end_cut", "status_until")
            assert "цикл 2024 года уже сокращен" in refused.value.message
        assert _decide(earlier, ended, cycles=cycles)
    assert _decide(later, ended, cycles=whole)  # the 2024 cycle planned its whole year; 2023's ended before
    assert cut_cycles(date(2024, 12, 31), cut) == []  # an end on 31 December cuts nothing


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
