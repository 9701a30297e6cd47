"""Benchmark: one command round trip through the REST API against a bare Temporal update with one no-op activity
on the same Temporal server, in the same run. Targets: p50 ≤ 1.5× and p99 ≤ 2× the bare update.

The stack is what `make run` starts, in a temporary directory: a private PostgreSQL cluster, the Temporal dev
server on a SQLite file in WAL mode, then the real API and worker as processes. The RCRSO opens the cycles of the
coming year and the year after for the 18 sites (36 annual packages, open at once); each site's director uploads
the five package files once. A round trip is one command over HTTP as a demo user sends it, answered with the
obligation as the command left it (read back from the projection the command has just written), timed through
aiohttp's client (``--client httpx``: through httpx's, whose own cost is about three times aiohttp's; see CLIENTS):

- the director submits the annual package (→ under_review), then
- its first reviewer returns it for revision (→ returned; the curator, or the Department where it agrees first),

so the same package can be submitted again. Only these two calls are timed. One warm-up round, then ``--rounds``
rounds over every package: with the defaults each package is submitted four times, as often as a package that is
returned a few times (the answer lists every submission, so it grows with them). Each command is followed by one
bare update, so a change of load on the machine touches both sides alike, and every timed call starts after a
pause of 50 ms, on a quiet server (see PAUSE). A bare update is ``execute_update`` on a workflow whose update
handler runs one no-op activity, on a worker in this process; as many bare workflows as packages, taken in turn.
Nothing fails when a target is missed: the result says so.

From the workflows' histories the result also splits an update into what the Temporal server records: the
workflow task that validates and accepts it, the activity (for a command, ``record_events``: the internal append
over HTTP), the workflow task that completes it — for the commands and for the bare updates.

``--profile`` then serves the API through ``bench/profiled_api.py`` for one more round and prints where a
command's time goes (probes around the route's steps, every SQL statement, the Temporal RPCs, the internal append
the worker's activity makes).

    python -m bench.command [--rounds 3] [--sites 18] [--years 2] [--profile] [--client aiohttp] [--json PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client

from bench.baseline import BareUpdates
from bench.profiled_api import render, summarize
from bench.report import percentile, table, verdict, write_json
from domain.cycle import snapshot_for
from domain.obligations import obligation_id
from domain.regulations.catalog import regulation
from domain.regulations.khmao.sites import SITES
from innocycle.demo import demo_year
from innocycle.demo_files import package_data, package_files
from innocycle.devstack import postgres as devstack_postgres
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.processes import api_answers
from innocycle.devstack.temporal import TemporalDevServer
from tests.support.stack import Stack

TARGET_P50 = 1.5
TARGET_P99 = 2.0
RETURN_COMMENT = "Раздел III плана мероприятий не содержит сроков исполнения; доработайте и направьте повторно."
# A pause before every timed call, on either side. Temporal answers an update that arrives right after another
# update's activity and workflow tasks (on any workflow) 20-30 ms slower than one that arrives on a quiet server
# (dev server, measured: 45-50 ms back to back, 20 ms with 50 ms between); without the pause the baseline would
# swing between the two with whatever ran just before it. People do not send commands back to back either.
PAUSE = 0.05
REVIEWER_LOGIN = {"curator": "curator.{site}", "department": "department", "rcrso_director": "rcrso"}


class CommandFailed(RuntimeError):
    pass


@dataclass
class Lane:
    """One site's annual package, submitted and returned in turn."""

    site_id: str
    year: int
    submitter: str
    returner: str
    path: str
    items: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """An HTTP answer, read whole."""

    status_code: int
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode(errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


# The HTTP client the commands are timed through: its own cost is the instrument's, not the API's. Against the same
# trivial server, one POST of a package's size answered with 20 KB costs 0.60 ms at p50 through aiohttp and 1.77 ms
# through httpx (h11's parser in pure Python): with httpx, 1.2 ms of every timed command was the client library,
# which the bare update's side (temporalio's client, in Rust) does not pay. ``--client httpx`` times through it, as
# this benchmark did until 7 December 2026.
CLIENTS = ("aiohttp", "httpx")


class Http:
    """The API over HTTP as the demo users (password demo), one request at a time."""

    def __init__(self, base_url: str, client: str = "aiohttp") -> None:
        if client not in CLIENTS:
            raise ValueError(f"client: one of {CLIENTS}")
        self.base_url = base_url
        self.client = client
        self._aiohttp: aiohttp.ClientSession | None = None
        self._httpx: httpx.AsyncClient | None = None
        if client == "aiohttp":
            self._aiohttp = aiohttp.ClientSession(
                base_url=base_url,
                timeout=aiohttp.ClientTimeout(total=120),
                # As httpx sends JSON: UTF-8, compact.
                json_serialize=functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":")),
            )
        else:
            self._httpx = httpx.AsyncClient(base_url=base_url, timeout=120)
        self._tokens: dict[str, str] = {}

    async def aclose(self) -> None:
        if self._aiohttp is not None:
            await self._aiohttp.close()
        if self._httpx is not None:
            await self._httpx.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        json_body: Any = None,
        form: dict[str, str] | None = None,
        files: dict[str, tuple[str, bytes]] | None = None,
    ) -> tuple[Answer, float]:
        """The answer and the seconds from sending the request to reading the whole answer."""
        if self._httpx is not None:
            started = time.perf_counter()
            response = await self._httpx.request(method, path, headers=headers, json=json_body, data=form, files=files)
            return Answer(response.status_code, response.content), time.perf_counter() - started
        assert self._aiohttp is not None
        data: Any = form
        if files:
            data = aiohttp.FormData()
            for name, (filename, content) in files.items():
                data.add_field(name, content, filename=filename)
        started = time.perf_counter()
        async with self._aiohttp.request(method, path, headers=headers, json=json_body, data=data) as answered:
            content = await answered.read()
        return Answer(answered.status, content), time.perf_counter() - started

    async def headers(self, login: str) -> dict[str, str]:
        if login not in self._tokens:
            response, _ = await self.request("POST", "/api/auth/token", form={"username": login, "password": "demo"})
            if response.status_code != 200:
                raise CommandFailed(f"sign-in of {login}: {response.status_code} {response.text}")
            self._tokens[login] = response.json()["access_token"]
        return {"Authorization": f"Bearer {self._tokens[login]}"}

    async def call(
        self,
        method: str,
        login: str,
        path: str,
        json_body: Any = None,
        files: dict[str, tuple[str, bytes]] | None = None,
    ) -> tuple[Answer, float]:
        """The answer to ``login``'s request and the seconds from sending it to reading the whole answer."""
        headers = await self.headers(login)
        response, seconds = await self.request(method, path, headers=headers, json_body=json_body, files=files)
        if response.status_code == 401 and response.json().get("code") == "token_expired":
            self._tokens.pop(login, None)
            return await self.call(method, login, path, json_body, files)
        return response, seconds


def lanes_for(site_ids: list[str], years: list[int]) -> list[Lane]:
    """The annual packages of ``site_ids`` in each of ``years``: the director submits, the first reviewer of the
    site's chain returns."""
    rules = regulation("khmao-135r")
    lanes = []
    for year in years:
        for site in SITES:
            if site.id not in site_ids:
                continue
            package = next(o for o in snapshot_for(rules, site, year).obligations if o.key == "package")
            first = package.review_chain[0].role.value
            lanes.append(
                Lane(
                    site_id=site.id,
                    year=year,
                    submitter=f"director.{site.id}",
                    returner=REVIEWER_LOGIN[first].format(site=site.id),
                    path=f"/api/sites/{site.id}/cycles/{year}/obligations/package/annual",
                )
            )
    return lanes


async def open_cycles(http: Http, lanes: list[Lane]) -> None:
    for lane in lanes:
        body = {"site_id": lane.site_id, "year": lane.year}
        response, _ = await http.call("POST", "rcrso", "/api/cycles", json_body=body)
        if response.status_code != 201:
            raise CommandFailed(f"opening the cycle of {lane.site_id}: {response.status_code} {response.text}")
    deadline = time.monotonic() + 120
    waiting = list(lanes)
    while waiting:
        lane = waiting[0]
        response, _ = await http.call("GET", lane.submitter, lane.path)
        if response.status_code == 200 and response.json()["status"] == "awaiting_submission":
            waiting.pop(0)
            continue
        if time.monotonic() > deadline:
            raise CommandFailed(f"the package of {lane.site_id} did not open: {response.status_code} {response.text}")
        await asyncio.sleep(0.2)
    for lane in lanes:
        for item, (filename, content) in package_files(lane.site_id, lane.year).items():
            response, _ = await http.call(
                "POST", lane.submitter, f"/api/sites/{lane.site_id}/files", files={"file": (filename, content)}
            )
            if response.status_code != 201:
                raise CommandFailed(f"upload of {filename}: {response.status_code} {response.text}")
            lane.items[item] = response.json()["file_id"]


async def client_floor(http: Http, requests: int = 200) -> list[float]:
    """The seconds of ``GET /healthz`` through the benchmark's client, each after the pause: what the instrument
    itself adds to every timed command (the route does no work), beside what the API does."""
    samples = []
    for _ in range(requests):
        await asyncio.sleep(PAUSE / 5)
        response, seconds = await http.request("GET", "/healthz")
        if response.status_code != 200:
            raise CommandFailed(f"GET /healthz: {response.status_code} {response.text}")
        samples.append(seconds)
    return samples


async def command(http: Http, login: str, path: str, body: dict[str, Any], expected: str) -> float:
    response, seconds = await http.call("POST", login, path, json_body=body)
    if response.status_code != 200:
        raise CommandFailed(f"{login} POST {path}: {response.status_code} {response.text[:500]}")
    status = response.json()["status"]
    if status != expected:
        raise CommandFailed(f"{login} POST {path}: status {status}, expected {expected}")
    return seconds


async def submit(http: Http, lane: Lane) -> float:
    body = {"items": lane.items, "note": "Пакет документов.", "data": package_data(lane.year)}
    return await command(http, lane.submitter, lane.path + "/submissions", body, "under_review")


async def send_back(http: Http, lane: Lane) -> float:
    body = {"action": "return", "comment": RETURN_COMMENT}
    return await command(http, lane.returner, lane.path + "/decisions", body, "returned")


async def round_trip(http: Http, lane: Lane) -> tuple[float, float]:
    """Submit the package, then return it, each after the pause: the seconds of each command."""
    await asyncio.sleep(PAUSE)
    submitted = await submit(http, lane)
    await asyncio.sleep(PAUSE)
    return submitted, await send_back(http, lane)


def _ms(samples: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(samples, 0.5) * 1000, 2),
        "p99": round(percentile(samples, 0.99) * 1000, 2),
        "mean": round(sum(samples) / len(samples) * 1000, 2),
        "min": round(min(samples) * 1000, 2),
        "max": round(max(samples) * 1000, 2),
    }


PHASES = (
    ("workflow task 1: queued", "wft1_scheduled", "wft1_started"),
    ("workflow task 1: worker (validator, handler to the activity)", "wft1_started", "wft1_completed"),
    ("activity: queued", "activity_scheduled", "activity_started"),
    ("activity: runs", "activity_started", "activity_completed"),
    ("workflow task 2: queued", "wft2_scheduled", "wft2_started"),
    ("workflow task 2: worker (handler returns)", "wft2_started", "wft2_completed"),
    ("server: update arrives to update completed", "wft1_scheduled", "wft2_completed"),
)
# An update whose events are appended by a local activity completes in the workflow task that accepted it.
PHASES_ONE_TASK = (
    ("one workflow task: queued", "wft1_scheduled", "wft1_started"),
    ("one workflow task: worker (validator, handler, local append)", "wft1_started", "wft1_completed"),
    ("server: update arrives to update completed (one task)", "wft1_scheduled", "wft1_completed"),
)


async def update_phases(client: Client, workflow_ids: list[str]) -> dict[str, dict[str, float]]:
    """From the workflows' histories, per update that ran one activity: the p50 and mean ms between the
    server's events — the workflow task that accepts it, the activity, the workflow task that completes it."""
    samples: dict[str, list[float]] = {name: [] for name, _, _ in PHASES + PHASES_ONE_TASK}
    for workflow_id in workflow_ids:
        task: dict[str, float] = {}
        update: dict[str, float] | None = None
        async for event in client.get_workflow_handle(workflow_id).fetch_history_events():
            at = event.event_time.ToMilliseconds() / 1000
            kind = event.event_type
            if kind == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
                task = {"scheduled": at}
            elif kind == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
                task["started"] = at
            elif kind == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
                task["completed"] = at
            elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
                update = {f"wft1_{key}": value for key, value in task.items()}
            elif update is not None and kind == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
                update["activity_scheduled"] = at
            elif update is not None and kind == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
                update["activity_started"] = at
            elif update is not None and kind == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
                update["activity_completed"] = at
            elif update is not None and kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
                if "activity_scheduled" not in update:
                    for name, start, end in PHASES_ONE_TASK:
                        samples[name].append(update[end] - update[start])
                    update = None
                    continue
                update.update({f"wft2_{key}": value for key, value in task.items()})
                if all(key in update for _, start, end in PHASES for key in (start, end)):
                    for name, start, end in PHASES:
                        samples[name].append(update[end] - update[start])
                update = None
    return {
        name: {
            "p50": round(percentile(values, 0.5) * 1000, 2),
            "mean": round(sum(values) / len(values) * 1000, 2),
            "updates": len(values),
        }
        for name, values in samples.items()
        if values
    }


def _start_profiled_api(stack: Stack, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bench.profiled_api"],
            env=stack.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


async def profile(stack: Stack, http: Http, lanes: list[Lane], rounds: int, logs: Path) -> dict[str, Any]:
    """Serve the API through bench/profiled_api.py on the same port and trace ``rounds`` more rounds."""
    stack.api.stop()
    process = _start_profiled_api(stack, logs / "profiled-api.log")
    try:
        problem = api_answers(stack.api_url, lambda: process.poll() is None)
        if problem is not None:
            raise CommandFailed(f"the profiled API {problem}; see {logs / 'profiled-api.log'}")
        for lane in lanes[:4]:  # warm the new process up before tracing
            await round_trip(http, lane)
        await http.request("DELETE", "/bench/profile")
        for _ in range(rounds):
            for lane in lanes:
                await round_trip(http, lane)
        records = (await http.request("GET", "/bench/profile"))[0].json()
    finally:
        process.terminate()
        process.wait(timeout=15)
    routes = [
        "POST …/obligations/{key}/{instance}/submissions",
        "POST …/obligations/{key}/{instance}/decisions",
        "POST /internal/streams/{stream}/events",
    ]
    return {"rounds": rounds, "routes": [summarize(records, route) for route in routes]}


async def run(
    rounds: int, site_count: int, years: int, warmup_rounds: int, profile_rounds: int, http_client: str = "aiohttp"
) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="innocycle-bench-command-"))
    work.chmod(0o755)
    logs = work / "logs"
    logs.mkdir()
    devstack_postgres.RELOCATION_ROOT = work / "relocated"
    cluster = PostgresCluster(work / "postgres")
    temporal = TemporalDevServer(work / "temporal.sqlite", log_file=logs / "temporal.log")
    stack: Stack | None = None
    http: Http | None = None
    try:
        cluster.ensure_initialized()
        cluster.start()
        temporal.start()
        stack = Stack.start("bench_command", cluster, temporal.address, logs)
        http = Http(stack.api_url, http_client)
        first_year = demo_year(date.today())
        lanes = lanes_for([s.id for s in SITES][:site_count], [first_year + n for n in range(years)])
        await open_cycles(http, lanes)
        floor = await client_floor(http)
        stack.wait_until_quiet()
        client = await Client.connect(temporal.address)
        submits: list[float] = []
        returns: list[float] = []
        bare: list[float] = []
        async with BareUpdates(client, workflows=len(lanes)) as updates:
            await updates.measure(2 * len(lanes))  # warm-up of both sides
            for _ in range(warmup_rounds):
                for lane in lanes:
                    await round_trip(http, lane)
            by_round: list[float] = []
            for _ in range(rounds):
                this_round = []
                for lane in lanes:
                    await asyncio.sleep(PAUSE)
                    submitted = await submit(http, lane)
                    await asyncio.sleep(PAUSE)
                    bare.extend(await updates.measure(1))
                    await asyncio.sleep(PAUSE)
                    returned = await send_back(http, lane)
                    await asyncio.sleep(PAUSE)
                    bare.extend(await updates.measure(1))
                    submits.append(submitted)
                    returns.append(returned)
                    this_round += [submitted, returned]
                by_round.append(round(percentile(this_round, 0.5) * 1000, 2))
        phases = {
            "api": await update_phases(
                client, [obligation_id(lane.site_id, lane.year, "package", "annual") for lane in lanes]
            ),
            "bare": await update_phases(client, updates.workflow_ids),
        }
        commands = submits + returns
        result: dict[str, Any] = {
            "benchmark": "command",
            "client": http_client,
            "temporal": "dev server (temporal server start-dev, SQLite WAL)",
            "years": sorted({lane.year for lane in lanes}),
            "sites": len({lane.site_id for lane in lanes}),
            "obligations": len(lanes),
            "rounds": rounds,
            "round_trips": len(commands),
            "bare_updates": len(bare),
            "api_command_ms": _ms(commands),
            "api_submit_ms": _ms(submits),
            "api_return_ms": _ms(returns),
            "api_command_p50_ms_by_round": by_round,
            "bare_update_ms": _ms(bare),
            "client_floor_ms": _ms(floor),
            "ratio_p50": round(percentile(commands, 0.5) / percentile(bare, 0.5), 2),
            "ratio_p99": round(percentile(commands, 0.99) / percentile(bare, 0.99), 2),
            "target_p50": TARGET_P50,
            "target_p99": TARGET_P99,
            "temporal_phases_ms": phases,
        }
        result["met_p50"] = result["ratio_p50"] <= TARGET_P50
        result["met_p99"] = result["ratio_p99"] <= TARGET_P99
        if profile_rounds:
            result["profile"] = await profile(stack, http, lanes, profile_rounds, logs)
        return result
    finally:
        if http is not None:
            await http.aclose()
        if stack is not None:
            stack.stop()
        temporal.stop()
        cluster.stop()
        if os.environ.get("INNOCYCLE_BENCH_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


def summary(result: dict[str, Any]) -> str:
    rows = []
    for label, key in (
        ("API command (submit + return)", "api_command_ms"),
        ("  submit", "api_submit_ms"),
        ("  return", "api_return_ms"),
        ("bare update + no-op activity", "bare_update_ms"),
    ):
        figures = result[key]
        count = {"api_command_ms": result["round_trips"], "bare_update_ms": result["bare_updates"]}.get(
            key, result["round_trips"] // 2
        )
        rows.append((label, count, figures["p50"], figures["p99"], figures["mean"]))
    lines = [
        f"command round trip: {result['obligations']} annual packages ({result['sites']} sites × years "
        f"{', '.join(map(str, result['years']))}), {result['rounds']} rounds, timed through {result['client']}; "
        f"Temporal {result['temporal']}",
        table(rows, ("", "n", "p50 ms", "p99 ms", "mean ms")),
        f"ratio p50 {result['ratio_p50']:.2f} (target ≤ {TARGET_P50}) {verdict(result['met_p50'])}; "
        f"ratio p99 {result['ratio_p99']:.2f} (target ≤ {TARGET_P99}) {verdict(result['met_p99'])}",
        f"the client's own floor: GET /healthz p50 {result['client_floor_ms']['p50']:.2f} ms through "
        f"{result['client']}",
    ]
    phases = result["temporal_phases_ms"]
    phase_rows = [
        (name, phases["api"].get(name, {}).get("p50", "-"), phases["bare"].get(name, {}).get("p50", "-"))
        for name, _, _ in PHASES + PHASES_ONE_TASK
        if name in phases["api"] or name in phases["bare"]
    ]
    lines.append("Temporal phases per update, from the workflow histories (p50 ms; millisecond resolution):")
    lines.append(table(phase_rows, ("", "API command", "bare update")))
    for route in result.get("profile", {}).get("routes", []):
        lines.append(render(route))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; each sends 2 commands per package")
    parser.add_argument("--sites", type=int, default=18, help="sites taking part (1–18)")
    parser.add_argument("--years", type=int, default=2, help="cycle years opened per site: packages in play")
    parser.add_argument("--warmup-rounds", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="then trace where a command's time goes")
    parser.add_argument("--profile-rounds", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None, help="where to write the result (.innocycle/bench/)")
    parser.add_argument(
        "--client", choices=CLIENTS, default="aiohttp", help="the HTTP client commands are timed through"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    profile_rounds = args.profile_rounds if args.profile else 0
    result = asyncio.run(run(args.rounds, args.sites, args.years, args.warmup_rounds, profile_rounds, args.client))
    result["total_seconds_with_setup"] = round(time.monotonic() - started, 1)
    print(summary(result))
    print(f"result: {write_json('command', result, args.json)} ({result['total_seconds_with_setup']} s)")
    return result


if __name__ == "__main__":
    main()
