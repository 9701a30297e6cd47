"""The event store through its internal endpoint: expected versions, idempotency by event id, one global order."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.support.stack import Stack


@pytest.fixture
def internal(dev_stack: Stack) -> httpx.Client:
    return httpx.Client(
        base_url=dev_stack.api_url,
        headers={"Authorization": f"Bearer {dev_stack.env['INNOCYCLE_SERVICE_TOKEN']}"},
        timeout=30,
    )


def _events(count: int, kind: str = "TestNoted") -> list[dict[str, Any]]:
    return [{"event_id": str(uuid.uuid4()), "event_type": kind, "data": {"n": n}} for n in range(count)]


def _append(client: httpx.Client, stream: str, expected: int, events: list[dict[str, Any]]) -> httpx.Response:
    return client.post(f"/internal/streams/{stream}/events", json={"expected_version": expected, "events": events})


def _stream() -> str:
    return f"test:{uuid.uuid4()}"


def test_append_numbers_versions_and_positions(internal: httpx.Client, dev_stack: Stack) -> None:
    stream = _stream()
    first = _append(internal, stream, 0, _events(2))
    second = _append(internal, stream, 2, _events(1))
    assert first.status_code == second.status_code == 200
    positions = first.json()["positions"] + second.json()["positions"]
    assert [p["stream_version"] for p in positions] == [1, 2, 3]
    globals_ = [p["global_position"] for p in positions]
    assert globals_ == sorted(globals_) and len(set(globals_)) == 3
    stored = dev_stack.query("SELECT data->>'n' FROM events WHERE stream_id = %s ORDER BY stream_version", stream)
    assert [row[0] for row in stored] == ["0", "1", "0"]


def test_a_stale_writer_gets_a_conflict_and_writes_nothing(internal: httpx.Client, dev_stack: Stack) -> None:
    stream = _stream()
    assert _append(internal, stream, 0, _events(1)).status_code == 200
    stale = _append(internal, stream, 0, _events(1))
    assert stale.status_code == 409
    assert stale.json()["code"] == "stream_conflict"
    ahead = _append(internal, stream, 5, _events(1))
    assert ahead.status_code == 409
    assert dev_stack.event_count(stream) == 1


def test_the_same_event_ids_again_return_the_stored_positions_and_write_nothing(
    internal: httpx.Client, dev_stack: Stack
) -> None:
    stream = _stream()
    events = _events(3)
    first = _append(internal, stream, 0, events)
    again = _append(internal, stream, 0, events)
    assert again.status_code == 200
    assert again.json()["positions"] == first.json()["positions"]
    assert again.json()["duplicate"] is True and first.json()["duplicate"] is False
    # Even after the stream moved on, a late retry of the first append is recognised.
    assert _append(internal, stream, 3, _events(1)).status_code == 200
    late = _append(internal, stream, 0, events)
    assert late.status_code == 200 and late.json()["positions"] == first.json()["positions"]
    assert dev_stack.event_count(stream) == 4


def test_concurrent_writers_of_one_version_one_wins(internal: httpx.Client, dev_stack: Stack) -> None:
    stream = _stream()
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: _append(internal, stream, 0, _events(2)), range(8)))
    assert sorted(r.status_code for r in responses) == [200] + [409] * 7
    assert dev_stack.event_count(stream) == 2


def test_concurrent_retries_of_one_append_store_one_copy(internal: httpx.Client, dev_stack: Stack) -> None:
    stream = _stream()
    events = _events(2)
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: _append(internal, stream, 0, events), range(8)))
    assert {r.status_code for r in responses} == {200}
    assert len({str(r.json()["positions"]) for r in responses}) == 1
    assert dev_stack.event_count(stream) == 2


def test_malformed_appends_are_refused(internal: httpx.Client, dev_stack: Stack) -> None:
    stream = _stream()
    stored = _events(1)
    assert _append(internal, stream, 0, stored).status_code == 200
    mixed = _append(internal, stream, 1, [*stored, *_events(1)])
    assert mixed.status_code == 422 and mixed.json()["code"] == "invalid_append"
    broken = _append(internal, stream, 1, _events(1, kind="DocumentsSubmitted"))  # a known type with wrong data
    assert broken.status_code == 422
    assert _append(internal, stream, 1, []).status_code == 422
    assert dev_stack.event_count(stream) == 1


def test_the_internal_endpoint_needs_the_service_token(dev_stack: Stack) -> None:
    stream = _stream()
    body = {"expected_version": 0, "events": _events(1)}
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = httpx.post(f"{dev_stack.api_url}/internal/streams/{stream}/events", json=body, headers=headers)
        assert response.status_code == 401
    assert dev_stack.event_count(stream) == 0


def test_the_same_event_id_with_another_content_is_refused_loudly(internal: httpx.Client, dev_stack: Stack) -> None:
    """A workflow that lost a workflow task decides again and may draw the same event id for another event (the
    returned package with a new comment): «already have it» would swallow an acknowledged command."""
    stream = _stream()
    event_id = str(uuid.uuid4())
    first = {"event_id": event_id, "event_type": "TestNoted", "data": {"comment": "Нет подписи директора"}}
    assert _append(internal, stream, 0, [first]).status_code == 200
    second = {**first, "data": {"comment": "Раздел III без сроков"}}
    refused = _append(internal, stream, 0, [second])
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "event_conflict"
    # The same id at another version is no retry either.
    assert _append(internal, stream, 1, [first]).status_code == 409
    stored = dev_stack.query("SELECT data->>'comment' FROM events WHERE stream_id = %s", stream)
    assert stored == [("Нет подписи директора",)]
    # The very same event again is a retry: answered from the store.
    again = _append(internal, stream, 0, [first])
    assert again.status_code == 200 and again.json()["duplicate"] is True


def test_a_stream_is_read_after_a_version(internal: httpx.Client) -> None:
    stream = _stream()
    events = _events(3)
    assert _append(internal, stream, 0, events).status_code == 200
    read = internal.get(f"/internal/streams/{stream}/events", params={"after": 1})
    assert read.status_code == 200
    assert [(e["stream_version"], e["event_id"]) for e in read.json()] == [
        (2, events[1]["event_id"]),
        (3, events[2]["event_id"]),
    ]
