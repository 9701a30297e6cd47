"""The timeline and the state as of a date as a person reads them on a page: the entries by day, the plan of the
cycle folded into one line, the region's time named, and the «состояние на дату» form read into the ``at`` the
REST route takes (a date, or a local date and time of the region). Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from api.web.forms import FormErrors
from domain.common import upper_first
from domain.escalation import LEVEL_RU, EscalationLevel
from domain.obligations import ObligationPlanned

ZONES_RU = {
    "Asia/Yekaterinburg": "время Екатеринбурга",
    "Europe/Moscow": "московское время",
}


def zone_ru(timezone: str, at: datetime | None = None) -> str:
    """«время Екатеринбурга, UTC+5»."""
    moment = (at or datetime.now(ZoneInfo(timezone))).astimezone(ZoneInfo(timezone))
    offset = moment.utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset is not None else 0
    return f"{ZONES_RU.get(timezone, timezone)}, UTC{hours:+d}"


# How an entry is marked beside its time: good news, something to watch, an alarm; the rest is plain.
MARKS = {
    "DocumentsSubmitted": "good",
    "SubmissionAgreed": "good",
    "SubmissionApproved": "good",
    "QuotaMet": "good",
    "RegistryUpdated": "good",
    "QuotaItemRecorded": "good",
    "MonitoringCompleted": "good",
    "CycleCompleted": "good",
    "ExtensionGranted": "good",
    "SubmissionReturned": "warn",
    "ExtensionRequested": "warn",
    "ExtensionRefused": "warn",
    "CycleClosed": "warn",
    "CycleEndScheduled": "warn",
    "EscalationRaised": "alert",
}
REMINDER = upper_first(LEVEL_RU[EscalationLevel.REMINDER])


def mark_of(entry: dict[str, Any]) -> str:
    mark = MARKS.get(entry["event_type"], "plain")
    if mark == "alert" and str(entry["text"]).startswith(REMINDER):
        return "warn"  # a reminder before the date is no alarm
    return mark


@dataclass
class Day:
    """The timeline's entries of one local day; a run of planned obligations is one entry with its list."""

    day: date
    entries: list[dict[str, Any]] = field(default_factory=list)


def obligation_path(obligation_id: str | None) -> tuple[str, str] | None:
    """(key, instance) of ``cycle:{site}:{year}:{key}:{instance}``."""
    if not obligation_id:
        return None
    parts = obligation_id.split(":")
    return (parts[3], parts[4]) if len(parts) == 5 else None


def by_day(entries: list[dict[str, Any]]) -> list[Day]:
    days: list[Day] = []
    for entry in entries:
        at: datetime = entry["at"]
        if not days or days[-1].day != at.date():
            days.append(Day(at.date()))
        shown = days[-1].entries
        if entry["event_type"] == ObligationPlanned.event_type:
            if shown and shown[-1]["event_type"] == "plan":
                shown[-1]["planned"].append(entry)
                continue
            shown.append({"event_type": "plan", "at": at, "planned": [entry]})
            continue
        shown.append({**entry, "path": obligation_path(entry["obligation_id"]), "mark": mark_of(entry)})
    return days


TIME_FORMATS = ("%H:%M", "%H:%M:%S")


@dataclass(frozen=True)
class StateQuery:
    """What the «состояние на дату» form asked for: the ``at`` of the REST route, and the form's values."""

    at: str | None  # None: nothing asked yet
    date: str
    time: str


def state_query(raw_date: str | None, raw_time: str | None, timezone: str) -> StateQuery | FormErrors:
    """A date alone means the end of that local day (as the REST route reads it); with a time, that local
    moment in the region."""
    day, moment = (raw_date or "").strip(), (raw_time or "").strip()
    if not day:
        if moment:
            return FormErrors(summary="Укажите дату.", fields={"at": "укажите дату"})
        return StateQuery(at=None, date="", time="")
    if not moment:
        return StateQuery(at=day, date=day, time="")
    clock: time | None = None
    for pattern in TIME_FORMATS:
        try:
            clock = datetime.strptime(moment, pattern).time()
            break
        except ValueError:
            continue
    if clock is None:
        return FormErrors(summary="Проверьте время.", fields={"time": "ожидается время ЧЧ:ММ или ЧЧ:ММ:СС"})
    try:
        local = datetime.combine(date.fromisoformat(day), clock, tzinfo=ZoneInfo(timezone))
    except ValueError:
        return StateQuery(at=day, date=day, time=moment)  # the date's own message comes from the service
    return StateQuery(at=local.isoformat(), date=day, time=moment)
