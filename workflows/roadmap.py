"""The roadmap approved with a site's package, inside workflows: it arrives as the cycle's signal or as the result
of the ``approved_roadmap`` activity, never by reading the store from workflow code."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from domain.roadmap.model import RoadmapRow

APPROVED_ROADMAP = "approved_roadmap"


async def approved_roadmap(cycle_id: str) -> list[RoadmapRow]:
    rows: list[RoadmapRow] = await workflow.execute_activity(
        APPROVED_ROADMAP,
        cycle_id,
        result_type=list[RoadmapRow],
        start_to_close_timeout=timedelta(seconds=10),
        retry_policy=RetryPolicy(maximum_interval=timedelta(seconds=30)),
    )
    return rows
