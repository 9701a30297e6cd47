"""Activities of the calendar: the production calendar of some years, as the API holds it (with corrections)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from temporalio import activity

from activities.api_client import InternalApi
from domain.calendar import CalendarRequest, ProductionCalendar


class CalendarActivities:
    def __init__(self, api: InternalApi) -> None:
        self._api = api

    @activity.defn(name="load_calendar")
    async def load_calendar(self, request: CalendarRequest) -> ProductionCalendar:
        body = await self._api.get("/internal/calendar", params=[("year", year) for year in request.years])
        return ProductionCalendar.model_validate_json(body)

    def all(self) -> list[Callable[..., Any]]:
        return [self.load_calendar]
