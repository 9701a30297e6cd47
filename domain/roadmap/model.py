"""The roadmap (план мероприятий, «дорожная карта») of a site's year as the system keeps it: its rows as the site
wrote them, the quarter's account of each row (статус исполнения мероприятия), and the normalised reading of a row's
free-text deadline (срок исполнения) — what kind of deadline it is, what is due and when, and whether a person must
confirm it. ``domain.roadmap.reading`` reads a deadline cell into a ``RoadmapDeadline``.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.deadlines import DeadlineRule


class RoadmapDeadlineKind(StrEnum):
    """What a roadmap deadline cell names (вид срока)."""

    DATE = "date"  # одна дата: "10.02.2022", "до 01.04.2022", "до 28 февраля"
    DATES = "dates"  # несколько дат: "02.03.2022 30.08.2022"; also several periods of different kinds
    MONTH = "month"  # месяц: "Февраль 2022 года", "март"
    MONTHS = "months"  # несколько месяцев: "март, июнь, октябрь, декабрь"
    QUARTER = "quarter"  # квартал: "2 квартал 2022 года", "II квартал", "Q1"
    QUARTERS = "quarters"  # несколько кварталов: "2, 3, 4 квартал 2022"
    HALF_YEAR = "half_year"  # полугодие: "1 полугодие 2022 года"
    YEAR = "year"  # год: "2023 год"
    RANGE = "range"  # период «с … по …»: "08.02.2022 – 10.02.2022", "январь-февраль", "3-4 кварталы 2022"
    RECURRING = "recurring"  # периодичность: "ежеквартально", "Последний вторник каждого месяца"
    ON_DEMAND = "on_demand"  # по запросу, по мере необходимости
    CONTINUOUS = "continuous"  # постоянно, в течение года
    UNRECOGNIZED = "unrecognized"  # не распознано — срок вводит человек


NO_TIMER_KINDS = frozenset(
    {RoadmapDeadlineKind.ON_DEMAND, RoadmapDeadlineKind.CONTINUOUS, RoadmapDeadlineKind.UNRECOGNIZED}
)


class RoadmapDeadline(BaseModel):
    """A roadmap row's deadline (срок исполнения мероприятия дорожной карты), read from the cell ``raw``.

    ``due_dates`` are the nominal dates by which something is due: a month gives its last day, a quarter its last
    day, "до 28 февраля" 28 February, a range its end. They are empty for recurring duties (the timers come from
    ``rule``), for continuous and on-demand ones (no timer at all: only a status prompt at quarter end, §7 item 15)
    and for cells not recognised. ``starts`` is the first day of the named period or range, when the cell names one.
    """

    model_config = ConfigDict(frozen=True)

    raw: str
    kind: RoadmapDeadlineKind
    due_dates: tuple[date, ...] = ()
    starts: date | None = None
    rule: DeadlineRule | None = None
    outside_plan_year: bool = False
    needs_confirmation: bool = False
    note: str = ""

    @property
    def creates_timer(self) -> bool:
        """Whether the row gets a deadline timer; continuous, on-demand and unread rows do not."""
        return self.kind not in NO_TIMER_KINDS


class RoadmapRow(BaseModel):
    """One row of a roadmap (строка «дорожной карты»), as the site wrote it, with the system's reading of its
    free-text deadline."""

    model_config = ConfigDict(frozen=True)

    no: str  # the row's number as printed ("1.4", "12"): a label, not a key of anything else
    section: str = ""
    item: str  # наименование мероприятия
    deadline: str  # сроки исполнения, as written
    responsible: str  # a person, a unit, or another organisation
    responsible_is_external: bool = False  # another organisation: counted, but never escalated to the director
    expected_result: str = ""
    reading: RoadmapDeadline | None = None  # filled in on submission
    # Whether the row is the sending of a methodological product to the Expert Council (order 135-р 2.4.2, D53):
    # the site may say so; when it does not, it is read from the row's text on submission (``sends_product``).
    # None in roadmaps approved before: read from the text where it is needed (``is_product_row``).
    sends_product: bool | None = None

    @property
    def is_product_row(self) -> bool:
        """Whether a product sent to the council fulfils this row (D53): as the row says, or as its text reads."""
        return self.sends_product if self.sends_product is not None else sends_product(self.item)


# The row's text names the sending (направление, направить …) of something to the Expert Council or for its
# examination (экспертиза): «Направление модельной программы в Экспертный совет», «Разработка программ …, направление
# их в БУ «РЦРСО» для проведения экспертизы» (D53). «по направлению деятельности» is a direction, not a sending.
_SENDING = re.compile(r"(?<![а-я])направ(?:ление|лении|ить|лять|ляет|ляем|ляются|ляется|им|лен|лены|лено)(?![а-я])")
_COUNCIL = re.compile(r"экспертн[а-я]* совет|экспертиз")


def sends_product(item: str) -> bool:
    """Whether a roadmap row's text (наименование мероприятия) is about sending a product to the Expert Council."""
    text = " ".join(item.lower().replace("ё", "е").split())
    return bool(_SENDING.search(text) and _COUNCIL.search(text))


RowStatus = Literal["done", "in_progress", "not_done", "moved"]

ROW_STATUS_RU: dict[str, str] = {
    "done": "выполнено",
    "in_progress": "в работе",
    "not_done": "не выполнено",
    "moved": "перенесено",
}


class RoadmapRowStatus(BaseModel):
    """The quarter's account of one roadmap row."""

    model_config = ConfigDict(frozen=True)

    no: str
    status: RowStatus
    fact_date: date | None = None
    result: str = ""
    moved_to: str = ""  # the new term, when moved
    participants: int | None = None  # how many took part in the period's event of the row (C12's minimums, D40)
