"""A Vologda platform's participating complex centres as its cycles know them (decision D11): each cycle learns them
when it opens, from the profile as it stands then, and again whenever the profile is saved — the profile's append
writes a signal for each running cycle of the years the profile covers with the centres (``institutions_told``,
delivered by ``api.signals``), and the cycle plans each centre's quarterly request (``centre_monitoring``, instance
``Q1-<centre>``) and withdraws those of a centre removed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import StoredEvent
from api.signals.outbox import Signal, SignalBuilder
from api.sites.service import regulation_of
from api.tables import cycles
from domain.common import DomainEvent
from domain.deadlines import local_date
from domain.obligations import cycle_id
from domain.platform.profile import PlatformProfileSet, Profile
from domain.regulations.catalog import regulation

TOLD = "institutions_told"  # SiteYearCycleWorkflow.institutions_told


def centres_of_year(profile: Profile | None, year: int) -> tuple[str, ...]:
    """The centres taking part in the platform in ``year``: the profile's, when it covers that year; none otherwise."""
    if profile is None or not covers(profile, year):
        return ()
    return tuple(sorted(centre.institution_id for centre in profile.centres))


def covers(profile: Profile, year: int) -> bool:
    return profile.active_from <= year and (profile.active_to is None or year <= profile.active_to)


async def tell_cycles(conn: AsyncConnection, stored: StoredEvent, event: PlatformProfileSet) -> list[Signal]:
    """What a saved profile owes the platform's cycles (``api.signals.outbox``): the centres of its year to each
    cycle of the years the profile covers — those the projection shows active, and the year of the save and the
    next besides (one opened a moment ago may not show yet; one not running is skipped when the signal is sent)."""
    rules = regulation(await regulation_of(conn, event.site_id))
    query = select(cycles.c.year).where(cycles.c.site_id == event.site_id, cycles.c.status == "active")
    active = set((await conn.execute(query)).scalars())
    today = local_date(event.occurred_at, rules.timezone)
    profile = event.profile
    years = sorted(y for y in active | {today.year, today.year + 1} if covers(profile, y) and y >= rules.first_year)
    return [Signal(cycle_id(event.site_id, year), TOLD, (list(centres_of_year(profile, year)),)) for year in years]


SIGNALS: dict[type[DomainEvent], SignalBuilder] = {PlatformProfileSet: tell_cycles}
