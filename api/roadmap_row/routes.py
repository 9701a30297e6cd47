"""The dated rows of a cycle's roadmap (D42–D45). Marking one done is a command on its obligation
(``POST …/obligations/roadmap_row/{instance}/done``, in ``api.obligations.routes``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.access.deps import PrincipalDep
from api.paths import Year
from api.roadmap_row.service import readable_dated_rows
from api.runtime import RuntimeDep

router = APIRouter(tags=["cycles"])


@router.get(
    "/api/sites/{site_id}/cycles/{year}/dated-rows",
    summary="Мероприятия дорожной карты со сроком: срок, состояние, отметка о выполнении",
)
async def get_dated_rows(
    site_id: str, year: Year, runtime: RuntimeDep, principal: PrincipalDep
) -> list[dict[str, Any]]:
    """Each date of each dated row of the approved roadmap (D42), with its due date and state; ``done`` says when it
    was done and whether the site marked it or a quarterly report said so (D44)."""
    async with runtime.engine.connect() as conn:
        return await readable_dated_rows(conn, principal, site_id, year)
