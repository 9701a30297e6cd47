"""Segregation of duties on a site (decisions D12, D39), the pure check the administration asks before a grant or a
substitution: nobody is the curator of a site and its director or responsible person over a common period."""

from __future__ import annotations

from datetime import date

import pytest

from domain.access import HeldGrant, check_segregation, segregation_conflicts
from domain.people import FieldRefusal, Grant, Role, ScopeKind
from domain.regulations.khmao.sites import SITES


def held(
    role: Role, kind: ScopeKind, scope_id: str, start: date | None = None, end: date | None = None, **kw: str
) -> HeldGrant:
    return HeldGrant(
        grant=Grant(role=role, scope_kind=kind, scope_id=scope_id), valid_from=start, valid_until=end, **kw
    )


CURATOR_C14 = held(Role.CURATOR, ScopeKind.DIRECTION, "1.1.1")
RESPONSIBLE_C14 = held(Role.SITE_RESPONSIBLE, ScopeKind.SITE, "1.1.1")


def test_the_curator_of_c14_cannot_become_its_responsible_person() -> None:
    with pytest.raises(FieldRefusal) as refused:
        check_segregation([CURATOR_C14], RESPONSIBLE_C14, SITES)
    assert refused.value.code == "segregation_of_duties"
    assert refused.value.field == "role"
    assert "куратором площадки 1.1.1" in refused.value.message
    assert "«куратор направления»" in refused.value.message


def test_nor_a_director_of_the_site_by_its_institution_become_its_curator() -> None:
    director = held(Role.SITE_DIRECTOR, ScopeKind.INSTITUTION, "rcrso")
    with pytest.raises(FieldRefusal, match="«директор площадки»"):
        check_segregation([director], CURATOR_C14, SITES)


def test_another_site_or_a_period_that_does_not_meet_is_allowed() -> None:
    check_segregation([CURATOR_C14], held(Role.SITE_RESPONSIBLE, ScopeKind.SITE, "1.1.2"), SITES)
    ended = held(Role.CURATOR, ScopeKind.DIRECTION, "1.1.1", end=date(2026, 12, 31))
    check_segregation([ended], held(Role.SITE_RESPONSIBLE, ScopeKind.SITE, "1.1.1", start=date(2027, 1, 1)), SITES)
    # Roles that are not on the two sides (an expert, the RCRSO director) are not this rule's business.
    check_segregation([CURATOR_C14], held(Role.EXPERT, ScopeKind.REGION, "86"), SITES)


def test_a_substitution_counts_for_its_period_and_names_the_colleague() -> None:
    through = held(Role.SITE_DIRECTOR, ScopeKind.SITE, "1.1.1", date(2027, 7, 1), date(2027, 7, 14), through="Иванова")
    with pytest.raises(FieldRefusal, match="по замещению: Иванова") as refused:
        check_segregation([CURATOR_C14], through, SITES, field="substitute_login")
    assert refused.value.field == "substitute_login"


def test_an_overlap_held_before_is_found_and_not_blamed_on_an_unrelated_grant() -> None:
    (conflict,) = segregation_conflicts([CURATOR_C14, RESPONSIBLE_C14], SITES)
    assert conflict.site_id == "1.1.1"
    assert conflict.describe() == "площадка 1.1.1: куратор направления и ответственное лицо площадки одновременно"
    check_segregation([CURATOR_C14, RESPONSIBLE_C14], held(Role.EXPERT, ScopeKind.REGION, "86"), SITES)


def test_an_overlap_that_is_over_is_history_not_a_conflict() -> None:
    last_year = held(Role.SITE_RESPONSIBLE, ScopeKind.SITE, "1.1.1", date(2026, 1, 1), date(2026, 6, 30))
    assert segregation_conflicts([CURATOR_C14, last_year], SITES)  # they did meet
    assert segregation_conflicts([CURATOR_C14, last_year], SITES, today=date(2026, 12, 5)) == []
    check_segregation([last_year], CURATOR_C14.model_copy(update={"valid_from": date(2026, 12, 5)}), SITES)
