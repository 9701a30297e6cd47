"""The notifications projection, in the transaction of the append that causes them: the notices of an append
(``notices.py``) resolved to people and written with their e-mails in ONE statement.

Who is told is decided by the grants in force on the day of the cause (in the region's zone): the holders of the
notice's roles whose grant covers the obligation's site (everything, its region, direction, the site itself or its
institution; an institution's own forms, D34, that institution), and the person a task is assigned to. An absent
person's substitute (замещение in force that day) is told instead of them, marked with whom they stand in for
(«замещение: …»); an acting official (И.О.) is told what the post is told, marked as acting. One notification per
person and cause: their own before one on a colleague's behalf.

An append that tells nobody costs nothing here: whether it may tell anybody is decided from its event types and
the tasks it opened, without a query. One that does is one ``INSERT … SELECT`` over the notices passed as one
JSON parameter (``jsonb_to_recordset``), its statement built once, whose CTE writes ``mail_outbox`` for each person
who takes that kind of e-mail at once. A replay of the log (a rebuild, innocycle verify) writes the notifications
again and no e-mail.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.projection import replaying
from api.eventlog.store import EventProjector, StoredEvent
from api.notifications.notices import OBLIGATION_FIELDS, Notice, event_notices, notifying, task_notices
from api.tables import notification_settings, notifications, obligations, regions, sites
from domain.common import DomainEvent
from domain.notifications import NotificationKind, NotificationPreferencesSet, NotificationsRead


@dataclass(frozen=True)
class Place:
    """Where a site sits (never changes): the scopes a grant may cover, and the region's zone."""

    region_id: str
    direction_id: str
    institution_id: str
    zone: ZoneInfo


_PLACES: dict[str, Place] = {}


async def place_of(conn: AsyncConnection, site_id: str) -> Place | None:
    if site_id in _PLACES:
        return _PLACES[site_id]
    if site_id.startswith("region:"):
        region_id = site_id.split(":", 1)[1]
        zone = (await conn.execute(select(regions.c.timezone).where(regions.c.id == region_id))).scalar_one_or_none()
        place = Place(region_id, "", "", ZoneInfo(zone)) if zone else None
    else:
        row = (
            await conn.execute(
                select(sites.c.region_id, sites.c.direction_id, sites.c.institution_id, regions.c.timezone)
                .join(regions, regions.c.id == sites.c.region_id)
                .where(sites.c.id == site_id)
            )
        ).one_or_none()
        place = Place(row.region_id, row.direction_id, row.institution_id, ZoneInfo(row.timezone)) if row else None
    if place is not None:
        _PLACES[site_id] = place
    return place


_NOTIFY = text(
    """
WITH notice AS (
  SELECT * FROM jsonb_to_recordset(CAST(:notices AS jsonb)) AS n(
    key text, kind text, cause text, position bigint, obligation_id text, site_id text, escalation_id text,
    task_id text, subject text, details jsonb, link text, created_at timestamptz, day date, roles text,
    assignee text, region_id text, direction_id text, institution_id text, pref text)
),
holder AS (
  SELECT n.key, g.user_id, bool_and(g.acting) AS acting
  FROM notice n
  JOIN grants g ON g.role = ANY (string_to_array(n.roles, ','))
   AND (g.valid_from IS NULL OR g.valid_from <= n.day)
   AND (g.valid_until IS NULL OR g.valid_until >= n.day)
   AND (g.scope_kind = 'global'
        OR (g.scope_kind = 'region' AND g.scope_id = n.region_id)
        OR (g.scope_kind = 'direction' AND g.scope_id = n.direction_id)
        OR (g.scope_kind = 'site' AND g.scope_id = n.site_id)
        OR (g.scope_kind = 'institution' AND g.scope_id = n.institution_id))
  GROUP BY n.key, g.user_id
  UNION ALL
  SELECT n.key, CAST(n.assignee AS uuid), false FROM notice n WHERE n.assignee IS NOT NULL
),
told AS (
  SELECT h.key, coalesce(s.substitute_user_id, h.user_id) AS user_id,
         CASE WHEN s.substitute_user_id IS NULL THEN NULL ELSE h.user_id END AS on_behalf_of,
         CASE WHEN s.substitute_user_id IS NULL THEN NULL ELSE u.full_name END AS on_behalf_name,
         h.acting
  FROM holder h
  JOIN notice n ON n.key = h.key
  JOIN users u ON u.id = h.user_id AND u.active
  LEFT JOIN LATERAL (
    SELECT s.substitute_user_id
    FROM substitutions s JOIN users su ON su.id = s.substitute_user_id AND su.active
    WHERE s.absent_user_id = h.user_id AND s.starts_on <= n.day AND s.ends_on >= n.day
      AND (s.cancelled_at IS NULL OR s.cancelled_at > n.created_at)
    ORDER BY s.starts_on DESC, s.created_at DESC
    LIMIT 1
  ) s ON true
),
one AS (
  SELECT DISTINCT ON (key, user_id) key, user_id, on_behalf_of, on_behalf_name, acting
  FROM told
  ORDER BY key, user_id, on_behalf_of IS NOT NULL, acting
),
inserted AS (
  INSERT INTO notifications (notification_id, user_id, on_behalf_of, on_behalf_name, acting, kind, cause, position,
                             obligation_id, site_id, escalation_id, task_id, subject, details, link, created_at, email)
  SELECT n.key || ':' || o.user_id, o.user_id, o.on_behalf_of, o.on_behalf_name, o.acting, n.kind, n.cause,
         n.position, n.obligation_id, n.site_id, n.escalation_id, n.task_id, n.subject, n.details,
         n.link, n.created_at,
         CASE WHEN coalesce(p.email, '') = '' THEN 'no_address'
              WHEN n.pref = 'reminders' THEN p.reminders
              WHEN n.pref = 'tasks' THEN p.tasks
              ELSE 'immediate' END
  FROM one o
  JOIN notice n ON n.key = o.key
  LEFT JOIN notification_settings p ON p.user_id = o.user_id
  RETURNING notification_id, user_id, email
)
INSERT INTO mail_outbox (notification_id, message_id, to_address, next_attempt_at, created_at)
SELECT i.notification_id, '<' || md5(i.notification_id) || '.notification@innocycle>', p.email, now(), now()
FROM inserted i
JOIN notification_settings p ON p.user_id = i.user_id
WHERE i.email = 'immediate' AND CAST(:live AS boolean)
"""
)

_OBLIGATION = select(*(obligations.c[name] for name in OBLIGATION_FIELDS))


async def _obligation(conn: AsyncConnection, stream_id: str, handed: Any) -> Any:
    if handed is not None and all(hasattr(handed, name) for name in OBLIGATION_FIELDS):
        return handed
    query = _OBLIGATION.where(obligations.c.obligation_id == stream_id)
    return (await conn.execute(query)).one_or_none()


async def notify(
    conn: AsyncConnection, batch: Sequence[StoredEvent], handed: Any, opened: Sequence[dict[str, Any]]
) -> None:
    """Tell the people an append concerns: its events' notices and the tasks it opened (``opened``, rows of
    ``tasks``). ``handed`` is the obligation's row as the append left it, when a projector returned it."""
    notices: list[Notice] = []
    if notifying(batch):
        row = await _obligation(conn, batch[-1].stream_id, handed)
        if row is not None:
            notices = event_notices(batch, row)
    if opened:
        told = any(n.kind in (NotificationKind.RETURNED, NotificationKind.DECISION) for n in notices)
        notices += task_notices(opened, batch[-1].global_position, told)
    if notices:
        await write(conn, notices)


async def write(conn: AsyncConnection, notices: Sequence[Notice]) -> None:
    """Resolve ``notices`` to people and write their notifications and e-mails: one statement."""
    placed = []
    for notice in notices:
        if notice.region_id and notice.timezone:
            place: Place | None = Place(notice.region_id, "", notice.institution_id or "", ZoneInfo(notice.timezone))
        else:
            place = await place_of(conn, notice.site_id)
        if place is not None and (notice.roles or notice.assignee):
            placed.append((notice, place))
    if not placed:
        return
    notices_json = [
        {
            "key": n.key,
            "kind": n.kind.value,
            "cause": n.cause,
            "position": n.position,
            "obligation_id": n.obligation_id,
            "site_id": n.site_id,
            "escalation_id": n.escalation_id,
            "task_id": n.task_id,
            "subject": n.subject,
            "details": n.details,
            "link": n.link,
            "created_at": n.created_at.isoformat(),
            "day": n.created_at.astimezone(p.zone).date().isoformat(),
            "roles": ",".join(n.roles),
            "assignee": n.assignee,
            "region_id": p.region_id,
            "direction_id": p.direction_id,
            "institution_id": n.institution_id or p.institution_id,
            "pref": n.preference.value,
        }
        for n, p in placed
    ]
    # One JSON parameter, not twenty arrays: adapting the arrays cost more than the statement itself (bench command).
    notices_param = json.dumps(notices_json, ensure_ascii=False, default=str)
    await conn.execute(_NOTIFY, {"notices": notices_param, "live": not replaying()})


async def on_read(conn: AsyncConnection, stored: StoredEvent, event: NotificationsRead) -> None:
    await conn.execute(
        notifications.update()
        .where(
            notifications.c.user_id == event.user_id,
            notifications.c.notification_id.in_(event.notification_ids),
            notifications.c.read_at.is_(None),
        )
        .values(read_at=event.occurred_at)
    )


async def on_preferences(conn: AsyncConnection, stored: StoredEvent, event: NotificationPreferencesSet) -> None:
    values = {
        "email": event.email,
        "reminders": event.reminders.value,
        "tasks": event.tasks.value,
        "changed_at": event.occurred_at,
    }
    await conn.execute(
        insert(notification_settings)
        .values(user_id=event.user_id, **values)
        .on_conflict_do_update(index_elements=[notification_settings.c.user_id], set_=values)
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    NotificationsRead: on_read,
    NotificationPreferencesSet: on_preferences,
}
