"""Projection of registry events: each update in ``registry_updates``, the registry's state in
``obligations``."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import obligations, registry_updates
from domain.common import DomainEvent
from domain.freshness import RegistryUpdated, RegistryYearClosed


async def on_updated(conn: AsyncConnection, stored: StoredEvent, event: RegistryUpdated) -> None:
    count = (
        await conn.execute(select(func.count()).where(registry_updates.c.obligation_id == stored.stream_id))
    ).scalar_one()
    await conn.execute(
        insert(registry_updates)
        .values(
            obligation_id=stored.stream_id,
            seq=count + 1,
            on_day=event.on,
            entries=event.entries,
            items={key: ref.model_dump(mode="json") for key, ref in event.items.items()},
            note=event.note,
            updated_by=event.updated_by.model_dump(mode="json"),
            recorded_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )
    await conn.execute(
        obligations.update()
        .where(obligations.c.obligation_id == stored.stream_id)
        .values(
            submissions=count + 1,
            progress=event.entries,
            last_submitted_at=event.occurred_at,
            updated_at=event.occurred_at,
            stream_version=stored.stream_version,
        )
    )


async def on_closed(conn: AsyncConnection, stored: StoredEvent, event: RegistryYearClosed) -> None:
    await conn.execute(
        obligations.update()
        .where(obligations.c.obligation_id == stored.stream_id)
        .values(
            status="approved",
            next_actor=[],
            completed_at=event.occurred_at,
            updated_at=event.occurred_at,
            stream_version=stored.stream_version,
        )
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {RegistryUpdated: on_updated, RegistryYearClosed: on_closed}
