"""Processes of the embedded stack, whatever they run: free ports, a server answering, tails of logs, a child that
dies with its parent (``innocycle dev`` supervises them; the pytest fixtures start their own copies)."""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

_LOG_TAIL_LINES = 40


_PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int = signal.SIGTERM) -> Callable[[], None]:
    """A ``preexec_fn`` for ``subprocess``: the child gets ``signum`` when the process that started it dies, however
    it dies — SIGKILL included — so a supervisor killed outright leaves no orphans behind (Linux; elsewhere the
    child simply outlives it). Set after the child has taken its user, which would clear it."""
    parent = os.getpid()

    def arrange() -> None:
        if not sys.platform.startswith("linux"):
            return
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the signal was arranged
            os.kill(os.getpid(), signum)

    return arrange


def api_answers(url: str, alive: Callable[[], bool], timeout: float = 60) -> str | None:
    """Wait until the API at ``url`` answers its health check: None once it does, else why it never will (its
    process exited, or the time ran out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return "exited"
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return None
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return f"did not answer within {timeout:.0f} s"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Servers bind with SO_REUSEADDR; without it a port in TIME_WAIT would look taken.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def say(message: str) -> None:
    print(f"innocycle: {message}", file=sys.stderr, flush=True)


def is_root() -> bool:
    return os.geteuid() == 0


def short_hash(path: Path) -> str:
    return hashlib.sha256(str(path).encode()).hexdigest()[:12]


def tail(data: bytes, lines: int = _LOG_TAIL_LINES) -> str:
    return "\n".join(data.decode(errors="replace").splitlines()[-lines:])


def file_tail(path: Path, max_bytes: int = 16_000) -> str:
    try:
        with path.open("rb") as file:
            file.seek(max(0, path.stat().st_size - max_bytes))
            return tail(file.read())
    except OSError:
        return f"(no log at {path})"


def fd_tail(fd: int, max_bytes: int = 16_000) -> str:
    # pread leaves the offset alone: the child process shares it and would otherwise write over the log.
    size = os.fstat(fd).st_size
    return tail(os.pread(fd, min(size, max_bytes), max(0, size - max_bytes)))


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
