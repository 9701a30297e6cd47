"""Regulations, readable by everyone signed in: the rules with their citations, so a curator can see why a
deadline is what it is."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.access.deps import PrincipalDep
from api.problems import Problem
from api.regulations.views import obligation_rule, obligation_view, regulation_of, regulation_summary, regulation_view
from api.runtime import RuntimeDep
from api.sites.service import load_site
from domain.regulations.catalog import REGULATIONS

router = APIRouter(tags=["regulations"])


@router.get("/api/regulations", summary="Регламенты")
async def list_regulations(principal: PrincipalDep) -> list[dict[str, Any]]:
    return [regulation_summary(r) for r in REGULATIONS.values()]


@router.get("/api/regulations/{regulation_id}", summary="Регламент: обязанности, сроки, показатели, решения")
async def get_regulation(regulation_id: str, principal: PrincipalDep) -> dict[str, Any]:
    return regulation_view(regulation_of(regulation_id))


@router.get("/api/regulations/{regulation_id}/obligations/{key}", summary="Обязанность регламента")
async def get_obligation_rule(regulation_id: str, key: str, principal: PrincipalDep) -> dict[str, Any]:
    return obligation_rule(regulation_of(regulation_id), key)


@router.get("/api/regulations/{regulation_id}/sites/{site_id}", summary="Обязанности площадки с её поправками")
async def get_site_obligations(
    regulation_id: str, site_id: str, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    regulation = regulation_of(regulation_id)
    async with runtime.engine.connect() as conn:
        site = await load_site(conn, site_id)
    if site is None or site.region_id != regulation.region_id or site.status not in regulation.statuses:
        raise Problem(404, "site_not_found", "Площадка не найдена.")
    rules = regulation.rules_for(site.id)
    return {
        "regulation_id": regulation.id,
        "site_id": site.id,
        "indicator_set": list(rules.indicator_set) if rules else [],
        "obligations": [obligation_view(regulation, o) for o in regulation.obligations_for(site.id, site.status)],
    }
