"""Activities of the event log: append a workflow's events to its stream (through the API's internal endpoint, which
appends and projects in one transaction), and read a stream after a version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.api_client import InternalApi
from domain.eventlog import AppendRequest, AppendResult, RecordedEvent, StreamRequest

_RECORDED = TypeAdapter(list[RecordedEvent])


class EventLogActivities:
    def __init__(self, api: InternalApi) -> None:
        self._api = api

    @activity.defn(name="record_events")
    async def record_events(self, request: AppendRequest) -> AppendResult:
        async with self._api.session().post(
            f"{self._api.base_url}/internal/streams/{request.stream_id}/events",
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
        body = await self._api.get(f"/internal/streams/{request.stream_id}/events", params={"after": request.after})
        return _RECORDED.validate_json(body)

    def all(self) -> list[Callable[..., Any]]:
        return [self.record_events, self.read_stream]
