"""The signals an append of the API's own write path owes a workflow (сигналы процессам), written in the append's
transaction: a fact no workflow owns that a workflow must react to (a calendar correction re-arms timers, a revoked
status closes the site's cycles) reaches the workflow even when Temporal is down at the moment of the append.

Each context says which of its events signal which workflows (a ``SignalBuilder`` per event type, wired in
``api.projections``); a builder reads only the event and the rows earlier events wrote, never the clock, as a
projector does. A replay of the log (a rebuild, innocycle verify) writes no signal: it was owed once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.projection import replaying
from api.eventlog.store import StoredEvent
from api.tables import workflow_signals
from domain.common import DomainEvent, event_from_stored


@dataclass(frozen=True)
class Signal:
    """One signal to one workflow: the handler's name and its arguments (JSON values, or models sent as JSON)."""

    workflow_id: str
    name: str
    args: tuple[Any, ...] = ()


SignalBuilder = Callable[[AsyncConnection, StoredEvent, Any], Awaitable[Sequence[Signal]]]


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


async def enqueue(conn: AsyncConnection, batch: Sequence[StoredEvent], builders: Mapping[str, SignalBuilder]) -> None:
    """Write the signals the append's events owe, in its transaction (nothing for a replay)."""
    wanted = [stored for stored in batch if stored.event_type in builders]
    if not wanted or replaying():
        return
    rows = []
    for stored in wanted:
        event: DomainEvent = event_from_stored(stored.event_type, stored.data, stored.schema_version)
        for signal in await builders[stored.event_type](conn, stored, event):
            rows.append(
                {
                    "workflow_id": signal.workflow_id,
                    "signal": signal.name,
                    "args": [_json(arg) for arg in signal.args],
                    "cause_event_id": stored.event_id,
                    "cause_position": stored.global_position,
                    "created_at": stored.recorded_at,
                    "next_attempt_at": stored.recorded_at,
                }
            )
    if rows:
        await conn.execute(insert(workflow_signals), rows)
