"""Reading webhooks: a region's endpoints with their health and counts, an endpoint's deliveries with every attempt
and answer. Whoever asks has been checked (``access.py``): an endpoint of a region they do not manage is not
found."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.problems import Problem
from api.tables import regions, webhook_attempts, webhook_deliveries, webhook_endpoints, webhook_secrets
from api.webhooks.access import endpoint_not_found, manages
from domain.webhooks import KIND_RU, EventKind

PAGE = 50
DELIVERY_NOT_FOUND_RU = "Доставка не найдена."
STATES = ("pending", "delivered", "failed")
STATE_RU = {"pending": "ожидает доставки", "delivered": "доставлено", "failed": "не доставлено"}


def _endpoints(endpoint_id: str | None = None) -> Any:
    counted = select(
        webhook_deliveries.c.endpoint_id,
        *(func.count().filter(webhook_deliveries.c.state == state).label(state) for state in STATES),
    ).group_by(webhook_deliveries.c.endpoint_id)
    if endpoint_id is not None:
        counted = counted.where(webhook_deliveries.c.endpoint_id == endpoint_id)
    counts = counted.subquery()
    return (
        select(
            webhook_endpoints,
            regions.c.name.label("region_name"),
            webhook_secrets.c.failing_since,
            webhook_secrets.c.failures,
            webhook_secrets.c.last_success_at,
            *(func.coalesce(counts.c[state], 0).label(f"n_{state}") for state in STATES),
        )
        .join(regions, regions.c.id == webhook_endpoints.c.region_id)
        .outerjoin(webhook_secrets, webhook_secrets.c.endpoint_id == webhook_endpoints.c.endpoint_id)
        .outerjoin(counts, counts.c.endpoint_id == webhook_endpoints.c.endpoint_id)
    )


def endpoint_view(row: Any) -> dict[str, Any]:
    kinds = [EventKind(kind) for kind in row.kinds]
    return {
        "endpoint_id": row.endpoint_id,
        "region_id": row.region_id,
        "region_name": row.region_name,
        "url": row.url,
        "kinds": kinds,
        "kinds_ru": [KIND_RU[kind] for kind in kinds],
        "description": row.description,
        "owner": {"user_id": row.owner_id, "full_name": row.owner_name},
        "created_at": row.created_at,
        "enabled": row.enabled,
        "disabled_at": row.disabled_at,
        "disabled_reason": row.disabled_reason,
        "disabled_automatically": row.disabled_automatically,
        "failing_since": row.failing_since,
        "failures": row.failures or 0,
        "last_success_at": row.last_success_at,
        "counts": {state: getattr(row, f"n_{state}") for state in STATES},
    }


async def endpoints_of(
    conn: AsyncConnection, principal: Principal, region_id: str | None = None
) -> list[dict[str, Any]]:
    query = _endpoints().order_by(webhook_endpoints.c.region_id, webhook_endpoints.c.created_at)
    if region_id is not None:
        query = query.where(webhook_endpoints.c.region_id == region_id)
    rows = (await conn.execute(query)).all()
    return [endpoint_view(row) for row in rows if manages(principal, row.region_id)]


async def endpoint(conn: AsyncConnection, principal: Principal, endpoint_id: str) -> dict[str, Any]:
    query = _endpoints(endpoint_id).where(webhook_endpoints.c.endpoint_id == endpoint_id)
    row = (await conn.execute(query)).one_or_none()
    if row is None or not manages(principal, row.region_id):
        raise endpoint_not_found()
    return endpoint_view(row)


def attempt_view(row: Any) -> dict[str, Any]:
    return {
        "number": row.number,
        "attempted_at": row.attempted_at,
        "status_code": row.status_code,
        "response": row.response,
        "error": row.error,
        "duration_ms": row.duration_ms,
        "replay_by": row.replay_by,
    }


def delivery_view(row: Any, attempts: list[dict[str, Any]]) -> dict[str, Any]:
    payload = row.payload or {}
    data = payload.get("data", {})
    return {
        "delivery_id": row.delivery_id,
        "event_id": row.event_id,
        "kind": EventKind(row.kind),
        "type": payload.get("type", ""),
        "subject": data.get("subject", ""),
        "link": data.get("link", ""),
        "state": row.state,
        "state_ru": STATE_RU.get(row.state, row.state),
        "attempts": row.attempts,
        "created_at": row.created_at,
        "next_attempt_at": row.next_attempt_at if row.state == "pending" else None,
        "expires_at": row.expires_at,
        "finished_at": row.finished_at,
        "last_status": row.last_status,
        "last_error": row.last_error,
        "replay_by": row.replay_by,
        "attempt_log": attempts,
    }


async def _attempts(conn: AsyncConnection, delivery_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not delivery_ids:
        return found
    query = (
        select(webhook_attempts)
        .where(webhook_attempts.c.delivery_id.in_(delivery_ids))
        .order_by(webhook_attempts.c.delivery_id, webhook_attempts.c.number.desc())
    )
    for row in (await conn.execute(query)).all():
        found[row.delivery_id].append(attempt_view(row))
    return found


async def deliveries_of(
    conn: AsyncConnection, endpoint_id: str, *, state: str | None = None, before: int | None = None, limit: int = PAGE
) -> dict[str, Any]:
    """An endpoint's deliveries, newest event first, a page at a time (``before``: the position the page starts
    below), each with its attempts, newest first."""
    query = select(webhook_deliveries).where(webhook_deliveries.c.endpoint_id == endpoint_id)
    if state is not None:
        query = query.where(webhook_deliveries.c.state == state)
    if before is not None:
        query = query.where(webhook_deliveries.c.position < before)
    query = query.order_by(webhook_deliveries.c.position.desc(), webhook_deliveries.c.delivery_id).limit(limit + 1)
    rows = (await conn.execute(query)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    attempts = await _attempts(conn, [row.delivery_id for row in rows])
    return {
        "items": [delivery_view(row, attempts[row.delivery_id]) for row in rows],
        "next_before": rows[-1].position if more and rows else None,
    }


async def delivery(conn: AsyncConnection, endpoint_id: str, delivery_id: str) -> dict[str, Any]:
    row = (
        await conn.execute(
            select(webhook_deliveries).where(
                webhook_deliveries.c.endpoint_id == endpoint_id, webhook_deliveries.c.delivery_id == delivery_id
            )
        )
    ).one_or_none()
    if row is None:
        raise Problem(404, "not_found", DELIVERY_NOT_FOUND_RU)
    attempts = await _attempts(conn, [delivery_id])
    return {**delivery_view(row, attempts[delivery_id]), "payload": row.payload}
