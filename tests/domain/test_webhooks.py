"""Webhooks without I/O (``domain.webhooks``): which URLs are allowed, what a secret looks like, and when an endpoint
is switched off or on."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from domain.people import FieldRefusal
from domain.webhooks import (
    KIND_OF_EVENT,
    EndpointState,
    EventKind,
    check_secret,
    check_url,
    disable_by_hand,
    disable_for_failures,
    enable,
    register,
    secret_of,
)

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "https://127.5.6.7/hook?x=1",
        "http://localhost/hook",
        "http://[::1]:9000/",
        "https://HOOKS.example.ru/innocycle",
    ],
)
def test_loopback_and_configured_hosts_are_allowed(url: str) -> None:
    assert check_url(f"  {url} ", ["hooks.example.ru"]) == url


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://example.com/hook", "не входит в список разрешенных"),
        ("https://hooks.example.ru.evil.com/", "не входит в список разрешенных"),
        ("http://10.0.0.1/hook", "не входит в список разрешенных"),
        ("ftp://127.0.0.1/hook", "http:// или https://"),
        ("127.0.0.1/hook", "http:// или https://"),
        ("http:///hook", "не указан сервер"),
        ("http://a:b@127.0.0.1/", "логин и пароль"),
        ("http://127.0.0.1/#x", "после «#»"),
        ("http://127.0.0.1:99999/", "указан неверно"),
        ("", "Укажите адрес"),
    ],
)
def test_other_urls_are_refused_with_the_field_and_a_russian_reason(url: str, words: str) -> None:
    with pytest.raises(FieldRefusal) as refused:
        check_url(url, ["hooks.example.ru"])
    assert refused.value.field == "url"
    assert words in refused.value.message


def test_a_secret_is_whsec_and_base64_of_24_to_64_bytes() -> None:
    made = secret_of(b"\x01" * 32)
    assert made.startswith("whsec_") and base64.b64decode(made[6:]) == b"\x01" * 32
    assert check_secret(made) == made
    for bad, words in (
        ("abc", "whsec_"),
        ("whsec_***", "base64"),
        ("whsec_" + base64.b64encode(b"x" * 23).decode(), "от 24 до 64 байт"),
        ("whsec_" + base64.b64encode(b"x" * 65).decode(), "от 24 до 64 байт"),
    ):
        with pytest.raises(FieldRefusal) as refused:
            check_secret(bad)
        assert refused.value.field == "secret" and words in refused.value.message


def test_registration_keeps_the_kinds_in_their_order_and_wants_one_at_least() -> None:
    event = register(
        "wh_1", "86", "http://127.0.0.1/h", [EventKind.CONCLUSION, EventKind.RETURN], " АИС ", "u1", "Иванова", [], NOW
    )
    assert event.kinds == (EventKind.RETURN, EventKind.CONCLUSION)
    assert event.description == "АИС"
    with pytest.raises(FieldRefusal) as refused:
        register("wh_1", "86", "http://127.0.0.1/h", [], "", "u1", "Иванова", [], NOW)
    assert refused.value.field == "kinds"


def test_every_kind_has_events_that_cause_it() -> None:
    assert set(KIND_OF_EVENT.values()) == set(EventKind)


def test_an_endpoint_failing_for_a_day_is_switched_off_once() -> None:
    on = EndpointState(endpoint_id="wh_1", enabled=True)
    day = timedelta(days=1)
    assert disable_for_failures(on, NOW - timedelta(hours=23), 12, day, NOW) is None
    off = disable_for_failures(on, NOW - day, 13, day, NOW)
    assert off is not None and off.automatic and off.failures == 13
    assert "07.12.2026" not in off.reason and "06.12.2026 09:00" in off.reason
    switched = EndpointState(endpoint_id="wh_1", enabled=False)
    assert disable_for_failures(switched, NOW - day, 13, day, NOW) is None
    assert disable_by_hand(switched, "u1", "Иванова", NOW) is None
    by_hand = disable_by_hand(on, "u1", "Иванова", NOW)
    assert by_hand is not None and not by_hand.automatic and "Иванова" in by_hand.reason
    assert enable(on, "u1", "Иванова", NOW) is None
    again = enable(switched, "u1", "Иванова", NOW)
    assert again is not None and again.by_name == "Иванова"
