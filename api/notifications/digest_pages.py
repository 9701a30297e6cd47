"""The page of a daily digest (``/notifications/digests/{day}``), where the digest's notification and its e-mail
lead: the signed-in person's digest of that day, read like ``GET /api/notifications/digests/{day}``."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access.session import SessionDep
from api.notifications.digest_routes import digest_view, not_found
from api.problems import Problem
from api.runtime import RuntimeDep
from api.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/notifications/digests/{day}")
async def digest_page(day: str, request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    try:
        wanted = date.fromisoformat(day[:10])
    except ValueError:
        raise Problem(404, "digest_not_found", "Сводка не найдена.") from None
    async with runtime.reads.connect() as conn:
        found = await digest_view(conn, session.principal.user_id, wanted)
    if found is None:
        raise not_found(wanted)
    return render(request, "notifications/digest.html", title=f"Сводка на {wanted:%d.%m.%Y}", digest=found)
