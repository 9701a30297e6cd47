"""Webhooks end to end (issue 15, §5): endpoints registered through the REST API, deliveries written with the events
that cause them, and the real sender process (``innocycle webhook-sender``, with short waits) delivering them to a
real HTTP receiver on loopback that checks each signature itself (``tests/support/webhook_receiver.py``).

What is shown: a return reaches its endpoint once, signed, with what happened, the site and the link; a receiver
down for a while gets the delivery on retry, once, with the same webhook-id; a URL that keeps failing is switched
off and its owner told, and switched on again gets what waited; a delivery replayed by hand comes again with the
same webhook-id; URLs, secrets and kinds refused with the field and a Russian reason."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Api, until
from tests.support.stack import ManagedProcess, Stack
from tests.support.webhook_receiver import Receiver

SITE = "1.1.10"
OWNER = "department"
PUBLIC_URL = "http://innocycle.test"
DISABLE_AFTER = 4.0
SENDER_SETTINGS = {
    "INNOCYCLE_PUBLIC_URL": PUBLIC_URL,
    "INNOCYCLE_WEBHOOK_POLL_SECONDS": "0.1",
    "INNOCYCLE_WEBHOOK_RETRY_SECONDS": "0.3",
    "INNOCYCLE_WEBHOOK_RETRY_MAX_SECONDS": "1",
    "INNOCYCLE_WEBHOOK_RETRY_WINDOW_SECONDS": "60",
    "INNOCYCLE_WEBHOOK_DISABLE_AFTER_SECONDS": str(DISABLE_AFTER),
    "INNOCYCLE_WEBHOOK_TIMEOUT_SECONDS": "3",
}


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def sender(dev_stack: Stack, work_dir: Path) -> Iterator[ManagedProcess]:
    process = ManagedProcess(
        ["webhook-sender"], {**dev_stack.env, **SENDER_SETTINGS}, work_dir / "logs" / "webhook-sender.log"
    )
    process.start()
    yield process
    assert process.alive, process.log_tail()
    process.stop()


@pytest.fixture(scope="module")
def cycle(dev_stack: Stack) -> Iterator[int]:
    """A cycle of the site, its package sent: each ``returned`` sends it back once (one SubmissionReturned)."""
    api = Api(dev_stack.api_url)
    year = 2059  # a year no other test opens (the counted ones begin at 2060): no deadline of it comes near
    assert api.open_cycle(SITE, year).status_code == 201
    yield year
    api.close()


def register(api: Api, url: str, kinds: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    body = {"region_id": "86", "url": url, "kinds": kinds or ["return"], **extra}
    response = api.post(OWNER, "/api/webhooks", json=body)
    assert response.status_code == 201, response.text
    endpoint: dict[str, Any] = response.json()
    return endpoint


def returned(api: Api, year: int) -> None:
    """Send the package and have the curator return it: one return in the region."""
    items = api.upload_package(SITE, year, f"responsible.{SITE}")
    sent = api.submit(SITE, year, f"responsible.{SITE}", items)
    assert sent.status_code == 200, sent.text
    back = api.decide(SITE, year, f"curator.{SITE}", "return", "Вебхук: проверка возврата")
    assert back.status_code == 200, back.text


def deliveries(api: Api, endpoint_id: str) -> list[dict[str, Any]]:
    response = api.get(OWNER, f"/api/webhooks/{endpoint_id}/deliveries")
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def settled(api: Api, endpoint_id: str, state: str, seconds: float = 30) -> dict[str, Any]:
    found = until(
        lambda: deliveries(api, endpoint_id), lambda items: bool(items) and items[0]["state"] == state, seconds
    )
    newest: dict[str, Any] = found[0]
    return newest


def test_a_return_reaches_its_endpoint_once_signed_with_the_site_and_the_link(
    api: Api, receiver: Receiver, sender: ManagedProcess, cycle: int
) -> None:
    endpoint = register(api, receiver.url("/signed"), description="АИС Департамента")
    secret = endpoint["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32
    receiver.secrets["/signed"] = secret
    shown = api.get(OWNER, f"/api/webhooks/{endpoint['endpoint_id']}").json()
    assert "secret" not in shown  # shown once, on registration
    assert shown["enabled"] and shown["kinds"] == ["return"] and shown["owner"]["full_name"]

    returned(api, cycle)
    delivery = settled(api, endpoint["endpoint_id"], "delivered")
    got = receiver.at("/signed")
    assert len(got) == 1, [r.headers for r in got]
    request = got[0]
    assert request.valid, request.headers
    assert request.webhook_id == delivery["delivery_id"] and request.webhook_id.startswith("msg_")
    assert request.headers["content-type"].startswith("application/json")
    body = request.json
    assert body["type"] == "submission.returned"
    assert body["timestamp"]
    data = body["data"]
    assert data["kind"] == "return" and data["site"] == {"id": SITE, "region_id": "86"}
    assert data["obligation"]["id"] == f"cycle:{SITE}:{cycle}:package:annual"
    assert data["comment"] == "Вебхук: проверка возврата"
    assert data["link"] == f"{PUBLIC_URL}/sites/{SITE}/cycles/{cycle}/obligations/package/annual"
    assert "возвращено на доработку" in data["what"]

    assert delivery["attempts"] == 1 and delivery["type"] == "submission.returned"
    [attempt] = delivery["attempt_log"]
    assert attempt["status_code"] == 200 and attempt["response"] == "принято" and attempt["error"] is None
    detail = api.get(OWNER, f"/api/webhooks/{endpoint['endpoint_id']}/deliveries/{delivery['delivery_id']}")
    assert detail.status_code == 200 and detail.json()["payload"]["data"]["event_id"] == data["event_id"]


def test_a_given_secret_signs_and_a_receiver_down_for_a_while_gets_the_delivery_once_on_retry(
    api: Api, sender: ManagedProcess, cycle: int
) -> None:
    later = Receiver()  # its port, nobody listening on it yet
    secret = "whsec_" + base64.b64encode(b"k" * 24).decode()
    endpoint = register(api, later.url("/down"), secret=secret)
    assert endpoint["secret"] == secret
    later.secrets["/down"] = secret

    returned(api, cycle)
    waiting = until(
        lambda: deliveries(api, endpoint["endpoint_id"]),
        lambda items: bool(items) and items[0]["attempts"] >= 2,
        30,
    )[0]
    assert waiting["state"] == "pending" and waiting["last_status"] is None
    assert all(a["status_code"] is None and a["error"] for a in waiting["attempt_log"])  # refused: nobody listens
    later.start()
    try:
        delivery = settled(api, endpoint["endpoint_id"], "delivered")
        got = later.at("/down")
        assert [r.webhook_id for r in got] == [waiting["delivery_id"]]  # once, with the same webhook-id
        assert got[0].valid
        assert delivery["attempt_log"][0]["status_code"] == 200
        assert delivery["attempts"] == len(delivery["attempt_log"]) >= 3
        healthy = api.get(OWNER, f"/api/webhooks/{endpoint['endpoint_id']}").json()
        assert healthy["enabled"] and healthy["failing_since"] is None and healthy["failures"] == 0
    finally:
        later.stop()


def test_a_url_that_keeps_failing_is_switched_off_its_owner_told_and_on_again_gets_what_waited(
    api: Api, receiver: Receiver, sender: ManagedProcess, cycle: int
) -> None:
    endpoint = register(api, receiver.url("/failing"))
    receiver.secrets["/failing"] = endpoint["secret"]
    receiver.answers["/failing"] = 500
    endpoint_id = endpoint["endpoint_id"]
    returned(api, cycle)

    off = until(lambda: api.get(OWNER, f"/api/webhooks/{endpoint_id}").json(), lambda e: not e["enabled"], 30)
    assert off["disabled_automatically"] and "не удавались" in off["disabled_reason"]
    assert off["failures"] >= 2
    attempts = deliveries(api, endpoint_id)[0]["attempt_log"]
    assert {a["status_code"] for a in attempts} == {500} and attempts[0]["response"] == "ошибка приемника"
    told = api.get(OWNER, "/api/notifications").json()["items"]
    notice = next(n for n in told if n["kind"] == "webhook" and n["link"] == f"/webhooks/{endpoint_id}")
    assert notice["subject"] == f"[innocycle] Вебхук отключен: {receiver.url('/failing')}"
    assert "не удавались" in notice["comment"]

    # switched off, it takes no attempt: what happens meanwhile waits for it
    tried = len(receiver.at("/failing"))
    refused = api.post(
        OWNER, f"/api/webhooks/{endpoint_id}/deliveries/{deliveries(api, endpoint_id)[0]['delivery_id']}/replay"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "webhook_disabled"
    returned(api, cycle)
    until(lambda: deliveries(api, endpoint_id), lambda items: len(items) == 2)
    assert len(receiver.at("/failing")) == tried

    receiver.answers["/failing"] = 200
    on = api.post(OWNER, f"/api/webhooks/{endpoint_id}/enable")
    assert on.status_code == 200 and on.json()["enabled"] and on.json()["failures"] == 0
    until(lambda: deliveries(api, endpoint_id), lambda items: all(d["state"] == "delivered" for d in items), 30)
    ids = {r.webhook_id for r in receiver.at("/failing") if r.answered == 200}
    assert ids == {d["delivery_id"] for d in deliveries(api, endpoint_id)}


def test_a_delivery_replayed_by_hand_comes_again_with_the_same_webhook_id(
    api: Api, receiver: Receiver, sender: ManagedProcess, cycle: int
) -> None:
    endpoint = register(api, receiver.url("/replay"))
    receiver.secrets["/replay"] = endpoint["secret"]
    endpoint_id = endpoint["endpoint_id"]
    returned(api, cycle)
    delivery = settled(api, endpoint_id, "delivered")

    replayed = api.post(OWNER, f"/api/webhooks/{endpoint_id}/deliveries/{delivery['delivery_id']}/replay")
    assert replayed.status_code == 202, replayed.text
    assert replayed.json()["delivery_id"] == delivery["delivery_id"]
    again = until(
        lambda: deliveries(api, endpoint_id)[0], lambda d: d["attempts"] == 2 and d["state"] == "delivered", 30
    )
    assert [r.webhook_id for r in receiver.at("/replay")] == [delivery["delivery_id"]] * 2
    assert all(r.valid for r in receiver.at("/replay"))
    newest, first = again["attempt_log"]
    assert newest["number"] == 2 and newest["replay_by"] and first["replay_by"] is None
    missing = api.post(OWNER, f"/api/webhooks/{endpoint_id}/deliveries/msg_0000/replay")
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"url": "https://example.com/hook"}, "url", "не входит в список разрешенных"),
        ({"url": "ftp://127.0.0.1/hook"}, "url", "http:// или https://"),
        ({"url": "http://user:pass@127.0.0.1/hook"}, "url", "логин и пароль"),
        ({"url": "не адрес"}, "url", "http:// или https://"),
        ({"kinds": []}, "kinds", "хотя бы один вид"),
        ({"secret": "secret"}, "secret", "whsec_"),
        ({"secret": "whsec_" + base64.b64encode(b"short").decode()}, "secret", "от 24 до 64 байт"),
    ],
)
def test_a_url_secret_or_kinds_refused_with_the_field_and_a_reason(
    api: Api, body: dict[str, Any], field: str, words: str
) -> None:
    full = {"region_id": "86", "url": "http://127.0.0.1:9/hook", "kinds": ["return"], **body}
    response = api.post(OWNER, "/api/webhooks", json=full)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert words in problem["detail"], problem
    assert [e["field"] for e in problem["errors"]] == [field]


def test_who_manages_webhooks(api: Api) -> None:
    body = {"region_id": "86", "url": "http://localhost:9/who", "kinds": ["escalation", "approval"]}
    for login in ("curator.1.1.10", "director.1.1.10", "rcrso"):
        refused = api.post(login, "/api/webhooks", json=body)
        assert refused.status_code == 403, refused.text
        assert api.get(login, "/api/webhooks").status_code == 403
    unknown = api.post("admin", "/api/webhooks", json={**body, "region_id": "99"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "region_not_found"
    made = api.post("admin", "/api/webhooks", json=body)
    assert made.status_code == 201, made.text
    assert made.json()["kinds"] == ["escalation", "approval"]
    endpoint_id = made.json()["endpoint_id"]
    assert endpoint_id in {e["endpoint_id"] for e in api.get(OWNER, "/api/webhooks").json()}
    off = api.post(OWNER, f"/api/webhooks/{endpoint_id}/disable")
    assert off.status_code == 200 and not off.json()["enabled"] and not off.json()["disabled_automatically"]
    assert api.get("admin", f"/api/webhooks/wh_{'0' * 16}").status_code == 404
