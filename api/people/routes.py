"""People and access: administrators create users and give grants (role + scope, for a period, possibly as an
acting official — И.О.); anyone hands their tasks to a colleague for a period (замещение), and both see them.
Every change is decided by the domain and appended as events by ``commands.py`` (the API's own write path), after
the checks that need the database (``accounts.py``, ``substitution.py``, shared with the pages); every change is
audited (``audit.py``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api.access.deps import PrincipalDep
from api.access.routes import client_ip
from api.people import accounts, substitution
from api.people.audit import audit_entries as read_audit
from api.people.bodies import NewGrant, NewSubstitution, NewUser, UserChange
from api.runtime import RuntimeDep

router = APIRouter(tags=["people"])

__all__ = ["NewGrant", "NewSubstitution", "NewUser", "UserChange", "router"]


@router.get("/api/admin/users", summary="Пользователи (администратор)")
async def list_users(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    search: Annotated[str | None, Query(max_length=100)] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    return await accounts.list_users(runtime, principal, search, page, per_page)


@router.post("/api/admin/users", status_code=201, summary="Создать пользователя (администратор)")
async def create_user(body: NewUser, request: Request, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await accounts.create_user(runtime, principal, client_ip(request), body)


@router.get("/api/admin/users/{user_id}", summary="Пользователь (администратор)")
async def get_user(user_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await accounts.read_user(runtime, principal, user_id)


@router.patch("/api/admin/users/{user_id}", summary="Изменить пользователя (администратор)")
async def change_user(
    user_id: str, body: UserChange, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    user, _changed = await accounts.change_user(runtime, principal, client_ip(request), user_id, body)
    return user


@router.post("/api/admin/users/{user_id}/grants", status_code=201, summary="Выдать роль в области (администратор)")
async def add_grant(
    user_id: str, body: NewGrant, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await accounts.add_grant(runtime, principal, client_ip(request), user_id, body)


@router.delete("/api/admin/users/{user_id}/grants/{grant_id}", status_code=204, summary="Отозвать роль (администратор)")
async def remove_grant(
    user_id: str, grant_id: str, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> Response:
    await accounts.remove_grant(runtime, principal, client_ip(request), user_id, grant_id)
    return Response(status_code=204)


@router.post("/api/substitutions", status_code=201, summary="Передать свои задачи коллеге на период (замещение)")
async def create_substitution(
    body: NewSubstitution, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await substitution.arrange(runtime, principal, client_ip(request), body)


@router.get("/api/substitutions", summary="Замещения: мои (и всех — для администратора)")
async def list_substitutions(runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    return await substitution.substitutions_of(runtime, principal)


@router.delete("/api/substitutions/{substitution_id}", status_code=204, summary="Отменить замещение")
async def cancel_substitution(
    substitution_id: str, request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> Response:
    await substitution.cancel(runtime, principal, client_ip(request), substitution_id)
    return Response(status_code=204)


@router.get("/api/admin/audit", summary="Журнал входов и изменений доступа (администратор)")
async def audit_entries(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    login: Annotated[str | None, Query(max_length=64)] = None,
    kind: Annotated[str | None, Query(max_length=40, description="login, login_failed, grant_added…")] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    return await read_audit(runtime, principal, login, kind, page, per_page)
