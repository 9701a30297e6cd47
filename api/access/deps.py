"""FastAPI dependencies of access: the authenticated principal (from the bearer token) and the service caller
(the worker, with the service token)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer

from api.access.principal import Principal
from api.access.tokens import principal_from_token
from api.config import ConfigDep
from api.problems import Problem

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
service_bearer = HTTPBearer(auto_error=False)


async def current_principal(config: ConfigDep, token: Annotated[str | None, Depends(oauth2)]) -> Principal:
    if not token:
        raise Problem(401, "unauthorized", "Войдите в систему.", headers={"WWW-Authenticate": "Bearer"})
    return principal_from_token(token, config.jwt_secret)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def service_caller(
    config: ConfigDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(service_bearer)]
) -> None:
    expected = config.service_token
    given = credentials.credentials if credentials else ""
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Problem(401, "unauthorized", "Внутренний адрес доступен только сервисам innocycle.")
