"""The pages of webhooks, for the administrator and the Department: ``/webhooks`` (a region's endpoints and the
form that registers one; the secret shown once, on the page that answers the form) and ``/webhooks/{id}`` (the
endpoint, why it is off, its deliveries with every attempt and answer, replay, switching off and on). They call
the same functions as the REST routes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access.session import FormDep, SessionDep
from api.problems import Problem
from api.runtime import RuntimeDep
from api.web.forms import FormErrors, errors_of
from api.web.render import redirect, render
from api.webhooks import commands, service
from api.webhooks.access import managed_regions, require_manager
from api.webhooks.routes import refused
from domain.common import DomainError
from domain.webhooks import DESCRIPTION_MAX, KIND_RU, TYPE_OF_KIND, URL_MAX, EventKind

router = APIRouter(include_in_schema=False)

DONE = {
    "disabled": "Адрес отключен: события копятся и будут отправлены, когда его включат.",
    "enabled": "Адрес включен: то, что ждало, отправляется сейчас.",
    "replayed": "Доставка поставлена на повтор: отправитель сделает попытку в ближайшие секунды.",
}
LABELS = {"region_id": "Регион", "url": "Адрес", "kinds": "Виды событий", "description": "Описание", "secret": "Секрет"}


def _text(value: object, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


async def _list(request: Request, runtime: Any, session: Any, **extra: Any) -> Response:
    require_manager(session.principal)
    async with runtime.reads.connect() as conn:
        regions = await managed_regions(conn, session.principal)
        endpoints = await service.endpoints_of(conn, session.principal)
    values = extra.pop("values", None) or {
        "region_id": regions[0].id if regions else "",
        "url": "",
        "description": "",
        "kinds": list(EventKind),
    }
    return render(
        request,
        "webhooks/list.html",
        status_code=extra.pop("status_code", 200),
        title="Вебхуки",
        endpoints=endpoints,
        region_choices=[(region.id, region.name) for region in regions],
        kind_choices=[(kind.value, KIND_RU[kind], TYPE_OF_KIND[kind]) for kind in EventKind],
        values=values,
        errors=extra.pop("errors", FormErrors()),
        hosts=runtime.config.webhook_hosts,
        labels=LABELS,
        **extra,
    )


@router.get("/webhooks")
async def webhooks_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    return await _list(request, runtime, session)


@router.post("/webhooks")
async def register(request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    require_manager(session.principal)
    chosen = [value for value in form.getlist("kinds") if isinstance(value, str)]
    region_id = _text(form.get("region_id"), 20)
    url = _text(form.get("url"), URL_MAX + 1)
    description = _text(form.get("description"), DESCRIPTION_MAX + 1)
    kinds = [EventKind(value) for value in chosen if value in {kind.value for kind in EventKind}]
    values = {"region_id": region_id, "url": url, "description": description, "kinds": kinds}
    secret = _text(form.get("secret"), 200) or None
    try:
        endpoint_id, shown = await commands.register_endpoint(
            runtime.eventlog,
            session.principal,
            region_id,
            url,
            kinds,
            description,
            secret,
            runtime.config.webhook_hosts,
        )
    except (DomainError, Problem) as error:
        problem = refused(error) if isinstance(error, DomainError) else error
        if problem.status not in (404, 422):
            raise problem from None
        errors = errors_of(problem)
        if problem.status == 404:
            errors.fields["region_id"] = "выберите регион из списка"
        errors.summary = f"Адрес не зарегистрирован: {problem.detail}"
        return await _list(request, runtime, session, values=values, errors=errors, status_code=422)
    async with runtime.reads.connect() as conn:
        endpoint = await service.endpoint(conn, session.principal, endpoint_id)
    return render(
        request,
        "webhooks/registered.html",
        status_code=201,
        title="Адрес зарегистрирован",
        endpoint=endpoint,
        secret=shown,
    )


@router.get("/webhooks/{endpoint_id}")
async def endpoint_page(endpoint_id: str, request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    require_manager(session.principal)
    state = request.query_params.get("state")
    state = state if state in service.STATES else None
    raw = request.query_params.get("before", "")
    before = int(raw) if raw.isdigit() and len(raw) < 19 else None
    async with runtime.reads.connect() as conn:
        endpoint = await service.endpoint(conn, session.principal, endpoint_id[:40])
        deliveries = await service.deliveries_of(conn, endpoint["endpoint_id"], state=state, before=before)
    return render(
        request,
        "webhooks/endpoint.html",
        title=f"Вебхук {endpoint['url']}",
        endpoint=endpoint,
        deliveries=deliveries,
        state=state,
        state_choices=[(value, service.STATE_RU[value]) for value in service.STATES],
        done=DONE.get(request.query_params.get("done", ""), ""),
    )


async def _switch(endpoint_id: str, request: Request, runtime: Any, session: Any, on: bool) -> Response:
    require_manager(session.principal)
    await commands.switch(runtime.eventlog, session.principal, endpoint_id[:40], on)
    return redirect(request, f"/webhooks/{endpoint_id[:40]}?done={'enabled' if on else 'disabled'}")


@router.post("/webhooks/{endpoint_id}/disable")
async def disable(
    endpoint_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    return await _switch(endpoint_id, request, runtime, session, False)


@router.post("/webhooks/{endpoint_id}/enable")
async def enable(
    endpoint_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    return await _switch(endpoint_id, request, runtime, session, True)


@router.post("/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay")
async def replay(
    endpoint_id: str, delivery_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    require_manager(session.principal)
    try:
        await commands.replay(runtime.eventlog, session.principal, endpoint_id[:40], delivery_id[:40])
    except DomainError as error:
        raise refused(error) from None
    return redirect(request, f"/webhooks/{endpoint_id[:40]}?done=replayed#{delivery_id[:40]}")
