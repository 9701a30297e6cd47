"""The escalations list of a region (``GET /api/region/escalations``): escalations on the sites the caller may
see, filtered and paged, newest first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.obligations.views import escalation_view
from api.region.access import readable_sites
from api.region.schemas import EscalationItem
from api.tables import escalations, sites
from domain.escalation import EscalationLevel


@dataclass(frozen=True)
class EscalationFilter:
    region_id: str | None = None
    year: int | None = None
    site_id: str | None = None
    level: EscalationLevel | None = None
    open: bool | None = None
    since: datetime | None = None


def _escalation_conditions(principal: Principal, wanted: EscalationFilter) -> list[ColumnElement[bool]]:
    conditions = [readable_sites(principal)]
    if wanted.region_id is not None:
        conditions.append(sites.c.region_id == wanted.region_id)
    if wanted.year is not None:
        conditions.append(escalations.c.year == wanted.year)
    if wanted.site_id is not None:
        conditions.append(escalations.c.site_id == wanted.site_id)
    if wanted.level is not None:
        conditions.append(escalations.c.level == wanted.level.value)
    if wanted.open is not None:
        resolved = escalations.c.resolved_at
        conditions.append(resolved.is_(None) if wanted.open else resolved.is_not(None))
    if wanted.since is not None:
        since = wanted.since if wanted.since.tzinfo else wanted.since.replace(tzinfo=UTC)
        conditions.append(escalations.c.raised_at >= since)
    return conditions


def _escalations_of_sites() -> Any:
    return escalations.join(sites, sites.c.id == escalations.c.site_id)


async def escalation_total(conn: AsyncConnection, principal: Principal, wanted: EscalationFilter) -> int:
    query = select(func.count()).select_from(_escalations_of_sites()).where(*_escalation_conditions(principal, wanted))
    return int((await conn.execute(query)).scalar_one())


async def escalation_page(
    conn: AsyncConnection, principal: Principal, wanted: EscalationFilter, page: int, per_page: int
) -> list[Any]:
    """Newest first: what was raised last is what the reader acts on."""
    query = (
        select(escalations, sites.c.regulation_id)
        .select_from(_escalations_of_sites())
        .where(*_escalation_conditions(principal, wanted))
        .order_by(escalations.c.raised_at.desc(), escalations.c.escalation_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list((await conn.execute(query)).all())


def escalation_items(
    rows: Sequence[Any], told: Mapping[str, list[dict[str, Any]]] | None = None
) -> list[EscalationItem]:
    """The page's rows as the obligation views show escalations, with the people told of each (``told``)."""
    return [
        EscalationItem.model_validate(
            {
                **escalation_view(row, getattr(row, "regulation_id", None)),
                "told": (told or {}).get(row.escalation_id, []),
            }
        )
        for row in rows
    ]
