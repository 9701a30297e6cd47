"""The page of the сборник (order 135-р 3.2): ``GET /compendia/{region_id}/{year}`` shows what
``GET /api/compendia/{region_id}/{year}`` answers — its date and state, the packages it holds and every site whose
package is missing, named with the reason; the RCRSO opens its preparation (``POST /compendia/{region_id}/{year}``)
and publishes it (``POST /compendia/{region_id}/{year}/publication``) through the same service functions as the
REST routes (``api.compendium.service``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access.session import FormDep, SessionDep
from api.compendium.routes import PublishBody
from api.compendium.service import (
    GAP_STATE_RU,
    NOT_OPENED_CODE,
    can_compile,
    open_compendium,
    publish_compendium,
    read_compendium,
    regulation_of,
)
from api.paths import Year
from api.problems import Problem
from api.runtime import RuntimeDep
from api.sites.service import visible_sites
from api.web.forms import FormErrors, errors_of, parsed
from api.web.render import redirect, render

router = APIRouter(include_in_schema=False)

# A gap's reason as a status tag: what the RCRSO can still chase is coloured, what it cannot is grey.
GAP_COLOUR = {
    "awaiting_submission": "red",
    "returned": "orange",
    "under_review": "yellow",
    "planned": "grey",
    "no_cycle": "grey",
    "cancelled": "grey",
}
PUBLISHABLE = ("awaiting_submission", "returned")
# Gaps the RCRSO can still chase first.
GAP_ORDER = {colour: rank for rank, colour in enumerate(("red", "orange", "yellow", "grey"))}


def _clause_order(site_id: str) -> tuple[tuple[int, str], ...]:
    """1.1.2 before 1.1.10: the order of the clauses of the founding order."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in site_id.split("."))


def _url(region_id: str, year: int) -> str:
    return f"/compendia/{region_id}/{year}"


def _named(site_id: str, sites: dict[str, dict[str, Any]]) -> dict[str, Any]:
    site = sites.get(site_id)
    if site is None:
        return {"site_id": site_id, "name": f"Площадка {site_id}", "visible": False}
    return {"site_id": site_id, "name": f"{site['code']} · {site['institution']['short_name']}", "visible": True}


def _composition(data: dict[str, Any], sites: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The included packages and the gaps, each site named, each gap with its reason and colour."""
    included = [
        {**_named(entry["site_id"], sites), "submission_no": entry["submission_no"], "files": entry["files"]}
        for entry in sorted(data["included"], key=lambda entry: _clause_order(entry["site_id"]))
    ]
    gaps = [
        {
            **_named(gap["site_id"], sites),
            "state_ru": GAP_STATE_RU.get(gap["state"], gap["state"]),
            "colour": GAP_COLOUR.get(gap["state"], "grey"),
        }
        for gap in data["gaps"]
    ]
    gaps.sort(key=lambda gap: (GAP_ORDER[gap["colour"]], _clause_order(gap["site_id"])))
    return {"included": included, "gaps": gaps}


async def _page(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    region_id: str,
    year: int,
    errors: FormErrors | None = None,
    note: str = "",
    status_code: int = 200,
) -> Response:
    principal = session.principal
    compiles = can_compile(principal, region_id)
    try:
        compendium: dict[str, Any] | None = await read_compendium(runtime, principal, region_id, year)
    except Problem as problem:
        # Not opened yet: whoever compiles it is offered to open it; anybody else is told it is not there.
        if problem.code != NOT_OPENED_CODE or not compiles:
            raise
        regulation_of(region_id)
        compendium = None
    async with runtime.engine.connect() as conn:
        sites = {site["id"]: site for site in await visible_sites(conn, principal)}
    current = published = None
    if compendium is not None:
        current = _composition(compendium["composition"], sites)
        sent = [s for s in compendium.get("submissions", []) if s["data"]]
        if compendium["status"] == "approved" and sent:
            published = {**_composition(sent[-1]["data"], sites), "submission": sent[-1]}
    return render(
        request,
        "compendium/compendium.html",
        status_code=status_code,
        region_id=region_id,
        year=year,
        compendium=compendium,
        current=current,
        published=published,
        compiles=compiles,
        publishable=compendium is not None and compendium["status"] in PUBLISHABLE,
        errors=errors,
        note=note,
        url=_url(region_id, year),
    )


@router.get("/compendia/{region_id}/{year}")
async def compendium_page(
    request: Request, region_id: str, year: Year, session: SessionDep, runtime: RuntimeDep
) -> Response:
    return await _page(request, session, runtime, region_id, year)


@router.post("/compendia/{region_id}/{year}")
async def open_compendium_page(
    request: Request, region_id: str, year: Year, session: SessionDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    try:
        await open_compendium(runtime, session.principal, region_id, year)
    except Problem as problem:
        if problem.status in (403, 404):
            raise
        return await _page(request, session, runtime, region_id, year, errors_of(problem), "", problem.status)
    return redirect(request, _url(region_id, year))


@router.post("/compendia/{region_id}/{year}/publication")
async def publish_compendium_page(
    request: Request, region_id: str, year: Year, session: SessionDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    note = str(form.get("note") or "")
    body = parsed(PublishBody, {"note": note})
    if isinstance(body, FormErrors):
        return await _page(request, session, runtime, region_id, year, body, note, 422)
    try:
        await publish_compendium(runtime, session.principal, region_id, year, body.note)
    except Problem as problem:
        if problem.status in (403, 404):
            raise
        return await _page(request, session, runtime, region_id, year, errors_of(problem), note, problem.status)
    return redirect(request, _url(region_id, year))
