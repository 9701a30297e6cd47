"""Escalations the caller may see, open and closed, with level, since when and who was told."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from api.access.deps import PrincipalDep
from api.notifications.service import told_of_escalations
from api.obligations.views import escalation_view
from api.runtime import RuntimeDep
from api.sites.service import load_site, regulation_of
from api.tables import escalations

router = APIRouter(tags=["escalations"])


@router.get("/api/escalations", summary="Эскалации по видимым площадкам")
async def list_escalations(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    site_id: Annotated[str | None, Query(max_length=32)] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    open_only: Annotated[bool, Query(alias="open")] = False,
) -> list[dict[str, Any]]:
    query = select(escalations).order_by(escalations.c.raised_at, escalations.c.escalation_id)
    if site_id is not None:
        query = query.where(escalations.c.site_id == site_id)
    if year is not None:
        query = query.where(escalations.c.year == year)
    if open_only:
        query = query.where(escalations.c.resolved_at.is_(None))
    visible: dict[str, str | None] = {}  # a visible site's regulation, None for one the caller may not see
    result = []
    async with runtime.engine.connect() as conn:
        for row in (await conn.execute(query)).all():
            if row.site_id not in visible:
                site = await load_site(conn, row.site_id)
                readable = site is not None and principal.can_read(site)
                visible[row.site_id] = await regulation_of(conn, row.site_id) if readable else None
            if (regulation_id := visible[row.site_id]) is not None:
                result.append(escalation_view(row, regulation_id))  # roles named as the site's regulation names them
        told = await told_of_escalations(conn, [e["escalation_id"] for e in result])
    for escalation in result:
        escalation["told"] = told.get(escalation["escalation_id"], [])  # the people told, and what reached them
    return result
