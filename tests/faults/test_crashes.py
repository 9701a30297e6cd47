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
from tests.support.client import Api, until
from tests.support.stack import Stack

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


def _copy_site(stack: Stack, site_id: str) -> None:
    """A support platform of its own (a copy of 1.2.2's card), so that closing its cycles touches no other test."""
    stack.query(
        "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
        "regulation_id) SELECT %s, region_id, institution_id, direction_id, 'support_platform', %s, "
        "polozhenie, citation, regulation_id FROM sites WHERE id = '1.2.2' ON CONFLICT DO NOTHING RETURNING 1",
        site_id,
        f"OP-{site_id}",
    )


def test_what_is_saved_while_temporal_is_down_reaches_the_cycles_once_it_is_back(faulty: FaultStack) -> None:
    """The Department revokes a site's status and the administrator corrects the calendar while the Temporal server
    is down. Both are saved and answered (before the signals outbox: stored, then a 503, and the cycles never
    told). Once the server is back, the revoked site's cycle closes with the order's reason and the other cycle's
    package moves its due date off the new holiday, without anybody saving again."""
    year = 2058
    api = Api(faulty.stack.api_url)
    for site in ("9.9.2", "9.9.3"):
        _copy_site(faulty.stack, site)
        assert api.open_cycle(site, year).status_code == 201
    package = api.obligation("9.9.3", year, "department")
    assert (package["due"]["nominal"], package["due"]["effective"]) == ("2057-12-20", "2057-12-20")
    settle(faulty.stack, year)

    faulty.temporal.kill()
    order = {"order": "приказ Депсоцразвития Югры от 01.12.2057 № 901-р", "effective_on": "2057-12-01"}
    revoked = api.post("department", "/api/sites/9.9.2/revocation", json=order)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["closing"] == [f"cycle:9.9.2:{year}"]
    holiday = {"working": False, "reason": "перенос выходного дня", "source": "Постановление (учебный пример) № 7"}
    corrected = api.http.put("/api/calendar-overrides/2057-12-20", json=holiday, headers=api.headers("admin"))
    assert corrected.status_code == 200, corrected.text
    waiting = faulty.stack.query(
        "SELECT workflow_id, signal FROM workflow_signals WHERE sent_at IS NULL AND workflow_id LIKE %s "
        "ORDER BY signal_id",
        f"%:{year}",
    )
    assert waiting == [(f"cycle:9.9.2:{year}", "revoke"), (f"cycle:9.9.2:{year}", "calendar_updated"),
                       (f"cycle:9.9.3:{year}", "calendar_updated")]  # fmt: skip
    assert api.get("department", f"/api/sites/9.9.2/cycles/{year}").json()["status"] == "active"

    faulty.temporal.start()

    def revoked_cycle() -> tuple[str, str | None]:
        cycle = api.get("department", f"/api/sites/9.9.2/cycles/{year}").json()
        return cycle["status"], cycle["closed_reason"]

    closed = until(revoked_cycle, lambda cycle: cycle[0] == "closed", seconds=120)
    assert closed == ("closed", f"Статус площадки прекращен: {order['order']}")
    moved = until(lambda: api.obligation("9.9.3", year, "department")["due"],
                  lambda due: due["effective"] == "2057-12-21", seconds=120)  # fmt: skip
    assert moved["nominal"] == "2057-12-20"
    assert faulty.stack.query(
        "SELECT outcome FROM workflow_signals WHERE workflow_id LIKE %s ORDER BY signal_id", f"%:{year}"
    ) == [("delivered",), ("delivered",), ("delivered",)]
    settle(faulty.stack, year)
    checked = verify(faulty.stack)  # a replay of the log writes no signal again
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert faulty.stack.query("SELECT count(*) FROM workflow_signals WHERE sent_at IS NULL") == [(0,)]
    removed = api.http.delete("/api/calendar-overrides/2057-12-20", headers=api.headers("admin"))
    assert removed.status_code == 204
    api.close()
