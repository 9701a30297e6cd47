"""The administrator's side of people: listing, creating and changing users, giving and withdrawing their grants.
The REST routes (``routes.py``) and the pages (``pages.py``) call these, so both check the same rights, refuse with
the same Russian messages and write through the same commands (``commands.py``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.passwords import hash_password
from api.access.principal import Principal
from api.people import commands
from api.people.bodies import NewGrant, NewUser, UserChange
from api.people.commands import Editor, LoginTaken
from api.people.scopes import check_scope
from api.problems import Problem, field_problem
from api.region.curators import grants_changed
from api.runtime import Runtime
from api.tables import grants, users
from domain.common import DomainError
from domain.people import ROLE_RU, FieldRefusal, GrantTerms, Role, ScopeKind

# The domain's refusals that are not an input at fault (422).
REFUSAL_STATUS = {
    "self_deactivation": 409,
    "segregation_of_duties": 409,  # the person's other grants are in the way, not the input (D39)
    "user_not_found": 404,
    "grant_not_found": 404,
    "substitution_not_found": 404,
}


def is_admin(principal: Principal) -> bool:
    return any(g.role == Role.ADMIN and g.scope_kind == ScopeKind.GLOBAL for g in principal.grants)


def require_admin(principal: Principal) -> None:
    if not is_admin(principal):
        raise Problem(403, "forbidden", "Управлять пользователями может только администратор.")


def editor_of(principal: Principal, ip: str) -> Editor:
    return Editor(user_id=principal.user_id, login=principal.login, ip=ip)


def refused(error: DomainError) -> Problem:
    status = REFUSAL_STATUS.get(error.code, 422)
    if isinstance(error, FieldRefusal):
        return field_problem(status, error.code, error.message, error.field or "", error.note)
    return Problem(status, error.code, error.message)


def login_taken(login: str) -> Problem:
    return field_problem(409, "login_taken", f"Логин «{login}» уже занят.", "login", "занят")


def grant_view(row: Any) -> dict[str, Any]:
    return {
        "grant_id": str(row.grant_id),
        "role": row.role,
        "role_ru": ROLE_RU[Role(row.role)],
        "scope_kind": row.scope_kind,
        "scope_id": row.scope_id,
        "acting": row.acting,
        "valid_from": row.valid_from,
        "valid_until": row.valid_until,
    }


async def user_view(conn: AsyncConnection, row: Any) -> dict[str, Any]:
    rows = (await conn.execute(select(grants).where(grants.c.user_id == row.id).order_by(grants.c.granted_at))).all()
    return {
        "user_id": str(row.id),
        "login": row.login,
        "full_name": row.full_name,
        "position": row.position,
        "active": row.active,
        "grants": [grant_view(g) for g in rows],
    }


async def find_user(conn: AsyncConnection, user_id: str) -> Any:
    try:
        uuid.UUID(user_id)
    except ValueError:
        raise Problem(404, "user_not_found", "Пользователь не найден.") from None
    row = (await conn.execute(select(users).where(users.c.id == user_id))).one_or_none()
    if row is None:
        raise Problem(404, "user_not_found", "Пользователь не найден.")
    return row


async def list_users(
    runtime: Runtime, principal: Principal, search: str | None, page: int, per_page: int
) -> dict[str, Any]:
    """Users by login, those whose login or name contains ``search``; one page of them and how many in all."""
    require_admin(principal)
    query = select(users)
    if search:
        pattern = f"%{search}%"
        query = query.where(or_(users.c.login.ilike(pattern), users.c.full_name.ilike(pattern)))
    async with runtime.engine.connect() as conn:
        total = (await conn.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
        rows = (await conn.execute(query.order_by(users.c.login).offset((page - 1) * per_page).limit(per_page))).all()
        items = [await user_view(conn, row) for row in rows]
    return {"items": items, "page": page, "per_page": per_page, "total": total}


async def read_user(runtime: Runtime, principal: Principal, user_id: str) -> dict[str, Any]:
    require_admin(principal)
    async with runtime.engine.connect() as conn:
        return await user_view(conn, await find_user(conn, user_id))


async def create_user(runtime: Runtime, principal: Principal, ip: str, body: NewUser) -> dict[str, Any]:
    require_admin(principal)
    async with runtime.engine.connect() as conn:
        if (await conn.execute(select(users.c.id).where(users.c.login == body.login))).first():
            raise login_taken(body.login)
    try:
        user_id = await commands.register(
            runtime.eventlog,
            editor_of(principal, ip),
            login=body.login,
            full_name=body.full_name,
            position=body.position,
            password_hash=hash_password(body.password),
        )
    except LoginTaken:
        raise login_taken(body.login) from None
    async with runtime.engine.connect() as conn:
        return await user_view(conn, await find_user(conn, user_id))


async def change_user(
    runtime: Runtime, principal: Principal, ip: str, user_id: str, body: UserChange
) -> tuple[dict[str, Any], list[str]]:
    """The user as the change left them, and the fields that changed."""
    require_admin(principal)
    async with runtime.engine.connect() as conn:
        await find_user(conn, user_id)
    try:
        changed = await commands.change(
            runtime.eventlog,
            editor_of(principal, ip),
            user_id,
            full_name=body.full_name,
            position=body.position,
            active=body.active,
            password_hash=hash_password(body.password) if body.password is not None else None,
        )
    except DomainError as error:
        raise refused(error) from None
    await grants_changed(runtime)  # a curator switched off leaves their sites without one (D29)
    async with runtime.engine.connect() as conn:
        return await user_view(conn, await find_user(conn, user_id)), changed


async def add_grant(runtime: Runtime, principal: Principal, ip: str, user_id: str, body: NewGrant) -> dict[str, Any]:
    """Give the user a role in a scope that exists; the user as it is then."""
    require_admin(principal)
    async with runtime.engine.connect() as conn:
        row = await find_user(conn, user_id)
        await check_scope(conn, body.scope_kind, body.scope_id)
    try:
        await commands.grant(runtime.eventlog, editor_of(principal, ip), user_id, GrantTerms(**body.model_dump()))
    except DomainError as error:
        raise refused(error) from None
    await grants_changed(runtime)  # a curator granted resolves a site's gap (D29)
    async with runtime.engine.connect() as conn:
        return await user_view(conn, row)


async def remove_grant(runtime: Runtime, principal: Principal, ip: str, user_id: str, grant_id: str) -> None:
    require_admin(principal)
    async with runtime.engine.connect() as conn:
        await find_user(conn, user_id)
    try:
        grant_id = str(uuid.UUID(grant_id))
    except ValueError:
        raise Problem(404, "grant_not_found", "Роль не найдена.") from None
    try:
        await commands.withdraw(runtime.eventlog, editor_of(principal, ip), user_id, grant_id)
    except DomainError as error:
        raise refused(error) from None
    await grants_changed(runtime)  # a curator's grant withdrawn may leave a site without one (D29)
