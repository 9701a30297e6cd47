"""An endpoint registered, switched off and on: decided by the domain (``domain.webhooks``) and appended here, on
``webhook:{endpoint_id}`` — the API's own write path, as no workflow owns a region's webhooks. The secret is no
fact: it is written beside the registration, in its transaction, to ``webhook_secrets`` (shown once, never in an
event). Switching an endpoint on again clears its health and sends what waited meanwhile at once, with a new day
of retries. A replay asks the sender for one more attempt of a delivery, with the same webhook-id."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.eventlog.log import Alongside, EventLog
from api.eventlog.store import StreamConflict, stream_version
from api.problems import Problem
from api.tables import regions, webhook_endpoints, webhook_secrets
from api.webhooks.access import REGION_NOT_FOUND_RU, endpoint_not_found, manages
from domain.common import DomainEvent
from domain.eventlog import new_event
from domain.webhooks import (
    EndpointState,
    EventKind,
    check_replay,
    check_secret,
    disable_by_hand,
    disable_for_failures,
    enable,
    endpoint_stream,
    register,
    secret_of,
)

ATTEMPTS = 3


async def _append(
    eventlog: EventLog, endpoint_id: str, version: int, event: DomainEvent, alongside: Alongside | None = None
) -> None:
    await eventlog.append(endpoint_stream(endpoint_id), version, [new_event(event, str(uuid.uuid4()), {})], alongside)


async def register_endpoint(
    eventlog: EventLog,
    principal: Principal,
    region_id: str,
    url: str,
    kinds: Iterable[EventKind],
    description: str,
    secret: str | None,
    allowed_hosts: Iterable[str],
) -> tuple[str, str]:
    """Register an endpoint of ``region_id``; its id and its secret (given, or made of 32 random bytes)."""
    async with eventlog.engine.connect() as conn:
        known = (await conn.execute(select(regions.c.id).where(regions.c.id == region_id))).scalar_one_or_none()
    if known is None or not manages(principal, region_id):
        raise Problem(404, "region_not_found", REGION_NOT_FOUND_RU)
    endpoint_id = "wh_" + uuid.uuid4().hex[:16]
    event = register(
        endpoint_id,
        region_id,
        url,
        kinds,
        description,
        principal.user_id,
        principal.full_name,
        allowed_hosts,
        datetime.now(UTC),
    )
    chosen = check_secret(secret) if secret else secret_of(secrets.token_bytes(32))

    async def keep_secret(conn: AsyncConnection) -> None:
        await conn.execute(webhook_secrets.insert().values(endpoint_id=endpoint_id, secret=chosen))

    await _append(eventlog, endpoint_id, 0, event, keep_secret)
    return endpoint_id, chosen


async def _state(conn: AsyncConnection, principal: Principal | None, endpoint_id: str) -> EndpointState:
    row = (
        await conn.execute(
            select(webhook_endpoints.c.region_id, webhook_endpoints.c.enabled).where(
                webhook_endpoints.c.endpoint_id == endpoint_id
            )
        )
    ).one_or_none()
    if row is None or (principal is not None and not manages(principal, row.region_id)):
        raise endpoint_not_found()
    return EndpointState(endpoint_id=endpoint_id, enabled=row.enabled)


_RESUMED = text(
    """
UPDATE webhook_deliveries SET next_attempt_at = now(), expires_at = NULL, leased_until = NULL
WHERE endpoint_id = :id AND state = 'pending'
"""
)
_HEALED = text("UPDATE webhook_secrets SET failing_since = NULL, failures = 0 WHERE endpoint_id = :id")


async def switch(eventlog: EventLog, principal: Principal, endpoint_id: str, on: bool) -> None:
    """Switch an endpoint off or on by hand (nothing changes when it is so already)."""
    for attempt in range(ATTEMPTS):
        async with eventlog.engine.connect() as conn:
            version = await stream_version(conn, endpoint_stream(endpoint_id))
            state = await _state(conn, principal, endpoint_id)
        now = datetime.now(UTC)
        alongside: Alongside | None = None
        event: DomainEvent | None
        if on:
            event = enable(state, principal.user_id, principal.full_name, now)

            async def resume(conn: AsyncConnection) -> None:
                await conn.execute(_RESUMED, {"id": endpoint_id})
                await conn.execute(_HEALED, {"id": endpoint_id})

            alongside = resume
        else:
            event = disable_by_hand(state, principal.user_id, principal.full_name, now)
        if event is None:
            return
        try:
            await _append(eventlog, endpoint_id, version, event, alongside)
        except StreamConflict:
            if attempt == ATTEMPTS - 1:
                raise
            continue
        return


async def disable_failing(
    eventlog: EventLog, endpoint_id: str, failing_since: datetime, failures: int, after: timedelta
) -> bool:
    """The sender's decision after a failed attempt: switch the endpoint off when it has failed for ``after``.
    Whether it was switched off now."""
    for attempt in range(ATTEMPTS):
        async with eventlog.engine.connect() as conn:
            version = await stream_version(conn, endpoint_stream(endpoint_id))
            try:
                state = await _state(conn, None, endpoint_id)
            except Problem:
                return False
        event = disable_for_failures(state, failing_since, failures, after, datetime.now(UTC))
        if event is None:
            return False
        try:
            await _append(eventlog, endpoint_id, version, event)
        except StreamConflict:
            if attempt == ATTEMPTS - 1:
                raise
            continue
        return True
    return False


_REPLAY = text(
    """
UPDATE webhook_deliveries
SET state = 'pending', next_attempt_at = now(), leased_until = NULL, replay_by = :by
WHERE endpoint_id = :endpoint_id AND delivery_id = :delivery_id
  AND (leased_until IS NULL OR leased_until < now())
RETURNING delivery_id
"""
)
_EXISTS = text("SELECT 1 FROM webhook_deliveries WHERE endpoint_id = :endpoint_id AND delivery_id = :delivery_id")


async def replay(eventlog: EventLog, principal: Principal, endpoint_id: str, delivery_id: str) -> None:
    """Ask for one more attempt of a delivery, made by the sender at once with the same webhook-id. A delivery that
    failed for good stays failed when this attempt fails too; one still being retried keeps its day of retries."""
    async with eventlog.engine.begin() as conn:
        check_replay(await _state(conn, principal, endpoint_id))
        ids = {"endpoint_id": endpoint_id, "delivery_id": delivery_id}
        replayed = (await conn.execute(_REPLAY, {**ids, "by": principal.full_name})).first()
        if replayed is None:
            if (await conn.execute(_EXISTS, ids)).first() is None:
                raise Problem(404, "not_found", "Доставка не найдена.")
            raise Problem(409, "webhook_busy", "Доставка выполняется прямо сейчас: повторите через минуту.")
