"""Reading a roadmap deadline cell (графа «Сроки исполнения / Срок реализации / Сроки проведения» плана
мероприятий, «дорожной карты») into a ``RoadmapDeadline``: what is due and when, the rule of a recurring duty, and
whether a person has to confirm the reading at import.

The cells are written by hand and often compound (domain brief §3.3, §7 item 15): a month ("Февраль 2022 года"),
several months ("март июнь октябрь декабрь"), quarters ("3 – 4 кварталы 2022 года, 2023 год"), exact dates
("02.03.2022 30.08.2022"), a cadence ("Ежеквартально до 10 числа месяца, следующего за отчетным периодом",
"Последний вторник каждого месяца"), or no date at all ("Постоянно", "По запросу"). ``normalize_deadline`` never
guesses silently: a cell it cannot read, or reads only in part, comes out with ``needs_confirmation`` and a Russian
note saying why.

How a cell is read: the text is normalised (case, "ё", dashes, "г."/"года" after a year, HTML paragraphs); it is cut
into segments at paragraphs, parentheses, commas, semicolons and sentences; every segment is scanned for known
phrases (``domain.roadmap.phrases``: dates, months, quarters, cadences, "постоянно", "по запросу", "далее" …), each
giving a piece (``domain.roadmap.pieces``); whatever is left over must be filler ("в срок", "и", punctuation) or it
is reported as not understood. The pieces are then combined here into one deadline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import TypeVar

from domain.deadlines import DayAfterPeriod, DeadlineRule, Recurrence
from domain.periods import Period, PeriodKind
from domain.roadmap.model import RoadmapDeadline, RoadmapDeadlineKind
from domain.roadmap.phrases import WHOLE_PARENTHETICAL, normalized, period_piece, segment_pieces
from domain.roadmap.pieces import Dated, DayOfMonth, Piece, Reference, Rule, Then, Undated, Unread, Year

_T = TypeVar("_T")


# --- cutting a cell into segments and pieces -------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"</?p[^>]*>|<br\s*/?>|</?li[^>]*>|</?ul[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SEGMENT_BREAK = re.compile(r"[,;]|\.(?=\s+[а-я])", re.IGNORECASE)


def _paragraphs(raw: str) -> list[str]:
    """The HTML paragraphs of a cell (a merged cell keeps each sub-item in its own ``<p>``), tags removed."""
    return [_TAG.sub(" ", part) for part in _PARAGRAPH_BREAK.split(raw) if _TAG.sub(" ", part).strip()]


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


def _chunk_pieces(text: str, in_parentheses: bool, plan_year: int) -> list[Piece]:
    """A parenthetical that is a pointer or a requester ("(по запросу государственных учреждений, …)") is read
    whole; anything else is cut into segments at commas, semicolons and sentence ends."""
    if in_parentheses and WHOLE_PARENTHETICAL.match(text):
        return segment_pieces(text, plan_year)
    return [piece for segment in _SEGMENT_BREAK.split(text) for piece in segment_pieces(segment.strip(), plan_year)]


def _cell_pieces(raw: str, plan_year: int) -> list[Piece]:
    return [
        piece
        for paragraph in _paragraphs(raw)
        for text, inside in _chunks(normalized(paragraph))
        for piece in _chunk_pieces(text, inside, plan_year)
    ]


# --- combining pieces ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """What a cell says once its pieces are combined; ``doubts`` are the reasons a person must confirm it."""

    dated: tuple[Dated, ...] = ()
    rules: tuple[Rule, ...] = ()
    undated: tuple[Undated, ...] = ()
    years: tuple[int, ...] = ()
    continuations: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    doubts: tuple[str, ...] = ()


def _without_continuations(pieces: list[Piece]) -> tuple[list[Piece], list[str], list[str]]:
    """Pieces with "далее …" taken out: the undated phrases after "далее" continue the row beyond its deadline."""
    kept: list[Piece] = []
    continuations: list[str] = []
    doubts: list[str] = []
    after_then = False
    for piece in pieces:
        if isinstance(piece, Then):
            after_then = True
            continue
        if after_then and isinstance(piece, Undated):
            continuations.append(piece.text)
            continue
        if after_then and not continuations:
            doubts.append("«далее» без продолжения")
        after_then = False
        kept.append(piece)
    if after_then and not continuations:
        doubts.append("«далее» без продолжения")
    return kept, continuations, doubts


def _day_rule(day: DayOfMonth, cadence: PeriodKind | None) -> Rule:
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
    return Rule(DayAfterPeriod(period=period, months_after=months_after, day=day.day), doubts=tuple(doubts))


def _is_plain_cadence(piece: Piece | None, period: PeriodKind) -> bool:
    return isinstance(piece, Rule) and piece.bare and piece.cadence == period


def _frequency(piece: Piece | None) -> str | None:
    """How often a rule recurs, to match a bare cadence word with the precise rule next to it."""
    if not isinstance(piece, Rule):
        return None
    if isinstance(piece.rule, Recurrence):
        return piece.rule.freq
    return "monthly" if piece.cadence == PeriodKind.MONTH else None


def _replaces_bare(piece: Piece, bare: Piece | None) -> bool:
    """True when ``piece`` is a precise rule and ``bare`` a bare cadence word of the same frequency."""
    return (
        isinstance(piece, Rule)
        and not piece.bare
        and isinstance(bare, Rule)
        and bare.bare
        and _frequency(piece) is not None
        and _frequency(piece) == _frequency(bare)
    )


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Adjacent pieces that say one thing together: "ежеквартально" + "до 10 числа …"; "ежемесячно" + "последний
    вторник месяца"; "февраль" + "ежегодно"."""
    result: list[Piece] = []
    for piece in pieces:
        previous = result[-1] if result else None
        if isinstance(piece, DayOfMonth):
            if isinstance(previous, Rule) and previous.bare and previous.cadence is not None:
                result[-1] = _day_rule(piece, previous.cadence)
            else:
                result.append(_day_rule(piece, None))
        elif _replaces_bare(piece, previous):
            result[-1] = piece
        elif previous is not None and _replaces_bare(previous, piece):
            continue
        elif isinstance(piece, Dated) and _is_plain_cadence(previous, PeriodKind.YEAR):
            result[-1] = replace(piece, annual=True)
        elif isinstance(previous, Dated) and _is_plain_cadence(piece, PeriodKind.YEAR):
            result[-1] = replace(previous, annual=True)
        else:
            result.append(piece)
    return result


def _reading(pieces: list[Piece]) -> _Reading:
    kept, continuations, doubts = _without_continuations(pieces)
    kept = _merged(kept)
    for piece in kept:
        if isinstance(piece, Unread):
            doubts.append(f"не понято: «{piece.text}»")
        elif isinstance(piece, Reference) and piece.doubt:
            doubts.append(piece.doubt)
        elif isinstance(piece, Rule | Dated):
            doubts.extend(piece.doubts)
    return _Reading(
        dated=tuple(piece for piece in kept if isinstance(piece, Dated)),
        rules=tuple(piece for piece in kept if isinstance(piece, Rule)),
        undated=tuple(piece for piece in kept if isinstance(piece, Undated)),
        years=tuple(piece.year for piece in kept if isinstance(piece, Year)),
        continuations=tuple(continuations),
        references=tuple(piece.text for piece in kept if isinstance(piece, Reference)),
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


def _year_piece(year: int) -> Dated:
    return period_piece(Period(kind=PeriodKind.YEAR, year=year, index=1), True)


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


def _dated_text(piece: Dated) -> str:
    return piece.text + (", ежегодно" if piece.annual else "")


def _texts(pieces: Iterable[Undated]) -> list[str]:
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
