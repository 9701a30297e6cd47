"""Opening a site's cycle of a year: the checks every opening passes (the status period covers that year, not revoked,
a year of the regulation), whether a person opens it (``POST /api/cycles``) or the region's workflow opens the
cycles of the next year by themselves on the date the regulation sets (D26–D28,
``POST /internal/regions/{region}/cycles/{year}``). Opening a cycle that is open is a no-op for the region's
workflow and a 409 for a person."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.compendium.service import start_preparation
from api.platform.profile import centres_at_opening
from api.problems import Problem
from api.runtime import Runtime
from api.sites.service import regulation_of, site_from_row
from api.tables import site_revocations, sites
from domain.cycle import snapshot_for
from domain.obligations import cycle_id
from domain.region import RegionOpening
from domain.regulations.catalog import regulation
from domain.regulations.model import Regulation
from domain.sites import Site
from workflows.cycle import CycleInput, SiteYearCycleWorkflow


async def check_opening(conn: AsyncConnection, site: Site, year: int) -> Regulation:
    """The regulation the site's cycle of ``year`` runs under; a Problem when the cycle may not be opened."""
    revoked = (await conn.execute(select(site_revocations).where(site_revocations.c.site_id == site.id))).first()
    if revoked is not None:
        raise Problem(409, "status_revoked", f"Статус площадки прекращен: {revoked.order_text}.")
    rules = regulation(await regulation_of(conn, site.id))
    first = rules.first_year
    if year < first:
        raise Problem(
            422,
            "year_out_of_range",
            f"Циклы по этому регламенту начинаются с {first} года.",
            [{"field": "year", "message": f"не ранее {first}"}],
        )
    if not site.status_covers(year):
        raise Problem(
            422,
            "status_not_in_force",
            f"Статус площадки действует {_period_ru(site)}: цикла {year} года у нее нет.",
            [{"field": "year", "message": _years_ru(site)}],
        )
    return rules


async def start_cycle(runtime: Runtime, site: Site, year: int, rules: Regulation) -> None:
    """Start the site's cycle of ``year``; a Vologda platform's with the centres its profile names for that year
    (D11), whom the cycle asks for their quarterly figures — in place of the site's own list of institutions."""
    async with runtime.reads.connect() as conn:
        centres = await centres_at_opening(conn, site, year)
    if centres is None:
        await runtime.commands.start_cycle(site, year, rules)
        return
    snapshot = snapshot_for(rules, site, year).model_copy(update={"reporting_institutions": centres})
    await runtime.commands.start(
        SiteYearCycleWorkflow.run,
        CycleInput(site=site, year=year, regulation=snapshot),
        cycle_id(site.id, year),
        f"Цикл площадки {site.id} на {year} год уже открыт.",
    )


def _period_ru(site: Site) -> str:
    """The status period (D22) in words: «с 01.03.2027», «по 31.12.2027», «с 01.03.2027 по 31.12.2027»."""
    since = f"с {site.status_since:%d.%m.%Y}" if site.status_since else ""
    until = f"по {site.status_until:%d.%m.%Y}" if site.status_until else ""
    return " ".join(part for part in (since, until) if part)


def _years_ru(site: Site) -> str:
    since = f"не ранее {site.status_since.year}" if site.status_since else ""
    until = f"не позднее {site.status_until.year}" if site.status_until else ""
    return ", ".join(part for part in (since, until) if part)


async def open_region_year(runtime: Runtime, region_id: str, year: int) -> RegionOpening:
    """Open the cycle of ``year`` of every site of the region whose status covers it, and the сборник of the
    year, skipping what is open already. Safe to call again: a second call opens nothing."""
    result = RegionOpening(region_id=region_id, year=year)
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(sites).where(sites.c.region_id == region_id).order_by(sites.c.id))).all()
        checked: list[tuple[Site, Regulation]] = []
        for row in rows:
            site = site_from_row(row)
            try:
                checked.append((site, await check_opening(conn, site, year)))
            except Problem:
                result.not_covered.append(site.id)
    for site, rules in checked:
        try:
            await start_cycle(runtime, site, year, rules)
            result.opened.append(site.id)
        except Problem as problem:
            if problem.code != "already_started":
                raise
            result.already_open.append(site.id)
    result.compendium = await _open_compendium(runtime, region_id, year)
    return result


async def _open_compendium(runtime: Runtime, region_id: str, year: int) -> str:
    try:
        await start_preparation(runtime, region_id, year)
    except Problem as problem:
        if problem.code == "already_started":
            return "already_open"
        if problem.status in (404, 422):  # the region's regulation has no сборник, or not for that year
            return "none"
        raise
    return "opened"
