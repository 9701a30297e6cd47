"""The registry of regions and organisations (администратор): regions with their time zone, authority and
regulation; a region's organisations as a tree; registering and changing both. Decided by ``domain.organisations``,
appended by ``commands.py``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.access.deps import PrincipalDep
from api.organisations import admin
from api.organisations.bodies import REGION_ID, NewOrganisation, NewRegion, OrganisationFields, RegionFields
from api.organisations.registry import Node, list_regions, organisation_tree
from api.runtime import RuntimeDep

router = APIRouter(tags=["organisations"])


@router.get("/api/admin/regions", summary="Регионы (администратор)")
async def get_regions(runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    admin.require_admin(principal)
    async with runtime.engine.connect() as conn:
        return await list_regions(conn)


@router.post("/api/admin/regions", status_code=201, summary="Зарегистрировать регион (администратор)")
async def post_region(body: NewRegion, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await admin.create_region(runtime, principal, body)


@router.get("/api/admin/regions/{region_id}", summary="Регион (администратор)")
async def get_region(region_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    admin.require_admin(principal)
    return await admin.read_region(runtime, region_id)


@router.put("/api/admin/regions/{region_id}", summary="Изменить регион (администратор)")
async def put_region(
    region_id: str, body: RegionFields, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return (await admin.save_region(runtime, principal, region_id, body, new=False))[0]


def _tree(nodes: list[Node]) -> list[dict[str, Any]]:
    return [{**n.organisation, "sites": n.sites, "children": _tree(n.children)} for n in nodes]


@router.get("/api/admin/organisations", summary="Организации региона деревом (администратор)")
async def get_organisations(
    runtime: RuntimeDep, principal: PrincipalDep, region_id: Annotated[str, Query(pattern=REGION_ID)]
) -> list[dict[str, Any]]:
    admin.require_admin(principal)
    async with runtime.engine.connect() as conn:
        return _tree(await organisation_tree(conn, region_id))


@router.post("/api/admin/organisations", status_code=201, summary="Зарегистрировать организацию (администратор)")
async def post_organisation(body: NewOrganisation, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    fields = OrganisationFields.model_validate(body.model_dump(exclude={"id", "region_id"}))
    return (await admin.save_organisation(runtime, principal, body.id, body.region_id, fields, new=True))[0]


@router.get("/api/admin/organisations/{organisation_id}", summary="Организация (администратор)")
async def get_organisation(organisation_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    admin.require_admin(principal)
    return await admin.read_organisation(runtime, organisation_id)


@router.put("/api/admin/organisations/{organisation_id}", summary="Изменить организацию (администратор)")
async def put_organisation(
    organisation_id: str, body: OrganisationFields, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    admin.require_admin(principal)
    region_id = await admin.existing_organisation_region(runtime, organisation_id)
    return (await admin.save_organisation(runtime, principal, organisation_id, region_id, body, new=False))[0]
