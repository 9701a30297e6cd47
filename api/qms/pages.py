"""Pages of document control (управление документацией СМК, seed 004).

* ``GET /qms`` — the units a person may see; with one, its register at once.
* ``GET /qms/units/{unit}`` — the unit's register of controlled documents with their status tags, its staff, and
  the forms of its head (a document into the register) and of its HR specialist (someone joins the unit).
* ``GET /qms/documents/{id}`` — the document: its requisites, the sign-off block of the version on its way (name,
  position and date of each signature, who is awaited), controlled copies, the acknowledgment sheet with who is
  still to acknowledge and who is late, the change log, every version and the history; and the forms the person may
  use now, by their roles and where the document stands.

Each form posts to an address of its own and calls the function of ``api.qms.commands`` the REST route calls: one
authorization, one validation, one set of Russian messages. A refusal shows the page again with the message next to
the field and nothing recorded; a success goes back to the page with a notice (post/redirect/get)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import and_, select
from starlette.datastructures import UploadFile

from api.access.principal import Principal
from api.access.session import FormDep, SessionDep
from api.commands import CommandPending
from api.files.store import download_response
from api.problems import Problem
from api.qms import commands
from api.qms.history import sentence
from api.qms.printed import MEDIA_TYPE, attachment
from api.qms.requests import (
    ApprovalBody,
    ChangeBody,
    CopyBody,
    DocumentBody,
    RecordedVersionBody,
    ReturnBody,
    StaffBody,
    VersionBody,
)
from api.runtime import Runtime, RuntimeDep
from api.tables import grants, users
from api.timeline.reading import zone_ru
from api.today import DEFAULT_ZONE, service_today
from api.web.forms import FormErrors, blank_to_none, errors_of, parsed
from api.web.render import redirect, render
from domain.people import Role, ScopeKind
from domain.qms.document import CHANGE_AUTHORS, COPY_KEEPERS

router = APIRouter(include_in_schema=False)

NOTICES = {
    "registered": "Документ внесен в реестр.",
    "joined": "Работник принят в отделение: ему пришли задачи ознакомиться с действующими документами.",
    "left": "Работник выбыл из отделения: ознакомление у него больше не запрашивается.",
    "recorded": "Действующая версия внесена с бумаги.",
    "drafted": "Проект версии создан. Подпишите «Разработано», когда он готов к согласованию.",
    "signed": "Подпись записана: документ ушел следующему подписанту.",
    "returned": "Версия возвращена на доработку: согласование начнется заново.",
    "approved": "Версия утверждена; она вступит в действие в назначенный день.",
    "copied": "Учтенная копия выдана.",
    "withdrawn": "Учтенная копия изъята.",
    "changed": "Изменение записано в лист идентификации; работникам пришли задачи ознакомиться с ним.",
    "acknowledged": "Ознакомление записано в лист ознакомления.",
}
PENDING = "pending"
LABELS = {
    "version": "Версия",
    "sheets": "Число листов",
    "summary": "Что нового",
    "comment": "Замечание",
    "approval_number": "Номер утверждения",
    "approved_on": "Дата утверждения",
    "enacts_on": "Дата введения в действие",
    "holder": "Держатель копии",
    "identification": "Идентификация изменения",
    "login": "Работник",
    "position": "Должность",
    "joined_on": "Дата приема",
    "document_type": "Вид документа",
    "title": "Наименование",
    "cipher_prefix": "Постоянная часть шифра",
    "nomenclature_number": "Номер по номенклатуре дел",
    "number": "Номер копии",
    "enacted_on": "Дата введения в действие",
    "signatures": "Подписи",
}


def document_url(document_id: str) -> str:
    return f"/qms/documents/{quote(document_id, safe='')}"


def unit_url(unit_id: str) -> str:
    return f"/qms/units/{quote(unit_id, safe='')}"


# --- the units and their registers ---------------------------------------------------------------------------------


@router.get("/qms")
async def units_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    units = await commands.list_units(runtime, session.principal)
    if len(units) == 1:
        return redirect(request, unit_url(units[0]["unit_id"]))
    return render(request, "qms/units.html", title="Документы СМК", units=units)


async def _candidates(runtime: Runtime, unit: dict[str, Any]) -> list[tuple[str, str]]:
    """Who may join the unit: people of its institution's staff roles not in the unit now (nobody types a login)."""
    roles = [Role.UNIT_EMPLOYEE.value, Role.UNIT_HEAD.value]
    current = {s["user_id"] for s in unit["staff"]}
    query = (
        select(users.c.id, users.c.login, users.c.full_name)
        .join(grants, grants.c.user_id == users.c.id)
        .where(
            users.c.active.is_(True),
            grants.c.role.in_(roles),
            and_(grants.c.scope_kind == ScopeKind.INSTITUTION.value, grants.c.scope_id == unit["institution_id"]),
        )
        .distinct()
        .order_by(users.c.full_name)
    )
    async with runtime.reads.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [(r.login, r.full_name) for r in rows if str(r.id) not in current]


async def _unit_page(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    unit_id: str,
    status_code: int = 200,
    notice: str = "",
    errors: FormErrors | None = None,
    form: str = "",
    values: dict[str, Any] | None = None,
) -> Response:
    unit = await commands.unit_view(runtime, principal, unit_id)
    roles = set(unit["my_roles"])
    may = {
        "register": bool(roles & {Role.UNIT_HEAD.value, Role.ADMIN.value}),
        "staff": bool(roles & {Role.HR_SPECIALIST.value, Role.ADMIN.value}),
    }
    return render(
        request,
        "qms/unit.html",
        status_code=status_code,
        title=f"Реестр документов: {unit['name']}",
        unit=unit,
        may=may,
        candidates=await _candidates(runtime, unit) if may["staff"] else [],
        notice=NOTICES.get(notice, ""),
        errors=errors,
        form=form,
        values=values or {},
        labels=LABELS,
        today=service_today(),
    )


@router.get("/qms/units/{unit_id}")
async def unit_page(
    request: Request, unit_id: str, runtime: RuntimeDep, session: SessionDep, notice: str = ""
) -> Response:
    return await _unit_page(request, runtime, session.principal, unit_id, notice=notice)


async def _unit_form(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    unit_id: str,
    form: str,
    values: dict[str, Any],
    act: Callable[[], Awaitable[Any]],
    done: Callable[[Any], str],
) -> Response:
    try:
        result = await act()
    except Problem as problem:
        if problem.status in (403, 404) or problem.status >= 500:
            raise
        return await _unit_page(
            request, runtime, principal, unit_id, problem.status, errors=errors_of(problem), form=form, values=values
        )
    return redirect(request, done(result))


@router.get("/qms/units/{unit_id}/{action:path}")
async def unit_form_address(request: Request, unit_id: str, action: str, session: SessionDep) -> Response:
    """The address a form of the unit posts to, opened as a page: the unit's register."""
    return redirect(request, unit_url(unit_id))


@router.post("/qms/units/{unit_id}/documents")
async def register_document(
    request: Request, unit_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    values = {
        k: str(form.get(k) or "").strip() for k in ("document_type", "title", "cipher_prefix", "nomenclature_number")
    }
    body = parsed(DocumentBody, {**values, "unit_id": unit_id})
    principal = session.principal
    if isinstance(body, FormErrors):
        return await _unit_page(request, runtime, principal, unit_id, 422, errors=body, form="register", values=values)
    checked: DocumentBody = body
    return await _unit_form(
        request,
        runtime,
        principal,
        unit_id,
        "register",
        values,
        lambda: commands.register_document(runtime, principal, checked),
        lambda document: document_url(document["document_id"]) + "?notice=registered",
    )


@router.post("/qms/units/{unit_id}/staff")
async def join_staff(
    request: Request, unit_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    values = {k: str(form.get(k) or "").strip() for k in ("login", "position", "joined_on")}
    body = parsed(StaffBody, blank_to_none(values))
    principal = session.principal
    if isinstance(body, FormErrors):
        return await _unit_page(request, runtime, principal, unit_id, 422, errors=body, form="staff", values=values)
    checked: StaffBody = body
    return await _unit_form(
        request,
        runtime,
        principal,
        unit_id,
        "staff",
        values,
        lambda: commands.join_staff(runtime, principal, unit_id, checked),
        lambda _: unit_url(unit_id) + "?notice=joined",
    )


@router.post("/qms/units/{unit_id}/staff/{user_id}/leaving")
async def leave_staff(
    request: Request, unit_id: str, user_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    principal = session.principal
    return await _unit_form(
        request,
        runtime,
        principal,
        unit_id,
        "leave",
        {},
        lambda: commands.leave_staff(runtime, principal, unit_id, user_id),
        lambda _: unit_url(unit_id) + "?notice=left",
    )


# --- a document ----------------------------------------------------------------------------------------------------


def _may(document: dict[str, Any], principal: Principal) -> dict[str, Any]:
    roles = set(document["my_roles"])
    versions = document["versions"]
    pending = next((v for v in versions if v["status"] in ("draft", "in_agreement", "approved")), None)
    in_force = next((v for v in versions if v["status"] == "in_force"), None)
    awaiting = pending["awaiting"] if pending else None
    mine = awaiting is not None and awaiting["role"] in roles
    copyable = next((v for v in versions if v["status"] in ("in_force", "approved")), None)
    may = {
        "sign": mine and awaiting["step"] != "director",  # type: ignore[index]
        "return": mine and pending is not None and pending["status"] == "in_agreement",
        "approve": mine and awaiting["step"] == "director",  # type: ignore[index]
        "draft": Role.UNIT_HEAD.value in roles and pending is None,
        "record": bool(roles & {Role.UNIT_HEAD.value, Role.ADMIN.value}) and not versions,
        "issue_copy": bool(roles & {r.value for r in COPY_KEEPERS}) and copyable is not None,
        "change": bool(roles & {r.value for r in CHANGE_AUTHORS}) and in_force is not None,
        "acknowledge": in_force is not None and any(p["user_id"] == principal.user_id for p in in_force["pending"]),
    }
    may["urgent"] = any(may[k] for k in ("acknowledge", "sign", "return", "approve"))
    return {"may": may, "pending": pending, "in_force": in_force, "copyable": copyable}


async def _document_page(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    document_id: str,
    status_code: int = 200,
    notice: str = "",
    errors: FormErrors | None = None,
    form: str = "",
    values: dict[str, Any] | None = None,
) -> Response:
    document = await commands.read_document(runtime, principal, document_id)
    history = [(at, sentence(event)) for at, event in await commands.history(runtime, principal, document_id)]
    return render(
        request,
        "qms/document.html",
        status_code=status_code,
        title=document["title"],
        d=document,
        url=document_url(document_id),
        unit_url=unit_url(document["unit_id"]),
        history=list(reversed(history)),
        notice=notice,
        notices=NOTICES,
        errors=errors,
        form=form,
        values=values or {},
        labels=LABELS,
        today=service_today(),
        zone=zone_ru(DEFAULT_ZONE),
        **_may(document, principal),
    )


@router.get("/qms/documents/{document_id}")
async def document_page(
    request: Request, document_id: str, runtime: RuntimeDep, session: SessionDep, notice: str = ""
) -> Response:
    return await _document_page(request, runtime, session.principal, document_id, notice=notice)


@router.get("/qms/documents/{document_id}/versions/{version}/docx")
async def printed_version(
    document_id: str, version: str, runtime: RuntimeDep, session: SessionDep, copy: int | None = None
) -> Response:
    """The version's printed form (D14), as ``GET /api/qms/documents/{id}/versions/{version}/docx``."""
    content, name = await commands.printed_version(runtime, session.principal, document_id, version, copy)
    return Response(content=content, media_type=MEDIA_TYPE, headers={"Content-Disposition": attachment(name)})


@router.get("/qms/documents/{document_id}/versions/{version}/file")
async def version_text(document_id: str, version: str, runtime: RuntimeDep, session: SessionDep) -> Response:
    """The version's text as the register keeps it (D13), as ``GET /api/qms/documents/{id}/versions/{version}/file``."""
    return download_response(await commands.version_text(runtime, session.principal, document_id, version))


@router.get("/qms/documents/{document_id}/{action:path}")
async def form_address(request: Request, document_id: str, action: str, session: SessionDep) -> Response:
    """The address a form posts to, opened as a page (a refusal refreshed or bookmarked): the document's page."""
    return redirect(request, document_url(document_id))


async def _act(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    document_id: str,
    form: str,
    values: dict[str, Any],
    model: type[BaseModel] | None,
    update: str,
    build: Callable[[Any], Any],
    done: str,
    data: dict[str, Any] | None = None,
    upload: Any = None,
) -> Response:
    """Read the form into ``model``, send the command; back to the page with the notice ``done``, or the page again
    with what went wrong next to its field. ``upload``: a version's text chosen with it (D13), stored for the
    document's site before the command names it."""
    body: Any = None
    if model is not None:
        read = parsed(model, blank_to_none(data if data is not None else values))
        if isinstance(read, FormErrors):
            return await _document_page(
                request, runtime, principal, document_id, 422, errors=read, form=form, values=values
            )
        body = read
    try:
        file_id = None
        if isinstance(upload, UploadFile) and upload.filename:
            file_id = await commands.store_version_text(runtime, principal, document_id, upload)
        await commands.send(runtime, principal, document_id, update, build(body), file_id)
    except CommandPending:
        return redirect(request, document_url(document_id) + f"?notice={PENDING}")
    except Problem as problem:
        if problem.status in (403, 404) or problem.status >= 500:
            raise
        return await _document_page(
            request,
            runtime,
            principal,
            document_id,
            problem.status,
            errors=errors_of(problem),
            form=form,
            values=values,
        )
    return redirect(request, document_url(document_id) + f"?notice={done}")


def _values(form: Any, *names: str) -> dict[str, Any]:
    return {name: str(form.get(name) or "").strip() for name in names}


@router.post("/qms/documents/{document_id}/versions")
async def draft(
    request: Request, document_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    values = _values(form, "version", "sheets", "summary")
    values["summary"] = values["summary"] or ""

    def build(body: VersionBody) -> Any:
        return commands.draft_command(body)

    return await _act(
        request,
        runtime,
        session.principal,
        document_id,
        "draft",
        values,
        VersionBody,
        "draft_version",
        build,
        "drafted",
        upload=form.get("file"),
    )


@router.post("/qms/documents/{document_id}/recorded-versions")
async def record_version(
    request: Request, document_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    """A version in force before the register was kept, from the paper (D12): its requisites and the printed names
    of the developer and the director (the concurrences' names, where the paper has them, through the REST API)."""
    values = _values(form, "version", "sheets", "approval_number", "approved_on", "enacted_on", "developer", "director")
    paper = [
        {"step": step, "full_name": values[field]}
        for step, field in (("developer", "developer"), ("director", "director"))
    ]
    data = {k: values[k] for k in ("version", "sheets", "approval_number", "approved_on", "enacted_on")}
    return await _act(
        request,
        runtime,
        session.principal,
        document_id,
        "record",
        values,
        RecordedVersionBody,
        "record_version",
        commands.record_command,
        "recorded",
        data={**data, "signatures": paper},
        upload=form.get("file"),
    )


@router.post("/qms/documents/{document_id}/signatures")
async def sign(request: Request, document_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    return await _act(
        request,
        runtime,
        session.principal,
        document_id,
        "sign",
        {},
        None,
        "sign",
        lambda _: commands.sign_command(),
        "signed",
    )


@router.post("/qms/documents/{document_id}/returns")
async def return_version(
    request: Request, document_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    return await _act(
        request,
        runtime,
        session.principal,
        document_id,
        "return",
        _values(form, "comment"),
        ReturnBody,
        "return_version",
        commands.return_command,
        "returned",
    )


@router.post("/qms/documents/{document_id}/approval")
async def approve(
    request: Request, document_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    return await _act(
        request,
        runtime,
        session.principal,
        document_id,
        "approve",
        _values(form, "approval_number", "approved_on", "enacts_on"),
        ApprovalBody,
        "approve",
        commands.approve_command,
        "approved",
    )


@router.post("/qms/documents/{document_id}/copies")
async def issue_copy(
    request: Request, document_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    return await _act(
        request,
        runtime,
        session.principal,
        document_id,
        "copy",
        _values(form, "holder"),
        CopyBody,
        "issue_copy",
        commands.copy_command,
        "copied",
    )


@router.post("/qms/documents/{document_id}/copies/{number}/withdrawal")
async def withdraw_copy(
    request: Request, document_id: str, number: int, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    return await _act(
        request,
        runtime,
        session.principal,
        document_id,
        "withdraw",
        {},
        None,
        "withdraw_copy",
        lambda _: commands.withdraw_command(number),
        "withdrawn",
    )


@router.post("/qms/documents/{document_id}/changes")
async def log_change(
    request: Request, document_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    return await _act(
        request,
        runtime,
        session.principal,
        document_id,
        "change",
        _values(form, "identification"),
        ChangeBody,
        "log_change",
        commands.change_command,
        "changed",
    )


@router.post("/qms/documents/{document_id}/acknowledgments")
async def acknowledge(
    request: Request, document_id: str, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    return await _act(
        request,
        runtime,
        session.principal,
        document_id,
        "acknowledge",
        {},
        None,
        "acknowledge",
        lambda _: commands.acknowledge_command(),
        "acknowledged",
    )
