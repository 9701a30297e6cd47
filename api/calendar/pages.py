"""The page «Производственный календарь» for administrators: the corrections in force (as
``GET /api/calendar-overrides``), adding or replacing one and removing one through the same functions as
``PUT``/``DELETE /api/calendar-overrides/{day}``, and a year of the calendar as months of non-working days (as
``GET /api/calendar/{year}``). Anyone else gets the refusal the REST API gives."""

from __future__ import annotations

import calendar as months
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access.session import FormDep, SessionDep
from api.calendar.corrections import calendar_admin, correct_day, withdraw_correction
from api.calendar.routes import OverrideBody
from api.calendar.service import load_overrides, year_view
from api.problems import Problem
from api.runtime import RuntimeDep
from api.today import service_today
from api.web.formats import MONTHS, WEEKDAYS
from api.web.forms import FormErrors, errors_of, parsed
from api.web.render import redirect, render
from domain.calendar import CalendarOverride

router = APIRouter(include_in_schema=False)

FIRST_YEAR, LAST_YEAR = 2000, 2100
LABELS = {"day": "День", "working": "Каким станет день", "reason": "Причина", "source": "Основание"}
MESSAGES = {
    "day": "Укажите день поправки.",
    "working": "Выберите, каким станет день: рабочим или нерабочим.",
}


class OverrideForm(OverrideBody):
    """The form of the page: the day (a path parameter of the REST route) and the body of the route."""

    day: date


def _today() -> date:
    return service_today()


def month_grid(view: dict[str, Any], today: date) -> list[dict[str, Any]]:
    """Twelve months of ``view`` (a ``year_view``), each a list of weeks from Monday, a day ``None`` outside it."""
    year = view["year"]
    names = {day["day"]: day["name"] for day in view["non_working_days"]}
    working_weekends = set(view["working_weekends"])
    corrected = {date.fromisoformat(o["day"]): o for o in view["overrides"]}
    grid = []
    for month in range(1, 13):
        weeks = []
        for week in months.Calendar().monthdatescalendar(year, month):
            cells: list[dict[str, Any] | None] = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                if day in names:
                    kind, title = "holiday", names[day]
                elif day in working_weekends:
                    kind, title = "working-weekend", "рабочий выходной (перенос)"
                elif day.weekday() >= 5:
                    kind, title = "weekend", "выходной"
                else:
                    kind, title = "working", "рабочий день"
                cells.append(
                    {"day": day, "kind": kind, "title": title, "corrected": day in corrected, "today": day == today}
                )
            weeks.append(cells)
        grid.append({"name": MONTHS[month - 1], "weeks": weeks})
    return grid


async def _page(
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    year: int,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    calendar_admin(session.principal)
    async with runtime.engine.connect() as conn:
        overrides = await load_overrides(conn)
        shown = await year_view(conn, year)
    notice = ""
    saved, removed = request.query_params.get("saved", ""), request.query_params.get("removed", "")
    if saved:
        notice = f"Поправка на {_date_ru(saved)} сохранена; сроки идущих циклов пересчитываются."
    elif removed:
        notice = f"Поправка на {_date_ru(removed)} снята; сроки идущих циклов пересчитываются."
    return render(
        request,
        "calendar/admin.html",
        status_code=status_code,
        title="Производственный календарь",
        overrides=overrides,
        year=year,
        view=shown,
        grid=month_grid(shown, _today()),
        weekdays=WEEKDAYS,
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
        values=values or {"day": "", "working": "", "reason": "", "source": ""},
        errors=errors or FormErrors(),
        labels=LABELS,
        notice=notice,
    )


def _date_ru(value: str) -> str:
    try:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    except ValueError:
        return value


def _year(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR else default


@router.get("/admin/calendar")
async def calendar_page(request: Request, runtime: RuntimeDep, session: SessionDep) -> Response:
    return await _page(request, runtime, session, _year(request.query_params.get("year"), _today().year))


@router.post("/admin/calendar")
async def add_correction(request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep) -> Response:
    by = calendar_admin(session.principal)
    values = {name: str(form.get(name) or "").strip() for name in ("day", "working", "reason", "source")}
    data: dict[str, Any] = {**values, "day": values["day"] or None, "working": values["working"] or None}
    year = _year(values["day"][:4], _today().year)
    body = parsed(OverrideForm, data)
    if isinstance(body, FormErrors):
        fields = {name: MESSAGES.get(name, message) for name, message in body.fields.items()}
        errors = FormErrors(summary="Поправка не записана: проверьте выделенные поля.", fields=fields)
        return await _page(request, runtime, session, year, values, errors, 422)
    override = CalendarOverride(day=body.day, working=body.working, reason=body.reason, source=body.source)
    try:
        await correct_day(runtime, override, by)
    except Problem as problem:
        errors = errors_of(problem)
        errors.summary = "Поправка не записана."
        return await _page(request, runtime, session, body.day.year, values, errors, problem.status)
    return redirect(request, f"/admin/calendar?{urlencode({'year': body.day.year, 'saved': body.day.isoformat()})}")


@router.post("/admin/calendar/{day}/delete")
async def remove_correction(
    day: date, request: Request, runtime: RuntimeDep, session: SessionDep, form: FormDep
) -> Response:
    await withdraw_correction(runtime, day, calendar_admin(session.principal))
    return redirect(request, f"/admin/calendar?{urlencode({'year': day.year, 'removed': day.isoformat()})}")
