"""Cumulative periods of the quarterly monitoring (нарастающий итог): «1 квартал», «полугодие», «9 месяцев», «год»
(002:88, 002:145). Each centre's figures are typed once, for their own quarter; the year-to-date figures the
platform sends to the Department are computed from them, never typed again (D10)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class CumulativePeriod(StrEnum):
    Q1 = "Q1"
    H1 = "H1"
    M9 = "9M"
    YEAR = "Y"


CUMULATIVE_RU: dict[CumulativePeriod, str] = {
    CumulativePeriod.Q1: "1 квартал",
    CumulativePeriod.H1: "полугодие",
    CumulativePeriod.M9: "9 месяцев",
    CumulativePeriod.YEAR: "год",
}

# The last quarter of each cumulative period.
QUARTERS_OF: dict[CumulativePeriod, int] = {
    CumulativePeriod.Q1: 1,
    CumulativePeriod.H1: 2,
    CumulativePeriod.M9: 3,
    CumulativePeriod.YEAR: 4,
}


def cumulative_of_quarter(quarter: int) -> CumulativePeriod:
    """The year-to-date period that ends with ``quarter``: the Q3 monitoring reports «9 месяцев»."""
    return next(period for period, last in QUARTERS_OF.items() if last == quarter)


class Aggregation(StrEnum):
    """How a measure adds up over the year."""

    SUM = "sum"  # a flow: people served, services given — the quarters add up
    LAST = "last"  # a stock at a date: staff units, specialists — the latest quarter stands for the period


class Measure(BaseModel):
    """A figure of the quarterly monitoring («Сводная информация…», 002:87)."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    unit: str
    aggregation: Aggregation


# The measures of «Сводная информация о результатах работы участковых социальных работников» (002:87), read from
# the figures the 2022 report gives for the year (002:23, 002:152–154). A platform of another theme has its own.
DISTRICT_SERVICE_MEASURES: tuple[Measure, ...] = (
    Measure(key="families", title="Обслужено семей", unit="семей", aggregation=Aggregation.SUM),
    Measure(key="people", title="Обслужено граждан", unit="чел.", aggregation=Aggregation.SUM),
    Measure(key="urgent", title="Оказано срочных социальных услуг", unit="услуг", aggregation=Aggregation.SUM),
    Measure(key="accompanied", title="Социальное сопровождение", unit="чел.", aggregation=Aggregation.SUM),
    Measure(key="patronage", title="На социальном патронаже", unit="чел.", aggregation=Aggregation.SUM),
    Measure(
        key="staff_units", title="Штатных единиц участковых специалистов", unit="шт. ед.", aggregation=Aggregation.LAST
    ),
)


def cumulative(quarters: Mapping[int, Decimal], aggregation: Aggregation) -> dict[CumulativePeriod, Decimal | None]:
    """The year-to-date figure of each cumulative period from the quarters' own figures; ``None`` while a quarter
    of the period is missing."""
    result: dict[CumulativePeriod, Decimal | None] = {}
    for period, last in QUARTERS_OF.items():
        wanted = range(1, last + 1)
        if any(q not in quarters for q in wanted):
            result[period] = None
        elif aggregation is Aggregation.SUM:
            result[period] = sum((quarters[q] for q in wanted), Decimal(0))
        else:
            result[period] = quarters[last]
    return result


def consolidate(centres: Iterable[Mapping[str, Decimal]], measures: Iterable[Measure]) -> dict[str, Decimal]:
    """The platform's figure of one quarter: the centres' figures added up, measure by measure (a stock too — the
    region's staff units are the centres' staff units together)."""
    rows = tuple(centres)
    return {m.key: sum((row.get(m.key, Decimal(0)) for row in rows), Decimal(0)) for m in measures}
