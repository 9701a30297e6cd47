"""Tokens: a short-lived HS256 access token carrying who the user is and the grants in force, and an opaque
refresh token, stored hashed, rotated on every use."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from api.access.principal import Principal
from api.problems import Problem
from domain.people import Grant

ALGORITHM = "HS256"
UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}


def issue_access_token(principal: Principal, secret: str, minutes: int, now: datetime | None = None) -> str:
    issued = now or datetime.now(UTC)
    claims = {
        "sub": principal.user_id,
        "login": principal.login,
        "name": principal.full_name,
        "position": principal.position,
        "grants": [grant.model_dump(mode="json") for grant in principal.grants],
        "for": list(principal.substituting),
        "type": "access",
        "iat": int(issued.timestamp()),
        "exp": int((issued + timedelta(minutes=minutes)).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


# Tokens already checked, with their principal and expiry: a token is immutable, so checking it again on each
# request of the same session would only repeat the signature and the parsing.
_CHECKED: dict[tuple[str, str], tuple[Principal, float]] = {}
_CHECKED_MAX = 10_000


def principal_from_token(token: str, secret: str) -> Principal:
    checked = _CHECKED.get((token, secret))
    if checked is not None and checked[1] > time.time():
        return checked[0]
    principal, expires = _checked_principal(token, secret)
    if len(_CHECKED) >= _CHECKED_MAX:
        _CHECKED.clear()
    _CHECKED[(token, secret)] = (principal, expires)
    return principal


def _checked_principal(token: str, secret: str) -> tuple[Principal, float]:
    try:
        claims: dict[str, Any] = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]})
    except jwt.ExpiredSignatureError:
        raise Problem(
            401, "token_expired", "Срок действия входа истёк — войдите снова.", headers=UNAUTHORIZED
        ) from None
    except jwt.InvalidTokenError:
        raise Problem(401, "invalid_token", "Недействительный токен доступа.", headers=UNAUTHORIZED) from None
    if claims.get("type") != "access" or "grants" not in claims:
        raise Problem(401, "invalid_token", "Недействительный токен доступа.", headers=UNAUTHORIZED)
    principal = Principal(
        user_id=str(claims["sub"]),
        login=str(claims.get("login", "")),
        full_name=str(claims.get("name", "")),
        position=str(claims.get("position", "")),
        grants=tuple(Grant.model_validate(grant) for grant in claims["grants"]),
        substituting=tuple(str(user_id) for user_id in claims.get("for", [])),
    )
    return principal, float(claims["exp"])


def new_refresh_token() -> tuple[str, str]:
    """A refresh token and the hash under which it is stored."""
    token = secrets.token_urlsafe(32)
    return token, refresh_hash(token)


def refresh_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
