"""The sign-in page, signing out, and the front door that takes each person where their work is."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select

from api.access.routes import client_ip
from api.access.session import (
    REFRESH_COOKIE,
    LoginRequired,
    SessionDep,
    check_csrf,
    csrf_token,
    forget_tokens,
    home_of,
    keep_tokens,
    page_session,
    session_id,
)
from api.access.signin import sign_in, sign_out
from api.access.tokens import principal_from_token
from api.config import ConfigDep
from api.db import EngineDep, ReadsDep
from api.problems import Problem
from api.tables import grants, institutions, sites, users
from api.web.render import redirect, render
from domain.people import Role
from domain.regulations.catalog import REGULATIONS, role_title

router = APIRouter(include_in_schema=False)

# One demo account of each kind is enough to show on the sign-in page; the README lists them all.
DEMO_LOGINS = (
    "director.1.1.5",
    "responsible.1.1.5",
    "curator.1.1.5",
    "rcrso",
    "department",
    "expert.1",
    "vologda.department",
    "omp.2023",
    "vologda.centre.1",
    "vologda.centre.2",
    "sverdlovsk.ministry",
    "sverdlovsk.omc",
    "sverdlovsk.base",
    "sverdlovsk.leader.1",
    "sverdlovsk.leader.2",
    "sverdlovsk.member",
    "admin",
)

# The Vologda platforms' people are made through the API by the demo (innocycle/demo_platform.py), which asks eight
# characters at least: their password is not «demo».
DEMO_PASSWORDS = {"omp.2023": "demo-omp", "vologda.centre.1": "demo-omp", "vologda.centre.2": "demo-omp"}


def _safe_next(url: str) -> str:
    """Only a path of this site: a sign-in must never send the person to another host."""
    return url if url.startswith("/") and not url.startswith(("//", "/\\")) else "/"


async def _demo_accounts(engine: EngineDep) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(users.c.login, users.c.full_name, grants.c.role, grants.c.scope_kind, grants.c.scope_id)
                .join(grants, grants.c.user_id == users.c.id)
                .where(users.c.login.in_(DEMO_LOGINS), users.c.active.is_(True))
            )
        ).all()
        # A role named as the regulation of its grant's region names it (no «директор РЦРСО» for the ОМЦ's head).
        regions = dict((await conn.execute(select(sites.c.id, sites.c.region_id))).tuples().all())
        regions |= dict((await conn.execute(select(institutions.c.id, institutions.c.region_id))).tuples().all())
    regulations = {r.region_id: r.id for r in REGULATIONS.values()}
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        account = seen.setdefault(
            row.login,
            {"login": row.login, "full_name": row.full_name, "roles": [], "password": DEMO_PASSWORDS.get(row.login)},
        )
        scope = f" {row.scope_id}" if row.scope_kind in ("site", "direction", "institution") else ""
        region = row.scope_id if row.scope_kind == "region" else regions.get(row.scope_id)
        account["roles"].append(f"{role_title(regulations.get(region or ''), Role(row.role))}{scope}")
    return [seen[login] for login in DEMO_LOGINS if login in seen]


async def _login_page(
    request: Request, config: ConfigDep, engine: EngineDep, next_url: str, login: str = "", error: str = ""
) -> Response:
    return render(
        request,
        "access/login.html",
        status_code=401 if error else 200,
        csrf=csrf_token(config, session_id(request, config)),
        next_url=_safe_next(next_url),
        login=login,
        error=error,
        demo=await _demo_accounts(engine) if config.development else [],
    )


@router.get("/login")
async def login_form(request: Request, config: ConfigDep, engine: EngineDep, next: str = "/") -> Response:
    return await _login_page(request, config, engine, next)


@router.post("/login")
async def login(
    request: Request,
    config: ConfigDep,
    engine: EngineDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    check_csrf(request, config, await request.form())
    if not username or not password:
        return await _login_page(request, config, engine, next, username, "Введите логин и пароль.")
    try:
        token = await sign_in(engine, config, username, password, client_ip(request))
    except Problem as refusal:
        if refusal.status == 503:
            raise
        return await _login_page(request, config, engine, next, username, refusal.detail)
    keep_tokens(request, config, token)
    target = _safe_next(next)
    if target == "/":
        target = home_of(principal_from_token(token.access_token, config.jwt_secret))
    return redirect(request, target)


@router.post("/logout")
async def logout(request: Request, config: ConfigDep, engine: EngineDep) -> Response:
    check_csrf(request, config, await request.form())
    refresh = request.cookies.get(REFRESH_COOKIE)
    if refresh:
        await sign_out(engine, refresh)
    forget_tokens(request)
    return redirect(request, "/login")


@router.get("/")
async def front_door(request: Request, config: ConfigDep, engine: EngineDep, reads: ReadsDep) -> Response:
    try:
        session = await page_session(request, config, engine, reads)
    except LoginRequired:
        return redirect(request, "/login")
    return redirect(request, session.home)


__all__ = ["SessionDep", "router"]
