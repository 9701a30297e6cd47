"""The Department's order revoking a site's status (прекращение статуса площадки): decided by the domain
(``check_revocation``) and appended by the API to the site's own stream — the API's own write path, as the status is
the site's, not a cycle's. The append writes what it owes the site's running cycles (``signals.py``): they are told
by signal and close themselves gracefully, as what a cycle owns changes only in its workflow."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.log import EventLog
from api.eventlog.store import stream_version
from api.organisations.commands import append_registry, check_presence
from api.organisations.registry import load_organisation, load_region, regulation_of_region
from api.runtime import Runtime
from api.sites.service import load_record
from api.sites.signals import card_signals, closing
from api.tables import cycles, events
from domain.common import ActorRef, DomainEvent
from domain.cycle import CycleStarted
from domain.eventlog import new_event
from domain.sites import (
    CycleSeen,
    Site,
    SiteChanged,
    SiteRecord,
    SiteRegistered,
    SiteStatusRevoked,
    check_revocation,
    decide_site,
    site_stream,
)


async def revoke(
    eventlog: EventLog, site: Site, order: str, effective_on: date, already_revoked: bool, by: ActorRef
) -> SiteStatusRevoked:
    """Record the revocation; DomainError when the order is missing or the status is revoked already."""
    check_revocation(order, already_revoked)
    event = SiteStatusRevoked(
        occurred_at=datetime.now(UTC), site_id=site.id, order=order.strip(), effective_on=effective_on, revoked_by=by
    )
    async with eventlog.engine.connect() as conn:  # the site's stream holds its registration too (issue 16)
        version = await stream_version(conn, site_stream(site.id))
    await eventlog.append(site_stream(site.id), version, [new_event(event, str(uuid.uuid4()), {})])
    return event


async def record_site(
    eventlog: EventLog, site: Site, direction_title: str, *, new: bool | None = None, by: str | None = None
) -> list[DomainEvent]:
    """Register or change a site (карточка площадки) as the domain decides (``decide_site``): the regulation is its
    region's, and what the administrator does not edit (the сборник's code, положение, the institutions that send
    forms) is kept as it was. ``new`` as for ``api.organisations.commands.record_region``."""

    async def decide(conn: AsyncConnection) -> Sequence[DomainEvent]:
        existing = await load_record(conn, site.id)
        check_presence(existing is not None, new, "Площадка с таким кодом уже есть.", "Площадка не найдена.")
        kept = site.model_copy(update={"code": site.code or site.id})  # the pages show a site by its code
        if existing is not None:
            old = existing.site
            kept = site.model_copy(
                update={
                    "code": site.code or old.code,
                    "polozhenie": site.polozhenie or old.polozhenie,
                    "reporting_institutions": site.reporting_institutions or old.reporting_institutions,
                }
            )
        rules = regulation_of_region(site.region_id)
        record = SiteRecord(site=kept, regulation_id=rules.id if rules else "", direction_title=direction_title)
        return decide_site(
            existing,
            record,
            region=await load_region(conn, site.region_id),
            organisation=await load_organisation(conn, site.institution_id),
            statuses=rules.statuses if rules else (),
            by=by,
            now=datetime.now(UTC),
            cycles=await _cycles_seen(conn, existing),
        )

    return await append_registry(eventlog, site_stream(site.id), decide)


async def _cycles_seen(conn: AsyncConnection, existing: SiteRecord | None) -> list[CycleSeen]:
    """Every cycle of the site, running, completed or closed, with the status end it was started with: the card as
    the site's stream had it when the cycle started (a site of the reference data, with no card recorded before: its
    card now). A running cycle extends its plan to a later end itself (D22); a cycle that no longer runs cannot."""
    if existing is None:
        return []
    site_id = existing.site.id
    query = (
        select(cycles.c.year, cycles.c.status, events.c.global_position)
        .select_from(cycles)
        .outerjoin(
            events,
            (events.c.stream_id == cycles.c.cycle_id) & (events.c.event_type == CycleStarted.event_type),
        )
        .where(cycles.c.site_id == site_id)
    )
    seen = []
    for row in (await conn.execute(query)).all():
        started_until = existing.site.status_until
        if row.global_position is not None:
            card = (
                await conn.execute(
                    select(events.c.data)
                    .where(
                        events.c.stream_id == site_stream(site_id),
                        events.c.event_type.in_([SiteRegistered.event_type, SiteChanged.event_type]),
                        events.c.global_position < row.global_position,
                    )
                    .order_by(events.c.global_position.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            if card is not None:
                until = card["record"]["site"].get("status_until")
                started_until = date.fromisoformat(until) if until else None
        seen.append(
            CycleSeen(
                year=row.year,
                running=row.status == "active",
                closed=row.status == "closed",
                started_until=started_until,
            )
        )
    return seen


async def follow_period(runtime: Runtime, changed: SiteChanged) -> list[str]:
    """The cycles a changed card's status period closes (``api.sites.signals.card_signals``): the card's append
    wrote what it owes each running cycle; this delivers it and says which close, from the same rule on the same
    day. An end moved later where a cycle that no longer runs was cut by it is refused before this
    (``domain.sites.check_end_moved``): a closed cycle does not open again."""
    async with runtime.engine.connect() as conn:
        owed = await card_signals(conn, changed)
    await runtime.signals.send_due()
    return closing(owed)
