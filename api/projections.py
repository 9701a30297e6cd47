"""Every context's projectors wired into the event log's dispatch (``api.eventlog.projection``). The API's runtime
and the command line hand ``PROJECTIONS`` to whatever appends or rebuilds; no context imports this module, so the
contexts never loop back through it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from api.calendar.projection import PROJECTORS as CALENDAR
from api.calendar.signals import SIGNALS as CALENDAR_SIGNALS
from api.cycle.projection import PROJECTORS as CYCLE
from api.escalation.projection import PROJECTORS as ESCALATION
from api.eventlog.projection import Projections
from api.eventlog.store import EventProjector, StoredEvent
from api.freshness.projection import PROJECTORS as FRESHNESS
from api.notifications.digest_projection import PROJECTORS as DIGESTS
from api.notifications.projection import PROJECTORS as NOTIFICATIONS
from api.notifications.projection import notify
from api.obligations.projection import PROJECTORS as OBLIGATIONS
from api.organisations.projection import PROJECTORS as ORGANISATIONS
from api.people.projection import PROJECTORS as PEOPLE
from api.platform.centres import SIGNALS as PLATFORM_SIGNALS
from api.platform.projection import PROJECTORS as PLATFORM
from api.product.projection import PROJECTORS as PRODUCT
from api.qms.projection import PROJECTORS as QMS
from api.qms.signals import SIGNALS as QMS_SIGNALS
from api.quota.projection import PROJECTORS as QUOTA
from api.region.curators import PROJECTORS as CURATORS
from api.roadmap_row.projection import PROJECTORS as ROADMAP_ROW
from api.section.projection import PROJECTORS as SECTION
from api.signals.outbox import SignalBuilder
from api.signals.outbox import enqueue as enqueue_signals
from api.sites.projection import PROJECTORS as SITES
from api.sites.signals import SIGNALS as SITE_SIGNALS
from api.submission.projection import PROJECTORS as SUBMISSION
from api.tables import PROJECTION_TABLES
from api.tasks.projection import PROJECTORS as TASKS
from api.tasks.projection import sync_tasks
from api.webhooks.projection import PROJECTORS as WEBHOOKS
from api.webhooks.projection import enqueue as enqueue_webhooks
from domain.common import DomainEvent
from domain.obligations import ObligationCancelled
from domain.sites import SiteChanged, SiteRegistered

HANDLERS: dict[str, EventProjector] = {
    event_class.event_type: handler
    for projectors in (
        CYCLE,
        OBLIGATIONS,
        SUBMISSION,
        ESCALATION,
        CALENDAR,
        QUOTA,
        FRESHNESS,
        ROADMAP_ROW,
        ORGANISATIONS,
        SITES,
        TASKS,
        PEOPLE,
        CURATORS,
        PRODUCT,
        PLATFORM,
        NOTIFICATIONS,
        DIGESTS,
        WEBHOOKS,
        QMS,
        SECTION,
    )
    for event_class, handler in projectors.items()
}
# An obligation's cancellation: the product context's projector does what the obligations' does, and withdraws the
# product whose examination it was (api.product.projection.on_cancelled), whatever the order above.
HANDLERS[ObligationCancelled.event_type] = PRODUCT[ObligationCancelled]
# A site's card: the section context's projector writes it as the registry's does, and asks a methodological section
# without a leader for its election (api.section.projection.on_site_recorded), whatever the order above.
HANDLERS[SiteRegistered.event_type] = SECTION[SiteRegistered]
HANDLERS[SiteChanged.event_type] = SECTION[SiteChanged]

# What the API's own appends owe a workflow (api.signals): written in the append's transaction, delivered after it.
SIGNALS: dict[str, SignalBuilder] = {
    event_class.event_type: builder
    for builders in (CALENDAR_SIGNALS, SITE_SIGNALS, PLATFORM_SIGNALS, QMS_SIGNALS)
    for event_class, builder in builders.items()
}

OWNED_STREAMS = ("cycle:", "compendium:")  # streams of obligations (and cycles): their events may change tasks


async def tasks_in_line(conn: AsyncConnection, batch: Sequence[StoredEvent], last: DomainEvent, row: Any) -> None:
    """The tasks of an obligation brought in line once per append, after its last event; then the people the
    append concerns told (its escalations, returns and decisions, and the tasks it opened), and the webhooks of
    its region given their deliveries."""
    final = batch[-1]
    handed, opened = None, []
    if final.stream_id.startswith(OWNED_STREAMS):
        handed = row if row is not None and row.stream_version == final.stream_version else None
        opened = await sync_tasks(conn, final.stream_id, last.occurred_at, final.stream_version, handed)
    await notify(conn, batch, handed, opened)
    await enqueue_webhooks(conn, batch, handed)


async def signals_owed(conn: AsyncConnection, batch: Sequence[StoredEvent]) -> None:
    """The signals the append owes the workflows (api.signals), whether or not a projector handled its events."""
    await enqueue_signals(conn, batch, SIGNALS)


PROJECTIONS = Projections(
    handlers=HANDLERS, after_append=tasks_in_line, tables=PROJECTION_TABLES, every_append=signals_owed
)
