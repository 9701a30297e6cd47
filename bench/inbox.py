"""Benchmark: the inbox read, ``GET /api/tasks``, over an event log of about 100,000 events, against a bare
one-row read served the same way from the same PostgreSQL, in the same run. Target: at least 0.6× the bare
endpoint's requests per second.

The data (bench/inbox_data.py): three cycle years of the 18 KhMAO sites played by the pure domain as the year
scenario scripts them, up to today — last year finished, this year up to today, the coming year's packages just
opened with the demo's sends and decisions — appended to ``events`` and projected by the real projection code
(``api.projections.rebuild``, what ``innocycle rebuild-projections`` runs); then that region copied under other
ids until the log holds ``--events`` events. The demo users see their own region only, so their inboxes are what
they would be in production while every query runs over the whole tables.

The servers: the API as ``innocycle api`` runs it, and bench/bare_app.py — one row of the regions table by its key
through an engine of ``api.db.make_engine`` — started by the same ``uvicorn.run`` call, both on the private
PostgreSQL cluster of this run. Temporal is not needed: reading the inbox never touches it.

The load: ``--concurrency`` keep-alive connections sending requests back to back (bench/load.py) for
``--window`` seconds per endpoint, the endpoints taking turns for ``--rounds`` rounds after a warm-up, so a change
of load on the machine touches all of them alike. The inbox is read as a curator and as a director, each with a
token from ``POST /api/auth/token``, with the default query (open tasks, first page of 50); and, for information,
as the director with ``state=all`` (their whole history, a full page).

    python -m bench.inbox [--events 100000] [--concurrency 32] [--window 4] [--rounds 3] [--verify]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from api.db import make_engine
from api.projections import PROJECTIONS
from api.tables import PROJECTION_TABLES
from bench.inbox_data import append_rows, copy_regions, latest_year, played_rows, projection_digest
from bench.load import LoadResult, load
from bench.report import table, verdict, write_json
from innocycle.devstack import postgres as devstack_postgres
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.processes import api_answers, free_port
from innocycle.migrate import upgrade

TARGET = 0.6
HISTORY_YEARS = 1  # finished years before the current one


def say(message: str) -> None:
    print(f"bench inbox: {message}", file=sys.stderr, flush=True)


@contextmanager
def server(module: str, env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """``python -m module`` with ``env`` (its port in INNOCYCLE_API_PORT); yields its base URL and process id once
    it answers."""
    url = f"http://127.0.0.1:{env['INNOCYCLE_API_PORT']}"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", *module.split()], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        problem = api_answers(url, lambda: process.poll() is None)
        if problem is not None:
            raise RuntimeError(f"{module} {problem}; see {log}")
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def token(url: str, login: str) -> str:
    response = httpx.post(f"{url}/api/auth/token", data={"username": login, "password": "demo"}, timeout=30)
    response.raise_for_status()
    return str(response.json()["access_token"])


async def build_data(url: str, env: dict[str, str], events: int, verify: bool) -> dict[str, Any]:
    """Migrate, seed, play and project the template years, copy them up to ``events``; what was built."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    upgrade(url)
    seed = [sys.executable, "-m", "innocycle.cli", "seed"]
    await asyncio.to_thread(subprocess.run, seed, env=env, check=True, capture_output=True)
    now = datetime.now(UTC)
    latest = latest_year(now)
    years = list(range(latest - 1 - HISTORY_YEARS, latest + 1))
    started = time.monotonic()
    rows = played_rows(dsn, years, now)
    append_rows(dsn, rows)
    played_seconds = time.monotonic() - started
    engine = make_engine(url)
    try:
        started = time.monotonic()
        replayed = await PROJECTIONS.rebuild(engine)
        rebuild_seconds = time.monotonic() - started
    finally:
        await engine.dispose()
    tables = [t.name for t in PROJECTION_TABLES]
    copies = max(0, round(events / len(rows)) - 1)
    started = time.monotonic()
    copy_regions(dsn, copies, tables)
    copy_seconds = time.monotonic() - started
    built: dict[str, Any] = {
        "template_years": years,
        "template_events": len(rows),
        "regions": copies + 1,
        "seconds_play": round(played_seconds, 1),
        "seconds_rebuild_template": round(rebuild_seconds, 1),
        "rebuild_ms_per_event": round(rebuild_seconds / max(replayed, 1) * 1000, 2),
        "seconds_copy": round(copy_seconds, 1),
    }
    if verify:
        say("verifying: rebuilding every projection from the whole log (slow) and comparing")
        copied = projection_digest(dsn, tables)
        engine = make_engine(url)
        try:
            started = time.monotonic()
            await PROJECTIONS.rebuild(engine)
            built["seconds_rebuild_all"] = round(time.monotonic() - started, 1)
        finally:
            await engine.dispose()
        rebuilt = projection_digest(dsn, tables)
        built["verified"] = copied == rebuilt
        built["verify_differences"] = [t for t in tables if copied[t] != rebuilt[t]]
    import psycopg

    with psycopg.connect(dsn) as conn:

        def scalar(sql: str) -> int:
            row = conn.execute(sql).fetchone()
            return int(row[0]) if row else 0

        built["events"] = scalar("SELECT count(*) FROM events")
        built["tasks"] = scalar("SELECT count(*) FROM tasks")
        built["open_tasks"] = scalar("SELECT count(*) FROM tasks WHERE state = 'open'")
        built["obligations"] = scalar("SELECT count(*) FROM obligations")
        built["sites"] = scalar("SELECT count(*) FROM sites")
    return built


Target = tuple[str, dict[str, str], int]  # URL, headers, the serving process


async def measure(
    targets: dict[str, Target], concurrency: int, window: float, rounds: int, warmup: float
) -> dict[str, LoadResult]:
    for url, headers, _ in targets.values():
        await load(url, headers, concurrency, warmup)
    results = {name: LoadResult() for name in targets}
    for _ in range(rounds):
        for name, (url, headers, pid) in targets.items():
            results[name].merge(await load(url, headers, concurrency, window, pid))
    return results


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop for the load generator when it is installed (it comes with uvicorn[standard]): less of the machine
    goes to generating the load."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


@contextmanager
def database(name: str) -> Iterator[tuple[str, dict[str, str], Path]]:
    """A private PostgreSQL cluster with the database ``name`` for one run: its URL, the environment of the API
    on it (Temporal never called) and the folder of the logs; removed afterwards unless INNOCYCLE_BENCH_KEEP=1."""
    work = Path(tempfile.mkdtemp(prefix=f"innocycle-bench-{name}-"))
    work.chmod(0o755)
    logs = work / "logs"
    logs.mkdir()
    devstack_postgres.RELOCATION_ROOT = work / "relocated"
    cluster = PostgresCluster(work / "postgres")
    try:
        cluster.ensure_initialized()
        cluster.start()
        cluster.create_database(f"bench_{name}")
        url = cluster.url(f"bench_{name}")
        env = {
            **os.environ,
            "INNOCYCLE_DATABASE_URL": url,
            "INNOCYCLE_API_HOST": "127.0.0.1",
            "INNOCYCLE_SERVICE_TOKEN": secrets.token_urlsafe(16),
            "INNOCYCLE_JWT_SECRET": secrets.token_urlsafe(32),
            "INNOCYCLE_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",  # never called by these reads
        }
        yield url, env, logs
    finally:
        cluster.stop()
        if os.environ.get("INNOCYCLE_BENCH_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


def add_load_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the data and the load, the same for every read benchmark."""
    parser.add_argument("--events", type=int, default=100_000, help="events in the log (about)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--window", type=float, default=4.0, help="seconds of load per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of load per endpoint before measuring")
    parser.add_argument("--curator", default="curator.1.1.5")
    parser.add_argument("--director", default="director.1.1.10")
    parser.add_argument("--json", type=Path, default=None, help="where to write the result (.innocycle/bench/)")


def run(args: argparse.Namespace) -> dict[str, Any]:
    with database("inbox") as (url, env, logs):
        say(f"building about {args.events} events")
        built = asyncio.run(build_data(url, env, args.events, args.verify))
        say(f"{built['events']} events, {built['tasks']} tasks; starting the API and the bare endpoint")
        api_env = {**env, "INNOCYCLE_API_PORT": str(free_port())}
        bare_env = {**env, "INNOCYCLE_API_PORT": str(free_port())}
        with (
            server("innocycle.cli api", api_env, logs / "api.log") as (api, api_pid),
            server("bench.bare_app", bare_env, logs / "bare.log") as (bare, bare_pid),
        ):
            readers = {"curator": args.curator, "director": args.director}
            headers = {role: {"Authorization": f"Bearer {token(api, login)}"} for role, login in readers.items()}
            targets: dict[str, Target] = {
                f"GET /api/tasks as {args.curator}": (f"{api}/api/tasks", headers["curator"], api_pid),
                f"GET /api/tasks as {args.director}": (f"{api}/api/tasks", headers["director"], api_pid),
                f"GET /api/tasks?state=all as {args.director}": (
                    f"{api}/api/tasks?state=all",
                    headers["director"],
                    api_pid,
                ),
                "bare one-row SELECT": (f"{bare}/bare", {}, bare_pid),
            }
            pages = {}
            for name, (target, target_headers, _) in targets.items():
                response = httpx.get(target, headers=target_headers, timeout=30)
                if response.status_code != 200:
                    raise RuntimeError(f"{name}: {response.status_code} {response.text[:500]}")
                body = response.json()
                pages[name] = {
                    "bytes": len(response.content),
                    "items": len(body.get("items", [])),
                    "total": body.get("total"),
                }
            say(f"load: {args.concurrency} connections, {args.rounds} rounds of {args.window} s per endpoint")
            with asyncio.Runner(loop_factory=_loop_factory()) as runner:
                results = runner.run(measure(targets, args.concurrency, args.window, args.rounds, args.warmup))
    baseline = results["bare one-row SELECT"]
    bare_cpu = baseline.server_cpu / baseline.requests if baseline.requests else 0.0
    endpoints = {}
    for name, result in results.items():
        cpu = result.server_cpu / result.requests if result.requests else 0.0
        endpoints[name] = {
            **result.summary(),
            **pages[name],
            "ratio": round(result.rps / baseline.rps, 3) if baseline.rps else None,
            # the same comparison by the server's own CPU per request: less sensitive to other load on the machine
            "cpu_ratio": round(bare_cpu / cpu, 3) if cpu else None,
        }
    judged = [name for name in endpoints if "state=all" not in name and name != "bare one-row SELECT"]
    return {
        "benchmark": "inbox",
        "data": built,
        "concurrency": args.concurrency,
        "window_seconds": args.window,
        "rounds": args.rounds,
        "endpoints": endpoints,
        "target_ratio": TARGET,
        "judged": judged,
        "met": all(endpoints[name]["ratio"] >= TARGET for name in judged),
    }


def summary(result: dict[str, Any]) -> str:
    data = result["data"]
    lines = [
        f"inbox read: {data['events']} events ({data['regions']} regions of {data['sites'] // data['regions']} sites;"
        f" template {data['template_events']} events of years {', '.join(map(str, data['template_years']))}), "
        f"{data['tasks']} tasks ({data['open_tasks']} open), {result['concurrency']} connections",
    ]
    rows = [
        (
            name,
            e["rps"],
            e["ratio"],
            e["p50_ms"],
            e["p99_ms"],
            e["server_cpu_ms_per_request"],
            e["cpu_ratio"],
            f"{e['items']}/{e['total']}" if e["total"] is not None else "-",
            e["errors"],
        )
        for name, e in result["endpoints"].items()
    ]
    header = ("", "req/s", "ratio", "p50 ms", "p99 ms", "CPU ms/req", "CPU ratio", "items/total", "errors")
    lines.append(table(rows, header))
    lines.append(
        "ratio: req/s against the bare read's; CPU ratio: the bare read's server CPU per request against this one's "
        f"(the load generator used {max(e['load_generator_cpu_share'] for e in result['endpoints'].values()):.0%}"
        " of a core at most)"
    )
    for name in result["judged"]:
        ratio = result["endpoints"][name]["ratio"]
        lines.append(f"{name}: {ratio:.2f}× the bare read (target ≥ {TARGET}) {verdict(ratio >= TARGET)}")
    if "verified" in data:
        lines.append(f"copied projections identical to a full rebuild: {data['verified']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_load_arguments(parser)
    parser.add_argument("--verify", action="store_true", help="also rebuild everything and compare (slow)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    result = run(args)
    result["total_seconds_with_setup"] = round(time.monotonic() - started, 1)
    print(summary(result))
    print(f"result: {write_json('inbox', result, args.json)} ({result['total_seconds_with_setup']} s)")
    return result


if __name__ == "__main__":
    main()
