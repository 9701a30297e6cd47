"""Projection of a site's card into ``sites`` (and its direction into ``directions``: a direction is as its sites
last named it) and of a site's revoked status into ``site_revocations``. The ``sites`` rows are not emptied by a
rebuild (files refer to them); replaying the log writes them again as they were."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import directions, site_revocations, sites
from domain.common import DomainEvent
from domain.sites import SiteChanged, SiteRegistered, SiteStatusRevoked


async def on_revoked(conn: AsyncConnection, stored: StoredEvent, event: SiteStatusRevoked) -> None:
    await conn.execute(
        insert(site_revocations)
        .values(
            site_id=event.site_id,
            order_text=event.order,
            effective_on=event.effective_on,
            revoked_by=event.revoked_by.model_dump(mode="json"),
            revoked_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )


async def on_recorded(conn: AsyncConnection, stored: StoredEvent, event: SiteRegistered | SiteChanged) -> None:
    record = event.record
    site = record.site
    direction = {"id": site.direction_id, "region_id": site.region_id, "title": record.direction_title}
    await conn.execute(
        insert(directions).values(**direction).on_conflict_do_update(index_elements=["id"], set_=direction)
    )
    values = {
        **site.model_dump(),
        "reporting_institutions": list(site.reporting_institutions),
        "regulation_id": record.regulation_id,
    }
    await conn.execute(insert(sites).values(**values).on_conflict_do_update(index_elements=["id"], set_=values))


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    SiteStatusRevoked: on_revoked,
    SiteRegistered: on_recorded,
    SiteChanged: on_recorded,
}
