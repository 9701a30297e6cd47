"""Projection of escalation events into ``escalations``: one row per step raised, closed when resolved."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.rows import value_parameter, value_parameters
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


_RAISED = ("escalation_id", "obligation_id", "level", "phase", "due_nominal", "due_effective", "notify", "raised_at")
_REVIEWED = ("review", "review_title", "awaited")
_OWNER = {"cycle_id": obligations.c.cycle_id, "site_id": obligations.c.site_id, "year": obligations.c.year}


@cache
def _raise_statement(reviewed: bool) -> Any:
    """The step's row with its obligation's cycle, site, year and title, in one statement built once: the same step
    raised again — after a calendar change moved it and its time came anew — is open again. Nothing is returned when
    the obligation is not there (never, in a log projected in order): the append then fails loudly."""
    given = _RAISED + (_REVIEWED if reviewed else ())
    owner = select(
        *(value_parameter(escalations, c) for c in given),
        *_OWNER.values(),
        obligations.c.title,
    ).where(obligations.c.obligation_id == bindparam("v_obligation_id"))
    statement = insert(escalations).from_select([*given, *_OWNER, "obligation_title"], owner)
    again = ("due_nominal", "due_effective", "notify", "raised_at") + (_REVIEWED if reviewed else ())
    return statement.on_conflict_do_update(
        index_elements=[escalations.c.escalation_id],
        set_={**{c: statement.excluded[c] for c in again}, "resolved_at": None, "resolution": None},
    ).returning(escalations.c.escalation_id)


async def on_raised(conn: AsyncConnection, stored: StoredEvent, event: EscalationRaised) -> None:
    values = {
        "escalation_id": event.escalation_id,
        "obligation_id": stored.stream_id,
        "level": event.level.value,
        "phase": event.phase,
        "due_nominal": event.due_nominal,
        "due_effective": event.due_effective,
        "notify": [role.value for role in event.notify],
        "raised_at": event.occurred_at,
        **_review(event),
    }
    statement = _raise_statement(bool(event.review))
    (await conn.execute(statement, value_parameters(values))).one()


async def on_resolved(conn: AsyncConnection, stored: StoredEvent, event: EscalationResolved) -> None:
    await conn.execute(
        escalations.update()
        .where(escalations.c.escalation_id == event.escalation_id)
        .values(resolved_at=event.occurred_at, resolution=event.resolution)
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {EscalationRaised: on_raised, EscalationResolved: on_resolved}
