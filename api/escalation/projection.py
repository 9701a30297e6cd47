"""Projection of escalation events into ``escalations``: one row per step raised, closed when resolved."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import escalations, obligations
from domain.common import DomainEvent
from domain.escalation import EscalationRaised, EscalationResolved


def _review(event: EscalationRaised) -> dict[str, object]:
    """Which review is late and whose decision it awaits (D31); nothing for an obligation's own deadline."""
    if not event.review:
        return {}
    return {
        "review": event.review,
        "review_title": event.review_title,
        "awaited": [role.value for role in event.awaited],
    }


async def on_raised(conn: AsyncConnection, stored: StoredEvent, event: EscalationRaised) -> None:
    owner = (
        await conn.execute(
            select(obligations.c.cycle_id, obligations.c.site_id, obligations.c.year, obligations.c.title).where(
                obligations.c.obligation_id == stored.stream_id
            )
        )
    ).one()
    await conn.execute(
        insert(escalations)
        .values(
            escalation_id=event.escalation_id,
            obligation_id=stored.stream_id,
            cycle_id=owner.cycle_id,
            site_id=owner.site_id,
            year=owner.year,
            obligation_title=owner.title,
            level=event.level.value,
            phase=event.phase,
            due_nominal=event.due_nominal,
            due_effective=event.due_effective,
            notify=[role.value for role in event.notify],
            raised_at=event.occurred_at,
            **_review(event),
        )
        # The same step raised again — after a calendar change moved it and its time came anew — is open again.
        .on_conflict_do_update(
            index_elements=[escalations.c.escalation_id],
            set_={
                "due_nominal": event.due_nominal,
                "due_effective": event.due_effective,
                "notify": [role.value for role in event.notify],
                "raised_at": event.occurred_at,
                "resolved_at": None,
                "resolution": None,
                **_review(event),
            },
        )
    )


async def on_resolved(conn: AsyncConnection, stored: StoredEvent, event: EscalationResolved) -> None:
    await conn.execute(
        escalations.update()
        .where(escalations.c.escalation_id == event.escalation_id)
        .values(resolved_at=event.occurred_at, resolution=event.resolution)
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {EscalationRaised: on_raised, EscalationResolved: on_resolved}
