"""Internal endpoints, for the worker's activities only (service token): append events, read a stream, read the
calendar."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from api.calendar.service import calendar_for
from api.deps import RuntimeDep, service_caller
from api.eventstore import EventConflict, InvalidAppend, StreamConflict, append, read_stream
from api.problems import Problem
from api.projections import project
from api.tables import roadmap_rows
from domain.calendar import ProductionCalendar
from domain.common import EVENT_TYPES
from domain.eventlog import AppendResult, NewEvent, RecordedEvent
from domain.payloads import RoadmapRow

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
    except EventConflict as conflict:
        raise Problem(409, "event_conflict", f"{conflict} (the stream is at version {conflict.actual}).") from None
    except InvalidAppend as invalid:
        raise Problem(422, "invalid_append", str(invalid)) from None
    command_id = body.events[0].metadata.get("command_id")
    if command_id:
        runtime.landed.landed(str(command_id))
    # Serialised once: the result is a valid AppendResult already, FastAPI would validate it again.
    return Response(result.model_dump_json(), media_type="application/json")


@router.get(
    "/streams/{stream_id}/events", response_model=list[RecordedEvent], summary="The events of a stream after a version"
)
async def stream_events(
    stream_id: str, runtime: RuntimeDep, after: Annotated[int, Query(ge=0)] = 0
) -> list[RecordedEvent]:
    async with runtime.reads.connect() as conn:
        stored = await read_stream(conn, stream_id, after)
    return [
        RecordedEvent(
            stream_version=e.stream_version,
            event_id=e.event_id,
            event_type=e.event_type,
            schema_version=e.schema_version,
            data=e.data,
        )
        for e in stored
    ]


@router.get(
    "/cycles/{cycle_id}/roadmap", response_model=list[RoadmapRow], summary="The roadmap approved with a cycle's package"
)
async def approved_roadmap(cycle_id: str, runtime: RuntimeDep) -> list[RoadmapRow]:
    query = select(roadmap_rows).where(roadmap_rows.c.cycle_id == cycle_id).order_by(roadmap_rows.c.position)
    async with runtime.reads.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [
        RoadmapRow(
            no=row.no,
            section=row.section,
            item=row.item,
            deadline=row.deadline,
            responsible=row.responsible,
            responsible_is_external=row.responsible_is_external,
            expected_result=row.expected_result,
            reading=row.reading,
        )
        for row in rows
    ]


@router.get("/calendar", response_model=ProductionCalendar, summary="Production calendar for the given years")
async def calendar(
    year: Annotated[list[int], Query(min_length=1, max_length=100)], runtime: RuntimeDep
) -> ProductionCalendar:
    if any(y < 2000 or y > 2100 for y in year):
        raise Problem(422, "invalid_year", "Years must be within 2000–2100.")
    async with runtime.engine.connect() as conn:
        return await calendar_for(conn, year)
