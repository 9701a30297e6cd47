"""``innocycle mailer``: the process that delivers the e-mail outbox (``api.notifications.sender.Mailer``) until
it is told to stop (SIGTERM, SIGINT); ``innocycle mail-sink``: the local SMTP sink of ``make run``."""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path

from api.db import make_engine
from api.notifications.sender import Mailer, MailerConfig
from innocycle.settings import Settings


def mailer_config(settings: Settings) -> MailerConfig:
    return MailerConfig(
        smtp_host=settings.smtp_host,
        smtp_port=settings.smtp_port,
        smtp_tls=settings.smtp_tls,
        smtp_user=settings.smtp_user,
        smtp_password=settings.smtp_password,
        smtp_timeout_seconds=settings.smtp_timeout_seconds,
        mail_from=settings.mail_from,
        public_url=settings.public_url,
        batch=settings.mail_batch,
        poll_seconds=settings.mail_poll_seconds,
        retry_seconds=settings.mail_retry_seconds,
        retry_max_seconds=settings.mail_retry_max_seconds,
        lease_seconds=settings.mail_lease_seconds,
    )


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)


async def run_mailer(settings: Settings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    stop = asyncio.Event()
    _stop_on_signals(stop)
    engine = make_engine(settings.database_url)
    try:
        logging.getLogger("innocycle.mailer").info(
            "delivering the outbox through %s:%s (%s)", settings.smtp_host, settings.smtp_port, settings.smtp_tls
        )
        await Mailer(engine, mailer_config(settings)).run(stop)
    finally:
        await engine.dispose()


async def run_sink(port: int, directory: Path) -> None:
    from innocycle.devstack.mailsink import MailSink

    stop = asyncio.Event()
    _stop_on_signals(stop)
    sink = MailSink(port, directory)
    sink.start()
    print(f"SMTP sink on 127.0.0.1:{port}, keeping messages in {directory}", flush=True)
    try:
        await stop.wait()
    finally:
        sink.stop()
