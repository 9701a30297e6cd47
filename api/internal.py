"""Internal endpoints, for the worker's activities only (service token): append events, read the calendar."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ValidationError

from api.calendar.service import calendar_for
from api.deps import RuntimeDep, service_caller
from api.eventstore import InvalidAppend, StreamConflict, append
from api.problems import Problem
from api.projections import project
from domain.calendar import ProductionCalendar
from domain.common import EVENT_TYPES
from domain.eventlog import AppendResult, NewEvent

router = APIRouter(prefix="/internal", tags=["internal"], dependencies=[Depends(service_caller)])


class AppendBody(BaseModel):
    expected_version: int
    events: list[NewEvent]


@router.post("/streams/{stream_id}/events", response_model=AppendResult, summary="Append events to a stream")
async def append_events(stream_id: str, body: AppendBody, runtime: RuntimeDep) -> Response:
    if body.expected_version < 0 or not body.events:
        raise Problem(422, "invalid_append", "expected_version must be >= 0 and events must not be empty.")
    for event in body.events:
        known = EVENT_TYPES.get(event.event_type)
        if known is not None:
            try:
                known.model_validate(event.data)
            except ValidationError as error:
                raise Problem(422, "invalid_append", f"{event.event_type}: {error}") from None
    try:
        result = await append(runtime.engine, stream_id, body.expected_version, body.events, project)
    except StreamConflict as conflict:
        raise Problem(
            409,
            "stream_conflict",
            f"Stream {stream_id} is at version {conflict.actual}; the writer expected {conflict.expected}.",
        ) from None
    except InvalidAppend as invalid:
        raise Problem(422, "invalid_append", str(invalid)) from None
    runtime.landed.landed(stream_id, result.positions[-1].stream_version)
    # Serialised once: the result is a valid AppendResult already, FastAPI would validate it again.
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/calendar", response_model=ProductionCalendar, summary="Production calendar for the given years")
async def calendar(
    year: Annotated[list[int], Query(min_length=1, max_length=100)], runtime: RuntimeDep
) -> ProductionCalendar:
    if any(y < 2000 or y > 2100 for y in year):
        raise Problem(422, "invalid_year", "Years must be within 2000–2100.")
    async with runtime.engine.connect() as conn:
        return await calendar_for(conn, year)
