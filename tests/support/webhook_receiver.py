"""A real HTTP receiver of webhooks on loopback, for the tests: a stdlib HTTP server in a thread that checks every
request's Standard Webhooks signature itself (written here from the specification, independently of innocycle's
sender), keeps what it received, and answers as the test tells it (a status per path, or a list of them in turn)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from innocycle.devstack.processes import free_port

TOLERANCE_SECONDS = 300


def signature_valid(secret: str, headers: dict[str, str], body: bytes, now: float | None = None) -> bool:
    """The Standard Webhooks check: ``webhook-signature`` holds ``v1,`` and the base64 HMAC-SHA256 of
    ``{webhook-id}.{webhook-timestamp}.{body}`` keyed with the secret's bytes (base64 after ``whsec_``), and the
    timestamp is within five minutes of now."""
    msg_id, stamp, signatures = (
        headers.get(name, "") for name in ("webhook-id", "webhook-timestamp", "webhook-signature")
    )
    if not (msg_id and stamp.isdigit() and signatures and secret.startswith("whsec_")):
        return False
    if abs((now if now is not None else time.time()) - int(stamp)) > TOLERANCE_SECONDS:
        return False
    key = base64.b64decode(secret[len("whsec_") :])
    digest = hmac.new(key, msg_id.encode() + b"." + stamp.encode() + b"." + body, hashlib.sha256).digest()
    expected = base64.b64encode(digest).decode()
    return any(
        version == "v1" and hmac.compare_digest(value, expected)
        for version, _, value in (part.partition(",") for part in signatures.split(" "))
    )


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    valid: bool
    answered: int

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def webhook_id(self) -> str:
        return self.headers.get("webhook-id", "")


@dataclass
class Receiver:
    """Answers ``answers[path]`` (one status, or a list consumed in turn, the last one kept), 200 by default; a
    request whose signature does not verify with ``secrets[path]`` is answered 401."""

    port: int = field(default_factory=free_port)
    answers: dict[str, int | list[int]] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path == path]

    def _answer(self, path: str) -> int:
        with self._lock:
            answer = self.answers.get(path, 200)
            if isinstance(answer, list):
                return answer.pop(0) if len(answer) > 1 else answer[0]
            return answer

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {name.lower(): value for name, value in self.headers.items()}
                secret = receiver.secrets.get(self.path, "")
                valid = signature_valid(secret, headers, body)
                status = receiver._answer(self.path) if valid else 401
                with receiver._lock:
                    receiver.received.append(Received(self.path, headers, body, valid, status))
                answer = ("принято" if 200 <= status < 300 else "ошибка приемника").encode()
                self.send_response(status)
                self.send_header("content-type", "text/plain; charset=utf-8")
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
