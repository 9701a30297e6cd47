"""What a QMS unit's staff changes owe the unit's controlled documents (``api.signals.outbox``), written with the
event: someone who joins (QmsEmployeeJoined) is asked to acknowledge every document in force (``staff_joined``);
someone who leaves (QmsEmployeeLeft) is asked nothing more (``staff_left``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import StoredEvent
from api.signals.outbox import Signal, SignalBuilder
from api.tables import qms_documents
from domain.common import DomainEvent
from domain.qms.events import EmployeeJoined, EmployeeLeft
from workflows.qms import workflow_id


async def _documents(conn: AsyncConnection, unit_id: str) -> list[str]:
    query = select(qms_documents.c.document_id).where(qms_documents.c.unit_id == unit_id)
    return list((await conn.execute(query.order_by(qms_documents.c.document_id))).scalars())


async def on_joined(conn: AsyncConnection, stored: StoredEvent, event: EmployeeJoined) -> list[Signal]:
    return [Signal(workflow_id(d), "staff_joined", (event.employee,)) for d in await _documents(conn, event.unit_id)]


async def on_left(conn: AsyncConnection, stored: StoredEvent, event: EmployeeLeft) -> list[Signal]:
    return [Signal(workflow_id(d), "staff_left", (event.user_id,)) for d in await _documents(conn, event.unit_id)]


SIGNALS: dict[type[DomainEvent], SignalBuilder] = {EmployeeJoined: on_joined, EmployeeLeft: on_left}
