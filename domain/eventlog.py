"""The shape of the event log as every layer sees it: an event to append, an append request with the expected
stream version, and the positions the store gave back. The store itself lives in the API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from domain.common import DomainEvent


class NewEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_id: str  # UUID chosen by the writer; the same id twice is one event
    event_type: str
    schema_version: int = 1
    data: dict[str, Any]
    metadata: dict[str, Any] = Field(default_factory=dict)


class AppendRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    stream_id: str
    expected_version: int  # the stream's version before this append (0 for a new stream)
    events: list[NewEvent]


class RecordedPosition(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_id: str
    stream_version: int
    global_position: int


class AppendResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    positions: list[RecordedPosition]
    duplicate: bool = False  # True when every event id was already stored: nothing was written


def new_event(event: DomainEvent, event_id: str, metadata: dict[str, Any]) -> NewEvent:
    return NewEvent(
        event_id=event_id,
        event_type=event.event_type,
        schema_version=event.schema_version,
        data=event.payload(),
        metadata=metadata,
    )
