"""A person's notifications read, and their choices of delivery: decided by the domain (``domain.notifications``:
``read``, ``set_preferences``) and appended here, to the person's own stream ``notifications:{user_id}`` — the API's
own write path, as no workflow owns whether a person has read what they were told. The projection follows in the
same transaction. A stream another tab of the same person moved meanwhile is read and decided again."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select

from api.eventlog.log import EventLog
from api.eventlog.store import StreamConflict, stream_version
from api.tables import notification_settings, notifications
from domain.common import DomainEvent
from domain.eventlog import new_event
from domain.notifications import (
    Delivery,
    Preferences,
    check_known,
    notifications_stream,
    read,
    set_preferences,
)

ATTEMPTS = 3


async def _append(eventlog: EventLog, user_id: str, version: int, event: DomainEvent) -> None:
    await eventlog.append(notifications_stream(user_id), version, [new_event(event, str(uuid.uuid4()), {})])


async def mark_read(eventlog: EventLog, user_id: str, wanted: Sequence[str] | None) -> int:
    """Mark ``wanted`` of the person's notifications read (all of them when None); how many were unread."""
    for attempt in range(ATTEMPTS):
        async with eventlog.engine.connect() as conn:
            version = await stream_version(conn, notifications_stream(user_id))
            mine = select(notifications.c.notification_id, notifications.c.read_at).where(
                notifications.c.user_id == user_id
            )
            if wanted is not None:
                mine = mine.where(notifications.c.notification_id.in_(list(wanted)))
            else:
                mine = mine.where(notifications.c.read_at.is_(None))
            rows = (await conn.execute(mine)).all()
        if wanted is not None:
            check_known((row.notification_id for row in rows), wanted)
        unread = [row.notification_id for row in rows if row.read_at is None]
        event = read(user_id, unread, wanted if wanted is not None else unread, datetime.now(UTC))
        if event is None:
            return 0
        try:
            await _append(eventlog, user_id, version, event)
        except StreamConflict:
            if attempt == ATTEMPTS - 1:
                raise
            continue
        return len(event.notification_ids)
    return 0


async def preferences_of(eventlog: EventLog, user_id: str) -> Preferences:
    async with eventlog.engine.connect() as conn:
        row = (
            await conn.execute(select(notification_settings).where(notification_settings.c.user_id == user_id))
        ).one_or_none()
    if row is None:
        return Preferences()
    return Preferences(email=row.email, reminders=Delivery(row.reminders), tasks=Delivery(row.tasks))


async def choose(eventlog: EventLog, user_id: str, wanted: Preferences) -> Preferences:
    """The person's address and ways of delivery set to ``wanted`` (refused with the field when wrong)."""
    for attempt in range(ATTEMPTS):
        async with eventlog.engine.connect() as conn:
            version = await stream_version(conn, notifications_stream(user_id))
        current = await preferences_of(eventlog, user_id)
        event = set_preferences(user_id, current, wanted, datetime.now(UTC))
        if event is None:
            return current
        try:
            await _append(eventlog, user_id, version, event)
        except StreamConflict:
            if attempt == ATTEMPTS - 1:
                raise
            continue
        return Preferences(email=event.email, reminders=event.reminders, tasks=event.tasks)
    return wanted
