"""Grants and substitutions are entered in the region's dates: «today» for them is the region's date, which runs
five hours ahead of UTC (a substitution from «today» arranged at 23:00 in Ханты-Мансийск is in force at once)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from api.today import service_today


def test_after_19_utc_it_is_already_tomorrow_in_the_region() -> None:
    assert service_today(datetime(2026, 12, 5, 18, 59, tzinfo=UTC)) == date(2026, 12, 5)
    assert service_today(datetime(2026, 12, 5, 19, 0, tzinfo=UTC)) == date(2026, 12, 6)
