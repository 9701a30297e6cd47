"""The event log as the API's contexts use it: append a stream's events with their projections in one
transaction, and hear when a command's events have landed. The API's own write path (задачи, календарь, статус
площадки, пользователи и их роли) appends here; everything a workflow owns is appended by its workflow through the
internal endpoint."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.eventlog.landed import Landed
from api.eventlog.projection import Projections
from api.eventlog.store import AfterCommit, StoredEvent, append
from domain.eventlog import AppendResult, NewEvent

# What a command writes besides its events, in their transaction: what goes with them but is no event (a password
# hash, an entry of the audit log).
Alongside = Callable[[AsyncConnection], Awaitable[None]]


@dataclass
class EventLog:
    engine: AsyncEngine
    projections: Projections  # every context's projectors (api.projections.PROJECTIONS)
    landed: Landed = field(default_factory=Landed)

    async def append(
        self,
        stream_id: str,
        expected_version: int,
        new_events: list[NewEvent],
        alongside: Alongside | None = None,
        after_commit: AfterCommit | None = None,
    ) -> AppendResult:
        """Append after ``expected_version`` and project, in one transaction (api.eventlog.store.append).
        ``alongside`` writes in that transaction too, before the projections (which may read what it wrote); it
        does not run when the events were stored already. ``after_commit`` reads on the append's connection once
        it has committed (api.eventlog.landed)."""
        if alongside is None:
            return await append(
                self.engine, stream_id, expected_version, new_events, self.projections.project, after_commit
            )

        async def write_and_project(conn: AsyncConnection, batch: Sequence[StoredEvent]) -> None:
            await alongside(conn)
            await self.projections.project(conn, batch)

        return await append(self.engine, stream_id, expected_version, new_events, write_and_project, after_commit)


async def get_eventlog(request: Request) -> EventLog:
    eventlog: EventLog = request.app.state.runtime.eventlog
    return eventlog


EventLogDep = Annotated[EventLog, Depends(get_eventlog)]
