"""Curators of a region's sites (order 135-р 3.1, decision D29): every site has a curator of the RCRSO in force; a
site without one is an escalation to the RCRSO director (``CuratorMissing`` on ``curators:{site}``, projected into
``escalations`` like any other step), resolved when a curator is granted (``CuratorAppointed``).

The check is the API's own write path (no workflow owns a site's curators): it runs after every change of a grant
or a user (``api/people/commands.py``), and the region's workflow asks for it (``POST
/internal/regions/{region}/curators/check``) at start and whenever a grant in force ends or a grant given for later
begins — the instants it answers. ``GET /api/region/{region}/curators`` and ``/region/curators`` list each site
with its curators, or «куратор не назначен» since when."""

from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.log import EventLog
from api.eventlog.store import EventProjector, StoredEvent, StreamConflict, stream_version
from api.problems import Problem
from api.runtime import Runtime
from api.tables import directions, escalations, grants, institutions, regions, sites, users
from domain.common import DomainEvent
from domain.deadlines import start_of_day
from domain.escalation import EscalationLevel
from domain.eventlog import new_event
from domain.people import Role, ScopeKind
from domain.region import (
    CURATOR_TITLE_RU,
    CuratorAppointed,
    CuratorCheck,
    CuratorMissing,
    check_curators,
    curator_stream,
)
from domain.regulations.catalog import regulation
from domain.regulations.model import CuratorRequirement
from workflows.region import region_workflow_id

NOT_APPOINTED_RU = "куратор не назначен"
# A grant on these scopes appoints a curator of the sites it covers (a direction's curator, per 3.1; or one site's).
CURATOR_SCOPES = (ScopeKind.DIRECTION, ScopeKind.SITE, ScopeKind.INSTITUTION, ScopeKind.REGION)


def _covers(scope_kind: str, scope_id: str, site: Any) -> bool:
    match scope_kind:
        case ScopeKind.DIRECTION:
            return bool(scope_id == site.direction_id)
        case ScopeKind.SITE:
            return bool(scope_id == site.id)
        case ScopeKind.INSTITUTION:
            return bool(scope_id == site.institution_id)
        case ScopeKind.REGION:
            return bool(scope_id == site.region_id)
    return False


async def _curator_grants(conn: AsyncConnection) -> list[Any]:
    query = (
        select(grants.c.scope_kind, grants.c.scope_id, grants.c.valid_from, grants.c.valid_until, users.c.full_name)
        .join(users, users.c.id == grants.c.user_id)
        .where(
            grants.c.role == Role.CURATOR.value,
            users.c.active.is_(True),
            grants.c.scope_kind.in_([kind.value for kind in CURATOR_SCOPES]),
        )
        .order_by(users.c.full_name)
    )
    return list((await conn.execute(query)).all())


def _in_force(grant: Any, today: date) -> bool:
    return (grant.valid_from is None or grant.valid_from <= today) and (
        grant.valid_until is None or grant.valid_until >= today
    )


async def _region_sites(conn: AsyncConnection, region_id: str) -> list[Any]:
    query = (
        select(
            sites,
            institutions.c.short_name.label("institution_short_name"),
            directions.c.title.label("direction_title"),
        )
        .join(institutions, institutions.c.id == sites.c.institution_id)
        .join(directions, directions.c.id == sites.c.direction_id)
        .where(sites.c.region_id == region_id)
        .order_by(sites.c.id)
    )
    return list((await conn.execute(query)).all())


def _requirement(site: Any) -> CuratorRequirement | None:
    """The regulation's rule that the site has a curator (KhMAO 3.1, D29); None where it sets none."""
    return regulation(site.regulation_id).curators


async def _open_gaps(conn: AsyncConnection, site_ids: list[str]) -> dict[str, Any]:
    query = select(escalations).where(
        escalations.c.site_id.in_(site_ids),
        escalations.c.obligation_id.like("curators:%"),
        escalations.c.resolved_at.is_(None),
    )
    return {row.site_id: row for row in (await conn.execute(query)).all()}


async def _timezone(conn: AsyncConnection, region_id: str) -> str:
    return str((await conn.execute(select(regions.c.timezone).where(regions.c.id == region_id))).scalar_one())


async def check_region_curators(eventlog: EventLog, region_id: str, now: datetime | None = None) -> CuratorCheck:
    """Raise an escalation for each site of the region left without a curator in force, resolve it for each site
    that has one again; answers when a curator grant's term next begins or ends."""
    now = now or datetime.now(UTC)
    async with eventlog.engine.connect() as conn:
        timezone = await _timezone(conn, region_id)
        today = now.astimezone(ZoneInfo(timezone)).date()
        site_rows = [row for row in await _region_sites(conn, region_id) if _requirement(row) is not None]
        curator_grants = await _curator_grants(conn)
        gaps = await _open_gaps(conn, [row.id for row in site_rows])
    curators: dict[str, tuple[str, ...]] = {}
    changes: list[datetime] = []
    for site in site_rows:
        covering = [g for g in curator_grants if _covers(g.scope_kind, g.scope_id, site)]
        curators[site.id] = tuple(dict.fromkeys(g.full_name for g in covering if _in_force(g, today)))
        for grant in covering:
            if grant.valid_from is not None and grant.valid_from > today:
                changes.append(start_of_day(grant.valid_from, timezone))
            if grant.valid_until is not None and grant.valid_until >= today:
                changes.append(start_of_day(grant.valid_until + timedelta(days=1), timezone))
    notify = {row.id: (requirement.escalate_to,) for row in site_rows if (requirement := _requirement(row))}
    decided = check_curators(
        region_id, curators, {s: row.escalation_id for s, row in gaps.items()}, now, timezone, notify
    )
    for site_id, events in decided.items():
        await _append(eventlog, curator_stream(site_id), events)
    return CuratorCheck(
        region_id=region_id,
        missing=sorted(site for site, names in curators.items() if not names),
        next_change=min(changes, default=None),
    )


async def _append(eventlog: EventLog, stream_id: str, events: list[DomainEvent]) -> None:
    async with eventlog.engine.connect() as conn:
        version = await stream_version(conn, stream_id)
    # A conflict: another check appended meanwhile; it saw the same grants, or the next check settles it.
    with contextlib.suppress(StreamConflict):
        await eventlog.append(stream_id, version, [new_event(e, str(uuid.uuid4()), {}) for e in events])


async def grants_changed(runtime: Runtime) -> None:
    """After a grant or a user changed: every region's curators checked now (there are few regions, and few sites
    in each), and each region's workflow told, so that it waits for the next term's end the change may have set."""
    async with runtime.engine.connect() as conn:
        region_ids = list((await conn.execute(select(regions.c.id).order_by(regions.c.id))).scalars())
    for region_id in region_ids:
        await check_region_curators(runtime.eventlog, region_id)
        with contextlib.suppress(Problem):  # Temporal down: the workflow checks again at its next instant anyway
            await runtime.commands.signal(region_workflow_id(region_id), "grants_changed")


async def region_curators(conn: AsyncConnection, region_id: str) -> list[dict[str, Any]]:
    """Each site of the region with its curators in force, or «куратор не назначен» since when."""
    timezone = await _timezone(conn, region_id)
    today = datetime.now(UTC).astimezone(ZoneInfo(timezone)).date()
    site_rows = await _region_sites(conn, region_id)
    curator_grants = await _curator_grants(conn)
    gaps = await _open_gaps(conn, [row.id for row in site_rows])
    result = []
    for site in site_rows:
        names = [g.full_name for g in curator_grants if _covers(g.scope_kind, g.scope_id, site) and _in_force(g, today)]
        gap = gaps.get(site.id)
        result.append(
            {
                "site_id": site.id,
                "code": site.code,
                "institution": site.institution_short_name,
                "direction": site.direction_title,
                "curators": list(dict.fromkeys(names)),
                "status_ru": ", ".join(dict.fromkeys(names)) if names else NOT_APPOINTED_RU,
                "missing_since": gap.due_nominal if gap is not None else None,
                "escalation_id": gap.escalation_id if gap is not None else None,
            }
        )
    return result


# --- projection: a curator gap is an escalation of the RCRSO director's, like any step of a ladder -------------


async def on_missing(conn: AsyncConnection, stored: StoredEvent, event: CuratorMissing) -> None:
    values = {
        "obligation_id": event.escalation_id,
        "cycle_id": stored.stream_id,
        "site_id": event.site_id,
        "year": event.since.year,
        "obligation_title": CURATOR_TITLE_RU,
        "level": EscalationLevel.LEVEL2.value,
        "phase": 0,
        "due_nominal": event.since,
        "due_effective": event.since,
        "notify": [role.value for role in event.notify],
        "raised_at": event.occurred_at,
        "resolved_at": None,
        "resolution": None,
    }
    await conn.execute(
        insert(escalations)
        .values(escalation_id=event.escalation_id, **values)
        .on_conflict_do_update(index_elements=[escalations.c.escalation_id], set_=values)
    )


async def on_appointed(conn: AsyncConnection, stored: StoredEvent, event: CuratorAppointed) -> None:
    await conn.execute(
        escalations.update()
        .where(escalations.c.escalation_id == event.escalation_id)
        .values(resolved_at=event.occurred_at, resolution="curator_appointed")
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {CuratorMissing: on_missing, CuratorAppointed: on_appointed}
