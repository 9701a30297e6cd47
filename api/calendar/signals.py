"""The workflows a calendar correction tells (``calendar_updated``), written with the correction
(``api.signals.outbox``): every running cycle, which reloads the calendar and moves its open deadlines; each
region's digest workflow, which wakes on the right morning; and every controlled document of a QMS unit, whose open
acknowledgments' due dates are counted again (QmsAcknowledgmentDueMoved)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.eventlog.store import StoredEvent
from api.signals.outbox import Signal, SignalBuilder
from api.tables import cycles, qms_documents, regions
from domain.calendar import CalendarDayOverridden, CalendarOverrideRemoved
from domain.common import DomainEvent
from domain.qms.events import document_stream
from workflows.notifications import digest_workflow_id

UPDATED = "calendar_updated"
RUNNING = select(cycles.c.cycle_id).where(cycles.c.status == "active").order_by(cycles.c.cycle_id)
REGIONS = select(regions.c.id).order_by(regions.c.id)
DOCUMENTS = select(qms_documents.c.document_id).order_by(qms_documents.c.document_id)


async def calendar_corrected(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent) -> list[Signal]:
    running = (await conn.execute(RUNNING)).scalars()
    region_ids = (await conn.execute(REGIONS)).scalars()
    documents = (await conn.execute(DOCUMENTS)).scalars()
    return [
        *(Signal(cycle_id, UPDATED) for cycle_id in running),
        *(Signal(digest_workflow_id(region_id), UPDATED) for region_id in region_ids),
        *(Signal(document_stream(document_id), UPDATED) for document_id in documents),
    ]


async def cycles_told(engine: AsyncEngine) -> int:
    """How many cycles a calendar correction tells (the digests and the QMS documents are not counted)."""
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(RUNNING.subquery()))).scalar_one())


SIGNALS: dict[type[DomainEvent], SignalBuilder] = {
    CalendarDayOverridden: calendar_corrected,
    CalendarOverrideRemoved: calendar_corrected,
}
