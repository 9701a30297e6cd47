"""The projection of ``DigestSent``, in the transaction of its append: the person's notification of kind ``digest``
(its sections in ``details.digest``; the page ``/notifications/digests/{day}``), the ``digests`` row — whose primary
key ``(user_id, day)`` refuses a second digest of the day — and the e-mail to the person's address, sent at once
through the outbox like every notification's. A replay of the log (a rebuild) writes the rows and no e-mail."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.projection import replaying
from api.eventlog.store import EventProjector, StoredEvent
from api.tables import digests, mail_outbox, notification_settings, notifications
from domain.common import DomainEvent
from domain.notifications import (
    SECTION_RU,
    DigestPart,
    DigestSent,
    NotificationKind,
    digest_subject,
    digest_summary,
)


def digest_notification_id(user_id: str, day: date) -> str:
    return f"digest:{day.isoformat()}:{user_id}"


def digest_link(day: date) -> str:
    return f"/notifications/digests/{day.isoformat()}"


def _part(part: DigestPart) -> dict[str, Any]:
    return {
        "section": part.section.value,
        "title": SECTION_RU[part.section],
        "total": part.total,
        "more": part.total - len(part.items),
        "items": [item.model_dump(mode="json") for item in part.items],
    }


def digest_details(event: DigestSent) -> dict[str, Any]:
    """What the notification keeps of the digest: the words of the list and the sections of the e-mail and page."""
    return {
        "title": f"Сводка на {event.day:%d.%m.%Y}",
        "what": f"ежедневная сводка: {digest_summary(event.parts)}",
        "todo": "Просмотреть сводку и открыть задачи по ссылкам.",
        "digest": {"day": event.day.isoformat(), "parts": [_part(part) for part in event.parts]},
    }


async def on_digest(conn: AsyncConnection, stored: StoredEvent, event: DigestSent) -> None:
    notification_id = digest_notification_id(event.user_id, event.day)
    address = (
        await conn.execute(
            select(notification_settings.c.email).where(notification_settings.c.user_id == event.user_id)
        )
    ).scalar_one_or_none()
    await conn.execute(
        notifications.insert().values(
            notification_id=notification_id,
            user_id=event.user_id,
            kind=NotificationKind.DIGEST.value,
            cause=stored.event_type,
            position=stored.global_position,
            subject=digest_subject(event.day, event.parts),
            details=digest_details(event),
            link=digest_link(event.day),
            created_at=event.occurred_at,
            email="immediate" if address else "no_address",
        )
    )
    await conn.execute(
        digests.insert().values(
            user_id=event.user_id,
            day=event.day,
            region_id=event.region_id,
            notification_id=notification_id,
            composed_at=event.occurred_at,
            items=event.items,
            reported=list(event.reported),
        )
    )
    if address and not replaying():
        message_id = f"<{hashlib.md5(notification_id.encode()).hexdigest()}.digest@innocycle>"
        await conn.execute(
            mail_outbox.insert().values(
                notification_id=notification_id,
                message_id=message_id,
                to_address=address,
                next_attempt_at=func.now(),  # the database's clock, the mailer's: not the workflow's
                created_at=func.now(),
            )
        )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {DigestSent: on_digest}
