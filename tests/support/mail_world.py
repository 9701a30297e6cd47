"""A world of its own for a test of e-mail in skipped time: a time-skipping server, a stack (API and worker) on it,
an SMTP server (aiosmtpd) on loopback and the mailer process delivering to it. Such a test skips weeks or months;
on the shared skip server the cycles it leaves behind would run their year under every later test that skips time.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from innocycle.devstack.mailsink import MailSink
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.processes import free_port
from tests.conftest import time_skipping_server
from tests.support.stack import ManagedProcess, Stack

MailWorld = tuple[WorkflowEnvironment, Stack, MailSink]


@asynccontextmanager
async def mail_world(
    name: str, cluster: PostgresCluster, work_dir: Path, public_url: str, **settings: str
) -> AsyncIterator[MailWorld]:
    """``name`` names the stack's database (one per test process); ``settings`` are more of the stack's."""
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=time_skipping_server())
    sink = MailSink(free_port())
    sink.start()
    name = f"{name}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    address = env.client.service_client.config.target_host
    mail = {
        "INNOCYCLE_SMTP_HOST": "127.0.0.1",
        "INNOCYCLE_SMTP_PORT": str(sink.port),
        "INNOCYCLE_MAIL_POLL_SECONDS": "0.1",
        "INNOCYCLE_PUBLIC_URL": public_url,
    }
    stack = Stack.start(name, cluster, address, work_dir / "logs", cheap_demo_passwords=True, **mail, **settings)
    mailer = ManagedProcess(["mailer"], stack.env, work_dir / "logs" / f"{name}-mailer.log")
    mailer.start()
    try:
        yield env, stack, sink
    finally:
        mailer.stop()
        stack.stop()
        sink.stop()
        await env.shutdown()
