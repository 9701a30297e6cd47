"""How long an outbox waits before trying a delivery again (повторная попытка): the same rule for the webhooks and
the signals to the workflows."""

from __future__ import annotations


def next_wait(attempts: int, first: float, longest: float) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones: ``first``, doubled each time, at most
    ``longest`` (30 s, 1 min, 2 min … 1 h for the webhooks; 1 s, 2 s … 1 min for the signals)."""
    return float(min(first * 2 ** max(attempts - 1, 0), longest))
