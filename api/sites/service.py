"""Reading sites and checking that the caller may see one. A site the caller may not see is reported exactly
like a site that does not exist, so nobody learns what exists outside their scope."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ARRAY, Boolean, Text, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.db import driver_rows, driver_sql
from api.problems import Problem
from api.tables import directions, institutions, sites
from domain.people import Role, ScopeKind
from domain.sites import SITE_STATUS_RU, Site, SiteRecord, SiteStatus

SITE_NOT_FOUND = "Площадка не найдена."


def site_from_row(row: Any, prefix: str = "") -> Site:
    """A ``sites`` row (its columns named ``prefix`` + column, when joined) as the domain's site, read by attribute:
    SQLAlchemy's rows and the named tuples of ``api.db.driver_rows`` alike. The dates and the reporting
    institutions may be left out of the row."""

    def column(name: str) -> Any:
        return getattr(row, prefix + name)

    def optional(name: str) -> Any:
        return getattr(row, prefix + name, None)

    return Site(
        id=column("id"),
        region_id=column("region_id"),
        institution_id=column("institution_id"),
        direction_id=column("direction_id"),
        status=SiteStatus(column("status")),
        code=column("code"),
        polozhenie=column("polozhenie"),
        citation=column("citation"),
        status_since=optional("status_since"),
        status_until=optional("status_until"),
        reporting_institutions=tuple(optional("reporting_institutions") or ()),
    )


async def load_site(conn: AsyncConnection, site_id: str) -> Site | None:
    row = (await conn.execute(select(sites).where(sites.c.id == site_id))).one_or_none()
    return site_from_row(row) if row else None


async def load_record(conn: AsyncConnection, site_id: str) -> SiteRecord | None:
    """The site as the administrator last recorded it (its card), or None."""
    query = select(sites, directions.c.title.label("direction_title")).join(
        directions, directions.c.id == sites.c.direction_id
    )
    row = (await conn.execute(query.where(sites.c.id == site_id))).one_or_none()
    if row is None:
        return None
    return SiteRecord(site=site_from_row(row), regulation_id=row.regulation_id, direction_title=row.direction_title)


async def visible_site(conn: AsyncConnection, principal: Principal, site_id: str) -> Site:
    site = await load_site(conn, site_id)
    if site is None or not principal.can_read(site):
        raise Problem(404, "site_not_found", SITE_NOT_FOUND)
    return site


SCOPE_COLUMNS = {
    ScopeKind.REGION: sites.c.region_id,
    ScopeKind.DIRECTION: sites.c.direction_id,
    ScopeKind.SITE: sites.c.id,
    ScopeKind.INSTITUTION: sites.c.institution_id,
}


# The sites any of the caller's grants reaches, as one condition built once with the grants' scopes as array
# parameters (``within_grants``): it only narrows what is read, the domain (``principal.can_read``, ``roles_on``)
# still decides on each site read.
_WITHIN_GRANTS = or_(
    bindparam("everywhere", type_=Boolean),
    *(column == func.any(bindparam(f"in_{kind.value}", type_=ARRAY(Text))) for kind, column in SCOPE_COLUMNS.items()),
)


def within_grants(principal: Principal) -> dict[str, Any]:
    """The values of ``_WITHIN_GRANTS`` for the caller."""
    values: dict[str, Any] = {"everywhere": False, **{f"in_{kind.value}": [] for kind in SCOPE_COLUMNS}}
    for grant in principal.grants:
        if grant.scope_kind == ScopeKind.GLOBAL:
            values["everywhere"] = True
        elif grant.scope_kind in SCOPE_COLUMNS:
            values[f"in_{grant.scope_kind.value}"].append(grant.scope_id)
    return values


_SITES_WITHIN = select(sites).where(_WITHIN_GRANTS).order_by(sites.c.id)


async def sites_where(conn: AsyncConnection, principal: Principal, roles: set[Role]) -> list[str]:
    """Ids of the sites on which the caller holds one of ``roles`` (own sites, not the whole region)."""
    rows = (await conn.execute(_SITES_WITHIN, within_grants(principal))).all()
    return [row.id for row in rows if principal.roles_on(site_from_row(row)) & roles]


async def regulation_of(conn: AsyncConnection, site_id: str) -> str:
    return str((await conn.execute(select(sites.c.regulation_id).where(sites.c.id == site_id))).scalar_one())


_SITE_VIEW = (
    select(
        sites,
        institutions.c.name.label("institution_name"),
        institutions.c.short_name.label("institution_short_name"),
        institutions.c.city,
        directions.c.title.label("direction_title"),
    )
    .join(institutions, institutions.c.id == sites.c.institution_id)
    .join(directions, directions.c.id == sites.c.direction_id)
)
# Read on every inbox page: compiled once and read through the driver (api.db.driver_rows).
_VISIBLE = driver_sql(_SITE_VIEW.where(_WITHIN_GRANTS).order_by(sites.c.id))


async def visible_sites(conn: AsyncConnection, principal: Principal) -> list[dict[str, Any]]:
    rows = await driver_rows(conn, _VISIBLE, within_grants(principal))
    return [_site_view(row) for row in rows if principal.can_read(site_from_row(row))]


async def site_view(conn: AsyncConnection, principal: Principal, site_id: str) -> dict[str, Any]:
    await visible_site(conn, principal, site_id)
    return _site_view((await conn.execute(_SITE_VIEW.where(sites.c.id == site_id))).one())


def _site_view(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": row.code,
        "status": row.status,
        "status_ru": SITE_STATUS_RU[SiteStatus(row.status)],
        "region_id": row.region_id,
        "institution": {
            "id": row.institution_id,
            "name": row.institution_name,
            "short_name": row.institution_short_name,
            "city": row.city,
        },
        "direction": {"id": row.direction_id, "title": row.direction_title},
        "polozhenie": row.polozhenie,
        "citation": row.citation,
        "regulation_id": row.regulation_id,
        "status_since": row.status_since,
        "status_until": row.status_until,
    }
