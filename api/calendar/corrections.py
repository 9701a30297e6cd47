"""Correcting the production calendar as an administrator: who may, the checks, the command and telling the
running cycles — what ``PUT``/``DELETE /api/calendar-overrides/{day}`` and the page «Производственный календарь» both
do. A refusal is a ``Problem`` with the domain's Russian message and the field at fault."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from api.access.principal import Principal
from api.calendar.commands import remove_override, set_override
from api.calendar.service import check_not_already
from api.calendar.signals import cycles_told
from api.problems import Problem, refused
from api.runtime import Runtime
from api.tables import calendar_overrides
from domain.calendar import CalendarOverride, check_override
from domain.common import ActorRef, DomainError
from domain.people import Role

ADMIN_ONLY = "Изменять производственный календарь может только администратор."


def calendar_admin(principal: Principal) -> ActorRef:
    """The administrator correcting the calendar; anyone else is refused (403)."""
    if not principal.has_role(Role.ADMIN):
        raise Problem(403, "forbidden", ADMIN_ONLY)
    return ActorRef(user_id=principal.user_id, full_name=principal.full_name, role=Role.ADMIN)


async def correct_day(runtime: Runtime, override: CalendarOverride, by: ActorRef) -> int:
    """Record the correction (replacing the day's earlier one); returns how many running cycles are told
    (at once, or as soon as Temporal answers: ``api.signals``)."""
    async with runtime.engine.connect() as conn:
        corrected = (
            await conn.execute(select(calendar_overrides.c.day).where(calendar_overrides.c.day == override.day))
        ).first() is not None
    try:
        check_override(override)
        check_not_already(override, corrected)
        await set_override(runtime.eventlog, override, by)
    except DomainError as error:
        raise refused(422, error.code, error.message, error.field) from None
    await runtime.signals.send_due()
    return await cycles_told(runtime.engine)


async def withdraw_correction(runtime: Runtime, day: date, by: ActorRef) -> int:
    """Remove the day's correction (404 when there is none); returns how many running cycles are told
    (at once, or as soon as Temporal answers: ``api.signals``)."""
    if not await remove_override(runtime.eventlog, day, by):
        raise Problem(404, "override_not_found", f"Поправки на {day:%d.%m.%Y} нет.")
    await runtime.signals.send_due()
    return await cycles_told(runtime.engine)
