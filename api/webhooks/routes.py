"""Webhooks of a region (REST): endpoints registered, listed, switched off and on; their deliveries listed with every
attempt and answer, and replayed by hand. For the administrator and the Department of the region (``access.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from api.access.deps import PrincipalDep
from api.problems import Problem, documented, field_problem
from api.runtime import RuntimeDep
from api.webhooks import commands, service
from api.webhooks.access import require_manager
from domain.common import DomainError
from domain.people import FieldRefusal
from domain.webhooks import DESCRIPTION_MAX, URL_MAX, EventKind

router = APIRouter(tags=["webhooks"])

EndpointId = Annotated[str, Path(max_length=40, description="Идентификатор адреса (wh_…)")]
DeliveryId = Annotated[str, Path(max_length=40, description="Идентификатор доставки: заголовок webhook-id (msg_…)")]


class NewEndpoint(BaseModel):
    region_id: str = Field(max_length=20, description="Регион, события площадок которого отправляются")
    url: str = Field(max_length=URL_MAX, description="Адрес (http или https): этот компьютер или разрешенный сервер")
    kinds: list[EventKind] = Field(max_length=10, description="Виды событий: escalation, return, approval, conclusion")
    description: str = Field(default="", max_length=DESCRIPTION_MAX, description="Для чего адрес")
    secret: str | None = Field(
        default=None, max_length=200, description="Секрет whsec_… (base64 от 24 до 64 байт); не указан — создается"
    )


class Person(BaseModel):
    user_id: str
    full_name: str


class Counts(BaseModel):
    pending: int
    delivered: int
    failed: int


class EndpointView(BaseModel):
    endpoint_id: str
    region_id: str
    region_name: str
    url: str
    kinds: list[EventKind]
    kinds_ru: list[str]
    description: str
    owner: Person = Field(description="Кто зарегистрировал адрес (ему сообщается об отключении)")
    created_at: datetime
    enabled: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    disabled_automatically: bool = Field(description="Отключен отправителем после неудачных доставок")
    failing_since: datetime | None = Field(description="С какого момента все попытки неудачны")
    failures: int = Field(description="Неудачных попыток подряд")
    last_success_at: datetime | None
    counts: Counts


class RegisteredEndpoint(EndpointView):
    secret: str = Field(description="Секрет подписи: показывается только один раз")


class AttemptView(BaseModel):
    number: int
    attempted_at: datetime
    status_code: int | None
    response: str | None = Field(description="Начало ответа (до 500 знаков)")
    error: str | None
    duration_ms: int
    replay_by: str | None = Field(description="Кто повторил доставку вручную")


class DeliveryView(BaseModel):
    delivery_id: str = Field(description="webhook-id: одинаков при каждой попытке")
    event_id: str
    kind: EventKind
    type: str
    subject: str
    link: str
    state: Literal["pending", "delivered", "failed"]
    state_ru: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    expires_at: datetime | None = Field(description="До какого момента повторяются попытки")
    finished_at: datetime | None
    last_status: int | None
    last_error: str | None
    replay_by: str | None = Field(description="Повтор вручную запрошен и еще не выполнен")
    attempt_log: list[AttemptView]


class DeliveryDetail(DeliveryView):
    payload: dict[str, Any] = Field(description="Тело запроса (ссылка в data.link — от адреса веб-интерфейса)")


class DeliveryList(BaseModel):
    items: list[DeliveryView]
    next_before: int | None = Field(description="Следующая страница: ?before=…; null — страниц больше нет")


def refused(error: DomainError) -> Problem:
    if isinstance(error, FieldRefusal):
        return field_problem(422, error.code, error.message, error.field or "", error.note)
    return Problem(409, error.code, error.message)


@router.get("/api/webhooks", summary="Адреса вебхуков регионов", response_model=list[EndpointView])
async def list_endpoints(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    region_id: Annotated[str | None, Query(max_length=20, description="Только этого региона")] = None,
) -> list[dict[str, Any]]:
    require_manager(principal)
    async with runtime.reads.connect() as conn:
        return await service.endpoints_of(conn, principal, region_id)


@router.post(
    "/api/webhooks",
    status_code=201,
    summary="Зарегистрировать адрес вебхуков",
    response_model=RegisteredEndpoint,
    responses=documented(404, 422),
)
async def register_endpoint(body: NewEndpoint, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    require_manager(principal)
    try:
        endpoint_id, secret = await commands.register_endpoint(
            runtime.eventlog,
            principal,
            body.region_id,
            body.url,
            body.kinds,
            body.description,
            body.secret,
            runtime.config.webhook_hosts,
        )
    except DomainError as error:
        raise refused(error) from None
    async with runtime.reads.connect() as conn:
        return {**await service.endpoint(conn, principal, endpoint_id), "secret": secret}


@router.get(
    "/api/webhooks/{endpoint_id}", summary="Адрес вебхуков", response_model=EndpointView, responses=documented(404)
)
async def get_endpoint(endpoint_id: EndpointId, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    require_manager(principal)
    async with runtime.reads.connect() as conn:
        return await service.endpoint(conn, principal, endpoint_id)


async def _switch(runtime: Any, principal: Any, endpoint_id: str, on: bool) -> dict[str, Any]:
    require_manager(principal)
    await commands.switch(runtime.eventlog, principal, endpoint_id, on)
    async with runtime.reads.connect() as conn:
        return await service.endpoint(conn, principal, endpoint_id)


@router.post(
    "/api/webhooks/{endpoint_id}/disable",
    summary="Отключить адрес вебхуков",
    response_model=EndpointView,
    responses=documented(404),
)
async def disable_endpoint(endpoint_id: EndpointId, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await _switch(runtime, principal, endpoint_id, False)


@router.post(
    "/api/webhooks/{endpoint_id}/enable",
    summary="Включить адрес вебхуков (то, что ждало, отправляется сразу)",
    response_model=EndpointView,
    responses=documented(404),
)
async def enable_endpoint(endpoint_id: EndpointId, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await _switch(runtime, principal, endpoint_id, True)


@router.get(
    "/api/webhooks/{endpoint_id}/deliveries",
    summary="Доставки адреса с попытками и ответами",
    response_model=DeliveryList,
    responses=documented(404),
)
async def list_deliveries(
    endpoint_id: EndpointId,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    state: Annotated[
        Literal["pending", "delivered", "failed"] | None, Query(description="Только в этом состоянии")
    ] = None,
    before: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = service.PAGE,
) -> dict[str, Any]:
    require_manager(principal)
    async with runtime.reads.connect() as conn:
        await service.endpoint(conn, principal, endpoint_id)
        return await service.deliveries_of(conn, endpoint_id, state=state, before=before, limit=limit)


@router.get(
    "/api/webhooks/{endpoint_id}/deliveries/{delivery_id}",
    summary="Доставка: тело, попытки и ответы",
    response_model=DeliveryDetail,
    responses=documented(404),
)
async def get_delivery(
    endpoint_id: EndpointId, delivery_id: DeliveryId, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    require_manager(principal)
    async with runtime.reads.connect() as conn:
        await service.endpoint(conn, principal, endpoint_id)
        return await service.delivery(conn, endpoint_id, delivery_id)


@router.post(
    "/api/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay",
    status_code=202,
    summary="Повторить доставку (та же webhook-id; попытку делает отправитель сразу)",
    response_model=DeliveryView,
    responses=documented(404, 409),
)
async def replay_delivery(
    endpoint_id: EndpointId, delivery_id: DeliveryId, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    require_manager(principal)
    try:
        await commands.replay(runtime.eventlog, principal, endpoint_id, delivery_id)
    except DomainError as error:
        raise refused(error) from None
    async with runtime.reads.connect() as conn:
        found = await service.delivery(conn, endpoint_id, delivery_id)
    found.pop("payload", None)
    return found
