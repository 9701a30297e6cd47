"""Sites the caller may see; the Department's revocation of a site's status; the administrator's cards of the
sites (registering a site, its status and status period)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from api.access.deps import PrincipalDep
from api.organisations.admin import require_admin
from api.organisations.bodies import REGION_ID
from api.problems import Problem, refused
from api.runtime import RuntimeDep
from api.sites import admin
from api.sites.commands import revoke
from api.sites.service import site_view, visible_site, visible_sites
from api.sites.signals import running_cycles
from api.tables import site_revocations
from domain.common import DomainError
from domain.people import Role

router = APIRouter(tags=["sites"])

REVOKERS = (Role.DEPARTMENT, Role.ADMIN)


class RevocationBody(BaseModel):
    order: str = Field(max_length=500, description="Приказ Департамента: дата и номер")
    effective_on: date = Field(description="С какой даты статус прекращен")


@router.get("/api/sites", summary="Площадки, доступные пользователю")
async def list_sites(runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    async with runtime.engine.connect() as conn:
        return await visible_sites(conn, principal)


@router.get("/api/sites/{site_id}", summary="Площадка")
async def get_site(site_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    async with runtime.engine.connect() as conn:
        return await site_view(conn, principal, site_id)


@router.post(
    "/api/sites/{site_id}/revocation",
    summary="Прекратить статус площадки приказом Департамента",
)
async def revoke_status(
    site_id: str, body: RevocationBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    async with runtime.engine.connect() as conn:
        site = await visible_site(conn, principal, site_id)
        revoked = (
            await conn.execute(select(site_revocations.c.site_id).where(site_revocations.c.site_id == site.id))
        ).first()
        running = [cycle_id for cycle_id, _year in await running_cycles(conn, site.id)]
    role = next((r for r in REVOKERS if r in principal.roles_on(site)), None)
    if role is None:
        raise Problem(403, "forbidden", "Прекратить статус площадки может только Департамент.")
    try:
        await revoke(
            runtime.eventlog,
            site,
            body.order,
            body.effective_on,
            revoked is not None,
            by=principal.actor_on(site).ref(role),
        )
    except DomainError as error:
        status = 409 if error.code == "already_revoked" else 422
        raise refused(status, error.code, error.message, error.field) from None
    await runtime.signals.send_due()  # the revocation's append wrote a signal for each running cycle (signals.py)
    return {
        "site_id": site.id,
        "order": body.order.strip(),
        "effective_on": body.effective_on,
        "closing": running,
    }


# --- the administrator's cards of the sites (issue 16) ----------------------------------------------------------


@router.get("/api/admin/sites", summary="Площадки всех регионов с их статусом и сроком (администратор)")
async def admin_sites(
    runtime: RuntimeDep, principal: PrincipalDep, region_id: Annotated[str | None, Query(pattern=REGION_ID)] = None
) -> list[dict[str, Any]]:
    require_admin(principal)
    return await admin.list_site_cards(runtime, region_id)


@router.post("/api/admin/sites", status_code=201, summary="Зарегистрировать площадку (администратор)")
async def admin_create_site(body: admin.NewSite, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    fields = admin.SiteFields.model_validate(body.model_dump(exclude={"id", "region_id"}))
    return (await admin.save_site(runtime, principal, body.id, body.region_id, fields, new=True))[0]


@router.get("/api/admin/sites/{site_id}", summary="Карточка площадки (администратор)")
async def admin_site(site_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    require_admin(principal)
    return await admin.read_site_card(runtime, site_id)


@router.put(
    "/api/admin/sites/{site_id}",
    summary="Изменить площадку: статус, срок его действия, организацию (администратор)",
)
async def admin_change_site(
    site_id: str, body: admin.SiteFields, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    require_admin(principal)
    region_id = await admin.existing_site_region(runtime, site_id)
    card, _changed, closing = await admin.save_site(runtime, principal, site_id, region_id, body, new=False)
    return {**card, "closing": closing}
