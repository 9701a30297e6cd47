"""A unit's register and a controlled document as the REST API and the pages show them, from the projections:
requisites, the sign-off block (name, position, date of each signature; who is awaited), controlled copies, the
acknowledgment sheet with who is still to acknowledge and who is late, the change log, every version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.tables import qms_documents, qms_staff
from domain.escalation import EscalationLevel
from domain.people import ROLE_RU
from domain.qms import document as doc
from domain.qms.model import ACK_REASON_RU, ACK_STEP_BY_LEVEL, CHAIN, STAGE_RU, STEP_BY_KEY, Stage

STATUS_TAG = {
    doc.VersionStatus.DRAFT: "grey",
    doc.VersionStatus.IN_AGREEMENT: "blue",
    doc.VersionStatus.APPROVED: "purple",
    doc.VersionStatus.IN_FORCE: "green",
    doc.VersionStatus.SUPERSEDED: "grey",
}


def _signature(signature: doc.Signature) -> dict[str, Any]:
    step = STEP_BY_KEY[signature.step]
    return {
        "step": step.key,
        "stage": step.stage.value,
        "stage_ru": STAGE_RU[step.stage],
        "position": signature.position,
        "full_name": signature.full_name,
        "signed_on": signature.signed_on,
        "acting": signature.acting,
        "on_behalf_of": signature.on_behalf_of,
    }


def _sign_off(version: doc.VersionState) -> list[dict[str, Any]]:
    """Every step of the chain with its signature, or awaited, or still ahead."""
    signed = {s.step: s for s in version.signatures}
    awaited = version.next_step
    rows = []
    for step in CHAIN:
        row: dict[str, Any] = {
            "step": step.key,
            "stage_ru": STAGE_RU[step.stage],
            "position": step.position,
            "role_ru": ROLE_RU[step.role],
            "signature": _signature(signed[step.key]) if step.key in signed else None,
            "awaited": awaited is not None and awaited.key == step.key,
        }
        rows.append(row)
    return rows


def _request(request: doc.AckRequest, now: datetime) -> dict[str, Any]:
    raised = [level for level in request.raised if level != EscalationLevel.REMINDER]
    return {
        "user_id": request.employee.user_id,
        "full_name": request.employee.full_name,
        "position": request.employee.position,
        "reason": request.reason.value,
        "reason_ru": ACK_REASON_RU[request.reason] + (f" № {request.change}" if request.change else ""),
        "due": {
            "nominal": request.deadline.nominal,
            "effective": request.deadline.effective,
            "ends_at": request.deadline.ends_at,
        },
        "late": doc.late(request, now),
        "escalated": ACK_STEP_BY_LEVEL[raised[-1]].what if raised else "",
    }


def version_view(version: doc.VersionState, now: datetime) -> dict[str, Any]:
    awaited = version.next_step
    return {
        "version": version.version,
        "status": version.status.value,
        "status_ru": doc.VERSION_STATUS_RU[version.status],
        "tag": STATUS_TAG[version.status],
        "sheets": version.sheets,
        "summary": version.summary,
        "from_paper": not version.developer_id,  # entered from the paper, approved before the register (D12)
        "awaiting": {"step": awaited.key, "position": awaited.position, "role": awaited.role.value}
        if awaited
        else None,
        "sign_off": _sign_off(version),
        "returns": version.returns,
        "last_return": version.last_return,
        "approval_number": version.approval_number,
        "approved_on": version.approved_on,
        "enacts_on": version.enacts_on,
        "enacted_on": version.enacted_on,
        "superseded_on": version.superseded_on,
        "superseded_by": version.superseded_by,
        "copies": [c.model_dump() for c in version.copies],
        "changes": [c.model_dump() for c in version.changes],
        "sheet": [row.model_dump() for row in version.sheet],
        "pending": [_request(r, now) for r in version.requests if r.open],
        "file": version.file.model_dump(mode="json") if version.file else None,  # the version's text (D13)
    }


def summary_view(row: Any, now: datetime) -> dict[str, Any]:
    """A row of the register."""
    state = doc.DocumentState.model_validate(row.state)
    in_force, pending = state.in_force, state.pending
    late = sum(1 for r in in_force.requests if doc.late(r, now)) if in_force else 0
    open_requests = sum(1 for r in in_force.requests if r.open) if in_force else 0
    return {
        "document_id": state.document_id,
        "unit_id": state.unit_id,
        "document_type": state.document_type,
        "title": state.title,
        "cipher": state.cipher,
        "cipher_prefix": state.cipher_prefix,
        "nomenclature_number": state.nomenclature_number,
        "site_id": state.site_id or None,  # the site whose положение this is (D13)
        "in_force": {
            "version": in_force.version,
            "approved_on": in_force.approved_on,
            "approval_number": in_force.approval_number,
            "enacted_on": in_force.enacted_on,
            "sheets": in_force.sheets,
            "copies": sum(1 for c in in_force.copies if c.withdrawn_on is None),
            "acknowledged": len({r.user_id for r in in_force.sheet}),
            "to_acknowledge": open_requests,
            "late": late,
        }
        if in_force
        else None,
        "pending": {
            "version": pending.version,
            "status": pending.status.value,
            "status_ru": doc.VERSION_STATUS_RU[pending.status],
            "tag": STATUS_TAG[pending.status],
            "awaiting": pending.next_step.position if pending.next_step else "",
            "enacts_on": pending.enacts_on,
        }
        if pending
        else None,
        "url": f"/api/qms/documents/{state.document_id}",
        "page": f"/qms/documents/{state.document_id}",
    }


def document_view(row: Any, now: datetime) -> dict[str, Any]:
    state = doc.DocumentState.model_validate(row.state)
    return {
        **summary_view(row, now),
        "unit_name": state.unit_name,
        "institution_id": state.institution_id,
        "stream_version": row.stream_version,
        "versions": [version_view(v, now) for v in reversed(state.versions)],
        "chain": [
            {"step": s.key, "position": s.position, "role": s.role.value, "role_ru": ROLE_RU[s.role]} for s in CHAIN
        ],
        "approving": Stage.APPROVED.value,
    }


async def register_rows(conn: AsyncConnection, unit_id: str) -> list[Any]:
    query = select(qms_documents).where(qms_documents.c.unit_id == unit_id).order_by(qms_documents.c.title)
    return list((await conn.execute(query)).all())


async def staff_rows(conn: AsyncConnection, unit_id: str) -> list[dict[str, Any]]:
    query = select(qms_staff).where(qms_staff.c.unit_id == unit_id).order_by(qms_staff.c.full_name)
    return [
        {
            "user_id": str(r.user_id),
            "full_name": r.full_name,
            "position": r.position,
            "joined_on": r.joined_on,
            "left_on": r.left_on,
        }
        for r in (await conn.execute(query)).all()
    ]
