"""The embedded stack's processes: a private PostgreSQL cluster and the Temporal dev server, on free ports."""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from temporalio.client import Client, WorkflowExecutionStatus

from innocycle.devstack import postgres as devstack_postgres
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.processes import free_port
from innocycle.devstack.temporal import TemporalDevServer, temporal_binary


@pytest.fixture
def reachable_dir() -> Iterator[Path]:
    """A temporary directory every user can traverse, so the postgres user can work in it when we are root."""
    path = Path(tempfile.mkdtemp(prefix="innocycle-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def relocation_root(reachable_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Relocated clusters go to the test's temporary directory, never to /var/lib/innocycle."""
    root = reachable_dir / "relocated"
    monkeypatch.setattr(devstack_postgres, "RELOCATION_ROOT", root)
    return root


def _psycopg_url(cluster: PostgresCluster, database: str) -> str:
    return cluster.url(database).replace("postgresql+psycopg://", "postgresql://")


def test_free_port_can_be_bound() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_cluster_keeps_its_data_and_port_across_restarts(reachable_dir: Path) -> None:
    base_dir = reachable_dir / "postgres"
    with PostgresCluster(base_dir) as cluster:
        cluster.create_database("app")
        cluster.create_database("app")
        with psycopg.connect(_psycopg_url(cluster, "app")) as conn:
            conn.execute("CREATE TABLE notes (body text)")
            conn.execute("INSERT INTO notes VALUES ('kept')")
        first_port = cluster.port
    assert cluster.url("app") == f"postgresql+psycopg://postgres@127.0.0.1:{first_port}/app"
    assert not (base_dir / "cluster-location").exists()
    assert (base_dir / "data" / "PG_VERSION").exists()
    assert (base_dir / "port").read_text().strip() == str(first_port)

    with PostgresCluster(base_dir) as again:
        assert again.port == first_port
        with psycopg.connect(_psycopg_url(again, "app")) as conn:
            assert conn.execute("SELECT body FROM notes").fetchall() == [("kept",)]


def test_a_running_server_of_the_same_data_is_reused(reachable_dir: Path) -> None:
    first = PostgresCluster(reachable_dir / "postgres")
    with first:
        second = PostgresCluster(reachable_dir / "postgres", port=free_port())
        second.ensure_initialized()
        second.start()
        assert second.port == first.port
        second.stop()
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(_psycopg_url(first, "postgres"), connect_timeout=2)


def test_cluster_out_of_reach_of_postgres_is_relocated_when_root(tmp_path: Path, relocation_root: Path) -> None:
    tmp_path.chmod(0o700)
    base_dir = tmp_path / "postgres"
    with PostgresCluster(base_dir) as cluster:
        cluster.create_database("relocated")
    pointer = base_dir / "cluster-location"
    if os.geteuid() == 0:
        cluster_dir = Path(pointer.read_text().strip())
        assert cluster_dir.parent == relocation_root
    else:
        assert not pointer.exists()
        cluster_dir = base_dir
    assert (cluster_dir / "data" / "PG_VERSION").exists()

    with PostgresCluster(base_dir) as again:
        with psycopg.connect(_psycopg_url(again, "postgres")) as conn:
            names = conn.execute("SELECT datname FROM pg_database").fetchall()
        assert ("relocated",) in names


def test_stop_without_a_server_is_quiet(reachable_dir: Path) -> None:
    PostgresCluster(reachable_dir / "never-started").stop()


def test_temporal_binary_is_the_wheels_cli() -> None:
    assert Path(temporal_binary()).name == "temporal"


async def test_temporal_dev_server_keeps_workflows_in_its_sqlite_file(tmp_path: Path) -> None:
    db_file, log_file = tmp_path / "temporal.sqlite", tmp_path / "temporal.log"
    with TemporalDevServer(db_file, log_file=log_file) as server:
        client = await Client.connect(server.address, namespace="default")
        await client.start_workflow("NoWorkerNeeded", id="kept", task_queue="devstack-test")
    assert db_file.exists()
    assert log_file.exists()
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", int(server.address.rsplit(":", 1)[1]))) != 0

    with TemporalDevServer(db_file) as again:
        client = await Client.connect(again.address, namespace="default")
        description = await client.get_workflow_handle("kept").describe()
        assert description.status == WorkflowExecutionStatus.RUNNING


def test_temporal_dev_server_that_dies_says_why(tmp_path: Path) -> None:
    server = TemporalDevServer(db_file=tmp_path)  # a directory: SQLite cannot open it
    with pytest.raises(RuntimeError, match="unable to open database file"):
        server.start(timeout=20)


def test_temporal_dev_server_refuses_a_taken_port() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = TemporalDevServer(None, port=taken.getsockname()[1])
        with pytest.raises(RuntimeError, match="already in use"):
            server.start(timeout=20)


def test_a_second_temporal_server_on_the_same_file_is_never_started(tmp_path: Path) -> None:
    db_file = tmp_path / "temporal.sqlite"
    with TemporalDevServer(db_file) as first:
        second = TemporalDevServer(db_file)
        second.start()
        assert second.reused and second.address == first.address
        second.stop()  # stops nothing of the first
        assert first.running
    # A lock held by a server that does not answer: refused, never a second server on the file.
    holder = os.open(tmp_path / "temporal.sqlite.lock", os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)
    os.pwrite(holder, f"4242 {free_port()}\n".encode(), 0)
    try:
        with pytest.raises(RuntimeError, match="Another Temporal server"):
            TemporalDevServer(db_file, patience=1).start(timeout=10)
    finally:
        os.close(holder)


_STARTER = """
import sys, time
from pathlib import Path
from innocycle.devstack import postgres as devstack_postgres
devstack_postgres.RELOCATION_ROOT = Path(sys.argv[2])
from innocycle.devstack import postgres as devstack_postgres
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.temporal import TemporalDevServer
cluster = PostgresCluster(Path(sys.argv[1]) / "postgres")
cluster.ensure_initialized()
cluster.start()
temporal = TemporalDevServer(Path(sys.argv[1]) / "temporal.sqlite")
temporal.start()
print(cluster.port, temporal.address, flush=True)
time.sleep(600)
"""


def test_the_servers_die_with_the_process_that_started_them_even_on_sigkill(
    reachable_dir: Path, relocation_root: Path
) -> None:
    starter = subprocess.Popen(
        [sys.executable, "-c", _STARTER, str(reachable_dir), str(relocation_root)], stdout=subprocess.PIPE, text=True
    )
    assert starter.stdout is not None
    pg_port, temporal_address = starter.stdout.readline().split()
    pg_url = f"postgresql://postgres@127.0.0.1:{pg_port}/postgres"
    psycopg.connect(pg_url, connect_timeout=2).close()
    starter.kill()  # SIGKILL: no chance to stop anything
    starter.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            psycopg.connect(pg_url, connect_timeout=1).close()
        except psycopg.OperationalError:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("PostgreSQL outlived the process that started it")
    lock = os.open(reachable_dir / "temporal.sqlite.lock", os.O_RDWR)
    try:
        while time.monotonic() < deadline:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                time.sleep(0.2)
        else:
            raise AssertionError(f"the Temporal server of {temporal_address} outlived the process that started it")
    finally:
        os.close(lock)
    # Nothing holds the data file now: the next start gets a server of its own.
    with TemporalDevServer(reachable_dir / "temporal.sqlite") as again:
        assert not again.reused
