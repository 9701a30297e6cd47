"""Performance discipline of a region's sites: where each obligation instance stands (its outcome) and its
lateness in working days, from the projection's rows and the submissions' arrivals.

Performance discipline: "fulfilled", "on time", "late" and "lateness"
----------------------------------------------------------------------

* Counted: obligation instances of the year that have a due date and are open or done. Planned ones (not open
  yet), standing duties (no date), cancelled ones (closed by a revocation of the site's status) are not counted.
  A site's discipline counts only what the site owes (the rule's ``obligor`` is the site's director or
  responsible person): the institutions' quarterly forms (5.2) sit in the site's cycle, but they are the
  institutions' duty towards the site; the matrix shows them, the discipline leaves them out.
* Fulfilled: the projection's status is ``approved``. An obligation is fulfilled *when the site delivered*, not
  when a reviewer decided: for a submission, the arrival of the submission that was finally accepted; for a
  quota, a monitoring coverage or a registry, the moment it was met (``completed_at``). The reviewer's time is
  not the site's lateness.
* Phases of a submission: the first phase is due on the obligation's effective due date (a granted extension
  replaces it); each return opens a phase due on the revision deadline (at least 5 working days, never before
  the original date). Every submission records the effective due date of the phase it arrived in
  (``submissions.due_effective``) and whether it arrived after that day had ended in the region
  (``submissions.late``, decided by the domain when it was recorded).
* On time: fulfilled, and every submission of the chain arrived by the effective due date of its phase. So a
  submission sent by the due date, returned and resubmitted by the revision deadline is on time (it is judged
  by its first submission); one whose resubmission missed the revision deadline is late (judged by the
  submission finally accepted), and so is one whose first submission was already late. A quota is on time when
  it was met by the end of its effective due date.
* Late: fulfilled, not on time.
* Open: not fulfilled yet, split into *not yet due* (waiting for the site, its due day has not ended),
  *overdue* (waiting for the site after its due day ended: ``overdue`` of ``api.obligations.views``) and
  *under review* (the site has sent it and the reviewer holds it; neither due nor overdue for the site).
* Lateness, in working days of the production calendar (``ProductionCalendar.working_days_between``: the working
  days in (due date, day]): for each submission that arrived late, from the effective due date of its phase to
  the day it arrived (the region's local day), summed over the chain; for an obligation still waiting after its
  due date, plus the working days from its current effective due date to today. A quota met late: from the
  effective due date to the day it was met. A submission that arrives on a non-working day right after its due
  date is late by 0 working days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from api.calendar.service import calendar_for
from api.obligations.views import WAITING
from domain.calendar import ProductionCalendar
from domain.cycle import Runner
from domain.people import Role

DONE = "approved"
NOT_COUNTED = ("planned", "standing", "cancelled")
# Whose duties make a site's discipline.
SITE_OBLIGORS = frozenset({Role.SITE_DIRECTOR.value, Role.SITE_RESPONSIBLE.value})

Outcome = Literal["on_time", "late", "not_due", "overdue", "under_review"]

OUTCOME_RU: dict[str, str] = {
    "on_time": "выполнено в срок",
    "late": "выполнено с нарушением срока",
    "not_due": "срок не наступил",
    "overdue": "просрочено",
    "under_review": "на рассмотрении",
}

DEFINITION_RU = (
    "Учитываются обязанности года, у которых есть срок и которые уже открыты или выполнены; запланированные "
    "(ещё не открытые), постоянные без срока и закрытые без исполнения (при прекращении статуса) не учитываются; "
    "учитывается только то, что обязана сделать сама площадка (формы учреждений по п. 5.2 — обязанность "
    "учреждений, они видны в матрице, но не входят в дисциплину площадки). "
    "Выполнено — обязанность принята; момент выполнения — поступление окончательно принятой версии документов "
    "(а не дата решения проверяющего), для квот, мониторинга и реестров — дата, когда требование выполнено. "
    "В срок — каждая версия поступила не позднее действующего срока своего этапа: первоначального срока (с учетом "
    "продления) или срока доработки после возврата; документы, представленные в срок, возвращенные и доработанные "
    "к сроку доработки, считаются представленными в срок. С нарушением срока — выполнено, но хотя бы одна версия "
    "поступила позже срока своего этапа. Открыто — ещё не выполнено: срок не наступил; просрочено (срок истек, "
    "ожидается представление); на рассмотрении (площадка представила, решение за проверяющим). Просрочка — в "
    "рабочих днях по производственному календарю: от действующего срока этапа до дня поступления каждой "
    "опоздавшей версии (по местному времени региона), в сумме, а для просроченной открытой обязанности — ещё и до "
    "сегодняшнего дня. Средняя просрочка — по обязанностям, выполненным с нарушением срока."
)


@dataclass(frozen=True)
class Performance:
    """Where an obligation instance stands: its outcome (None: not counted), the day the site fulfilled it, and
    the spans (due date, day] whose working days make its lateness."""

    outcome: Outcome | None
    fulfilled_on: date | None = None
    spans: tuple[tuple[date, date], ...] = ()


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _late_arrival_spans(arrivals: Sequence[Any], zone: ZoneInfo) -> tuple[tuple[date, date], ...]:
    return tuple((a.due_effective, local_day(a.submitted_at, zone)) for a in arrivals if a.late)


def _fulfilled(row: Any, arrivals: Sequence[Any], zone: ZoneInfo) -> Performance:
    if row.runner == Runner.SUBMISSION and arrivals:
        spans = _late_arrival_spans(arrivals, zone)
        return Performance("late" if spans else "on_time", local_day(arrivals[-1].submitted_at, zone), spans)
    met = local_day(row.completed_at, zone)
    if met > row.effective_due:
        return Performance("late", met, ((row.effective_due, met),))
    return Performance("on_time", met)


def owed_by_site(row: Any) -> bool:
    return row.rule.get("obligor") in SITE_OBLIGORS


def performance_of(row: Any, arrivals: Sequence[Any], now: datetime, zone: ZoneInfo) -> Performance:
    if row.status in NOT_COUNTED or row.effective_due is None:
        return Performance(None)
    if row.status == DONE:
        return _fulfilled(row, arrivals, zone)
    earlier = _late_arrival_spans(arrivals, zone) if row.runner == Runner.SUBMISSION else ()
    if row.status == "under_review":
        return Performance("under_review", spans=earlier)
    if row.status in WAITING and row.due_ends_at is not None and now >= row.due_ends_at:
        return Performance("overdue", spans=(*earlier, (row.effective_due, local_day(now, zone))))
    if row.runner == Runner.ROADMAP_ROW:
        # A dated roadmap row closed with its cycle never done (D45) stays overdue, late until the day it closed;
        # an open one past its date is overdue (D43).
        if row.status == "not_done" and row.completed_at is not None:
            return Performance("overdue", spans=((row.effective_due, local_day(row.completed_at, zone)),))
        if row.due_ends_at is not None and now >= row.due_ends_at:
            return Performance("overdue", spans=((row.effective_due, local_day(now, zone)),))
    return Performance("not_due", spans=earlier)


class WorkingDays:
    """Working days in (start, end] on the production calendar, each distinct span counted once."""

    def __init__(self, calendar: ProductionCalendar) -> None:
        self._calendar = calendar
        self._counted: dict[tuple[date, date], int] = {}

    def between(self, start: date, end: date) -> int:
        if (start, end) not in self._counted:
            self._counted[(start, end)] = self._calendar.working_days_between(start, end)
        return self._counted[(start, end)]

    def lateness(self, performance: Performance) -> int:
        return sum(self.between(start, end) for start, end in performance.spans)


async def working_days_for(conn: AsyncConnection, performances: Iterable[Performance]) -> WorkingDays:
    """A counter over the calendar of every year the spans cross (none loaded when nothing is late)."""
    spans = [span for performance in performances for span in performance.spans if span[1] > span[0]]
    years: Iterable[int] = ()
    if spans:
        years = range(min(start.year for start, _ in spans), max(end.year for _, end in spans) + 1)
    return WorkingDays(await calendar_for(conn, years))
