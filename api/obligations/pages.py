"""The obligation page: what is asked, by whom, by when and why that date; its status and what is late; the forms
the person may use now (submit with files and the structured part, decide, ask for more time and decide on it,
record a product, the monitoring plan, a completed monitoring, a registry update); and its history.

Each form posts to an address of its own under the page, reads into the REST body, stores its files through
``api.files.store`` and sends the same command the REST route sends (``api.obligations.commands``). A refusal
shows the form again with the message next to the field (nothing was recorded); a success goes back to the page
(post/redirect/get) with a notice; a command accepted but not recorded yet, or not accepted because the
workflow service is down, is said in Russian."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from api.access.principal import Principal
from api.access.session import FormDep, SessionDep
from api.commands import CommandPending
from api.files.store import download_response, readable_file, store_upload
from api.obligations import commands
from api.obligations.access import Target, visible_obligation_on
from api.obligations.forms import (
    ADD_ROWS,
    FormState,
    from_problem,
    from_validation,
    row_count,
    standing_uploads,
    submission_data,
    text,
    typed_values,
    uploads,
)
from api.obligations.page_context import page_context, page_url, report_inputs
from api.obligations.requests import (
    DecisionBody,
    ExtensionDecisionBody,
    ExtensionRequestBody,
    MonitoringBody,
    PlanBody,
    RegistryBody,
    RowDoneBody,
    SubmitBody,
    TargetDep,
)
from api.obligations.rules import rule_of
from api.problems import Problem
from api.runtime import Runtime, RuntimeDep
from api.tables import obligations
from api.web.forms import FormErrors
from api.web.render import redirect, render
from domain.cycle import Runner
from domain.regulations.model import Obligation
from domain.sites import Site

router = APIRouter(include_in_schema=False)

PAGE = "/sites/{site_id}/cycles/{year}/obligations/{key}/{instance}"
TEMPLATE = "obligations/obligation.html"
PRODUCT_EXPERTISE = "product_expertise"  # its instance is the product examined
CHECK_FIELDS = "Проверьте выделенные поля: ничего не записано."
B = TypeVar("B", bound=BaseModel)


@router.get(PAGE)
async def obligation_page(
    request: Request, where: TargetDep, runtime: RuntimeDep, session: SessionDep, notice: str = ""
) -> Response:
    if where.key == PRODUCT_EXPERTISE:
        # A product's examination is followed and acted on on the product's page (which decides who may see it).
        return redirect(request, f"/products/{quote(where.instance, safe='')}")
    if await _runner(runtime, where) == Runner.CRITERIA_REPORT:
        # A Vologda platform's report by criteria has a page of its own (api/platform), which checks who may see it.
        return redirect(request, f"/sites/{quote(where.site_id, safe='')}/cycles/{where.year}/criteria-report")
    context = await page_context(runtime, session.principal, where)
    return render(request, TEMPLATE, notice=notice, failure="", **context)


async def _runner(runtime: Runtime, where: Target) -> str | None:
    query = select(obligations.c.runner).where(
        obligations.c.site_id == where.site_id,
        obligations.c.year == where.year,
        obligations.c.key == where.key,
        obligations.c.instance == where.instance,
    )
    async with runtime.reads.connect() as conn:
        runner = (await conn.execute(query)).scalar_one_or_none()
    return str(runner) if runner is not None else None


@router.get(PAGE + "/{action}")
async def form_address(request: Request, action: str, session: SessionDep) -> Response:
    """The address a form posts to (``…/submit``, ``…/decide``…), opened as a page — a refusal refreshed or
    bookmarked, a link back from an error: the obligation page the form belongs to, which checks who may see it."""
    return redirect(request, request.url.path.rsplit("/", 1)[0])


@router.get(PAGE + "/files/{file_id}")
async def obligation_file(where: TargetDep, file_id: str, runtime: RuntimeDep, session: SessionDep) -> Response:
    """A file of the obligation's history, for whoever may see the obligation and the file's site (as
    ``GET /api/files/{id}``, which a browser cannot call without a bearer token)."""
    await _obligation(runtime, session.principal, where)
    return download_response(await readable_file(runtime, session.principal, file_id))


# --- showing a form again, sending a command --------------------------------------------------------------------


async def _again(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    where: Target,
    state: FormState,
    status: int,
    failure: str = "",
) -> Response:
    """The page with the form as the person left it: the errors next to their fields, nothing recorded."""
    context = await page_context(runtime, principal, where, state)
    return render(request, TEMPLATE, status_code=status, notice="", failure=failure, **context)


async def _send(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    where: Target,
    state: FormState,
    send: Callable[[], Awaitable[Any]],
    done: str,
    refusal: Callable[[Problem], FormErrors] = from_problem,
) -> Response:
    """Send a command; back to the page with the notice ``done``, or the form again with what went wrong."""
    try:
        await send()
    except CommandPending:
        return redirect(request, page_url(where) + "?notice=pending")
    except Problem as problem:
        if problem.status == 404:
            raise
        if problem.status >= 500:
            return await _again(request, runtime, principal, where, state, problem.status, failure=problem.detail)
        state.errors = refusal(problem)
        return await _again(request, runtime, principal, where, state, problem.status)
    return redirect(request, page_url(where) + f"?notice={done}")


async def _without_files(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    where: Target,
    form: Any,
    name: str,
    fields: dict[str, Any],
    model: type[B],
    send: Callable[[B], Awaitable[Any]],
    done: Callable[[B], str],
) -> Response:
    """A form of fields only: read the body as the REST route reads it, send the command."""
    state = FormState(name=name, values=typed_values(form))
    body = _body(model, fields)
    if isinstance(body, FormErrors):
        state.errors = body
        return await _again(request, runtime, principal, where, state, 422)
    assert isinstance(body, model)
    return await _send(request, runtime, principal, where, state, lambda: send(body), done(body))


def _body(model: type[BaseModel], data: dict[str, Any]) -> BaseModel | FormErrors:
    """``data`` as the REST body ``model`` (blank text boxes are fields not given), or what is wrong with it."""
    try:
        return model.model_validate({key: value for key, value in data.items() if value not in ("", None)})
    except ValidationError as exc:
        return from_validation(exc)


async def _obligation(runtime: Runtime, principal: Principal, where: Target) -> tuple[Site, Any, Obligation]:
    async with runtime.reads.connect() as conn:
        site, row = await visible_obligation_on(conn, principal, where.site_id, where.year, where.key, where.instance)
    return site, row, rule_of(row)


async def _store_files(
    runtime: Runtime, principal: Principal, where: Target, form: Any, rule: Obligation, state: FormState
) -> tuple[dict[str, str], set[str], dict[str, str]]:
    """The files of the form: those chosen now, stored as ``POST /api/sites/{site}/files`` stores them, and those
    kept from before (stored already); which are new; and the refusal of each file that could not be stored."""
    kept = {item.key: text(form, f"kept.{item.key}") for item in rule.items if text(form, f"kept.{item.key}")}
    fresh: set[str] = set()
    errors: dict[str, str] = {}
    for key, upload in uploads(form, rule).items():
        try:
            stored = await store_upload(runtime, principal, where.site_id, upload)
        except Problem as problem:
            if problem.status in (403, 404):
                raise
            errors[f"items.{key}"] = problem.detail
            continue
        kept[key] = stored.file_id
        fresh.add(key)
    state.kept = {key: {"file_id": file_id} for key, file_id in kept.items()}
    return kept, fresh, errors


# --- submitting -------------------------------------------------------------------------------------------------


@router.post(PAGE + "/submit")
async def submit_form(
    request: Request, where: TargetDep, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    site, row, rule = await _obligation(runtime, principal, where)
    keys = {item.key for item in rule.items}
    state = FormState(
        name="submit",
        values=typed_values(form),
        unchanged=[v for v in form.getlist("unchanged") if isinstance(v, str) and v in keys],
        rows=row_count(form),
    )
    kept, fresh, file_errors = await _store_files(runtime, principal, where, form, rule, state)
    if text(form, "add_rows"):
        state.rows += ADD_ROWS
        state.errors = FormErrors(fields=file_errors, summary=CHECK_FIELDS if file_errors else "")
        return await _again(request, runtime, principal, where, state, 422 if file_errors else 200)
    async with runtime.reads.connect() as conn:
        indicators, roadmap = await report_inputs(conn, site, row, rule)
    standing_files: dict[str, str] = {}
    for duty, upload in standing_uploads(form, rule).items():  # a standing duty's evidence (D37)
        try:
            standing_files[duty] = (await store_upload(runtime, principal, where.site_id, upload)).file_id
        except Problem as problem:
            if problem.status in (403, 404):
                raise
            file_errors[f"data.standing.{duty}.file"] = problem.detail
    data = submission_data(form, rule, indicators, roadmap, standing_files)
    items = {key: file_id for key, file_id in kept.items() if key in fresh or key not in state.unchanged}
    sent = {"items": items, "unchanged": state.unchanged, "note": text(form, "note"), "data": data.value}
    if file_errors or data.errors:
        state.errors = FormErrors(summary=CHECK_FIELDS, fields={**file_errors, **data.errors})
        return await _again(request, runtime, principal, where, state, 422)
    body = _body(SubmitBody, sent)
    if isinstance(body, FormErrors):
        state.errors = body
        return await _again(request, runtime, principal, where, state, 422)
    assert isinstance(body, SubmitBody)

    def refusal(problem: Problem) -> FormErrors:
        return from_problem(problem, rule, site.status, sent, data.positions)

    return await _send(
        request,
        runtime,
        principal,
        where,
        state,
        lambda: commands.submit(runtime, principal, where, body),
        "submitted",
        refusal,
    )


# --- reviewing --------------------------------------------------------------------------------------------------


@router.post(PAGE + "/decide")
async def decide_form(
    request: Request, where: TargetDep, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    fields = {"action": text(form, "action"), "comment": text(form, "comment")}

    async def send(body: DecisionBody) -> Any:
        return await commands.decide(runtime, principal, where, body)

    return await _without_files(
        request, runtime, principal, where, form, "decide", fields, DecisionBody, send, lambda body: body.action
    )


# --- more time --------------------------------------------------------------------------------------------------


@router.post(PAGE + "/extension-request")
async def extension_request_form(
    request: Request, where: TargetDep, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    fields = {"until": text(form, "until"), "reason": text(form, "reason")}

    async def send(body: ExtensionRequestBody) -> Any:
        return await commands.request_extension(runtime, principal, where, body)

    return await _without_files(
        request,
        runtime,
        principal,
        where,
        form,
        "extension_request",
        fields,
        ExtensionRequestBody,
        send,
        lambda _: "extension_requested",
    )


@router.post(PAGE + "/extension-decision")
async def extension_decision_form(
    request: Request, where: TargetDep, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    grant = {"yes": True, "no": False}.get(text(form, "grant"))
    fields = {"grant": grant, "until": text(form, "until"), "comment": text(form, "comment")}

    async def send(body: ExtensionDecisionBody) -> Any:
        return await commands.decide_extension(runtime, principal, where, body)

    def done(body: ExtensionDecisionBody) -> str:
        return "extension_granted" if body.grant else "extension_refused"

    return await _without_files(
        request, runtime, principal, where, form, "extension_decision", fields, ExtensionDecisionBody, send, done
    )


# --- quotas, coverage, registries -------------------------------------------------------------------------------


async def _with_files(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    where: Target,
    form: Any,
    name: str,
    fields: dict[str, Any],
    model: type[BaseModel],
    send: Callable[[Any], Awaitable[Any]],
    done: str,
) -> Response:
    """A form that takes files besides its fields: store the files, read the body, send the command."""
    _site, _row, rule = await _obligation(runtime, principal, where)
    state = FormState(name=name, values=typed_values(form))
    kept, _fresh, file_errors = await _store_files(runtime, principal, where, form, rule, state)
    if file_errors:
        state.errors = FormErrors(summary=CHECK_FIELDS, fields=file_errors)
        return await _again(request, runtime, principal, where, state, 422)
    body = _body(model, {**fields, "items": kept})
    if isinstance(body, FormErrors):
        state.errors = body
        return await _again(request, runtime, principal, where, state, 422)

    def refusal(problem: Problem) -> FormErrors:
        return from_problem(problem, rule, None, {"items": kept})

    return await _send(request, runtime, principal, where, state, lambda: send(body), done, refusal)


@router.post(PAGE + "/monitoring-plan")
async def plan_form(
    request: Request, where: TargetDep, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    targets = [line.strip() for line in text(form, "targets").splitlines() if line.strip()]
    fields = {"targets": targets or None}

    async def send(body: Any) -> Any:
        return await commands.approve_plan(runtime, principal, where, body)

    return await _with_files(request, runtime, principal, where, form, "plan", fields, PlanBody, send, "plan")


@router.post(PAGE + "/monitoring")
async def monitoring_form(
    request: Request, where: TargetDep, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    fields = {"target": text(form, "target"), "completed_on": text(form, "completed_on"), "note": text(form, "note")}

    async def send(body: MonitoringBody) -> Any:
        return await commands.complete_monitoring(runtime, principal, where, body)

    return await _without_files(
        request, runtime, principal, where, form, "monitoring", fields, MonitoringBody, send, lambda _: "monitoring"
    )


@router.post(PAGE + "/row-done")
async def row_done_form(
    request: Request, where: TargetDep, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    fields = {"fact_date": text(form, "fact_date"), "note": text(form, "note")}

    async def send(body: Any) -> Any:
        return await commands.mark_row_done(runtime, principal, where, body)

    return await _with_files(
        request, runtime, principal, where, form, "row_done", fields, RowDoneBody, send, "row_done"
    )


@router.post(PAGE + "/registry-update")
async def registry_form(
    request: Request, where: TargetDep, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    fields = {"entries": text(form, "entries"), "note": text(form, "note")}

    async def send(body: Any) -> Any:
        return await commands.record_registry_update(runtime, principal, where, body)

    return await _with_files(request, runtime, principal, where, form, "update", fields, RegistryBody, send, "update")
