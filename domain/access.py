"""Which roles a person holds on a site, from their grants, and who may see a site's work at all.

A grant covers a site when its scope is everything, the site's region, the site's direction, the site itself or
the site's institution. Whether a role may take a particular step is the business of each context's ``decide``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from domain.people import ROLE_RU, FieldRefusal, Grant, Role, ScopeKind
from domain.sites import Site

# Who sees a site's cycles, obligations and escalations. Experts see products (a later context), institution
# responsibles their own institution's reports; neither sees a site's unpublished work.
SITE_READERS = frozenset(
    {
        Role.ADMIN,
        Role.DEPARTMENT,
        Role.RCRSO_DIRECTOR,
        Role.CURATOR,
        Role.SITE_DIRECTOR,
        Role.SITE_RESPONSIBLE,
    }
)

# Who may open a cycle of a site.
CYCLE_OPENERS = frozenset({Role.ADMIN, Role.RCRSO_DIRECTOR})


def covers(grant: Grant, site: Site) -> bool:
    match grant.scope_kind:
        case ScopeKind.GLOBAL:
            return True
        case ScopeKind.REGION:
            return grant.scope_id == site.region_id
        case ScopeKind.DIRECTION:
            return grant.scope_id == site.direction_id
        case ScopeKind.SITE:
            return grant.scope_id == site.id
        case ScopeKind.INSTITUTION:
            return grant.scope_id == site.institution_id
    return False


def roles_on_site(grants: Iterable[Grant], site: Site) -> frozenset[Role]:
    return frozenset(grant.role for grant in grants if covers(grant, site))


def can_read_site(grants: Iterable[Grant], site: Site) -> bool:
    return bool(roles_on_site(grants, site) & SITE_READERS)


def acting_roles_on_site(grants: Iterable[Grant], site: Site) -> frozenset[Role]:
    """Roles held on the site only as an acting official."""
    covering = [grant for grant in grants if covers(grant, site)]
    own = {g.role for g in covering if not g.acting}
    return frozenset(g.role for g in covering if g.acting and g.role not in own)


def substituted_roles_on_site(grants: Iterable[Grant], site: Site) -> dict[Role, str]:
    """Roles held on the site only through a colleague's handover, with that colleague's name."""
    covering = [grant for grant in grants if covers(grant, site)]
    own = {g.role for g in covering if not g.on_behalf_of}
    return {g.role: g.on_behalf_of for g in covering if g.on_behalf_of and g.role not in own}


# --- segregation of duties (решения D12, D39) ---------------------------------------------------------------------

# The RCRSO curator accepts a site's work (п. 3.1); the site's director and responsible persons submit it (п. 2.2).
# One person on both sides of the same site would accept their own site's work.
CURATOR_SIDE = frozenset({Role.CURATOR})
SITE_SIDE = frozenset({Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE})
SEGREGATION_DECISION = "D39"


class HeldGrant(BaseModel):
    """A grant a person holds, or would hold, over a period (either end open): their own, or one held through a
    colleague's substitution (``through`` names the colleague)."""

    model_config = ConfigDict(frozen=True)

    grant: Grant
    valid_from: date | None = None
    valid_until: date | None = None
    through: str = ""


class SegregationConflict(BaseModel):
    """One site on which a person holds the curator's grant and a director's or responsible person's grant over
    a common period."""

    model_config = ConfigDict(frozen=True)

    site_id: str
    curator: HeldGrant
    site_grant: HeldGrant

    def describe(self) -> str:
        """«площадка 1.1.1: куратор направления и директор площадки одновременно»."""
        parts = []
        for held in (self.curator, self.site_grant):
            through = f" (по замещению: {held.through})" if held.through else ""
            parts.append(f"{ROLE_RU[held.grant.role]}{through}")
        return f"площадка {self.site_id}: {parts[0]} и {parts[1]} одновременно"


def _periods_meet(a: HeldGrant, b: HeldGrant, today: date | None) -> bool:
    """The two periods have a day in common, and (given ``today``) that common stretch has not ended yet."""
    starts = max(a.valid_from or date.min, b.valid_from or date.min)
    ends = min(a.valid_until or date.max, b.valid_until or date.max)
    return starts <= ends and (today is None or ends >= today)


def segregation_conflicts(
    held: Sequence[HeldGrant], sites: Iterable[Site], today: date | None = None
) -> list[SegregationConflict]:
    """Every site on which ``held`` (one person's grants) puts the person on both sides over a common period: the
    curator's grant covering the site (a direction, a region, everything) and a director's or responsible
    person's grant covering it too (the site, its institution…). Acting officials and substitutions count: whoever
    holds the grant that day may take the step (D39). Given ``today``, an overlap that is over is history, not a
    conflict."""
    curators = [h for h in held if h.grant.role in CURATOR_SIDE]
    site_side = [h for h in held if h.grant.role in SITE_SIDE]
    if not curators or not site_side:
        return []
    conflicts: list[SegregationConflict] = []
    for site in sites:
        for curator in curators:
            if not covers(curator.grant, site):
                continue
            clash = next((s for s in site_side if covers(s.grant, site) and _periods_meet(curator, s, today)), None)
            if clash is not None:
                conflicts.append(SegregationConflict(site_id=site.id, curator=curator, site_grant=clash))
                break
    return conflicts


def check_segregation(
    held: Sequence[HeldGrant], new: HeldGrant, sites: Iterable[Site], field: str = "role", today: date | None = None
) -> None:
    """Refuse ``new`` when, with what the person already holds, it would put them on both sides of a site (D12,
    D39), naming ``field`` as the one at fault; a conflict the person already had without ``new`` is reported
    elsewhere (``innocycle verify``, the administrator's page of users), not blamed on it."""
    sites = tuple(sites)
    before = {c.site_id for c in segregation_conflicts(held, sites, today)}
    fresh = [c for c in segregation_conflicts((*held, new), sites, today) if c.site_id not in before]
    if not fresh:
        return
    conflict = fresh[0]
    other = conflict.site_grant if new.grant.role in CURATOR_SIDE else conflict.curator
    through = f" (по замещению: {other.through})" if other.through else ""
    handed = (
        f" Замещение передало бы ему роль «{ROLE_RU[new.grant.role]}» (по замещению: {new.through})."
        if new.through
        else ""
    )
    raise FieldRefusal(
        "segregation_of_duties",
        f"Разделение обязанностей (решения D12, {SEGREGATION_DECISION}): один человек не может быть куратором "
        f"площадки {conflict.site_id} и одновременно ее директором или ответственным лицом. У пользователя уже есть "
        f"роль «{ROLE_RU[other.grant.role]}»{through} для площадки {conflict.site_id} на пересекающийся период."
        + handed,
        field,
        f"конфликт ролей на площадке {conflict.site_id}",
    )
