"""Access tokens: short-lived HS256 JWTs naming the user."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

from api.problems import Problem

ALGORITHM = "HS256"


def issue_access_token(user_id: str, login: str, secret: str, minutes: int, now: datetime | None = None) -> str:
    issued = now or datetime.now(UTC)
    claims = {
        "sub": user_id,
        "login": login,
        "type": "access",
        "iat": int(issued.timestamp()),
        "exp": int((issued + timedelta(minutes=minutes)).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def user_id_from_token(token: str, secret: str) -> str:
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]})
    except jwt.ExpiredSignatureError:
        raise Problem(
            401, "token_expired", "Срок действия входа истёк — войдите снова.", headers={"WWW-Authenticate": "Bearer"}
        ) from None
    except jwt.InvalidTokenError:
        raise Problem(
            401, "invalid_token", "Недействительный токен доступа.", headers={"WWW-Authenticate": "Bearer"}
        ) from None
    if claims.get("type") != "access":
        raise Problem(401, "invalid_token", "Недействительный токен доступа.", headers={"WWW-Authenticate": "Bearer"})
    return str(claims["sub"])
