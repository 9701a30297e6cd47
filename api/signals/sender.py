"""Delivery of the signals outbox (``workflow_signals``, written by ``api.signals.outbox``).

- The route that appended delivers what is due at once (``send_due``), so a workflow is told before the answer
  as before the outbox; the API's background loop (``run``) delivers what that left, every ``poll_seconds``.
- A workflow's signals go in the order they were written: a row is taken only when no earlier row of its workflow
  waits (a revocation is never overtaken by the period change written before it).
- A batch is taken for a while (``leased_until``, ``FOR UPDATE SKIP LOCKED``): two API processes never send the
  same row at once. A process that dies after sending and before recording leaves the row to be sent again when
  its lease runs out, so a signal is delivered at least once; the handlers only set what they are told.
- A workflow that has closed, or never started, answers not found: the row is done (``not_running``). Anything else
  (Temporal down, a timeout) stops the batch, and its rows wait ``retry_seconds``, doubled at each attempt up to
  ``retry_max_seconds``. Nothing is ever given up: a signal waits as long as Temporal is away.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from api.commands import Commands
from domain.retry import next_wait

log = logging.getLogger("innocycle.signals")


@dataclass(frozen=True)
class SignalConfig:
    batch: int = 50
    poll_seconds: float = 2.0
    lease_seconds: float = 60.0
    timeout_seconds: float = 5.0  # one signal's RPC, retries included
    retry_seconds: float = 1.0
    retry_max_seconds: float = 60.0


LEASE = text(
    """
UPDATE workflow_signals s SET leased_until = now() + make_interval(secs => :lease)
WHERE s.signal_id IN (
  SELECT w.signal_id FROM workflow_signals w
  WHERE w.sent_at IS NULL AND w.next_attempt_at <= now() AND (w.leased_until IS NULL OR w.leased_until < now())
    AND NOT EXISTS (SELECT 1 FROM workflow_signals e
                    WHERE e.workflow_id = w.workflow_id AND e.sent_at IS NULL AND e.signal_id < w.signal_id)
  ORDER BY w.signal_id
  LIMIT :batch
  FOR UPDATE SKIP LOCKED
)
RETURNING s.signal_id, s.workflow_id, s.signal, s.args, s.attempts
"""
)

_SENT = text(
    "UPDATE workflow_signals SET sent_at = now(), outcome = :outcome, attempts = attempts + 1, leased_until = NULL"
    " WHERE signal_id = :signal_id"
)

_FAILED = text(
    """
UPDATE workflow_signals SET attempts = attempts + 1, last_error = :error, leased_until = NULL,
       next_attempt_at = now() + make_interval(secs => :wait)
WHERE signal_id = :signal_id
"""
)


_PENDING = text("SELECT count(*) FROM workflow_signals WHERE sent_at IS NULL")


@dataclass(frozen=True)
class Delivery:
    signal_id: int
    attempts: int
    outcome: str | None  # delivered | not_running; None: not delivered (error says why)
    error: str = ""


class SignalSender:
    def __init__(self, engine: AsyncEngine, commands: Commands, config: SignalConfig | None = None) -> None:
        self._engine = engine
        self._commands = commands
        self._config = config or SignalConfig()

    async def send_due(self) -> int:
        """Deliver every signal that is due, batch after batch; the number delivered. Stops at the first one
        Temporal does not take: the rest wait for the next round."""
        delivered = 0
        while True:
            async with self._engine.begin() as conn:
                rows = (
                    await conn.execute(LEASE, {"lease": self._config.lease_seconds, "batch": self._config.batch})
                ).all()
            if not rows:
                return delivered
            try:
                client = await self._commands.client()
            except Exception as error:  # Temporal unreachable: every row of the batch waits its turn
                deliveries = [Delivery(r.signal_id, r.attempts, None, f"{type(error).__name__}: {error}") for r in rows]
            else:
                # One row per workflow in a batch (the order rule above), so they may go at once.
                deliveries = await asyncio.gather(*(self._send(client, row) for row in rows))
            await self._record(deliveries)
            delivered += sum(1 for d in deliveries if d.outcome is not None)
            if any(d.outcome is None for d in deliveries):
                return delivered

    async def pending(self) -> int:
        """How many signals wait to be delivered."""
        async with self._engine.connect() as conn:
            return int((await conn.execute(_PENDING)).scalar_one())

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver what is due every ``poll_seconds`` until ``stop`` is set."""
        while not stop.is_set():
            try:
                await self.send_due()
            except Exception:  # the database away for a moment: the next round tries again
                log.exception("delivering workflow signals")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._config.poll_seconds)

    async def _send(self, client: Client, row: Any) -> Delivery:
        try:
            handle = client.get_workflow_handle(row.workflow_id)
            await asyncio.wait_for(
                handle.signal(row.signal, *row.args, rpc_timeout=timedelta(seconds=self._config.timeout_seconds)),
                self._config.timeout_seconds,
            )
        except RPCError as error:
            if error.status == RPCStatusCode.NOT_FOUND:
                return Delivery(row.signal_id, row.attempts, "not_running")
            return Delivery(row.signal_id, row.attempts, None, f"{error.status.name}: {error.message}")
        except Exception as error:  # the wait ran out, or the connection broke
            return Delivery(row.signal_id, row.attempts, None, f"{type(error).__name__}: {error}")
        return Delivery(row.signal_id, row.attempts, "delivered")

    async def _record(self, deliveries: list[Delivery]) -> None:
        async with self._engine.begin() as conn:
            for d in deliveries:
                if d.outcome is not None:
                    await conn.execute(_SENT, {"outcome": d.outcome, "signal_id": d.signal_id})
                else:
                    wait = next_wait(d.attempts + 1, self._config.retry_seconds, self._config.retry_max_seconds)
                    failed = {"error": d.error[:500], "wait": wait, "signal_id": d.signal_id}
                    await conn.execute(_FAILED, failed)
