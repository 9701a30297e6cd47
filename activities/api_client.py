"""Activities: a thin HTTP client of the API's internal endpoints. Activities reach the database only
through the API, so every write goes through the one place that appends events and updates projections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from temporalio import activity
from temporalio.exceptions import ApplicationError

from domain.calendar import CalendarRequest, ProductionCalendar
from domain.eventlog import AppendRequest, AppendResult


class ApiActivities:
    def __init__(self, api_url: str, service_token: str, timeout: float = 8.0) -> None:
        self._client = httpx.AsyncClient(
            base_url=api_url.rstrip("/"),
            headers={"Authorization": f"Bearer {service_token}"},
            timeout=timeout,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    @activity.defn(name="record_events")
    async def record_events(self, request: AppendRequest) -> AppendResult:
        response = await self._client.post(
            f"/internal/streams/{request.stream_id}/events",
            content=request.model_dump_json(include={"expected_version", "events"}),
            headers={"Content-Type": "application/json"},
        )
        if response.status_code in (400, 422):
            raise ApplicationError(
                f"the event store refused the append: {response.text}", type="InvalidAppend", non_retryable=True
            )
        response.raise_for_status()  # 409 (conflict), 5xx and network errors retry
        return AppendResult.model_validate_json(response.content)

    @activity.defn(name="load_calendar")
    async def load_calendar(self, request: CalendarRequest) -> ProductionCalendar:
        response = await self._client.get("/internal/calendar", params={"year": list(request.years)})
        response.raise_for_status()
        return ProductionCalendar.model_validate_json(response.content)

    def all(self) -> list[Callable[..., Any]]:
        return [self.record_events, self.load_calendar]
