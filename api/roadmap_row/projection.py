"""Projection of the dated roadmap rows (D42–D45, D53): a row done — by the site with its evidence, by an accepted
quarterly report, or by a product sent to the Expert Council in its month — in ``roadmap_row_marks`` and as
``approved`` in ``obligations``; a row closed with its cycle never done as ``not_done``. Its opening, due date and
escalations are projected like any obligation's."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import obligations, roadmap_row_marks
from domain.common import DomainEvent
from domain.roadmap_row import RoadmapRowDone, RoadmapRowNotDone


def _cycle_of(stream_id: str) -> str:
    """``cycle:{site}:{year}`` of an obligation stream ``cycle:{site}:{year}:roadmap_row:{instance}``."""
    return ":".join(stream_id.split(":")[:3])


async def on_done(conn: AsyncConnection, stored: StoredEvent, event: RoadmapRowDone) -> None:
    await conn.execute(
        insert(roadmap_row_marks)
        .values(
            obligation_id=stored.stream_id,
            cycle_id=_cycle_of(stored.stream_id),
            on_day=event.on,
            source=event.source,
            # The document that said it was done: the quarterly report, or the product sent (D53; no column of its own).
            report_id=event.report_id or event.product_id,
            items={key: ref.model_dump(mode="json") for key, ref in event.items.items()},
            note=event.note,
            done_by=event.done_by.model_dump(mode="json") if event.done_by else None,
            recorded_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )
    await conn.execute(
        obligations.update()
        .where(obligations.c.obligation_id == stored.stream_id)
        .values(
            status="approved",
            next_actor=[],
            submissions=1,
            last_submitted_at=event.occurred_at,
            completed_at=event.occurred_at,
            updated_at=event.occurred_at,
            stream_version=stored.stream_version,
        )
    )


async def on_not_done(conn: AsyncConnection, stored: StoredEvent, event: RoadmapRowNotDone) -> None:
    await conn.execute(
        obligations.update()
        .where(obligations.c.obligation_id == stored.stream_id)
        .values(
            status="not_done",
            next_actor=[],
            completed_at=event.occurred_at,
            updated_at=event.occurred_at,
            stream_version=stored.stream_version,
        )
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    RoadmapRowDone: on_done,
    RoadmapRowNotDone: on_not_done,
}
