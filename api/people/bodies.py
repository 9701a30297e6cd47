"""What a request about people carries: a new user, a change of one, a grant, a substitution. The REST routes take
them as JSON bodies and the pages read their forms into them, so both validate alike."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from domain.people import Role, ScopeKind

LOGIN_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


class NewUser(BaseModel):
    login: str = Field(min_length=3, max_length=64, pattern=LOGIN_PATTERN, description="Логин")
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
