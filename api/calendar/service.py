"""The production calendar as the API serves it: ``holidays.RU`` (public holidays with the decreed day transfers
and working weekends)."""

from __future__ import annotations

from collections.abc import Iterable

import holidays

from domain.calendar import ProductionCalendar


def production_calendar(years: Iterable[int]) -> ProductionCalendar:
    wanted = sorted(set(years))
    russia = holidays.country_holidays("RU", years=wanted)
    return ProductionCalendar(
        years=frozenset(wanted),
        holidays=frozenset(russia.keys()),
        working_weekends=frozenset(d for d in getattr(russia, "weekend_workdays", set()) if d.year in wanted),
    )
