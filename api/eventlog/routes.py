"""The event log's internal endpoints, for the worker's activities only (service token): append a stream's events,
read a stream after a version."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ValidationError

from api.access.deps import service_caller
from api.eventlog.log import EventLogDep
from api.eventlog.store import EventConflict, InvalidAppend, StreamConflict, read_stream
from api.problems import Problem
from domain.common import EVENT_TYPES
from domain.eventlog import AppendResult, NewEvent, RecordedEvent

router = APIRouter(prefix="/internal", tags=["internal"], dependencies=[Depends(service_caller)])


class AppendBody(BaseModel):
    expected_version: int
    events: list[NewEvent]


@router.post("/streams/{stream_id}/events", response_model=AppendResult, summary="Append events to a stream")
async def append_events(stream_id: str, body: AppendBody, eventlog: EventLogDep) -> Response:
    if body.expected_version < 0 or not body.events:
        raise Problem(422, "invalid_append", "expected_version must be >= 0 and events must not be empty.")
    for event in body.events:
        known = EVENT_TYPES.get(event.event_type)
        if known is not None:
            try:
                known.model_validate(event.data)
            except ValidationError as error:
                raise Problem(422, "invalid_append", f"{event.event_type}: {error}") from None
    command_id = body.events[0].metadata.get("command_id")
    answer = eventlog.landed.answer_after_commit(str(command_id) if command_id else None)
    try:
        result = await eventlog.append(stream_id, body.expected_version, body.events, after_commit=answer)
    except StreamConflict as conflict:
        raise Problem(
            409,
            "stream_conflict",
            f"Stream {stream_id} is at version {conflict.actual}; the writer expected {conflict.expected}.",
        ) from None
    except EventConflict as conflict:
        raise Problem(409, "event_conflict", f"{conflict} (the stream is at version {conflict.actual}).") from None
    except InvalidAppend as invalid:
        raise Problem(422, "invalid_append", str(invalid)) from None
    if command_id:
        eventlog.landed.landed(str(command_id))
    # Serialised once: the result is a valid AppendResult already, FastAPI would validate it again.
    return Response(result.model_dump_json(), media_type="application/json")


@router.get(
    "/streams/{stream_id}/events", response_model=list[RecordedEvent], summary="The events of a stream after a version"
)
async def stream_events(
    stream_id: str, eventlog: EventLogDep, after: Annotated[int, Query(ge=0)] = 0
) -> list[RecordedEvent]:
    async with eventlog.engine.connect() as conn:
        stored = await read_stream(conn, stream_id, after)
    return [e.recorded() for e in stored]
