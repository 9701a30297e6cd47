"""Activities: a thin HTTP client of the API's internal endpoints. Activities reach the database only
through the API, so every write goes through the one place that appends events and updates projections.

The client is aiohttp: every command's events travel through ``record_events``, and a request costs aiohttp about
half a millisecond of the worker's time where httpx spends well over one (README, "Dependencies")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
from pydantic import TypeAdapter
from temporalio import activity
from temporalio.exceptions import ApplicationError

from domain.calendar import CalendarRequest, ProductionCalendar
from domain.eventlog import AppendRequest, AppendResult, RecordedEvent, StreamRequest
from domain.payloads import RoadmapRow

_RECORDED = TypeAdapter(list[RecordedEvent])
_ROADMAP = TypeAdapter(list[RoadmapRow])


class ApiActivities:
    def __init__(self, api_url: str, service_token: str, timeout: float = 8.0) -> None:
        self._base_url = api_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {service_token}"}
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Made on first use, inside the worker's event loop, and kept: its connections are reused.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(headers=self._headers, timeout=self._timeout)
        return self._session

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()

    @activity.defn(name="record_events")
    async def record_events(self, request: AppendRequest) -> AppendResult:
        async with self._client().post(
            f"{self._base_url}/internal/streams/{request.stream_id}/events",
            data=request.model_dump_json(include={"expected_version", "events"}),
            headers={"Content-Type": "application/json"},
        ) as response:
            body = await response.read()
            if response.status in (400, 422):
                raise ApplicationError(
                    f"the event store refused the append: {body.decode(errors='replace')}",
                    type="InvalidAppend",
                    non_retryable=True,
                )
            conflict = response.status == 409
            if not conflict:
                response.raise_for_status()  # 5xx and network errors retry
        if not conflict:
            return AppendResult.model_validate_json(body)
        # The stream is not where the workflow thinks: ahead of it (events it never saw), or — never expected, as
        # a workflow appends one batch at a time — behind it. Ahead, the workflow adopts the events and decides
        # again; behind, the append retries until the store has caught up.
        ahead = await self.read_stream(StreamRequest(stream_id=request.stream_id, after=request.expected_version))
        if not ahead:
            raise ApplicationError(f"the event store refused the append: {body.decode(errors='replace')}")
        return AppendResult(positions=[], ahead=ahead)

    @activity.defn(name="read_stream")
    async def read_stream(self, request: StreamRequest) -> list[RecordedEvent]:
        async with self._client().get(
            f"{self._base_url}/internal/streams/{request.stream_id}/events", params={"after": request.after}
        ) as response:
            body = await response.read()
            response.raise_for_status()
        return _RECORDED.validate_json(body)

    @activity.defn(name="approved_roadmap")
    async def approved_roadmap(self, cycle_id: str) -> list[RoadmapRow]:
        async with self._client().get(f"{self._base_url}/internal/cycles/{cycle_id}/roadmap") as response:
            body = await response.read()
            response.raise_for_status()
        return _ROADMAP.validate_json(body)

    @activity.defn(name="load_calendar")
    async def load_calendar(self, request: CalendarRequest) -> ProductionCalendar:
        async with self._client().get(
            f"{self._base_url}/internal/calendar", params=[("year", year) for year in request.years]
        ) as response:
            body = await response.read()
            response.raise_for_status()
        return ProductionCalendar.model_validate_json(body)

    def all(self) -> list[Callable[..., Any]]:
        return [self.record_events, self.read_stream, self.approved_roadmap, self.load_calendar]
