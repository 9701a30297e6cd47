"""The mailer (``innocycle mailer``, a process of its own): delivers ``mail_outbox`` over SMTP with aiosmtplib.

- It takes a batch of due messages for a while (``leased_until``, ``FOR UPDATE SKIP LOCKED``: two mailers never
  take the same row), sends them over one connection and records each outcome as it comes: delivered or refused
  for good, the row leaves the outbox for ``mail_log``.
- The server down, unreachable, timing out or answering 4xx: the message stays, with its attempts and the error,
  and is tried again after a wait doubled each time (``mail_retry_seconds`` up to ``mail_retry_max_seconds``).
- A 5xx answer to the message (a recipient refused, the data refused): it is recorded as failed with the server's
  answer, listed on the administrator's page ``/admin/mail``; it is not tried again.
- A mailer that dies after the server accepted a message and before it recorded that leaves the row taken until
  its lease runs out; the message is then sent again with the same Message-ID, which mail clients fold into one.
  That window is the only way a message is sent twice; no message leaves the outbox without a recorded outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiosmtplib
from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.notifications.mail import Letter, compose, envelope, wire_bytes

log = logging.getLogger("innocycle.mailer")


@dataclass(frozen=True)
class MailerConfig:
    smtp_host: str
    smtp_port: int
    smtp_tls: str = "none"  # none | starttls | tls
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_timeout_seconds: float = 30.0
    mail_from: str = "innocycle <innocycle@localhost>"
    public_url: str = "http://127.0.0.1:8000"
    batch: int = 50
    poll_seconds: float = 1.0
    retry_seconds: float = 30.0
    retry_max_seconds: float = 1800.0
    lease_seconds: float = 120.0


_LEASE = text(
    """
UPDATE mail_outbox SET leased_until = now() + make_interval(secs => :lease)
WHERE notification_id IN (
  SELECT notification_id FROM mail_outbox
  WHERE next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
  ORDER BY next_attempt_at, notification_id
  LIMIT :batch
  FOR UPDATE SKIP LOCKED
)
RETURNING notification_id
"""
)

_LETTERS = text(
    """
SELECT o.notification_id, o.message_id, o.to_address, n.subject, n.details, n.link, n.site_id, n.on_behalf_name,
       n.acting, coalesce(u.full_name, '') AS full_name, coalesce(i.short_name, '') AS institution
FROM mail_outbox o
LEFT JOIN notifications n ON n.notification_id = o.notification_id
LEFT JOIN users u ON u.id = n.user_id
LEFT JOIN sites s ON s.id = n.site_id
LEFT JOIN institutions i ON i.id = s.institution_id
WHERE o.notification_id IN :ids
ORDER BY o.next_attempt_at, o.notification_id
"""
).bindparams(bindparam("ids", expanding=True))

_FINISH = text(
    """
WITH gone AS (DELETE FROM mail_outbox WHERE notification_id = :id RETURNING *)
INSERT INTO mail_log (notification_id, message_id, to_address, outcome, attempts, error, queued_at, finished_at)
SELECT notification_id, message_id, to_address, :outcome, attempts + 1, :error, created_at, now() FROM gone
ON CONFLICT (notification_id) DO NOTHING
"""
)

_AGAIN = text(
    """
UPDATE mail_outbox
SET attempts = attempts + 1, last_error = :error, leased_until = NULL,
    next_attempt_at = now() + make_interval(secs => least(:retry * power(2, attempts), :retry_max))
WHERE notification_id IN :ids
"""
).bindparams(bindparam("ids", expanding=True))


class ServerUnavailable(Exception):
    """The connection failed or broke: every message not yet sent waits for the next attempt."""


class Mailer:
    def __init__(self, engine: AsyncEngine, config: MailerConfig) -> None:
        self.engine = engine
        self.config = config

    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Deliver until ``stop`` is set; look again every ``poll_seconds`` while there is nothing to send."""
        stop = stop or asyncio.Event()
        while not stop.is_set():
            try:
                handled = await self.deliver_once()
            except Exception:  # the database away for a moment: try again, nothing is lost
                log.exception("the mailer could not read or record the outbox")
                handled = 0
            if handled == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.config.poll_seconds)

    async def deliver_once(self) -> int:
        """One batch: how many messages it took."""
        async with self.engine.begin() as conn:
            taken = await conn.execute(_LEASE, {"lease": self.config.lease_seconds, "batch": self.config.batch})
            ids = [row.notification_id for row in taken]
        if not ids:
            return 0
        async with self.engine.connect() as conn:
            rows = (await conn.execute(_LETTERS, {"ids": ids})).all()
        letters = [_letter(row) for row in rows if row.subject is not None]
        for row in rows:
            if row.subject is None:
                await self._finish(row.notification_id, "failed", "уведомление не найдено (после отката миграции?)")
        try:
            await self._send(letters)
        except ServerUnavailable as error:
            log.warning("SMTP server unavailable: %s", error)
        return len(ids)

    async def _send(self, letters: Sequence[Letter]) -> None:
        config = self.config
        smtp = aiosmtplib.SMTP(
            hostname=config.smtp_host,
            port=config.smtp_port,
            use_tls=config.smtp_tls == "tls",
            start_tls=config.smtp_tls == "starttls",
            timeout=config.smtp_timeout_seconds,
            username=config.smtp_user or None,
            password=config.smtp_password or None,
        )
        try:
            await smtp.connect()
        except (aiosmtplib.SMTPException, OSError) as down:
            await self._again([letter.notification_id for letter in letters], _words(down))
            raise ServerUnavailable(_words(down)) from None
        try:
            for index, letter in enumerate(letters):
                message = compose(letter, config.mail_from, config.public_url)
                try:
                    await smtp.sendmail(*envelope(message), wire_bytes(message))
                except aiosmtplib.SMTPRecipientsRefused as refused:
                    codes = [r.code for r in refused.recipients]
                    answers = "; ".join(f"{r.code} {r.message}" for r in refused.recipients)
                    await self._answered(letter, min(codes, default=550), answers)
                except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError, OSError) as broken:
                    rest = [later.notification_id for later in letters[index:]]
                    await self._again(rest, _words(broken))
                    raise ServerUnavailable(_words(broken)) from None
                except aiosmtplib.SMTPResponseException as answer:
                    await self._answered(letter, answer.code, f"{answer.code} {answer.message}")
                else:
                    await self._finish(letter.notification_id, "sent", None)
        finally:
            try:
                await smtp.quit()
            except (aiosmtplib.SMTPException, OSError):
                smtp.close()

    async def _answered(self, letter: Letter, code: int, error: str) -> None:
        if code >= 500:
            log.warning("message %s refused for good: %s", letter.message_id, error)
            await self._finish(letter.notification_id, "failed", error)
        else:
            await self._again([letter.notification_id], error)

    async def _finish(self, notification_id: str, outcome: str, error: str | None) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(_FINISH, {"id": notification_id, "outcome": outcome, "error": error})

    async def _again(self, ids: list[str], error: str) -> None:
        if not ids:
            return
        async with self.engine.begin() as conn:
            await conn.execute(
                _AGAIN,
                {
                    "ids": ids,
                    "error": error,
                    "retry": self.config.retry_seconds,
                    "retry_max": self.config.retry_max_seconds,
                },
            )


def _words(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def _letter(row: Any) -> Letter:
    return Letter(
        notification_id=row.notification_id,
        message_id=row.message_id,
        to_address=row.to_address,
        full_name=row.full_name,
        subject=row.subject,
        details=row.details or {},
        link=row.link,
        site_id=row.site_id or "",
        institution=row.institution,
        on_behalf_name=row.on_behalf_name,
        acting=bool(row.acting),
    )
