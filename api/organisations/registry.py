"""Reading the registry of regions and organisations (реестр): one region or organisation as the domain's model,
the regions with their authority and regulation, and a region's organisations as a tree (дерево иерархии)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.tables import institutions, regions, sites
from domain.regulations.catalog import REGULATIONS
from domain.regulations.model import Regulation
from domain.sites import ORGANISATION_KIND_RU, SITE_STATUS_RU, Institution, OrganisationKind, Region, SiteStatus


def regulation_of_region(region_id: str) -> Regulation | None:
    """The regulation a region's sites run under (one a region in the catalogue), or None."""
    return next((r for r in REGULATIONS.values() if r.region_id == region_id), None)


def region_from_row(row: Any) -> Region:
    return Region(id=row.id, name=row.name, timezone=row.timezone, authority_id=row.authority_id)


def organisation_from_row(row: Any) -> Institution:
    return Institution(
        id=row.id,
        region_id=row.region_id,
        name=row.name,
        short_name=row.short_name,
        city=row.city,
        kind=OrganisationKind(row.kind),
        parent_id=row.parent_id,
    )


async def load_region(conn: AsyncConnection, region_id: str) -> Region | None:
    row = (await conn.execute(select(regions).where(regions.c.id == region_id))).one_or_none()
    return region_from_row(row) if row else None


async def load_organisation(conn: AsyncConnection, organisation_id: str) -> Institution | None:
    row = (await conn.execute(select(institutions).where(institutions.c.id == organisation_id))).one_or_none()
    return organisation_from_row(row) if row else None


async def children_of(conn: AsyncConnection, organisation_id: str) -> list[Institution]:
    """The organisations that answer directly to ``organisation_id``."""
    query = select(institutions).where(institutions.c.parent_id == organisation_id).order_by(institutions.c.name)
    return [organisation_from_row(row) for row in (await conn.execute(query)).all()]


async def sites_of(conn: AsyncConnection, organisation_id: str) -> list[str]:
    """The ids of the sites ``organisation_id`` holds."""
    query = select(sites.c.id).where(sites.c.institution_id == organisation_id).order_by(sites.c.id)
    return list((await conn.execute(query)).scalars())


async def chain_above(conn: AsyncConnection, organisation: Institution | None) -> list[str]:
    """The ids above ``organisation``, nearest first (a broken chain simply stops)."""
    chain: list[str] = []
    current = organisation
    while current is not None and current.parent_id is not None and current.parent_id not in chain:
        chain.append(current.parent_id)
        current = await load_organisation(conn, current.parent_id)
    return chain


def region_view(region: Region, authority: Institution | None, site_count: int) -> dict[str, Any]:
    rules = regulation_of_region(region.id)
    return {
        "id": region.id,
        "name": region.name,
        "timezone": region.timezone,
        "authority_id": region.authority_id,
        "authority_name": authority.name if authority else None,
        "regulation_id": rules.id if rules else None,
        "regulation_title": rules.title if rules else None,
        "statuses": [{"status": s.value, "status_ru": SITE_STATUS_RU[s]} for s in rules.statuses] if rules else [],
        "site_count": site_count,
    }


async def list_regions(conn: AsyncConnection) -> list[dict[str, Any]]:
    rows = (await conn.execute(select(regions).order_by(regions.c.id))).all()
    organisations = {o.id: o for o in map(organisation_from_row, (await conn.execute(select(institutions))).all())}
    counts: dict[str, int] = {}
    for (region_id,) in (await conn.execute(select(sites.c.region_id))).all():
        counts[region_id] = counts.get(region_id, 0) + 1
    result = []
    for row in rows:
        region = region_from_row(row)
        authority = organisations.get(region.authority_id or "")
        result.append(region_view(region, authority, counts.get(region.id, 0)))
    return result


def organisation_view(organisation: Institution) -> dict[str, Any]:
    return {**organisation.model_dump(mode="json"), "kind_ru": ORGANISATION_KIND_RU[organisation.kind]}


@dataclass
class Node:
    """An organisation of the tree with the organisations under it."""

    organisation: dict[str, Any]
    children: list[Node] = field(default_factory=list)
    sites: list[dict[str, Any]] = field(default_factory=list)


async def region_organisations(conn: AsyncConnection, region_id: str) -> list[Institution]:
    query = select(institutions).where(institutions.c.region_id == region_id).order_by(institutions.c.name)
    return [organisation_from_row(row) for row in (await conn.execute(query)).all()]


async def organisation_tree(conn: AsyncConnection, region_id: str) -> list[Node]:
    """The region's organisations as a forest: the roots (an authority, or an organisation without a parent of
    the region), each with its children in the order of kind and name, and each organisation's sites."""
    organisations = await region_organisations(conn, region_id)
    held: dict[str, list[dict[str, Any]]] = {}
    query = select(sites.c.id, sites.c.institution_id, sites.c.status).where(sites.c.region_id == region_id)
    for row in (await conn.execute(query.order_by(sites.c.id))).all():
        status = SITE_STATUS_RU[SiteStatus(row.status)]
        held.setdefault(row.institution_id, []).append({"id": row.id, "status_ru": status})
    nodes = {o.id: Node(organisation_view(o), sites=held.get(o.id, [])) for o in organisations}
    order = list(OrganisationKind)
    roots: list[Node] = []
    for organisation in sorted(organisations, key=lambda o: (order.index(o.kind), o.name)):
        parent = nodes.get(organisation.parent_id or "")
        (parent.children if parent is not None else roots).append(nodes[organisation.id])
    return roots
