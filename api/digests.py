"""The daily digest, composed and sent when the region's digest workflow asks (``POST
/internal/regions/{region_id}/digests``, at 09:00 in the region on a working day). It joins two contexts, the
notifications (``api/notifications``: the digest's projection, page and e-mail) and the inbox (``api/tasks``), so
it sits above both, like ``api/projections.py``: no context imports it (the inbox's context leads through the
obligations to the notifications, and an import of the inbox from there would close a loop).

For each active person with a grant in force in the region that day (their own, or held for an absent colleague,
замещение), or a grant over everything: their open tasks as their inbox has them (``api/tasks``), each overdue, due
this week or waiting; the escalations they were told of since their last digest; the reminders and task arrivals
they keep for the digest (``notifications.email = 'digest'``). The domain decides the sections and whether there is
anything to tell (``domain.notifications.compose_digest``); the digest is appended on its own stream
``digest:{user_id}:{day}`` with expected version 0 — a second run of the day (a retried activity, a restarted worker,
another replica) is refused by the store and sends nothing. The projection (``digest_projection.py``) writes the
notification, the ``digests`` row (its primary key is the same rule) and the e-mail, in the append's transaction.

The day is the region's, of the workflow's instant; the API's production calendar, with the administrator's
corrections, has the last word on whether it is a working day.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.deps import service_caller
from api.access.principal import Principal, load_principal
from api.calendar.service import calendar_for
from api.eventlog.log import EventLog
from api.eventlog.store import EventConflict, StreamConflict
from api.notifications.notices import page_of
from api.problems import Problem
from api.runtime import RuntimeDep
from api.section.commands import check_region_terms
from api.tables import regions
from api.tasks.inbox_query import InboxFilter, inbox_sql
from api.tasks.projection import KIND_RU
from domain.eventlog import new_event
from domain.notifications import (
    ESCALATION_KINDS,
    SUBJECT_WORD,
    DigestItem,
    DigestRun,
    DigestSection,
    NotificationKind,
    OpenTask,
    compose_digest,
    digest_stream,
    sort_tasks,
)

FIRST_LOOKBACK = timedelta(days=7)  # a first digest reports what came in the week before it
OVERLAP = timedelta(days=1)  # what came just before the last digest, yet after its reading, is not lost
INBOX = InboxFilter(state="open", sort="due", per_page=1000)

_PEOPLE = text(
    """
WITH holders AS (
  SELECT g.user_id
  FROM grants g
  LEFT JOIN sites s ON g.scope_kind = 'site' AND s.id = g.scope_id
  LEFT JOIN directions d ON g.scope_kind = 'direction' AND d.id = g.scope_id
  LEFT JOIN institutions i ON g.scope_kind = 'institution' AND i.id = g.scope_id
  WHERE (g.valid_from IS NULL OR g.valid_from <= :day) AND (g.valid_until IS NULL OR g.valid_until >= :day)
    AND (g.scope_kind = 'global' OR (g.scope_kind = 'region' AND g.scope_id = :region)
         OR s.region_id = :region OR d.region_id = :region OR i.region_id = :region)
),
standing_in AS (
  SELECT s.substitute_user_id AS user_id
  FROM substitutions s JOIN holders h ON h.user_id = s.absent_user_id
  WHERE s.cancelled_at IS NULL AND s.starts_on <= :day AND s.ends_on >= :day
)
SELECT u.id, EXISTS (SELECT 1 FROM digests dg WHERE dg.user_id = u.id AND dg.day = :day) AS has_digest
FROM users u
WHERE u.active AND u.id IN (SELECT user_id FROM holders UNION SELECT user_id FROM standing_in)
ORDER BY u.id
"""
)

_LAST = text("SELECT max(composed_at) FROM digests WHERE user_id = :user AND day < :day")

_SINCE = text(
    """
SELECT n.notification_id, n.kind, n.task_id, n.site_id, n.details, n.link
FROM notifications n
WHERE n.user_id = :user AND n.created_at > :since AND n.created_at <= :at
  AND (n.kind = ANY(:escalations) OR (n.email = 'digest' AND n.kind IN ('reminder', 'task')))
  AND NOT EXISTS (
    SELECT 1 FROM digests d
    WHERE d.user_id = n.user_id AND d.day >= CAST(:since AS date) - 1 AND n.notification_id = ANY(d.reported)
  )
ORDER BY n.position, n.notification_id
"""
)


async def zone_of(conn: AsyncConnection, region_id: str) -> ZoneInfo | None:
    name = (await conn.execute(select(regions.c.timezone).where(regions.c.id == region_id))).scalar_one_or_none()
    return ZoneInfo(name) if name else None


async def open_tasks(conn: AsyncConnection, principal: Principal, at: datetime) -> list[tuple[str, OpenTask]]:
    """The person's open tasks with their ids, as their inbox has them — those a colleague took aside."""
    page_sql, _, params = inbox_sql(principal, INBOX, at)
    mine = {principal.user_id, *principal.substituting}
    found = []
    for row in (await conn.exec_driver_sql(page_sql, params)).all():
        if row.assignee_id is not None and str(row.assignee_id) not in mine:
            continue
        item = DigestItem(
            title=row.title,
            site_id=row.site_id,
            what=KIND_RU.get(row.kind.split(":", 1)[0], row.kind),
            due=row.due_effective,
            link=page_of(row.site_id, row.year, row.key, row.instance),
        )
        found.append((row.task_id, OpenTask(item=item, due_ends_at=row.due_ends_at)))
    return found


def _reported_again(row: Any) -> DigestItem:
    details = row.details or {}
    due = details.get("due", "")
    title = " ".join(part for part in (details.get("title", ""), details.get("period", "")) if part)
    return DigestItem(
        title=title,
        site_id=row.site_id or "",
        what=SUBJECT_WORD[NotificationKind(row.kind)].lower(),  # «просрочено», «эскалация 2-го уровня»
        note=f"срок {due}" if due else "",
        link=row.link,
    )


async def digest_of(
    conn: AsyncConnection, principal: Principal, region_id: str, day: date, at: datetime
) -> tuple[dict[DigestSection, list[DigestItem]], list[str]]:
    """The sections of the person's digest of ``day`` and the notifications it reports."""
    last = (await conn.execute(_LAST, {"user": principal.user_id, "day": day})).scalar_one_or_none()
    since = (last or at - FIRST_LOOKBACK) - OVERLAP
    kinds = sorted(kind.value for kind in ESCALATION_KINDS)
    params = {"user": principal.user_id, "since": since, "at": at, "escalations": kinds}
    came = (await conn.execute(_SINCE, params)).all()
    arrived = {row.task_id for row in came if row.kind == NotificationKind.TASK and row.task_id}
    tasks = []
    for task_id, task in await open_tasks(conn, principal, at):
        tasks.append(
            task.model_copy(update={"item": task.item.model_copy(update={"new": True})}) if task_id in arrived else task
        )
    sections = sort_tasks(tasks, at, day)
    sections[DigestSection.ESCALATIONS] = [_reported_again(r) for r in came if r.kind in ESCALATION_KINDS]
    sections[DigestSection.REMINDERS] = [_reported_again(r) for r in came if r.kind == NotificationKind.REMINDER]
    return sections, [row.notification_id for row in came]


async def send_digests(eventlog: EventLog, region_id: str, at: datetime, timezone: str = "") -> DigestRun:
    """The digests of the region's day ``at`` falls on: one a person, none on a day off, nothing more the second
    time. The region's zone is its row's; ``timezone`` (the workflow's) stands for a region not in the table, where
    nobody holds a grant and nothing is sent."""
    async with eventlog.engine.connect() as conn:
        zone = await zone_of(conn, region_id) or (ZoneInfo(timezone) if timezone else None)
        if zone is None:
            raise LookupError(region_id)
        day = at.astimezone(zone).date()
        calendar = await calendar_for(conn, [day.year])
        run = DigestRun(region_id=region_id, day=day, working_day=calendar.is_working_day(day))
        if not run.working_day:
            return run
        people = (await conn.execute(_PEOPLE, {"day": day, "region": region_id})).all()
    for person in people:
        if person.has_digest:
            run.already += 1
            continue
        async with eventlog.engine.connect() as conn:
            principal = await load_principal(conn, str(person.id), day)
            if principal is None:
                continue
            sections, reported = await digest_of(conn, principal, region_id, day, at)
        event = compose_digest(principal.user_id, region_id, day, at, sections, reported)
        if event is None:
            run.nothing += 1
            continue
        try:
            await eventlog.append(digest_stream(principal.user_id, day), 0, [new_event(event, str(uuid.uuid4()), {})])
        except (StreamConflict, EventConflict):
            run.already += 1  # another run of the day was first
            continue
        run.sent += 1
    return run


# For the worker only (service token): the region's digest workflow asks for the digests of its morning.
internal_router = APIRouter(prefix="/internal", tags=["internal"], dependencies=[Depends(service_caller)])
RegionId = Annotated[str, Path(max_length=16, pattern=r"^[0-9A-Za-z._:-]+$", description="Регион, например 86")]


class DigestAt(BaseModel):
    at: datetime  # the workflow's instant: 09:00 in the region
    timezone: str = Field(default="", max_length=64, description="The region's zone as the workflow knows it")


@internal_router.post(
    "/regions/{region_id}/digests",
    response_model=DigestRun,
    summary="Compose and send the daily digests of a region's day (the region's digest workflow)",
)
async def region_digests(region_id: RegionId, body: DigestAt, runtime: RuntimeDep) -> DigestRun:
    """As of the workflow's instant; nothing on a day off; a second call of the day sends nothing more. First the
    terms of the region's methodological sections' own tasks (api/section, D17) are checked, so that an escalation
    raised this morning is in this morning's digest."""
    await check_region_terms(runtime, region_id, body.at)
    try:
        return await send_digests(runtime.eventlog, region_id, body.at, body.timezone)
    except (LookupError, ValueError):  # no such region, and no zone given (or no such zone)
        raise Problem(404, "region_not_found", "Регион не найден.") from None
