"""The page of a platform's criteria report (отчет по критериям), ``/sites/{site}/cycles/{year}/criteria-report``:
the approval block with its signatures (position, printed name, date), the indicators of the year's catalogue by
criterion with their values, the evidence that backs them and the warnings beside each, the evidence list, the
«Предложения», the outcomes awaited after the year and the Department's decision on the next year; and the forms
the person may use now, by their roles and where the report stands.

Each form posts to an address under the page and calls the function of ``api.platform.service`` the REST route
calls: one authorization, one validation, one set of Russian messages. A refusal shows the page again with the
message on top and beside the field; a success goes back to the page with a notice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import FormData

from api.access.principal import Principal
from api.access.session import FormDep, SessionDep
from api.commands import CommandPending
from api.platform import distribution, service
from api.platform import profile as passport
from api.platform.requests import (
    ConclusionBody,
    ContinuationBody,
    EvidenceBody,
    OutcomeBody,
    ReturnBody,
    SignBody,
    ValueBody,
)
from api.problems import Problem
from api.runtime import Runtime, RuntimeDep
from api.web.forms import FormErrors, blank_to_none, errors_of, parsed
from api.web.render import redirect, render
from domain.people import Role
from domain.platform.events import SignStep
from domain.platform.evidence import EVIDENCE_KIND_RU
from domain.regulations.vologda import ROLE_TITLES

router = APIRouter(include_in_schema=False)

NOTICES = {
    "value": "Показатель сохранен.",
    "evidence": "Подтверждение сохранено.",
    "removed": "Подтверждение удалено.",
    "conclusion": "«Предложения» сохранены.",
    "submitted": "Отчет направлен на согласование директору учреждения — базы ОМП.",
    "agree": "Отчет согласован (СОГЛАСОВАНО) и направлен на утверждение в Департамент.",
    "approve": "Отчет утвержден (УТВЕРЖДАЮ).",
    "returned": "Отчет возвращен на доработку с комментарием.",
    "outcome": "Результат записан: это дополнение к утвержденному отчету.",
    "continuation": "Решение о следующем годе записано.",
    "profile": "Паспорт ОМП сохранен.",
    "distributed": "Направление плана в комплексные центры отмечено.",
    "pending": "",
}
STATUS_COLOURS = {
    "awaiting_submission": "blue",
    "returned": "orange",
    "under_review": "yellow",
    "approved": "green",
    "cancelled": "grey",
}


def report_url(site_id: str, year: int) -> str:
    return f"/sites/{quote(site_id, safe='')}/cycles/{year}/criteria-report"


def _may(report: dict[str, Any]) -> dict[str, bool]:
    roles = set(report["my_roles"])
    author = bool(roles & {Role.SITE_RESPONSIBLE.value, Role.SITE_DIRECTOR.value})
    status = report["report_status"]
    editable = author and status in ("draft", "returned") and report["status"] != "cancelled"
    approved = status == "approved"
    pending = any(f["outcome"] == "pending" for f in report["follow_ups"])
    return {
        "edit": editable,
        "agree": Role.SITE_DIRECTOR.value in roles and status == "submitted",
        "approve": Role.DEPARTMENT.value in roles and status == "agreed",
        "decide": Role.DEPARTMENT.value in roles and approved and report["continues"] is None,
        "outcome": author and approved and pending,
    }


async def _page(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    site_id: str,
    year: int,
    failed: str = "",
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    report = await service.read(runtime, principal, site_id, year)
    profile = await passport.read_profile(runtime, principal, site_id)
    async with runtime.reads.connect() as conn:
        site = await passport.platform_site(conn, principal, site_id)
        choices = await passport.organisations(conn, site.region_id) if profile["may_edit"] else []
        sent = await distribution.distribution_view(conn, site_id, year)
    notice = request.query_params.get("notice", "")
    return render(
        request,
        "platform/report.html",
        status_code=status_code,
        title=f"Отчет по критериям за {year} год — {site_id}",
        report=report,
        profile=profile,
        organisations=choices,
        distribution=sent,
        host_default=site.institution_id,
        url=report_url(site_id, year),
        may=_may(report),
        notice=notice if notice in NOTICES else "",
        notices=NOTICES,
        failed=failed,
        errors=errors or FormErrors(),
        values=values or {},
        colours=STATUS_COLOURS,
        role_titles={role.value: title for role, title in ROLE_TITLES.items()},
        evidence_kinds=[(kind.value, label) for kind, label in EVIDENCE_KIND_RU.items()],
        today=report["today"].isoformat(),
    )


@router.get("/sites/{site_id}/cycles/{year}/criteria-report")
async def report_page(request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep) -> Response:
    return await _page(request, runtime, session.principal, site_id, year)


async def _command(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    site_id: str,
    year: int,
    form_name: str,
    model: type[BaseModel],
    data: dict[str, Any],
    send: Callable[[Any], Awaitable[Any]],
    notice: str,
    prefix: str = "",
) -> Response:
    """``data`` as ``model``, sent; the fields of the form are named ``prefix`` + the body's field (the page has a
    form per indicator and per follow-up, and an id only once), and so are the errors beside them."""
    shown = {prefix + k: v for k, v in data.items() if isinstance(v, str)}
    read = parsed(model, blank_to_none(data))
    if isinstance(read, FormErrors):
        read = _renamed(read, prefix)
        return await _page(request, runtime, principal, site_id, year, form_name, read, shown, 422)
    try:
        await send(read)
    except CommandPending:
        notice = "pending"
    except Problem as problem:
        if problem.status >= 500:
            raise
        errors = _renamed(errors_of(problem), prefix)
        return await _page(request, runtime, principal, site_id, year, form_name, errors, shown, problem.status)
    return redirect(request, f"{report_url(site_id, year)}?notice={notice}#{form_name}")


def _renamed(errors: FormErrors, prefix: str) -> FormErrors:
    """The errors by the form's own field names: a refusal of a value (``values.C1.N3``) is the number's."""
    fields = {}
    for name, message in errors.fields.items():
        field = "amount" if name.startswith("values.") else name.split(".")[-1] if "." in name else name
        fields[prefix + field] = message
    return FormErrors(summary=errors.summary, fields=fields)


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/values/{key}")
async def value_form(
    request: Request, site_id: str, year: int, key: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    p = f"{key}."
    data: dict[str, Any] = {
        "amount": _text(form, p + "amount").replace(",", ".").replace(" ", "").replace("\u00a0", ""),
        "more_than": _text(form, p + "more_than") == "yes",
        "cumulative": _text(form, p + "cumulative").replace(",", ".").replace(" ", "").replace("\u00a0", ""),
        "flag": {"yes": True, "no": False}.get(_text(form, p + "flag")),
        "nil": _text(form, p + "nil"),
        "narrative": _text(form, p + "narrative"),
    }
    kept = await service.read(runtime, principal, site_id, year)
    old = next((i["value"] for c in kept["criteria"] for i in c["indicators"] if i["key"] == key and i["value"]), None)
    if old and old["breakdown"]:  # the page does not edit a breakdown: it is kept as the REST client set it
        data["breakdown"] = old["breakdown"]

    async def send(body: ValueBody) -> Any:
        return await service.set_value(runtime, principal, site_id, year, key, body)

    return await _command(request, runtime, principal, site_id, year, f"value-{key}", ValueBody, data, send, "value", p)


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/evidence")
async def evidence_form(
    request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    keys = [k.strip().upper().replace("С", "C") for k in _text(form, "indicators").replace(";", ",").split(",")]
    data: dict[str, Any] = {
        "kind": _text(form, "kind"),
        "title": _text(form, "title"),
        "held_on": _text(form, "held_on"),
        "venue": _text(form, "venue"),
        "quantity": _text(form, "quantity") or "1",
        "indicators": [k for k in keys if k],
        "pending": _text(form, "pending") == "yes",
        "expected_by": _text(form, "expected_by"),
    }

    async def send(body: EvidenceBody) -> Any:
        return await service.record_evidence(runtime, principal, site_id, year, body)

    return await _command(request, runtime, principal, site_id, year, "evidence", EvidenceBody, data, send, "evidence")


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/evidence/{item_id}/removal")
async def remove_evidence_form(
    request: Request, site_id: str, year: int, item_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    try:
        await service.remove_evidence(runtime, principal, site_id, year, item_id)
    except Problem as problem:
        if problem.status >= 500:
            raise
        return await _page(
            request, runtime, principal, site_id, year, "evidence-list", errors_of(problem), {}, problem.status
        )
    return redirect(request, f"{report_url(site_id, year)}?notice=removed#evidence-list")


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/conclusion")
async def conclusion_form(
    request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    proposal = _text(form, "propose_continue")
    data = {"text": _text(form, "text"), "propose_continue": {"yes": True, "no": False}.get(proposal)}

    async def send(body: ConclusionBody) -> Any:
        return await service.write_conclusion(runtime, principal, site_id, year, body)

    return await _command(
        request, runtime, principal, site_id, year, "conclusion", ConclusionBody, data, send, "conclusion"
    )


def working_group(text: str) -> list[dict[str, str]]:
    """The working group as the form writes it: a member a line, «Фамилия Имя Отчество — должность»."""
    members = []
    for line in text.splitlines():
        name, _, position = line.replace(" - ", " — ").partition(" — ")
        if line.strip():
            members.append({"full_name": name.strip(), "position": position.strip()})
    return members


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/profile")
async def profile_form(
    request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    data: dict[str, Any] = {
        "theme": _text(form, "theme"),
        "host_id": _text(form, "host_id"),
        "working_group": working_group(_text(form, "working_group")),
        "centre_ids": [v for v in form.getlist("centre_ids") if isinstance(v, str) and v],
        "active_from": _text(form, "active_from"),
        "active_to": _text(form, "active_to"),
    }

    async def send(body: passport.ProfileBody) -> Any:
        return await passport.set_profile(runtime, principal, site_id, body)

    return await _command(
        request, runtime, principal, site_id, year, "profile", passport.ProfileBody, data, send, "profile"
    )


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/plan-distribution")
async def distribution_form(
    request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    data: dict[str, Any] = {
        "sent_on": _text(form, "sent_on"),
        "centre_ids": [v for v in form.getlist("centre_ids") if isinstance(v, str) and v],
    }

    async def send(body: distribution.DistributionBody) -> Any:
        return await distribution.distribute(runtime, principal, site_id, year, body)

    return await _command(
        request, runtime, principal, site_id, year, "distribution", distribution.DistributionBody, data, send,
        "distributed",
    )  # fmt: skip


class _Nothing(BaseModel):
    pass


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/submit")
async def submit_form(
    request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal

    async def send(_: _Nothing) -> Any:
        return await service.submit(runtime, principal, site_id, year)

    return await _command(request, runtime, principal, site_id, year, "submit", _Nothing, {}, send, "submitted")


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/signatures/{step}")
async def sign_form(
    request: Request, site_id: str, year: int, step: SignStep, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    data = {
        "position": _text(form, "position"),
        "printed_name": _text(form, "printed_name"),
        "signed_on": _text(form, "signed_on"),
    }

    async def send(body: SignBody) -> Any:
        return await service.sign(runtime, principal, site_id, year, step, body)

    return await _command(
        request, runtime, principal, site_id, year, f"sign-{step.value}", SignBody, data, send, step.value
    )


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/returns/{step}")
async def return_form(
    request: Request, site_id: str, year: int, step: SignStep, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal

    async def send(body: ReturnBody) -> Any:
        return await service.return_report(runtime, principal, site_id, year, step, body)

    data = {"comment": _text(form, "comment")}
    return await _command(
        request, runtime, principal, site_id, year, f"return-{step.value}", ReturnBody, data, send, "returned"
    )


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/follow-ups/{item_id}")
async def outcome_form(
    request: Request, site_id: str, year: int, item_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    p = f"{item_id}."
    data = {
        "outcome": _text(form, p + "outcome"),
        "note": _text(form, p + "note"),
        "known_on": _text(form, p + "known_on"),
    }

    async def send(body: OutcomeBody) -> Any:
        return await service.record_outcome(runtime, principal, site_id, year, item_id, body)

    return await _command(
        request, runtime, principal, site_id, year, f"outcome-{item_id}", OutcomeBody, data, send, "outcome", p
    )


@router.post("/sites/{site_id}/cycles/{year}/criteria-report/continuation")
async def continuation_form(
    request: Request, site_id: str, year: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    choice = _text(form, "continues")
    data = {
        "continues": {"yes": True, "no": False}.get(choice),
        "comment": _text(form, "comment"),
        "decided_on": _text(form, "decided_on"),
    }

    async def send(body: ContinuationBody) -> Any:
        return await service.decide_continuation(runtime, principal, site_id, year, body)

    return await _command(
        request, runtime, principal, site_id, year, "continuation", ContinuationBody, data, send, "continuation"
    )
