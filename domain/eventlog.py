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


class StreamRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    stream_id: str
    after: int = 0  # the events after this version


class RecordedPosition(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_id: str
    stream_version: int
    global_position: int


class RecordedEvent(BaseModel):
    """An event as the store holds it, for a workflow that must adopt what it did not know (``AppendResult.ahead``)
    or rebuild its state from its stream."""

    model_config = ConfigDict(frozen=True)

    stream_version: int
    event_id: str
    event_type: str
    schema_version: int = 1
    data: dict[str, Any]


class AppendResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    positions: list[RecordedPosition]
    duplicate: bool = False  # True when every event id was already stored, with the same content: nothing written
    # Not appended: the store holds these events after the writer's expected version, which the writer never saw
    # (a workflow task lost with a crashed Temporal server before this fix). The writer adopts them and decides again.
    ahead: list[RecordedEvent] = Field(default_factory=list)


def new_event(event: DomainEvent, event_id: str, metadata: dict[str, Any]) -> NewEvent:
    return NewEvent(
        event_id=event_id,
        event_type=event.event_type,
        schema_version=event.schema_version,
        data=event.payload(),
        metadata=metadata,
    )
