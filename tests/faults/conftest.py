"""The crash tests' stack: one of its own per test module (``tests/faults/crashes.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from innocycle.devstack.postgres import PostgresCluster
from tests.faults.crashes import FaultStack, fault_stack


@pytest.fixture(scope="module")
def faulty(request: pytest.FixtureRequest, work_dir: Path, pg_cluster: PostgresCluster) -> Iterator[FaultStack]:
    # pg_cluster: its fixture points devstack.RELOCATION_ROOT into the tests' directory, for this cluster too.
    # Named after the module: two modules that run in one process have a cluster, a Temporal file and logs each.
    with fault_stack(request.path.stem.removeprefix("test_"), work_dir) as stack:
        yield stack
