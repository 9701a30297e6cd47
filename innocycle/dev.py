"""``innocycle dev`` (what ``make run`` runs): the whole embedded stack in one command.

PostgreSQL (``INNOCYCLE_DATABASE_URL`` when set, otherwise a private cluster under ``.innocycle/postgres``),
the Temporal dev server (``INNOCYCLE_TEMPORAL_ADDRESS`` when set, otherwise ``temporal server start-dev`` with a
SQLite file under ``.innocycle/``), migrations, reference data and demo users, then the worker and the API on
http://127.0.0.1:8000, the mailer (``innocycle mailer``) delivering the e-mail outbox to a local SMTP sink
(``innocycle mail-sink`` on 127.0.0.1:8025, unless ``INNOCYCLE_SMTP_HOST`` names a server; what it caught is shown on
``/dev/mail``), then the demo activity. Ctrl-C stops every process it started; the next run keeps the data.

It supervises what it started: a process that dies (PostgreSQL, Temporal, the worker, the API) is restarted with a
message naming its log, and one that keeps dying (``MAX_RESTARTS`` times within ``RESTART_WINDOW_SECONDS``) stops
the whole stack with a message. Every child dies with it, even when it is killed with SIGKILL (die_with_parent).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import webbrowser
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.processes import api_answers, die_with_parent, free_port
from innocycle.devstack.temporal import TemporalDevServer
from innocycle.settings import get_settings

STATE_DIR = Path(".innocycle")
DEFAULT_TEMPORAL_PORT = 7233
DEFAULT_SMTP_PORT = 8025
MAX_RESTARTS = 3
RESTART_WINDOW_SECONDS = 120.0


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


def _kept_port(state: Path, name: str, default: int) -> int:
    """The port kept in ``state/name`` from an earlier run, else ``default``; a free one when it is taken."""
    saved = state / name
    port = int(saved.read_text()) if saved.exists() else default
    try:
        with socket.create_server(("127.0.0.1", port)):
            pass
    except OSError:
        port = free_port()
    saved.write_text(str(port))
    return port


def _temporal_port(state: Path) -> int:
    return _kept_port(state, "temporal-port", DEFAULT_TEMPORAL_PORT)


def _sink_port(state: Path) -> int:
    """The port of the local SMTP sink: 8025, or the one kept from an earlier run, or a free one."""
    return _kept_port(state, "smtp-port", DEFAULT_SMTP_PORT)


def _say(message: str) -> None:
    print(f"innocycle: {message}", flush=True)


def _spawn(args: list[str], env: dict[str, str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "innocycle.cli", *args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C reaches only us; we stop the children in order
        preexec_fn=die_with_parent(signal.SIGTERM),
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


class StackFailed(RuntimeError):
    """A part of the stack keeps dying: the whole stack stops."""


@dataclass
class Supervised:
    """A part of the stack that ``run_dev`` started and watches."""

    name: str
    log: Path
    alive: Callable[[], bool]
    restart: Callable[[], None]
    deaths: list[float] = field(default_factory=list)


def supervise(parts: list[Supervised], poll: float = 0.5) -> None:
    """Watch ``parts`` until interrupted: restart one that dies; raise StackFailed for one that keeps dying."""
    while True:
        time.sleep(poll)
        for part in parts:
            if part.alive():
                continue
            now = time.monotonic()
            part.deaths = [t for t in part.deaths if now - t < RESTART_WINDOW_SECONDS] + [now]
            if len(part.deaths) > MAX_RESTARTS:
                raise StackFailed(
                    f"{part.name} stopped {len(part.deaths)} times within {RESTART_WINDOW_SECONDS:.0f} s; "
                    f"stopping everything. See {part.log}"
                )
            _say(f"{part.name} stopped unexpectedly; restarting it (log: {part.log})")
            try:
                part.restart()
            except Exception as error:
                raise StackFailed(f"{part.name} could not be restarted: {error}. See {part.log}") from error
            _say(f"{part.name} is running again")


def _banner(url: str, year: int, logs: Path) -> str:
    return f"""
innocycle is running: open {url} in a browser and sign in (API documentation: {url}/docs)

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
The Vologda platforms', the Sverdlovsk sections' and the QMS unit's logins are listed on the sign-in page.

Demo cycles: {year} (annual package due 20 December {year - 1}).
E-mail: sign in as admin and open {url}/dev/mail (what the local SMTP sink caught), {url}/admin/mail (the outbox).
Webhooks: {url}/webhooks (signed in as department or admin; the sender's log: {logs}/webhooks.log).
Logs: {logs}/api.log, {logs}/worker.log, {logs}/mail.log.  Stop with Ctrl-C; the next run keeps the data.
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
    env.setdefault("INNOCYCLE_DEVELOPMENT", "true")

    parts: list[Supervised] = []
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
            parts.append(Supervised("PostgreSQL", cluster.log_file, lambda: cluster.running, cluster.start))
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
            parts.append(
                Supervised("the Temporal server", logs / "temporal.log", lambda: temporal.running, temporal.start)
            )

        if "INNOCYCLE_SMTP_HOST" in os.environ:
            _say(f"sending e-mail through {os.environ['INNOCYCLE_SMTP_HOST']}")
            sink_port = 0
        else:  # a local SMTP sink catches the mail; /dev/mail shows it
            sink_port = _sink_port(state)
            env["INNOCYCLE_SMTP_HOST"] = "127.0.0.1"
            env["INNOCYCLE_SMTP_PORT"] = str(sink_port)
            env["INNOCYCLE_SMTP_TLS"] = "none"
            env.setdefault("INNOCYCLE_MAIL_SINK_DIR", str(state / "mail"))
        env.setdefault("INNOCYCLE_PUBLIC_URL", url)

        for step in ("migrate", "seed"):
            subprocess.run(
                [sys.executable, "-m", "innocycle.cli", step], env=env, check=True, preexec_fn=die_with_parent()
            )

        mail_log = stack.enter_context((logs / "mail.log").open("ab"))
        if sink_port:
            processes_mail: dict[str, subprocess.Popen[bytes]] = {}

            def start_sink() -> None:
                sink_dir = env["INNOCYCLE_MAIL_SINK_DIR"]
                processes_mail["sink"] = _spawn(
                    ["mail-sink", "--port", str(sink_port), "--directory", sink_dir], env, mail_log
                )

            start_sink()
            stack.callback(lambda: _stop(processes_mail["sink"], "the SMTP sink"))
            sink_alive = lambda: processes_mail["sink"].poll() is None  # noqa: E731
            parts.append(Supervised("the SMTP sink", logs / "mail.log", sink_alive, start_sink))
            _say(f"SMTP sink on 127.0.0.1:{sink_port}: what it catches is on {url}/dev/mail")
        mailer: dict[str, subprocess.Popen[bytes]] = {}

        def start_mailer() -> None:
            mailer["process"] = _spawn(["mailer"], env, mail_log)

        start_mailer()
        stack.callback(lambda: _stop(mailer["process"], "the mailer"))
        parts.append(
            Supervised("the mailer", logs / "mail.log", lambda: mailer["process"].poll() is None, start_mailer)
        )

        webhooks_log = stack.enter_context((logs / "webhooks.log").open("ab"))
        webhook_sender: dict[str, subprocess.Popen[bytes]] = {}

        def start_webhook_sender() -> None:
            webhook_sender["process"] = _spawn(["webhook-sender"], env, webhooks_log)

        start_webhook_sender()
        stack.callback(lambda: _stop(webhook_sender["process"], "the webhook sender"))
        parts.append(
            Supervised(
                "the webhook sender",
                logs / "webhooks.log",
                lambda: webhook_sender["process"].poll() is None,
                start_webhook_sender,
            )
        )

        worker_log = stack.enter_context((logs / "worker.log").open("ab"))
        api_log = stack.enter_context((logs / "api.log").open("ab"))
        processes: dict[str, subprocess.Popen[bytes]] = {}

        def start_worker() -> None:
            processes["worker"] = _spawn(["worker"], env, worker_log)

        def start_api() -> None:
            processes["api"] = _spawn(["api"], env, api_log)
            _wait_for_api(url, processes["api"], logs / "api.log")

        start_worker()
        stack.callback(lambda: _stop(processes["worker"], "the worker"))
        stack.callback(lambda: _stop(processes["api"], "the API") if "api" in processes else None)
        start_api()
        parts.append(
            Supervised("the worker", logs / "worker.log", lambda: processes["worker"].poll() is None, start_worker)
        )
        parts.append(Supervised("the API", logs / "api.log", lambda: processes["api"].poll() is None, start_api))

        from innocycle.demo import demo_year, play

        if get_settings().demo:
            year, opened = play(url, date.today())
            _say(f"demo: {opened} cycles of {year} opened now" if opened else f"demo: cycles of {year} already open")
        else:
            year = demo_year(date.today())
            _say("demo activity not played (INNOCYCLE_DEMO=false)")
        print(_banner(url, year, logs), flush=True)
        if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform == "darwin":
            webbrowser.open(url)  # a desktop session: open the interface; a server or CI prints the address only
        try:
            supervise(parts)
        except StackFailed as failed:
            _say(str(failed))
            stack.close()
            sys.exit(1)
        except KeyboardInterrupt:
            _say("stopping…")
