"""Benchmark: the scripted year of all 18 KhMAO sites (tests/support/year_scenario.py) in skipped time on the Temporal
test server, with the real API, worker and PostgreSQL. Reports the wall time (the goal: under a minute on 2
cores) and each action's latency against a bare Temporal update with one no-op activity on the same server.

    python -m bench.year
"""

from __future__ import annotations

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
from tests.support.stack import Stack
from tests.support.year_scenario import mismatches, play


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def run() -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="innocycle-bench-year-"))
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
        stack = Stack.start("bench_year", cluster, env.client.service_client.config.target_host, work / "logs")
        api = Api(stack.api_url)
        played = await play(env, api)
        stack.wait_until_quiet()
        wrong = mismatches(played, stack.query)
        baseline = await bare_update_latencies(env.client, 200)
        actions = played.latencies
        return {
            "sites": 18,
            "year": played.scenario.year,
            "wall_seconds": round(played.seconds, 1),
            "goal_seconds": 60,
            "actions": len(played.scenario.actions),
            "instants": played.instants,
            "escalations_expected": len(played.scenario.expected),
            "escalations_mismatched": len(wrong),
            "action_ms": {"p50": percentile(actions, 0.5) * 1000, "p99": percentile(actions, 0.99) * 1000},
            "bare_update_ms": {"p50": percentile(baseline, 0.5) * 1000, "p99": percentile(baseline, 0.99) * 1000},
            "ratio_p50": percentile(actions, 0.5) / percentile(baseline, 0.5),
            "ratio_p99": percentile(actions, 0.99) / percentile(baseline, 0.99),
            "mean_action_ms": statistics.fmean(actions) * 1000,
        }
    finally:
        if stack is not None:
            stack.stop()
        await env.shutdown()
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    started = time.monotonic()
    report = asyncio.run(run())
    report["total_seconds_with_setup"] = round(time.monotonic() - started, 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
