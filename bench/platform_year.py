"""Benchmark: a Vologda methodological platform's year (seeds 002, 003) beside the KhMAO year (``bench/year.py``): N
platforms, each with its own site, people and year, played one after another through the whole story of issue 16
(``tests/support/platform_year.py``) in skipped time on the Temporal test server, with the real API, worker and
PostgreSQL — the plan and its plan-schedules approved, eleven monthly working meetings held and July escalated, the
criteria report of 2023 entered with its consistency warning, sent, agreed by the host's acting head and approved by
the Department head, its follow-ups amending it, the next year decided. Reports the wall time, and each command's
latency against a bare Temporal update with one no-op activity on the same server.

    python -m bench.platform_year [--platforms 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from temporalio.testing import WorkflowEnvironment

from bench.baseline import bare_update_latencies
from innocycle.devstack import postgres as devstack_postgres
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.temporal import temporal_binary
from tests.support.client import Api
from tests.support.platform_year import play_platform_year
from tests.support.stack import Stack


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def run(platforms: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="innocycle-bench-platform-year-"))
    work.chmod(0o755)
    (work / "logs").mkdir()
    devstack_postgres.RELOCATION_ROOT = work / "relocated"
    cluster = PostgresCluster(work / "postgres")
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(Path(temporal_binary()).parent / "temporal-test-server")
    )
    stack: Stack | None = None
    try:
        cluster.ensure_initialized()
        cluster.start()
        address = env.client.service_client.config.target_host
        stack = Stack.start("bench_platform_year", cluster, address, work / "logs", cheap_demo_passwords=True)
        api = Api(stack.api_url)
        started = time.monotonic()
        played = [await play_platform_year(env, api, stack, f"-{n}") for n in range(platforms)]
        wall = time.monotonic() - started
        api.close()
        baseline = await bare_update_latencies(env.client, 200)
        commands = [latency for p in played for latency in p.latencies]
        return {
            "platforms": platforms,
            "years": [p.year for p in played],
            "wall_seconds": round(wall, 1),
            "seconds_per_platform": [round(p.seconds, 1) for p in played],
            "commands": len(commands),
            "command_ms": {
                "p50": round(percentile(commands, 0.5) * 1000, 1),
                "p99": round(percentile(commands, 0.99) * 1000, 1),
                "mean": round(statistics.fmean(commands) * 1000, 1),
            },
            "bare_update_ms": {
                "p50": round(percentile(baseline, 0.5) * 1000, 1),
                "p99": round(percentile(baseline, 0.99) * 1000, 1),
            },
            "ratio_p50": round(percentile(commands, 0.5) / percentile(baseline, 0.5), 2),
            "ratio_p99": round(percentile(commands, 0.99) / percentile(baseline, 0.99), 2),
        }
    finally:
        if stack is not None:
            stack.stop()
        await env.shutdown()
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--platforms", type=int, default=3)
    args = parser.parse_args()
    started = time.monotonic()
    report = asyncio.run(run(args.platforms))
    report["total_seconds_with_setup"] = round(time.monotonic() - started, 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
