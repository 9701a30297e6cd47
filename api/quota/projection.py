"""Projection of quota and coverage events: progress in ``obligations``, each product in ``quota_items``, each
completed monitoring in ``monitorings``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import monitorings, obligations, quota_items
from domain.common import DomainEvent
from domain.quota import MonitoringCompleted, MonitoringPlanApproved, QuotaItemRecorded, QuotaMet


async def _update(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent, **values: Any) -> None:
    await conn.execute(
        obligations.update()
        .where(obligations.c.obligation_id == stored.stream_id)
        .values(stream_version=stored.stream_version, updated_at=event.occurred_at, **values)
    )


async def on_item(conn: AsyncConnection, stored: StoredEvent, event: QuotaItemRecorded) -> None:
    await conn.execute(
        insert(quota_items)
        .values(
            obligation_id=stored.stream_id,
            item_no=event.item_no,
            title=event.title,
            item_kind=event.item_kind,
            items={key: ref.model_dump(mode="json") for key, ref in event.items.items()},
            recorded_by=event.recorded_by.model_dump(mode="json"),
            recorded_at=event.occurred_at,
            product_id=event.product.product_id if event.product else None,
        )
        .on_conflict_do_nothing()
    )
    await _update(
        conn, stored, event, progress=event.count, submissions=event.count, last_submitted_at=event.occurred_at
    )


async def on_plan(conn: AsyncConnection, stored: StoredEvent, event: MonitoringPlanApproved) -> None:
    await _update(conn, stored, event, targets=list(event.targets), target=len(event.targets))


async def on_monitoring(conn: AsyncConnection, stored: StoredEvent, event: MonitoringCompleted) -> None:
    await conn.execute(
        insert(monitorings)
        .values(
            obligation_id=stored.stream_id,
            target=event.target,
            completed_on=event.completed_on,
            note=event.note,
            recorded_by=event.recorded_by.model_dump(mode="json"),
            recorded_at=event.occurred_at,
            spravka_due=event.spravka_due,
        )
        .on_conflict_do_nothing()
    )
    await _update(conn, stored, event, progress=event.covered, last_submitted_at=event.occurred_at)


async def on_met(conn: AsyncConnection, stored: StoredEvent, event: QuotaMet) -> None:
    await _update(conn, stored, event, status="approved", next_actor=[], completed_at=event.occurred_at)


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    QuotaItemRecorded: on_item,
    MonitoringPlanApproved: on_plan,
    MonitoringCompleted: on_monitoring,
    QuotaMet: on_met,
}
