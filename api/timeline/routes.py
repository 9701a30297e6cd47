"""The history of a cycle: who did what and when, in words (``…/timeline``), and every obligation as it stood at
a past date or instant (``…/state?at=``). Both read the event log, not the projections."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.deps import PrincipalDep
from api.paths import Year
from api.problems import Problem
from api.runtime import RuntimeDep
from api.sites.service import regulation_of, visible_site
from api.timeline import history
from domain.deadlines import end_of_day
from domain.regulations.catalog import regulation

router = APIRouter(tags=["history"])


AT_HELP = (
    "Дата (ГГГГ-ММ-ДД — на конец этого дня по местному времени региона) или момент с часовым поясом "
    "(ГГГГ-ММ-ДДTЧЧ:ММ[:СС]+05:00 или …Z)"
)


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
            raise bad_at("ожидается дата ГГГГ-ММ-ДД или дата и время с часовым поясом") from None
        return end_of_day(day, timezone) - timedelta(microseconds=1)
    instant = parse_instant(raw)
    if instant is None:
        raise bad_at("ожидается дата ГГГГ-ММ-ДД или дата и время с часовым поясом")
    if instant.tzinfo is None:
        raise bad_at("укажите часовой пояс, например 2027-03-01T12:00:00+05:00")
    return instant


@router.get("/api/sites/{site_id}/cycles/{year}/timeline", summary="Хронология цикла: кто, что и когда сделал")
async def get_timeline(
    site_id: str,
    year: Year,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Сколько записей вернуть")] = 200,
    after: Annotated[int, Query(ge=0, description="Позиция в журнале, после которой продолжить (next_after)")] = 0,
    obligation: Annotated[
        str | None, Query(min_length=1, max_length=300, description="Только эта обязанность (её идентификатор)")
    ] = None,
) -> dict[str, Any]:
    """Every event of the cycle and of its obligations in the order they were recorded, each as a sentence, with
    its business time in the region's local time."""
    async with runtime.engine.connect() as conn:
        await visible_site(conn, principal, site_id)
        timezone = await region_timezone(conn, site_id)
        return await history.timeline(conn, site_id, year, timezone, after=after, limit=limit, obligation=obligation)


@router.get("/api/sites/{site_id}/cycles/{year}/state", summary="Состояние цикла на дату в прошлом")
async def get_state(
    site_id: str,
    year: Year,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    at: Annotated[str, Query(min_length=10, max_length=40, description=AT_HELP)],
) -> dict[str, Any]:
    """The cycle's status and every obligation's status, deadline, submissions and open escalations as they
    were at ``at``, folded from the events recorded by then."""
    async with runtime.engine.connect() as conn:
        await visible_site(conn, principal, site_id)
        timezone = await region_timezone(conn, site_id)
        return await history.state_as_of(conn, site_id, year, as_of(at, timezone), timezone)
