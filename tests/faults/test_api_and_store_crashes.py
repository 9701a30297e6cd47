"""Crashes of the API and of PostgreSQL with commands in flight from several clients: kill -9 of the API during an
append and a PostgreSQL restart, under load (``tests/faults/crashes.py`` says what holds after each); and a
projection that differs from the log, named by ``innocycle verify`` and mended by a rebuild."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.faults.crashes import (
    FaultStack,
    hold_appends,
    in_line_and_working,
    nothing_lost_or_doubled,
    settle,
    under_load,
)
from tests.faults.test_stream_ahead import verify
from tests.support.client import Api

pytestmark = pytest.mark.slow


def test_api_killed_during_an_append_under_load(faulty: FaultStack) -> None:
    def fault() -> None:
        blocker = hold_appends(faulty.stack)
        faulty.stack.api.kill()
        blocker.rollback()  # the dead API's append never commits; the worker's activity retries it
        blocker.close()
        faulty.restart_api()

    clients = under_load(faulty, 2053, fault)
    nothing_lost_or_doubled(faulty, clients)
    in_line_and_working(faulty, clients)


def test_postgresql_restarted_under_load(faulty: FaultStack) -> None:
    def fault() -> None:
        faulty.cluster.stop()
        faulty.cluster.start()

    clients = under_load(faulty, 2054, fault)
    nothing_lost_or_doubled(faulty, clients)
    in_line_and_working(faulty, clients)


def test_verify_names_a_projection_that_differs_from_the_log(faulty: FaultStack) -> None:
    site, year = "1.1.12", 2057
    api = Api(faulty.stack.api_url)
    assert api.open_cycle(site, year).status_code == 201
    api.close()
    settle(faulty.stack, year)
    faulty.stack.query(
        "UPDATE obligations SET status = 'approved' WHERE site_id = %s AND year = %s AND key = 'package' RETURNING 1",
        site,
        year,
    )
    found = verify(faulty.stack, "--only", f"cycle:{site}:{year}")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "projection obligations: 1 rows the log does not account for, 1 rows of the log's fold missing" in (
        found.stdout
    )

    # The remedy the operator has: rebuild the projections from the log (and the next tests get a sound stack).
    rebuilt = subprocess.run(
        [sys.executable, "-m", "innocycle.cli", "rebuild-projections"], env=faulty.stack.env, capture_output=True
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    mended = verify(faulty.stack, "--only", f"cycle:{site}:{year}")
    assert mended.returncode == 0, mended.stdout + mended.stderr
