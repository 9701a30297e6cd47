"""Reading notifications: a person's own (the bell, the list), who was told of an escalation or an event and what
reached each of them (the obligation's history, the timeline, ``/api/escalations``), and the administrator's view
of the e-mail (waiting and refused)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.tables import mail_log, mail_outbox, notifications, users
from api.web.formats import datetime_ru
from domain.notifications import SUBJECT_WORD, NotificationKind

PAGE = 50


def _delivered() -> Select[Any]:
    """Notifications with what became of their e-mail (the outbox row while it waits, the log once done)."""
    return (
        select(
            notifications,
            mail_outbox.c.attempts.label("mail_attempts"),
            mail_outbox.c.last_error.label("mail_error"),
            mail_outbox.c.next_attempt_at.label("mail_next"),
            mail_log.c.outcome.label("mail_outcome"),
            mail_log.c.error.label("mail_failure"),
            mail_log.c.finished_at.label("mail_finished"),
            mail_log.c.to_address.label("mail_to"),
        )
        .outerjoin(mail_outbox, mail_outbox.c.notification_id == notifications.c.notification_id)
        .outerjoin(mail_log, mail_log.c.notification_id == notifications.c.notification_id)
    )


def mail_state(row: Any) -> dict[str, Any]:
    """What became of a notification's e-mail, as a code and in Russian words."""
    if row.mail_outcome == "sent":
        return {"state": "sent", "text": f"письмо отправлено {datetime_ru(row.mail_finished)} на {row.mail_to}"}
    if row.mail_outcome == "failed":
        return {"state": "failed", "text": f"письмо не доставлено: {row.mail_failure}"}
    if row.mail_attempts is not None:
        tried = f", попыток: {row.mail_attempts}" if row.mail_attempts else ""
        return {"state": "queued", "text": f"письмо в очереди на отправку{tried}"}
    return {
        "digest": {"state": "digest", "text": "письмо — в ежедневной сводке"},
        "off": {"state": "off", "text": "письма по этому виду уведомлений отключены"},
        "no_address": {"state": "no_address", "text": "адрес электронной почты не указан — только в интерфейсе"},
    }.get(row.email, {"state": "none", "text": "без письма"})


def notification_view(row: Any) -> dict[str, Any]:
    details = row.details or {}
    return {
        "notification_id": row.notification_id,
        "kind": row.kind,
        "kind_ru": SUBJECT_WORD[NotificationKind(row.kind)],
        "subject": row.subject,
        "title": details.get("title", ""),
        "what": details.get("what", ""),
        "due": details.get("due", ""),
        "todo": details.get("todo", ""),
        "comment": details.get("comment", ""),
        "link": row.link,
        "created_at": row.created_at,
        "read": row.read_at is not None,
        "read_at": row.read_at,
        "on_behalf_of": {"user_id": row.on_behalf_of, "full_name": row.on_behalf_name} if row.on_behalf_of else None,
        "acting": row.acting,
        "escalation_id": row.escalation_id,
        "email": mail_state(row),
    }


async def unread_count(conn: AsyncConnection, user_id: str) -> int:
    query = select(func.count()).where(notifications.c.user_id == user_id, notifications.c.read_at.is_(None))
    return int((await conn.execute(query)).scalar_one())


async def notifications_of(
    conn: AsyncConnection, user_id: str, *, unread_only: bool = False, before: int | None = None, limit: int = PAGE
) -> dict[str, Any]:
    """The person's notifications, newest first, a page at a time (``before``: the position the page starts
    below), and how many are unread."""
    query = _delivered().where(notifications.c.user_id == user_id)
    if unread_only:
        query = query.where(notifications.c.read_at.is_(None))
    if before is not None:
        query = query.where(notifications.c.position < before)
    query = query.order_by(notifications.c.position.desc(), notifications.c.notification_id).limit(limit + 1)
    rows = (await conn.execute(query)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "unread": await unread_count(conn, user_id),
        "items": [notification_view(row) for row in rows],
        "next_before": rows[-1].position if more and rows else None,
    }


def _told_view(row: Any) -> dict[str, Any]:
    return {
        "user_id": row.user_id,
        "full_name": row.full_name,
        "on_behalf_of": {"user_id": row.on_behalf_of, "full_name": row.on_behalf_name} if row.on_behalf_of else None,
        "acting": row.acting,
        "read": row.read_at is not None,
        "email": mail_state(row),
    }


def _told_query() -> Select[Any]:
    return (
        _delivered()
        .add_columns(users.c.full_name)
        .outerjoin(users, users.c.id == notifications.c.user_id)
        .order_by(users.c.full_name, notifications.c.notification_id)
    )


async def told_of_escalations(conn: AsyncConnection, escalation_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Who was told of each escalation step, and what reached each of them."""
    ids = list(dict.fromkeys(escalation_ids))
    told: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return told
    rows = (await conn.execute(_told_query().where(notifications.c.escalation_id.in_(ids)))).all()
    for row in rows:
        told[row.escalation_id].append(_told_view(row))
    return told


async def told_of_events(conn: AsyncConnection, positions: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Who was told of each event (by its global position) — its task arrivals aside — and what reached them."""
    wanted = list(dict.fromkeys(positions))
    told: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not wanted:
        return told
    query = _told_query().where(notifications.c.position.in_(wanted), notifications.c.cause != "task")
    for row in (await conn.execute(query)).all():
        told[row.position].append(_told_view(row))
    return told


def told_words(told: list[dict[str, Any]]) -> str:
    """«Сообщено: Иванова Анна Петровна (письмо отправлено …); Петров Петр (замещение: Сидорова Мария; …)»."""
    people = []
    for person in told:
        marks = []
        if person["on_behalf_of"]:
            marks.append(f"замещение: {person['on_behalf_of']['full_name']}")
        if person["acting"]:
            marks.append("И.О.")
        marks.append(person["email"]["text"])
        people.append(f"{person['full_name']} ({'; '.join(marks)})")
    return "Сообщено: " + "; ".join(people) + "." if people else ""


async def mail_overview(conn: AsyncConnection, limit: int = 100) -> dict[str, Any]:
    """For the administrator: e-mail waiting (with its attempts and last error) and e-mail refused for good."""
    waiting = (
        select(mail_outbox, notifications.c.subject, users.c.full_name)
        .outerjoin(notifications, notifications.c.notification_id == mail_outbox.c.notification_id)
        .outerjoin(users, users.c.id == notifications.c.user_id)
        .order_by(mail_outbox.c.created_at, mail_outbox.c.notification_id)
        .limit(limit)
    )
    failed = (
        select(mail_log, notifications.c.subject, users.c.full_name)
        .outerjoin(notifications, notifications.c.notification_id == mail_log.c.notification_id)
        .outerjoin(users, users.c.id == notifications.c.user_id)
        .where(mail_log.c.outcome == "failed")
        .order_by(mail_log.c.finished_at.desc(), mail_log.c.notification_id)
        .limit(limit)
    )
    counts = select(
        select(func.count()).select_from(mail_outbox).scalar_subquery(),
        select(func.count()).select_from(mail_log).where(mail_log.c.outcome == "sent").scalar_subquery(),
        select(func.count()).select_from(mail_log).where(mail_log.c.outcome == "failed").scalar_subquery(),
    )
    queued, sent, refused = (await conn.execute(counts)).one()
    return {
        "counts": {"waiting": queued, "sent": sent, "failed": refused},
        "waiting": [
            {
                "notification_id": row.notification_id,
                "subject": row.subject,
                "to": row.to_address,
                "full_name": row.full_name,
                "attempts": row.attempts,
                "last_error": row.last_error,
                "next_attempt_at": row.next_attempt_at,
                "queued_at": row.created_at,
            }
            for row in (await conn.execute(waiting)).all()
        ],
        "failed": [
            {
                "notification_id": row.notification_id,
                "subject": row.subject,
                "to": row.to_address,
                "full_name": row.full_name,
                "attempts": row.attempts,
                "error": row.error,
                "queued_at": row.queued_at,
                "failed_at": row.finished_at,
            }
            for row in (await conn.execute(failed)).all()
        ],
    }
