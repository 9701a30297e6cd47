"""The browser's session: the access and refresh tokens of the REST API kept in HttpOnly cookies (SameSite=Lax;
Secure outside development), renewed unseen while the refresh token lives; a CSRF token on every form, derived
from a random session id cookie, so a form posted from another site is refused.

A page depends on :data:`SessionDep` for the person; a page that changes something reads its form through
:data:`FormDep`, which checks the CSRF token first."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy import ARRAY, Integer, Text, bindparam, func, select, union
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.datastructures import FormData

from api.access.principal import Principal
from api.access.signin import Token, refreshed
from api.access.tokens import principal_from_token
from api.config import ApiConfig, ConfigDep
from api.db import EngineDep, ReadsDep, driver_rows, driver_sql
from api.problems import Problem
from api.tables import directions, institutions, notifications, sites, workflow_signals
from api.web.render import set_cookie_later
from domain.people import Role, ScopeKind
from domain.qms.model import READERS
from domain.regulations.catalog import REGULATIONS

ACCESS_COOKIE = "innocycle_access"
REFRESH_COOKIE = "innocycle_refresh"
SID_COOKIE = "innocycle_sid"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
# Who finds the expert council in the navigation: its members, secretary and chair, the RCRSO and the Department.
COUNCIL_DESK = (Role.EXPERT, Role.COUNCIL_SECRETARY, Role.COUNCIL_CHAIR, Role.RCRSO_DIRECTOR, Role.DEPARTMENT)
# Who finds the documents of a quality management system (api/qms): their signatories and the units' staff.
QMS_ROLES = tuple(sorted((READERS | {Role.UNIT_EMPLOYEE}) - {Role.ADMIN}))


class LoginRequired(Exception):
    """No valid session: the page answers with the sign-in page, then comes back to ``next_url``."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    section: str = ""  # the paths it stands for (``/admin``: users, the audit, the calendar); its href alone if empty

    def current(self, path: str) -> bool:
        section = self.section or self.href
        return path == self.href or (section != "/sites" and path.startswith(section + "/"))


@dataclass(frozen=True)
class PageSession:
    principal: Principal
    csrf_token: str
    nav: tuple[NavItem, ...]
    home: str
    unread: int = 0  # the person's unread notifications, up to BELL_CAP: the count on the bell of every page
    # The regions of the person's grants (a site's, an organisation's, a direction's region; a region itself); None:
    # every region (an administrator, a global grant) or no grant at all. Nothing of another region is theirs.
    regions: frozenset[str] | None = None
    # For an administrator: changes saved but not yet told to the running cycles (Temporal out of reach), shown on
    # every page until they are delivered.
    signals: SignalBacklog | None = None


# The bell's count, on every page (the partial index ``notifications_unread`` answers it), counted up to BELL_CAP
# only: a person who never reads would otherwise have every page count thousands of rows; the bell shows «99+».
BELL_CAP = 100
_UNREAD = (
    select(notifications.c.notification_id)
    .where(notifications.c.user_id == bindparam("user_id"), notifications.c.read_at.is_(None))
    .limit(bindparam("bell_cap", type_=Integer))
    .subquery()
)
# The tables a grant's scope names with a region of its own (a region's grant is its region).
_SCOPE_TABLES = {ScopeKind.SITE: sites, ScopeKind.INSTITUTION: institutions, ScopeKind.DIRECTION: directions}
# The regions of the scopes named in the arrays ``in_site``, ``in_institution``, ``in_direction``: one text whatever
# the grants, so it is compiled once and prepared by the driver, where an IN list is rendered anew for each caller.
_SCOPED_REGIONS = union(
    *(
        select(table.c.region_id).where(table.c.id == func.any(bindparam(f"in_{kind.value}", type_=ARRAY(Text))))
        for kind, table in _SCOPE_TABLES.items()
    )
).subquery()
_GRANT_REGIONS = driver_sql(select(_SCOPED_REGIONS.c.region_id))
# What every page's session reads, in one statement (each is a round trip of its own otherwise), compiled once and
# read through the driver (api.db.driver_rows).
_SESSION = driver_sql(
    select(
        select(func.count()).select_from(_UNREAD).scalar_subquery().label("unread"),
        select(func.array_agg(_SCOPED_REGIONS.c.region_id)).scalar_subquery().label("regions"),
    )
)


@dataclass(frozen=True)
class SignalBacklog:
    """The signals of the outbox (``api.signals``) tried at least once and not delivered: what a Temporal server out
    of reach leaves behind. A signal delivered at its first attempt, the everyday case, is never part of it."""

    waiting: int
    since: datetime  # when the oldest of them was written


# The partial index workflow_signals_pending holds only the undelivered rows: a handful, or none.
_SIGNALS_WAITING = select(func.count(), func.min(workflow_signals.c.created_at)).where(
    workflow_signals.c.sent_at.is_(None), workflow_signals.c.attempts > 0
)


async def signal_backlog(conn: AsyncConnection) -> SignalBacklog | None:
    waiting, since = (await conn.execute(_SIGNALS_WAITING)).one()
    return SignalBacklog(waiting=waiting, since=since) if waiting else None


def _cookie_options(config: ApiConfig, max_age: int) -> dict[str, object]:
    return {"max_age": max_age, "httponly": True, "samesite": "lax", "secure": not config.development, "path": "/"}


def csrf_token(config: ApiConfig, sid: str) -> str:
    return hmac.new(config.jwt_secret.encode(), f"csrf:{sid}".encode(), hashlib.sha256).hexdigest()


def session_id(request: Request, config: ApiConfig) -> str:
    """The browser's random session id, set on first visit; it outlives a sign-in so the sign-in form has one."""
    sid = request.cookies.get(SID_COOKIE, "")
    if len(sid) < 20:
        sid = secrets.token_urlsafe(24)
        set_cookie_later(request, SID_COOKIE, sid, **_cookie_options(config, 14 * 86400))
        request.state.sid = sid
    return sid


def keep_tokens(request: Request, config: ApiConfig, token: Token) -> None:
    set_cookie_later(request, ACCESS_COOKIE, token.access_token, **_cookie_options(config, token.expires_in))
    set_cookie_later(request, REFRESH_COOKIE, token.refresh_token, **_cookie_options(config, token.refresh_expires_in))


def forget_tokens(request: Request) -> None:
    set_cookie_later(request, ACCESS_COOKIE, None)
    set_cookie_later(request, REFRESH_COOKIE, None)


def home_of(principal: Principal) -> str:
    """Where a person's work is: a site's director on the site, a curator on the inbox, the Department on the
    region, an administrator on the users."""
    for grant in principal.grants:
        if grant.scope_kind == ScopeKind.SITE and grant.role in (Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE):
            return f"/sites/{quote(grant.scope_id, safe='')}"
    if principal.has_role(Role.DEPARTMENT, Role.RCRSO_DIRECTOR):
        return "/region"
    if principal.has_role(Role.ADMIN) and not principal.has_role(Role.CURATOR, Role.EXPERT):
        return "/admin/users"
    return "/tasks"


def document_control_only(principal: Principal) -> bool:
    """A signatory or employee of a unit's controlled documents (СМК) and nothing of the innovation programme: the
    programme's pages (sites, products, the region, its regulations) are not theirs."""
    return bool(principal.grants) and all(grant.role in QMS_ROLES for grant in principal.grants)


def _every_region(principal: Principal) -> bool:
    """Whether no region bounds the person: a global grant (an administrator), or no grant at all."""
    return not principal.grants or any(g.scope_kind == ScopeKind.GLOBAL for g in principal.grants)


def _scope_ids(principal: Principal) -> dict[str, list[str]]:
    """The values of ``_SCOPED_REGIONS``: the ids of the person's grants on sites, organisations and directions;
    none when no region bounds the person anyway."""
    wanted = not _every_region(principal)
    return {
        f"in_{kind.value}": sorted({g.scope_id for g in principal.grants if wanted and g.scope_kind == kind})
        for kind in _SCOPE_TABLES
    }


def _regions_of(principal: Principal, scoped: Iterable[str | None]) -> frozenset[str] | None:
    """The regions of the person's own region grants and of ``scoped`` (the regions ``_SCOPED_REGIONS`` found);
    None for every region."""
    if _every_region(principal):
        return None
    own = {g.scope_id for g in principal.grants if g.scope_kind == ScopeKind.REGION}
    return frozenset(own | {region for region in scoped if region})


async def grant_regions(conn: AsyncConnection, principal: Principal) -> frozenset[str] | None:
    """The regions of all of a person's grants (issue 16): a region itself, a site's, an organisation's or a
    direction's region, in one query; None for a global grant (an administrator: every region) or no grant."""
    ids = _scope_ids(principal)
    if not any(ids.values()):
        return _regions_of(principal, ())
    return _regions_of(principal, (row.region_id for row in await driver_rows(conn, _GRANT_REGIONS, ids)))


def has_council(regions: frozenset[str] | None) -> bool:
    """Whether a region of the person's has an expert council in its regulation (KhMAO's, order 135-р 2.4.2): the
    products and the council are only theirs to find then. None (every region) has."""
    with_council = {r.region_id for r in REGULATIONS.values() if r.council is not None}
    return regions is None or bool(regions & with_council)


def nav_of(principal: Principal, regions: frozenset[str] | None = None) -> tuple[NavItem, ...]:
    items = [NavItem("/tasks", "Мои задачи")]
    if document_control_only(principal):
        return (*items, NavItem("/qms", "Документы СМК"))
    home = home_of(principal)
    if home.startswith("/sites/"):
        items.append(NavItem(home, "Моя площадка"))
    items.append(NavItem("/sites", "Площадки"))
    if has_council(regions):
        items.append(NavItem("/products", "Продукты"))
        if principal.has_role(*COUNCIL_DESK):
            items.append(NavItem("/council", "Экспертный совет"))
    if principal.has_role(Role.DEPARTMENT, Role.RCRSO_DIRECTOR, Role.CURATOR, Role.ADMIN):
        items.append(NavItem("/region", "Регион"))
    if principal.has_role(Role.DEPARTMENT, Role.ADMIN):
        items.append(NavItem("/webhooks", "Вебхуки"))
    items.append(NavItem("/regulations", "Регламенты"))
    if principal.has_role(Role.ADMIN, *QMS_ROLES):
        items.append(NavItem("/qms", "Документы СМК"))
    if principal.has_role(Role.ADMIN):
        items.append(NavItem("/admin/users", "Администрирование", "/admin"))
    return tuple(items)


async def _principal(request: Request, config: ApiConfig, engine: EngineDep) -> Principal | None:
    token = request.cookies.get(ACCESS_COOKIE)
    if token:
        try:
            return principal_from_token(token, config.jwt_secret)
        except Problem:
            pass
    refresh = request.cookies.get(REFRESH_COOKIE)
    if not refresh:
        return None
    try:
        renewed = await refreshed(engine, config, refresh, request.client.host if request.client else "")
    except Problem:
        forget_tokens(request)
        return None
    keep_tokens(request, config, renewed)
    return principal_from_token(renewed.access_token, config.jwt_secret)


async def _session_on(conn: AsyncConnection, request: Request, config: ApiConfig, principal: Principal) -> PageSession:
    (read,) = await driver_rows(
        conn, _SESSION, {"user_id": principal.user_id, "bell_cap": BELL_CAP, **_scope_ids(principal)}
    )
    unread, regions = read.unread, _regions_of(principal, read.regions or ())
    signals = await signal_backlog(conn) if principal.has_role(Role.ADMIN) else None
    session = PageSession(
        principal=principal,
        csrf_token=csrf_token(config, session_id(request, config)),
        nav=nav_of(principal, regions),
        home=home_of(principal),
        unread=unread,
        regions=regions,
        signals=signals,
    )
    request.state.page = session
    return session


async def _signed_in(request: Request, config: ApiConfig, engine: AsyncEngine) -> Principal:
    principal = await _principal(request, config, engine)
    if principal is None:
        query = f"?{request.url.query}" if request.url.query else ""
        raise LoginRequired(request.url.path + query)
    return principal


async def page_session(request: Request, config: ConfigDep, engine: EngineDep, reads: ReadsDep) -> PageSession:
    principal = await _signed_in(request, config, engine)
    async with reads.connect() as conn:
        return await _session_on(conn, request, config, principal)


SessionDep = Annotated[PageSession, Depends(page_session)]


@dataclass(frozen=True)
class PageReading:
    """A page's session and the pooled connection it was read on, for a page that goes on reading on it (each
    checkout from the pool costs a round trip of its own). Outside a transaction (api.db.autocommit), held while the
    page's handler runs: for pages that only read, since a command's append, made by the worker through this API,
    needs a connection of the same pool while the page would wait for it."""

    session: PageSession
    conn: AsyncConnection


async def page_reading(
    request: Request, config: ConfigDep, engine: EngineDep, reads: ReadsDep
) -> AsyncIterator[PageReading]:
    principal = await _signed_in(request, config, engine)
    async with reads.connect() as conn:
        yield PageReading(await _session_on(conn, request, config, principal), conn)


ReadingDep = Annotated[PageReading, Depends(page_reading, scope="function")]


def check_csrf(request: Request, config: ApiConfig, form: FormData) -> None:
    sid = request.cookies.get(SID_COOKIE, "")
    given = str(form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER, ""))
    if not sid or not hmac.compare_digest(given.encode(), csrf_token(config, sid).encode()):
        raise Problem(
            403,
            "csrf_failed",
            "Форма устарела или отправлена не со страницы innocycle. Обновите страницу и отправьте её снова.",
        )


async def checked_form(request: Request, config: ConfigDep, session: SessionDep) -> FormData:
    """The posted form of a signed-in person, once its CSRF token is checked."""
    form = await request.form()
    check_csrf(request, config, form)
    return form


FormDep = Annotated[FormData, Depends(checked_form)]
