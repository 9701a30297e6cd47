"""The event log as the API's contexts use it: append a stream's events with their projections in one
transaction, and hear when a command's events have landed. The API's own write path (задачи, календарь, статус
площадки) appends here; everything a workflow owns is appended by its workflow through the internal endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine

from api.eventlog.landed import Landed
from api.eventlog.projection import Projections
from api.eventlog.store import append
from domain.eventlog import AppendResult, NewEvent


@dataclass
class EventLog:
    engine: AsyncEngine
    projections: Projections  # every context's projectors (api.projections.PROJECTIONS)
    landed: Landed = field(default_factory=Landed)

    async def append(self, stream_id: str, expected_version: int, new_events: list[NewEvent]) -> AppendResult:
        """Append after ``expected_version`` and project, in one transaction (api.eventlog.store.append)."""
        return await append(self.engine, stream_id, expected_version, new_events, self.projections.project)


async def get_eventlog(request: Request) -> EventLog:
    eventlog: EventLog = request.app.state.runtime.eventlog
    return eventlog


EventLogDep = Annotated[EventLog, Depends(get_eventlog)]
