"""Who sees what of a region. Lists (cycles, escalations) show only the sites the caller may read, filtered in
SQL: ``readable_sites`` is ``Principal.can_read`` (``domain.access``) written as a ``WHERE`` clause over ``sites``,
so a page, its total and its counts never include a site the caller may not see. The matrix and the discipline
of a whole region are for those who govern it (``governed_region``): the Department, the RCRSO director and
administrators, through a grant on the region or on everything."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.problems import Problem
from api.tables import regions, sites
from domain.access import SITE_READERS
from domain.people import Role, ScopeKind

# Who reads the matrix and the discipline of a whole region: the Department, the RCRSO director, administrators,
# each through a grant on the region or on everything.
REGION_VIEWERS = frozenset({Role.ADMIN, Role.DEPARTMENT, Role.RCRSO_DIRECTOR})
FORBIDDEN_RU = "Сводные данные по региону доступны Департаменту, директору РЦРСО и администратору."
SECTION_FORBIDDEN_RU = (
    "Раздел «Регион» доступен Департаменту, директору РЦРСО, кураторам направлений и администратору. "
    "Работа вашей площадки — на странице площадки."
)

# What the pages of the region show a person: the matrix and the discipline of the regions they govern, or
# (a curator) the cycles and escalations of the sites they may read.
Section = Literal["governor", "curator"]


def readable_sites(principal: Principal) -> ColumnElement[bool]:
    """``Principal.can_read`` as SQL over ``sites``: a grant of a reader role whose scope covers the site (the
    same cases as ``domain.access.covers``)."""
    clauses: list[ColumnElement[bool]] = []
    for grant in principal.grants:
        if grant.role not in SITE_READERS:
            continue
        match grant.scope_kind:
            case ScopeKind.GLOBAL:
                return true()
            case ScopeKind.REGION:
                clauses.append(sites.c.region_id == grant.scope_id)
            case ScopeKind.DIRECTION:
                clauses.append(sites.c.direction_id == grant.scope_id)
            case ScopeKind.SITE:
                clauses.append(sites.c.id == grant.scope_id)
            case ScopeKind.INSTITUTION:
                clauses.append(sites.c.institution_id == grant.scope_id)
    return or_(false(), *clauses)


def governs_region(principal: Principal, region_id: str) -> bool:
    """Whether the caller holds a region-wide role (Department, RCRSO director, admin) on the whole region."""
    return any(
        grant.role in REGION_VIEWERS
        and (
            grant.scope_kind == ScopeKind.GLOBAL
            or (grant.scope_kind == ScopeKind.REGION and grant.scope_id == region_id)
        )
        for grant in principal.grants
    )


async def region_row(conn: AsyncConnection, region_id: str) -> Any:
    return (await conn.execute(select(regions).where(regions.c.id == region_id))).one_or_none()


async def governed_region(conn: AsyncConnection, principal: Principal, region_id: str) -> Any:
    """The region, when the caller governs it: 403 for anybody else (curators included), 404 for no region."""
    if not governs_region(principal, region_id):
        raise Problem(403, "region_forbidden", FORBIDDEN_RU)
    region = await region_row(conn, region_id)
    if region is None:
        raise Problem(404, "region_not_found", "Регион не найден.")
    return region


def region_section(principal: Principal) -> Section:
    """Which view of the region the caller gets: those who govern a region read its matrix and discipline, a
    curator the cycles and escalations of their direction; anybody else is refused (403)."""
    if any(grant.role in REGION_VIEWERS for grant in principal.grants):
        return "governor"
    if principal.has_role(Role.CURATOR):
        return "curator"
    raise Problem(403, "region_forbidden", SECTION_FORBIDDEN_RU)


async def governed_regions(conn: AsyncConnection, principal: Principal) -> list[Any]:
    """The regions whose matrix and discipline the caller reads, by id."""
    rows = (await conn.execute(select(regions).order_by(regions.c.id))).all()
    return [row for row in rows if governs_region(principal, row.id)]


async def readable_regions(conn: AsyncConnection, principal: Principal) -> list[Any]:
    """The regions holding at least one site the caller may read, by id."""
    holding = select(sites.c.region_id).where(readable_sites(principal))
    query = select(regions).where(regions.c.id.in_(holding)).order_by(regions.c.id)
    return list((await conn.execute(query)).all())
