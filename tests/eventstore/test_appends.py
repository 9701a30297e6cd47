"""The rebuild cuts the log back into its appends as they were projected live. Concurrent appends may interleave
their global positions: each row of an INSERT draws its own from the identity, so the two events of a submission
(DocumentsSubmitted and its ReviewDeadlineSet) can have another stream's event between them. Projected apart, the
review task would be named after the first event's version while the live append named it after the second, and
`innocycle verify` would report the tasks table as differing from the log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.eventlog.projection import appends
from api.eventlog.store import StoredEvent

T1 = datetime(2026, 12, 5, 19, 0, tzinfo=UTC)
T2 = T1 + timedelta(microseconds=7)


def _event(position: int, stream: str, version: int, at: datetime) -> StoredEvent:
    return StoredEvent(position, stream, version, f"e{position}", "Any", 1, {}, {}, at)


def test_an_append_interleaved_with_another_stays_whole() -> None:
    log = [
        _event(100, "cycle:1.1.5:2027:package:annual", 11, T1),
        _event(101, "cycle:1.1.1:2027:package:annual", 4, T2),
        _event(102, "cycle:1.1.5:2027:package:annual", 12, T1),
    ]
    assert [[e.global_position for e in group] for group in appends(log)] == [[100, 102], [101]]


def test_consecutive_appends_of_one_stream_stay_apart() -> None:
    log = [_event(1, "s", 1, T1), _event(2, "s", 2, T1), _event(3, "s", 3, T2), _event(4, "t", 1, T2)]
    assert [[e.stream_version for e in group] for group in appends(log)] == [[1, 2], [3], [1]]
