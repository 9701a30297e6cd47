"""Corrections of the production calendar from a new decree: decided by the domain (``check_override``) and
appended by the API to the calendar's stream — the API's own write path, as no workflow owns the calendar. The
correction's append writes what it owes the running cycles (``signals.py``): they are told and move their open
deadlines."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select

from api.eventlog.log import EventLog
from api.eventlog.store import StreamConflict, stream_version
from api.tables import calendar_overrides
from domain.calendar import (
    CALENDAR_STREAM,
    CalendarDayOverridden,
    CalendarOverride,
    CalendarOverrideRemoved,
    check_override,
)
from domain.common import ActorRef, DomainEvent
from domain.eventlog import new_event


async def _append_calendar_event(eventlog: EventLog, event: DomainEvent) -> None:
    for _ in range(3):
        async with eventlog.engine.connect() as conn:
            version = await stream_version(conn, CALENDAR_STREAM)
        try:
            await eventlog.append(CALENDAR_STREAM, version, [new_event(event, str(uuid.uuid4()), {})])
            return
        except StreamConflict:
            continue  # another administrator wrote in between: read the version again
    raise RuntimeError("the calendar stream is too busy; try again")


async def set_override(eventlog: EventLog, override: CalendarOverride, by: ActorRef) -> None:
    check_override(override)
    event = CalendarDayOverridden(occurred_at=datetime.now(UTC), override=override, by=by)
    await _append_calendar_event(eventlog, event)


async def remove_override(eventlog: EventLog, day: date, by: ActorRef) -> bool:
    async with eventlog.engine.connect() as conn:
        exists = (await conn.execute(select(calendar_overrides.c.day).where(calendar_overrides.c.day == day))).first()
    if exists is None:
        return False
    await _append_calendar_event(eventlog, CalendarOverrideRemoved(occurred_at=datetime.now(UTC), day=day, by=by))
    return True
