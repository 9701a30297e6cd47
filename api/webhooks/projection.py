"""The webhooks projection, in the transaction of the append: the endpoints (``webhook_endpoints``) from their own
events, and the deliveries an append causes (``webhook_deliveries``, the outbox of webhooks).

A delivery is one event for one endpoint of the event's region that takes its kind (escalations, returns,
approvals, conclusions), enabled or not: an endpoint switched off keeps what it was sent meanwhile, delivered once
it is switched on again. Its id — the ``webhook-id`` of every attempt — is fixed from the event and the endpoint, so
an append seen twice writes it once. What a delivery says is what the notifications say of the same event
(``api.notifications.notices``): what happened, the site, the obligation, the due date, the link to its page.

An append that concerns no endpoint costs one query of the endpoints of its region, and only when its events are of
a kind a webhook may take; a replay of the log (a rebuild, innocycle verify) writes no delivery.

An endpoint switched off by the sender tells its owner — the person who registered it — and the Department of
its region through the notifications (``api.notifications.projection.write``), rebuilt with them from the log.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.projection import replaying
from api.eventlog.store import EventProjector, StoredEvent
from api.notifications.notices import OBLIGATION_FIELDS, Notice, event_notices, notifying
from api.notifications.projection import place_of, write
from api.tables import obligations, webhook_endpoints
from domain.common import DomainEvent
from domain.notifications import NotificationKind
from domain.webhooks import (
    KIND_OF_EVENT,
    TYPE_OF_KIND,
    WebhookEndpointDisabled,
    WebhookEndpointEnabled,
    WebhookEndpointRegistered,
)

OWNER_ROLES = ("department",)  # told with the owner when an endpoint is switched off


def endpoint_page(endpoint_id: str) -> str:
    return f"/webhooks/{endpoint_id}"


async def on_registered(conn: AsyncConnection, stored: StoredEvent, event: WebhookEndpointRegistered) -> None:
    await conn.execute(
        insert(webhook_endpoints)
        .values(
            endpoint_id=event.endpoint_id,
            region_id=event.region_id,
            url=event.url,
            kinds=[kind.value for kind in event.kinds],
            description=event.description,
            owner_id=event.owner_id,
            owner_name=event.owner_name,
            created_at=event.occurred_at,
            enabled=True,
            changed_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )


async def on_disabled(conn: AsyncConnection, stored: StoredEvent, event: WebhookEndpointDisabled) -> None:
    row = (
        await conn.execute(
            webhook_endpoints.update()
            .where(webhook_endpoints.c.endpoint_id == event.endpoint_id)
            .values(
                enabled=False,
                disabled_at=event.occurred_at,
                disabled_reason=event.reason,
                disabled_automatically=event.automatic,
                changed_at=event.occurred_at,
            )
            .returning(webhook_endpoints)
        )
    ).one_or_none()
    if row is None or not event.automatic:
        return
    what = f"адрес вебхуков {row.url} отключен"
    await write(
        conn,
        [
            Notice(
                key=stored.event_id,
                kind=NotificationKind.WEBHOOK,
                cause=stored.event_type,
                created_at=event.occurred_at,
                obligation_id="",
                site_id=f"region:{row.region_id}",
                subject=f"[innocycle] Вебхук отключен: {row.url}",
                details={
                    "title": f"вебхук {row.url}" + (f" ({row.description})" if row.description else ""),
                    "what": what,
                    "comment": event.reason,
                    "todo": "Проверить адрес и сервер, который его принимает, и включить адрес снова на странице "
                    "вебхука: недоставленные события будут отправлены, отклоненные можно повторить.",
                },
                link=endpoint_page(row.endpoint_id),
                roles=OWNER_ROLES,
                assignee=row.owner_id,
                position=stored.global_position,
            )
        ],
    )


async def on_enabled(conn: AsyncConnection, stored: StoredEvent, event: WebhookEndpointEnabled) -> None:
    await conn.execute(
        webhook_endpoints.update()
        .where(webhook_endpoints.c.endpoint_id == event.endpoint_id)
        .values(
            enabled=True,
            disabled_at=None,
            disabled_reason=None,
            disabled_automatically=False,
            changed_at=event.occurred_at,
        )
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    WebhookEndpointRegistered: on_registered,
    WebhookEndpointDisabled: on_disabled,
    WebhookEndpointEnabled: on_enabled,
}


# --- the outbox ---------------------------------------------------------------------------------------------------

_ENQUEUE = text(
    """
WITH n AS (
  SELECT * FROM jsonb_to_recordset(CAST(:deliveries AS jsonb)) AS n(event_id text, position bigint, kind text,
                                                                     payload jsonb)
)
INSERT INTO webhook_deliveries (delivery_id, endpoint_id, event_id, position, kind, payload, state, created_at,
                                next_attempt_at)
SELECT 'msg_' || md5(n.event_id || ':' || e.endpoint_id), e.endpoint_id, n.event_id, n.position, n.kind,
       n.payload, 'pending', now(), now()
FROM n JOIN webhook_endpoints e ON e.region_id = :region_id AND n.kind = ANY (e.kinds)
ON CONFLICT (delivery_id) DO NOTHING
"""
)

_OBLIGATION = select(*(obligations.c[name] for name in OBLIGATION_FIELDS))


def payload(notice: Notice, region_id: str) -> dict[str, Any]:
    """The body of a delivery, its link relative (the sender puts the web interface's address before it)."""
    kind = KIND_OF_EVENT[notice.cause]
    details = notice.details
    data: dict[str, Any] = {
        "event_id": notice.key,
        "kind": kind.value,
        "event_type": notice.cause,
        "subject": notice.subject,
        "what": details.get("what", ""),
        "site": {"id": notice.site_id, "region_id": region_id},
        "obligation": {
            "id": notice.obligation_id,
            "title": details.get("title", ""),
            "period": details.get("period", ""),
            "citation": details.get("citation", ""),
        },
        "due": details.get("due", ""),
        "comment": details.get("comment", ""),
        "todo": details.get("todo", ""),
        "link": notice.link,
    }
    if notice.escalation_id:
        data["escalation_id"] = notice.escalation_id
    return {"type": TYPE_OF_KIND[kind], "timestamp": notice.created_at.isoformat(), "data": data}


async def enqueue(conn: AsyncConnection, batch: Sequence[StoredEvent], handed: Any) -> None:
    """Write the deliveries of an append's events to the endpoints of their region that take them. ``handed`` is
    the obligation's row as the append left it, when a projector returned it."""
    if replaying() or not notifying(batch) or not any(stored.event_type in KIND_OF_EVENT for stored in batch):
        return
    row = handed
    if row is None or not all(hasattr(row, name) for name in OBLIGATION_FIELDS):
        row = (await conn.execute(_OBLIGATION.where(obligations.c.obligation_id == batch[-1].stream_id))).one_or_none()
    if row is None:
        return
    place = await place_of(conn, row.site_id)
    if place is None:
        return
    notices = [notice for notice in event_notices(batch, row) if notice.cause in KIND_OF_EVENT]
    if not notices:
        return
    await conn.execute(
        _ENQUEUE,
        {
            # One JSON parameter rather than arrays: cheaper to adapt, on every append that may call a webhook.
            "deliveries": json.dumps(
                [
                    {
                        "event_id": n.key,
                        "position": n.position,
                        "kind": KIND_OF_EVENT[n.cause].value,
                        "payload": payload(n, place.region_id),
                    }
                    for n in notices
                ],
                ensure_ascii=False,
                default=str,
            ),
            "region_id": place.region_id,
        },
    )
