"""The Temporal worker process: every workflow and activity of innocycle on one task queue."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import Any

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

from activities.api_client import InternalApi
from activities.calendar import CalendarActivities
from activities.cycle import CycleActivities
from activities.eventlog import EventLogActivities
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


def activities_of(api: InternalApi) -> list[Callable[..., Any]]:
    """Every activity of innocycle, each context's through the one client of the API's internal endpoints."""
    return [*EventLogActivities(api).all(), *CalendarActivities(api).all(), *CycleActivities(api).all()]


def build_worker(client: Client, settings: Settings, api: InternalApi) -> Worker:
    return Worker(client, task_queue=settings.task_queue, workflows=WORKFLOWS, activities=activities_of(api))


async def run_worker(settings: Settings) -> None:
    client = await connect(settings)
    api = InternalApi(settings.api_url, settings.service_token)
    worker = build_worker(client, settings, api)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with worker:
        await stop.wait()
    await api.aclose()
