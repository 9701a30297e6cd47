"""Pages of methodological products and the expert council (order 135-р 2.4.2, D46–D52).

* ``GET /products`` — the registry searched in Russian (text, direction, kind, year, status), paged; for a site's
  director or responsible person also the products of their sites, drafts included, and «Создать продукт».
* ``GET /products/new`` — the draft form; ``POST`` creates the draft and goes to its page.
* ``GET /products/{id}`` — the product: its description, versions and files, pilot, every round of its examination
  (assignments, refusals for a conflict of interest, reviews, the council's conclusion), the approving order, the
  registry number and implementations; and the forms the person may use now, by their roles and where it stands.
* ``GET /council`` — the council's desk: its members, the products under examination with their experts (late ones
  marked with their ladder), the agenda, an expert's own assignments and the figures of a year.

Each form posts to an address of its own under the page and calls the function of ``api.product.commands`` the REST
route calls: one authorization, one validation, one set of Russian messages. A refusal shows the page again with the
form as the person left it and the message next to the field (nothing was recorded); a success goes back to the page
(post/redirect/get) with a notice; a command accepted but not recorded yet is said in Russian."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.datastructures import FormData

from api.access.principal import Principal
from api.access.session import FormDep, SessionDep, has_council
from api.commands import CommandPending
from api.files.store import download_response, readable_file, store_upload
from api.problems import Problem
from api.product import commands
from api.product.forms import (
    MAX_AUTHORS,
    REQUIRED,
    FormState,
    author_rows,
    body,
    description,
    refusal,
    review,
    review_refusal,
    state_of,
    text,
    upload,
)
from api.product.page_context import (
    ASSIGNMENT_COLOURS,
    STATUS_COLOURS,
    VERDICT_COLOURS,
    council_regions,
    direction_titles,
    own_sites,
    product_context,
    product_years,
    registry_choices,
    site_products,
)
from api.product.requests import (
    AssignBody,
    ConclusionBody,
    DraftBody,
    ImplementationBody,
    OrderBody,
    PilotBody,
    ProductDescription,
    RecusalBody,
    ResponseBody,
    VersionBody,
)
from api.product.views import council_desk, council_rules, figures, members, my_assignments, product_row, registry
from api.region.year import natural_key
from api.runtime import Runtime, RuntimeDep
from api.timeline.reading import zone_ru
from api.today import DEFAULT_ZONE, service_today
from api.web.formats import working_days
from api.web.forms import FormErrors
from api.web.render import redirect, render
from domain.people import Role
from domain.product.lifecycle import ANNEX, MAIN_FILE
from domain.product.model import PRODUCT_KIND_RU, PRODUCT_STATUS_RU, ProductKind, ProductStatus

router = APIRouter(include_in_schema=False)

TEMPLATE = "product/product.html"
NOTICES = {
    "drafted": "Черновик продукта создан. Добавьте версию — файл продукта, чтобы направить его в Экспертный совет.",
    "described": "Описание продукта сохранено.",
    "version": "Версия продукта добавлена.",
    "pilot": "Апробация записана.",
    "sent": "Продукт направлен в Экспертный совет. Секретарь совета назначит экспертов.",
    "resent": "Доработанная версия направлена в Экспертный совет: начался новый раунд экспертизы.",
    "assigned": "Эксперт назначен. У него {respond}, чтобы принять назначение.",  # the council's term (D47)
    "accepted": "Вы приняли назначение. Срок рецензии указан ниже.",
    "declined": "Вы отказались от назначения. Секретарь назначит другого эксперта.",
    "recused": "Самоотвод записан. Секретарь назначит другого эксперта.",
    "reviewed": "Рецензия отправлена. После отправки она не меняется.",
    "concluded": "Заключение совета записано и видно площадке.",
    "registered": "Продукт внесен в реестр методических продуктов.",
    "order": "Приказ об утверждении продукта записан.",
    "implemented": "Внедрение записано.",
    "pending": "",
}


def notice_texts(respond_days: int) -> dict[str, str]:
    """The notices with the terms of the region's council rules in them (D47), not figures of their own."""
    return {key: text.replace("{respond}", working_days(respond_days)) for key, text in NOTICES.items()}


def product_url(product_id: str) -> str:
    return f"/products/{quote(product_id, safe='')}"


# --- the registry ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """What the registry's search asks for; a value that is not one of the choices is read as «not asked»."""

    q: str = ""
    direction_id: str = ""
    kind: str = ""
    year: int | None = None
    status: str = ""
    page: int = 1

    @classmethod
    def read(cls, params: Any) -> Search:
        year, page = params.get("year", ""), params.get("page", "1")
        kind, status = params.get("kind", ""), params.get("status", "")
        return cls(
            q=" ".join(params.get("q", "").split())[:200],
            direction_id=params.get("direction_id", "")[:40],
            kind=kind if kind in {k.value for k in ProductKind} else "",
            year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None,
            status=status if status in {s.value for s in ProductStatus} else "",
            page=int(page) if page.isdigit() and 0 < int(page) <= 1000 else 1,
        )

    def params(self, page: int | None = None) -> dict[str, str]:
        values = {
            "q": self.q,
            "direction_id": self.direction_id,
            "kind": self.kind,
            "year": str(self.year or ""),
            "status": self.status,
            "page": str(page) if page and page > 1 else "",
        }
        return {key: value for key, value in values.items() if value}

    def url(self, page: int) -> str:
        query = urlencode(self.params(page))
        return f"/products?{query}" if query else "/products"

    @property
    def asked(self) -> bool:
        return bool(self.q or self.direction_id or self.kind or self.year or self.status)


@router.get("/products")
async def registry_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    if not has_council(session.regions):  # the products of order 135-р 2.4.2: not of a region without its council
        raise Problem(404, "not_found", "В регламенте вашего региона нет реестра методических продуктов.")
    principal = session.principal
    search = Search.read(request.query_params)
    async with runtime.reads.connect() as conn:
        found = await _found(conn, principal, search)
        choices = await registry_choices(conn, principal)
        mine = await own_sites(conn, principal)
        own = await site_products(conn, principal, [site["id"] for site in mine])
    pages = max(1, -(-found["total"] // found["per_page"]))
    return render(
        request,
        "product/registry.html",
        title="Методические продукты",
        search=search,
        found=found,
        pages=pages,
        choices=choices,
        kinds=[(k.value, label) for k, label in PRODUCT_KIND_RU.items()],
        statuses=[(s.value, label) for s, label in PRODUCT_STATUS_RU.items() if s != ProductStatus.REGISTERED],
        own_sites=mine,
        own=own,
        status_colours=STATUS_COLOURS,
        verdict_colours=VERDICT_COLOURS,
    )


async def _found(conn: AsyncConnection, principal: Principal, search: Search) -> dict[str, Any]:
    return await registry(
        conn,
        principal,
        q=search.q,
        direction_id=search.direction_id or None,
        kind=search.kind or None,
        year=search.year,
        status=search.status or None,
        page=search.page,
    )


# --- a new product --------------------------------------------------------------------------------------------------


async def _draft_page(
    request: Request, runtime: Runtime, principal: Principal, state: FormState, status_code: int = 200
) -> Response:
    async with runtime.reads.connect() as conn:
        mine = await own_sites(conn, principal)
    if not mine:
        raise Problem(403, "forbidden", "Продукт создает директор или ответственное лицо площадки.")
    return render(
        request,
        "product/new.html",
        status_code=status_code,
        title="Новый методический продукт",
        sites=[(site["id"], f"{site['id']} — {site['institution']['short_name']}") for site in mine],
        kinds=[(k.value, label) for k, label in PRODUCT_KIND_RU.items()],
        state=state,
        max_authors=MAX_AUTHORS,
    )


@router.get("/products/new")
async def new_product_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    return await _draft_page(request, runtime, session.principal, FormState(name="draft"))


@router.post("/products/new")
async def new_product(request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    principal = session.principal
    state = state_of("draft", form)
    if text(form, "draft.add_author"):
        state.authors = min(state.authors + 1, MAX_AUTHORS)
        return await _draft_page(request, runtime, principal, state)
    fields = {"site_id": text(form, "draft.site_id"), **description(form, "draft", state.authors)}
    read = body(DraftBody, "draft", fields)
    if isinstance(read, FormErrors):
        state.errors = read
        return await _draft_page(request, runtime, principal, state, 422)
    try:
        drafted = await commands.draft(runtime, principal, read)
    except Problem as problem:
        if problem.status >= 500:
            raise
        state.errors, state.refused = refusal("draft", problem), True
        return await _draft_page(request, runtime, principal, state, problem.status)
    return redirect(request, product_url(drafted["product_id"]) + "?notice=drafted")


# --- the product page -----------------------------------------------------------------------------------------------


async def _product_page(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    product_id: str,
    state: FormState | None = None,
    status_code: int = 200,
    notice: str = "",
    failure: str = "",
) -> Response:
    product = await commands.read(runtime, principal, product_id)
    async with runtime.reads.connect() as conn:
        around = await product_context(conn, principal, product, service_today())
    return render(
        request,
        TEMPLATE,
        status_code=status_code,
        title=product["title"],
        product=product,
        url=product_url(product_id),
        state=state or FormState(),
        notice=notice if notice in NOTICES else "",
        notices=notice_texts(around["respond_days"]),
        failure=failure,
        today=service_today(),
        zone=zone_ru(DEFAULT_ZONE),
        kinds=[(k.value, label) for k, label in PRODUCT_KIND_RU.items()],
        max_authors=MAX_AUTHORS,
        **around,
    )


@router.get("/products/{product_id}")
async def product_page(
    request: Request, product_id: str, runtime: RuntimeDep, session: SessionDep, notice: str = ""
) -> Response:
    return await _product_page(request, runtime, session.principal, product_id, notice=notice)


@router.get("/products/{product_id}/files/{file_id}")
async def product_file(product_id: str, file_id: str, runtime: RuntimeDep, session: SessionDep) -> Response:
    """A file of the product, for whoever may see the product (as ``GET /api/files/{id}``, which a browser cannot
    call without a bearer token)."""
    async with runtime.reads.connect() as conn:
        await product_row(conn, session.principal, product_id)
    return download_response(await readable_file(runtime, session.principal, file_id))


@router.get("/products/{product_id}/{action:path}")
async def form_address(request: Request, product_id: str, action: str, session: SessionDep) -> Response:
    """The address a form posts to, opened as a page (a refusal refreshed or bookmarked): the product's page."""
    return redirect(request, product_url(product_id))


Send = Callable[[], Awaitable[Any]]


async def _send(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    product_id: str,
    state: FormState,
    send: Send,
    done: str,
    explain: Callable[[Problem], FormErrors],
) -> Response:
    """Send a command; back to the page with the notice ``done``, or the page again with what went wrong."""
    try:
        await send()
    except CommandPending:
        return redirect(request, product_url(product_id) + "?notice=pending")
    except Problem as problem:
        if problem.status in (403, 404):
            raise
        if problem.status >= 500:
            return await _product_page(
                request, runtime, principal, product_id, state, problem.status, failure=problem.detail
            )
        state.errors, state.refused = explain(problem), True
        return await _product_page(request, runtime, principal, product_id, state, problem.status)
    return redirect(request, product_url(product_id) + f"?notice={done}")


async def _fields_form(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    product_id: str,
    form: FormData,
    name: str,
    read: Any,
    send: Callable[[Any], Awaitable[Any]],
    done: str,
    renamed: dict[str, str] | None = None,
) -> Response:
    """A form read into its body (or refused as it is), then sent."""
    state = state_of(name, form)
    if isinstance(read, FormErrors):
        state.errors = read
        return await _product_page(request, runtime, principal, product_id, state, 422)

    def explain(problem: Problem) -> FormErrors:
        return refusal(name, problem, renamed)

    return await _send(request, runtime, principal, product_id, state, lambda: send(read), done, explain)


@router.post("/products/{product_id}/describe")
async def describe_form(
    request: Request, product_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    if text(form, "describe.add_author"):
        state = state_of("describe", form)
        state.authors = min(state.authors + 1, MAX_AUTHORS)
        return await _product_page(request, runtime, principal, product_id, state)
    read = body(ProductDescription, "describe", description(form, "describe", author_rows(form, "describe")))

    async def send(description_body: ProductDescription) -> Any:
        return await commands.describe(runtime, principal, product_id, description_body)

    return await _fields_form(request, runtime, principal, product_id, form, "describe", read, send, "described")


@router.post("/products/{product_id}/versions")
async def version_form(
    request: Request, product_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    """A version's files are stored as ``POST /api/sites/{site}/files`` stores them, then the version refers to them
    (a file refused is said next to its input, and nothing is recorded)."""
    principal = session.principal
    state = state_of("version", form)
    async with runtime.reads.connect() as conn:
        row = await product_row(conn, principal, product_id)
    named: dict[str, str] = {}
    errors: dict[str, str] = {}
    chosen = {item: upload(form, f"version.files.{item}") for item in (MAIN_FILE, ANNEX)}
    if chosen[MAIN_FILE] is None:
        errors[f"version.files.{MAIN_FILE}"] = REQUIRED[f"files.{MAIN_FILE}"]
    for item, file in chosen.items():
        if file is None or errors:
            continue
        try:
            named[item] = (await store_upload(runtime, principal, row.site_id, file)).file_id
        except Problem as problem:
            if problem.status in (403, 404):
                raise
            errors[f"version.files.{item}"] = problem.detail
    if errors:
        state.errors = FormErrors(fields=errors)
        return await _product_page(request, runtime, principal, product_id, state, 422)
    read = body(VersionBody, "version", {"files": named, "note": text(form, "version.note")})

    async def send(version: VersionBody) -> Any:
        return await commands.add_version(runtime, principal, product_id, version)

    return await _fields_form(request, runtime, principal, product_id, form, "version", read, send, "version")


@router.post("/products/{product_id}/pilot")
async def pilot_form(
    request: Request, product_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    fields = {name: text(form, f"pilot.{name}") for name in ("where", "since", "note")}
    read = body(PilotBody, "pilot", fields)

    async def send(pilot: PilotBody) -> Any:
        return await commands.record_pilot(runtime, principal, product_id, pilot)

    return await _fields_form(request, runtime, principal, product_id, form, "pilot", read, send, "pilot")


@router.post("/products/{product_id}/send")
async def send_form(
    request: Request, product_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    """Send to the council: the first time into the quota of the year chosen; after «на доработку», the newer
    version as a new round (no year: the product was counted once, D51)."""
    principal = session.principal
    state = state_of("send", form)
    raw = text(form, "send.year")
    resend = text(form, "send.again") == "yes"
    if not resend and not (raw.isdigit() and 2000 <= int(raw) <= 2100):
        state.errors = FormErrors(fields={"send.year": REQUIRED["year"]})
        return await _product_page(request, runtime, principal, product_id, state, 422)
    year = None if resend else int(raw)

    def explain(problem: Problem) -> FormErrors:
        return FormErrors(summary=problem.detail)  # no year refused: the product or its examination is not ready

    return await _send(
        request,
        runtime,
        principal,
        product_id,
        state,
        lambda: commands.send(runtime, principal, product_id, year),
        "resent" if resend else "sent",
        explain,
    )


@router.post("/products/{product_id}/assign")
async def assign_form(
    request: Request, product_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    read = body(AssignBody, "assign", {"expert_id": text(form, "assign.expert_id")})

    async def send(assignment: AssignBody) -> Any:
        return await commands.assign(runtime, principal, product_id, assignment)

    renamed = {"expert": "expert_id"}
    return await _fields_form(request, runtime, principal, product_id, form, "assign", read, send, "assigned", renamed)


@router.post("/products/{product_id}/assignments/{assignment_no}/response")
async def response_form(
    request: Request, product_id: str, assignment_no: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    accept = {"yes": True, "no": False}.get(text(form, "respond.accept"))
    read = body(ResponseBody, "respond", {"accept": accept, "reason": text(form, "respond.reason")})
    if not isinstance(read, FormErrors) and not read.accept and not read.reason.strip():
        read = FormErrors(fields={"respond.reason": "Укажите причину отказа."})

    async def send(answer: ResponseBody) -> Any:
        return await commands.respond(runtime, principal, product_id, assignment_no, answer)

    done = "accepted" if accept else "declined"
    return await _fields_form(request, runtime, principal, product_id, form, "respond", read, send, done)


@router.post("/products/{product_id}/assignments/{assignment_no}/recusal")
async def recusal_form(
    request: Request, product_id: str, assignment_no: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    reason = text(form, "recuse.reason")
    read: RecusalBody | FormErrors = (
        body(RecusalBody, "recuse", {"reason": reason})
        if reason
        else FormErrors(fields={"recuse.reason": "Укажите, в чем конфликт интересов."})
    )

    async def send(recusal: RecusalBody) -> Any:
        return await commands.recuse(runtime, principal, product_id, assignment_no, recusal)

    return await _fields_form(request, runtime, principal, product_id, form, "recuse", read, send, "recused")


@router.post("/products/{product_id}/assignments/{assignment_no}/review")
async def review_form(
    request: Request, product_id: str, assignment_no: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    rules = council_rules((await commands.read(runtime, principal, product_id))["region_id"])
    criteria = rules.criteria if rules else ()
    state = state_of("review", form)
    read = review(form, criteria)
    if isinstance(read, FormErrors):
        state.errors = read
        return await _product_page(request, runtime, principal, product_id, state, 422)
    reviewed = read
    return await _send(
        request,
        runtime,
        principal,
        product_id,
        state,
        lambda: commands.submit_review(runtime, principal, product_id, assignment_no, reviewed),
        "reviewed",
        review_refusal,
    )


def _count(raw: str) -> int | str:
    """A number of votes as typed: the number, or the text for the body to refuse."""
    cleaned = raw.replace(" ", "")
    return int(cleaned) if cleaned.isdigit() else cleaned


@router.post("/products/{product_id}/conclusion")
async def conclusion_form(
    request: Request, product_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    present = [value for value in form.getlist("conclude.present") if isinstance(value, str) and value.strip()]
    fields: dict[str, Any] = {
        "verdict": text(form, "conclude.verdict"),
        "meeting_number": text(form, "conclude.meeting_number"),
        "held_on": text(form, "conclude.held_on"),
        "present": present or None,
        "votes_for": _count(text(form, "conclude.votes_for")),
        "votes_against": _count(text(form, "conclude.votes_against")),
        "abstained": _count(text(form, "conclude.abstained")) or 0,
        "text": text(form, "conclude.text"),
    }
    read = body(ConclusionBody, "conclude", fields)

    async def send(conclusion: ConclusionBody) -> Any:
        return await commands.conclude(runtime, principal, product_id, conclusion)

    renamed = {"vote": "votes_for", "number": "meeting_number"}
    return await _fields_form(
        request, runtime, principal, product_id, form, "conclude", read, send, "concluded", renamed
    )


@router.post("/products/{product_id}/registry")
async def registry_form(
    request: Request, product_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    state = state_of("register", form)

    def explain(problem: Problem) -> FormErrors:
        return refusal("register", problem)

    return await _send(
        request,
        runtime,
        principal,
        product_id,
        state,
        lambda: commands.register(runtime, principal, product_id),
        "registered",
        explain,
    )


@router.post("/products/{product_id}/order")
async def order_form(
    request: Request, product_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    fields = {name: text(form, f"order.{name}") for name in ("order_number", "order_date")}
    read = body(OrderBody, "order", fields)

    async def send(order: OrderBody) -> Any:
        return await commands.approve_by_order(runtime, principal, product_id, order)

    return await _fields_form(request, runtime, principal, product_id, form, "order", read, send, "order")


@router.post("/products/{product_id}/implementations")
async def implementation_form(
    request: Request, product_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    state = state_of("implement", form)
    files: dict[str, str] = {}
    chosen = upload(form, "implement.files.evidence")
    if chosen is not None:
        async with runtime.reads.connect() as conn:
            row = await product_row(conn, principal, product_id)
        try:
            files["evidence"] = (await store_upload(runtime, principal, row.site_id, chosen)).file_id
        except Problem as problem:
            if problem.status == 404:
                raise
            state.errors = FormErrors(fields={"implement.files.evidence": problem.detail})
            return await _product_page(request, runtime, principal, product_id, state, 422)
    fields = {name: text(form, f"implement.{name}") for name in ("institution_id", "since", "evidence")}
    read = body(ImplementationBody, "implement", {**fields, "files": files})

    async def send(implementation: ImplementationBody) -> Any:
        return await commands.record_implementation(runtime, principal, product_id, implementation)

    return await _fields_form(request, runtime, principal, product_id, form, "implement", read, send, "implemented")


# --- the council's desk ---------------------------------------------------------------------------------------------


@router.get("/council")
async def council_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    """The desk of the secretary and the chair (and what the RCRSO and the Department see of the council): the
    members, the products under examination with their experts, the agenda, and the figures of a year; an expert
    finds their own assignments on top."""
    principal = session.principal
    regions = council_regions(principal)
    if not regions:
        raise Problem(404, "not_found", "Экспертный совет региона не найден.")
    region_id = regions[0]
    today = service_today()
    raw = request.query_params.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    async with runtime.reads.connect() as conn:
        desk = await council_desk(conn, principal)
        council = await members(conn, region_id)
        counted = await figures(conn, principal, region_id, year)
        counted["sites"].sort(key=lambda s: natural_key(s["site_id"]))
        mine = await my_assignments(conn, principal) if principal.has_role(Role.EXPERT) else []
        years = sorted({*await product_years(conn, principal), today.year, year}, reverse=True)
        titles = await direction_titles(conn)
    rules = council_rules(region_id)
    return render(
        request,
        "product/council.html",
        title="Экспертный совет",
        body_name=rules.body if rules else "Экспертный совет",
        rules=rules,
        desk=desk,
        council=council,
        figures=counted,
        year=year,
        years=years,
        mine=mine,
        today=today,
        assignment_colours=ASSIGNMENT_COLOURS,
        status_colours=STATUS_COLOURS,
        directions=titles,
    )
