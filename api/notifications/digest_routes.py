"""The daily digest over HTTP: the caller's digest of a day (``GET /api/notifications/digests/{day}``). The
digests are composed and sent at the worker's request by ``api/digests.py``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.deps import PrincipalDep
from api.notifications.digest_projection import digest_notification_id
from api.problems import Problem
from api.runtime import RuntimeDep
from api.tables import notifications

router = APIRouter(tags=["notifications"])
Day = Annotated[date, Path(description="День сводки (в часовом поясе региона)")]


class DigestLine(BaseModel):
    title: str
    site_id: str
    what: str = Field(description="Что сделать, или что произошло")
    due: date | None
    note: str
    link: str = Field(description="Страница в веб-интерфейсе")
    new: bool = Field(description="Задача поступила после прошлой сводки")


class DigestPartView(BaseModel):
    section: str = Field(description="overdue | due_this_week | waiting | escalations | reminders")
    title: str
    total: int
    more: int = Field(description="Сколько еще, сверх перечисленных")
    items: list[DigestLine]


class DigestView(BaseModel):
    day: date
    notification_id: str
    subject: str
    what: str
    read: bool
    parts: list[DigestPartView]


def not_found(day: date) -> Problem:
    return Problem(404, "digest_not_found", f"Сводки на {day:%d.%m.%Y} нет.")


async def digest_view(conn: AsyncConnection, user_id: str, day: date) -> dict[str, Any] | None:
    """The person's digest of ``day`` as its notification keeps it; None when there was none."""
    query = select(notifications).where(
        notifications.c.notification_id == digest_notification_id(user_id, day), notifications.c.user_id == user_id
    )
    row = (await conn.execute(query)).one_or_none()
    if row is None:
        return None
    details = row.details or {}
    return {
        "day": day,
        "notification_id": row.notification_id,
        "subject": row.subject,
        "what": details.get("what", ""),
        "read": row.read_at is not None,
        "parts": details.get("digest", {}).get("parts", []),
    }


@router.get(
    "/api/notifications/digests/{day}",
    summary="Моя ежедневная сводка за день",
    response_model=DigestView,
    responses={404: {"description": "Сводки на этот день нет"}},
)
async def my_digest(runtime: RuntimeDep, principal: PrincipalDep, day: Day) -> DigestView:
    async with runtime.reads.connect() as conn:
        found = await digest_view(conn, principal.user_id, day)
    if found is None:
        raise not_found(day)
    return DigestView.model_validate(found)
