"""Signing in (OAuth2 password flow), refreshing and signing out, and the caller's own profile. Every sign-in,
failed or not, is audited; repeated failures for a login or from an address are refused for a while."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.deps import PrincipalDep
from api.access.passwords import DUMMY_HASH, verify_password
from api.access.principal import load_principal
from api.access.tokens import UNAUTHORIZED, issue_access_token, new_refresh_token, refresh_hash
from api.config import ApiConfig, ConfigDep
from api.db import EngineDep
from api.problems import Problem, documented
from api.tables import audit_log, refresh_tokens, users
from domain.people import ROLE_RU

router = APIRouter(tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds the access token is valid")
    refresh_token: str
    refresh_expires_in: int


class RefreshBody(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


async def audit(
    conn: AsyncConnection, kind: str, login: str | None, user_id: str | None, ip: str, **detail: Any
) -> None:
    await conn.execute(audit_log.insert().values(kind=kind, login=login, user_id=user_id, ip=ip, detail=detail))


async def _throttled(conn: AsyncConnection, config: ApiConfig, login: str, ip: str) -> int:
    """Seconds to wait when the login or the address failed too often lately; 0 when it may try."""
    window = timedelta(minutes=config.login_window_minutes)
    since = datetime.now(UTC) - window
    failures = select(func.count(), func.min(audit_log.c.at)).where(
        audit_log.c.kind == "login_failed", audit_log.c.at >= since
    )
    limits = (
        (audit_log.c.login == login, config.login_attempts),
        (audit_log.c.ip == ip, config.login_attempts_per_ip),
    )
    for condition, limit in limits:
        count, first = (await conn.execute(failures.where(condition))).one()
        if count >= limit:
            return max(1, int((first + window - datetime.now(UTC)).total_seconds()))
    return 0


async def _issue(conn: AsyncConnection, config: ApiConfig, user_id: str) -> Token:
    principal = await load_principal(conn, user_id, datetime.now(UTC).date())
    if principal is None:
        raise Problem(401, "invalid_credentials", "Пользователь не найден или отключён.", headers=UNAUTHORIZED)
    token, stored = new_refresh_token()
    now = datetime.now(UTC)
    await conn.execute(
        refresh_tokens.insert().values(
            token_hash=stored,
            user_id=user_id,
            issued_at=now,
            expires_at=now + timedelta(days=config.refresh_token_days),
        )
    )
    return Token(
        access_token=issue_access_token(principal, config.jwt_secret, config.access_token_minutes, now),
        expires_in=config.access_token_minutes * 60,
        refresh_token=token,
        refresh_expires_in=config.refresh_token_days * 86400,
    )


@router.post(
    "/api/auth/token",
    response_model=Token,
    responses=documented(401, 429, 503),
    summary="Вход: логин и пароль -> токены доступа и обновления",
)
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, config: ConfigDep, engine: EngineDep
) -> Token:
    if not config.jwt_secret:
        raise Problem(503, "login_disabled", "Вход отключён: не задан ключ подписи токенов (INNOCYCLE_JWT_SECRET).")
    ip = client_ip(request)
    # The refusal is raised after the transaction commits, so that the audit row of a failure is kept.
    refusal: Problem | None = None
    async with engine.begin() as conn:
        wait = await _throttled(conn, config, form.username, ip)
        if wait:
            await audit(conn, "login_throttled", form.username, None, ip)
            refusal = Problem(
                429,
                "too_many_attempts",
                f"Слишком много неудачных попыток входа; повторите через {max(1, -(-wait // 60))} мин.",
                headers={"Retry-After": str(wait)},
            )
        else:
            user = (
                await conn.execute(select(users).where(users.c.login == form.username, users.c.active.is_(True)))
            ).one_or_none()
            valid = verify_password(form.password, user.password_hash if user else DUMMY_HASH)
            if user is None or not valid:
                await audit(conn, "login_failed", form.username, str(user.id) if user else None, ip)
                refusal = Problem(401, "invalid_credentials", "Неверный логин или пароль.", headers=UNAUTHORIZED)
            else:
                await audit(conn, "login", user.login, str(user.id), ip)
                return await _issue(conn, config, str(user.id))
    raise refusal


@router.post(
    "/api/auth/refresh",
    response_model=Token,
    responses=documented(401),
    summary="Обновить токен доступа (токен обновления — одноразовый)",
)
async def refresh(body: RefreshBody, request: Request, config: ConfigDep, engine: EngineDep) -> Token:
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        row = (
            await conn.execute(
                select(refresh_tokens)
                .where(refresh_tokens.c.token_hash == refresh_hash(body.refresh_token))
                .with_for_update()
            )
        ).one_or_none()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise Problem(401, "invalid_refresh_token", "Сеанс истёк — войдите снова.", headers=UNAUTHORIZED)
        await conn.execute(
            refresh_tokens.update().where(refresh_tokens.c.token_hash == row.token_hash).values(revoked_at=now)
        )
        await audit(conn, "refresh", None, str(row.user_id), client_ip(request))
        return await _issue(conn, config, str(row.user_id))


@router.post("/api/auth/logout", status_code=204, summary="Выйти: токен обновления больше не действует")
async def logout(body: RefreshBody, engine: EngineDep) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            refresh_tokens.update()
            .where(
                refresh_tokens.c.token_hash == refresh_hash(body.refresh_token), refresh_tokens.c.revoked_at.is_(None)
            )
            .values(revoked_at=datetime.now(UTC))
        )


@router.get("/api/me", summary="Кто я: пользователь и его роли")
async def me(principal: PrincipalDep) -> dict[str, Any]:
    return {
        "user_id": principal.user_id,
        "login": principal.login,
        "full_name": principal.full_name,
        "position": principal.position,
        "grants": [
            {
                "role": g.role.value,
                "role_ru": ROLE_RU[g.role],
                "scope_kind": g.scope_kind.value,
                "scope_id": g.scope_id,
                "acting": g.acting,
                "on_behalf_of": g.on_behalf_of,
            }
            for g in principal.grants
        ],
    }
