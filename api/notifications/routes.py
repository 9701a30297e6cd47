"""The caller's notifications (the bell): the list, marking one or all read, and their choices of delivery by
e-mail; for the administrator, the e-mail waiting and the e-mail the server refused for good."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from api.access.deps import PrincipalDep
from api.access.principal import Principal
from api.notifications import commands, service
from api.problems import Problem, field_problem
from api.runtime import RuntimeDep
from domain.common import DomainError
from domain.notifications import Delivery, Preferences, PreferencesRefused
from domain.people import Role

router = APIRouter(tags=["notifications"])

NotificationId = Annotated[str, Path(max_length=300, description="Идентификатор уведомления")]


class PersonRef(BaseModel):
    user_id: str
    full_name: str | None


class MailState(BaseModel):
    state: str = Field(description="sent | failed | queued | digest | off | no_address | none")
    text: str


class NotificationView(BaseModel):
    notification_id: str
    kind: str
    kind_ru: str
    subject: str
    title: str
    what: str
    due: str
    todo: str
    comment: str
    link: str = Field(description="Страница в веб-интерфейсе")
    created_at: datetime
    read: bool
    read_at: datetime | None
    on_behalf_of: PersonRef | None = Field(description="За кого получено (замещение)")
    acting: bool = Field(description="Получено как исполняющим обязанности (И.О.)")
    escalation_id: str | None
    email: MailState


class NotificationList(BaseModel):
    unread: int
    items: list[NotificationView]
    next_before: int | None = Field(description="Следующая страница: ?before=…; null — страниц больше нет")


class Marked(BaseModel):
    marked: int = Field(description="Сколько уведомлений отмечено прочитанными")
    unread: int


class PreferencesBody(BaseModel):
    email: str = Field(default="", max_length=254, description="Адрес электронной почты; пусто — писем не будет")
    reminders: Delivery = Field(default=Delivery.IMMEDIATE, description="Напоминания о сроках")
    tasks: Delivery = Field(default=Delivery.IMMEDIATE, description="Новые задачи")


class PreferencesView(PreferencesBody):
    always: list[str] = Field(description="Что приходит всегда и не отключается")


class WaitingMail(BaseModel):
    notification_id: str
    subject: str | None
    to: str
    full_name: str | None
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    queued_at: datetime


class FailedMail(BaseModel):
    notification_id: str
    subject: str | None
    to: str
    full_name: str | None
    attempts: int
    error: str | None
    queued_at: datetime
    failed_at: datetime


class MailCounts(BaseModel):
    waiting: int
    sent: int
    failed: int


class MailOverview(BaseModel):
    counts: MailCounts
    waiting: list[WaitingMail]
    failed: list[FailedMail]


ALWAYS = ["эскалации и просрочки", "возвраты на доработку", "решения"]


def preferences_view(preferences: Preferences) -> PreferencesView:
    return PreferencesView(**preferences.model_dump(), always=ALWAYS)


def refused(error: DomainError) -> Problem:
    if isinstance(error, PreferencesRefused):
        return field_problem(422, error.code, error.message, error.field or "", error.note)
    if error.code == "notification_not_found":
        return Problem(404, error.code, error.message)
    return Problem(409, error.code, error.message)


def require_admin(principal: Principal) -> None:
    if not principal.has_role(Role.ADMIN):
        raise Problem(403, "forbidden", "Раздел доступен только администратору.")


@router.get("/api/notifications", summary="Мои уведомления", response_model=NotificationList)
async def my_notifications(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    unread: Annotated[bool, Query(description="Только непрочитанные")] = False,
    before: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = service.PAGE,
) -> NotificationList:
    async with runtime.reads.connect() as conn:
        found = await service.notifications_of(conn, principal.user_id, unread_only=unread, before=before, limit=limit)
    return NotificationList.model_validate(found)


@router.post(
    "/api/notifications/{notification_id}/read",
    summary="Отметить уведомление прочитанным",
    response_model=Marked,
    responses={404: {"description": "Уведомление не найдено (или оно не ваше)"}},
)
async def mark_read(runtime: RuntimeDep, principal: PrincipalDep, notification_id: NotificationId) -> Marked:
    try:
        marked = await commands.mark_read(runtime.eventlog, principal.user_id, [notification_id])
    except DomainError as error:
        raise refused(error) from None
    async with runtime.reads.connect() as conn:
        return Marked(marked=marked, unread=await service.unread_count(conn, principal.user_id))


@router.post("/api/notifications/read", summary="Отметить все уведомления прочитанными", response_model=Marked)
async def mark_all_read(runtime: RuntimeDep, principal: PrincipalDep) -> Marked:
    marked = await commands.mark_read(runtime.eventlog, principal.user_id, None)
    async with runtime.reads.connect() as conn:
        return Marked(marked=marked, unread=await service.unread_count(conn, principal.user_id))


@router.get("/api/me/notification-preferences", summary="Мои настройки уведомлений", response_model=PreferencesView)
async def my_preferences(runtime: RuntimeDep, principal: PrincipalDep) -> PreferencesView:
    return preferences_view(await commands.preferences_of(runtime.eventlog, principal.user_id))


@router.put(
    "/api/me/notification-preferences",
    summary="Изменить мои настройки уведомлений",
    response_model=PreferencesView,
    responses={422: {"description": "Адрес указан неверно, или такой способ доставки недоступен"}},
)
async def set_my_preferences(runtime: RuntimeDep, principal: PrincipalDep, body: PreferencesBody) -> PreferencesView:
    try:
        chosen = await commands.choose(runtime.eventlog, principal.user_id, Preferences(**body.model_dump()))
    except DomainError as error:
        raise refused(error) from None
    return preferences_view(chosen)


@router.get(
    "/api/admin/mail",
    summary="Почта: ожидающие отправки и недоставленные письма",
    response_model=MailOverview,
    responses={403: {"description": "Только администратор"}},
)
async def mail_overview(runtime: RuntimeDep, principal: PrincipalDep) -> MailOverview:
    require_admin(principal)
    async with runtime.reads.connect() as conn:
        return MailOverview.model_validate(await service.mail_overview(conn))
