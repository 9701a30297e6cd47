"""FastAPI dependencies: the runtime, the authenticated principal, the service caller."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer

from api.auth.principal import Principal
from api.auth.tokens import principal_from_token
from api.problems import Problem
from api.runtime import Runtime

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
service_bearer = HTTPBearer(auto_error=False)


async def get_runtime(request: Request) -> Runtime:
    # async although it awaits nothing: FastAPI runs a plain def dependency in a thread pool, a thread hop on every
    # request.
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def current_principal(runtime: RuntimeDep, token: Annotated[str | None, Depends(oauth2)]) -> Principal:
    if not token:
        raise Problem(401, "unauthorized", "Войдите в систему.", headers={"WWW-Authenticate": "Bearer"})
    return principal_from_token(token, runtime.config.jwt_secret)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def service_caller(
    runtime: RuntimeDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(service_bearer)]
) -> None:
    expected = runtime.config.service_token
    given = credentials.credentials if credentials else ""
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Problem(401, "unauthorized", "Внутренний адрес доступен только сервисам innocycle.")
