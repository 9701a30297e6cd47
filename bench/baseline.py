"""The baseline of the command benchmarks: a bare Temporal update that runs one no-op activity, on the same
server, measured in the same run."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker


@activity.defn
async def noop() -> None:
    return None


@workflow.defn
class BareWorkflow:
    def __init__(self) -> None:
        self._done = False

    @workflow.run
    async def run(self) -> None:
        await workflow.wait_condition(lambda: self._done)

    @workflow.update
    async def touch(self) -> int:
        await workflow.execute_activity(noop, start_to_close_timeout=timedelta(seconds=10))
        return 1

    @workflow.signal
    def stop(self) -> None:
        self._done = True


async def bare_update_latencies(client: Client, count: int) -> list[float]:
    """Seconds per update of a bare workflow whose update runs one no-op activity."""
    queue = f"bench-baseline-{uuid.uuid4()}"
    async with Worker(client, task_queue=queue, workflows=[BareWorkflow], activities=[noop]):
        handle = await client.start_workflow(BareWorkflow.run, id=f"bench-bare-{uuid.uuid4()}", task_queue=queue)
        samples = []
        for _ in range(count):
            started = time.perf_counter()
            await handle.execute_update(BareWorkflow.touch)
            samples.append(time.perf_counter() - started)
        await handle.signal(BareWorkflow.stop)
    return samples
