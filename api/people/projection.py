"""Projection of the people's events into ``users``, ``grants`` and ``substitutions``.

A user's row takes its password hash from ``credentials``, which is no projection: the hash is no business fact and
never in an event, and ``credentials`` is written in the transaction of the registration (api/people/commands.py)
and kept by a rebuild, so a replay gives every user the hash they sign in with now. A user without a credential is
refused (the hash is NOT NULL): every way of registering one writes it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import credentials, grants, substitutions, users
from domain.common import DomainEvent
from domain.people import (
    GrantGiven,
    GrantWithdrawn,
    SubstitutionArranged,
    SubstitutionCancelled,
    UserChanged,
    UserDeactivated,
    UserReactivated,
    UserRegistered,
)


async def on_registered(conn: AsyncConnection, stored: StoredEvent, event: UserRegistered) -> None:
    password_hash = select(credentials.c.password_hash).where(credentials.c.user_id == event.user_id)
    await conn.execute(
        users.insert().values(
            id=event.user_id,
            login=event.login,
            full_name=event.full_name,
            position=event.position,
            password_hash=password_hash.scalar_subquery(),
            active=True,
        )
    )


async def on_changed(conn: AsyncConnection, stored: StoredEvent, event: UserChanged) -> None:
    values = {
        column: value
        for column, value in (("full_name", event.full_name), ("position", event.position))
        if value is not None
    }
    if values:
        await conn.execute(users.update().where(users.c.id == event.user_id).values(**values))


async def on_deactivated(conn: AsyncConnection, stored: StoredEvent, event: UserDeactivated) -> None:
    await conn.execute(users.update().where(users.c.id == event.user_id).values(active=False))


async def on_reactivated(conn: AsyncConnection, stored: StoredEvent, event: UserReactivated) -> None:
    await conn.execute(users.update().where(users.c.id == event.user_id).values(active=True))


async def on_grant_given(conn: AsyncConnection, stored: StoredEvent, event: GrantGiven) -> None:
    await conn.execute(
        grants.insert().values(
            grant_id=event.grant_id,
            user_id=event.user_id,
            role=event.role.value,
            scope_kind=event.scope_kind.value,
            scope_id=event.scope_id,
            acting=event.acting,
            valid_from=event.valid_from,
            valid_until=event.valid_until,
            granted_by=event.by,
            granted_at=event.occurred_at,
        )
    )


async def on_grant_withdrawn(conn: AsyncConnection, stored: StoredEvent, event: GrantWithdrawn) -> None:
    await conn.execute(grants.delete().where(grants.c.grant_id == event.grant_id))


async def on_substitution_arranged(conn: AsyncConnection, stored: StoredEvent, event: SubstitutionArranged) -> None:
    await conn.execute(
        substitutions.insert().values(
            substitution_id=event.substitution_id,
            absent_user_id=event.absent_user_id,
            substitute_user_id=event.substitute_user_id,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            reason=event.reason,
            created_by=event.by,
            created_at=event.occurred_at,
        )
    )


async def on_substitution_cancelled(conn: AsyncConnection, stored: StoredEvent, event: SubstitutionCancelled) -> None:
    await conn.execute(
        substitutions.update()
        .where(substitutions.c.substitution_id == event.substitution_id)
        .values(cancelled_at=event.occurred_at)
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    UserRegistered: on_registered,
    UserChanged: on_changed,
    UserDeactivated: on_deactivated,
    UserReactivated: on_reactivated,
    GrantGiven: on_grant_given,
    GrantWithdrawn: on_grant_withdrawn,
    SubstitutionArranged: on_substitution_arranged,
    SubstitutionCancelled: on_substitution_cancelled,
}
