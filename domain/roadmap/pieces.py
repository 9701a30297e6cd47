"""The pieces a roadmap deadline cell is read into (части ячейки «Сроки исполнения»): what one phrase of a cell
says — a date or period, a recurring duty, "до N числа …", an undated duty, a bare year, "далее", a pointer instead
of a date, or text no phrase explains. ``domain.roadmap.phrases`` makes them, ``domain.roadmap.reading`` combines
them into one ``RoadmapDeadline``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.deadlines import DeadlineRule
from domain.periods import PeriodKind
from domain.roadmap.model import RoadmapDeadlineKind


@dataclass(frozen=True)
class Dated:
    """A dated phrase: a date, a month, a quarter, a half-year, a year, a range, or a list of one of these."""

    kind: RoadmapDeadlineKind
    due: tuple[date, ...]
    starts: date | None
    text: str
    explicit_year: bool = True
    annual: bool = False  # "февраль, ежегодно", "ежегодно до 20 декабря"
    doubts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A recurring duty. ``bare``: a cadence word alone ("ежеквартально", "еженедельно", "1 раз в квартал"), which a
    more precise phrase next to it replaces ("до 5 числа …", "по пятницам"); ``cadence`` is its period."""

    rule: DeadlineRule
    cadence: PeriodKind | None = None
    doubts: tuple[str, ...] = ()
    bare: bool = False


@dataclass(frozen=True)
class DayOfMonth:
    """ "до N числа …": ``months_after`` counts from the last month of the reporting period (None: not said)."""

    day: int
    months_after: int | None
    period: PeriodKind | None


@dataclass(frozen=True)
class Undated:
    """ "Постоянно", "в течение года" (continuous) or "по запросу", "по мере необходимости" (on demand)."""

    kind: RoadmapDeadlineKind
    text: str
    year: int | None = None


@dataclass(frozen=True)
class Year:
    """A bare year, "2023 год": the deadline itself, or the year a cadence applies to ("Ежемесячно, 2022 год")."""

    year: int


@dataclass(frozen=True)
class Then:
    """ "далее": what follows continues after the deadline ("Февраль 2022, далее постоянно")."""


@dataclass(frozen=True)
class Reference:
    """A pointer, not a date: "в соответствии с планом-графиком", "согласно п. 1 …", "по согласованию с …"."""

    text: str
    doubt: str | None = None


@dataclass(frozen=True)
class Unread:
    """Text of the cell no phrase explains."""

    text: str


Piece = Dated | Rule | DayOfMonth | Undated | Year | Then | Reference | Unread
