"""Sites the caller may see."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import PrincipalDep, RuntimeDep
from api.sites.service import site_view, visible_sites

router = APIRouter(tags=["sites"])


@router.get("/api/sites", summary="Площадки, доступные пользователю")
async def list_sites(runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    async with runtime.engine.connect() as conn:
        return await visible_sites(conn, principal)


@router.get("/api/sites/{site_id}", summary="Площадка")
async def get_site(site_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    async with runtime.engine.connect() as conn:
        return await site_view(conn, principal, site_id)
