"""Projection of an obligation's opening into ``obligations``."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventstore import EventProjector, StoredEvent
from api.tables import obligations
from domain.common import DomainEvent
from domain.obligations import ObligationOpened


async def on_obligation_opened(conn: AsyncConnection, stored: StoredEvent, event: ObligationOpened) -> None:
    rule = event.obligation
    submitters = [role.value for role in rule.submitters]
    await conn.execute(
        insert(obligations)
        .values(
            obligation_id=stored.stream_id,
            cycle_id=event.ref.cycle_id,
            site_id=event.ref.site_id,
            year=event.ref.year,
            key=event.ref.key,
            instance=event.ref.instance,
            kind=rule.kind.value,
            title=rule.title,
            citation=rule.citation.model_dump(mode="json"),
            rule=rule.model_dump(mode="json"),
            regulation_id=event.regulation_id,
            regulation_version=event.regulation_version,
            status="awaiting_submission",
            nominal_due=event.deadline.nominal,
            effective_due=event.deadline.effective,
            due_ends_at=event.deadline.ends_at,
            original_nominal_due=event.deadline.nominal,
            original_effective_due=event.deadline.effective,
            phase=0,
            review_step=0,
            next_actor=submitters,
            submissions=0,
            opened_at=event.occurred_at,
            updated_at=event.occurred_at,
            stream_version=stored.stream_version,
        )
        .on_conflict_do_nothing()
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {ObligationOpened: on_obligation_opened}
