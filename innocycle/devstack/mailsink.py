"""A local SMTP sink for development and tests: a real SMTP server (aiosmtpd) on loopback that accepts every
message and keeps it — in memory, and as one ``.eml`` file each in a directory when given one (``make run`` shows
them on ``/dev/mail``). Nothing goes further.

Tests make it answer as a real server may: ``refuse`` names recipients it refuses for good (550), ``defer`` those
it asks to try later (451)."""

from __future__ import annotations

import itertools
import threading
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class SinkHandler:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()
        self.defer: set[str] = set()
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        if address in self.defer:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content or envelope.content
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
            number = next(self._numbers)
        if self.directory is not None:
            name = f"{time.time_ns()}-{number:06d}.eml"
            (self.directory / name).write_bytes(raw)
        return "250 Message accepted for delivery"


class MailSink:
    """The sink on ``127.0.0.1:port``: ``start`` and ``stop`` it (its server runs in a thread of its own)."""

    def __init__(self, port: int, directory: Path | None = None) -> None:
        self.port = port
        self.handler = SinkHandler(directory)
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None
