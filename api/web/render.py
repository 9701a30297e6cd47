"""Rendering a page: one Jinja2 environment over the templates of every context (``api/<context>/templates``,
found on disk so that this module imports no context), the Russian formats as filters, the signed-in person's
session (set on the request by ``api.access.session``) and the cookies it asks to set."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.problems import TITLES, Problem
from api.web import formats

API_ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = Path(__file__).resolve().parent / "static"

TEMPLATES = Environment(
    loader=FileSystemLoader(
        [str(API_ROOT / "web" / "templates"), *sorted(str(p) for p in API_ROOT.glob("*/templates") if p.is_dir())]
    ),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)
TEMPLATES.filters.update(
    date_ru=formats.date_ru,
    date_long_ru=formats.date_long_ru,
    weekday_ru=formats.weekday_ru,
    datetime_ru=formats.datetime_ru,
    working_days=formats.working_days,
    days_left=formats.days_left,
    urlquote=lambda value: quote(str(value), safe=""),
)
TEMPLATES.globals.update(plural=formats.plural, static_version="2")

PENDING_COOKIES = "pending_cookies"


def set_cookie_later(request: Request, name: str, value: str | None, **options: Any) -> None:
    """Ask for a cookie on whatever response this request gets (``None`` deletes it)."""
    pending: list[tuple[str, str | None, dict[str, Any]]] = request.state.__dict__.setdefault(PENDING_COOKIES, [])
    pending.append((name, value, options))


def with_cookies(request: Request, response: Response) -> Response:
    for name, value, options in request.state.__dict__.get(PENDING_COOKIES, []):
        if value is None:
            response.delete_cookie(name, path=options.get("path", "/"))
        else:
            response.set_cookie(name, value, **options)
    return response


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The page ``name`` (a template path such as ``tasks/inbox.html``) for this request."""
    session = getattr(request.state, "page", None)
    html = TEMPLATES.get_template(name).render(request=request, session=session, htmx=is_htmx(request), **context)
    response = HTMLResponse(html, status_code=status_code)
    with_cookies(request, response)
    return response


def redirect(request: Request, url: str) -> Response:
    """After a form: 303 to ``url``. A boosted htmx request follows it as the browser would; a fragment request
    (a filter, a partial) is told to load the whole page instead of swapping it into a part."""
    response: Response = RedirectResponse(url, status_code=303)
    if is_htmx(request) and request.headers.get("HX-Boosted") != "true":
        response = Response(status_code=200, headers={"HX-Redirect": url})
    return with_cookies(request, response)


NOT_PAGES = ("/api/", "/internal/", "/healthz", "/readyz", "/docs", "/redoc", "/openapi", "/static/")


def is_page(request: Request) -> bool:
    """A request of the web interface (not the REST API, the internal endpoints or the documentation)."""
    path = request.url.path
    return not path.startswith(
        ("/api/", "/internal/", "/healthz", "/readyz", "/docs", "/redoc", "/openapi", "/static/")
    )


def problem_page(request: Request, problem: Problem) -> Response:
    """A refusal as a page: its title, the Russian message and a way on."""
    response = render(
        request,
        "web/problem.html",
        status_code=problem.status,
        title=TITLES.get(problem.status, "Ошибка"),
        problem=problem,
    )
    for key, value in (problem.headers or {}).items():
        if key.lower() != "www-authenticate":
            response.headers[key] = value
    return response
