"""RegionWorkflow: the region's own year, ``region:{region_id}``; one runs per region whose regulation sets a date
for its cycles to open (``Regulation.cycle_opening``), started by every worker at start-up (a second start is a
no-op).

On that date — 1 November of year N-1 for KhMAO (D26) — it asks the API to open the cycles of year N of every site
whose status covers that year, and the RCRSO's сборник of N, through the same checks as an opening by hand; what is
open already is skipped, so opening twice opens nothing (D27, D28). Then it continues as new for the next year.
While it waits it sees that every site has a curator in force (D29): it asks the API to check at start and again
whenever a grant in force ends or a grant given for later begins (the API checks by itself whenever a grant or a
user changes), so a site left without a curator is an escalation to the RCRSO director at that instant.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict
from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from domain.region import (
        CuratorCheck,
        CuratorCheckRequest,
        RegionOpening,
        RegionYear,
        next_year_to_open,
        opening_instant,
    )
    from domain.regulations.model import CycleOpening

OPEN_REGION_CYCLES = "open_region_cycles"
CHECK_CURATORS = "check_curators"
RETRY = RetryPolicy(maximum_interval=timedelta(minutes=5))  # the API may be down for a while: keep trying


def region_workflow_id(region_id: str) -> str:
    return f"region:{region_id}"


class RegionInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    region_id: str
    timezone: str
    opening: CycleOpening  # as the regulation set it when this run started
    next_year: int | None = None  # the year whose cycles open next; None: the one after the current year


@workflow.defn
class RegionWorkflow:
    @workflow.init
    def __init__(self, inp: RegionInput) -> None:
        self._inp = inp
        self._checks = 0
        self._grants_changed = False
        self._timer: tuple[datetime, asyncio.Task[None]] | None = None

    @workflow.run
    async def run(self, inp: RegionInput) -> None:
        year = inp.next_year or next_year_to_open(workflow.now(), inp.timezone)
        opens = opening_instant(inp.opening, year, inp.timezone)
        next_check = await self._check_curators()
        while workflow.now() < opens:
            await self._wait(self._timer_at(opens if next_check is None else min(opens, next_check)))
            if self._grants_changed or (next_check is not None and workflow.now() >= next_check):
                next_check = await self._check_curators()
        opened: RegionOpening = await workflow.execute_activity(
            OPEN_REGION_CYCLES,
            RegionYear(region_id=inp.region_id, year=year),
            result_type=RegionOpening,
            start_to_close_timeout=timedelta(minutes=2),
            retry_policy=RETRY,
        )
        workflow.logger.info("region %s: cycles of %s opened for %s", inp.region_id, year, opened.opened)
        workflow.continue_as_new(inp.model_copy(update={"next_year": year + 1}))

    async def _wait(self, timer: asyncio.Task[None]) -> None:
        await workflow.wait_condition(lambda: self._grants_changed or timer.done())

    def _timer_at(self, instant: datetime) -> asyncio.Task[None]:
        """The timer that fires at ``instant``: the one running for it, or a new one. A timer is never cancelled
        (an earlier one fires unheeded), as in the cycle's workflow (temporalio/sdk-java#3088)."""
        if self._timer is not None and self._timer[0] == instant:
            return self._timer[1]
        timer = asyncio.create_task(asyncio.sleep(max(instant - workflow.now(), timedelta(0)).total_seconds()))
        self._timer = (instant, timer)
        return timer

    async def _check_curators(self) -> datetime | None:
        """Raise or resolve the curator escalations of the region now; answers when to check again."""
        self._grants_changed = False
        self._checks += 1
        check: CuratorCheck = await workflow.execute_activity(
            CHECK_CURATORS,
            CuratorCheckRequest(region_id=self._inp.region_id, at=workflow.now()),
            result_type=CuratorCheck,
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=RETRY,
        )
        return check.next_change

    @workflow.signal
    def grants_changed(self) -> None:
        """A grant or a user changed (the API checked already): check again, for the next instant a term ends."""
        self._grants_changed = True

    @workflow.query
    def curator_checks(self) -> int:
        return self._checks
