"""Webhooks (вебхуки): a region's or the Department's systems told of what happens, by HTTP, as Standard Webhooks
(webhook-id, webhook-timestamp, webhook-signature "v1,<HMAC-SHA256>").

An endpoint (адрес) belongs to a region: who registered it, its URL, the kinds of events it takes (escalations,
returns, approvals, conclusions of the expert council) and whether it is enabled. Its life is the API's own write
path, decided here and appended on ``webhook:{endpoint_id}``:

- ``WebhookEndpointRegistered`` — the address registered (its secret is no fact: the API keeps it beside the event,
  as it keeps a password hash);
- ``WebhookEndpointDisabled`` — switched off by a person, or by the sender because every attempt failed for
  ``disable_after`` (a day by default) without one success in between;
- ``WebhookEndpointEnabled`` — switched on again by a person.

What is pure about a delivery is here too: which URLs are allowed (http or https, to loopback or to a host the
settings name), what a secret looks like (``whsec_`` and base64 of 24–64 bytes), the wait before the next attempt.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from domain.common import DomainError, DomainEvent, register_event
from domain.escalation import EscalationRaised
from domain.people import FieldRefusal
from domain.product.events import ConclusionRecorded
from domain.submission.events import SubmissionApproved, SubmissionPartApproved, SubmissionReturned


class EventKind(StrEnum):
    """What an endpoint may subscribe to (виды событий)."""

    ESCALATION = "escalation"  # шаг лестницы эскалации: напоминание, просрочка, эскалация 2-го и 3-го уровня, риск
    RETURN = "return"  # возвращено на доработку
    APPROVAL = "approval"  # принято (согласовано, утверждено), целиком или частью
    CONCLUSION = "conclusion"  # заключение экспертного совета


KIND_RU: dict[EventKind, str] = {
    EventKind.ESCALATION: "эскалации",
    EventKind.RETURN: "возвраты на доработку",
    EventKind.APPROVAL: "согласования и утверждения",
    EventKind.CONCLUSION: "заключения экспертного совета",
}

# The ``type`` of a delivery's body, per kind (Standard Webhooks: a dotted name of what happened).
TYPE_OF_KIND: dict[EventKind, str] = {
    EventKind.ESCALATION: "escalation.raised",
    EventKind.RETURN: "submission.returned",
    EventKind.APPROVAL: "submission.approved",
    EventKind.CONCLUSION: "product.concluded",
}

KIND_OF_EVENT: dict[str, EventKind] = {
    EscalationRaised.event_type: EventKind.ESCALATION,
    SubmissionReturned.event_type: EventKind.RETURN,
    SubmissionApproved.event_type: EventKind.APPROVAL,
    SubmissionPartApproved.event_type: EventKind.APPROVAL,
    ConclusionRecorded.event_type: EventKind.CONCLUSION,
}

SECRET_PREFIX = "whsec_"
SECRET_BYTES = (24, 64)  # Standard Webhooks: a secret of 24 to 64 random bytes
URL_MAX = 2000
DESCRIPTION_MAX = 200
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def endpoint_stream(endpoint_id: str) -> str:
    return f"webhook:{endpoint_id}"


# --- events -------------------------------------------------------------------------------------------------------


@register_event
class WebhookEndpointRegistered(DomainEvent):
    """Зарегистрирован адрес для вебхуков региона."""

    event_type = "WebhookEndpointRegistered"

    endpoint_id: str
    region_id: str
    url: str
    kinds: tuple[EventKind, ...]
    description: str = ""
    owner_id: str
    owner_name: str


@register_event
class WebhookEndpointDisabled(DomainEvent):
    """Адрес отключен: человеком или отправителем, потому что доставки не удавались ``disable_after``."""

    event_type = "WebhookEndpointDisabled"

    endpoint_id: str
    automatic: bool
    reason: str
    by_id: str = ""
    by_name: str = ""
    failing_since: datetime | None = None
    failures: int = 0


@register_event
class WebhookEndpointEnabled(DomainEvent):
    """Адрес снова включен."""

    event_type = "WebhookEndpointEnabled"

    endpoint_id: str
    by_id: str
    by_name: str


class EndpointState(BaseModel):
    """What the decisions need of an endpoint."""

    model_config = ConfigDict(frozen=True)

    endpoint_id: str
    enabled: bool


# --- what is allowed ----------------------------------------------------------------------------------------------


def _refused(message: str, field: str, note: str) -> FieldRefusal:
    return FieldRefusal("webhook_refused", message, field, note)


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, allowed_hosts: Iterable[str]) -> str:
    """``url`` as it will be called: http or https, with a host on loopback (127.0.0.0/8, ::1, localhost) or one of
    ``allowed_hosts`` (INNOCYCLE_WEBHOOK_HOSTS, compared without case), no credentials in it and no fragment."""
    url = url.strip()
    if not url:
        raise _refused("Укажите адрес (URL), на который отправлять события.", "url", "адрес не указан")
    if len(url) > URL_MAX:
        raise _refused(f"Адрес длиннее {URL_MAX} знаков.", "url", "слишком длинный адрес")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 — a port out of range raises here
    except ValueError:
        raise _refused("Адрес указан неверно.", "url", "например, https://hooks.example.ru/innocycle") from None
    if parts.scheme not in ("http", "https"):
        raise _refused(
            "Адрес должен начинаться с http:// или https://.", "url", "допустимы только протоколы http и https"
        )
    if not host:
        raise _refused("В адресе не указан сервер.", "url", "например, https://hooks.example.ru/innocycle")
    if parts.username is not None or parts.password is not None:
        raise _refused(
            "Адрес не должен содержать логин и пароль: подпись запроса удостоверяет отправителя.",
            "url",
            "уберите логин и пароль из адреса",
        )
    if parts.fragment:
        raise _refused("Адрес не должен содержать часть после «#».", "url", "уберите часть адреса после «#»")
    allowed = {name.strip().lower() for name in allowed_hosts if name.strip()}
    if not is_loopback(host) and host.lower() not in allowed:
        raise _refused(
            f"Сервер «{host}» не входит в список разрешенных для вебхуков. Разрешены адреса этого компьютера "
            "(127.0.0.1, localhost) и серверы, которые администратор указал в настройках (INNOCYCLE_WEBHOOK_HOSTS).",
            "url",
            f"сервер {host} не разрешен",
        )
    return url


def check_secret(secret: str) -> str:
    """A secret given by a person: ``whsec_`` and the base64 of 24 to 64 bytes (Standard Webhooks)."""
    secret = secret.strip()
    note = "whsec_ и base64 от 24 до 64 байт"
    if not secret.startswith(SECRET_PREFIX):
        raise _refused("Секрет должен начинаться с «whsec_».", "secret", note)
    try:
        raw = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise _refused("Секрет после «whsec_» должен быть в кодировке base64.", "secret", note) from None
    low, high = SECRET_BYTES
    if not low <= len(raw) <= high:
        raise _refused(f"Секрет должен содержать от {low} до {high} байт, а не {len(raw)}.", "secret", note)
    return secret


def secret_of(raw: bytes) -> str:
    """A secret from random bytes, as it is shown once to the person who registers the endpoint."""
    return SECRET_PREFIX + base64.b64encode(raw).decode("ascii")


def check_kinds(kinds: Iterable[EventKind]) -> tuple[EventKind, ...]:
    chosen = tuple(kind for kind in EventKind if kind in set(kinds))
    if not chosen:
        raise _refused("Выберите хотя бы один вид событий.", "kinds", "не выбран ни один вид событий")
    return chosen


# --- decisions ----------------------------------------------------------------------------------------------------


def register(
    endpoint_id: str,
    region_id: str,
    url: str,
    kinds: Iterable[EventKind],
    description: str,
    owner_id: str,
    owner_name: str,
    allowed_hosts: Iterable[str],
    now: datetime,
) -> WebhookEndpointRegistered:
    description = description.strip()
    if len(description) > DESCRIPTION_MAX:
        raise _refused(
            f"Описание — не длиннее {DESCRIPTION_MAX} знаков.", "description", f"до {DESCRIPTION_MAX} знаков"
        )
    return WebhookEndpointRegistered(
        occurred_at=now,
        endpoint_id=endpoint_id,
        region_id=region_id,
        url=check_url(url, allowed_hosts),
        kinds=check_kinds(kinds),
        description=description,
        owner_id=owner_id,
        owner_name=owner_name,
    )


def disable_by_hand(state: EndpointState, by_id: str, by_name: str, now: datetime) -> WebhookEndpointDisabled | None:
    if not state.enabled:
        return None
    return WebhookEndpointDisabled(
        occurred_at=now,
        endpoint_id=state.endpoint_id,
        automatic=False,
        reason=f"отключен вручную ({by_name})",
        by_id=by_id,
        by_name=by_name,
    )


def disable_for_failures(
    state: EndpointState, failing_since: datetime, failures: int, after: timedelta, now: datetime
) -> WebhookEndpointDisabled | None:
    """Switched off when every attempt since ``failing_since`` failed (``failures`` of them) for ``after`` at least;
    None while it is still to be tried, or when it is off already."""
    if not state.enabled or now - failing_since < after:
        return None
    return WebhookEndpointDisabled(
        occurred_at=now,
        endpoint_id=state.endpoint_id,
        automatic=True,
        reason=f"все попытки доставки не удавались с {failing_since:%d.%m.%Y %H:%M} UTC (попыток: {failures})",
        failing_since=failing_since,
        failures=failures,
    )


def enable(state: EndpointState, by_id: str, by_name: str, now: datetime) -> WebhookEndpointEnabled | None:
    if state.enabled:
        return None
    return WebhookEndpointEnabled(occurred_at=now, endpoint_id=state.endpoint_id, by_id=by_id, by_name=by_name)


def check_replay(state: EndpointState) -> None:
    if not state.enabled:
        raise DomainError("webhook_disabled", "Адрес отключен: включите его, чтобы повторить доставку.", "endpoint_id")
