"""Reference data of order 135-р (the 18 KhMAO sites) checked against the source itself; the demo people."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from domain.people import Grant, Role, ScopeKind
from domain.regulations.khmao.sites import (
    DIRECTIONS,
    INSTITUTIONS,
    REGION,
    SITES,
    institution_of,
    site_by_id,
)
from domain.sites import SiteStatus
from innocycle import demo_qms, demo_regions
from innocycle.demo_people import DemoUser, demo_users

# /work/main/tests/domain/test_khmao_sites.py -> /work/shared/seeds
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"

ALL_CLAUSES = [f"1.1.{n}" for n in range(1, 15)] + [f"1.2.{n}" for n in range(1, 5)]

# Written independently of the module: a few key words of each direction, as the Order words it.
KEY_WORDS: dict[str, tuple[str, ...]] = {
    "1.1.1": ("добровольчества", "волонтерства"),
    "1.1.2": ("ранней помощи", "от 0 до 3 лет"),
    "1.1.3": ("аутистического спектра",),
    "1.1.4": ("сопровождаемого проживания",),
    "1.1.5": ("безнадзорности", "социально опасном положении"),
    "1.1.6": ("раннего материнства",),
    "1.1.7": ("замещающих семей",),
    "1.1.8": ("Постинтернатное сопровождение",),
    "1.1.9": ("патологическими зависимостями",),
    "1.1.10": ("без определенного места жительства", "лишения свободы"),
    "1.1.11": ("пострадавших от насилия", "суицидальных"),
    "1.1.12": ("социальный контракт",),
    "1.1.13": ("старческой астении",),
    "1.1.14": ("ветеранов боевых действий",),
    "1.2.1": ("стационарной форме",),
    "1.2.2": ("на дому",),
    "1.2.3": ("постреабилитационное сопровождение",),
    "1.2.4": ("мигрантов", "беженцев"),
}

# Codes of the domain brief (§0.1), also independent of the module.
BRIEF_CODES = {
    "1.1.14": "C1", "1.1.11": "C2", "1.1.5": "C3", "1.1.12": "C4", "1.1.2": "C5", "1.1.6": "C6",
    "1.1.8": "C7", "1.1.4": "C8", "1.1.9": "C9", "1.1.7": "C10", "1.1.13": "C11", "1.1.3": "C12",
    "1.1.10": "C13", "1.1.1": "C14", "1.2.2": "OP15", "1.2.1": "OP16", "1.2.4": "OP17", "1.2.3": "OP18",
}  # fmt: skip

CITATION = re.compile(r"^Приказ 135-р п\. (1\.[12]\.\d+) \(001:L(\d+)\)$")


@cache
def _seed_path() -> Path | None:
    if not SEEDS_DIR.is_dir():
        return None
    found = sorted(SEEDS_DIR.glob("001_*.txt"))
    return found[0] if found else None


@cache
def _seed_lines() -> tuple[str, ...]:
    path = _seed_path()
    if path is None:
        pytest.skip(f"source document 001_*.txt not found in {SEEDS_DIR} (shared seeds folder absent)")
    return tuple(path.read_text(encoding="utf-8").split("\n"))


def _seed_text() -> str:
    return "\n".join(_seed_lines())


def _cited_line(clause: str) -> int:
    match = CITATION.match(site_by_id(clause).citation)
    assert match is not None, site_by_id(clause).citation
    return int(match.group(2))


def _order_clause_text(clause: str) -> str:
    """The whole text of an Order clause (it may wrap over several lines), starting at the cited line."""
    lines = _seed_lines()
    start = _cited_line(clause)
    parts: list[str] = []
    for number in range(start, len(lines) + 1):
        line = lines[number - 1].strip()
        if number > start and (re.match(r"^\d+(\.\d+)*\. ", line)):
            break
        if line:
            parts.append(line)
    return " ".join(parts)


def _users() -> dict[str, DemoUser]:
    users = demo_users()
    logins = [u.login for u in users]
    assert len(logins) == len(set(logins)), [k for k, v in Counter(logins).items() if v > 1]
    return {u.login: u for u in users}


# --- catalogue ----------------------------------------------------------------------------------------------


def test_region() -> None:
    assert REGION.id == "86"
    assert REGION.name == "Ханты-Мансийский автономный округ – Югра"
    assert REGION.timezone == "Asia/Yekaterinburg"


def test_eighteen_sites_fourteen_resource_centers_four_support_platforms() -> None:
    assert len(SITES) == 18
    statuses = Counter(site.status for site in SITES)
    assert statuses == {SiteStatus.RESOURCE_CENTER: 14, SiteStatus.SUPPORT_PLATFORM: 4}
    for site in SITES:
        expected = SiteStatus.RESOURCE_CENTER if site.id.startswith("1.1.") else SiteStatus.SUPPORT_PLATFORM
        assert site.status is expected, site.id


def test_site_ids_are_the_order_clauses_and_unique() -> None:
    ids = [site.id for site in SITES]
    assert sorted(ids) == sorted(ALL_CLAUSES)
    assert len(set(ids)) == len(ids)
    for site in SITES:
        assert site.direction_id == site.id
        assert site.region_id == REGION.id


def test_directions_one_per_clause() -> None:
    assert sorted(d.id for d in DIRECTIONS) == sorted(ALL_CLAUSES)
    assert all(d.region_id == REGION.id and d.title for d in DIRECTIONS)
    assert {site.direction_id for site in SITES} == {d.id for d in DIRECTIONS}


def test_codes_match_the_brief() -> None:
    assert {site.id: site.code for site in SITES} == BRIEF_CODES
    assert len({site.code for site in SITES}) == 18


def test_seventeen_institutions_with_unique_slugs() -> None:
    ids = [inst.id for inst in INSTITUTIONS]
    assert len(ids) == 17
    assert len(set(ids)) == 17
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    assert all(inst.city and inst.short_name and inst.region_id == REGION.id for inst in INSTITUTIONS)
    # every institution holds at least one site, and every site points at a known institution
    assert {site.institution_id for site in SITES} == set(ids)


def test_gerontology_center_holds_1_1_13_and_1_2_1() -> None:
    rc, op = site_by_id("1.1.13"), site_by_id("1.2.1")
    assert rc.institution_id == op.institution_id == "gerontology-center"
    assert institution_of(rc).name == "БУ «Геронтологический центр»"
    assert rc.status is SiteStatus.RESOURCE_CENTER and op.status is SiteStatus.SUPPORT_PLATFORM
    assert [s.id for s in SITES if s.institution_id == "gerontology-center"] == ["1.1.13", "1.2.1"]
    others = Counter(s.institution_id for s in SITES if s.institution_id != "gerontology-center")
    assert set(others.values()) == {1}


def test_rcrso_holds_1_1_1_only() -> None:
    site = site_by_id("1.1.1")
    assert institution_of(site).name == "БУ «Ресурсный центр развития социального обслуживания»"
    assert [s.id for s in SITES if s.institution_id == site.institution_id] == ["1.1.1"]


def test_site_by_id_unknown_raises_key_error() -> None:
    with pytest.raises(KeyError):
        site_by_id("1.1.15")
    with pytest.raises(KeyError):
        site_by_id("C3")


# --- against the source document ----------------------------------------------------------------------------


@pytest.mark.parametrize("clause", ALL_CLAUSES)
def test_citation_points_at_the_order_clause(clause: str) -> None:
    site = site_by_id(clause)
    match = CITATION.match(site.citation)
    assert match is not None, site.citation
    assert match.group(1) == clause
    number = int(match.group(2))
    assert 68 <= number <= 110, "clause 1 of the order (directions) is at L68–110"
    line = _seed_lines()[number - 1]
    assert line.startswith(f"{clause}. "), f"L{number}: {line[:80]!r}"
    for word in KEY_WORDS[clause]:
        assert word in line, f"{word!r} not on L{number}: {line[:120]!r}"


@pytest.mark.parametrize("clause", ALL_CLAUSES)
def test_direction_title_and_institution_are_the_orders_words(clause: str) -> None:
    site = site_by_id(clause)
    text = _order_clause_text(clause)
    title, _, holder = text[len(clause) + 2 :].partition(" – в ")
    assert holder, f"no « – в » in clause {clause}: {text[:120]!r}"
    direction = next(d for d in DIRECTIONS if d.id == clause)
    assert direction.title == title.rstrip(",").strip()
    quoted = re.search(r"«([^»]+)»", holder)
    assert quoted is not None
    institution = institution_of(site)
    assert institution.name.endswith(f"«{quoted.group(1)}»")
    expected_form = "АУ" if holder.startswith("автономном учреждении") else "БУ"
    assert institution.name.startswith(f"{expected_form} «")


@pytest.mark.parametrize("clause", ALL_CLAUSES)
def test_polozhenie_approval_number_occurs_in_the_seed(clause: str) -> None:
    polozhenie = site_by_id(clause).polozhenie
    text = _seed_text()
    number = re.search(r"№\s?_?(\S+)", polozhenie)
    if number is None:  # 1.1.2: the approving order carries no number (L1068)
        assert clause == "1.1.2"
        return
    token = number.group(1).rstrip(";,")
    assert token in text, f"{token!r} of {clause} not in the seed"


# --- demo people --------------------------------------------------------------------------------------------


def test_demo_users_are_deterministic() -> None:
    assert demo_users() == demo_users()


def test_demo_logins_exist_for_every_site() -> None:
    users = _users()
    for login in ("admin", "department", "rcrso", "expert.1", "expert.2", "expert.3"):
        assert login in users
    # the expert council (D46): its chair and secretary, and each expert with the organisation conflicts depend on
    assert users["council.chair"].grants == (
        Grant(role=Role.COUNCIL_CHAIR, scope_kind=ScopeKind.REGION, scope_id="86"),
    )
    seats = {login: users[login].council for login in ("council.chair", "council.secretary", "expert.3")}
    assert [seat.position for seat in seats.values() if seat] == ["chair", "secretary", "member"]
    assert seats["expert.3"] is not None and seats["expert.3"].institution_id == "rcrso"
    for clause in ALL_CLAUSES:
        for prefix in ("curator", "director", "responsible"):
            assert f"{prefix}.{clause}" in users
    for institution in INSTITUTIONS:
        # the region, for the sites that named no reporting institutions; the institution, for its own forms (D34)
        assert users[f"institution.{institution.id}"].grants == (
            Grant(role=Role.INSTITUTION_RESPONSIBLE, scope_kind=ScopeKind.REGION, scope_id="86"),
            Grant(role=Role.INSTITUTION_RESPONSIBLE, scope_kind=ScopeKind.INSTITUTION, scope_id=institution.id),
        )
    # QMS's own (seed 004); the officials of Vologda and Sverdlovsk (issue 16)
    assert len(users) == (
        3
        + 3 * 18
        + len(INSTITUTIONS)
        + 3
        + 2
        + len(demo_qms.PEOPLE)
        + len(demo_regions.PEOPLE)
        + len(demo_regions.SECTION_PEOPLE)  # the Sverdlovsk sections' people
    )


def test_demo_grants() -> None:
    users = _users()
    assert users["admin"].grants == (Grant(role=Role.ADMIN, scope_kind=ScopeKind.GLOBAL),)
    for login, role in (("department", Role.DEPARTMENT), ("rcrso", Role.RCRSO_DIRECTOR)):
        assert users[login].grants == (Grant(role=role, scope_kind=ScopeKind.REGION, scope_id="86"),)
    for login in ("expert.1", "expert.2"):
        assert users[login].grants == (Grant(role=Role.EXPERT, scope_kind=ScopeKind.REGION, scope_id="86"),)
    for clause in ALL_CLAUSES:
        assert users[f"curator.{clause}"].grants == (
            Grant(role=Role.CURATOR, scope_kind=ScopeKind.DIRECTION, scope_id=clause),
        )
        for prefix, role in (("director", Role.SITE_DIRECTOR), ("responsible", Role.SITE_RESPONSIBLE)):
            grants = users[f"{prefix}.{clause}"].grants
            assert Grant(role=role, scope_kind=ScopeKind.SITE, scope_id=clause) in grants
            assert all(g.role is role and g.scope_kind is ScopeKind.SITE for g in grants)
            # a site-level person has grants only on sites of their own institution
            institution_id = site_by_id(clause).institution_id
            assert {site_by_id(g.scope_id).institution_id for g in grants} == {institution_id}


def test_gerontology_logins_share_person_and_grants() -> None:
    users = _users()
    for prefix, role in (("director", Role.SITE_DIRECTOR), ("responsible", Role.SITE_RESPONSIBLE)):
        rc, op = users[f"{prefix}.1.1.13"], users[f"{prefix}.1.2.1"]
        assert rc.full_name == op.full_name
        assert rc.grants == op.grants
        assert {(g.role, g.scope_kind, g.scope_id) for g in rc.grants} == {
            (role, ScopeKind.SITE, "1.1.13"),
            (role, ScopeKind.SITE, "1.2.1"),
        }


def test_curators_are_distinct_people_and_not_site_staff() -> None:
    users = _users()
    curators = [users[f"curator.{clause}"].full_name for clause in ALL_CLAUSES]
    assert len(set(curators)) == 18
    site_logins = [f"{prefix}.{clause}" for clause in ALL_CLAUSES for prefix in ("director", "responsible")]
    site_people = {users[login].full_name for login in site_logins}
    assert not set(curators) & site_people
    # segregation of duties on the RCRSO's own resource centre (1.1.1, C14)
    c14_staff = {users["director.1.1.1"].full_name, users["responsible.1.1.1"].full_name}
    assert users["curator.1.1.1"].full_name not in c14_staff
    # the site director of 1.1.1 is the head of the volunteering resource centre, not the RCRSO director
    assert users["director.1.1.1"].full_name != users["rcrso"].full_name
    assert users["rcrso"].full_name not in curators


def test_only_gerontology_logins_share_a_person() -> None:
    users = _users()
    by_name: dict[str, set[str]] = {}
    for user in users.values():
        by_name.setdefault(user.full_name, set()).add(user.login)
    shared = sorted(sorted(logins) for logins in by_name.values() if len(logins) > 1)
    assert shared == [
        ["director.1.1.13", "director.1.2.1"],
        ["responsible.1.1.13", "responsible.1.2.1"],
    ]


def test_demo_names_are_russian_full_names() -> None:
    for user in demo_users():
        parts = user.full_name.split(" ")
        assert len(parts) == 3, user.full_name
        assert all(re.fullmatch(r"[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?", p) for p in parts), user.full_name
        assert re.search(r"(вич|вна|чна|ична|ич)$", parts[2]), user.full_name
        assert user.position


def test_demo_names_are_pseudonyms() -> None:
    """No demo person appears in the source: not in full, not as «Фамилия И.О.», not even by surname."""
    text = _seed_text()
    compact = re.sub(r"\s+", "", text)
    for user in demo_users():
        surname, name, patronymic = user.full_name.split(" ")
        assert user.full_name not in text
        assert f"{surname}{name[0]}.{patronymic[0]}." not in compact
        assert f"{name[0]}.{patronymic[0]}.{surname}" not in compact
        assert surname not in text, f"surname {surname!r} of {user.login} occurs in the seed"
