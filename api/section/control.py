"""The ОМЦ's control of a region's sections (000:66): who may see it, and the view read from the ``obligations``
projection of the region's sections, base organisations and ОМЦ — decided by ``domain.section.control``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.problems import Problem
from api.tables import directions, obligations, regions, sites
from domain.deadlines import local_date
from domain.people import Role, ScopeKind
from domain.section.control import MEETINGS, PLAN, REPORTS, ObligationLine, control
from domain.sites import SiteStatus

# Who controls the sections of a region: the ОМЦ (its head and specialists), the Ministry, the administrator.
CONTROLLERS = (Role.RCRSO_DIRECTOR, Role.CURATOR, Role.DEPARTMENT)


def may_control(principal: Principal, region_id: str) -> bool:
    return any(
        g.role == Role.ADMIN or (g.role in CONTROLLERS and g.scope_kind == ScopeKind.REGION and g.scope_id == region_id)
        for g in principal.grants
    )


async def control_view(
    conn: AsyncConnection, principal: Principal, region_id: str, year: int, on: date | None = None
) -> dict[str, Any]:
    zone = (await conn.execute(select(regions.c.timezone).where(regions.c.id == region_id))).scalar_one_or_none()
    if zone is None or not may_control(principal, region_id):
        raise Problem(404, "not_found", "Сводка по методическим секциям региона недоступна.")
    today = on or local_date(datetime.now(UTC), zone)
    named = (
        select(sites.c.id, sites.c.status, directions.c.title)
        .join(directions, directions.c.id == sites.c.direction_id)
        .where(sites.c.region_id == region_id)
    )
    rows = (await conn.execute(named)).all()
    names = {row.id: row.title for row in rows}
    sections = sorted(
        ((row.id, row.title) for row in rows if row.status == SiteStatus.METHODOLOGICAL_SECTION),
        key=lambda s: s[1],
    )
    lines = [
        ObligationLine(
            site_id=row.site_id,
            site_name=names[row.site_id],
            key=row.key,
            instance=row.instance,
            status=row.status,
            effective_due=row.effective_due,
        )
        for row in await conn.execute(
            select(
                obligations.c.site_id,
                obligations.c.key,
                obligations.c.instance,
                obligations.c.status,
                obligations.c.effective_due,
            ).where(
                obligations.c.site_id.in_(list(names)),
                obligations.c.year == year,
                obligations.c.key.in_([PLAN, MEETINGS, *REPORTS]),
            )
        )
    ]
    view = control(year, sections, lines, today)
    return {"region_id": region_id, "on": today, **view.model_dump(mode="json")}
