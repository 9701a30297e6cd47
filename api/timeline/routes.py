"""The history of a cycle: who did what and when, in words (``…/timeline``), and every obligation as it stood at
a past date or instant (``…/state?at=``). Both read the event log, not the projections."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.access.deps import PrincipalDep
from api.paths import Year
from api.runtime import RuntimeDep
from api.timeline import service

router = APIRouter(tags=["history"])


AT_HELP = (
    "Дата (ГГГГ-ММ-ДД — на конец этого дня по местному времени региона) или момент с часовым поясом "
    "(ГГГГ-ММ-ДДTЧЧ:ММ[:СС]+05:00 или …Z)"
)


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
        return await service.cycle_timeline(
            conn, principal, site_id, year, after=after, limit=limit, obligation=obligation
        )


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
        return await service.cycle_state(conn, principal, site_id, year, at)
