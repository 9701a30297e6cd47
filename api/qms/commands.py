"""Commands of document control, one function each, called alike by the REST routes and the pages.

A unit and its staff are decided by ``domain.qms.unit`` and appended here to ``qms-unit:{id}`` (no workflow owns
them); when someone joins or leaves, every document of the unit is signalled, and its workflow asks or stops asking
for their acknowledgment. A document is registered here (decided by the domain) and handed to its
``ControlledDocumentWorkflow``, which records the registration first; every later step is an update of that
workflow, refused with 409 and the domain's Russian message when the domain refuses it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.datastructures import UploadFile

from api.access.principal import Principal
from api.calendar.service import calendar_for
from api.eventlog.decided import append_decided
from api.eventlog.store import read_stream
from api.files.ids import is_uuid
from api.files.store import store_checked
from api.problems import Problem, field_problem, refused
from api.qms import printed
from api.qms.access import actor_in, may_read, readable_unit, readable_units
from api.qms.requests import (
    ApprovalBody,
    ChangeBody,
    CopyBody,
    DocumentBody,
    RecordedVersionBody,
    ReturnBody,
    StaffBody,
    UnitBody,
    VersionBody,
)
from api.qms.views import document_view, register_rows, staff_rows, summary_view
from api.runtime import Runtime
from api.sites.service import load_site
from api.tables import files, institutions, qms_documents, qms_staff, qms_units, regions, users
from api.today import service_today
from domain.common import Actor, DomainError, DomainEvent, event_from_stored
from domain.files import FileFormat, FileRef
from domain.people import Role, ScopeKind
from domain.qms import document as doc
from domain.qms import unit as unit_rules
from domain.qms.events import PaperSignature, unit_stream
from domain.qms.model import Employee, parse_version
from workflows.qms import ControlledDocumentWorkflow, QmsInput, workflow_id

OPEN_WAIT_SECONDS = 10.0  # how long the answer to a registration waits for the workflow to record it
DOCUMENT_NOT_FOUND = "Документ не найден."


def _refusal(error: DomainError) -> Problem:
    return refused(409, error.code, error.message, error.field)


async def _unit_state(conn: AsyncConnection, unit_id: str) -> unit_rules.UnitState:
    stored = await read_stream(conn, unit_stream(unit_id))
    return unit_rules.state_of([event_from_stored(e.event_type, e.data, e.schema_version) for e in stored])


async def _append(runtime: Runtime, stream_id: str, decide: Callable[[AsyncConnection], Any]) -> list[DomainEvent]:
    busy = "Отделение изменилось во время команды; повторите."
    return await append_decided(runtime.eventlog, runtime.reads.connect, stream_id, decide, _refusal, busy)


# --- units and staff -----------------------------------------------------------------------------------------------


async def register_unit(runtime: Runtime, principal: Principal, body: UnitBody) -> dict[str, Any]:
    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        institution = (
            await conn.execute(select(institutions).where(institutions.c.id == body.institution_id))
        ).one_or_none()
        if institution is None:
            raise field_problem(422, "unknown_institution", "Учреждение не найдено.", "institution_id", "не найдено")
        actor = Actor(
            user_id=principal.user_id,
            full_name=principal.full_name,
            roles=frozenset(g.role for g in principal.grants if g.scope_kind == ScopeKind.GLOBAL),
        )
        state = await _unit_state(conn, body.unit_id)
        return unit_rules.register_unit(
            state, body.unit_id, body.institution_id, institution.region_id, body.name, actor, datetime.now(UTC)
        )

    await _append(runtime, unit_stream(body.unit_id), decide)
    return await unit_view(runtime, principal, body.unit_id)


async def unit_view(runtime: Runtime, principal: Principal, unit_id: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    async with runtime.reads.connect() as conn:
        unit = await readable_unit(conn, principal, unit_id)
        actor = actor_in(principal, unit)
        institution = (
            await conn.execute(select(institutions.c.name).where(institutions.c.id == unit.institution_id))
        ).scalar_one_or_none()
        documents = [summary_view(row, now) for row in await register_rows(conn, unit_id)]
        staff = await staff_rows(conn, unit_id)
    return {
        "unit_id": unit.unit_id,
        "name": unit.name,
        "institution_id": unit.institution_id,
        "institution": institution or unit.institution_id,
        "documents": documents,
        "staff": [s for s in staff if s["left_on"] is None],
        "former_staff": [s for s in staff if s["left_on"] is not None],
        "my_roles": sorted(role.value for role in actor.roles),
    }


async def list_units(runtime: Runtime, principal: Principal) -> list[dict[str, Any]]:
    async with runtime.reads.connect() as conn:
        rows = await readable_units(conn, principal)
    return [{"unit_id": r.unit_id, "name": r.name, "institution_id": r.institution_id} for r in rows]


async def join_staff(runtime: Runtime, principal: Principal, unit_id: str, body: StaffBody) -> dict[str, Any]:
    """Someone joins the unit (the HR specialist records it): every document in force asks them to acknowledge."""
    today = service_today()

    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        unit = await readable_unit(conn, principal, unit_id)
        user = (await conn.execute(select(users).where(users.c.login == body.login))).one_or_none()
        if user is None or not user.active:
            raise field_problem(422, "unknown_login", f"Пользователь «{body.login}» не найден.", "login", "не найден")
        employee = Employee(
            user_id=str(user.id), full_name=user.full_name, position=body.position, joined_on=body.joined_on or today
        )
        return unit_rules.join(
            await _unit_state(conn, unit_id), employee, actor_in(principal, unit), datetime.now(UTC), today
        )

    await _append(runtime, unit_stream(unit_id), decide)
    await runtime.signals.send_due()  # every document in force asks them to acknowledge (api.qms.signals)
    return await unit_view(runtime, principal, unit_id)


async def leave_staff(runtime: Runtime, principal: Principal, unit_id: str, user_id: str) -> dict[str, Any]:
    today = service_today()

    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        unit = await readable_unit(conn, principal, unit_id)
        state = await _unit_state(conn, unit_id)
        return unit_rules.leave(state, user_id, actor_in(principal, unit), datetime.now(UTC), today)

    await _append(runtime, unit_stream(unit_id), decide)
    await runtime.signals.send_due()  # no document asks them any more (api.qms.signals)
    return await unit_view(runtime, principal, unit_id)


# --- documents -----------------------------------------------------------------------------------------------------


async def _document_row(conn: AsyncConnection, document_id: str) -> Any:
    return (await conn.execute(select(qms_documents).where(qms_documents.c.document_id == document_id))).one_or_none()


async def _readable_document(conn: AsyncConnection, principal: Principal, document_id: str) -> tuple[Any, Any]:
    row = await _document_row(conn, document_id)
    if row is None:
        raise Problem(404, "document_not_found", DOCUMENT_NOT_FOUND)
    try:
        unit = await readable_unit(conn, principal, row.unit_id)
    except Problem:
        # A site's положение (D13) is read by whoever reads the site: its director sees the versions the package
        # attests; signing stays with the institution's own roles.
        site_id = row.state.get("site_id") or ""
        site = await load_site(conn, site_id) if site_id else None
        if site is None or not principal.can_read(site):
            raise Problem(404, "document_not_found", DOCUMENT_NOT_FOUND) from None
        unit = (await conn.execute(select(qms_units).where(qms_units.c.unit_id == row.unit_id))).one()
    return row, unit


async def site_of_unit(conn: AsyncConnection, unit: Any, site_id: str) -> str:
    """The site a document of ``unit`` is the положение of (D13): a site of the unit's own institution, whose положение
    is not in the register yet (one document per site); "" — none."""
    if not site_id:
        return ""
    site = await load_site(conn, site_id)
    if site is None or site.institution_id != unit.institution_id:
        raise field_problem(
            422,
            "site_not_of_institution",
            f"Площадка «{site_id}» не найдена среди площадок учреждения отделения.",
            "site_id",
            "не площадка этого учреждения",
        )
    kept = (
        await conn.execute(
            select(qms_documents.c.document_id, qms_documents.c.title).where(
                qms_documents.c.state["site_id"].astext == site_id
            )
        )
    ).first()
    if kept is not None:
        raise field_problem(
            409,
            "site_has_document",
            f"Положение площадки «{site_id}» уже в реестре: «{kept.title}». Новая редакция — новая версия этого "
            "документа.",
            "site_id",
            "уже в реестре",
        )
    return site_id


async def store_version_text(runtime: Runtime, principal: Principal, document_id: str, upload: UploadFile) -> str:
    """Store the text of a version chosen on the document's page (D13) as a file of the document's site, for the
    unit's head or the administrator, who enter versions; the file's id."""
    async with runtime.reads.connect() as conn:
        row, unit = await _readable_document(conn, principal, document_id)
        site_id = row.state.get("site_id") or ""
        site = await load_site(conn, site_id) if site_id else None
    if not actor_in(principal, unit).roles & {Role.UNIT_HEAD, Role.ADMIN}:
        raise Problem(403, "forbidden", "Текст версии прикладывает заведующий отделением.")
    if site is None:
        raise field_problem(
            422, "not_a_site_document", "Текст версии прикладывается к положению площадки.", "file", "не положение"
        )
    return (await store_checked(runtime, principal, site, upload)).file_id


async def version_file(conn: AsyncConnection, row: Any, file_id: str | None) -> FileRef | None:
    """The file of a version's text (D13): one uploaded for the site whose положение the document is
    (``POST /api/sites/{site}/files``)."""
    if not file_id:
        return None
    site_id = row.state.get("site_id") or ""
    stored = (
        await conn.execute(
            select(files.c.id, files.c.filename, files.c.format, files.c.size, files.c.sha256).where(
                files.c.id == file_id, files.c.site_id == site_id
            )
        )
        if site_id and is_uuid(file_id)
        else None
    )
    found = stored.one_or_none() if stored is not None else None
    if found is None:
        reason = "файл не найден среди файлов площадки" if site_id else "документ не является положением площадки"
        raise field_problem(422, "file_not_found", f"Файл текста версии не принят: {reason}.", "file_id", reason)
    return FileRef(
        file_id=str(found.id),
        filename=found.filename,
        format=FileFormat(found.format),
        size=found.size,
        sha256=found.sha256,
    )


async def register_document(runtime: Runtime, principal: Principal, body: DocumentBody) -> dict[str, Any]:
    if not body.site_id:
        return await _register_document(runtime, principal, body)
    # One положение per site (D13): between the check below and the row the new workflow records lie the workflow's
    # start and its first append, so two registrations for one site wait for each other here (a transaction's
    # advisory lock, let go however the request ends). Without it both passed the check, and the second's workflow
    # found its first append refused by the database's unique index for ever: a stranded workflow, a 404 answer.
    async with runtime.engine.begin() as lock:
        await lock.execute(select(func.pg_advisory_xact_lock(func.hashtext(f"qms-site:{body.site_id}"))))
        return await _register_document(runtime, principal, body)


async def _register_document(runtime: Runtime, principal: Principal, body: DocumentBody) -> dict[str, Any]:
    document_id = body.document_id or uuid.uuid4().hex[:12]
    now = datetime.now(UTC)
    async with runtime.reads.connect() as conn:
        unit = await readable_unit(conn, principal, body.unit_id)
        site_id = await site_of_unit(conn, unit, body.site_id)
        if await _document_row(conn, document_id) is not None:
            raise field_problem(
                409, "document_exists", f"Документ «{document_id}» уже в реестре.", "document_id", "уже есть"
            )
        zone = (await conn.execute(select(regions.c.timezone).where(regions.c.id == unit.region_id))).scalar_one()
        today = service_today()
        calendar = await calendar_for(conn, range(today.year - 1, today.year + 2))
        staff = (
            await conn.execute(
                select(qms_staff).where(qms_staff.c.unit_id == unit.unit_id, qms_staff.c.left_on.is_(None))
            )
        ).all()
    try:
        registered = doc.register(
            document_id,
            unit.unit_id,
            unit.institution_id,
            unit.region_id,
            unit.name,
            body.document_type,
            body.title,
            body.cipher_prefix,
            body.nomenclature_number,
            zone,
            actor_in(principal, unit),
            now,
            site_id,
        )
    except DomainError as error:
        raise _refusal(error) from None
    employees = tuple(
        Employee(user_id=str(s.user_id), full_name=s.full_name, position=s.position, joined_on=s.joined_on)
        for s in staff
    )
    await runtime.commands.start(
        ControlledDocumentWorkflow.run,
        QmsInput(registered=registered, calendar=calendar, staff=employees),
        workflow_id(document_id),
        f"Документ «{document_id}» уже в реестре.",
    )
    deadline = asyncio.get_running_loop().time() + OPEN_WAIT_SECONDS
    while asyncio.get_running_loop().time() < deadline:
        async with runtime.reads.connect() as conn:
            if await _document_row(conn, document_id) is not None:
                break
        await asyncio.sleep(0.05)
    return await read_document(runtime, principal, document_id)


async def read_document(runtime: Runtime, principal: Principal, document_id: str) -> dict[str, Any]:
    async with runtime.reads.connect() as conn:
        row, unit = await _readable_document(conn, principal, document_id)
        reads_unit = await may_read(conn, principal, unit)
    view = document_view(row, datetime.now(UTC))
    view["reads_unit"] = reads_unit  # False: a reader of the site whose положение it is, not of the unit (D13)
    view["my_roles"] = sorted(role.value for role in actor_in(principal, unit).roles)
    return view


async def history(runtime: Runtime, principal: Principal, document_id: str) -> list[tuple[datetime, DomainEvent]]:
    async with runtime.reads.connect() as conn:
        await _readable_document(conn, principal, document_id)
        stored = await read_stream(conn, f"qms:{document_id}")
    return [(s.recorded_at, event_from_stored(s.event_type, s.data, s.schema_version)) for s in stored]


async def send(
    runtime: Runtime,
    principal: Principal,
    document_id: str,
    update: str,
    build: Callable[[Actor], Any],
    file_id: str | None = None,
) -> dict[str, Any]:
    """Send the document's workflow the update ``update`` with the command ``build`` makes for the caller; answer
    with the document as recorded. ``file_id``: the version's text, a file of the document's site (D13)."""
    async with runtime.reads.connect() as conn:
        row, unit = await _readable_document(conn, principal, document_id)
        text = await version_file(conn, row, file_id)
    command = build(actor_in(principal, unit))
    if text is not None:
        command = command.model_copy(update={"file": text})
    await runtime.commands.update(workflow_id(document_id), update, command)
    return await read_document(runtime, principal, document_id)


def draft_command(body: VersionBody) -> Callable[[Actor], doc.DraftVersion]:
    try:
        parse_version(body.version)
    except DomainError as error:
        raise field_problem(422, error.code, error.message, "version", "формат N.M") from None
    return lambda actor: doc.DraftVersion(actor=actor, version=body.version, sheets=body.sheets, summary=body.summary)


def record_command(body: RecordedVersionBody) -> Callable[[Actor], doc.RecordVersion]:
    try:
        parse_version(body.version)
    except DomainError as error:
        raise field_problem(422, error.code, error.message, "version", "формат N.M") from None
    paper = tuple(PaperSignature(**s.model_dump()) for s in body.signatures)
    return lambda actor: doc.RecordVersion(
        actor=actor,
        version=body.version,
        sheets=body.sheets,
        approval_number=body.approval_number,
        approved_on=body.approved_on,
        enacted_on=body.enacted_on,
        signatures=paper,
    )


def sign_command() -> Callable[[Actor], doc.Sign]:
    return lambda actor: doc.Sign(actor=actor)


def return_command(body: ReturnBody) -> Callable[[Actor], doc.Return]:
    return lambda actor: doc.Return(actor=actor, comment=body.comment)


def approve_command(body: ApprovalBody) -> Callable[[Actor], doc.Approve]:
    return lambda actor: doc.Approve(
        actor=actor, approval_number=body.approval_number, approved_on=body.approved_on, enacts_on=body.enacts_on
    )


def copy_command(body: CopyBody) -> Callable[[Actor], doc.IssueCopy]:
    return lambda actor: doc.IssueCopy(actor=actor, holder=body.holder)


def withdraw_command(number: int) -> Callable[[Actor], doc.WithdrawCopy]:
    return lambda actor: doc.WithdrawCopy(actor=actor, number=number)


def change_command(body: ChangeBody) -> Callable[[Actor], doc.LogChange]:
    return lambda actor: doc.LogChange(actor=actor, identification=body.identification)


def acknowledge_command() -> Callable[[Actor], doc.Acknowledge]:
    return lambda actor: doc.Acknowledge(actor=actor)


# --- what a reader of the register takes away: the printed version and the version's text ------------------------

REGISTER_ONLY = (
    "Печатная форма и текст версии — для читающих реестр отделения: его работников, подписантов его документов и "
    "администратора."
)


async def _register_version(
    conn: AsyncConnection, principal: Principal, document_id: str, number: str
) -> tuple[doc.DocumentState, doc.VersionState]:
    """The version ``number`` of a document, for a reader of the unit's register; a reader of the site whose
    положение it is (D13) sees the document but not the register: 403; anyone else: 404, as for the document."""
    row, unit = await _readable_document(conn, principal, document_id)
    if not await may_read(conn, principal, unit):
        raise Problem(403, "register_only", REGISTER_ONLY)
    state = doc.DocumentState.model_validate(row.state)
    version = next((v for v in state.versions if v.version == number), None)
    if version is None:
        raise Problem(404, "version_not_found", f"Версии {number} у документа нет.")
    return state, version


async def printed_version(
    runtime: Runtime, principal: Principal, document_id: str, number: str, copy: int | None
) -> tuple[bytes, str]:
    """The version as seed 004 prints it (D14), for the controlled copy ``copy`` when named: the DOCX and its name."""
    async with runtime.reads.connect() as conn:
        state, version = await _register_version(conn, principal, document_id, number)
        institution = (
            await conn.execute(select(institutions.c.name).where(institutions.c.id == state.institution_id))
        ).scalar_one_or_none()
    if copy is not None:
        issued = next((c for c in version.copies if c.number == copy), None)
        if issued is None:
            raise field_problem(
                422, "no_such_copy", f"Учтенной копии № {copy} версии {number} нет.", "copy", "нет такой копии"
            )
        if issued.withdrawn_on is not None:
            raise field_problem(
                409,
                "copy_withdrawn",
                f"Учтенная копия № {copy} изъята {issued.withdrawn_on:%d.%m.%Y}: печатать ее нельзя.",
                "copy",
                "копия изъята",
            )
    name = institution or state.institution_id
    return printed.render(state, version, name, copy), printed.file_name(state, version, copy)


async def version_text(runtime: Runtime, principal: Principal, document_id: str, number: str) -> Any:
    """The stored file of the version's text (D13), content included, for a reader of the register."""
    async with runtime.reads.connect() as conn:
        _state, version = await _register_version(conn, principal, document_id, number)
        if version.file is None:
            raise Problem(404, "no_version_text", f"У версии {number} нет файла текста: ее подлинник — на бумаге.")
        return (await conn.execute(select(files).where(files.c.id == version.file.file_id))).one()
