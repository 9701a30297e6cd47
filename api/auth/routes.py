"""Login (OAuth2 password flow) and the caller's own profile."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel
from sqlalchemy import select

from api.auth.passwords import DUMMY_HASH, verify_password
from api.auth.tokens import issue_access_token
from api.deps import PrincipalDep, RuntimeDep
from api.problems import Problem
from api.tables import users
from domain.org import ROLE_RU

router = APIRouter(tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


@router.post("/api/auth/token", response_model=Token, summary="Вход: логин и пароль -> токен доступа")
async def token(form: Annotated[OAuth2PasswordRequestForm, Depends()], runtime: RuntimeDep) -> Token:
    if not runtime.config.jwt_secret:
        raise Problem(503, "login_disabled", "Вход отключён: не задан ключ подписи токенов (INNOCYCLE_JWT_SECRET).")
    async with runtime.engine.connect() as conn:
        user = (
            await conn.execute(select(users).where(users.c.login == form.username, users.c.active.is_(True)))
        ).one_or_none()
    valid = verify_password(form.password, user.password_hash if user else DUMMY_HASH)
    if user is None or not valid:
        raise Problem(401, "invalid_credentials", "Неверный логин или пароль.", headers={"WWW-Authenticate": "Bearer"})
    minutes = runtime.config.access_token_minutes
    return Token(
        access_token=issue_access_token(str(user.id), user.login, runtime.config.jwt_secret, minutes),
        expires_in=minutes * 60,
    )


@router.get("/api/me", summary="Кто я: пользователь и его роли")
async def me(principal: PrincipalDep) -> dict[str, Any]:
    return {
        "user_id": principal.user_id,
        "login": principal.login,
        "full_name": principal.full_name,
        "position": principal.position,
        "grants": [
            {"role": g.role.value, "role_ru": ROLE_RU[g.role], "scope_kind": g.scope_kind.value, "scope_id": g.scope_id}
            for g in principal.grants
        ],
    }
