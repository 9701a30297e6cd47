"""Reporting periods (отчетные периоды): months, quarters, half-years and years, and the cumulative periods of
year-to-date reporting (1 квартал, полугодие, 9 месяцев, год)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


MONTHS_IN: dict[PeriodKind, int] = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.YEAR: 12,
}

MONTHS_GENITIVE_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

MONTHS_NOMINATIVE_RU = (
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


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) shifted by ``months``."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def last_day_of_month(year: int, month: int) -> date:
    next_year, next_month = add_months(year, month, 1)
    return date(next_year, next_month, 1) - timedelta(days=1)


class Period(BaseModel):
    """One period: ``index`` counts from 1 within the year (March is month 3, Q3 is quarter 3, H2 is 2)."""

    model_config = ConfigDict(frozen=True)

    kind: PeriodKind
    year: int
    index: int

    @property
    def first_month(self) -> int:
        return (self.index - 1) * MONTHS_IN[self.kind] + 1

    @property
    def last_month(self) -> int:
        return self.index * MONTHS_IN[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return last_day_of_month(self.year, self.last_month)

    @property
    def key(self) -> str:
        """Stable id within a year: M03, Q3, H2, Y."""
        match self.kind:
            case PeriodKind.MONTH:
                return f"M{self.index:02d}"
            case PeriodKind.QUARTER:
                return f"Q{self.index}"
            case PeriodKind.HALF_YEAR:
                return f"H{self.index}"
        return "Y"

    def title_ru(self) -> str:
        match self.kind:
            case PeriodKind.MONTH:
                return f"{MONTHS_NOMINATIVE_RU[self.index - 1]} {self.year}"
            case PeriodKind.QUARTER:
                return f"{self.index} квартал {self.year}"
            case PeriodKind.HALF_YEAR:
                return f"{self.index} полугодие {self.year}"
        return f"{self.year} год"

    def cumulative_title_ru(self) -> str:
        """The year-to-date period that ends with this one: 1 квартал, полугодие, 9 месяцев, год."""
        months = self.last_month
        return {3: "1 квартал", 6: "полугодие", 9: "9 месяцев", 12: "год"}.get(months, f"{months} мес.") + (
            f" {self.year}"
        )

    def next(self) -> Period:
        per_year = 12 // MONTHS_IN[self.kind]
        if self.index < per_year:
            return Period(kind=self.kind, year=self.year, index=self.index + 1)
        return Period(kind=self.kind, year=self.year + 1, index=1)


def period_of(day: date, kind: PeriodKind) -> Period:
    return Period(kind=kind, year=day.year, index=(day.month - 1) // MONTHS_IN[kind] + 1)


def periods_of_year(year: int, kind: PeriodKind) -> list[Period]:
    return [Period(kind=kind, year=year, index=i) for i in range(1, 12 // MONTHS_IN[kind] + 1)]


def parse_period_key(year: int, key: str) -> Period:
    """The inverse of ``Period.key``."""
    if key == "Y":
        return Period(kind=PeriodKind.YEAR, year=year, index=1)
    kinds = {"M": PeriodKind.MONTH, "Q": PeriodKind.QUARTER, "H": PeriodKind.HALF_YEAR}
    kind = kinds.get(key[:1])
    if kind is None or not key[1:].isdigit():
        raise ValueError(f"not a period key: {key!r}")
    period = Period(kind=kind, year=year, index=int(key[1:]))
    if not 1 <= period.index <= 12 // MONTHS_IN[kind]:
        raise ValueError(f"no period {key!r} in a year")
    return period
