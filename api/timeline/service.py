"""What the timeline's route and page share: who may read a cycle's history, the region's time zone, the instant
a given date or moment names, and the two readings of the log (``api.timeline.history``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.problems import Problem
from api.sites.service import regulation_of, visible_site
from api.timeline import history
from domain.deadlines import end_of_day
from domain.regulations.catalog import regulation

AT_FORMAT = "ожидается дата ГГГГ-ММ-ДД или дата и время с часовым поясом"


async def region_timezone(conn: AsyncConnection, site_id: str) -> str:
    """The time zone of the site's regulation: local days and times of the region."""
    return regulation(await regulation_of(conn, site_id)).timezone


def bad_at(message: str) -> Problem:
    return Problem(
        422, "invalid_request", f"Проверьте данные запроса — at: {message}.", [{"field": "at", "message": message}]
    )


def parse_instant(raw: str) -> datetime | None:
    """A datetime in ISO 8601; a '+' of the offset that arrived unencoded in the query string reads as a space."""
    for text in (raw, raw[::-1].replace(" ", "+", 1)[::-1]):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            continue
    return None


def as_of(raw: str, timezone: str) -> datetime:
    """The instant ``at`` names: a date means the end of that local day in the region (its last microsecond, so
    that everything of the day is in and nothing of the next)."""
    raw = raw.strip()
    if len(raw) == 10:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise bad_at(AT_FORMAT) from None
        return end_of_day(day, timezone) - timedelta(microseconds=1)
    instant = parse_instant(raw)
    if instant is None:
        raise bad_at(AT_FORMAT)
    if instant.tzinfo is None:
        raise bad_at("укажите часовой пояс, например 2027-03-01T12:00:00+05:00")
    return instant


async def cycle_timeline(
    conn: AsyncConnection,
    principal: Principal,
    site_id: str,
    year: int,
    *,
    after: int = 0,
    limit: int = 200,
    obligation: str | None = None,
) -> dict[str, Any]:
    """Every event of the cycle and of its obligations in the order they were recorded, each as a sentence, with
    its business time in the region's local time."""
    await visible_site(conn, principal, site_id)
    timezone = await region_timezone(conn, site_id)
    return await history.timeline(conn, site_id, year, timezone, after=after, limit=limit, obligation=obligation)


async def cycle_state(conn: AsyncConnection, principal: Principal, site_id: str, year: int, at: str) -> dict[str, Any]:
    """The cycle's status and every obligation's status, deadline, submissions and open escalations as they
    were at ``at`` (a date: the end of that local day), folded from the events recorded by then."""
    await visible_site(conn, principal, site_id)
    timezone = await region_timezone(conn, site_id)
    return await history.state_as_of(conn, site_id, year, as_of(at, timezone), timezone)
