"""Benchmark: a year of the Sverdlovsk methodological sections of one management district (seed 000) in skipped time
on the Temporal test server, with the real API, worker and PostgreSQL, beside the KhMAO year (``bench/year.py``): the
ОМЦ, the base organisation and N sections each run a cycle (D10); plans, the first half-year's meetings and Q1's
three tiers sent and accepted, the second half-year left without a meeting so that every section escalates.
Reports the wall time and each action's latency against a bare Temporal update with one no-op activity on the same
server.

    python -m bench.section_year [--sections 12]
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
from tests.support.section_year import play
from tests.support.stack import Stack


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def run(sections: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="innocycle-bench-section-year-"))
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
        stack = Stack.start("bench_section_year", cluster, env.client.service_client.config.target_host, work / "logs")
        api = Api(stack.api_url)
        played = await play(env, api, stack, sections)
        baseline = await bare_update_latencies(env.client, 200)
        return {
            "sections": sections,
            "sites": sections + 2,
            "year": played.year,
            "wall_seconds": round(played.seconds, 1),
            "actions": played.actions,
            "h2_escalated": played.h2_escalated,
            "action_ms": {
                "p50": round(percentile(played.latencies, 0.5) * 1000, 1),
                "p99": round(percentile(played.latencies, 0.99) * 1000, 1),
                "mean": round(statistics.fmean(played.latencies) * 1000, 1),
            },
            "bare_update_ms": {
                "p50": round(percentile(baseline, 0.5) * 1000, 1),
                "p99": round(percentile(baseline, 0.99) * 1000, 1),
            },
            "ratio_p50": round(percentile(played.latencies, 0.5) / percentile(baseline, 0.5), 2),
            "ratio_p99": round(percentile(played.latencies, 0.99) / percentile(baseline, 0.99), 2),
        }
    finally:
        if stack is not None:
            stack.stop()
        await env.shutdown()
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=12)
    args = parser.parse_args()
    started = time.monotonic()
    report = asyncio.run(run(args.sections))
    report["total_seconds_with_setup"] = round(time.monotonic() - started, 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
