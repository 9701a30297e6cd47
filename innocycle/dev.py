"""``innocycle dev`` (what ``make run`` runs): the whole embedded stack in one command.

PostgreSQL (``INNOCYCLE_DATABASE_URL`` when set, otherwise a private cluster under ``.innocycle/postgres``),
the Temporal dev server (``INNOCYCLE_TEMPORAL_ADDRESS`` when set, otherwise ``temporal server start-dev`` with a
SQLite file under ``.innocycle/``), migrations, reference data and demo users, then the worker and the API on
http://127.0.0.1:8000, then the demo activity. Ctrl-C stops every process it started; the next run keeps the
data.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import IO

from innocycle.devstack import PostgresCluster, TemporalDevServer, api_answers, free_port

STATE_DIR = Path(".innocycle")
DEFAULT_TEMPORAL_PORT = 7233


def _secrets(state: Path) -> dict[str, str]:
    """Secrets of this checkout's dev stack, made once and kept in .innocycle/secrets.env."""
    path = state / "secrets.env"
    if not path.exists():
        path.write_text(
            f"INNOCYCLE_SERVICE_TOKEN={secrets.token_urlsafe(32)}\nINNOCYCLE_JWT_SECRET={secrets.token_urlsafe(48)}\n"
        )
        path.chmod(0o600)
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key: value for key, value in pairs}


def _temporal_port(state: Path) -> int:
    saved = state / "temporal-port"
    port = int(saved.read_text()) if saved.exists() else DEFAULT_TEMPORAL_PORT
    try:
        with socket.create_server(("127.0.0.1", port)):
            pass
    except OSError:
        port = free_port()
    saved.write_text(str(port))
    return port


def _say(message: str) -> None:
    print(f"innocycle: {message}", flush=True)


def _spawn(args: list[str], env: dict[str, str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "innocycle.cli", *args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C reaches only us; we stop the children in order
    )


def _wait_for_api(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    problem = api_answers(url, lambda: process.poll() is None)
    if problem is not None:
        raise RuntimeError(f"the API on {url} {problem}; see {log_path}")


def _stop(process: subprocess.Popen[bytes], name: str) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _say(f"{name} did not stop in 15 s; killing it")
            process.kill()
            process.wait()


def _banner(url: str, year: int, logs: Path) -> str:
    return f"""
innocycle is running on {url}  (API documentation: {url}/docs)

Demo logins, all with password "demo":
  admin                   administrator
  department              Депсоцразвития Югры
  rcrso                   director of the RCRSO (opens cycles)
  director.<clause>       director of a site, e.g. director.1.1.5
  responsible.<clause>    responsible person of a site, e.g. responsible.1.1.5
  curator.<clause>        RCRSO curator of a direction, e.g. curator.1.1.5
  institution.<id>        responsible person of a state institution, e.g. institution.megion-kcson
  expert.1, expert.2      Expert Council
  (clauses of order 135-р: 1.1.1 … 1.1.14, 1.2.1 … 1.2.4)

Demo cycles: {year} (annual package due 20 December {year - 1}).
Logs: {logs}/api.log, {logs}/worker.log.  Stop with Ctrl-C; the next run keeps the data.
"""


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_dev() -> None:
    # Ctrl-C, a terminal closing and `kill` all stop the stack in order (SIGINT may arrive ignored when started
    # from a non-interactive shell's background job, so the handler is installed, not inherited).
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    state = STATE_DIR.resolve()
    logs = state / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **_secrets(state)}
    env.setdefault("INNOCYCLE_API_HOST", "127.0.0.1")
    env.setdefault("INNOCYCLE_API_PORT", "8000")
    url = f"http://{env['INNOCYCLE_API_HOST']}:{env['INNOCYCLE_API_PORT']}"
    env.setdefault("INNOCYCLE_API_URL", url)

    with ExitStack() as stack:
        if "INNOCYCLE_DATABASE_URL" in os.environ:
            _say("using the database of INNOCYCLE_DATABASE_URL")
        else:
            cluster = PostgresCluster(state / "postgres")
            cluster.ensure_initialized()
            cluster.start()
            stack.callback(cluster.stop)
            cluster.create_database("innocycle")
            env["INNOCYCLE_DATABASE_URL"] = cluster.url("innocycle")
            _say(f"PostgreSQL on 127.0.0.1:{cluster.port} (data in {state / 'postgres'})")
        if "INNOCYCLE_TEMPORAL_ADDRESS" in os.environ:
            _say(f"using the Temporal server at {os.environ['INNOCYCLE_TEMPORAL_ADDRESS']}")
        else:
            temporal = TemporalDevServer(
                state / "temporal.sqlite", port=_temporal_port(state), log_file=logs / "temporal.log"
            )
            temporal.start()
            stack.callback(temporal.stop)
            env["INNOCYCLE_TEMPORAL_ADDRESS"] = temporal.address
            _say(f"Temporal dev server on {temporal.address}")

        for step in ("migrate", "seed"):
            subprocess.run([sys.executable, "-m", "innocycle.cli", step], env=env, check=True)

        worker_log = stack.enter_context((logs / "worker.log").open("ab"))
        api_log = stack.enter_context((logs / "api.log").open("ab"))
        worker = _spawn(["worker"], env, worker_log)
        stack.callback(_stop, worker, "the worker")
        api = _spawn(["api"], env, api_log)
        stack.callback(_stop, api, "the API")
        _wait_for_api(url, api, logs / "api.log")

        from innocycle.demo import play

        year, opened = play(url, date.today())
        _say(f"demo: {opened} cycles of {year} opened now" if opened else f"demo: cycles of {year} already open")
        print(_banner(url, year, logs), flush=True)
        try:
            while api.poll() is None and worker.poll() is None:
                time.sleep(0.5)
            failed = "the API" if api.poll() is not None else "the worker"
            _say(f"{failed} stopped unexpectedly; see {logs}")
        except KeyboardInterrupt:
            _say("stopping…")
