"""The matrix of a region's year as its page shows it (``GET /region``): every obligation instance a chip
coloured by where it stands and how near its date is — with a glyph, a period and words besides the colour, so
that colour is never the only signal; the columns an official scans (duties several sites owe) apart from each
site's own duties; the count of each state. Read from ``api.region.matrix``, which the REST route answers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from api.region.schemas import Matrix, MatrixColumn, MatrixInstance, MatrixRow
from api.web.formats import date_ru, days_left, working_days
from domain.calendar import ProductionCalendar
from domain.region import CURATOR_KEY
from domain.section.terms import ESCALATION_KEY as SECTION_TASK_KEY

# «Скоро»: the due date is at most this many working days away.
SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class Look:
    """How a state looks: its CSS modifier (``chip--{state}``), glyph and words."""

    state: str
    glyph: str
    label_ru: str


OVERDUE = Look("overdue", "!", "просрочено")
SOON = Look("soon", "◷", f"срок в ближайшие {working_days(SOON_WORKING_DAYS)}")
REVIEW = Look("review", "…", "на рассмотрении")
DONE = Look("done", "✓", "выполнено в срок")
DONE_LATE = Look("done-late", "✓!", "выполнено с нарушением срока")
OPEN = Look("open", "○", "срок не наступил")
PLANNED = Look("planned", "–", "запланировано, ещё не открыто")
CLOSED = Look("closed", "×", "закрыто без исполнения")
# The legend's order: what needs action first.
LOOKS: tuple[Look, ...] = (OVERDUE, SOON, REVIEW, DONE, DONE_LATE, OPEN, PLANNED, CLOSED)

# Short names of the columns most sites share; any other column is named by its title, shortened.
SHORT_RU: dict[str, str] = {
    "package": "Пакет документов",
    "specialists_registry": "Реестры специалистов",
    "product_quota": "Методические продукты (не менее 2)",
    "product_expertise": "Экспертиза продуктов",
    "public_report": "Публичный отчет",
    "quarterly_report": "Ежеквартальный отчет",
    "institution_monitoring": "Мониторинг учреждений",
    "monitoring_spravka": "Справки о мониторинге",
    "annual_report_department": "Годовой отчет в Департамент",
    "institution_monthly_report": "Отчетность учреждений за месяц",
    "institution_quarterly_report": "Отчетные формы учреждений",
}
ROMAN = ("I", "II", "III", "IV")
MONTHS_SHORT = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
MONTHS_LONG = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def period_ru(instance: str) -> tuple[str, str]:
    """An instance's period, short for the chip and in words for its title: ("II кв.", "II квартал")."""
    if instance in ("annual", "year", "Y"):
        return "год", "год"
    found = re.fullmatch(r"([QHM])(\d{1,2})", instance)
    if found:
        kind, n = found.group(1), int(found.group(2))
        if kind == "Q" and 1 <= n <= 4:
            return f"{ROMAN[n - 1]} кв.", f"{ROMAN[n - 1]} квартал"
        if kind == "H" and 1 <= n <= 2:
            return f"{ROMAN[n - 1]} пол.", f"{ROMAN[n - 1]} полугодие"
        if kind == "M" and 1 <= n <= 12:
            return MONTHS_SHORT[n - 1], MONTHS_LONG[n - 1]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", instance):
        day = date.fromisoformat(instance)
        return day.strftime("%d.%m"), date_ru(day)
    return instance, instance


def short_title(column: MatrixColumn, limit: int = 48) -> str:
    if column.key in SHORT_RU:
        return SHORT_RU[column.key]
    if len(column.title) <= limit:
        return column.title
    return column.title[:limit].rsplit(" ", 1)[0].rstrip(",;:(«") + "…"


def obligation_href(site_id: str, year: int, key: str, instance: str) -> str:
    if key == CURATOR_KEY:  # a site without a curator (D29): the list of the region's curators
        return "/region/curators"
    if key == SECTION_TASK_KEY:  # a Sverdlovsk section's consent or check past its term (D17): the section's page
        return f"/sections/{quote(site_id, safe='')}"
    site, key, instance = (quote(part, safe="") for part in (site_id, key, instance))
    return f"/sites/{site}/cycles/{year}/obligations/{key}/{instance}"


def _working_days_to(due: date, today: date, calendar: ProductionCalendar) -> int | None:
    """Working days from today to ``due``; None when it is plainly further than «soon» (or off the calendar)."""
    if due - today > timedelta(days=3 * SOON_WORKING_DAYS) or not (calendar.covers(today) and calendar.covers(due)):
        return None
    return calendar.working_days_between(today, due)


def look_of(instance: MatrixInstance, today: date, calendar: ProductionCalendar) -> tuple[Look, int | None]:
    """Where an instance stands, and the working days left before its date when it is near."""
    match instance.outcome:
        case "overdue":
            return OVERDUE, None
        case "under_review":
            return REVIEW, None
        case "on_time":
            return DONE, None
        case "late":
            return DONE_LATE, None
        case "not_due":
            left = _working_days_to(instance.effective_due, today, calendar) if instance.effective_due else None
            if left is not None and left <= SOON_WORKING_DAYS:
                return SOON, left
            return OPEN, None
    if instance.status == "approved":
        return DONE, None
    if instance.status == "planned":
        return PLANNED, None
    if instance.status == "cancelled":
        return CLOSED, None
    return OPEN, None


@dataclass(frozen=True)
class Chip:
    """One obligation instance in a cell: a link to it, its look, its period, and the whole story in words."""

    look: Look
    period: str
    href: str
    title: str


def _story(column: MatrixColumn, instance: MatrixInstance, look: Look, left: int | None) -> str:
    period = period_ru(instance.instance)[1]
    words = [f"{column.title} (п. {column.clause}), {period}: {look.label_ru}"]
    if instance.effective_due:
        words.append(f"срок {date_ru(instance.effective_due)}")
    if look in (OVERDUE, DONE_LATE) and instance.lateness_working_days:
        words.append(f"просрочка {working_days(instance.lateness_working_days)}")
    if look is SOON:
        words.append(days_left(left))
    if instance.fulfilled_on:
        words.append(f"представлено {date_ru(instance.fulfilled_on)}")
    return "; ".join(words)


def chip(
    site_id: str, year: int, column: MatrixColumn, instance: MatrixInstance, today: date, calendar: ProductionCalendar
) -> Chip:
    look, left = look_of(instance, today, calendar)
    return Chip(
        look=look,
        period=period_ru(instance.instance)[0],
        href=obligation_href(site_id, year, column.key, instance.instance),
        title=_story(column, instance, look, left),
    )


@dataclass(frozen=True)
class Column:
    """A column of the page: the matrix's column and its short name."""

    column: MatrixColumn
    short_ru: str


@dataclass(frozen=True)
class OwnDuty:
    """A duty only this site owes (its own положение), shown in the last column with its name."""

    column: Column
    chips: list[Chip]


@dataclass(frozen=True)
class Row:
    site: MatrixRow
    cells: list[list[Chip]]
    own: list[OwnDuty]
    overdue: int


@dataclass(frozen=True)
class Board:
    year: int
    as_of: date
    columns: list[Column]
    has_own: bool
    rows: list[Row]
    unopened: list[MatrixRow]  # sites without a cycle of the year: named under the table, not drawn as rows
    undated: list[Column]  # duties without a date (standing ones): named under the table, not drawn
    counts: list[tuple[Look, int]]
    hidden_rows: int  # rows left out by «only sites with something overdue»


def _dated(column: MatrixColumn, rows: Sequence[MatrixRow]) -> bool:
    return any(
        instance.effective_due is not None or instance.outcome is not None or instance.status == "approved"
        for row in rows
        for cell in row.cells
        if cell.key == column.key
        for instance in cell.instances
    )


def _shared(column: MatrixColumn, rows: Sequence[MatrixRow], opened: int) -> bool:
    """Several sites owe it (or only one site has a cycle): a column of its own rather than a site's own duty."""
    owing = sum(1 for row in rows for cell in row.cells if cell.key == column.key and cell.instances)
    return owing > 1 or opened <= 1


def board(matrix: Matrix, calendar: ProductionCalendar, only_overdue: bool = False) -> Board:
    today, year = matrix.as_of, matrix.year
    opened = sum(1 for row in matrix.rows if row.cycle_status is not None)
    dated = [column for column in matrix.columns if _dated(column, matrix.rows)]
    undated = [Column(c, short_title(c)) for c in matrix.columns if c not in dated]
    shared = {c.key for c in dated if _shared(c, matrix.rows, opened)}
    columns = [Column(c, short_title(c)) for c in dated if c.key in shared]
    own_columns = [Column(c, short_title(c)) for c in dated if c.key not in shared]
    known = {c.column.key: c.column for c in (*columns, *own_columns)}
    rows: list[Row] = []
    for site in matrix.rows:
        if site.cycle_status is None:
            continue
        by_key = {
            cell.key: [chip(site.site_id, year, known[cell.key], i, today, calendar) for i in cell.instances]
            for cell in site.cells
            if cell.key in known
        }
        own = [OwnDuty(c, by_key[c.column.key]) for c in own_columns if by_key.get(c.column.key)]
        overdue = sum(1 for chips in by_key.values() for item in chips if item.look is OVERDUE)
        rows.append(Row(site=site, cells=[by_key.get(c.column.key, []) for c in columns], own=own, overdue=overdue))
    shown = [row for row in rows if row.overdue or not only_overdue]
    every = [item for row in shown for cell in (*row.cells, *(duty.chips for duty in row.own)) for item in cell]
    counts = [(look, sum(1 for item in every if item.look is look)) for look in LOOKS]
    return Board(
        year=year,
        as_of=today,
        columns=columns,
        has_own=bool(own_columns),
        rows=shown,
        unopened=[site for site in matrix.rows if site.cycle_status is None],
        undated=undated,
        counts=counts,
        hidden_rows=len(rows) - len(shown),
    )
