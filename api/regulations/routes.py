"""Regulations, readable by everyone signed in, each by the people of its region (issue 16; an administrator reads
all): the rules with their citations, so a curator can see why a deadline is what it is. Another region's regulation
answers 404, as one that does not exist."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.access.deps import PrincipalDep
from api.access.principal import Principal
from api.access.session import grant_regions
from api.problems import Problem
from api.regulations.views import (
    obligation_rule,
    obligation_view,
    readable,
    readable_regulation,
    regulation_summary,
    regulation_view,
)
from api.runtime import Runtime, RuntimeDep
from api.sites.service import load_site
from domain.regulations.catalog import REGULATIONS
from domain.regulations.model import Regulation

router = APIRouter(tags=["regulations"])


async def _regions(runtime: Runtime, principal: Principal) -> frozenset[str] | None:
    async with runtime.reads.connect() as conn:
        return await grant_regions(conn, principal)


async def _readable(runtime: Runtime, principal: Principal, regulation_id: str) -> Regulation:
    return readable_regulation(regulation_id, bool(principal.grants), await _regions(runtime, principal))


@router.get("/api/regulations", summary="Регламенты регионов пользователя")
async def list_regulations(runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    regions = await _regions(runtime, principal)
    return [regulation_summary(r) for r in REGULATIONS.values() if readable(r, bool(principal.grants), regions)]


@router.get("/api/regulations/{regulation_id}", summary="Регламент: обязанности, сроки, показатели, решения")
async def get_regulation(regulation_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return regulation_view(await _readable(runtime, principal, regulation_id))


@router.get("/api/regulations/{regulation_id}/obligations/{key}", summary="Обязанность регламента")
async def get_obligation_rule(
    regulation_id: str, key: str, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return obligation_rule(await _readable(runtime, principal, regulation_id), key)


@router.get("/api/regulations/{regulation_id}/sites/{site_id}", summary="Обязанности площадки с её поправками")
async def get_site_obligations(
    regulation_id: str, site_id: str, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    regulation = await _readable(runtime, principal, regulation_id)
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
