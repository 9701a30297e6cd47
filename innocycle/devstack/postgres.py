"""A private PostgreSQL cluster for the embedded stack (``innocycle dev``, the tests, the benchmarks).

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
path would be too long for a socket's (107 bytes).
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal, NamedTuple, Self
from urllib.parse import quote

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from innocycle.devstack.processes import (
    die_with_parent,
    file_tail,
    free_port,
    is_root,
    port_is_free,
    process_alive,
    say,
    short_hash,
)

POSTGRES_USER = "postgres"
RELOCATION_ROOT = Path("/var/lib/innocycle")
DEBIAN_POSTGRES_ROOT = Path("/usr/lib/postgresql")

_SOCKET_PATH_LIMIT = 107
_SOCKET_FILE_NAME_MAX = len("/.s.PGSQL.65535")
_PREVIOUS_SERVER_PATIENCE_SECONDS = 10.0


class _Postmaster(NamedTuple):
    pid: int
    port: int


def _postmaster_state(pid: int) -> Literal["alive", "dying", "gone"]:
    """What became of a postmaster; a pid now used by a process that is not PostgreSQL counts as gone."""
    if not Path("/proc/self/stat").exists():
        return "alive" if process_alive(pid) else "gone"
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
    say(f"PostgreSQL not found; running: {shlex.join(install)}")
    if subprocess.run(install, env=env, check=False).returncode == 0:
        return
    # A fresh Debian image has no package lists yet.
    say("running: apt-get update, then the install again")
    subprocess.run(["apt-get", "update"], env=env, check=False)
    subprocess.run(install, env=env, check=False)


def _postgres_binaries() -> _PostgresBinaries:
    found = _find_postgres_binaries()
    if found is None and is_root() and shutil.which("apt-get"):
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
    say(f"creating the system user {POSTGRES_USER}: {shlex.join(command)}")
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

    def __init__(self, base_dir: Path, port: int | None = None, settings: Mapping[str, str] | None = None) -> None:
        self._base_dir = Path(base_dir).absolute()
        self._port = port
        self._settings = dict(settings or {})  # server settings (``-c name=value``) this cluster starts with
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
            say(f"reusing the PostgreSQL server of {self._data_dir()} already running on port {running}")
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

    @property
    def log_file(self) -> Path:
        return self._cluster_dir() / "postgresql.log"

    @staticmethod
    def _socket_dir(cluster_dir: Path) -> Path:
        if len(str(cluster_dir)) + _SOCKET_FILE_NAME_MAX <= _SOCKET_PATH_LIMIT:
            return cluster_dir
        # Not tempfile.gettempdir(): TMPDIR may be just as long.
        return Path("/tmp") / f"innocycle-pg-{short_hash(cluster_dir)}"

    def _settle_cluster_dir(self) -> Path:
        """The cluster directory, moved out of reach of the user's directories when postgres cannot enter them."""
        current = self._cluster_dir()
        if current != self._base_dir or not is_root() or (current / "data" / "PG_VERSION").exists():
            return current
        _postgres_account()
        if _postgres_can_traverse(self._base_dir.parent):
            return current
        relocated = RELOCATION_ROOT / short_hash(self._base_dir.resolve())
        say(f"the postgres user cannot enter {self._base_dir}; the PostgreSQL cluster lives in {relocated}")
        self._pointer_file().write_text(f"{relocated}\n")
        return relocated

    @staticmethod
    def _make_owned_dir(path: Path) -> None:
        """Create ``path`` for the server's user (postgres when we are root)."""
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if is_root():
            account = _postgres_account()
            os.chown(path, account.pw_uid, account.pw_gid)

    # -- processes --

    def _postgres_binaries(self) -> _PostgresBinaries:
        if self._binaries is None:
            self._binaries = _postgres_binaries()
        return self._binaries

    def _run(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        if is_root():
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
        account = _postgres_account() if is_root() else None
        command = [self._postgres_binaries().postgres, "-D", str(self._data_dir()), "-p", str(self.port)]
        command += ["-k", str(self._socket_dir(self._cluster_dir())), "-c", "listen_addresses=127.0.0.1"]
        for name, value in self._settings.items():
            command += ["-c", f"{name}={value}"]
        with self.log_file.open("ab") as log:
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
                    f"--- last lines of {self.log_file} ---\n{file_tail(self.log_file)}"
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
            if port_is_free(saved):
                return saved
        return free_port()


# --- Temporal dev server ---------------------------------------------------------------------------------------
