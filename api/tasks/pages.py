"""The page «Мои задачи»: the inbox of ``GET /api/tasks`` (the same query, overdue first, then by due date) with
its filters as a plain GET form (htmx swaps only the list), and taking, giving back and handing over a task as POST
forms that act through the same functions as the REST routes, a refusal shown next to its task."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.session import FormDep, PageSession, ReadingDep, SessionDep, document_control_only
from api.calendar.service import calendar_for
from api.problems import Problem
from api.runtime import RuntimeDep
from api.sites.service import site_view, visible_sites
from api.tasks import actions
from api.tasks.inbox import inbox_on
from api.tasks.inbox_query import InboxFilter
from api.tasks.projection import KIND_RU as TASK_KIND_RU
from api.tasks.routes import AssignBody
from api.today import service_today
from api.web.forms import FormErrors, errors_of, parsed
from api.web.render import redirect, render
from domain.regulations.model import KIND_RU, ObligationKind
from domain.tasks import ASSIGNERS

router = APIRouter(include_in_schema=False)

PER_PAGE = 20
RESULTS_ID = "task-results"
TABS = (("any", "Все задачи"), ("me", "Взятые мной"), ("unassigned", "Никем не взятые"))
STATES = (("open", "Открытые"), ("completed", "Выполненные"), ("all", "Все"))
DOCUMENT_CONTROL_TASKS = ("sign", "acknowledge")  # the tasks of a unit's controlled documents (api/qms)
PRODUCT_EXPERTISE = "product_expertise"  # the obligation of a product's examination; its instance is the product
DONE = {
    "claimed": "Задача взята в работу.",
    "released": "Задача возвращена в общий список.",
    "assigned": "Задача передана коллеге.",
}


@dataclass(frozen=True)
class InboxQuery:
    """The filters of the page as the person chose them (values of the form, the tab, the page number). Unknown
    values are ignored: a filter is a view, not a command."""

    state: str = "open"
    site_id: str = ""
    kind: str = ""
    task_kind: str = ""
    overdue: bool = False
    week: bool = False
    assigned: str = "any"
    page: int = 1

    @classmethod
    def read(cls, params: Mapping[str, str]) -> InboxQuery:
        def chosen(name: str, allowed: tuple[str, ...], default: str = "") -> str:
            value = params.get(name, default)
            return value if value in allowed else default

        page = params.get("page", "1")
        site_id = params.get("site_id", "")
        return cls(
            state=chosen("state", tuple(s for s, _ in STATES), "open"),
            site_id=site_id if len(site_id) <= 32 else "",
            kind=chosen("kind", tuple(k.value for k in ObligationKind)),
            task_kind=chosen("task_kind", tuple(TASK_KIND_RU)),
            overdue=params.get("overdue") == "true",
            week=params.get("week") == "true",
            assigned=chosen("assigned", tuple(a for a, _ in TABS), "any"),
            page=int(page) if page.isdigit() and 0 < int(page) <= 100000 else 1,
        )

    def inbox_filter(self, today: date) -> InboxFilter:
        next_monday = today + timedelta(days=7 - today.weekday())
        return InboxFilter(
            state=self.state,
            site_id=self.site_id or None,
            obligation_kind=self.kind or None,
            task_kind=self.task_kind or None,
            due_before=next_monday if self.week else None,
            overdue=True if self.overdue else None,
            assigned=self.assigned,
            page=self.page,
            per_page=PER_PAGE,
        )

    def params(self, **changes: Any) -> dict[str, str]:
        """The query of this view (with ``changes``), without what is at its default."""
        query = replace(self, **changes)
        values = {
            "state": query.state if query.state != "open" else "",
            "site_id": query.site_id,
            "kind": query.kind,
            "task_kind": query.task_kind,
            "overdue": "true" if query.overdue else "",
            "week": "true" if query.week else "",
            "assigned": query.assigned if query.assigned != "any" else "",
            "page": str(query.page) if query.page != 1 else "",
        }
        return {name: value for name, value in values.items() if value}

    def url(self, **changes: Any) -> str:
        query = urlencode(self.params(**changes))
        return f"/tasks?{query}" if query else "/tasks"

    @property
    def filtered(self) -> bool:
        return bool(self.site_id or self.kind or self.task_kind or self.overdue or self.week or self.state != "open")


@dataclass(frozen=True)
class Refusal:
    """What was refused on one task of the page, shown next to it."""

    task_id: str
    action: str
    errors: FormErrors


def region_today() -> date:
    return service_today()


def _due_of(item: dict[str, Any]) -> date | None:
    due = item.get("due")
    return due["effective"] if due else None


async def _inbox_context(
    conn: AsyncConnection, session: PageSession, query: InboxQuery, refusal: Refusal | None = None, done: str = ""
) -> dict[str, Any]:
    """What the inbox page shows, all read on ``conn``: each checkout from the pool costs a round trip of its own."""
    now = datetime.now(UTC)
    today = region_today()
    principal = session.principal
    the_filter = query.inbox_filter(today)
    result = await inbox_on(conn, principal, the_filter, now)
    dues = [due for due in map(_due_of, result["items"]) if due is not None]
    # Working days are counted where the calendar is meant to be read: from the earliest overdue date on.
    years = range(min([today, *dues]).year, today.year + 2)
    sites = await visible_sites(conn, principal)
    calendar = await calendar_for(conn, years)
    # The overdue count links to the overdue ones alone: pointless when only those are shown.
    overdue = result["overdue"] if the_filter.state == "open" and not query.overdue else 0
    held = {grant.role.value for grant in principal.grants}
    hands_over = principal.has_role(*ASSIGNERS)
    for item in result["items"]:
        due = _due_of(item)
        item["days_left"] = (
            calendar.working_days_left(today, due)
            if due is not None and item["state"] == "open" and due.year in years
            else None
        )
        item["moved"] = bool(item["due"] and item["due"]["nominal"] != item["due"]["effective"])
        item["mine"] = bool(item["assignee"] and item["assignee"]["user_id"] == principal.user_id)
        item["page"] = _page_of(item)
        item["rule_page"] = item["obligation"]["rule_url"].removeprefix("/api")
        candidates = {role["role"] for role in item["candidate_roles"]}
        item["may_hand_over"] = hands_over or bool(held & candidates)
    pages = max(1, -(-result["total"] // PER_PAGE))
    # Whoever holds only the roles of a unit's controlled documents (СМК) is shown nothing of sites' obligations.
    programme = not document_control_only(principal)
    return {
        "title": "Мои задачи",
        "query": query,
        "result": result,
        "overdue": overdue,
        "pages": pages,
        "sites": {site["id"]: site for site in sites},
        "site_options": [(site["id"], f"{site['id']} — {site['institution']['short_name']}") for site in sites],
        "state_options": STATES,
        "programme": programme,
        "kind_options": [(kind.value, KIND_RU[kind].capitalize()) for kind in ObligationKind],
        "task_kind_options": [
            (kind, label.capitalize())
            for kind, label in TASK_KIND_RU.items()
            if (kind in DOCUMENT_CONTROL_TASKS) != programme
        ],
        "tabs": TABS,
        "can_hand_over": hands_over,
        "refusal": refusal,
        "done": DONE.get(done, ""),
        "back": urlencode(query.params()),
        "results_id": RESULTS_ID,
    }


def _results_only(request: Request) -> bool:
    """An htmx request of the filter form, which swaps only the list (a restore of history wants the page)."""
    return (
        request.headers.get("HX-Target") == RESULTS_ID
        and request.headers.get("HX-History-Restore-Request") != "true"
        and request.headers.get("HX-Boosted") != "true"
    )


@router.get("/tasks")
async def inbox_page(request: Request, page: ReadingDep) -> Response:
    query = InboxQuery.read(request.query_params)
    context = await _inbox_context(page.conn, page.session, query, done=request.query_params.get("done", ""))
    if not _results_only(request):
        return render(request, "tasks/inbox.html", **context)
    response = render(request, "tasks/results.html", **context)
    response.headers["HX-Push-Url"] = query.url()  # the view's own address, without the empty fields of the form
    return response


def _back(form: Mapping[str, Any]) -> InboxQuery:
    """The view the person acted from, kept in the form so they come back to it."""
    return InboxQuery.read(dict(parse_qsl(str(form.get("back") or ""))))


async def _refused(
    request: Request, runtime: RuntimeDep, session: SessionDep, query: InboxQuery, refusal: Refusal, status: int
) -> Response:
    async with runtime.reads.connect() as conn:
        context = await _inbox_context(conn, session, query, refusal=refusal)
    return render(request, "tasks/inbox.html", status_code=status, **context)


def _done(query: InboxQuery, what: str) -> str:
    params = {**query.params(), "done": what}
    return f"/tasks?{urlencode(params)}"


@router.post("/tasks/{task_id}/claim")
async def claim(request: Request, task_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    query = _back(form)
    try:
        await actions.claim_task(runtime, session.principal, task_id)
    except Problem as problem:
        if problem.status == 404:
            raise
        refusal = Refusal(task_id, "claim", errors_of(problem))
        return await _refused(request, runtime, session, query, refusal, problem.status)
    return redirect(request, _done(query, "claimed"))


@router.post("/tasks/{task_id}/release")
async def release(request: Request, task_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    query = _back(form)
    try:
        await actions.release_task(runtime, session.principal, task_id)
    except Problem as problem:
        if problem.status == 404:
            raise
        refusal = Refusal(task_id, "release", errors_of(problem))
        return await _refused(request, runtime, session, query, refusal, problem.status)
    return redirect(request, _done(query, "released"))


def _page_of(task: dict[str, Any]) -> str:
    """The page of a task: the page at the REST resource's address, but the product's page for a product's
    examination (its assignments, reviews and conclusion are acted on there)."""
    obligation = task["obligation"]
    if obligation["key"] == PRODUCT_EXPERTISE:
        return f"/products/{quote(str(obligation['instance']), safe='')}"
    return str(obligation["url"]).removeprefix("/api")


async def _handover(
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    task_id: str,
    query: InboxQuery,
    errors: FormErrors | None = None,
    chosen: str = "",
    status: int = 200,
) -> Response:
    task, colleagues = await actions.colleagues_for(runtime, session.principal, task_id)
    async with runtime.reads.connect() as conn:
        site = await site_view(conn, session.principal, task["site_id"])
    return render(
        request,
        "tasks/handover.html",
        status_code=status,
        title="Передать задачу коллеге",
        task=task,
        task_url=_page_of(task),
        site=site,
        colleagues=colleagues,
        errors=errors,
        chosen=chosen,
        back=urlencode(query.params()),
        back_url=query.url(),
    )


@router.get("/tasks/{task_id}/handover")
async def handover_page(request: Request, task_id: str, runtime: RuntimeDep, session: SessionDep) -> Response:
    """The colleagues a task may be handed to, to choose from (nobody has to know a login)."""
    query = InboxQuery.read(dict(parse_qsl(request.query_params.get("back", ""))))
    try:
        return await _handover(request, runtime, session, task_id, query)
    except Problem as problem:
        if problem.status == 404:
            raise
        refusal = Refusal(task_id, "assign", errors_of(problem))
        return await _refused(request, runtime, session, query, refusal, problem.status)


@router.post("/tasks/{task_id}/assign")
async def assign(request: Request, task_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    query = _back(form)
    login = str(form.get("assignee_login") or "").strip()
    body = parsed(AssignBody, {"assignee_login": login})
    if isinstance(body, FormErrors):
        errors = FormErrors(summary="Выберите, кому передать задачу.", fields={"assignee_login": "выберите коллегу"})
        return await _handover(request, runtime, session, task_id, query, errors, status=422)
    try:
        await actions.assign_task(runtime, session.principal, task_id, body.assignee_login)
    except Problem as problem:
        if problem.status == 404:
            raise
        errors = errors_of(problem)
        try:
            return await _handover(request, runtime, session, task_id, query, errors, login, problem.status)
        except Problem:
            # Nothing left to hand over (the task was completed meanwhile): say so on the inbox.
            refusal = Refusal(task_id, "assign", errors)
            return await _refused(request, runtime, session, query, refusal, problem.status)
    return redirect(request, _done(query, "assigned"))
