"""What a site's own stream owes its running cycles (``api.signals.outbox``), written with the event:

- a revocation by the Department's order (SiteStatusRevoked) closes every running cycle (``revoke``);
- a card that changed (SiteChanged) tells each running cycle its status period (D22): a cycle the period no longer
  covers, or every one once the period has ended, closes as a revocation does; the others are told the period's
  end (``status_period_changed``: set, moved or removed) and close themselves at the end of that day in the
  region; one whose plan the old end cut plans what the new end covers. "Today" is the day of the change in the
  region's zone, so the same event always owes the same signals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import StoredEvent
from api.signals.outbox import Signal, SignalBuilder
from api.tables import cycles, regions
from domain.common import DomainEvent
from domain.cycle import status_end_reason
from domain.sites import Site, SiteChanged, SiteStatusRevoked

REVOKE = "revoke"  # SiteYearCycleWorkflow.revoke
PERIOD_CHANGED = "status_period_changed"  # SiteYearCycleWorkflow.status_period_changed


def revocation_reason(order: str) -> str:
    return f"Статус площадки прекращен: {order.strip()}"


def period_signals(site: Site, today: date, running: Sequence[tuple[str, int]]) -> list[Signal]:
    """What the site's status period tells each of its running cycles (cycle id, year) on ``today``."""
    signals = []
    for cycle_id, year in running:
        if site.status_covers(year) and not site.status_ended(today):
            signals.append(Signal(cycle_id, PERIOD_CHANGED, (site.status_until,)))
        else:
            signals.append(Signal(cycle_id, REVOKE, (_period_reason(site),)))
    return signals


def closing(signals: Sequence[Signal]) -> list[str]:
    """The cycles the signals close."""
    return [signal.workflow_id for signal in signals if signal.name == REVOKE]


async def running_cycles(conn: AsyncConnection, site_id: str) -> list[tuple[str, int]]:
    query = (
        select(cycles.c.cycle_id, cycles.c.year)
        .where(cycles.c.site_id == site_id, cycles.c.status == "active")
        .order_by(cycles.c.year)
    )
    return [(row.cycle_id, row.year) for row in (await conn.execute(query)).all()]


async def on_revoked(conn: AsyncConnection, stored: StoredEvent, event: SiteStatusRevoked) -> list[Signal]:
    reason = revocation_reason(event.order)
    return [Signal(cycle_id, REVOKE, (reason,)) for cycle_id, _year in await running_cycles(conn, event.site_id)]


async def card_signals(conn: AsyncConnection, event: SiteChanged) -> list[Signal]:
    """What a changed card tells the site's running cycles, on the day of the change in the region."""
    site = event.record.site
    zone = (await conn.execute(select(regions.c.timezone).where(regions.c.id == site.region_id))).scalar_one()
    today = event.occurred_at.astimezone(ZoneInfo(zone)).date()
    return period_signals(site, today, await running_cycles(conn, site.id))


async def on_changed(conn: AsyncConnection, stored: StoredEvent, event: SiteChanged) -> list[Signal]:
    return await card_signals(conn, event)


def _period_reason(site: Site) -> str:
    if site.status_until is not None:
        return status_end_reason(site.status_until)
    assert site.status_since is not None
    return f"Статус площадки действует с {site.status_since:%d.%m.%Y}"


SIGNALS: dict[type[DomainEvent], SignalBuilder] = {SiteStatusRevoked: on_revoked, SiteChanged: on_changed}
