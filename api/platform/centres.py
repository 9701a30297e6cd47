"""A Vologda platform's participating complex centres as its cycles know them (decision D11): each cycle learns them
when it opens, from the profile as it stands then, and again whenever the profile is saved — the API signals the
running cycles of the years the profile covers with the centres (``institutions_told``), and the cycle plans each
centre's quarterly request (``centre_monitoring``, instance ``Q1-<centre>``) and withdraws those of a centre removed.
The signal is the same whatever changed, so saving the profile again tells a cycle that missed it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from api.runtime import Runtime
from api.sites.service import regulation_of
from api.tables import cycles
from domain.deadlines import local_date
from domain.obligations import cycle_id
from domain.platform.profile import Profile
from domain.regulations.catalog import regulation
from domain.sites import Site

TOLD = "institutions_told"  # SiteYearCycleWorkflow.institutions_told


def centres_of_year(profile: Profile | None, year: int) -> tuple[str, ...]:
    """The centres taking part in the platform in ``year``: the profile's, when it covers that year; none otherwise."""
    if profile is None or not covers(profile, year):
        return ()
    return tuple(sorted(centre.institution_id for centre in profile.centres))


def covers(profile: Profile, year: int) -> bool:
    return profile.active_from <= year and (profile.active_to is None or year <= profile.active_to)


async def tell_cycles(runtime: Runtime, site: Site, profile: Profile | None) -> list[int]:
    """Tell the platform's running cycles of the years the profile covers which centres take part; the years told.
    The cycles asked are those the projection shows active, and this year's and next year's besides (one opened a
    moment ago may not show yet); a cycle not running is skipped."""
    if profile is None:
        return []
    async with runtime.reads.connect() as conn:
        rules = regulation(await regulation_of(conn, site.id))
        query = select(cycles.c.year).where(cycles.c.site_id == site.id, cycles.c.status == "active")
        active = set((await conn.execute(query)).scalars())
    today = local_date(datetime.now(UTC), rules.timezone)
    years = sorted(y for y in active | {today.year, today.year + 1} if covers(profile, y) and y >= rules.first_year)
    told = []
    for year in years:
        if await runtime.commands.signal(cycle_id(site.id, year), TOLD, list(centres_of_year(profile, year))):
            told.append(year)
    return told
