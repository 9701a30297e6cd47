"""Crashes of Temporal and of the worker with commands in flight: kill -9 of the Temporal server and of the worker
under six clients' load (``tests/faults/crashes.py`` says what holds after each), of the Temporal server while a
command's events are on their way to the store, and of the Temporal server after it accepted a command whose events
wait, so that nobody can know yet whether it will be recorded. The API's and PostgreSQL's crashes are in
``test_api_and_store_crashes.py``."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from tests.faults.crashes import (
    FaultStack,
    hold_appends,
    in_line_and_working,
    marked,
    nothing_lost_or_doubled,
    settle,
    under_load,
)
from tests.faults.test_stream_ahead import verify
from tests.support.client import Api

pytestmark = pytest.mark.slow


def test_temporal_server_killed_under_load(faulty: FaultStack) -> None:
    def fault() -> None:
        faulty.temporal.kill()
        time.sleep(1)
        faulty.temporal.start()

    clients = under_load(faulty, 2051, fault)
    nothing_lost_or_doubled(faulty, clients)
    in_line_and_working(faulty, clients)


def test_worker_killed_under_load(faulty: FaultStack) -> None:
    def fault() -> None:
        faulty.stack.worker.kill()
        time.sleep(1)
        faulty.stack.worker.start()

    clients = under_load(faulty, 2052, fault)
    nothing_lost_or_doubled(faulty, clients)
    in_line_and_working(faulty, clients)


def test_temporal_killed_while_a_command_is_being_appended(faulty: FaultStack) -> None:
    """The window of the old design: the server dies while a command's events are on their way to the store. The
    command is either durable in the workflow's history (then its append completes, and the director is answered)
    or it never reached the store; the workflow and its stream agree either way."""
    site, year = "1.1.10", 2055
    api = Api(faulty.stack.api_url)
    assert api.open_cycle(site, year).status_code == 201
    items = api.upload_package(site, year, f"director.{site}")
    settle(faulty.stack, year)
    answer: dict[str, httpx.Response] = {}

    def submit() -> None:
        answer["response"] = api.submit(site, year, f"director.{site}", items, note="Отправлено во время сбоя")

    request = threading.Thread(target=submit)
    blocker = hold_appends(faulty.stack, request.start)
    faulty.temporal.kill()
    blocker.rollback()  # the append commits while the server is dead
    blocker.close()
    request.join(timeout=120)
    faulty.temporal.start()
    settle(faulty.stack, year)

    response = answer["response"]
    assert response.status_code == 200, response.text  # answered once its events landed: it cannot be lost now
    assert marked(faulty.stack, site, year) == ["Отправлено во время сбоя"]
    checked = verify(faulty.stack)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    returned = api.decide(site, year, f"curator.{site}", "return", "После сбоя")
    assert returned.status_code == 200, returned.text
    assert marked(faulty.stack, site, year) == ["Отправлено во время сбоя", "После сбоя"]
    api.close()


def test_a_command_whose_outcome_nobody_can_know_says_so_and_the_next_read_is_true(faulty: FaultStack) -> None:
    """The server dies after accepting a command and stays down: the API cannot tell whether the command will be
    recorded, and says so in Russian. Once the server is back, the command is recorded and every read shows it."""
    site, year = "1.1.11", 2056
    api = Api(faulty.stack.api_url)
    assert api.open_cycle(site, year).status_code == 201
    items = api.upload_package(site, year, f"director.{site}")
    settle(faulty.stack, year)
    answer: dict[str, httpx.Response] = {}

    def submit() -> None:
        answer["response"] = api.submit(site, year, f"director.{site}", items, note="Отправлено перед отказом")

    request = threading.Thread(target=submit)
    # accepted by the workflow, its append waits: the answer cannot come yet
    blocker = hold_appends(faulty.stack, request.start)
    faulty.temporal.kill()
    request.join(timeout=120)
    response = answer["response"]
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "command_outcome_unknown"
    assert "неизвестно, записана ли она" in response.json()["detail"]
    assert "проверьте её текущее состояние" in response.json()["detail"]

    blocker.rollback()
    blocker.close()
    faulty.temporal.start()
    settle(faulty.stack, year)
    assert marked(faulty.stack, site, year) == ["Отправлено перед отказом"]
    assert api.obligation(site, year, f"curator.{site}")["status"] == "under_review"
    checked = verify(faulty.stack)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    api.close()
