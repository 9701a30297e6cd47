"""The Temporal worker process: every workflow and activity of innocycle on one task queue."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import Any

from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.worker import Worker

from activities.api_client import InternalApi
from activities.calendar import CalendarActivities
from activities.cycle import CycleActivities
from activities.eventlog import EventLogActivities
from activities.notifications import NotificationActivities
from activities.region import RegionActivities
from domain.region import opening_of
from domain.regulations.catalog import REGULATIONS
from innocycle.settings import Settings
from workflows.cycle import SiteYearCycleWorkflow
from workflows.freshness import FreshnessWorkflow
from workflows.notifications import DigestInput, DigestWorkflow, digest_workflow_id
from workflows.platform import CriteriaReportWorkflow
from workflows.product import ExpertiseWorkflow
from workflows.qms import ControlledDocumentWorkflow
from workflows.quota import QuotaWorkflow
from workflows.region import RegionInput, RegionWorkflow, region_workflow_id
from workflows.roadmap_row import RoadmapRowWorkflow
from workflows.submission import SubmissionWorkflow

# The workflows that own an event stream named as their id (``innocycle verify`` checks each against it).
WORKFLOWS = [
    SiteYearCycleWorkflow,
    SubmissionWorkflow,
    QuotaWorkflow,
    FreshnessWorkflow,
    RoadmapRowWorkflow,
    ExpertiseWorkflow,
    ControlledDocumentWorkflow,
    CriteriaReportWorkflow,
]
# Every workflow the worker runs: those, and the region's own year and its daily digest (they own no stream).
ALL_WORKFLOWS = [*WORKFLOWS, RegionWorkflow, DigestWorkflow]


async def connect(settings: Settings) -> Client:
    return await Client.connect(
        settings.temporal_address, namespace=settings.temporal_namespace, data_converter=pydantic_data_converter
    )


def activities_of(api: InternalApi) -> list[Callable[..., Any]]:
    """Every activity of innocycle, each context's through the one client of the API's internal endpoints."""
    return [
        *EventLogActivities(api).all(),
        *CalendarActivities(api).all(),
        *CycleActivities(api).all(),
        *RegionActivities(api).all(),
        *NotificationActivities(api).all(),
    ]


def build_worker(client: Client, settings: Settings, api: InternalApi) -> Worker:
    return Worker(client, task_queue=settings.task_queue, workflows=ALL_WORKFLOWS, activities=activities_of(api))


def region_inputs(next_year: int | None = None) -> list[RegionInput]:
    """One region workflow per region with a regulation, opening its cycles on the regulation's date (D26) or, when
    it sets none, on ``domain.region.DEFAULT_OPENING``."""
    return [
        RegionInput(
            region_id=r.region_id, timezone=r.timezone, opening=opening_of(r.cycle_opening), next_year=next_year
        )
        for r in REGULATIONS.values()
    ]


async def start_region_workflows(client: Client, task_queue: str, next_year: int | None = None) -> list[str]:
    """Start each region's workflow unless it runs already (every worker calls this at start-up; the second start
    of a running one is a no-op). Answers the ids it started."""
    started = []
    for inp in region_inputs(next_year):
        try:
            await client.start_workflow(
                RegionWorkflow.run,
                inp,
                id=region_workflow_id(inp.region_id),
                task_queue=task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            )
        except WorkflowAlreadyStartedError:
            continue
        started.append(region_workflow_id(inp.region_id))
    return started


def digest_inputs() -> list[DigestInput]:
    """One digest workflow per region that has a regulation (its zone says when 09:00 is)."""
    zones = {r.region_id: r.timezone for r in REGULATIONS.values()}
    return [DigestInput(region_id=region_id, timezone=zone) for region_id, zone in sorted(zones.items())]


async def start_digest_workflows(client: Client, task_queue: str) -> list[str]:
    """Start each region's digest workflow unless it runs already (every worker calls this at start-up; the second
    start of a running one is a no-op). Answers the ids it started."""
    started = []
    for inp in digest_inputs():
        try:
            await client.start_workflow(
                DigestWorkflow.run,
                inp,
                id=digest_workflow_id(inp.region_id),
                task_queue=task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            )
        except WorkflowAlreadyStartedError:
            continue
        started.append(digest_workflow_id(inp.region_id))
    return started


async def run_worker(settings: Settings) -> None:
    client = await connect(settings)
    api = InternalApi(settings.api_url, settings.service_token)
    worker = build_worker(client, settings, api)
    if settings.region_workflows:
        await start_region_workflows(client, settings.task_queue)
        await start_digest_workflows(client, settings.task_queue)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with worker:
        await stop.wait()
    await api.aclose()
