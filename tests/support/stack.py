"""A whole innocycle stack for tests: its own database in the session's PostgreSQL cluster, a Temporal server,
and the real API and worker as separate processes talking HTTP and gRPC, exactly as in production."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from pwdlib.hashers.argon2 import Argon2Hasher

from api.access.passwords import verify_password
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.processes import api_answers, free_port
from innocycle.migrate import upgrade
from innocycle.seed import DEMO_PASSWORD

# Signing in checks the password against its argon2 hash, and the hash carries its own cost: the seed's, at the
# library's default (64 MiB, 3 passes, 4 lanes), takes some 0.2 s of the API's CPU, and the suite signs the demo
# people in about 600 times. On the tests' stacks the demo accounts get the same password hashed at argon2's lowest
# cost, verified by the same code of the API; accounts the tests create, and unknown logins, keep the default cost.
DEMO_PASSWORD_HASH = Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1).hash(DEMO_PASSWORD)


class ManagedProcess:
    """An ``innocycle`` subcommand run as a child process, with its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.args = args
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "innocycle.cli", *self.args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.alive:
            assert self.process is not None
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def _cheap_demo_passwords(database_url: str) -> None:
    """The seeded accounts whose password is the demo one get it hashed at argon2's lowest cost (both copies: the
    credentials and the users projection that signing in reads, so that a rebuild agrees)."""
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        seeded = [row[0] for row in conn.execute("SELECT DISTINCT password_hash FROM credentials").fetchall()]
        for password_hash in seeded:
            if verify_password(DEMO_PASSWORD, password_hash):
                cheap = (DEMO_PASSWORD_HASH, password_hash)
                conn.execute("UPDATE credentials SET password_hash = %s WHERE password_hash = %s", cheap)
                conn.execute("UPDATE users SET password_hash = %s WHERE password_hash = %s", cheap)


def migrated_database(cluster: PostgresCluster, name: str) -> str:
    """A database of its own in ``cluster``, migrated to the latest revision; its URL."""
    cluster.create_database(name)
    url = cluster.url(name)
    upgrade(url)
    return url


@dataclass
class Stack:
    name: str
    database_url: str
    temporal_address: str
    api_url: str
    env: dict[str, str]
    api: ManagedProcess
    worker: ManagedProcess
    _connection: psycopg.Connection[Any] | None = field(default=None, repr=False)

    @classmethod
    def start(
        cls,
        name: str,
        cluster: PostgresCluster,
        temporal_address: str,
        logs: Path,
        *,
        cheap_demo_passwords: bool = False,
        **settings: str,
    ) -> Stack:
        """``cheap_demo_passwords``: the tests' stacks (``DEMO_PASSWORD_HASH``); the benchmarks keep the seed's."""
        database_url = migrated_database(cluster, name)
        port = free_port()
        api_url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "INNOCYCLE_DATABASE_URL": database_url,
            "INNOCYCLE_TEMPORAL_ADDRESS": temporal_address,
            "INNOCYCLE_API_HOST": "127.0.0.1",
            "INNOCYCLE_API_PORT": str(port),
            "INNOCYCLE_API_URL": api_url,
            "INNOCYCLE_SERVICE_TOKEN": secrets.token_urlsafe(16),
            "INNOCYCLE_JWT_SECRET": secrets.token_urlsafe(32),
            "INNOCYCLE_MAX_UPLOAD_BYTES": str(1024 * 1024),
            "INNOCYCLE_COMMAND_TIMEOUT_SECONDS": "60",
            "INNOCYCLE_DEVELOPMENT": "true",
            # Tests open the cycles they need by hand; a test of the region's own year starts it (D26-D29).
            "INNOCYCLE_REGION_WORKFLOWS": "false",
            **settings,
        }
        subprocess.run([sys.executable, "-m", "innocycle.cli", "seed"], env=env, check=True, capture_output=True)
        if cheap_demo_passwords:
            _cheap_demo_passwords(database_url)
        stack = cls(
            name=name,
            database_url=database_url,
            temporal_address=temporal_address,
            api_url=api_url,
            env=env,
            api=ManagedProcess(["api"], env, logs / f"{name}-api.log"),
            worker=ManagedProcess(["worker"], env, logs / f"{name}-worker.log"),
        )
        stack.worker.start()
        stack.api.start()
        stack.wait_for_api()
        return stack

    def wait_for_api(self, timeout: float = 60) -> None:
        problem = api_answers(self.api_url, lambda: self.api.alive, timeout)
        if problem is not None:
            raise RuntimeError(f"the API of stack {self.name} {problem}:\n{self.api.log_tail()}")

    def stop(self) -> None:
        self.api.stop()
        self.worker.stop()
        if self._connection is not None:
            self._connection.close()

    @property
    def db(self) -> psycopg.Connection[Any]:
        """An autocommit connection for assertions on the stored events and projections."""
        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(
                self.database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
            )
        return self._connection

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        try:
            with self.db.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        except psycopg.OperationalError:  # PostgreSQL was restarted under it: once more on a new connection
            if self._connection is not None:
                self._connection.close()
            with self.db.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

    def wait_until_quiet(self, quiet: float = 1.5, timeout: float = 90) -> None:
        """Until no event has been appended for ``quiet`` seconds: the workflows recorded what they do on their own
        (openings, catch-up escalations)."""
        deadline = time.monotonic() + timeout
        last, since = self.event_count(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.2)
            count = self.event_count()
            if count != last:
                last, since = count, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
        raise AssertionError("the workflows kept recording events")

    def event_count(self, stream_prefix: str = "") -> int:
        return int(self.query("SELECT count(*) FROM events WHERE stream_id LIKE %s", stream_prefix + "%")[0][0])
