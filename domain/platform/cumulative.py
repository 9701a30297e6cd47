"""Cumulative periods of the quarterly monitoring (нарастающий итог): «1 квартал», «полугодие», «9 месяцев», «год»
(002:88, 002:145). Each centre's figures are typed once, for their own quarter; the year-to-date figures the
platform sends to the Department are computed from them, never typed again (D10)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum

from domain.regulations.model import Aggregation as Aggregation
from domain.regulations.model import Measure as Measure
from domain.regulations.vologda import DISTRICT_SERVICE_MEASURES as DISTRICT_SERVICE_MEASURES


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
