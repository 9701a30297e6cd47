"""Regulations, readable by everyone signed in: the rules with their citations, so a curator can see why a
deadline is what it is."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.access.deps import PrincipalDep
from api.problems import Problem
from api.regulations.views import obligation_view, regulation_summary, regulation_view
from api.runtime import RuntimeDep
from api.sites.service import load_site
from domain.regulations.catalog import REGULATIONS
from domain.regulations.model import Regulation

router = APIRouter(tags=["regulations"])


def _regulation(regulation_id: str) -> Regulation:
    regulation = REGULATIONS.get(regulation_id)
    if regulation is None:
        raise Problem(404, "regulation_not_found", "Регламент не найден.")
    return regulation


@router.get("/api/regulations", summary="Регламенты")
async def list_regulations(principal: PrincipalDep) -> list[dict[str, Any]]:
    return [regulation_summary(r) for r in REGULATIONS.values()]


@router.get("/api/regulations/{regulation_id}", summary="Регламент: обязанности, сроки, показатели, решения")
async def get_regulation(regulation_id: str, principal: PrincipalDep) -> dict[str, Any]:
    return regulation_view(_regulation(regulation_id))


@router.get("/api/regulations/{regulation_id}/obligations/{key}", summary="Обязанность регламента")
async def get_obligation_rule(regulation_id: str, key: str, principal: PrincipalDep) -> dict[str, Any]:
    regulation = _regulation(regulation_id)
    try:
        obligation = regulation.obligation(key)
    except KeyError:
        for rules in regulation.site_rules:
            found = next((o for o in rules.additions if o.key == key), None)
            if found is not None:
                return {**obligation_view(regulation, found), "site_id": rules.site_id}
        raise Problem(404, "obligation_not_found", "Такой обязанности в регламенте нет.") from None
    overrides = [
        {"site_id": rules.site_id, **override.model_dump(mode="json")}
        for rules in regulation.site_rules
        for override in rules.overrides
        if override.obligation == key
    ]
    return {**obligation_view(regulation, obligation), "site_overrides": overrides}


@router.get("/api/regulations/{regulation_id}/sites/{site_id}", summary="Обязанности площадки с её поправками")
async def get_site_obligations(
    regulation_id: str, site_id: str, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    regulation = _regulation(regulation_id)
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
