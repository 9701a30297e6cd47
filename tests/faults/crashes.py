"""What the crash tests share (``test_crashes.py``, ``test_api_and_store_crashes.py``): a stack of their own, and
clients taking packages back and forth while something is killed under them. After each crash, nothing acknowledged
is lost, nothing is recorded twice, ``innocycle verify`` finds every workflow in line with its stream and every
projection with the log, and the next command on every obligation succeeds.

The stack is its own PostgreSQL cluster and a Temporal dev server on a SQLite file (as ``make run`` has it), so that
both can be killed and restarted without touching the other tests' stacks; each test module has one (the
``faulty`` fixture of ``tests/faults/conftest.py``), so ``innocycle verify`` goes through the workflows of that
module's tests only.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
from temporalio.client import Client as TemporalClient

from innocycle.demo_files import package_data
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.temporal import TemporalDevServer
from innocycle.verify import running_stream_workflows
from tests.faults.test_stream_ahead import verify
from tests.support.client import Api, obligation_path
from tests.support.stack import Stack

# Sites whose package goes to the curator first (no Department agreement), six clients, one site each.
SITES = ("1.1.1", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.1.8")


@dataclass
class FaultStack:
    cluster: PostgresCluster
    temporal: TemporalDevServer
    stack: Stack

    def restart_api(self) -> None:
        self.stack.api.start()
        self.stack.wait_for_api()


@contextmanager
def fault_stack(name: str, work_dir: Path) -> Iterator[FaultStack]:
    """A stack of its own named ``name``: its cluster and Temporal's file under ``work_dir / name``."""
    base = work_dir / name
    cluster = PostgresCluster(base / "postgres")
    cluster.ensure_initialized()
    cluster.start()
    temporal = TemporalDevServer(base / "temporal.sqlite", log_file=work_dir / "logs" / f"{name}-temporal.log")
    temporal.start()
    stack = Stack.start(f"innocycle_{name}", cluster, temporal.address, work_dir / "logs", cheap_demo_passwords=True)
    try:
        yield FaultStack(cluster, temporal, stack)
    finally:
        stack.stop()
        temporal.stop()
        cluster.stop()


@dataclass
class Sent:
    """One command a client sent: the text that marks its event, and what the API answered."""

    kind: str  # "submit" | "return"
    text: str
    status: int | None  # None: no answer at all (the connection broke)
    code: str = ""


@dataclass
class Client:
    """A director and a curator taking one site's package back and forth, as people do: after an error they look
    at the obligation and act on what they see."""

    api_url: str
    site: str
    year: int
    items: dict[str, str]
    sent: list[Sent] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)

    def _headers(self, http: httpx.Client, login: str) -> dict[str, str]:
        if login not in self.tokens:
            response = http.post("/api/auth/token", data={"username": login, "password": "demo"})
            response.raise_for_status()
            self.tokens[login] = response.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[login]}"}

    def status(self, http: httpx.Client) -> str | None:
        try:
            response = http.get(
                obligation_path(self.site, self.year), headers=self._headers(http, f"curator.{self.site}")
            )
        except httpx.HTTPError:
            return None
        return str(response.json()["status"]) if response.status_code == 200 else None

    def act(self, http: httpx.Client, status: str, n: int) -> None:
        path = obligation_path(self.site, self.year)
        if status == "under_review":
            sent = Sent("return", f"Возврат {self.site} №{n}", None)
            login, url = f"curator.{self.site}", path + "/decisions"
            body: dict[str, Any] = {"action": "return", "comment": sent.text}
        else:
            sent = Sent("submit", f"Редакция {self.site} №{n}", None)
            login, url = f"director.{self.site}", path + "/submissions"
            body = {"items": self.items, "note": sent.text, "data": package_data(self.year)}
        self.sent.append(sent)
        try:
            response = http.post(url, json=body, headers=self._headers(http, login))
        except httpx.HTTPError:
            return
        sent.status = response.status_code
        if response.status_code >= 400:
            sent.code = str(response.json().get("code", ""))

    def run(self, stop: threading.Event) -> None:
        with httpx.Client(base_url=self.api_url, timeout=180) as http:
            n = 0
            while not stop.is_set():
                status = self.status(http)
                if status is None:
                    time.sleep(0.2)
                    continue
                n += 1
                self.act(http, status, n)


def marked(stack: Stack, site: str, year: int) -> list[str]:
    """The texts of the commands the log holds for the site's package, in order."""
    rows = stack.query(
        "SELECT coalesce(data->>'note', data->>'comment') FROM events WHERE stream_id = %s "
        "AND event_type IN ('DocumentsSubmitted', 'SubmissionReturned') ORDER BY stream_version",
        f"cycle:{site}:{year}:package:annual",
    )
    return [row[0] for row in rows]


def settle(stack: Stack, year: int) -> None:
    """Until the workflows of ``year``'s cycles have recorded what they owe: none of them has an activity or a
    workflow task pending (an append retried after a crash waits for its activity's timeout, 10 s, and a backoff
    between attempts), and no event has been appended for a second. Waiting for four quiet seconds instead cost
    every settling four seconds, and a backoff longer than that would still have slipped through."""
    deadline = time.monotonic() + 120
    while True:
        stack.wait_until_quiet(quiet=1, timeout=120)
        busy = asyncio.run(_busy_workflows(stack.temporal_address, year))
        if not busy:
            return
        assert time.monotonic() < deadline, f"still recording: {busy}"


async def _busy_workflows(address: str, year: int) -> list[str]:
    """The running workflows of a year's cycles (ids ``cycle:{site}:{year}…``, as ``innocycle verify`` lists them)
    with an activity or a workflow task pending."""
    client = await TemporalClient.connect(address)
    busy = []
    for workflow_id in await running_stream_workflows(client):
        if workflow_id.split(":")[2:3] != [str(year)]:
            continue
        described = (await client.get_workflow_handle(workflow_id).describe()).raw_description
        if described.pending_activities or described.HasField("pending_workflow_task"):
            busy.append(workflow_id)
    return busy


def under_load(faulty: FaultStack, year: int, fault: Callable[[], None]) -> list[Client]:
    api = Api(faulty.stack.api_url)
    clients = []
    for site in SITES:
        assert api.open_cycle(site, year).status_code == 201
        clients.append(Client(faulty.stack.api_url, site, year, api.upload_package(site, year, f"director.{site}")))
    api.close()
    stop = threading.Event()
    threads = [threading.Thread(target=c.run, args=(stop,)) for c in clients]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2 + random.random())
        fault()
        time.sleep(3)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=240)
    assert not any(thread.is_alive() for thread in threads)
    settle(faulty.stack, year)
    return clients


def nothing_lost_or_doubled(faulty: FaultStack, clients: list[Client]) -> None:
    answers: dict[str, int] = {}
    for sent in (s for c in clients for s in c.sent):
        key = f"{sent.status} {sent.code}".strip() if sent.status else "no answer"
        answers[key] = answers.get(key, 0) + 1
    print(f"commands sent under the fault, by answer: {answers}")  # shown with pytest -s
    for client in clients:
        logged = marked(faulty.stack, client.site, client.year)
        assert len(logged) == len(set(logged)), f"{client.site}: a command recorded twice: {logged}"
        acknowledged = [s.text for s in client.sent if s.status in (200, 202)]
        assert acknowledged, f"{client.site}: no command went through: {client.sent}"
        lost = [text for text in acknowledged if text not in logged]
        assert not lost, f"{client.site}: acknowledged but not recorded: {lost}"
        # A command answered with an error took full effect or none, and only where nobody could know says so.
        for sent in client.sent:
            if sent.status is not None and sent.status >= 400 and sent.text in logged:
                assert sent.code in ("command_outcome_unknown", "database_unavailable"), sent


def in_line_and_working(faulty: FaultStack, clients: list[Client]) -> None:
    checked = verify(faulty.stack)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 differences" in checked.stdout
    with httpx.Client(base_url=faulty.stack.api_url, timeout=120) as http:
        for client in clients:
            status = client.status(http)
            assert status in ("under_review", "returned", "open"), (client.site, status)
            client.act(http, status, 10_000)
            assert client.sent[-1].status == 200, (client.site, client.sent[-1])
    assert "0 differences" in verify(faulty.stack).stdout


def hold_appends(stack: Stack, while_held: Callable[[], None] = lambda: None) -> psycopg.Connection[Any]:
    """Hold the events table, do ``while_held`` (send the command whose append is to wait), and return once an
    append waits inside the API; returns the holding connection. The table is held first: a command sent before
    could be recorded before the hold, and nothing would come to wait."""
    blocker = psycopg.connect(stack.database_url.replace("postgresql+psycopg://", "postgresql://"))
    blocker.execute("LOCK TABLE events IN SHARE MODE")
    while_held()
    waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s"
    deadline = time.monotonic() + 30
    while stack.query(waiting, "INSERT INTO events%")[0][0] == 0:
        assert time.monotonic() < deadline, "no append came to wait"
        time.sleep(0.02)
    return blocker
