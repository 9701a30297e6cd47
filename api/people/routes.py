"""People and access: administrators create users and give grants (role + scope, for a period, possibly as an
acting official — И.О.); anyone hands their tasks to a colleague for a period (замещение), and both see them.
Every change is audited."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.deps import PrincipalDep
from api.access.passwords import hash_password
from api.access.principal import Principal
from api.access.routes import audit, client_ip
from api.problems import Problem, field_problem
from api.runtime import RuntimeDep
from api.tables import audit_log, directions, grants, institutions, regions, sites, substitutions, users
from domain.people import ROLE_RU, Role, ScopeKind

router = APIRouter(tags=["people"])

SCOPE_TABLES = {
    ScopeKind.REGION: regions,
    ScopeKind.DIRECTION: directions,
    ScopeKind.SITE: sites,
    ScopeKind.INSTITUTION: institutions,
}


class NewUser(BaseModel):
    login: str = Field(min_length=3, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$", description="Логин")
    full_name: str = Field(min_length=3, max_length=200, description="Фамилия Имя Отчество")
    position: str = Field(default="", max_length=300)
    password: str = Field(min_length=8, max_length=200)


class UserChange(BaseModel):
    full_name: str | None = Field(default=None, min_length=3, max_length=200)
    position: str | None = Field(default=None, max_length=300)
    active: bool | None = None
    password: str | None = Field(default=None, min_length=8, max_length=200)


class NewGrant(BaseModel):
    role: Role
    scope_kind: ScopeKind
    scope_id: str = Field(default="", max_length=64)
    acting: bool = Field(default=False, description="Исполняющий обязанности (И.О.)")
    valid_from: date | None = None
    valid_until: date | None = None


class NewSubstitution(BaseModel):
    substitute_login: str = Field(min_length=1, max_length=64, description="Кто замещает")
    absent_login: str | None = Field(default=None, max_length=64, description="Кого замещают (по умолчанию — вы)")
    starts_on: date
    ends_on: date
    reason: str = Field(min_length=3, max_length=500, description="Например, «отпуск»")


def _admin(principal: Principal) -> None:
    if not any(g.role == Role.ADMIN and g.scope_kind == ScopeKind.GLOBAL for g in principal.grants):
        raise Problem(403, "forbidden", "Управлять пользователями может только администратор.")


def _grant_view(row: Any) -> dict[str, Any]:
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


async def _user_view(conn: AsyncConnection, row: Any) -> dict[str, Any]:
    rows = (await conn.execute(select(grants).where(grants.c.user_id == row.id).order_by(grants.c.granted_at))).all()
    return {
        "user_id": str(row.id),
        "login": row.login,
        "full_name": row.full_name,
        "position": row.position,
        "active": row.active,
        "grants": [_grant_view(g) for g in rows],
    }


async def _user(conn: AsyncConnection, user_id: str) -> Any:
    try:
        uuid.UUID(user_id)
    except ValueError:
        raise Problem(404, "user_not_found", "Пользователь не найден.") from None
    row = (await conn.execute(select(users).where(users.c.id == user_id))).one_or_none()
    if row is None:
        raise Problem(404, "user_not_found", "Пользователь не найден.")
    return row


@router.get("/api/admin/users", summary="Пользователи (администратор)")
async def list_users(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    search: Annotated[str | None, Query(max_length=100)] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    _admin(principal)
    query = select(users)
    if search:
        pattern = f"%{search}%"
        query = query.where(or_(users.c.login.ilike(pattern), users.c.full_name.ilike(pattern)))
    async with runtime.engine.connect() as conn:
        total = (await conn.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
        rows = (await conn.execute(query.order_by(users.c.login).offset((page - 1) * per_page).limit(per_page))).all()
        items = [await _user_view(conn, row) for row in rows]
    return {"items": items, "page": page, "per_page": per_page, "total": total}


@router.post("/api/admin/users", status_code=201, summary="Создать пользователя (администратор)")
async def create_user(body: NewUser, request: Request, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    _admin(principal)
    async with runtime.engine.begin() as conn:
        if (await conn.execute(select(users.c.id).where(users.c.login == body.login))).first():
            raise field_problem(409, "login_taken", f"Логин «{body.login}» уже занят.", "login", "занят")
        user_id = str(uuid.uuid4())
        await conn.execute(
            users.insert().values(
                id=user_id,
                login=body.login,
                full_name=body.full_name.strip(),
                position=body.position.strip(),
                password_hash=hash_password(body.password),
            )
        )
        await audit(conn, "user_created", body.login, user_id, client_ip(request), by=principal.login)
        return await _user_view(conn, await _user(conn, user_id))


@router.get("/api/admin/users/{user_id}", summary="Пользователь (администратор)")
async def get_user(user_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    _admin(principal)
    async with runtime.engine.connect() as conn:
        return await _user_view(conn, await _user(conn, user_id))


@router.patch("/api/admin/users/{user_id}", summary="Изменить пользователя (администратор)")
async def change_user(
    user_id: str, body: UserChange, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    _admin(principal)
    values: dict[str, Any] = {k: v for k, v in body.model_dump(exclude={"password"}).items() if v is not None}
    if body.password is not None:
        values["password_hash"] = hash_password(body.password)
    async with runtime.engine.begin() as conn:
        row = await _user(conn, user_id)
        if row.id == principal.user_id and values.get("active") is False:
            raise Problem(409, "self_deactivation", "Нельзя отключить собственную учетную запись.")
        if values:
            await conn.execute(users.update().where(users.c.id == user_id).values(**values))
        changed = sorted(k for k in values if k != "password_hash") + (["password"] if body.password else [])
        await audit(conn, "user_changed", row.login, user_id, client_ip(request), by=principal.login, fields=changed)
        return await _user_view(conn, await _user(conn, user_id))


async def _check_scope(conn: AsyncConnection, body: NewGrant) -> None:
    if body.scope_kind == ScopeKind.GLOBAL:
        if body.scope_id:
            raise field_problem(
                422, "invalid_scope", "Глобальная область не имеет идентификатора.", "scope_id", "должно быть пусто"
            )
        return
    table = SCOPE_TABLES[body.scope_kind]
    if not (await conn.execute(select(table.c.id).where(table.c.id == body.scope_id))).first():
        raise field_problem(422, "unknown_scope", f"Область «{body.scope_id}» не найдена.", "scope_id", "не найдена")
    if body.valid_from and body.valid_until and body.valid_until < body.valid_from:
        raise field_problem(422, "invalid_period", "Окончание срока раньше его начала.", "valid_until", "раньше начала")


@router.post("/api/admin/users/{user_id}/grants", status_code=201, summary="Выдать роль в области (администратор)")
async def add_grant(
    user_id: str, body: NewGrant, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    _admin(principal)
    async with runtime.engine.begin() as conn:
        row = await _user(conn, user_id)
        await _check_scope(conn, body)
        grant_id = str(uuid.uuid4())
        await conn.execute(
            grants.insert().values(
                grant_id=grant_id, user_id=user_id, granted_by=principal.user_id, **body.model_dump()
            )
        )
        await audit(
            conn,
            "grant_added",
            row.login,
            user_id,
            client_ip(request),
            by=principal.login,
            grant=body.model_dump(mode="json"),
        )
        return await _user_view(conn, row)


@router.delete("/api/admin/users/{user_id}/grants/{grant_id}", status_code=204, summary="Отозвать роль (администратор)")
async def remove_grant(
    user_id: str, grant_id: str, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> Response:
    _admin(principal)
    async with runtime.engine.begin() as conn:
        row = await _user(conn, user_id)
        try:
            uuid.UUID(grant_id)
        except ValueError:
            raise Problem(404, "grant_not_found", "Роль не найдена.") from None
        deleted = await conn.execute(grants.delete().where(grants.c.grant_id == grant_id, grants.c.user_id == user_id))
        if deleted.rowcount == 0:
            raise Problem(404, "grant_not_found", "Роль не найдена.")
        await audit(
            conn, "grant_removed", row.login, user_id, client_ip(request), by=principal.login, grant_id=grant_id
        )
    return Response(status_code=204)


async def _by_login(conn: AsyncConnection, login: str, field: str) -> Any:
    row = (await conn.execute(select(users).where(users.c.login == login, users.c.active.is_(True)))).one_or_none()
    if row is None:
        raise field_problem(422, "unknown_user", f"Пользователь «{login}» не найден.", field, "не найден")
    return row


def _substitution_view(row: Any) -> dict[str, Any]:
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


@router.post("/api/substitutions", status_code=201, summary="Передать свои задачи коллеге на период (замещение)")
async def create_substitution(
    body: NewSubstitution, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    if body.ends_on < body.starts_on:
        raise field_problem(422, "invalid_period", "Окончание замещения раньше его начала.", "ends_on", "раньше начала")
    if body.ends_on < datetime.now(UTC).date():
        raise field_problem(422, "period_past", "Период замещения уже прошёл.", "ends_on", "в прошлом")
    async with runtime.engine.begin() as conn:
        absent_login = body.absent_login or principal.login
        if absent_login != principal.login:
            _admin(principal)
        absent = await _by_login(conn, absent_login, "absent_login")
        substitute = await _by_login(conn, body.substitute_login, "substitute_login")
        if absent.id == substitute.id:
            raise field_problem(422, "self_substitution", "Нельзя замещать самого себя.", "substitute_login", "это вы")
        substitution_id = str(uuid.uuid4())
        await conn.execute(
            substitutions.insert().values(
                substitution_id=substitution_id,
                absent_user_id=absent.id,
                substitute_user_id=substitute.id,
                starts_on=body.starts_on,
                ends_on=body.ends_on,
                reason=body.reason.strip(),
                created_by=principal.user_id,
            )
        )
        await audit(
            conn,
            "substitution_created",
            absent.login,
            str(absent.id),
            client_ip(request),
            by=principal.login,
            substitute=substitute.login,
            starts_on=body.starts_on.isoformat(),
            ends_on=body.ends_on.isoformat(),
        )
        row = (
            await conn.execute(_substitutions_query().where(substitutions.c.substitution_id == substitution_id))
        ).one()
        return _substitution_view(row)


@router.get("/api/substitutions", summary="Замещения: мои (и всех — для администратора)")
async def list_substitutions(runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    query = _substitutions_query().order_by(substitutions.c.starts_on)
    is_admin = any(g.role == Role.ADMIN for g in principal.grants)
    if not is_admin:
        query = query.where(
            or_(
                substitutions.c.absent_user_id == principal.user_id,
                substitutions.c.substitute_user_id == principal.user_id,
            )
        )
    async with runtime.engine.connect() as conn:
        return [_substitution_view(row) for row in (await conn.execute(query)).all()]


@router.delete("/api/substitutions/{substitution_id}", status_code=204, summary="Отменить замещение")
async def cancel_substitution(
    substitution_id: str, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> Response:
    try:
        uuid.UUID(substitution_id)
    except ValueError:
        raise Problem(404, "substitution_not_found", "Замещение не найдено.") from None
    async with runtime.engine.begin() as conn:
        row = (
            await conn.execute(select(substitutions).where(substitutions.c.substitution_id == substitution_id))
        ).one_or_none()
        mine = row is not None and principal.user_id in (str(row.absent_user_id), str(row.substitute_user_id))
        if row is None or not (mine or any(g.role == Role.ADMIN for g in principal.grants)):
            raise Problem(404, "substitution_not_found", "Замещение не найдено.")
        await conn.execute(
            substitutions.update()
            .where(substitutions.c.substitution_id == substitution_id)
            .values(cancelled_at=datetime.now(UTC))
        )
        await audit(
            conn, "substitution_cancelled", None, str(row.absent_user_id), client_ip(request), by=principal.login
        )
    return Response(status_code=204)


@router.get("/api/admin/audit", summary="Журнал входов и изменений доступа (администратор)")
async def audit_entries(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    login: Annotated[str | None, Query(max_length=64)] = None,
    kind: Annotated[str | None, Query(max_length=40, description="login, login_failed, grant_added…")] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    _admin(principal)
    query = select(audit_log)
    if login:
        query = query.where(audit_log.c.login == login)
    if kind:
        query = query.where(audit_log.c.kind == kind)
    async with runtime.engine.connect() as conn:
        total = (await conn.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
        ordered = query.order_by(audit_log.c.id.desc()).offset((page - 1) * per_page).limit(per_page)
        rows = (await conn.execute(ordered)).all()
    items = [
        {
            "at": row.at,
            "kind": row.kind,
            "login": row.login,
            "user_id": str(row.user_id) if row.user_id else None,
            "ip": row.ip,
            "detail": row.detail,
        }
        for row in rows
    ]
    return {"items": items, "page": page, "per_page": per_page, "total": total}
