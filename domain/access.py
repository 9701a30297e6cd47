"""Which roles a person holds on a site, from their grants, and who may see a site's work at all.

A grant covers a site when its scope is everything, the site's region, the site's direction, the site itself or
the site's institution. Whether a role may take a particular step is the business of each context's ``decide``.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.people import Grant, Role, ScopeKind
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
