"""Substitutions (замещения): a person hands their tasks to a colleague for a period (an administrator may arrange
one for anybody), both see them, and either of them — or an administrator — cancels it. The REST routes and the
page «Мой профиль» call these."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.people import commands
from api.people.accounts import editor_of, refused, require_admin
from api.people.bodies import NewSubstitution
from api.people.commands import Person
from api.problems import Problem, field_problem
from api.runtime import Runtime
from api.tables import substitutions, users
from api.today import service_today
from domain.common import DomainError
from domain.people import Role, check_substitution_period


def _any_admin(principal: Principal) -> bool:
    return any(g.role == Role.ADMIN for g in principal.grants)


async def _by_login(conn: AsyncConnection, login: str, field: str) -> Any:
    row = (await conn.execute(select(users).where(users.c.login == login, users.c.active.is_(True)))).one_or_none()
    if row is None:
        raise field_problem(422, "unknown_user", f"Пользователь «{login}» не найден.", field, "не найден")
    return row


def substitution_view(row: Any) -> dict[str, Any]:
    return {
        "substitution_id": str(row.substitution_id),
        "absent": {"login": row.absent_login, "full_name": row.absent_name},
        "substitute": {"login": row.substitute_login, "full_name": row.substitute_name},
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "reason": row.reason,
        "cancelled_at": row.cancelled_at,
    }


def _substitutions_query() -> Any:
    absent, substitute = users.alias("absent"), users.alias("substitute")
    return (
        select(
            substitutions,
            absent.c.login.label("absent_login"),
            absent.c.full_name.label("absent_name"),
            substitute.c.login.label("substitute_login"),
            substitute.c.full_name.label("substitute_name"),
        )
        .join(absent, absent.c.id == substitutions.c.absent_user_id)
        .join(substitute, substitute.c.id == substitutions.c.substitute_user_id)
    )


async def arrange(runtime: Runtime, principal: Principal, ip: str, body: NewSubstitution) -> dict[str, Any]:
    """Hand the tasks of ``body.absent_login`` (the caller by default; someone else only by an administrator) to
    ``body.substitute_login`` for the period; the substitution as it is then."""
    try:
        # The period first, as it needs nothing from the database (the domain checks it again when deciding).
        check_substitution_period(body.starts_on, body.ends_on, service_today())
        async with runtime.engine.connect() as conn:
            absent_login = body.absent_login or principal.login
            if absent_login != principal.login:
                require_admin(principal)
            absent = await _by_login(conn, absent_login, "absent_login")
            substitute = await _by_login(conn, body.substitute_login, "substitute_login")
        substitution_id = await commands.arrange(
            runtime.eventlog,
            editor_of(principal, ip),
            absent=Person(user_id=str(absent.id), login=absent.login),
            substitute=Person(user_id=str(substitute.id), login=substitute.login),
            starts_on=body.starts_on,
            ends_on=body.ends_on,
            reason=body.reason,
        )
    except DomainError as error:
        raise refused(error) from None
    async with runtime.engine.connect() as conn:
        row = (
            await conn.execute(_substitutions_query().where(substitutions.c.substitution_id == substitution_id))
        ).one()
        return substitution_view(row)


async def substitutions_of(runtime: Runtime, principal: Principal) -> list[dict[str, Any]]:
    """The caller's substitutions, either side (an administrator's: everybody's), by their start."""
    query = _substitutions_query().order_by(substitutions.c.starts_on)
    if not _any_admin(principal):
        query = query.where(
            or_(
                substitutions.c.absent_user_id == principal.user_id,
                substitutions.c.substitute_user_id == principal.user_id,
            )
        )
    async with runtime.engine.connect() as conn:
        return [substitution_view(row) for row in (await conn.execute(query)).all()]


async def cancel(runtime: Runtime, principal: Principal, ip: str, substitution_id: str) -> None:
    """End a substitution now; one the caller is no party to (and not an administrator) is not found."""
    try:
        uuid.UUID(substitution_id)
    except ValueError:
        raise Problem(404, "substitution_not_found", "Замещение не найдено.") from None
    async with runtime.engine.connect() as conn:
        row = (
            await conn.execute(select(substitutions).where(substitutions.c.substitution_id == substitution_id))
        ).one_or_none()
    mine = row is not None and principal.user_id in (str(row.absent_user_id), str(row.substitute_user_id))
    if row is None or not (mine or _any_admin(principal)):
        raise Problem(404, "substitution_not_found", "Замещение не найдено.")
    try:
        await commands.cancel(runtime.eventlog, editor_of(principal, ip), str(row.substitution_id))
    except DomainError as error:
        raise refused(error) from None
