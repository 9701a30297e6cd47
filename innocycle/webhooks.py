"""``innocycle webhook-sender``: the process that delivers the webhooks (``api.webhooks.sender.WebhookSender``)
until it is told to stop (SIGTERM, SIGINT)."""

from __future__ import annotations

import asyncio
import logging
import signal

from api.db import make_engine
from api.eventlog.log import EventLog
from api.projections import PROJECTIONS
from api.webhooks.sender import SenderConfig, WebhookSender
from innocycle.settings import Settings


def sender_config(settings: Settings) -> SenderConfig:
    return SenderConfig(
        public_url=settings.public_url,
        allowed_hosts=settings.webhook_host_list,
        batch=settings.webhook_batch,
        poll_seconds=settings.webhook_poll_seconds,
        timeout_seconds=settings.webhook_timeout_seconds,
        retry_seconds=settings.webhook_retry_seconds,
        retry_max_seconds=settings.webhook_retry_max_seconds,
        window_seconds=settings.webhook_retry_window_seconds,
        disable_after_seconds=settings.webhook_disable_after_seconds,
        lease_seconds=settings.webhook_lease_seconds,
    )


async def run_sender(settings: Settings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    engine = make_engine(settings.database_url)
    try:
        logging.getLogger("innocycle.webhooks").info(
            "delivering webhooks (loopback and %s)", ", ".join(settings.webhook_host_list) or "no other host"
        )
        await WebhookSender(engine, EventLog(engine, PROJECTIONS), sender_config(settings)).run(stop)
    finally:
        await engine.dispose()
