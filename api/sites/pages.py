"""The page «Площадки»: the sites the person may read (as ``GET /api/sites``), grouped by status and direction,
each linking to its dashboard."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access.session import SessionDep
from api.runtime import RuntimeDep
from api.sites.service import visible_sites
from api.web.render import render
from domain.sites import SiteStatus

router = APIRouter(include_in_schema=False)

# How each status is named as a group heading, in the order of the order 135-р (1.1, then 1.2) and the other regimes.
GROUPS: dict[str, str] = {
    SiteStatus.RESOURCE_CENTER: "Ресурсные центры",
    SiteStatus.SUPPORT_PLATFORM: "Опорные площадки",
    SiteStatus.METHODOLOGICAL_PLATFORM: "Опорно-методические площадки",
    SiteStatus.METHODOLOGICAL_SECTION: "Методические секции",
}
STATUS_COLOUR: dict[str, str] = {
    SiteStatus.RESOURCE_CENTER: "blue",
    SiteStatus.SUPPORT_PLATFORM: "purple",
    SiteStatus.METHODOLOGICAL_PLATFORM: "green",
    SiteStatus.METHODOLOGICAL_SECTION: "orange",
}


def _site_key(site_id: str) -> tuple[Any, ...]:
    """Clause order: 1.1.2 before 1.1.10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in site_id.split("."))


def grouped(sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Status groups, each with its directions in clause order, each direction with its sites."""
    groups: list[dict[str, Any]] = []
    for status, heading in GROUPS.items():
        of_status = sorted((s for s in sites if s["status"] == status), key=lambda s: _site_key(s["id"]))
        if not of_status:
            continue
        directions: dict[str, dict[str, Any]] = {}
        for site in of_status:
            direction = directions.setdefault(site["direction"]["id"], {**site["direction"], "sites": []})
            direction["sites"].append(site)
        groups.append(
            {"status": status, "heading": heading, "count": len(of_status), "directions": [*directions.values()]}
        )
    return groups


@router.get("/sites")
async def sites_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    async with runtime.engine.connect() as conn:
        sites = await visible_sites(conn, session.principal)
    return render(
        request, "sites/list.html", title="Площадки", groups=grouped(sites), total=len(sites), colours=STATUS_COLOUR
    )
