"""Upcasting without I/O: an event stored by an older ``schema_version`` is brought, step by step, to the shape the
code has when it is read; the log itself is never rewritten. The event types here exist for the tests only and are
registered for each test alone (``upcasting_registry``), so no other test sees them in ``EVENT_TYPES``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.common import (
    EVENT_TYPES,
    UPCASTERS,
    DomainEvent,
    event_from_stored,
    register_event,
    register_upcaster,
    upcast,
)

AT = datetime(2027, 3, 1, 6, tzinfo=UTC)
STAMP = {"occurred_at": AT.isoformat()}


class NoteTitled(DomainEvent):
    """Version 2: ``text`` became ``title``, and the author is kept (version 1 had none: "")."""

    event_type = "TestOnlyNoteTitled"
    schema_version = 2

    title: str
    author: str


class NoteScored(DomainEvent):
    """Version 3: the score out of ``scale``. Version 1 stored ``score`` as text, version 2 as a number."""

    event_type = "TestOnlyNoteScored"
    schema_version = 3

    points: int
    scale: int


class NoteFiled(DomainEvent):
    """Version 3 with only the step from 2: data of version 1 cannot be read."""

    event_type = "TestOnlyNoteFiled"
    schema_version = 3

    folder: str


def titled_from_1(data: dict[str, Any]) -> dict[str, Any]:
    rest = {key: value for key, value in data.items() if key != "text"}
    return {**rest, "title": data["text"], "author": ""}


def scored_from_1(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "score": int(data["score"])}


def scored_from_2(data: dict[str, Any]) -> dict[str, Any]:
    rest = {key: value for key, value in data.items() if key != "score"}
    return {**rest, "points": data["score"], "scale": 5}


def filed_from_2(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "folder": data.get("folder", "Входящие")}


def register_test_types() -> None:
    for event in (NoteTitled, NoteScored, NoteFiled):
        register_event(event)
    register_upcaster(NoteTitled.event_type, 1)(titled_from_1)
    register_upcaster(NoteScored.event_type, 1)(scored_from_1)
    register_upcaster(NoteScored.event_type, 2)(scored_from_2)
    register_upcaster(NoteFiled.event_type, 2)(filed_from_2)


@pytest.fixture(autouse=True)
def upcasting_registry() -> Iterator[None]:
    """The test event types and their upcasters, registered for one test and taken out after it."""
    types_before, upcasters_before = dict(EVENT_TYPES), dict(UPCASTERS)
    register_test_types()
    try:
        yield
    finally:
        for event_type in set(EVENT_TYPES) - set(types_before):
            del EVENT_TYPES[event_type]
        for key in set(UPCASTERS) - set(upcasters_before):
            del UPCASTERS[key]
        assert (types_before, upcasters_before) == (EVENT_TYPES, UPCASTERS)


def test_an_event_of_version_1_is_read_as_version_2() -> None:
    event = event_from_stored(NoteTitled.event_type, {**STAMP, "text": "План на 2027 год"}, 1)
    assert event == NoteTitled(occurred_at=AT, title="План на 2027 год", author="")


def test_an_event_of_the_current_version_is_read_as_stored() -> None:
    stored = {**STAMP, "title": "План", "author": "Иванова"}
    expected = NoteTitled(occurred_at=AT, title="План", author="Иванова")
    assert event_from_stored(NoteTitled.event_type, stored, 2) == expected
    # Without a version (a caller that does not know it), the data is taken as the code's version.
    assert event_from_stored(NoteTitled.event_type, stored) == expected


def test_the_steps_run_in_order_from_the_stored_version() -> None:
    from_1 = event_from_stored(NoteScored.event_type, {**STAMP, "score": "4"}, 1)
    from_2 = event_from_stored(NoteScored.event_type, {**STAMP, "score": 4}, 2)
    assert from_1 == from_2 == NoteScored(occurred_at=AT, points=4, scale=5)
    # Version 2 data skips the first step: a text score would have been turned into a number by it.
    assert upcast(NoteScored.event_type, 2, {"score": "4"}) == {"points": "4", "scale": 5}


def test_the_stored_data_is_not_changed_by_reading_it() -> None:
    stored = {**STAMP, "score": "3"}
    event_from_stored(NoteScored.event_type, stored, 1)
    assert stored == {**STAMP, "score": "3"}


def test_a_missing_step_is_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="no upcaster of TestOnlyNoteFiled from schema version 1"):
        event_from_stored(NoteFiled.event_type, {**STAMP}, 1)
    assert event_from_stored(NoteFiled.event_type, {**STAMP}, 2) == NoteFiled(occurred_at=AT, folder="Входящие")


def test_an_event_newer_than_the_code_is_refused() -> None:
    with pytest.raises(ValueError, match="newer than this code"):
        event_from_stored(NoteTitled.event_type, {**STAMP, "title": "План", "author": ""}, 3)


def test_a_step_is_registered_once() -> None:
    with pytest.raises(ValueError, match="duplicate upcaster"):
        register_upcaster(NoteTitled.event_type, 1)(titled_from_1)
