"""Taking a task, giving it back, handing it on: decided by the domain (``domain.tasks``: claim, release, assign)
and appended here to the task's own stream — the API's own write path, as no workflow owns a task's assignee."""

from __future__ import annotations

import uuid

from api.eventlog.log import EventLog
from api.eventlog.store import stream_version
from domain.common import DomainEvent
from domain.eventlog import new_event
from domain.tasks import task_stream


async def record(eventlog: EventLog, task_id: str, event: DomainEvent) -> None:
    """Append a claim, release or assignment of ``task_id`` after the last one; the tasks projection follows."""
    async with eventlog.engine.connect() as conn:
        version = await stream_version(conn, task_stream(task_id))
    await eventlog.append(task_stream(task_id), version, [new_event(event, str(uuid.uuid4()), {})])
