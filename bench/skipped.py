"""What the year benchmarks of the regimes share (``bench/section_year.py``, ``bench/qms_year.py``,
``bench/platform_year.py``): the whole stack — a private PostgreSQL cluster, the API and the worker as processes —
on a Temporal time-skipping test server, and their commands' latencies set against a bare Temporal update with one
no-op activity measured on the same server in the same run."""

from __future__ import annotations

import shutil
import statistics
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from temporalio.testing import WorkflowEnvironment

from bench.baseline import bare_update_latencies
from bench.report import percentile
from innocycle.devstack import postgres as devstack_postgres
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.temporal import temporal_binary
from tests.support.client import Api
from tests.support.stack import Stack


@dataclass(frozen=True)
class SkippedStack:
    env: WorkflowEnvironment
    stack: Stack
    api: Api


@asynccontextmanager
async def skipped_stack(name: str, cheap_demo_passwords: bool = False) -> AsyncIterator[SkippedStack]:
    """The stack ``name`` on a fresh time-skipping server and cluster, all of it gone afterwards."""
    work = Path(tempfile.mkdtemp(prefix=f"innocycle-{name.replace('_', '-')}-"))
    work.chmod(0o755)  # traversable by the postgres user when run as root
    (work / "logs").mkdir()
    devstack_postgres.RELOCATION_ROOT = work / "relocated"
    cluster = PostgresCluster(work / "postgres")
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(Path(temporal_binary()).parent / "temporal-test-server")
    )
    stack: Stack | None = None
    api: Api | None = None
    try:
        cluster.ensure_initialized()
        cluster.start()
        address = env.client.service_client.config.target_host
        stack = Stack.start(name, cluster, address, work / "logs", cheap_demo_passwords=cheap_demo_passwords)
        api = Api(stack.api_url)
        yield SkippedStack(env=env, stack=stack, api=api)
    finally:
        if api is not None:
            api.close()
        if stack is not None:
            stack.stop()
        await env.shutdown()
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def _ms(samples: Sequence[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(samples, 0.5) * 1000, 1),
        "p99": round(percentile(samples, 0.99) * 1000, 1),
        "mean": round(statistics.fmean(samples) * 1000, 1),
    }


async def against_bare_updates(env: WorkflowEnvironment, commands: Sequence[float]) -> dict[str, Any]:
    """The commands' latencies beside 200 bare updates on the same server, and their ratios."""
    baseline = await bare_update_latencies(env.client, 200)
    return {
        "commands": len(commands),
        "command_ms": _ms(commands),
        "bare_update_ms": _ms(baseline),
        "ratio_p50": round(percentile(commands, 0.5) / percentile(baseline, 0.5), 2),
        "ratio_p99": round(percentile(commands, 0.99) / percentile(baseline, 0.99), 2),
    }
