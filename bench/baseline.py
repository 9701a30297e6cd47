"""The baseline of the command benchmarks: a bare Temporal update that runs one no-op activity, on the same
server, measured in the same run."""

from __future__ import annotations

import time
import uuid
from contextlib import AsyncExitStack
from datetime import timedelta
from types import TracebackType
from typing import Any

from temporalio import activity, workflow
from temporalio.client import Client, WorkflowHandle
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


class BareUpdates:
    """Bare workflows on a worker of their own (in this process): ``measure`` times updates that each run one
    no-op activity, taking the workflows in turn, so a benchmark can interleave them with what it compares against
    them.

    Updates sent back to back are slower than updates that arrive with a pause, whether to one workflow or to
    several: on the dev server the workflow task that completes an update then waits 20-30 ms more to be picked up
    (measured: p50 45-50 ms back to back, 20-24 ms with 50 ms between updates). A benchmark that compares against
    single updates should space them (bench/command.py pauses before every timed call)."""

    def __init__(self, client: Client, workflows: int = 1) -> None:
        self._client = client
        self._stack = AsyncExitStack()
        self._handles: list[WorkflowHandle[Any, Any]] = []
        self._next = 0
        run = uuid.uuid4()
        self.workflow_ids = [f"bench-bare-{run}-{n}" for n in range(workflows)]

    @property
    def workflow_id(self) -> str:
        return self.workflow_ids[0]

    async def __aenter__(self) -> BareUpdates:
        queue = f"bench-baseline-{uuid.uuid4()}"
        await self._stack.enter_async_context(
            Worker(self._client, task_queue=queue, workflows=[BareWorkflow], activities=[noop])
        )
        for workflow_id in self.workflow_ids:
            self._handles.append(await self._client.start_workflow(BareWorkflow.run, id=workflow_id, task_queue=queue))
        return self

    async def measure(self, count: int) -> list[float]:
        """Seconds per update, ``count`` updates one after the other, the workflows in turn."""
        samples = []
        for _ in range(count):
            handle = self._handles[self._next % len(self._handles)]
            self._next += 1
            started = time.perf_counter()
            await handle.execute_update(BareWorkflow.touch)
            samples.append(time.perf_counter() - started)
        return samples

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            for handle in self._handles:
                await handle.signal(BareWorkflow.stop)
        finally:
            await self._stack.aclose()


async def bare_update_latencies(client: Client, count: int) -> list[float]:
    """Seconds per update of a bare workflow whose update runs one no-op activity."""
    async with BareUpdates(client) as bare:
        return await bare.measure(count)
