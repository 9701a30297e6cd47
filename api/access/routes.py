"""Signing in (OAuth2 password flow), refreshing and signing out, and the caller's own profile, over bearer
tokens; the work itself is in ``signin.py``, shared with the web pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from api.access.deps import PrincipalDep
from api.access.signin import Token, audit, refreshed, sign_in, sign_out
from api.config import ConfigDep
from api.db import EngineDep
from api.problems import documented
from domain.people import ROLE_RU

__all__ = ["audit", "client_ip", "router"]

router = APIRouter(tags=["auth"])


class RefreshBody(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


@router.post(
    "/api/auth/token",
    response_model=Token,
    responses=documented(401, 429, 503),
    summary="Вход: логин и пароль -> токены доступа и обновления",
)
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, config: ConfigDep, engine: EngineDep
) -> Token:
    return await sign_in(engine, config, form.username, form.password, client_ip(request))


@router.post(
    "/api/auth/refresh",
    response_model=Token,
    responses=documented(401),
    summary="Обновить токен доступа (токен обновления — одноразовый)",
)
async def refresh(body: RefreshBody, request: Request, config: ConfigDep, engine: EngineDep) -> Token:
    return await refreshed(engine, config, body.refresh_token, client_ip(request))


@router.post("/api/auth/logout", status_code=204, summary="Выйти: токен обновления больше не действует")
async def logout(body: RefreshBody, engine: EngineDep) -> None:
    await sign_out(engine, body.refresh_token)


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
