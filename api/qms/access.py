"""Who is who in a unit's document control: the roles a person holds on the unit's institution (a grant for
everything, for the institution's region or for the institution itself covers it), whether they may read its register
(a signatory, an employee of the unit or the administrator; nobody of the innovation programme by that alone), and
the acting person as the domain wants them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.problems import Problem
from api.tables import qms_staff, qms_units
from domain.common import Actor
from domain.people import Grant, Role, ScopeKind
from domain.qms.model import READERS

UNIT_NOT_FOUND = "Отделение не найдено."


def _covers(grant: Grant, institution_id: str, region_id: str) -> bool:
    match grant.scope_kind:
        case ScopeKind.GLOBAL:
            return True
        case ScopeKind.REGION:
            return grant.scope_id == region_id
        case ScopeKind.INSTITUTION:
            return grant.scope_id == institution_id
    return False


def covering(principal: Principal, unit: Any) -> list[Grant]:
    return [g for g in principal.grants if _covers(g, unit.institution_id, unit.region_id)]


def actor_in(principal: Principal, unit: Any) -> Actor:
    grants = covering(principal, unit)
    own = {g.role for g in grants if not g.acting and not g.on_behalf_of}
    return Actor(
        user_id=principal.user_id,
        full_name=principal.full_name,
        roles=frozenset(g.role for g in grants),
        acting_roles=frozenset(g.role for g in grants if g.acting and g.role not in own),
        substitute_for={g.role: g.on_behalf_of for g in grants if g.on_behalf_of and g.role not in own},
    )


async def in_staff(conn: AsyncConnection, unit_id: str, user_id: str) -> bool:
    query = select(qms_staff.c.user_id).where(
        qms_staff.c.unit_id == unit_id, qms_staff.c.user_id == user_id, qms_staff.c.left_on.is_(None)
    )
    return (await conn.execute(query)).first() is not None


async def may_read(conn: AsyncConnection, principal: Principal, unit: Any) -> bool:
    roles = {g.role for g in covering(principal, unit)}
    if roles & (READERS | {Role.UNIT_EMPLOYEE}):
        return True
    return await in_staff(conn, unit.unit_id, principal.user_id)


async def readable_unit(conn: AsyncConnection, principal: Principal, unit_id: str) -> Any:
    """The unit's row; one out of the caller's sight is answered like one that does not exist."""
    unit = (await conn.execute(select(qms_units).where(qms_units.c.unit_id == unit_id))).one_or_none()
    if unit is None or not await may_read(conn, principal, unit):
        raise Problem(404, "unit_not_found", UNIT_NOT_FOUND)
    return unit


async def readable_units(conn: AsyncConnection, principal: Principal) -> list[Any]:
    rows = (await conn.execute(select(qms_units).order_by(qms_units.c.name))).all()
    return [row for row in rows if await may_read(conn, principal, row)]
