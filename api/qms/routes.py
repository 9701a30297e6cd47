"""The REST API of document control: units and their staff, the register, a document and every step of its life."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.access.deps import PrincipalDep
from api.commands import STARTS_WORKFLOWS, UPDATES_WORKFLOWS
from api.files.store import download_response
from api.problems import documented
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
    UnitBody,
    VersionBody,
)
from api.runtime import RuntimeDep

router = APIRouter(tags=["qms"])

UNIT = "/api/qms/units/{unit_id}"
DOCUMENT = "/api/qms/documents/{document_id}"
REFUSED = documented(404, 409, 422)
SENT = {**REFUSED, **UPDATES_WORKFLOWS}


@router.get("/api/qms/units", summary="Отделения, документы которых видит пользователь")
async def get_units(runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    return await commands.list_units(runtime, principal)


@router.post("/api/qms/units", status_code=201, responses=REFUSED, summary="Зарегистрировать отделение учреждения")
async def post_unit(body: UnitBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.register_unit(runtime, principal, body)


@router.get(UNIT, responses=documented(404), summary="Отделение: реестр управляемых документов и состав")
async def get_unit(unit_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.unit_view(runtime, principal, unit_id)


@router.post(
    f"{UNIT}/staff",
    status_code=201,
    responses=REFUSED,
    summary="Принять работника в отделение (он получит задачи ознакомиться с действующими документами)",
)
async def post_staff(unit_id: str, body: StaffBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.join_staff(runtime, principal, unit_id, body)


@router.delete(
    f"{UNIT}/staff/{{user_id}}",
    responses=REFUSED,
    summary="Работник выбыл из отделения",
)
async def delete_staff(unit_id: str, user_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.leave_staff(runtime, principal, unit_id, user_id)


@router.post(
    "/api/qms/documents",
    status_code=201,
    responses={**REFUSED, **STARTS_WORKFLOWS},
    summary="Внести управляемый документ в реестр отделения",
)
async def post_document(body: DocumentBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.register_document(runtime, principal, body)


@router.get(DOCUMENT, responses=documented(404), summary="Документ: реквизиты, версии, подписи, копии, листы")
async def get_document(document_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.read_document(runtime, principal, document_id)


@router.get(f"{DOCUMENT}/history", responses=documented(404), summary="История документа по-русски")
async def get_history(document_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    return [
        {"at": at, "type": event.event_type, "text": sentence(event)}
        for at, event in await commands.history(runtime, principal, document_id)
    ]


@router.post(f"{DOCUMENT}/versions", responses=SENT, summary="Подготовить проект новой версии (заведующий)")
async def post_version(
    document_id: str, body: VersionBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.send(
        runtime, principal, document_id, "draft_version", commands.draft_command(body), body.file_id
    )


@router.post(
    f"{DOCUMENT}/recorded-versions",
    responses=SENT,
    summary="Внести с бумаги версию, действующую до ведения реестра (заведующий, администратор; D12)",
)
async def post_recorded_version(
    document_id: str, body: RecordedVersionBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.send(
        runtime, principal, document_id, "record_version", commands.record_command(body), body.file_id
    )


@router.post(
    f"{DOCUMENT}/signatures",
    responses=SENT,
    summary="Подписать ожидаемый шаг: «Разработано» (заведующий) или «Согласовано» (заместитель, кадры, юрист)",
)
async def post_signature(document_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.send(runtime, principal, document_id, "sign", commands.sign_command())


@router.post(f"{DOCUMENT}/returns", responses=SENT, summary="Вернуть версию на доработку (ожидаемый подписант)")
async def post_return(
    document_id: str, body: ReturnBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.send(runtime, principal, document_id, "return_version", commands.return_command(body))


@router.post(f"{DOCUMENT}/approval", responses=SENT, summary="«УТВЕРЖДАЮ»: номер и дата утверждения, дата введения")
async def post_approval(
    document_id: str, body: ApprovalBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.send(runtime, principal, document_id, "approve", commands.approve_command(body))


@router.post(f"{DOCUMENT}/copies", responses=SENT, summary="Выдать учтенную копию держателю")
async def post_copy(document_id: str, body: CopyBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.send(runtime, principal, document_id, "issue_copy", commands.copy_command(body))


@router.post(f"{DOCUMENT}/copies/{{number}}/withdrawal", responses=SENT, summary="Изъять учтенную копию")
async def post_withdrawal(
    document_id: str, number: int, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.send(runtime, principal, document_id, "withdraw_copy", commands.withdraw_command(number))


@router.post(f"{DOCUMENT}/changes", responses=SENT, summary="Записать изменение в лист идентификации изменений")
async def post_change(
    document_id: str, body: ChangeBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await commands.send(runtime, principal, document_id, "log_change", commands.change_command(body))


@router.post(f"{DOCUMENT}/acknowledgments", responses=SENT, summary="Ознакомиться с действующей версией (работник)")
async def post_acknowledgment(document_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await commands.send(runtime, principal, document_id, "acknowledge", commands.acknowledge_command())


@router.get(
    f"{DOCUMENT}/versions/{{version}}/docx",
    response_class=Response,
    responses={
        **documented(403, 404, 409, 422),
        200: {"content": {MEDIA_TYPE: {}}, "description": "Печатная форма версии (DOCX)"},
    },
    summary="Печатная форма версии: титульный лист, карточка, лист ознакомления, лист идентификации изменений",
)
async def get_printed_version(
    document_id: str,
    version: str,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    copy: int | None = Query(None, ge=1, description="Номер учтенной копии: печатается на каждом листе"),
) -> Response:
    content, name = await commands.printed_version(runtime, principal, document_id, version, copy)
    return Response(content=content, media_type=MEDIA_TYPE, headers={"Content-Disposition": attachment(name)})


@router.get(
    f"{DOCUMENT}/versions/{{version}}/file",
    response_class=Response,
    responses=documented(403, 404),
    summary="Текст версии — файл, хранимый реестром, как он есть",
)
async def get_version_text(document_id: str, version: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    return download_response(await commands.version_text(runtime, principal, document_id, version))
