"""Projection of a site's revoked status into ``site_revocations``."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import site_revocations
from domain.common import DomainEvent
from domain.sites import SiteStatusRevoked


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


PROJECTORS: dict[type[DomainEvent], EventProjector] = {SiteStatusRevoked: on_revoked}
