"""The pages of notifications: the list behind the bell (``/notifications``) with marking one or all read, the
choices of delivery (a section of «Мой профиль», and ``/me/notifications`` when a choice is refused), the
administrator's e-mail (``/admin/mail``: waiting, and refused for good), and in development what the local SMTP
sink caught (``/dev/mail``). They call the same functions as the REST routes."""

from __future__ import annotations

import asyncio
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access.session import FormDep, SessionDep
from api.notifications import commands, service
from api.notifications.routes import ALWAYS, refused, require_admin
from api.problems import Problem
from api.runtime import RuntimeDep
from api.web.forms import FormErrors, errors_of
from api.web.render import redirect, render
from domain.common import DomainError
from domain.notifications import DELIVERY_RU, OFFERED, Delivery, Preferences

router = APIRouter(include_in_schema=False)

SINK_SHOWN = 50


def delivery_options() -> list[tuple[str, str]]:
    return [(way.value, DELIVERY_RU[way]) for way in OFFERED]


def preferences_form(preferences: Preferences | dict[str, str]) -> dict[str, Any]:
    """What the form of preferences shows (the template ``notifications/_preferences.html``)."""
    values = preferences.model_dump() if isinstance(preferences, Preferences) else preferences
    return {"values": values, "options": delivery_options(), "always": ALWAYS}


async def preferences_section(runtime: Any, user_id: str) -> dict[str, Any]:
    """The section «Уведомления» of «Мой профиль» (``api/people/pages.py``)."""
    return preferences_form(await commands.preferences_of(runtime.eventlog, user_id))


@router.get("/notifications")
async def notifications_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    raw = request.query_params.get("before", "")
    before = int(raw) if raw.isdigit() and len(raw) < 19 else None
    unread_only = request.query_params.get("unread") == "true"
    async with runtime.reads.connect() as conn:
        found = await service.notifications_of(conn, session.principal.user_id, unread_only=unread_only, before=before)
    return render(
        request,
        "notifications/list.html",
        title="Уведомления",
        found=found,
        unread_only=unread_only,
        done={"read": "Уведомление отмечено прочитанным.", "all": "Все уведомления отмечены прочитанными."}.get(
            request.query_params.get("done", ""), ""
        ),
    )


@router.post("/notifications/read")
async def read_all(request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    await commands.mark_read(runtime.eventlog, session.principal.user_id, None)
    return redirect(request, "/notifications?done=all")


@router.post("/notifications/{notification_id}/read")
async def read_one(
    notification_id: str, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    try:
        await commands.mark_read(runtime.eventlog, session.principal.user_id, [notification_id[:300]])
    except DomainError as error:
        raise refused(error) from None
    return redirect(request, "/notifications?done=read")


def _chosen(value: object) -> str:
    return value if isinstance(value, str) else ""


@router.get("/me/notifications")
async def preferences_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    section = await preferences_section(runtime, session.principal.user_id)
    title = "Настройки уведомлений"
    return render(request, "notifications/preferences.html", title=title, errors=FormErrors(), **section)


@router.post("/me/notifications")
async def choose(request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    values = {name: _chosen(form.get(name)).strip() for name in ("email", "reminders", "tasks")}
    ways = {way.value for way in Delivery}
    errors = FormErrors(
        summary="Настройки не сохранены: исправьте выделенные поля.",
        fields={name: "Выберите, как присылать." for name in ("reminders", "tasks") if values[name] not in ways},
    )
    if len(values["email"]) > 254:
        errors.fields["email"] = "Адрес — не длиннее 254 знаков."
    if not errors.fields:
        try:
            await commands.choose(
                runtime.eventlog,
                session.principal.user_id,
                Preferences(
                    email=values["email"], reminders=Delivery(values["reminders"]), tasks=Delivery(values["tasks"])
                ),
            )
        except DomainError as error:
            problem: Problem = refused(error)
            fields = errors_of(problem).fields
            errors = FormErrors(
                summary="Настройки не сохранены.",
                fields={name: f"{problem.detail} Например, ivanova@example.ru." for name in fields}
                if "email" in fields
                else dict.fromkeys(fields, problem.detail),
            )
        else:
            return redirect(request, "/me?done=notifications#notifications")
    return render(
        request,
        "notifications/preferences.html",
        status_code=422,
        title="Настройки уведомлений",
        errors=errors,
        **preferences_form(values),
    )


@router.get("/admin/mail")
async def mail_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    require_admin(session.principal)
    async with runtime.reads.connect() as conn:
        overview = await service.mail_overview(conn)
    return render(
        request,
        "notifications/admin_mail.html",
        title="Почта",
        overview=overview,
        sink=bool(runtime.config.development and runtime.config.mail_sink_dir),
    )


def caught(directory: Path, limit: int = SINK_SHOWN) -> tuple[list[dict[str, Any]], int]:
    """The newest messages the development sink kept (one ``.eml`` file each), newest first, and how many it kept."""
    if not directory.is_dir():
        return [], 0
    kept = sorted(directory.glob("*.eml"), key=lambda p: p.name, reverse=True)
    files = kept[:limit]
    messages = []
    for path in files:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        assert isinstance(message, EmailMessage)
        body = message.get_body(preferencelist=("plain",))
        messages.append(
            {
                "name": path.name,
                "subject": str(message["Subject"] or ""),
                "to": str(message["To"] or ""),
                "date": str(message["Date"] or ""),
                "message_id": str(message["Message-ID"] or ""),
                "text": body.get_content() if body is not None else "",
            }
        )
    return messages, len(kept)


@router.get("/dev/mail")
async def sink_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    config = runtime.config
    if not (config.development and config.mail_sink_dir):
        raise Problem(404, "not_found", "Страница не найдена.")
    messages, total = await asyncio.to_thread(caught, Path(config.mail_sink_dir))
    return render(request, "notifications/sink.html", title="Почта разработки", messages=messages, total=total)
