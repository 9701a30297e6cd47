"""The quarterly monitoring's figures (D10): typed once per quarter, as each measure allows, every measure asked
for; the cumulative periods computed from the quarters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.common import DomainError
from domain.payloads import DataContext, Figure, MonitoringData, checked_data, required_form
from domain.platform.cumulative import Aggregation, CumulativePeriod, cumulative
from domain.regulations.vologda import DISTRICT_SERVICE_MEASURES, QUARTERLY_MONITORING

CTX = DataContext(plan_year=2023, today=date(2023, 4, 3))
Q1 = {"families": "120", "people": "150", "urgent": "40", "accompanied": "12", "patronage": "8", "staff_units": "110.5"}


def data(values: dict[str, str]) -> MonitoringData:
    return MonitoringData(figures=tuple(Figure(key=k, amount=Decimal(v)) for k, v in values.items()))


def test_the_quarterly_monitoring_asks_for_the_quarter_figures() -> None:
    assert required_form(QUARTERLY_MONITORING) == "monitoring"
    assert QUARTERLY_MONITORING.measures == DISTRICT_SERVICE_MEASURES
    shuffled = dict(reversed(list(Q1.items())))
    checked = checked_data(QUARTERLY_MONITORING, data(shuffled), CTX)
    assert isinstance(checked, MonitoringData)
    assert [f.key for f in checked.figures] == [m.key for m in DISTRICT_SERVICE_MEASURES]  # the measures' order


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"people": "150.5"}, "measure_value", "целое"),
        ({"families": "-1"}, "measure_value", "отрицательным"),
        ({"staff_units": "110.955"}, "measure_value", "двух знаков"),
        ({"visits": "3"}, "unknown_measure", "visits"),
    ],
)
def test_a_figure_its_measure_cannot_hold_is_refused(change: dict[str, str], code: str, words: str) -> None:
    with pytest.raises(DomainError) as refused:
        checked_data(QUARTERLY_MONITORING, data({**Q1, **change}), CTX)
    assert refused.value.code == code and words in refused.value.message
    assert refused.value.field == f"data.figures.{next(iter(change))}"


def test_every_measure_is_asked_for_and_no_data_is_refused() -> None:
    partial = {k: v for k, v in Q1.items() if k not in ("urgent", "patronage")}
    with pytest.raises(DomainError, match="Оказано срочных социальных услуг, На социальном патронаже"):
        checked_data(QUARTERLY_MONITORING, data(partial), CTX)
    with pytest.raises(DomainError) as refused:
        checked_data(QUARTERLY_MONITORING, None, CTX)
    assert refused.value.code == "data_required" and "показатели за квартал" in refused.value.message


def test_the_cumulative_periods_come_from_the_quarters() -> None:
    quarters = {1: Decimal(150), 2: Decimal(160), 3: Decimal(140)}
    assert cumulative(quarters, Aggregation.SUM) == {
        CumulativePeriod.Q1: Decimal(150),
        CumulativePeriod.H1: Decimal(310),
        CumulativePeriod.M9: Decimal(450),
        CumulativePeriod.YEAR: None,
    }
    staff = {1: Decimal("110.5"), 2: Decimal("110.95")}
    assert cumulative(staff, Aggregation.LAST)[CumulativePeriod.H1] == Decimal("110.95")
