"""Storing an uploaded file of a site and reading it back: who may upload, the size limit, the format detected
from the content and checked against the name, the SHA-256; a file read back only by whoever may see its site.
``POST /api/sites/{site}/files`` and the forms of the web interface that take files store them here, so a file is
checked the same way whichever way it came."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any
from urllib.parse import quote

from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import select
from starlette.datastructures import UploadFile

from api.access.principal import Principal
from api.access.products import product_file_visible
from api.files.ids import is_uuid
from api.files.sniff import detect_format
from api.problems import Problem
from api.runtime import Runtime
from api.sites.service import SITE_NOT_FOUND, load_site, visible_site
from api.tables import files
from domain.files import FORMAT_MEDIA_TYPES, FileFormat, format_for_extension
from domain.people import Role
from domain.sites import Site

UPLOADERS = (Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE, Role.INSTITUTION_RESPONSIBLE)
CHUNK = 1024 * 1024


class StoredFile(BaseModel):
    file_id: str
    site_id: str
    filename: str
    format: FileFormat
    media_type: str
    size: int
    sha256: str


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} МБ"


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    content = bytearray()
    while chunk := await upload.read(CHUNK):
        content.extend(chunk)
        if len(content) > limit:
            raise Problem(
                413,
                "file_too_large",
                f"Файл «{upload.filename}» больше допустимых {megabytes(limit)}.",
                [{"field": "file", "message": f"размер больше {megabytes(limit)}"}],
            )
    return bytes(content)


def _checked_format(filename: str, content: bytes) -> FileFormat:
    if not content:
        raise Problem(422, "empty_file", f"Файл «{filename}» пуст.", [{"field": "file", "message": "пустой файл"}])
    claimed = format_for_extension(filename)
    if claimed is None:
        accepted = ", ".join(f.value.upper() for f in FileFormat)
        raise Problem(
            415,
            "unsupported_file_type",
            f"Файл «{filename}»: тип не поддерживается. Принимаются {accepted}.",
            [{"field": "file", "message": "неподдерживаемое расширение"}],
        )
    actual = detect_format(content)
    if actual != claimed:
        what = f"на самом деле {actual.value.upper()}" if actual else "не является документом известного формата"
        raise Problem(
            415,
            "file_content_mismatch",
            f"Файл «{filename}» назван как {claimed.value.upper()}, но его содержимое {what}.",
            [{"field": "file", "message": "содержимое не соответствует расширению"}],
        )
    return actual


async def store_upload(runtime: Runtime, principal: Principal, site_id: str, upload: UploadFile) -> StoredFile:
    """Store ``upload`` as a file of the site, once the caller may upload there and the file is what it says it
    is; refused (a ``Problem`` whose field is ``file``) otherwise, and then nothing is stored."""
    async with runtime.engine.connect() as conn:
        site = await load_site(conn, site_id)
    if site is None or not principal.roles_on(site) & set(UPLOADERS):
        if site is not None and principal.can_read(site):
            raise Problem(403, "forbidden", "Загружать файлы площадки может её директор или ответственное лицо.")
        raise Problem(404, "site_not_found", SITE_NOT_FOUND)
    return await store_checked(runtime, principal, site, upload)


async def store_checked(runtime: Runtime, principal: Principal, site: Site, upload: UploadFile) -> StoredFile:
    """Store ``upload`` as a file of ``site`` once it is what it says it is, for a caller another context has
    already authorized (the text of a site's положение in the QMS register, D13: its unit head uploads it)."""
    limit = runtime.config.max_upload_bytes
    filename = (upload.filename or "").strip() or "без имени"
    content = await _read_limited(upload, limit)
    file_format = _checked_format(filename, content)
    stored = StoredFile(
        file_id=str(uuid.uuid4()),
        site_id=site.id,
        filename=filename,
        format=file_format,
        media_type=FORMAT_MEDIA_TYPES[file_format],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    async with runtime.engine.begin() as conn:
        await conn.execute(
            files.insert().values(
                id=stored.file_id,
                site_id=site.id,
                filename=filename,
                format=file_format.value,
                media_type=stored.media_type,
                size=stored.size,
                sha256=stored.sha256,
                content=content,
                uploaded_by=principal.user_id,
            )
        )
    return stored


FILE_NOT_FOUND = "Файл не найден."


async def readable_file(runtime: Runtime, principal: Principal, file_id: str) -> Any:
    """The stored file ``file_id`` (its row, content included) when the caller may see its site; a file out of
    scope is answered as one that does not exist."""
    if not is_uuid(file_id):
        raise Problem(404, "file_not_found", FILE_NOT_FOUND)
    async with runtime.engine.connect() as conn:
        row = (await conn.execute(select(files).where(files.c.id == file_id))).one_or_none()
        if row is None:
            raise Problem(404, "file_not_found", FILE_NOT_FOUND)
        try:
            await visible_site(conn, principal, row.site_id)
        except Problem:
            # a product's files are read beyond its site: by the council once it is sent, by all from the registry
            if not await product_file_visible(conn, principal, file_id):
                raise Problem(404, "file_not_found", FILE_NOT_FOUND) from None
    return row


def download_response(row: Any) -> Response:
    """A stored file as a download, under its own name, with its checksum."""
    return Response(
        content=row.content,
        media_type=row.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.filename)}",
            "X-Content-SHA256": row.sha256,
        },
    )
