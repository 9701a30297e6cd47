"""Recorded histories must replay against the current workflow code: a change that breaks determinism (a new
activity call, a reordered timer) fails here before it breaks the cycles already running in production.

The histories are recorded by the skipped-time tests:
``INNOCYCLE_RECORD_HISTORIES=$PWD/tests/workflows/histories pytest tests/workflows/test_package_timeline.py
tests/workflows/test_year_of_all_sites.py``; the region's daily digest (``digest_86``) by ``test_digest.py``.
Record new ones when a change is meant to be incompatible, and keep
the old code path behind ``workflow.patched`` for the cycles already running; the histories of the code before are
kept in folders of their own and must replay too: ``histories/activity-append/`` (events recorded by a regular
activity, before the local append), ``histories/local-append/`` (events recorded by a local activity inside the
deciding workflow task, before record-events-after-the-decision-is-durable), ``histories/opening-timer-cancelled/``
(cycles that cancelled their timer until the next opening and started it again whenever a child completed),
``histories/children-one-by-one/`` (a cycle that started the children due at one instant one workflow task each,
before cycle-starts-due-children-together)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from innocycle.worker import ALL_WORKFLOWS

ROOT = Path(__file__).parent / "histories"
HISTORIES = sorted(ROOT.rglob("*.json.gz"))


def test_histories_are_recorded() -> None:
    # Every workflow type, and the paths that matter: returns, extensions, risks, gaps, a revocation.
    assert len([p for p in HISTORIES if p.parent == ROOT]) >= 8
    assert len([p for p in HISTORIES if p.parent != ROOT]) >= 8


@pytest.mark.parametrize("path", HISTORIES, ids=[str(p.relative_to(ROOT)).removesuffix(".json.gz") for p in HISTORIES])
async def test_history_replays(path: Path) -> None:
    replayer = Replayer(workflows=ALL_WORKFLOWS, data_converter=pydantic_data_converter)
    history = WorkflowHistory.from_json(path.name, gzip.decompress(path.read_bytes()).decode())
    result = await replayer.replay_workflow(history, raise_on_replay_failure=True)
    assert result.replay_failure is None
