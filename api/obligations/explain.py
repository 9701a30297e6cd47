"""Why an obligation is due when it is: the rule in words with its clause, the date the rule names, the
non-working days that moved it to the next working day (ГК РФ ст. 193) with the reason of each day from the
production calendar, and what moved the date since the obligation opened — an extension granted, a return for
revision, a correction of the calendar — the original date kept beside it.

Only the days between a date the rule names and the working day it moved to are non-working (that is what moved
it), so the calendar is asked only why each of those days is off: the library's holiday names, kept per year, and
the administrator's corrections, read only when a weekday off is not a holiday the library knows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from api.calendar.service import holiday_names, load_overrides
from api.web.formats import date_ru, weekday_ru, working_days
from domain.deadlines import WEEKDAYS_RU, FixedAnnualDate
from domain.regulations.catalog import REGULATIONS
from domain.regulations.model import Obligation

CIVIL_CODE = "ГК РФ ст. 193: срок, последний день которого приходится на нерабочий день, переносится на ближайший "
CIVIL_CODE += "следующий за ним рабочий день"


@cache
def _library_holidays(year: int) -> dict[date, str]:
    """The public holidays and decreed days off of ``year`` as the library names them (they never change while the
    process runs; the administrator's corrections are read apart)."""
    return holiday_names(year)


def _ru_local(moment: datetime, timezone: str) -> str:
    return date_ru(moment.astimezone(ZoneInfo(timezone)))


async def _day_off_reasons(conn: AsyncConnection, days: list[date]) -> dict[date, str]:
    """Why each of ``days`` (all non-working) is off: a holiday's name, a correction's reason, or the weekend."""
    reasons: dict[date, str] = {}
    unknown: list[date] = []
    for day in days:
        name = _library_holidays(day.year).get(day)
        if name:
            reasons[day] = name
        elif day.weekday() >= 5:
            reasons[day] = "выходной день"
        else:
            unknown.append(day)
    if unknown:
        corrections = {o.day: o for o in await load_overrides(conn, {d.year for d in unknown})}
        for day in unknown:
            found = corrections.get(day)
            reasons[day] = f"{found.reason} ({found.source})" if found else "нерабочий день"
    for day in days:  # a weekend holiday is said as both
        if day.weekday() >= 5 and reasons[day] != "выходной день":
            reasons[day] = f"выходной день, {reasons[day]}"
    return reasons


def _day_off(day: date, reason: str) -> str:
    said = f"{date_ru(day)} — {WEEKDAYS_RU[day.weekday()]}"
    if reason != "выходной день":
        said += f" ({reason.removeprefix('выходной день, ')})"
    return said


async def moved(conn: AsyncConnection, nominal: date, effective: date) -> dict[str, Any]:
    """How ``nominal`` became ``effective``: the non-working days in between, each with its reason, and the
    sentence a person reads («20.12.2026 — воскресенье, срок переносится на 21.12.2026 (пн)»)."""
    days = [nominal + timedelta(days=n) for n in range((effective - nominal).days)]
    if not days:
        return {"days": [], "text_ru": f"{date_ru(nominal)} — рабочий день, срок не переносится"}
    reasons = await _day_off_reasons(conn, days)
    listed = [{"day": day, "weekday_ru": WEEKDAYS_RU[day.weekday()], "reason_ru": reasons[day]} for day in days]
    if len(days) <= 3:  # each day said: «19.12.2059 — суббота, 20.12.2059 — воскресенье»
        text = ", ".join(_day_off(day, reasons[day]) for day in days)
    else:  # a long stretch (the New Year holidays): the first day and where it ends
        text = f"{_day_off(days[0], reasons[days[0]])}, нерабочие дни по {date_ru(days[-1])} включительно"
    text += f", срок переносится на {date_ru(effective)} ({weekday_ru(effective)})"
    return {"days": listed, "text_ru": text}


def _granted(extensions: list[dict[str, Any]]) -> dict[str, Any] | None:
    granted = [e for e in extensions if e["decision"] == "granted"]
    return granted[-1] if granted else None


def _returned(decisions: list[dict[str, Any]]) -> dict[str, Any] | None:
    returns = [d for d in decisions if d["action"] == "return" and d["resubmit_due"]]
    return returns[-1] if returns else None


def _changed(
    due: dict[str, Any],
    rule: Obligation,
    timezone: str,
    extensions: list[dict[str, Any]],
    decisions: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """What moved the due date away from the one the obligation opened with, the later of an extension or a
    return whose date is in force now; a correction of the calendar when neither is."""
    if due["nominal"] == due["original_nominal"] and due["effective"] == due["original_effective"]:
        return None
    granted, returned = _granted(extensions), _returned(decisions)
    later_than_return = returned is None or (granted is not None and returned["decided_at"] < granted["decided_at"])
    if granted is not None and granted["granted_until"] == due["nominal"] and later_than_return:
        who = granted["decided_by"]
        text = f"Срок продлен до {date_ru(granted['granted_until'])}"
        if who:
            text += f" по решению: {who['full_name']} ({who['role_ru']}), {_ru_local(granted['decided_at'], timezone)}"
        return {"by": "extension", "text_ru": text + f". Причина просьбы: {granted['reason']}"}
    if returned is not None and returned["resubmit_due"]["nominal"] == due["nominal"]:
        who = returned["decided_by"]
        days = rule.revision_working_days
        return {
            "by": "return",
            "text_ru": f"Возвращено на доработку {_ru_local(returned['decided_at'], timezone)} "
            f"({who['full_name']}, {who['role_ru']}): на доработку дается не менее {working_days(days)}, "
            "и срок не раньше первоначального",
        }
    return {"by": "calendar", "text_ru": "Срок пересчитан по исправленному производственному календарю"}


def rule_for_year(rule: Obligation, year: int) -> str:
    """The rule in words as it applies to the cycle ``year``: the exception of another year left out."""
    deadline = rule.deadline
    if isinstance(deadline, FixedAnnualDate) and deadline.exceptions:
        deadline = deadline.model_copy(update={"exceptions": tuple(e for e in deadline.exceptions if e.year == year)})
    return deadline.describe_ru()


def dated_by_site(rule: Obligation, regulation_id: str) -> bool:
    """Whether the site's own document set this date: an obligation of its own, or one whose deadline (or internal
    target) its document changed — not one it changed otherwise (its indicators, its review chain)."""
    if rule.site_override is None:
        return False
    try:
        base = REGULATIONS[regulation_id].obligation(rule.key)
    except KeyError:
        return True
    return (base.deadline, base.internal_target) != (rule.deadline, rule.internal_target)


async def deadline_explanation(
    conn: AsyncConnection,
    due: dict[str, Any] | None,
    rule: Obligation,
    regulation_id: str,
    year: int,
    timezone: str,
    extensions: list[dict[str, Any]],
    decisions: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """Why the obligation is due when it is; None for an obligation without a date."""
    if due is None:
        return None
    original = None
    if due["original_nominal"] is not None and (
        due["original_nominal"] != due["nominal"] or due["original_effective"] != due["effective"]
    ):
        original = {
            "nominal": due["original_nominal"],
            "effective": due["original_effective"],
            "moved": await moved(conn, due["original_nominal"], due["original_effective"]),
        }
    ends_at: datetime | None = due["ends_at"]
    return {
        "rule_ru": rule_for_year(rule, year),
        "clause": rule.citation.clause,
        "document": rule.citation.document,
        "site_override": rule.site_override.model_dump()
        if rule.site_override is not None and dated_by_site(rule, regulation_id)
        else None,
        "nominal": due["nominal"],
        "effective": due["effective"],
        "moved": await moved(conn, due["nominal"], due["effective"]),
        "civil_code_ru": CIVIL_CODE,
        "ends_at": ends_at,
        "timezone": timezone,
        "original": original,
        "changed": _changed(due, rule, timezone, extensions, decisions),
        "internal_target": due["internal_target"],
        # A target the regulation itself sets before its legal date (D36), with its reason; "" — the site's own.
        "target_reason": getattr(rule.internal_target, "reason", ""),
    }
