"""Registering and changing regions and organisations: decided by the domain (``domain.organisations``) on what the
registry holds, and appended here to ``regions:{id}`` and ``organisation:{id}`` — the API's own write path, as no
workflow owns the registry. A stream another writer moved meanwhile is read and decided again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.decided import append_decided
from api.eventlog.log import EventLog
from api.organisations.registry import chain_above, children_of, load_organisation, load_region, sites_of
from api.problems import Problem, refused
from domain.common import DomainError, DomainEvent
from domain.organisations import decide_organisation, decide_region, organisation_stream, region_stream
from domain.sites import Institution, Region


def refusal(error: DomainError) -> Problem:
    """A refusal naming a field is bad input (422, the field and the reason); one without is a conflict (409)."""
    return refused(422 if error.field else 409, error.code, error.message, error.field)


async def append_registry(
    eventlog: EventLog, stream_id: str, decide: Callable[[AsyncConnection], Awaitable[Sequence[DomainEvent]]]
) -> list[DomainEvent]:
    """Decide on what the database holds and append after the stream's version; the events appended (none when
    nothing changes). A DomainError becomes the Problem of ``refusal``."""
    busy = "Запись одновременно изменил кто-то еще: повторите попытку."
    return await append_decided(eventlog, eventlog.engine.connect, stream_id, decide, refusal, busy)


async def record_region(
    eventlog: EventLog, region: Region, *, new: bool | None = None, by: str | None = None
) -> list[DomainEvent]:
    """Register or change ``region``. ``new``: True — it must not exist yet (409), False — it must exist (404)."""

    async def decide(conn: AsyncConnection) -> Sequence[DomainEvent]:
        existing = await load_region(conn, region.id)
        check_presence(existing is not None, new, "Регион с таким кодом уже есть.", "Регион не найден.")
        authority = await load_organisation(conn, region.authority_id) if region.authority_id else None
        return decide_region(existing, region, authority=authority, by=by, now=datetime.now(UTC))

    return await append_registry(eventlog, region_stream(region.id), decide)


async def record_organisation(
    eventlog: EventLog, organisation: Institution, *, new: bool | None = None, by: str | None = None
) -> list[DomainEvent]:
    """Register or change ``organisation`` (``new`` as for ``record_region``)."""

    async def decide(conn: AsyncConnection) -> Sequence[DomainEvent]:
        existing = await load_organisation(conn, organisation.id)
        check_presence(existing is not None, new, "Организация с таким кодом уже есть.", "Организация не найдена.")
        region = await load_region(conn, organisation.region_id)
        parent = await load_organisation(conn, organisation.parent_id) if organisation.parent_id else None
        return decide_organisation(
            existing,
            organisation,
            region=region,
            parent=parent,
            parent_chain=await chain_above(conn, parent),
            children=await children_of(conn, organisation.id),
            site_ids=await sites_of(conn, organisation.id),
            by=by,
            now=datetime.now(UTC),
        )

    return await append_registry(eventlog, organisation_stream(organisation.id), decide)


def check_presence(exists: bool, new: bool | None, taken: str, missing: str) -> None:
    if new is True and exists:
        raise Problem(409, "already_exists", taken, [{"field": "id", "message": taken}])
    if new is False and not exists:
        raise Problem(404, "not_found", missing)
