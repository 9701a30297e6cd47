"""Signing in, refreshing and signing out, shared by the REST routes (bearer tokens) and the web pages (the
session cookie). Every sign-in, failed or not, is audited; repeated failures for a login or from an address are
refused for a while."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.access.passwords import DUMMY_HASH, verify_password
from api.access.principal import load_principal
from api.access.tokens import UNAUTHORIZED, issue_access_token, new_refresh_token, refresh_hash
from api.config import ApiConfig
from api.problems import Problem
from api.tables import audit_log, refresh_tokens, users
from api.today import service_today


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds the access token is valid")
    refresh_token: str
    refresh_expires_in: int


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
    principal = await load_principal(conn, user_id, service_today())
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


async def sign_in(engine: AsyncEngine, config: ApiConfig, login: str, password: str, ip: str) -> Token:
    """Tokens for ``login`` when ``password`` is theirs; a refusal (401, 429, 503) otherwise."""
    if not config.jwt_secret:
        raise Problem(503, "login_disabled", "Вход отключён: не задан ключ подписи токенов (INNOCYCLE_JWT_SECRET).")
    # The refusal is raised after the transaction commits, so that the audit row of a failure is kept.
    refusal: Problem | None = None
    async with engine.begin() as conn:
        wait = await _throttled(conn, config, login, ip)
        if wait:
            await audit(conn, "login_throttled", login, None, ip)
            refusal = Problem(
                429,
                "too_many_attempts",
                f"Слишком много неудачных попыток входа; повторите через {max(1, -(-wait // 60))} мин.",
                headers={"Retry-After": str(wait)},
            )
        else:
            user = (
                await conn.execute(select(users).where(users.c.login == login, users.c.active.is_(True)))
            ).one_or_none()
            valid = verify_password(password, user.password_hash if user else DUMMY_HASH)
            if user is None or not valid:
                await audit(conn, "login_failed", login, str(user.id) if user else None, ip)
                refusal = Problem(401, "invalid_credentials", "Неверный логин или пароль.", headers=UNAUTHORIZED)
            else:
                await audit(conn, "login", user.login, str(user.id), ip)
                return await _issue(conn, config, str(user.id))
    raise refusal


async def refreshed(engine: AsyncEngine, config: ApiConfig, refresh_token: str, ip: str) -> Token:
    """New tokens for a refresh token, which is spent (a refresh token is good once)."""
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        row = (
            await conn.execute(
                select(refresh_tokens)
                .where(refresh_tokens.c.token_hash == refresh_hash(refresh_token))
                .with_for_update()
            )
        ).one_or_none()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise Problem(401, "invalid_refresh_token", "Сеанс истёк — войдите снова.", headers=UNAUTHORIZED)
        await conn.execute(
            refresh_tokens.update().where(refresh_tokens.c.token_hash == row.token_hash).values(revoked_at=now)
        )
        await audit(conn, "refresh", None, str(row.user_id), ip)
        return await _issue(conn, config, str(row.user_id))


async def sign_out(engine: AsyncEngine, refresh_token: str) -> None:
    """The refresh token no longer works (the access token dies on its own within minutes)."""
    async with engine.begin() as conn:
        await conn.execute(
            refresh_tokens.update()
            .where(refresh_tokens.c.token_hash == refresh_hash(refresh_token), refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
