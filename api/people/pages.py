"""Pages of the people context: the administrator's users (list, new user, one user with their grants) and audit
log, and everyone's own profile «Мой профиль» with the substitutions (замещения) they arrange. Every page calls the
functions the REST routes call (``accounts.py``, ``substitution.py``, ``audit.py``): the same rights — anyone but an
administrator gets the REST API's refusal on the administrator's pages —, the same checks, the same messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.access.routes import client_ip
from api.access.session import FormDep, SessionDep
from api.notifications.pages import preferences_section
from api.people import accounts, substitution
from api.people.audit import AUDIT_KIND_RU, audit_entries, audit_zone, logins_of
from api.people.bodies import NewGrant, NewSubstitution, NewUser, UserChange
from api.people.scopes import load_scopes
from api.people.segregation import overlaps as segregation_overlaps
from api.people.views import (
    audit_row,
    grant_row,
    held_grants,
    role_options,
    substitution_state,
    zone_label,
)
from api.problems import Problem
from api.runtime import RuntimeDep
from api.today import service_today
from api.web.forms import FormErrors, errors_of, parsed
from api.web.render import redirect, render

router = APIRouter(include_in_schema=False)

PER_PAGE = 25
AUDIT_PER_PAGE = 50

USER_MESSAGES = {
    "login": "Логин — от 3 до 64 знаков: строчные латинские буквы, цифры, точка, дефис или подчеркивание.",
    "full_name": "Введите фамилию, имя и отчество (не короче 3 знаков).",
    "position": "Должность — не длиннее 300 знаков.",
    "password": "Пароль — не короче 8 знаков.",
    "active": "Укажите, включена ли учетная запись.",
}
GRANT_MESSAGES = {
    "role": "Выберите роль.",
    "scope": "Выберите область действия роли.",
    "valid_from": "Дата начала указана неверно: нужен день, например 01.02.2026.",
    "valid_until": "Дата окончания указана неверно: нужен день, например 14.02.2026.",
}
SUBSTITUTION_MESSAGES = {
    "substitute_login": "Введите логин коллеги, который будет вас замещать.",
    "absent_login": "Логин того, кого замещают, — не длиннее 64 знаков.",
    "starts_on": "Введите дату начала замещения.",
    "ends_on": "Введите дату окончания замещения.",
    "reason": "Укажите причину (не короче 3 знаков), например «отпуск».",
}
DONE = {
    "created": "Пользователь создан. Выдайте ему роль, чтобы он видел свою работу.",
    "changed": "Изменения сохранены.",
    "unchanged": "Изменений нет: данные остались прежними.",
    "password": "Изменения сохранены. Новый пароль действует со следующего входа.",
    "granted": "Роль выдана. Она появится у пользователя со следующего входа в систему.",
    "withdrawn": "Роль отозвана. Пользователь лишится ее со следующего входа в систему.",
    "arranged": "Замещение назначено. Коллега увидит ваши задачи при следующем входе в систему.",
    "arranged_for": "Замещение назначено. Замещающий увидит задачи при следующем входе в систему.",
    "cancelled": "Замещение отменено.",
    "notifications": "Настройки уведомлений сохранены.",
}


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _number(value: str | None, last: int = 100000) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) <= last else 1


def _today() -> date:
    return service_today()


def _pages(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def _pager(path: str, params: dict[str, str]) -> Callable[[int], str]:
    """The address of page ``n`` of a list shown with ``params``."""

    def url(n: int) -> str:
        query = urlencode({**{k: v for k, v in params.items() if v}, **({"page": str(n)} if n > 1 else {})})
        return f"{path}?{query}" if query else path

    return url


def _invalid(
    errors: FormErrors, messages: dict[str, str], summary: str, renamed: dict[str, str] | None = None
) -> FormErrors:
    """A form's validation errors, each said as a whole sentence (the same one beside the field and on top)."""
    fields: dict[str, str] = {}
    for name, message in errors.fields.items():
        name = (renamed or {}).get(name, name)
        fields.setdefault(name, messages.get(name, message))
    return FormErrors(summary=summary, fields=fields)


def _refusal(problem: Problem, summary: str, renamed: dict[str, str] | None = None) -> FormErrors:
    """A refusal of the service: its Russian message beside the field it names (and on top)."""
    errors = errors_of(problem)
    fields = {(renamed or {}).get(name, name): message for name, message in errors.fields.items()}
    if len(fields) == 1:
        fields = dict.fromkeys(fields, problem.detail)
    if problem.code == "self_deactivation":
        fields = {"active": problem.detail}
    return FormErrors(summary=summary if fields else problem.detail, fields=fields)


# --- users --------------------------------------------------------------------------------------------------------


@router.get("/admin/users")
async def users_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    search = request.query_params.get("search", "").strip()[:100]
    page = _number(request.query_params.get("page"))
    result = await accounts.list_users(runtime, session.principal, search or None, page, PER_PAGE)
    async with runtime.engine.connect() as conn:
        scopes = await load_scopes(conn)
        conflicts = await segregation_overlaps(conn)
    today = _today()
    people = [{**user, "roles": [grant_row(g, scopes, today) for g in user["grants"]]} for user in result["items"]]
    return render(
        request,
        "people/users.html",
        title="Пользователи",
        admin_section="users",
        search=search,
        people=people,
        conflicts=conflicts,
        result=result,
        pages=_pages(result["total"], PER_PAGE),
        page_url=_pager("/admin/users", {"search": search}),
    )


def _new_user_page(
    request: Request, values: dict[str, str], errors: FormErrors | None = None, status_code: int = 200
) -> Response:
    return render(
        request,
        "people/new_user.html",
        status_code=status_code,
        title="Новый пользователь",
        admin_section="users",
        values=values,
        errors=errors or FormErrors(),
    )


@router.get("/admin/users/new")
async def new_user_form(request: Request, session: SessionDep) -> Response:
    accounts.require_admin(session.principal)
    return _new_user_page(request, {"login": "", "full_name": "", "position": "", "password": ""})


@router.post("/admin/users/new")
async def new_user(request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    accounts.require_admin(session.principal)
    values = {name: _text(form, name) for name in ("login", "full_name", "position")}
    password = str(form.get("password") or "")
    body = parsed(NewUser, {**values, "password": password})
    kept = {**values, "password": ""}  # a password is never sent back to the browser
    if isinstance(body, FormErrors):
        errors = _invalid(body, USER_MESSAGES, "Пользователь не создан: исправьте выделенные поля.")
        return _new_user_page(request, kept, errors, 422)
    try:
        created = await accounts.create_user(runtime, session.principal, client_ip(request), body)
    except Problem as problem:
        if problem.status >= 500 or problem.status == 403:
            raise
        return _new_user_page(request, kept, _refusal(problem, "Пользователь не создан."), problem.status)
    return redirect(request, f"/admin/users/{created['user_id']}?done=created")


async def _user_page(
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    user_id: str,
    *,
    change: dict[str, Any] | None = None,
    change_errors: FormErrors | None = None,
    grant: dict[str, Any] | None = None,
    grant_errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    user = await accounts.read_user(runtime, session.principal, user_id)
    async with runtime.engine.connect() as conn:
        scopes = await load_scopes(conn)
    today = _today()
    return render(
        request,
        "people/user.html",
        status_code=status_code,
        title=user["full_name"],
        admin_section="users",
        user=user,
        grants=[grant_row(g, scopes, today) for g in user["grants"]],
        is_self=user["user_id"] == session.principal.user_id,
        change=change
        or {"full_name": user["full_name"], "position": user["position"], "active": user["active"], "password": ""},
        change_errors=change_errors or FormErrors(),
        grant=grant or {"role": "", "scope": "", "valid_from": "", "valid_until": "", "acting": False},
        grant_errors=grant_errors or FormErrors(),
        role_options=role_options(),
        scope_groups=scopes.choices(),
        done=DONE.get(request.query_params.get("done", ""), ""),
    )


@router.get("/admin/users/{user_id}")
async def user_page(user_id: str, request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    return await _user_page(request, runtime, session, user_id)


@router.post("/admin/users/{user_id}")
async def change_user(
    user_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    accounts.require_admin(session.principal)
    values: dict[str, Any] = {name: _text(form, name) for name in ("full_name", "position")}
    values["active"] = form.get("active") == "true"
    password = str(form.get("password") or "")
    body = parsed(UserChange, {**values, "password": password or None})
    kept = {**values, "password": ""}
    if isinstance(body, FormErrors):
        errors = _invalid(body, USER_MESSAGES, "Изменения не сохранены: исправьте выделенные поля.")
        return await _user_page(request, runtime, session, user_id, change=kept, change_errors=errors, status_code=422)
    try:
        _user, changed = await accounts.change_user(runtime, session.principal, client_ip(request), user_id, body)
    except Problem as problem:
        if problem.status >= 500 or problem.status in (403, 404):
            raise
        errors = _refusal(problem, "Изменения не сохранены.")
        return await _user_page(
            request, runtime, session, user_id, change=kept, change_errors=errors, status_code=problem.status
        )
    done = "password" if password else "changed" if changed else "unchanged"
    return redirect(request, f"/admin/users/{user_id}?done={done}")


def _scope_of(value: str) -> tuple[str | None, str]:
    """«site:1.1.5» of the scope select as (kind, id); nothing chosen as (None, "")."""
    kind, _, scope_id = value.partition(":")
    return (kind or None), scope_id


@router.post("/admin/users/{user_id}/grants")
async def add_grant(
    user_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    accounts.require_admin(session.principal)
    values: dict[str, Any] = {name: _text(form, name) for name in ("role", "scope", "valid_from", "valid_until")}
    values["acting"] = form.get("acting") == "true"
    scope_kind, scope_id = _scope_of(values["scope"])
    data = {
        "role": values["role"] or None,
        "scope_kind": scope_kind,
        "scope_id": scope_id,
        "acting": values["acting"],
        "valid_from": values["valid_from"] or None,
        "valid_until": values["valid_until"] or None,
    }
    renamed = {"scope_kind": "scope", "scope_id": "scope"}
    body = parsed(NewGrant, data)
    if isinstance(body, FormErrors):
        errors = _invalid(body, GRANT_MESSAGES, "Роль не выдана: исправьте выделенные поля.", renamed)
        return await _user_page(request, runtime, session, user_id, grant=values, grant_errors=errors, status_code=422)
    try:
        await accounts.add_grant(runtime, session.principal, client_ip(request), user_id, body)
    except Problem as problem:
        if problem.status >= 500 or problem.status in (403, 404):
            raise
        errors = _refusal(problem, "Роль не выдана.", renamed)
        return await _user_page(
            request, runtime, session, user_id, grant=values, grant_errors=errors, status_code=problem.status
        )
    return redirect(request, f"/admin/users/{user_id}?done=granted#grants")


@router.post("/admin/users/{user_id}/grants/{grant_id}/withdraw")
async def withdraw_grant(
    user_id: str, grant_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    await accounts.remove_grant(runtime, session.principal, client_ip(request), user_id, grant_id)
    return redirect(request, f"/admin/users/{user_id}?done=withdrawn#grants")


# --- the audit log ------------------------------------------------------------------------------------------------


@router.get("/admin/audit")
async def audit_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    login = request.query_params.get("login", "").strip()[:64]
    kind = request.query_params.get("kind", "")
    kind = kind if kind in AUDIT_KIND_RU else ""
    page = _number(request.query_params.get("page"))
    result = await audit_entries(runtime, session.principal, login or None, kind or None, page, AUDIT_PER_PAGE)
    zone = await audit_zone(runtime)
    unnamed = {e["user_id"] for e in result["items"] if not e["login"] and e["user_id"]}
    logins = await logins_of(runtime, unnamed)
    async with runtime.engine.connect() as conn:
        scopes = await load_scopes(conn)
    return render(
        request,
        "people/audit.html",
        title="Журнал входов и изменений доступа",
        admin_section="audit",
        login=login,
        kind=kind,
        kind_options=[(value, label[:1].upper() + label[1:]) for value, label in AUDIT_KIND_RU.items()],
        entries=[audit_row(e, logins, scopes) for e in result["items"]],
        result=result,
        pages=_pages(result["total"], AUDIT_PER_PAGE),
        page_url=_pager("/admin/audit", {"login": login, "kind": kind}),
        zone=zone,
        zone_label=zone_label(zone),
    )


# --- my profile ---------------------------------------------------------------------------------------------------


async def _me_page(
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    principal = session.principal
    today = _today()
    listed = [substitution_state(item, today) for item in await substitution.substitutions_of(runtime, principal)]
    async with runtime.engine.connect() as conn:
        scopes = await load_scopes(conn)
    mine = [s for s in listed if s["absent"]["login"] == principal.login]
    theirs = [s for s in listed if s["substitute"]["login"] == principal.login]
    others = [s for s in listed if s not in mine and s not in theirs]
    own, held_for = held_grants(principal.grants, scopes)
    in_force = [s for s in theirs if s["code"] == "in_force"]
    for held in held_for:
        ends = [s["ends_on"] for s in in_force if s["absent"]["full_name"] == held["absent"]]
        held["until"] = max(ends) if ends else None
    # A substitution in force since the token was issued shows in the grants from the next sign-in.
    holding = {h["absent"] for h in held_for}
    pending = [s for s in in_force if s["absent"]["full_name"] not in holding]
    return render(
        request,
        "people/me.html",
        status_code=status_code,
        title="Мой профиль",
        principal=principal,
        own_grants=own,
        held_for=held_for,
        pending=pending,
        mine=mine,
        theirs=theirs,
        others=others,
        is_admin=accounts.is_admin(principal),
        values=values
        or {"substitute_login": "", "absent_login": "", "starts_on": today.isoformat(), "ends_on": "", "reason": ""},
        errors=errors or FormErrors(),
        done=DONE.get(request.query_params.get("done", ""), ""),
        notify=await preferences_section(runtime, principal.user_id),
    )


@router.get("/me")
async def me_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    return await _me_page(request, runtime, session)


@router.post("/me/substitutions")
async def arrange_substitution(request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    names = ("substitute_login", "absent_login", "starts_on", "ends_on", "reason")
    values = {name: _text(form, name) for name in names}
    data = {**values, "absent_login": values["absent_login"] or None}
    data |= {"starts_on": values["starts_on"] or None, "ends_on": values["ends_on"] or None}
    body = parsed(NewSubstitution, data)
    if isinstance(body, FormErrors):
        errors = _invalid(body, SUBSTITUTION_MESSAGES, "Замещение не назначено: исправьте выделенные поля.")
        return await _me_page(request, runtime, session, values, errors, 422)
    try:
        await substitution.arrange(runtime, session.principal, client_ip(request), body)
    except Problem as problem:
        if problem.status >= 500:
            raise
        errors = _refusal(problem, "Замещение не назначено.")
        return await _me_page(request, runtime, session, values, errors, problem.status)
    for_other = body.absent_login not in (None, session.principal.login)
    return redirect(request, f"/me?done={'arranged_for' if for_other else 'arranged'}#substitutions")


@router.post("/me/substitutions/{substitution_id}/cancel")
async def cancel_substitution(
    substitution_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    await substitution.cancel(runtime, session.principal, client_ip(request), substitution_id)
    return redirect(request, "/me?done=cancelled#substitutions")
