"""The Temporal worker process: every workflow and activity of innocycle on one task queue."""

from __future__ import annotations

import asyncio
import signal

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

from activities.api_client import ApiActivities
from innocycle.settings import Settings
from workflows.cycle import SiteYearCycleWorkflow
from workflows.freshness import FreshnessWorkflow
from workflows.quota import QuotaWorkflow
from workflows.submission import SubmissionWorkflow

WORKFLOWS = [SiteYearCycleWorkflow, SubmissionWorkflow, QuotaWorkflow, FreshnessWorkflow]


async def connect(settings: Settings) -> Client:
    return await Client.connect(
        settings.temporal_address, namespace=settings.temporal_namespace, data_converter=pydantic_data_converter
    )


def build_worker(client: Client, settings: Settings, activities: ApiActivities) -> Worker:
    return Worker(
        client,
        task_queue=settings.task_queue,
        workflows=WORKFLOWS,
        activities=activities.all(),
    )


async def run_worker(settings: Settings) -> None:
    client = await connect(settings)
    activities = ApiActivities(settings.api_url, settings.service_token)
    worker = build_worker(client, settings, activities)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with worker:
        await stop.wait()
    await activities.aclose()
