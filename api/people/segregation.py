"""Segregation of duties on a site (decisions D12, D39): what a person holds, their own grants and those held
through a colleague's substitution, read for the domain's check (``domain.access.check_segregation``) before a
grant or a substitution is decided; and every overlap the people already have (granted before the rule, or
written around it), for ``innocycle verify`` and the administrator's page of users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.sites.service import site_from_row
from api.tables import grants, sites, substitutions, users
from api.today import service_today
from domain.access import HeldGrant, SegregationConflict, segregation_conflicts
from domain.people import Grant, Role, ScopeKind
from domain.sites import Site


async def all_sites(conn: AsyncConnection) -> list[Site]:
    return [site_from_row(row) for row in (await conn.execute(select(sites).order_by(sites.c.id))).all()]


def _held(row: Any) -> HeldGrant:
    grant = Grant(role=Role(row.role), scope_kind=ScopeKind(row.scope_kind), scope_id=row.scope_id, acting=row.acting)
    return HeldGrant(grant=grant, valid_from=row.valid_from, valid_until=row.valid_until)


async def own_grants(conn: AsyncConnection, user_id: str) -> list[HeldGrant]:
    rows = (await conn.execute(select(grants).where(grants.c.user_id == user_id))).all()
    return [_held(row) for row in rows]


def substituted(held: HeldGrant, starts_on: date, ends_on: date, through: str) -> HeldGrant:
    """A colleague's grant as the substitute holds it: within the substitution's period."""
    valid_from = max(held.valid_from or starts_on, starts_on)
    valid_until = min(held.valid_until or ends_on, ends_on)
    return held.model_copy(update={"valid_from": valid_from, "valid_until": valid_until, "through": through})


async def substituted_grants(conn: AsyncConnection, user_id: str) -> list[HeldGrant]:
    """The grants ``user_id`` holds as a substitute, each over its substitution's period (cancelled ones left out)."""
    absent = users.alias("absent")
    rows = (
        await conn.execute(
            select(substitutions, absent.c.full_name)
            .join(absent, absent.c.id == substitutions.c.absent_user_id)
            .where(substitutions.c.substitute_user_id == user_id, substitutions.c.cancelled_at.is_(None))
        )
    ).all()
    held: list[HeldGrant] = []
    for row in rows:
        for grant in await own_grants(conn, str(row.absent_user_id)):
            held.append(substituted(grant, row.starts_on, row.ends_on, row.full_name))
    return held


async def held_grants(conn: AsyncConnection, user_id: str) -> list[HeldGrant]:
    """Everything ``user_id`` holds or will hold: their own grants and those of the colleagues they substitute."""
    return [*await own_grants(conn, user_id), *await substituted_grants(conn, user_id)]


@dataclass(frozen=True)
class Overlap:
    """A person on both sides of a site, as it stands."""

    user_id: str
    login: str
    full_name: str
    conflict: SegregationConflict

    def describe(self) -> str:
        return f"{self.login} ({self.full_name}) — {self.conflict.describe()}"


async def overlaps(conn: AsyncConnection) -> list[Overlap]:
    """Every person who holds, or will hold, the curator's grant and a director's or responsible person's grant
    of the same site over a common period not over yet — reported, never silently kept (D39)."""
    site_list, today = await all_sites(conn), service_today()
    candidates = (
        await conn.execute(
            select(users.c.id, users.c.login, users.c.full_name)
            .where(users.c.id.in_(select(grants.c.user_id).where(grants.c.role == Role.CURATOR.value)))
            .order_by(users.c.login)
        )
    ).all()
    substitutes = (
        await conn.execute(
            select(users.c.id, users.c.login, users.c.full_name)
            .where(
                users.c.id.in_(select(substitutions.c.substitute_user_id).where(substitutions.c.cancelled_at.is_(None)))
            )
            .order_by(users.c.login)
        )
    ).all()
    found: list[Overlap] = []
    seen: set[str] = set()
    for row in [*candidates, *substitutes]:
        if str(row.id) in seen:
            continue
        seen.add(str(row.id))
        for conflict in segregation_conflicts(await held_grants(conn, str(row.id)), site_list, today):
            found.append(Overlap(str(row.id), row.login, row.full_name, conflict))
    return sorted(found, key=lambda o: (o.login, o.conflict.site_id))
