"""The distribution of a platform's approved plan of the year to its participating complex centres (002:15) through
the API: the centres of the profile with the day each received the plan, read by folding the stream
``platform:{site}:plan:{year}``; recorded by the platform once ``annual_plans`` is approved — decided by
``domain.platform.distribution`` and appended here, the one place that writes the stream."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.eventlog.decided import append_decided
from api.eventlog.store import read_stream
from api.platform.profile import platform_site, profile_state
from api.problems import role_refused
from api.runtime import Runtime
from api.tables import obligations
from domain.common import DomainEvent, event_from_stored
from domain.deadlines import local_date
from domain.platform import distribution as plan
from domain.platform.profile import Organisation
from domain.regulations.vologda import TIMEZONE

PLANS = "annual_plans"


class DistributionBody(BaseModel):
    sent_on: date = Field(description="День направления плана")
    centre_ids: list[str] = Field(
        default_factory=list, max_length=200, description="Центры; пусто — все участники, кому план еще не направлен"
    )


async def approved_on(conn: AsyncConnection, site_id: str, year: int) -> date | None:
    query = select(obligations.c.completed_at).where(
        obligations.c.site_id == site_id,
        obligations.c.year == year,
        obligations.c.key == PLANS,
        obligations.c.status == "approved",
    )
    completed = (await conn.execute(query)).scalar()
    return local_date(completed, TIMEZONE) if completed else None


async def distribution_state(conn: AsyncConnection, site_id: str, year: int) -> plan.DistributionState:
    stored = await read_stream(conn, plan.distribution_stream(site_id, year))
    events = [event_from_stored(e.event_type, e.data, e.schema_version) for e in stored]
    return plan.distribution_of(site_id, year, events)


async def distribution_view(conn: AsyncConnection, site_id: str, year: int) -> dict[str, Any]:
    """The year's plan: the day it was approved and each participating centre with the day it received it; a centre
    that received it and has since left the profile stays listed."""
    state = await distribution_state(conn, site_id, year)
    profile = (await profile_state(conn, site_id)).profile
    centres: dict[str, str] = {c.institution_id: c.name for c in (profile.centres if profile else ())}
    stored = await read_stream(conn, plan.distribution_stream(site_id, year))
    for e in stored:
        event = event_from_stored(e.event_type, e.data, e.schema_version)
        if isinstance(event, plan.PlanDistributed):
            centres.setdefault(event.centre.institution_id, event.centre.name)
    rows = [
        {"institution_id": cid, "name": name, "sent_on": state.sent[cid].isoformat() if cid in state.sent else None}
        for cid, name in centres.items()
    ]
    approved = await approved_on(conn, site_id, year)
    return {
        "approved_on": approved.isoformat() if approved else None,
        "centres": rows,
        "waiting": [r["name"] for r in rows if r["sent_on"] is None],
    }


async def distribute(
    runtime: Runtime, principal: Principal, site_id: str, year: int, body: DistributionBody
) -> dict[str, Any]:
    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        site = await platform_site(conn, principal, site_id)
        state = await distribution_state(conn, site_id, year)
        profile = (await profile_state(conn, site_id)).profile
        centres: tuple[Organisation, ...] = profile.centres if profile else ()
        approved = await approved_on(conn, site_id, year)
        now = datetime.now(UTC)
        command = plan.DistributePlan(
            actor=principal.actor_on(site), centre_ids=tuple(body.centre_ids), sent_on=body.sent_on
        )
        return plan.decide(state, command, centres, approved, local_date(now, TIMEZONE), now)

    busy = "Сведения о направлении плана изменились во время команды; повторите."
    stream = plan.distribution_stream(site_id, year)
    await append_decided(runtime.eventlog, runtime.reads.connect, stream, decide, role_refused, busy)
    async with runtime.reads.connect() as conn:
        return await distribution_view(conn, site_id, year)
