"""Who manages a region's webhooks: the administrator (everything) and the Department, by a grant of the region or
of everything (an acting official and a substitute hold it too). Anyone else is refused the section (403); an
endpoint of a region the caller does not manage answers like one that does not exist (404)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.problems import Problem
from api.tables import regions
from domain.people import Role, ScopeKind

MANAGERS = (Role.ADMIN, Role.DEPARTMENT)
FORBIDDEN_RU = "Вебхуки настраивают администратор и Департамент."
ENDPOINT_NOT_FOUND_RU = "Адрес вебхуков не найден."
REGION_NOT_FOUND_RU = "Регион не найден."


def require_manager(principal: Principal) -> None:
    if not principal.has_role(*MANAGERS):
        raise Problem(403, "forbidden", FORBIDDEN_RU)


def manages(principal: Principal, region_id: str) -> bool:
    return any(
        grant.role in MANAGERS
        and (
            grant.scope_kind == ScopeKind.GLOBAL
            or (grant.scope_kind == ScopeKind.REGION and grant.scope_id == region_id)
        )
        for grant in principal.grants
    )


async def managed_regions(conn: AsyncConnection, principal: Principal) -> list[Any]:
    """The regions whose webhooks the caller manages (id, name), by id."""
    rows = (await conn.execute(select(regions.c.id, regions.c.name).order_by(regions.c.id))).all()
    return [row for row in rows if manages(principal, row.id)]


def endpoint_not_found() -> Problem:
    return Problem(404, "not_found", ENDPOINT_NOT_FOUND_RU)
