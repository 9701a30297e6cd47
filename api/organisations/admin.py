"""The administrator's checks and commands on the registry, shared by the REST routes and the pages: only an
administrator reads or changes it here (everyone else reads the sites their grants reach, ``/api/sites``)."""

from __future__ import annotations

from typing import Any

from api.access.principal import Principal
from api.organisations.bodies import NewRegion, OrganisationFields, RegionFields
from api.organisations.commands import record_organisation, record_region
from api.organisations.registry import load_organisation, load_region, organisation_view, region_view
from api.problems import Problem
from api.runtime import Runtime
from domain.people import Role, ScopeKind
from domain.sites import Institution, Region


def require_admin(principal: Principal) -> None:
    if not any(g.role == Role.ADMIN and g.scope_kind == ScopeKind.GLOBAL for g in principal.grants):
        raise Problem(403, "forbidden", "Регионы, организации и площадки ведет только администратор.")


async def read_region(runtime: Runtime, region_id: str) -> dict[str, Any]:
    async with runtime.engine.connect() as conn:
        region = await load_region(conn, region_id)
        if region is None:
            raise Problem(404, "not_found", "Регион не найден.")
        authority = await load_organisation(conn, region.authority_id) if region.authority_id else None
    return region_view(region, authority, 0)


async def save_region(
    runtime: Runtime, principal: Principal, region_id: str, body: RegionFields, *, new: bool
) -> tuple[dict[str, Any], bool]:
    """The region as recorded, and whether anything changed."""
    require_admin(principal)
    region = Region(
        id=region_id, name=body.name.strip(), timezone=body.timezone.strip(), authority_id=body.authority_id or None
    )
    changed = await record_region(runtime.eventlog, region, new=new, by=principal.user_id)
    return await read_region(runtime, region_id), bool(changed)


async def create_region(runtime: Runtime, principal: Principal, body: NewRegion) -> dict[str, Any]:
    fields = RegionFields(name=body.name, timezone=body.timezone, authority_id=body.authority_id)
    return (await save_region(runtime, principal, body.id, fields, new=True))[0]


async def read_organisation(runtime: Runtime, organisation_id: str) -> dict[str, Any]:
    async with runtime.engine.connect() as conn:
        organisation = await load_organisation(conn, organisation_id)
    if organisation is None:
        raise Problem(404, "not_found", "Организация не найдена.")
    return organisation_view(organisation)


async def save_organisation(
    runtime: Runtime, principal: Principal, organisation_id: str, region_id: str, body: OrganisationFields, *, new: bool
) -> tuple[dict[str, Any], bool]:
    require_admin(principal)
    organisation = Institution(
        id=organisation_id,
        region_id=region_id,
        name=body.name.strip(),
        short_name=body.short_name.strip(),
        city=body.city.strip(),
        kind=body.kind,
        parent_id=body.parent_id or None,
    )
    changed = await record_organisation(runtime.eventlog, organisation, new=new, by=principal.user_id)
    return await read_organisation(runtime, organisation_id), bool(changed)


async def existing_organisation_region(runtime: Runtime, organisation_id: str) -> str:
    async with runtime.engine.connect() as conn:
        organisation = await load_organisation(conn, organisation_id)
    if organisation is None:
        raise Problem(404, "not_found", "Организация не найдена.")
    return organisation.region_id
