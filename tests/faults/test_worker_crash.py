"""Kill the worker between a submission and its recording: after a restart the event is there exactly once and
the director's request still gets its answer."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import psycopg
import pytest

from innocycle.demo_files import package_data
from tests.support.client import Api
from tests.support.stack import Stack

pytestmark = pytest.mark.slow


def _wait(predicate: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_worker_killed_mid_append_records_the_submission_exactly_once(api: Api, dev_stack: Stack) -> None:
    site, year = "1.1.14", 2033
    assert api.open_cycle(site, year).status_code == 201
    items = api.upload_package(site, year, f"director.{site}")
    stream = f"cycle:{site}:{year}:package:annual"
    headers = api.headers(f"director.{site}")
    dev_stack.wait_until_quiet()  # so the only append to block is ours

    # Hold the events table so the append the worker's activity makes has to wait inside the API.
    blocker = psycopg.connect(dev_stack.database_url.replace("postgresql+psycopg://", "postgresql://"))
    blocker.execute("LOCK TABLE events IN SHARE MODE")
    result: dict[str, httpx.Response] = {}

    def submit() -> None:
        result["response"] = httpx.post(
            f"{dev_stack.api_url}/api/sites/{site}/cycles/{year}/obligations/package/annual/submissions",
            json={"items": items, "note": "Отправлено до сбоя", "data": package_data(year)},
            headers=headers,
            timeout=120,
        )

    request = threading.Thread(target=submit)
    request.start()
    try:
        blocked = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s"
        _wait(
            lambda: dev_stack.query(blocked, "INSERT INTO events%")[0][0] == 1 or "response" in result,
            30,
            "the append to block",
        )
        assert "response" not in result, result["response"].text
        dev_stack.worker.kill()
    finally:
        blocker.rollback()  # the API's pending append now commits, though the worker that asked is gone
        blocker.close()

    submitted_count = "SELECT count(*) FROM events WHERE stream_id = %s AND event_type = 'DocumentsSubmitted'"
    _wait(lambda: dev_stack.query(submitted_count, stream)[0][0] == 1, 10, "the orphaned append to commit")
    dev_stack.worker.start()  # the activity times out, retries with the same event ids, and gets a duplicate
    request.join(timeout=120)
    assert not request.is_alive()

    response = result["response"]
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "under_review"
    submitted = dev_stack.query(
        "SELECT count(*) FROM events WHERE stream_id = %s AND event_type = 'DocumentsSubmitted'", stream
    )
    assert submitted[0][0] == 1
    assert [s["note"] for s in api.obligation(site, year, f"curator.{site}")["submissions"]] == ["Отправлено до сбоя"]
    # The workflow carries on from the right version: the curator's decision is recorded after it.
    approved = api.decide(site, year, f"curator.{site}", "approve")
    assert approved.status_code == 200, approved.text
    versions = dev_stack.query("SELECT stream_version, event_type FROM events WHERE stream_id = %s ORDER BY 1", stream)
    assert versions == [
        (1, "ObligationOpened"),
        (2, "DocumentsSubmitted"),
        (3, "ReviewDeadlineSet"),  # the curator's term (D30), set once with the submission
        (4, "SubmissionApproved"),
    ]
