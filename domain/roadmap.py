"""The deadline of a roadmap row (графа «Сроки исполнения / Срок реализации / Сроки проведения» плана мероприятий,
«дорожной карты»), normalised from free text into a value, the raw text kept.

The cells are written by hand and often compound (domain brief §3.3, §7 item 15): a month ("Февраль 2022 года"),
several months ("март июнь октябрь декабрь"), quarters ("3 – 4 кварталы 2022 года, 2023 год"), exact dates
("02.03.2022 30.08.2022"), a cadence ("Ежеквартально до 10 числа месяца, следующего за отчетным периодом",
"Последний вторник каждого месяца"), or no date at all ("Постоянно", "По запросу"). ``normalize_deadline`` reads a
cell into a ``RoadmapDeadline``: what is due and when, the rule of a recurring duty, and whether a person has to
confirm the reading at import. It never guesses silently: a cell it cannot read, or reads only in part, comes out
with ``needs_confirmation`` and a Russian note saying why.

How a cell is read: the text is normalised (case, "ё", dashes, "г."/"года" after a year, HTML paragraphs); it is cut
into segments at paragraphs, parentheses, commas, semicolons and sentences; every segment is scanned for known
phrases (dates, months, quarters, cadences, "постоянно", "по запросу", "далее" …), each giving a *piece*; whatever
is left over must be filler ("в срок", "и", punctuation) or it is reported as not understood. The pieces are then
combined into one deadline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from domain.deadlines import AtLeastPerPeriod, DayAfterPeriod, DeadlineRule, Recurrence, WorkingDaysAfter
from domain.periods import Period, PeriodKind, last_day_of_month


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


# --- pieces: what one phrase of a cell says -------------------------------------------------------------------


@dataclass(frozen=True)
class _Dated:
    """A dated phrase: a date, a month, a quarter, a half-year, a year, a range, or a list of one of these."""

    kind: RoadmapDeadlineKind
    due: tuple[date, ...]
    starts: date | None
    text: str
    explicit_year: bool = True
    annual: bool = False  # "февраль, ежегодно", "ежегодно до 20 декабря"
    doubts: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Rule:
    """A recurring duty. ``bare``: a cadence word alone ("ежеквартально", "еженедельно", "1 раз в квартал"), which a
    more precise phrase next to it replaces ("до 5 числа …", "по пятницам"); ``cadence`` is its period."""

    rule: DeadlineRule
    cadence: PeriodKind | None = None
    doubts: tuple[str, ...] = ()
    bare: bool = False


@dataclass(frozen=True)
class _DayOfMonth:
    """ "до N числа …": ``months_after`` counts from the last month of the reporting period (None: not said)."""

    day: int
    months_after: int | None
    period: PeriodKind | None


@dataclass(frozen=True)
class _Undated:
    """ "Постоянно", "в течение года" (continuous) or "по запросу", "по мере необходимости" (on demand)."""

    kind: RoadmapDeadlineKind
    text: str
    year: int | None = None


@dataclass(frozen=True)
class _Year:
    """A bare year, "2023 год": the deadline itself, or the year a cadence applies to ("Ежемесячно, 2022 год")."""

    year: int


@dataclass(frozen=True)
class _Then:
    """ "далее": what follows continues after the deadline ("Февраль 2022, далее постоянно")."""


@dataclass(frozen=True)
class _Reference:
    """A pointer, not a date: "в соответствии с планом-графиком", "согласно п. 1 …", "по согласованию с …"."""

    text: str
    doubt: str | None = None


@dataclass(frozen=True)
class _Unread:
    """Text of the cell no phrase explains."""

    text: str


_Piece = _Dated | _Rule | _DayOfMonth | _Undated | _Year | _Then | _Reference | _Unread
_T = TypeVar("_T")


# --- text normalisation -----------------------------------------------------------------------------------------

_MONTH_WORD = (
    r"(?:январ[ьяе]|янв|феврал[ьяе]|фев|март[ае]?|мар|апрел[ьяе]|апр|ма[йяе]|июн[ьяе]?|июл[ьяе]?|август[ае]?"
    r"|авг|сентябр[ьяе]|сент?|октябр[ьяе]|окт|ноябр[ьяе]|нояб?|декабр[ьяе]|дек)(?![а-я])\.?"
)
_MONTH_STEMS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_YEAR = r"(?<![\d.])(20\d{2})(?![\d.])"
_YEAR_SUFFIX = r"(?:\s+(?P<year>20\d{2})(?![\d.])|\s+(?P<rel>текущего|следующего|прошлого|предыдущего)\s+года)?"
_RELATIVE_YEARS = {"текущего": 0, "следующего": 1, "прошлого": -1, "предыдущего": -1}
_DASHES = re.compile(r"->|[‐‑‒–—―−→]")


def _rx(pattern: str) -> re.Pattern[str]:
    """Phrases match in any case; what they capture keeps the case of the cell, for the note."""
    return re.compile(pattern, re.IGNORECASE)


_YEAR_WORD = _rx(r"(\d{4})\s*(?:году|года|годов|годы|год|гг|г)(?![а-я])\.?")
_PARAGRAPH_BREAK = re.compile(r"</?p[^>]*>|<br\s*/?>|</?li[^>]*>|</?ul[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_Q = r"(?:iv|i{1,3}|[1-4])"
_QUARTER_WORD = r"(?:-?[йе]\s*)?(?:квартал[а-я]*|кв\.?)"
_QUARTER_LIST_COMMA = _rx(rf"(?<![\d.а-яa-z])({_Q})\s*,\s*(?={_Q}(?:\s*(?:,|и)\s*{_Q})*\s*{_QUARTER_WORD})")
_SEGMENT_BREAK = _rx(r"[,;]|\.(?=\s+[а-я])")
_MASK = "\x00"
_FILLER_WORDS = frozenset(
    {"в", "срок", "сроки", "срока", "и", "но", "а", "также", "текущего", "года", "г", "актуализация", "включительно"}
)


def _paragraphs(raw: str) -> list[str]:
    """The HTML paragraphs of a cell (a merged cell keeps each sub-item in its own ``<p>``), tags removed."""
    return [_TAG.sub(" ", part) for part in _PARAGRAPH_BREAK.split(raw) if _TAG.sub(" ", part).strip()]


def _normalized(text: str) -> str:
    """ "ё" as "е", every dash as "-", a year without "г."/"года", single spaces; the case is kept."""
    text = text.replace("ё", "е").replace("Ё", "Е").replace(_MASK, " ")
    text = _DASHES.sub("-", text)
    text = _YEAR_WORD.sub(r"\1", text)
    text = _rx(r"(месяца)\s*,\s*(следующ)").sub(r"\1 \2", text)
    text = _QUARTER_LIST_COMMA.sub(r"\1 и ", text)
    text = _rx(rf"({_MONTH_WORD})\s*,\s*(20\d{{2}})(?![\d.])").sub(r"\1 \2", text)
    return " ".join(text.split())


def _chunks(paragraph: str) -> list[tuple[str, bool]]:
    """The paragraph cut at parentheses: (text, inside parentheses). An unclosed "(" runs to the end."""
    chunks: list[tuple[str, bool]] = []
    depth, current = 0, ""
    for char in paragraph:
        if char == "(":
            if depth == 0:
                chunks.append((current, False))
                current = ""
            else:
                current += char
            depth += 1
        elif char == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                chunks.append((current, True))
                current = ""
            else:
                current += char
        else:
            current += char
    chunks.append((current, depth > 0))
    return [(text.strip(), inside) for text, inside in chunks if text.strip()]


def _closes_nothing(paragraph: str) -> bool:
    """True when a ")" closes no "(": the cell is the tail of a cell broken across lines or pages."""
    depth = 0
    for char in paragraph:
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return True
            depth -= 1
    return False


# --- phrases -----------------------------------------------------------------------------------------------------


def _month_number(word: str) -> int:
    return next(index for index, stem in enumerate(_MONTH_STEMS, start=1) if word.lower().startswith(stem))


def _year_of(match: re.Match[str], plan_year: int) -> tuple[int, bool]:
    """The year a phrase names (explicit, or "следующего года"), else the plan year; and whether it was named."""
    if match.group("year"):
        return int(match.group("year")), True
    if match.group("rel"):
        return plan_year + _RELATIVE_YEARS[match.group("rel").lower()], True
    return plan_year, False


def _full_year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _ru(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _dates_ru(days: Iterable[date]) -> str:
    return ", ".join(_ru(day) for day in days)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINALS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4}


def _ordinal(token: str) -> int:
    """1..4 from "2", "II" or "второй"."""
    token = token.lower()
    if token.isdigit():
        return int(token)
    if token in _ROMAN:
        return _ROMAN[token]
    return _ORDINALS[token[:4]]


def _period_piece(period: Period, explicit_year: bool) -> _Dated:
    kinds = {
        PeriodKind.MONTH: RoadmapDeadlineKind.MONTH,
        PeriodKind.QUARTER: RoadmapDeadlineKind.QUARTER,
        PeriodKind.HALF_YEAR: RoadmapDeadlineKind.HALF_YEAR,
        PeriodKind.YEAR: RoadmapDeadlineKind.YEAR,
    }
    text = f"{period.title_ru()} (до {_ru(period.end)})"
    return _Dated(kinds[period.kind], (period.end,), period.start, text, explicit_year)


def _periods_piece(periods: list[Period], explicit_year: bool) -> _Dated:
    """Several periods of one kind ("март, июнь", "2, 3, 4 квартал"): each is due at its end."""
    kinds = {PeriodKind.MONTH: RoadmapDeadlineKind.MONTHS, PeriodKind.QUARTER: RoadmapDeadlineKind.QUARTERS}
    due = tuple(period.end for period in periods)
    titles = ", ".join(period.title_ru() for period in periods)
    return _Dated(kinds[periods[0].kind], due, periods[0].start, f"{titles} (до {_dates_ru(due)})", explicit_year)


def _range_piece(starts: date, ends: date, explicit_year: bool) -> _Dated | _Unread:
    if ends < starts:
        return _Unread(f"период {_ru(starts)} – {_ru(ends)} заканчивается раньше, чем начинается")
    return _Dated(RoadmapDeadlineKind.RANGE, (ends,), starts, f"с {_ru(starts)} по {_ru(ends)}", explicit_year)


def _date_piece(day: date | None, by: str | None, explicit_year: bool, source: str) -> _Dated | _Unread:
    if day is None:
        return _Unread(f"нет такой даты: «{source}»")
    text = f"до {_ru(day)}" if by else _ru(day)
    return _Dated(RoadmapDeadlineKind.DATE, (day,), None, text, explicit_year)


def _exact_date(match: re.Match[str], plan_year: int) -> _Piece:
    day = _safe_date(_full_year(match.group(4)), int(match.group(3)), int(match.group(2)))
    return _date_piece(day, match.group(1), True, match.group(0))


def _day_and_month(match: re.Match[str], plan_year: int) -> _Piece:
    year, explicit = _year_of(match, plan_year)
    day = _safe_date(year, _month_number(match.group("month")), int(match.group("day")))
    return _date_piece(day, match.group("by"), explicit, match.group(0))


def _date_range(match: re.Match[str], plan_year: int) -> _Piece:
    end_year = _full_year(match.group(6))
    ends = _safe_date(end_year, int(match.group(5)), int(match.group(4)))
    start_month = int(match.group(2)) if match.group(2) else int(match.group(5))
    start_year = _full_year(match.group(3)) if match.group(3) else end_year
    starts = _safe_date(start_year, start_month, int(match.group(1)))
    if starts is None or ends is None:
        return _Unread(f"нет такой даты: «{match.group(0)}»")
    return _range_piece(starts, ends, True)


def _by_month(match: re.Match[str], plan_year: int) -> _Piece:
    """ "до марта": by the first day of the month, the day not said."""
    year, explicit = _year_of(match, plan_year)
    day = date(year, _month_number(match.group("month")), 1)
    doubt = f"«{match.group(0)}»: день не указан, прочитано как до {_ru(day)}"
    return _Dated(RoadmapDeadlineKind.DATE, (day,), None, f"до {_ru(day)}", explicit, doubts=(doubt,))


def _month(match: re.Match[str], plan_year: int) -> _Piece:
    year, explicit = _year_of(match, plan_year)
    return _period_piece(Period(kind=PeriodKind.MONTH, year=year, index=_month_number(match.group("month"))), explicit)


def _month_range(match: re.Match[str], plan_year: int) -> _Piece:
    first, last = _month_number(match.group("first")), _month_number(match.group("month"))
    last_year, explicit = _year_of(match, plan_year)
    if match.group("first_year"):
        first_year, explicit = int(match.group("first_year")), True
    else:
        first_year = last_year if first <= last else last_year - 1
    return _range_piece(date(first_year, first, 1), last_day_of_month(last_year, last), explicit)


def _quarter(match: re.Match[str], plan_year: int) -> _Piece:
    """ "2 квартал 2022", "II квартал", "второй квартал", "Q1"."""
    year, explicit = _year_of(match, plan_year)
    index = _ordinal(match.group("n")) if match.group("n") else int(match.group("q"))
    return _period_piece(Period(kind=PeriodKind.QUARTER, year=year, index=index), explicit)


def _quarter_list(match: re.Match[str], plan_year: int) -> _Piece:
    year, explicit = _year_of(match, plan_year)
    numbers = sorted({_ordinal(token) for token in re.findall(r"iv|i{1,3}|[1-4]", match.group("list").lower())})
    return _periods_piece([Period(kind=PeriodKind.QUARTER, year=year, index=n) for n in numbers], explicit)


def _quarter_range(match: re.Match[str], plan_year: int) -> _Piece:
    year, explicit = _year_of(match, plan_year)
    first = Period(kind=PeriodKind.QUARTER, year=year, index=_ordinal(match.group("first")))
    last = Period(kind=PeriodKind.QUARTER, year=year, index=_ordinal(match.group("n")))
    return _range_piece(first.start, last.end, explicit)


def _half_year(match: re.Match[str], plan_year: int) -> _Piece:
    year, explicit = _year_of(match, plan_year)
    index = min(_ordinal(match.group("n")), 2)
    return _period_piece(Period(kind=PeriodKind.HALF_YEAR, year=year, index=index), explicit)


def _bare_year(match: re.Match[str], plan_year: int) -> _Piece:
    return _Year(int(match.group(1)))


_PERIOD_WORDS = {
    "месяц": PeriodKind.MONTH,
    "квартал": PeriodKind.QUARTER,
    "полугодие": PeriodKind.HALF_YEAR,
    "полгода": PeriodKind.HALF_YEAR,
    "год": PeriodKind.YEAR,
}
_COUNT_WORDS = {
    "один": 1,
    "одного": 1,
    "два": 2,
    "двух": 2,
    "дважды": 2,
    "три": 3,
    "трех": 3,
    "трижды": 3,
    "четыре": 4,
    "четырех": 4,
}


def _at_least(match: re.Match[str], plan_year: int) -> _Piece:
    count_text = (match.group("count") or match.group("times") or "1").lower()
    count = int(count_text) if count_text.isdigit() else _COUNT_WORDS[count_text]
    period = _PERIOD_WORDS[match.group("period").lower()]
    if count < 1:
        return _Unread(match.group(0))
    if count == 1:
        return _Rule(AtLeastPerPeriod(count=1, period=period), cadence=period, bare=True)
    return _Rule(AtLeastPerPeriod(count=count, period=period))


_CADENCE_STEMS = {
    "ежемесячн": PeriodKind.MONTH,
    "ежеквартальн": PeriodKind.QUARTER,
    "ежегодн": PeriodKind.YEAR,
    "каждый месяц": PeriodKind.MONTH,
    "каждый квартал": PeriodKind.QUARTER,
    "каждое полугодие": PeriodKind.HALF_YEAR,
    "каждый год": PeriodKind.YEAR,
}
_FRIDAY = 4


def _cadence(match: re.Match[str], plan_year: int) -> _Piece:
    word = " ".join(match.group(0).lower().split())
    if word.startswith("ежедневн") or word == "каждый день":
        return _Rule(Recurrence(freq="daily"), bare=True)
    if word.startswith("еженедельн") or word == "каждую неделю":
        doubt = "день недели не указан: прочитано как пятница (последний рабочий день недели)"
        return _Rule(Recurrence(freq="weekly", weekday=_FRIDAY), doubts=(doubt,), bare=True)
    period = next(kind for stem, kind in _CADENCE_STEMS.items() if word.startswith(stem))
    return _Rule(AtLeastPerPeriod(count=1, period=period), cadence=period, bare=True)


_WEEKDAY_STEMS = ("пон", "вто", "сре", "чет", "пят", "суб", "вос")
_SETPOS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4, "посл": -1}


def _weekday(word: str) -> int:
    return next(index for index, stem in enumerate(_WEEKDAY_STEMS) if word.lower().startswith(stem))


def _weekday_of_month(match: re.Match[str], plan_year: int) -> _Piece:
    """ "Последний вторник каждого месяца" → monthly, on the last Tuesday."""
    setpos = _SETPOS[match.group("pos")[:4].lower()]
    return _Rule(Recurrence(freq="monthly", weekday=_weekday(match.group("weekday")), setpos=setpos))


def _weekly_on(match: re.Match[str], plan_year: int) -> _Piece:
    """ "по пятницам", "каждый понедельник"."""
    return _Rule(Recurrence(freq="weekly", weekday=_weekday(match.group("weekday") or match.group("weekday2"))))


def _day_of_month(match: re.Match[str], plan_year: int) -> _Piece:
    """ "до 5 числа месяца, следующего за отчетным периодом", "до 28 числа отчетного месяца"."""
    day = int(match.group("day"))
    anchor = " ".join((match.group("anchor") or "").lower().split())
    if not 1 <= day <= 31:
        return _Unread(match.group(0))
    if "следующ" in anchor:
        period = {"месяцем": PeriodKind.MONTH, "кварталом": PeriodKind.QUARTER, "годом": PeriodKind.YEAR}
        return _DayOfMonth(day, 1, next((kind for word, kind in period.items() if anchor.endswith(word)), None))
    if anchor.startswith("последнего месяца"):
        return _DayOfMonth(day, 0, None)
    if anchor in {"отчетного месяца", "каждого месяца", "текущего месяца"}:
        return _DayOfMonth(day, 0, PeriodKind.MONTH)
    return _DayOfMonth(day, None, None)


_KNOWN_EVENTS = {"завершения мониторинга": "monitoring_completed"}


def _working_days_after(match: re.Match[str], plan_year: int) -> _Piece:
    """ "в течение 10 рабочих дней после завершения мониторинга" (приказ 135-р п. 4.2)."""
    event_ru = match.group("event").strip()
    event = _KNOWN_EVENTS.get(" ".join(event_ru.lower().split()))
    rule = WorkingDaysAfter(event=event or "other", event_ru=event_ru, working_days=int(match.group("days")))
    doubts = () if event else (f"событие «{event_ru}» не из справочника событий: выберите событие",)
    return _Rule(rule, doubts=doubts)


def _continuous(match: re.Match[str], plan_year: int) -> _Piece:
    year = match.group("year")
    if year:
        return _Undated(RoadmapDeadlineKind.CONTINUOUS, f"в течение {year} года", int(year))
    return _Undated(RoadmapDeadlineKind.CONTINUOUS, _lower_first(match.group(0)))


def _on_demand(match: re.Match[str], plan_year: int) -> _Piece:
    return _Undated(RoadmapDeadlineKind.ON_DEMAND, _lower_first(match.group(0).strip()))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _then(match: re.Match[str], plan_year: int) -> _Piece:
    return _Then()


def _reference(match: re.Match[str], plan_year: int) -> _Piece:
    text = match.group(0).strip()
    doubt = f"срок «{text}»: дату нужно согласовать и внести" if text.lower().startswith("по согласованию") else None
    return _Reference(text, doubt)


_WORD_START = r"(?<![а-яa-z])"
_WORD_END = r"(?![а-яa-z])"
_WEEKDAY_WORD = r"(?:понедельник|вторник|сред[ауы]|четверг|пятниц[ауы]|суббот[ауы]|воскресенье)"
_REFERENCE_HEAD = (
    r"(?:согласно|в соответствии|по плану|по графику|по согласованию|с нарастающим итогом|нарастающим итогом"
    r"|в рамках|на основании)"
)
_REFERENCE = _rx(_WORD_START + _REFERENCE_HEAD + r"[^\x00]*")
_REQUEST_HEAD = r"(?:по запросу|по требованию|по обращени[а-я]*)"
_WHOLE_PARENTHETICAL = _rx(rf"(?:{_REQUEST_HEAD}|{_REFERENCE_HEAD})")

# Most specific first: a phrase claims its text, so a later, looser one cannot read it again.
_PHRASES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], int], _Piece]], ...] = (
    (_REFERENCE, _reference),
    (_rx(_WORD_START + _REQUEST_HEAD + r"[^\x00]*"), _on_demand),
    (
        _rx(
            _WORD_START
            + r"в течени[еи] (?P<days>\d+) рабоч[а-я]* дн[а-я]* (?:после|с момента|со дня|с даты) (?P<event>[^\x00]+)"
        ),
        _working_days_after,
    ),
    (
        _rx(
            rf"{_WORD_START}(?:в\s+|кажд[а-я]*\s+)?(?P<pos>последн[а-я]*|перв[а-я]*|втор(?:ой|ая|ое|ую)|трет[а-я]*|четверт[а-я]*)"
            rf"\s+(?P<weekday>{_WEEKDAY_WORD})(?:\s+(?:каждого\s+)?месяца)?"
        ),
        _weekday_of_month,
    ),
    (
        _rx(
            rf"{_WORD_START}(?:по\s+(?P<weekday>понедельникам|вторникам|средам|четвергам|пятницам|субботам|воскресеньям)"
            rf"|кажд[а-я]*\s+(?P<weekday2>{_WEEKDAY_WORD}))"
        ),
        _weekly_on,
    ),
    (
        _rx(
            rf"{_WORD_START}(?:в срок\s+)?(?:до|не позднее)\s+(?P<day>\d{{1,2}})(?:-?го)?\s+числа"
            r"(?:\s+(?P<anchor>последнего месяца отчетного (?:периода|квартала|года)|отчетного месяца"
            r"|месяца\s+следующ[а-я]*\s+за(?:\s+отчетн[а-я]*(?:\s+(?:периодом|месяцем|кварталом|полугодием|годом))?)?"
            r"|следующего месяца|каждого месяца|текущего месяца|месяца))?"
        ),
        _day_of_month,
    ),
    (
        _rx(
            r"(?<![\d.])(?:с\s+)?(\d{1,2})(?:\.(\d{1,2}))?(?:\.(\d{4}|\d{2}))?(?:\s*-\s*|\s+по\s+)"
            r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)"
        ),
        _date_range,
    ),
    (_rx(r"(?<![\d.])(?:(до|не позднее|к)\s+)?(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)"), _exact_date),
    (
        _rx(rf"(?<![\d.])(?:(?P<by>до|не позднее|к)\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_WORD}){_YEAR_SUFFIX}"),
        _day_and_month,
    ),
    (_rx(rf"(?<![а-я])(?:до|не позднее)\s+(?P<month>{_MONTH_WORD}){_YEAR_SUFFIX}"), _by_month),
    (
        _rx(
            rf"{_WORD_START}(?:не реже\s+)?(?:(?:(?P<count>\d+|один|одного|два|двух|три|трех|четыре|четырех)\s+)?раза?"
            r"|(?P<times>дважды|трижды))\s+в\s+"
            r"(?P<period>месяц|квартал|полугодие|полгода|год)(?![а-я])"
        ),
        _at_least,
    ),
    (
        _rx(
            rf"{_WORD_START}(?:ежедневн[а-я]*|еженедельн[а-я]*|ежемесячн[а-я]*|ежеквартальн[а-я]*|ежегодн[а-я]*"
            r"|каждый (?:день|месяц|квартал|год)|каждую неделю|каждое полугодие)"
        ),
        _cadence,
    ),
    (
        _rx(rf"(?<![\d.а-яa-z])(?P<list>{_Q}(?:\s*(?:,|и)\s*{_Q})+)\s*{_QUARTER_WORD}{_YEAR_SUFFIX}"),
        _quarter_list,
    ),
    (
        _rx(
            rf"(?<![\d.а-яa-z])(?:с\s+)?(?P<first>{_Q})\s*(?:-|\s+по\s+)\s*(?P<n>{_Q})\s*{_QUARTER_WORD}{_YEAR_SUFFIX}"
        ),
        _quarter_range,
    ),
    (
        _rx(
            rf"(?:(?<![\d.а-яa-z])(?P<n>{_Q}|перв[а-я]*|втор[а-я]*|трет[а-я]*|четверт[а-я]*)\s*{_QUARTER_WORD}"
            rf"|(?<![а-яa-z])q(?P<q>[1-4])){_YEAR_SUFFIX}"
        ),
        _quarter,
    ),
    (
        _rx(rf"(?<![\d.а-яa-z])(?P<n>[12]|ii|i|перв[а-я]*|втор[а-я]*)\s*(?:-?[ео]\s*)?полугоди[а-я]*{_YEAR_SUFFIX}"),
        _half_year,
    ),
    (
        _rx(
            rf"(?:с\s+)?(?P<first>{_MONTH_WORD})(?:\s+(?P<first_year>20\d{{2}}))?(?:\s*-\s*|\s+по\s+)"
            rf"(?P<month>{_MONTH_WORD}){_YEAR_SUFFIX}"
        ),
        _month_range,
    ),
    (_rx(rf"(?<![а-я])(?P<month>{_MONTH_WORD}){_YEAR_SUFFIX}"), _month),
    (
        _rx(
            rf"{_WORD_START}(?:в течени[еи]\s+(?:всего\s+)?(?:года|периода|(?P<year>20\d{{2}})(?![\d.]))|постоянно"
            rf"|на постоянной основе|в актуальном режиме|круглогодично){_WORD_END}"
        ),
        _continuous,
    ),
    (
        _rx(
            rf"{_WORD_START}(?:по мере необходимости|по необходимости|при необходимости"
            rf"|по мере [а-я]+(?:\s+[а-я]+)?){_WORD_END}"
        ),
        _on_demand,
    ),
    (_rx(rf"{_WORD_START}(?:далее|в дальнейшем|затем|впоследствии){_WORD_END}"), _then),
    (_rx(_YEAR), _bare_year),
)


def _segment_pieces(segment: str, plan_year: int) -> list[_Piece]:
    """The phrases of one segment in the order written, and what is left unexplained."""
    masked = segment
    found: list[tuple[int, _Piece]] = []
    for pattern, read in _PHRASES:
        for match in pattern.finditer(masked):
            found.append((match.start(), read(match, plan_year)))
        masked = pattern.sub(lambda m: _MASK * len(m.group(0)), masked)
    words = re.findall(r"[a-zа-я0-9]+", masked, re.IGNORECASE)
    leftover = [word for word in words if word.lower() not in _FILLER_WORDS]
    if leftover:
        found.append((masked.find(leftover[0]), _Unread(" ".join(leftover))))
    return [piece for _, piece in sorted(found, key=lambda item: item[0])]


def _chunk_pieces(text: str, in_parentheses: bool, plan_year: int) -> list[_Piece]:
    """A parenthetical that is a pointer or a requester ("(по запросу государственных учреждений, …)") is read
    whole; anything else is cut into segments at commas, semicolons and sentence ends."""
    if in_parentheses and _WHOLE_PARENTHETICAL.match(text):
        return _segment_pieces(text, plan_year)
    return [piece for segment in _SEGMENT_BREAK.split(text) for piece in _segment_pieces(segment.strip(), plan_year)]


def _cell_pieces(raw: str, plan_year: int) -> list[_Piece]:
    return [
        piece
        for paragraph in _paragraphs(raw)
        for text, inside in _chunks(_normalized(paragraph))
        for piece in _chunk_pieces(text, inside, plan_year)
    ]


# --- combining pieces ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """What a cell says once its pieces are combined; ``doubts`` are the reasons a person must confirm it."""

    dated: tuple[_Dated, ...] = ()
    rules: tuple[_Rule, ...] = ()
    undated: tuple[_Undated, ...] = ()
    years: tuple[int, ...] = ()
    continuations: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    doubts: tuple[str, ...] = ()


def _without_continuations(pieces: list[_Piece]) -> tuple[list[_Piece], list[str], list[str]]:
    """Pieces with "далее …" taken out: the undated phrases after "далее" continue the row beyond its deadline."""
    kept: list[_Piece] = []
    continuations: list[str] = []
    doubts: list[str] = []
    after_then = False
    for piece in pieces:
        if isinstance(piece, _Then):
            after_then = True
            continue
        if after_then and isinstance(piece, _Undated):
            continuations.append(piece.text)
            continue
        if after_then and not continuations:
            doubts.append("«далее» без продолжения")
        after_then = False
        kept.append(piece)
    if after_then and not continuations:
        doubts.append("«далее» без продолжения")
    return kept, continuations, doubts


def _day_rule(day: _DayOfMonth, cadence: PeriodKind | None) -> _Rule:
    """ "до N числа …" as a rule, with the period of the cadence before it (or the one the text names)."""
    doubts: list[str] = []
    period = cadence or day.period
    if period is None:
        period = PeriodKind.QUARTER
        doubts.append("отчетный период не назван: прочитан как квартал (§7 п. 2)")
    elif cadence is not None and day.period is not None and day.period != cadence:
        doubts.append("периодичность и отчетный период в тексте расходятся")
    months_after = day.months_after
    if months_after is None:
        months_after = 1
        doubts.append(f"не сказано, какого месяца {day.day} число: прочитано как месяц, следующий за отчетным периодом")
    return _Rule(DayAfterPeriod(period=period, months_after=months_after, day=day.day), doubts=tuple(doubts))


def _is_plain_cadence(piece: _Piece | None, period: PeriodKind) -> bool:
    return isinstance(piece, _Rule) and piece.bare and piece.cadence == period


def _frequency(piece: _Piece | None) -> str | None:
    """How often a rule recurs, to match a bare cadence word with the precise rule next to it."""
    if not isinstance(piece, _Rule):
        return None
    if isinstance(piece.rule, Recurrence):
        return piece.rule.freq
    return "monthly" if piece.cadence == PeriodKind.MONTH else None


def _replaces_bare(piece: _Piece, bare: _Piece | None) -> bool:
    """True when ``piece`` is a precise rule and ``bare`` a bare cadence word of the same frequency."""
    return (
        isinstance(piece, _Rule)
        and not piece.bare
        and isinstance(bare, _Rule)
        and bare.bare
        and _frequency(piece) is not None
        and _frequency(piece) == _frequency(bare)
    )


def _merged(pieces: list[_Piece]) -> list[_Piece]:
    """Adjacent pieces that say one thing together: "ежеквартально" + "до 10 числа …"; "ежемесячно" + "последний
    вторник месяца"; "февраль" + "ежегодно"."""
    result: list[_Piece] = []
    for piece in pieces:
        previous = result[-1] if result else None
        if isinstance(piece, _DayOfMonth):
            if isinstance(previous, _Rule) and previous.bare and previous.cadence is not None:
                result[-1] = _day_rule(piece, previous.cadence)
            else:
                result.append(_day_rule(piece, None))
        elif _replaces_bare(piece, previous):
            result[-1] = piece
        elif previous is not None and _replaces_bare(previous, piece):
            continue
        elif isinstance(piece, _Dated) and _is_plain_cadence(previous, PeriodKind.YEAR):
            result[-1] = replace(piece, annual=True)
        elif isinstance(previous, _Dated) and _is_plain_cadence(piece, PeriodKind.YEAR):
            result[-1] = replace(previous, annual=True)
        else:
            result.append(piece)
    return result


def _reading(pieces: list[_Piece]) -> _Reading:
    kept, continuations, doubts = _without_continuations(pieces)
    kept = _merged(kept)
    for piece in kept:
        if isinstance(piece, _Unread):
            doubts.append(f"не понято: «{piece.text}»")
        elif isinstance(piece, _Reference) and piece.doubt:
            doubts.append(piece.doubt)
        elif isinstance(piece, _Rule | _Dated):
            doubts.extend(piece.doubts)
    return _Reading(
        dated=tuple(piece for piece in kept if isinstance(piece, _Dated)),
        rules=tuple(piece for piece in kept if isinstance(piece, _Rule)),
        undated=tuple(piece for piece in kept if isinstance(piece, _Undated)),
        years=tuple(piece.year for piece in kept if isinstance(piece, _Year)),
        continuations=tuple(continuations),
        references=tuple(piece.text for piece in kept if isinstance(piece, _Reference)),
        doubts=tuple(doubts),
    )


def _unique(items: Iterable[_T]) -> list[_T]:
    """The items without repeats, in the order first written."""
    seen: list[_T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


_PLURAL = {
    RoadmapDeadlineKind.DATE: RoadmapDeadlineKind.DATES,
    RoadmapDeadlineKind.DATES: RoadmapDeadlineKind.DATES,
    RoadmapDeadlineKind.MONTH: RoadmapDeadlineKind.MONTHS,
    RoadmapDeadlineKind.MONTHS: RoadmapDeadlineKind.MONTHS,
    RoadmapDeadlineKind.QUARTER: RoadmapDeadlineKind.QUARTERS,
    RoadmapDeadlineKind.QUARTERS: RoadmapDeadlineKind.QUARTERS,
}


def _year_piece(year: int) -> _Dated:
    return _period_piece(Period(kind=PeriodKind.YEAR, year=year, index=1), True)


@dataclass(frozen=True)
class _Result:
    """The fields of a ``RoadmapDeadline`` before the year checks."""

    kind: RoadmapDeadlineKind
    due_dates: tuple[date, ...] = ()
    starts: date | None = None
    rule: DeadlineRule | None = None
    understood: tuple[str, ...] = ()
    doubts: tuple[str, ...] = ()


def _dated_result(reading: _Reading, plan_year: int) -> _Result:
    """One dated phrase, or several: of one kind they make a list (MONTHS, QUARTERS, DATES), of mixed kinds DATES."""
    pieces = _unique(reading.dated + tuple(_year_piece(year) for year in reading.years))
    written = [day for piece in pieces for day in piece.due]
    due = tuple(sorted(set(written)))
    doubts: list[str] = []
    if len(pieces) == 1:
        kind = pieces[0].kind
    elif len({_PLURAL.get(piece.kind) for piece in pieces}) == 1 and pieces[0].kind in _PLURAL:
        kind = _PLURAL[pieces[0].kind]
    else:
        kind = RoadmapDeadlineKind.DATES
        doubts.append("в одной ячейке сроки разного вида: подтвердите или разделите строку")
    if written != sorted(written):
        doubts.append("сроки записаны не по порядку: упорядочены, проверьте год каждого")
    named_years = {day.year for piece in pieces if piece.explicit_year for day in piece.due}
    if named_years - {plan_year} and not all(piece.explicit_year for piece in pieces):
        doubts.append(f"год указан не у всех сроков: где не указан, взят {plan_year}")
    starts_known = [piece.starts for piece in pieces if piece.starts is not None]
    starts = min(starts_known) if len(starts_known) == len(pieces) else None
    understood = [_dated_text(piece) for piece in pieces]
    if reading.undated and not reading.continuations:
        doubts.append("в ячейке и срок, и «" + "», «".join(_texts(reading.undated)) + "»")
    return _Result(kind, due, starts, None, tuple(understood), tuple(doubts))


def _dated_text(piece: _Dated) -> str:
    return piece.text + (", ежегодно" if piece.annual else "")


def _texts(pieces: Iterable[_Undated]) -> list[str]:
    """The words of undated phrases, each once whatever its case."""
    first: dict[str, str] = {}
    for piece in pieces:
        first.setdefault(piece.text.lower(), piece.text)
    return list(first.values())


def _recurring_result(reading: _Reading) -> _Result:
    """A recurring duty: the first rule; more than one rule, or rules with dates, make a compound cell."""
    rules = _unique(piece.rule for piece in reading.rules)
    understood = [rule.describe_ru() for rule in rules]
    doubts: list[str] = []
    if len(rules) > 1:
        doubts.append("в одной ячейке несколько периодичностей: таймер — по первой, подтвердите или разделите строку")
    if reading.dated:
        understood.extend(_dated_text(piece) for piece in reading.dated)
        doubts.append("в одной ячейке периодичность и даты: подтвердите или разделите строку")
    understood.extend(_texts(reading.undated))
    return _Result(RoadmapDeadlineKind.RECURRING, (), _scope_start(reading), rules[0], tuple(understood), tuple(doubts))


def _undated_result(reading: _Reading) -> _Result:
    on_demand = any(piece.kind == RoadmapDeadlineKind.ON_DEMAND for piece in reading.undated)
    kind = RoadmapDeadlineKind.ON_DEMAND if on_demand else RoadmapDeadlineKind.CONTINUOUS
    understood = _texts(reading.undated)
    understood.append("без срока: таймера нет, состояние запрашивается в конце квартала")
    return _Result(kind, (), _scope_start(reading), None, tuple(understood))


def _scope_years(reading: _Reading) -> list[int]:
    """The years a cadence or a continuous duty is limited to: "Ежемесячно, 2022 год", "В течение 2022 года"."""
    named = [piece.year for piece in reading.undated if piece.year is not None]
    return sorted(set(named + list(reading.years)))


def _scope_start(reading: _Reading) -> date | None:
    years = _scope_years(reading)
    return date(years[0], 1, 1) if years else None


def _result(reading: _Reading, plan_year: int) -> _Result:
    if reading.rules:
        result = _recurring_result(reading)
    elif reading.dated or (reading.years and not reading.undated):
        result = _dated_result(reading, plan_year)
    elif reading.undated:
        result = _undated_result(reading)
    else:
        return _Result(RoadmapDeadlineKind.UNRECOGNIZED)
    doubts = list(reading.doubts) + list(result.doubts)
    if not result.due_dates and len(_scope_years(reading)) > 1:
        doubts.append("назван не один год: подтвердите, к какому году относится строка")
    if reading.continuations:
        doubts.append("после срока строка продолжается («далее …»): продолжение — без таймера")
    understood = list(result.understood)
    if reading.continuations:
        understood.append("далее — " + ", ".join(_unique(reading.continuations)) + " (без таймера)")
    understood.extend(reading.references)
    return replace(result, understood=tuple(understood), doubts=tuple(doubts))


def _year_doubts(years: set[int], plan_year: int) -> list[str]:
    doubts = [
        f"{year} год раньше года плана ({plan_year}): возможно, опечатка" for year in sorted(years) if year < plan_year
    ]
    doubts.extend(f"{year} год позже следующего за планом года" for year in sorted(years) if year > plan_year + 1)
    return doubts


def _unrecognized_reason(reading: _Reading) -> str:
    """Why nothing could be read: the pointers found instead of a date, and the words not understood."""
    parts = list(reading.doubts)
    parts.extend(f"вместо даты ссылка «{text}»" for text in reading.references if not any(text in d for d in parts))
    return "Срок не распознан" + (" (" + "; ".join(parts) + ")" if parts else "")


def _unrecognized(raw: str, reason: str) -> RoadmapDeadline:
    return RoadmapDeadline(
        raw=raw, kind=RoadmapDeadlineKind.UNRECOGNIZED, needs_confirmation=True, note=f"{reason}: укажите срок вручную"
    )


# A roadmap's cells are read again on every submission of it, twice each (the update's validator and its
# handler); a reading depends on the text and the year alone, and a reading is immutable.
@lru_cache(maxsize=4096)
def normalize_deadline(raw: str, plan_year: int) -> RoadmapDeadline:
    """Read a roadmap deadline cell of the plan for ``plan_year`` (план мероприятий на ``plan_year`` год)."""
    if not raw.strip():
        return _unrecognized(raw, "Срок не указан")
    if any(_closes_nothing(paragraph) for paragraph in _paragraphs(raw)):
        return _unrecognized(raw, "Похоже на продолжение ячейки, разорванной переносом строки или страницы")
    reading = _reading(_cell_pieces(raw, plan_year))
    result = _result(reading, plan_year)
    if result.kind == RoadmapDeadlineKind.UNRECOGNIZED:
        return _unrecognized(raw, _unrecognized_reason(reading))
    years = {day.year for day in result.due_dates} | ({result.starts.year} if result.starts else set())
    outside = any(year != plan_year for year in years)
    doubts = list(result.doubts) + _year_doubts(years, plan_year)
    note = "Прочитано: " + "; ".join(result.understood) + "."
    if outside:
        note += f" Выходит за пределы {plan_year} года."
    if doubts:
        note += " Подтвердите: " + "; ".join(_unique(doubts)) + "."
    return RoadmapDeadline(
        raw=raw,
        kind=result.kind,
        due_dates=result.due_dates,
        starts=result.starts,
        rule=result.rule,
        outside_plan_year=outside,
        needs_confirmation=bool(doubts),
        note=note,
    )
