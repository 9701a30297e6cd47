"""A site's положение as the QMS register keeps it (D13): the controlled document that names the site, its versions
(version, approval date and number, in force from) and the version in force, read by the site's annual package — its
obligation page, its REST answer and the director's «изменений нет» attestation (KhMAO D25)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.tables import qms_documents
from domain.files import FileRef
from domain.qms import document as doc
from domain.submission.events import AttestedVersion

POLOZHENIE_ITEM = "polozhenie"  # the item of order 135-р 2.3 the register keeps


async def site_document(conn: AsyncConnection, site_id: str) -> doc.DocumentState | None:
    """The controlled document that is the site's положение; None when the register holds none for the site."""
    query = (
        select(qms_documents.c.state)
        .where(qms_documents.c.state["site_id"].astext == site_id)
        .order_by(qms_documents.c.registered_at)
        .limit(1)
    )
    state = (await conn.execute(query)).scalar_one_or_none()
    return doc.DocumentState.model_validate(state) if state is not None else None


def _version(version: doc.VersionState) -> dict[str, Any]:
    return {
        "version": version.version,
        "status": version.status.value,
        "status_ru": doc.VERSION_STATUS_RU[version.status],
        "approval_number": version.approval_number or None,
        "approved_on": version.approved_on,
        "enacted_on": version.enacted_on,
        "enacts_on": version.enacts_on,
        "file": version.file.model_dump(mode="json") if version.file else None,
    }


def register_view(state: doc.DocumentState) -> dict[str, Any]:
    """The register's part of the package's положение item: the document, its page, its versions newest first and
    the version in force (None when there is none: «изменений нет» is then refused)."""
    in_force = state.in_force
    return {
        "item": POLOZHENIE_ITEM,
        "document_id": state.document_id,
        "title": state.title,
        "unit_name": state.unit_name,
        "page": f"/qms/documents/{state.document_id}",
        "versions": [_version(v) for v in reversed(state.versions)],
        "in_force": _version(in_force) if in_force else None,
    }


def attested_version(state: doc.DocumentState) -> tuple[AttestedVersion, FileRef] | None:
    """The version in force the director attests unchanged, with its text; None when the register has no version
    in force or the version in force has no file of its text."""
    in_force = state.in_force
    if in_force is None or in_force.file is None or in_force.approved_on is None or in_force.enacted_on is None:
        return None
    attested = AttestedVersion(
        document_id=state.document_id,
        version=in_force.version,
        approval_number=in_force.approval_number,
        approved_on=in_force.approved_on,
        enacted_on=in_force.enacted_on,
    )
    return attested, in_force.file
