"""The wait between an outbox's attempts (``domain.retry``), the webhooks' and the signals' alike."""

from __future__ import annotations

from domain.retry import next_wait


def test_waits_double_up_to_the_longest() -> None:
    assert [next_wait(n, 30, 3600) for n in range(1, 10)] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert [next_wait(n, 1, 60) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]  # the signals' defaults
