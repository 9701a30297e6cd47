"""The webhook sender (``innocycle webhook-sender``, a process of its own): delivers ``webhook_deliveries`` by HTTP
POST with httpx, signed as Standard Webhooks (the ``standardwebhooks`` library signs).

- It takes a batch of due deliveries of enabled endpoints for a while (``leased_until``, ``FOR UPDATE SKIP
  LOCKED``: two senders never take the same one) and makes their attempts concurrently, each recorded as it ends in
  ``webhook_attempts`` (status, the beginning of the answer, or the error; how long it took).
- Every attempt of a delivery carries the same ``webhook-id`` (the delivery's id) and body; ``webhook-timestamp``
  is the attempt's, and ``webhook-signature`` is ``v1,`` and the base64 HMAC-SHA256 of ``id.timestamp.body`` with
  the endpoint's secret.
- A 2xx answer ends the delivery. Anything else — another status, a refused connection, a timeout — is tried
  again after a wait doubled each time (``retry_seconds`` up to ``retry_max_seconds``) until ``window_seconds``
  after the first attempt (a day); then the delivery is failed, and can still be replayed by hand. Redirects are
  not followed.
- An endpoint whose every attempt failed for ``disable_after_seconds`` (a day) without one success is switched off
  (``WebhookEndpointDisabled``: its owner and the region's Department are told); what it is sent meanwhile waits
  until a person switches it on again.
- A sender that dies after the endpoint answered and before it recorded the answer leaves the delivery taken until
  its lease runs out; it is then sent again with the same webhook-id. Deliveries are at least once: a receiver
  keeps the webhook-ids it handled to do each once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine
from standardwebhooks.webhooks import Webhook

from api.eventlog.log import EventLog
from api.webhooks.commands import disable_failing
from domain.retry import next_wait
from domain.webhooks import check_url

log = logging.getLogger("innocycle.webhooks")

EXCERPT = 500  # characters of an answer kept with its attempt
USER_AGENT = "innocycle-webhooks/1"


@dataclass(frozen=True)
class SenderConfig:
    public_url: str = "http://127.0.0.1:8000"
    allowed_hosts: tuple[str, ...] = ()
    batch: int = 20
    poll_seconds: float = 1.0
    timeout_seconds: float = 10.0
    retry_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    window_seconds: float = 86400.0
    disable_after_seconds: float = 86400.0
    lease_seconds: float = 120.0


_LEASE = text(
    """
UPDATE webhook_deliveries d SET leased_until = now() + make_interval(secs => :lease),
       expires_at = coalesce(d.expires_at, now() + make_interval(secs => :window))
FROM webhook_endpoints e, webhook_secrets s
WHERE d.delivery_id IN (
  SELECT d2.delivery_id FROM webhook_deliveries d2 JOIN webhook_endpoints e2 ON e2.endpoint_id = d2.endpoint_id
  WHERE d2.state = 'pending' AND d2.next_attempt_at <= now() AND e2.enabled
    AND (d2.leased_until IS NULL OR d2.leased_until < now())
  ORDER BY d2.next_attempt_at, d2.delivery_id
  LIMIT :batch
  FOR UPDATE OF d2 SKIP LOCKED
) AND e.endpoint_id = d.endpoint_id AND s.endpoint_id = d.endpoint_id
RETURNING d.delivery_id, d.endpoint_id, d.payload, d.attempts, d.replay_by, e.url, s.secret
"""
)

_RECORD = text(
    """
WITH attempt AS (
  INSERT INTO webhook_attempts (delivery_id, number, attempted_at, status_code, response, error, duration_ms,
                                replay_by)
  SELECT delivery_id, attempts + 1, :at, :status, :response, :error, :duration, replay_by
  FROM webhook_deliveries WHERE delivery_id = :id
  RETURNING delivery_id
)
UPDATE webhook_deliveries d
SET attempts = d.attempts + 1, last_status = :status, last_error = :error, leased_until = NULL, replay_by = NULL,
    state = CASE WHEN :ok THEN 'delivered' WHEN d.expires_at <= now() THEN 'failed' ELSE 'pending' END,
    finished_at = CASE WHEN :ok OR d.expires_at <= now() THEN now() ELSE NULL END,
    next_attempt_at = CASE WHEN :ok THEN d.next_attempt_at ELSE now() + make_interval(secs => :wait) END
FROM attempt WHERE d.delivery_id = attempt.delivery_id
"""
)

_HEALTH = text(
    """
UPDATE webhook_secrets
SET failing_since = CASE WHEN :ok THEN NULL ELSE coalesce(failing_since, :at) END,
    failures = CASE WHEN :ok THEN 0 ELSE failures + 1 END,
    last_success_at = CASE WHEN :ok THEN :at ELSE last_success_at END
WHERE endpoint_id = :endpoint_id
RETURNING failing_since, failures
"""
)

_RELEASE = text("UPDATE webhook_deliveries SET leased_until = NULL WHERE delivery_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)


@dataclass(frozen=True)
class Outcome:
    status: int | None
    response: str | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def body_of(payload: dict[str, Any], public_url: str) -> str:
    """The body of every attempt of a delivery: its payload with the link made absolute, serialised the same way
    each time."""
    data = dict(payload.get("data", {}))
    link = str(data.get("link", ""))
    if link.startswith("/"):
        data["link"] = public_url.rstrip("/") + link
    return json.dumps({**payload, "data": data}, ensure_ascii=False, separators=(",", ":"))


def headers_of(delivery_id: str, secret: str, body: str, at: datetime) -> dict[str, str]:
    signature = Webhook(secret).sign(delivery_id, at, body)
    return {
        "webhook-id": delivery_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json; charset=utf-8",
        "user-agent": USER_AGENT,
    }


class WebhookSender:
    def __init__(self, engine: AsyncEngine, eventlog: EventLog, config: SenderConfig) -> None:
        self.engine = engine
        self.eventlog = eventlog
        self.config = config

    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Deliver until ``stop`` is set; look again every ``poll_seconds`` while there is nothing due."""
        stop = stop or asyncio.Event()
        async with httpx.AsyncClient(timeout=self.config.timeout_seconds, follow_redirects=False) as client:
            while not stop.is_set():
                try:
                    handled = await self.deliver_once(client)
                except Exception:  # the database away for a moment: try again, nothing is lost
                    log.exception("the webhook sender could not read or record its deliveries")
                    handled = 0
                if handled == 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), self.config.poll_seconds)

    async def deliver_once(self, client: httpx.AsyncClient) -> int:
        """One batch: how many deliveries it took."""
        config = self.config
        async with self.engine.begin() as conn:
            taken = (
                await conn.execute(
                    _LEASE, {"lease": config.lease_seconds, "window": config.window_seconds, "batch": config.batch}
                )
            ).all()
        if taken:
            await asyncio.gather(*(self._attempt(client, row) for row in taken))
        return len(taken)

    async def _attempt(self, client: httpx.AsyncClient, row: Any) -> None:
        try:
            outcome = await self._post(client, row)
            await self._record(row, outcome)
        except Exception:
            log.exception("delivery %s: the attempt could not be made or recorded", row.delivery_id)
            async with self.engine.begin() as conn:
                await conn.execute(_RELEASE, {"ids": [row.delivery_id]})

    async def _post(self, client: httpx.AsyncClient, row: Any) -> Outcome:
        started = time.monotonic()
        try:
            check_url(row.url, self.config.allowed_hosts)
        except Exception as refused:
            return Outcome(None, None, f"адрес не разрешен настройками: {refused}", 0)
        body = body_of(row.payload, self.config.public_url)
        headers = headers_of(row.delivery_id, row.secret, body, datetime.now(UTC))
        try:
            answer = await client.post(row.url, content=body.encode(), headers=headers)
        except httpx.HTTPError as error:
            return Outcome(None, None, _words(error), _since(started))
        return Outcome(answer.status_code, answer.text[:EXCERPT], None, _since(started))

    async def _record(self, row: Any, outcome: Outcome) -> None:
        config = self.config
        at = datetime.now(UTC)
        wait = next_wait(row.attempts + 1, config.retry_seconds, config.retry_max_seconds)
        error = outcome.error or (None if outcome.ok else f"ответ {outcome.status}")
        async with self.engine.begin() as conn:
            await conn.execute(
                _RECORD,
                {
                    "id": row.delivery_id,
                    "at": at,
                    "status": outcome.status,
                    "response": outcome.response,
                    "error": error,
                    "duration": outcome.duration_ms,
                    "ok": outcome.ok,
                    "wait": wait,
                },
            )
            health = (
                await conn.execute(_HEALTH, {"ok": outcome.ok, "at": at, "endpoint_id": row.endpoint_id})
            ).one_or_none()
        if outcome.ok:
            log.info("delivery %s to %s: %s", row.delivery_id, row.url, outcome.status)
            return
        log.warning("delivery %s to %s failed: %s", row.delivery_id, row.url, error)
        if health is not None and health.failing_since is not None:
            after = timedelta(seconds=config.disable_after_seconds)
            if await disable_failing(self.eventlog, row.endpoint_id, health.failing_since, health.failures, after):
                log.warning("endpoint %s switched off: failing since %s", row.endpoint_id, health.failing_since)


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _words(error: BaseException) -> str:
    text_ = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text_}"[:EXCERPT]
