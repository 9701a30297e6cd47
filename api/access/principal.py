"""The authenticated user with the grants in force today: their own (within each grant's period) and those of
colleagues who handed them their tasks for a period (замещение). The grants travel in the short-lived access
token, so a request needs no database read to know who is asking; a change of grants takes effect at the next
token refresh, within the access token's lifetime."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.tables import grants, substitutions, users
from domain.access import acting_roles_on_site, can_read_site, roles_on_site, substituted_roles_on_site
from domain.common import Actor
from domain.people import Grant, Role, ScopeKind
from domain.sites import Site


@dataclass(frozen=True)
class Principal:
    user_id: str
    login: str
    full_name: str
    position: str
    grants: tuple[Grant, ...]
    substituting: tuple[str, ...] = ()  # ids of colleagues whose tasks this user holds for a period

    def roles_on(self, site: Site) -> frozenset[Role]:
        return roles_on_site(self.grants, site)

    def can_read(self, site: Site) -> bool:
        return can_read_site(self.grants, site)

    def actor_on(self, site: Site) -> Actor:
        return Actor(
            user_id=self.user_id,
            full_name=self.full_name,
            roles=self.roles_on(site),
            acting_roles=acting_roles_on_site(self.grants, site),
            substitute_for=substituted_roles_on_site(self.grants, site),
        )

    def has_role(self, *roles: Role) -> bool:
        return any(grant.role in roles for grant in self.grants)


def _in_force(table: Any, today: date) -> Any:
    return and_(
        or_(table.c.valid_from.is_(None), table.c.valid_from <= today),
        or_(table.c.valid_until.is_(None), table.c.valid_until >= today),
    )


def _substitution_in_force(today: date) -> Any:
    return and_(
        substitutions.c.cancelled_at.is_(None), substitutions.c.starts_on <= today, substitutions.c.ends_on >= today
    )


def _grant(row: Any, on_behalf_of: str = "") -> Grant:
    return Grant(
        role=Role(row.role),
        scope_kind=ScopeKind(row.scope_kind),
        scope_id=row.scope_id,
        acting=row.acting,
        on_behalf_of=on_behalf_of,
    )


async def substituting(conn: AsyncConnection, user_id: str, today: date) -> tuple[str, ...]:
    query = select(substitutions.c.absent_user_id).where(
        substitutions.c.substitute_user_id == user_id, _substitution_in_force(today)
    )
    return tuple(str(row) for row in (await conn.execute(query)).scalars())


async def grants_in_force(conn: AsyncConnection, user_id: str, today: date) -> tuple[Grant, ...]:
    own = (await conn.execute(select(grants).where(grants.c.user_id == user_id, _in_force(grants, today)))).all()
    handed = (
        await conn.execute(
            select(grants, users.c.full_name.label("absent_name"))
            .join(substitutions, substitutions.c.absent_user_id == grants.c.user_id)
            .join(users, users.c.id == grants.c.user_id)
            .where(
                substitutions.c.substitute_user_id == user_id,
                _substitution_in_force(today),
                _in_force(grants, today),
            )
        )
    ).all()
    return tuple(_grant(row) for row in own) + tuple(_grant(row, row.absent_name) for row in handed)


async def holders_of(conn: AsyncConnection, roles: Iterable[Role], today: date) -> tuple[str, ...]:
    """Active users holding one of ``roles`` on ``today`` by a grant of their own or as someone's substitute (the
    scope is left to the domain to judge on each one's principal)."""
    wanted = sorted(role.value for role in roles)
    holders = select(grants.c.user_id).where(grants.c.role.in_(wanted), _in_force(grants, today))
    substitutes = select(substitutions.c.substitute_user_id).where(
        substitutions.c.absent_user_id.in_(holders), _substitution_in_force(today)
    )
    query = (
        select(users.c.id)
        .where(users.c.active.is_(True), or_(users.c.id.in_(holders), users.c.id.in_(substitutes)))
        .order_by(users.c.full_name)
    )
    return tuple(str(user_id) for user_id in (await conn.execute(query)).scalars())


async def load_principal(conn: AsyncConnection, user_id: str, today: date) -> Principal | None:
    user = (await conn.execute(select(users).where(users.c.id == user_id, users.c.active.is_(True)))).one_or_none()
    if user is None:
        return None
    return Principal(
        user_id=str(user.id),
        login=user.login,
        full_name=user.full_name,
        position=user.position,
        grants=await grants_in_force(conn, user_id, today),
        substituting=await substituting(conn, user_id, today),
    )
