"""FastAPI dependencies: the runtime, the authenticated principal, the service caller."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer

from api.auth.principal import Principal, load_principal
from api.auth.tokens import user_id_from_token
from api.problems import Problem
from api.runtime import Runtime

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
service_bearer = HTTPBearer(auto_error=False)


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def current_principal(runtime: RuntimeDep, token: Annotated[str | None, Depends(oauth2)]) -> Principal:
    if not token:
        raise Problem(401, "unauthorized", "Войдите в систему.", headers={"WWW-Authenticate": "Bearer"})
    user_id = user_id_from_token(token, runtime.config.jwt_secret)
    async with runtime.engine.connect() as conn:
        principal = await load_principal(conn, user_id)
    if principal is None:
        raise Problem(
            401, "invalid_token", "Пользователь не найден или отключён.", headers={"WWW-Authenticate": "Bearer"}
        )
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def service_caller(
    runtime: RuntimeDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(service_bearer)]
) -> None:
    expected = runtime.config.service_token
    given = credentials.credentials if credentials else ""
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Problem(401, "unauthorized", "Внутренний адрес доступен только сервисам innocycle.")
