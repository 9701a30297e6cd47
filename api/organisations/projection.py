"""Projection of the registry's events into ``regions`` and ``institutions``: each event carries the whole record,
so the row is the last one's. The rows are not emptied by a rebuild (files and sites refer to them); replaying the
log writes them again as they were."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import institutions, regions
from domain.common import DomainEvent
from domain.organisations import OrganisationChanged, OrganisationRegistered, RegionChanged, RegionRegistered


async def on_region(conn: AsyncConnection, stored: StoredEvent, event: RegionRegistered | RegionChanged) -> None:
    values = event.region.model_dump()
    await conn.execute(insert(regions).values(**values).on_conflict_do_update(index_elements=["id"], set_=values))


async def on_organisation(
    conn: AsyncConnection, stored: StoredEvent, event: OrganisationRegistered | OrganisationChanged
) -> None:
    values = event.organisation.model_dump(mode="json")
    await conn.execute(insert(institutions).values(**values).on_conflict_do_update(index_elements=["id"], set_=values))


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    RegionRegistered: on_region,
    RegionChanged: on_region,
    OrganisationRegistered: on_organisation,
    OrganisationChanged: on_organisation,
}
