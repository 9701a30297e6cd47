"""Benchmark: appending one event through the API's internal endpoint, against a bare INSERT of the same row on
the same PostgreSQL, in the same run. Reports both latency distributions and their ratio.

What the API adds: HTTP, the service-token check, the idempotency and expected-version checks (in the INSERT
itself: unique constraints and the version the stream must have reached) and the projection dispatch, all in one
transaction.

    python -m bench.append [--n 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psycopg

from innocycle.devstack import postgres as devstack_postgres
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.processes import free_port
from innocycle.migrate import upgrade


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def bare_inserts(dsn: str, count: int, stream: str) -> list[float]:
    samples = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        for version in range(1, count + 1):
            started = time.perf_counter()
            with conn.transaction():
                conn.execute(
                    "INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, "
                    "metadata) VALUES (%s, %s, %s, 'BenchNoted', 1, %s, '{}')",
                    (stream, version, str(uuid.uuid4()), json.dumps({"n": version})),
                )
            samples.append(time.perf_counter() - started)
    return samples


def api_appends(url: str, token: str, count: int, stream: str) -> list[float]:
    samples = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        for version in range(count):
            body = {
                "expected_version": version,
                "events": [{"event_id": str(uuid.uuid4()), "event_type": "BenchNoted", "data": {"n": version}}],
            }
            started = time.perf_counter()
            response = client.post(f"/internal/streams/{stream}/events", json=body)
            samples.append(time.perf_counter() - started)
            response.raise_for_status()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="innocycle-bench-"))
    work.chmod(0o755)
    devstack_postgres.RELOCATION_ROOT = work / "relocated"
    cluster = PostgresCluster(work / "postgres")
    api: subprocess.Popen[bytes] | None = None
    try:
        cluster.ensure_initialized()
        cluster.start()
        cluster.create_database("bench")
        url = cluster.url("bench")
        upgrade(url)
        port, token = free_port(), secrets.token_urlsafe(16)
        env = {
            **os.environ,
            "INNOCYCLE_DATABASE_URL": url,
            "INNOCYCLE_API_PORT": str(port),
            "INNOCYCLE_SERVICE_TOKEN": token,
            "INNOCYCLE_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",  # not used by the internal endpoint
        }
        api = subprocess.Popen(
            [sys.executable, "-m", "innocycle.cli", "api"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        api_url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(f"{api_url}/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        bare_inserts(dsn, 200, "bench:warm-bare")  # warm-up of both paths
        api_appends(api_url, token, 200, "bench:warm-api")
        baseline = bare_inserts(dsn, args.n, "bench:bare")
        measured = api_appends(api_url, token, args.n, "bench:api")
        report = {
            "events": args.n,
            "bare_insert_ms": {"p50": percentile(baseline, 0.5) * 1000, "p99": percentile(baseline, 0.99) * 1000},
            "api_append_ms": {"p50": percentile(measured, 0.5) * 1000, "p99": percentile(measured, 0.99) * 1000},
            "ratio_p50": percentile(measured, 0.5) / percentile(baseline, 0.5),
            "ratio_p99": percentile(measured, 0.99) / percentile(baseline, 0.99),
            "throughput_ratio": statistics.fmean(baseline) / statistics.fmean(measured),
        }
        print(json.dumps(report, indent=2))
    finally:
        if api is not None:
            api.terminate()
            api.wait()
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
