"""The phrases a roadmap deadline cell is written in (формулировки сроков), each read into a piece: exact dates and
ranges, days of a month ("до 28 февраля"), months, quarters, half-years and years, lists and ranges of them,
cadences ("ежеквартально", "не реже 1 раза в квартал", "последний вторник каждого месяца", "до 5 числа месяца,
следующего за отчетным периодом", "в течение 10 рабочих дней после …"), continuous and on-demand duties
("постоянно", "по запросу"), "далее", and pointers instead of a date ("в соответствии с планом-графиком").

``normalized`` brings a cell's text to the form the phrases expect; ``segment_pieces`` scans one segment with the
phrase table (``PHRASES``, most specific first) and reports the words no phrase explains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from domain.deadlines import AtLeastPerPeriod, Recurrence, WorkingDaysAfter
from domain.periods import Period, PeriodKind, last_day_of_month
from domain.roadmap.model import RoadmapDeadlineKind
from domain.roadmap.pieces import Dated, DayOfMonth, Piece, Reference, Rule, Then, Undated, Unread, Year

# --- the text as the phrases expect it ------------------------------------------------------------------------

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
_Q = r"(?:iv|i{1,3}|[1-4])"
_QUARTER_WORD = r"(?:-?[йе]\s*)?(?:квартал[а-я]*|кв\.?)"
_QUARTER_LIST_COMMA = _rx(rf"(?<![\d.а-яa-z])({_Q})\s*,\s*(?={_Q}(?:\s*(?:,|и)\s*{_Q})*\s*{_QUARTER_WORD})")
_MASK = "\x00"
_FILLER_WORDS = frozenset(
    {"в", "срок", "сроки", "срока", "и", "но", "а", "также", "текущего", "года", "г", "актуализация", "включительно"}
)


def normalized(text: str) -> str:
    """ "ё" as "е", every dash as "-", a year without "г."/"года", single spaces; the case is kept."""
    text = text.replace("ё", "е").replace("Ё", "Е").replace(_MASK, " ")
    text = _DASHES.sub("-", text)
    text = _YEAR_WORD.sub(r"\1", text)
    text = _rx(r"(месяца)\s*,\s*(следующ)").sub(r"\1 \2", text)
    text = _QUARTER_LIST_COMMA.sub(r"\1 и ", text)
    text = _rx(rf"({_MONTH_WORD})\s*,\s*(20\d{{2}})(?![\d.])").sub(r"\1 \2", text)
    return " ".join(text.split())


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


def period_piece(period: Period, explicit_year: bool) -> Dated:
    kinds = {
        PeriodKind.MONTH: RoadmapDeadlineKind.MONTH,
        PeriodKind.QUARTER: RoadmapDeadlineKind.QUARTER,
        PeriodKind.HALF_YEAR: RoadmapDeadlineKind.HALF_YEAR,
        PeriodKind.YEAR: RoadmapDeadlineKind.YEAR,
    }
    text = f"{period.title_ru()} (до {_ru(period.end)})"
    return Dated(kinds[period.kind], (period.end,), period.start, text, explicit_year)


def _periods_piece(periods: list[Period], explicit_year: bool) -> Dated:
    """Several periods of one kind ("март, июнь", "2, 3, 4 квартал"): each is due at its end."""
    kinds = {PeriodKind.MONTH: RoadmapDeadlineKind.MONTHS, PeriodKind.QUARTER: RoadmapDeadlineKind.QUARTERS}
    due = tuple(period.end for period in periods)
    titles = ", ".join(period.title_ru() for period in periods)
    return Dated(kinds[periods[0].kind], due, periods[0].start, f"{titles} (до {_dates_ru(due)})", explicit_year)


def _range_piece(starts: date, ends: date, explicit_year: bool) -> Dated | Unread:
    if ends < starts:
        return Unread(f"период {_ru(starts)} – {_ru(ends)} заканчивается раньше, чем начинается")
    return Dated(RoadmapDeadlineKind.RANGE, (ends,), starts, f"с {_ru(starts)} по {_ru(ends)}", explicit_year)


def _date_piece(day: date | None, by: str | None, explicit_year: bool, source: str) -> Dated | Unread:
    if day is None:
        return Unread(f"нет такой даты: «{source}»")
    text = f"до {_ru(day)}" if by else _ru(day)
    return Dated(RoadmapDeadlineKind.DATE, (day,), None, text, explicit_year)


def _exact_date(match: re.Match[str], plan_year: int) -> Piece:
    day = _safe_date(_full_year(match.group(4)), int(match.group(3)), int(match.group(2)))
    return _date_piece(day, match.group(1), True, match.group(0))


def _day_and_month(match: re.Match[str], plan_year: int) -> Piece:
    year, explicit = _year_of(match, plan_year)
    day = _safe_date(year, _month_number(match.group("month")), int(match.group("day")))
    return _date_piece(day, match.group("by"), explicit, match.group(0))


def _date_range(match: re.Match[str], plan_year: int) -> Piece:
    end_year = _full_year(match.group(6))
    ends = _safe_date(end_year, int(match.group(5)), int(match.group(4)))
    start_month = int(match.group(2)) if match.group(2) else int(match.group(5))
    start_year = _full_year(match.group(3)) if match.group(3) else end_year
    starts = _safe_date(start_year, start_month, int(match.group(1)))
    if starts is None or ends is None:
        return Unread(f"нет такой даты: «{match.group(0)}»")
    return _range_piece(starts, ends, True)


def _by_month(match: re.Match[str], plan_year: int) -> Piece:
    """ "до марта": by the first day of the month, the day not said."""
    year, explicit = _year_of(match, plan_year)
    day = date(year, _month_number(match.group("month")), 1)
    doubt = f"«{match.group(0)}»: день не указан, прочитано как до {_ru(day)}"
    return Dated(RoadmapDeadlineKind.DATE, (day,), None, f"до {_ru(day)}", explicit, doubts=(doubt,))


def _month(match: re.Match[str], plan_year: int) -> Piece:
    year, explicit = _year_of(match, plan_year)
    return period_piece(Period(kind=PeriodKind.MONTH, year=year, index=_month_number(match.group("month"))), explicit)


def _month_range(match: re.Match[str], plan_year: int) -> Piece:
    first, last = _month_number(match.group("first")), _month_number(match.group("month"))
    last_year, explicit = _year_of(match, plan_year)
    if match.group("first_year"):
        first_year, explicit = int(match.group("first_year")), True
    else:
        first_year = last_year if first <= last else last_year - 1
    return _range_piece(date(first_year, first, 1), last_day_of_month(last_year, last), explicit)


def _quarter(match: re.Match[str], plan_year: int) -> Piece:
    """ "2 квартал 2022", "II квартал", "второй квартал", "Q1"."""
    year, explicit = _year_of(match, plan_year)
    index = _ordinal(match.group("n")) if match.group("n") else int(match.group("q"))
    return period_piece(Period(kind=PeriodKind.QUARTER, year=year, index=index), explicit)


def _quarter_list(match: re.Match[str], plan_year: int) -> Piece:
    year, explicit = _year_of(match, plan_year)
    numbers = sorted({_ordinal(token) for token in re.findall(r"iv|i{1,3}|[1-4]", match.group("list").lower())})
    return _periods_piece([Period(kind=PeriodKind.QUARTER, year=year, index=n) for n in numbers], explicit)


def _quarter_range(match: re.Match[str], plan_year: int) -> Piece:
    year, explicit = _year_of(match, plan_year)
    first = Period(kind=PeriodKind.QUARTER, year=year, index=_ordinal(match.group("first")))
    last = Period(kind=PeriodKind.QUARTER, year=year, index=_ordinal(match.group("n")))
    return _range_piece(first.start, last.end, explicit)


def _half_year(match: re.Match[str], plan_year: int) -> Piece:
    year, explicit = _year_of(match, plan_year)
    index = min(_ordinal(match.group("n")), 2)
    return period_piece(Period(kind=PeriodKind.HALF_YEAR, year=year, index=index), explicit)


def _bare_year(match: re.Match[str], plan_year: int) -> Piece:
    return Year(int(match.group(1)))


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


def _at_least(match: re.Match[str], plan_year: int) -> Piece:
    count_text = (match.group("count") or match.group("times") or "1").lower()
    count = int(count_text) if count_text.isdigit() else _COUNT_WORDS[count_text]
    period = _PERIOD_WORDS[match.group("period").lower()]
    if count < 1:
        return Unread(match.group(0))
    if count == 1:
        return Rule(AtLeastPerPeriod(count=1, period=period), cadence=period, bare=True)
    return Rule(AtLeastPerPeriod(count=count, period=period))


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


def _cadence(match: re.Match[str], plan_year: int) -> Piece:
    word = " ".join(match.group(0).lower().split())
    if word.startswith("ежедневн") or word == "каждый день":
        return Rule(Recurrence(freq="daily"), bare=True)
    if word.startswith("еженедельн") or word == "каждую неделю":
        doubt = "день недели не указан: прочитано как пятница (последний рабочий день недели)"
        return Rule(Recurrence(freq="weekly", weekday=_FRIDAY), doubts=(doubt,), bare=True)
    period = next(kind for stem, kind in _CADENCE_STEMS.items() if word.startswith(stem))
    return Rule(AtLeastPerPeriod(count=1, period=period), cadence=period, bare=True)


_WEEKDAY_STEMS = ("пон", "вто", "сре", "чет", "пят", "суб", "вос")
_SETPOS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4, "посл": -1}


def _weekday(word: str) -> int:
    return next(index for index, stem in enumerate(_WEEKDAY_STEMS) if word.lower().startswith(stem))


def _weekday_of_month(match: re.Match[str], plan_year: int) -> Piece:
    """ "Последний вторник каждого месяца" → monthly, on the last Tuesday."""
    setpos = _SETPOS[match.group("pos")[:4].lower()]
    return Rule(Recurrence(freq="monthly", weekday=_weekday(match.group("weekday")), setpos=setpos))


def _weekly_on(match: re.Match[str], plan_year: int) -> Piece:
    """ "по пятницам", "каждый понедельник"."""
    return Rule(Recurrence(freq="weekly", weekday=_weekday(match.group("weekday") or match.group("weekday2"))))


def _day_of_month(match: re.Match[str], plan_year: int) -> Piece:
    """ "до 5 числа месяца, следующего за отчетным периодом", "до 28 числа отчетного месяца"."""
    day = int(match.group("day"))
    anchor = " ".join((match.group("anchor") or "").lower().split())
    if not 1 <= day <= 31:
        return Unread(match.group(0))
    if "следующ" in anchor:
        period = {"месяцем": PeriodKind.MONTH, "кварталом": PeriodKind.QUARTER, "годом": PeriodKind.YEAR}
        return DayOfMonth(day, 1, next((kind for word, kind in period.items() if anchor.endswith(word)), None))
    if anchor.startswith("последнего месяца"):
        return DayOfMonth(day, 0, None)
    if anchor in {"отчетного месяца", "каждого месяца", "текущего месяца"}:
        return DayOfMonth(day, 0, PeriodKind.MONTH)
    return DayOfMonth(day, None, None)


_KNOWN_EVENTS = {"завершения мониторинга": "monitoring_completed"}


def _working_days_after(match: re.Match[str], plan_year: int) -> Piece:
    """ "в течение 10 рабочих дней после завершения мониторинга" (приказ 135-р п. 4.2)."""
    event_ru = match.group("event").strip()
    event = _KNOWN_EVENTS.get(" ".join(event_ru.lower().split()))
    rule = WorkingDaysAfter(event=event or "other", event_ru=event_ru, working_days=int(match.group("days")))
    doubts = () if event else (f"событие «{event_ru}» не из справочника событий: выберите событие",)
    return Rule(rule, doubts=doubts)


def _continuous(match: re.Match[str], plan_year: int) -> Piece:
    year = match.group("year")
    if year:
        return Undated(RoadmapDeadlineKind.CONTINUOUS, f"в течение {year} года", int(year))
    return Undated(RoadmapDeadlineKind.CONTINUOUS, _lower_first(match.group(0)))


def _on_demand(match: re.Match[str], plan_year: int) -> Piece:
    return Undated(RoadmapDeadlineKind.ON_DEMAND, _lower_first(match.group(0).strip()))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _then(match: re.Match[str], plan_year: int) -> Piece:
    return Then()


def _reference(match: re.Match[str], plan_year: int) -> Piece:
    text = match.group(0).strip()
    doubt = f"срок «{text}»: дату нужно согласовать и внести" if text.lower().startswith("по согласованию") else None
    return Reference(text, doubt)


_WORD_START = r"(?<![а-яa-z])"
_WORD_END = r"(?![а-яa-z])"
_WEEKDAY_WORD = r"(?:понедельник|вторник|сред[ауы]|четверг|пятниц[ауы]|суббот[ауы]|воскресенье)"
_REFERENCE_HEAD = (
    r"(?:согласно|в соответствии|по плану|по графику|по согласованию|с нарастающим итогом|нарастающим итогом"
    r"|в рамках|на основании)"
)
_REFERENCE = _rx(_WORD_START + _REFERENCE_HEAD + r"[^\x00]*")
_REQUEST_HEAD = r"(?:по запросу|по требованию|по обращени[а-я]*)"
WHOLE_PARENTHETICAL = _rx(rf"(?:{_REQUEST_HEAD}|{_REFERENCE_HEAD})")

# Most specific first: a phrase claims its text, so a later, looser one cannot read it again.
PHRASES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], int], Piece]], ...] = (
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


# --- a segment scanned with the table ---------------------------------------------------------------------------


def segment_pieces(segment: str, plan_year: int) -> list[Piece]:
    """The phrases of one segment in the order written, and what is left unexplained."""
    masked = segment
    found: list[tuple[int, Piece]] = []
    for pattern, read in PHRASES:
        for match in pattern.finditer(masked):
            found.append((match.start(), read(match, plan_year)))
        masked = pattern.sub(lambda m: _MASK * len(m.group(0)), masked)
    words = re.findall(r"[a-zа-я0-9]+", masked, re.IGNORECASE)
    leftover = [word for word in words if word.lower() not in _FILLER_WORDS]
    if leftover:
        found.append((masked.find(leftover[0]), Unread(" ".join(leftover))))
    return [piece for _, piece in sorted(found, key=lambda item: item[0])]
