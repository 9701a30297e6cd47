"""The authenticated user with their grants, loaded on every request so a revoked grant takes effect at once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.tables import grants, users
from domain.access import can_read_site, roles_on_site
from domain.common import Actor
from domain.org import Grant, Role, ScopeKind, Site


@dataclass(frozen=True)
class Principal:
    user_id: str
    login: str
    full_name: str
    position: str
    grants: tuple[Grant, ...]

    def roles_on(self, site: Site) -> frozenset[Role]:
        return roles_on_site(self.grants, site)

    def can_read(self, site: Site) -> bool:
        return can_read_site(self.grants, site)

    def actor_on(self, site: Site) -> Actor:
        return Actor(user_id=self.user_id, full_name=self.full_name, roles=self.roles_on(site))

    def has_role(self, *roles: Role) -> bool:
        return any(grant.role in roles for grant in self.grants)


async def load_principal(conn: AsyncConnection, user_id: str) -> Principal | None:
    user = (await conn.execute(select(users).where(users.c.id == user_id, users.c.active.is_(True)))).one_or_none()
    if user is None:
        return None
    rows = (await conn.execute(select(grants).where(grants.c.user_id == user_id))).all()
    return Principal(
        user_id=str(user.id),
        login=user.login,
        full_name=user.full_name,
        position=user.position,
        grants=tuple(
            Grant(role=Role(row.role), scope_kind=ScopeKind(row.scope_kind), scope_id=row.scope_id) for row in rows
        ),
    )
