"""Uploading and downloading files of a site. A file is checked for size and for content matching its name, and
stored with its SHA-256; submissions then reference it by id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import Response

from api.access.deps import PrincipalDep
from api.files.store import StoredFile, download_response, readable_file, store_upload
from api.problems import documented
from api.runtime import RuntimeDep

router = APIRouter(tags=["files"])


@router.post(
    "/api/sites/{site_id}/files",
    status_code=201,
    response_model=StoredFile,
    responses=documented(415),
    summary="Загрузить файл",
)
async def upload_file(
    site_id: str,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    file: Annotated[UploadFile, File(description="PDF, DOCX, XLSX, DOC, XLS, ODT, ODS или ZIP")],
) -> StoredFile:
    return await store_upload(runtime, principal, site_id, file)


@router.get("/api/files/{file_id}", summary="Скачать файл", response_class=Response)
async def download_file(file_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    return download_response(await readable_file(runtime, principal, file_id))
