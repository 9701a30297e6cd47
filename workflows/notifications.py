"""DigestWorkflow: the region's daily digest, ``digest:{region_id}``; one runs per region, started by every worker
at start-up like the region's own year (a second start is a no-op).

It loads the production calendar (an activity), sleeps until 09:00 in the region on the next working day, and then
asks the API to compose and send the digests of that day (``send_digests``); the API sends one a person a day, so a
retried activity or a restarted worker sends nothing twice, and, holding the calendar with the administrator's
corrections, sends nothing on a day off. A correction of the calendar is signalled (``calendar_updated``): the
workflow loads it again and sleeps until the right morning. Every ``DAYS_PER_RUN`` digests, or when the calendar it
holds ends, it continues as new, so its history stays small.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict
from temporalio import workflow
from temporalio.common import RetryPolicy

from workflows.calendar import load_calendar

with workflow.unsafe.imports_passed_through():
    from domain.calendar import ProductionCalendar
    from domain.notifications import DigestRequest, DigestRun, digest_years, next_digest_at

SEND_DIGESTS = "send_digests"
DAYS_PER_RUN = 10  # digests a run sends before it continues as new (a fortnight: some 120 events of history)
RETRY = RetryPolicy(maximum_interval=timedelta(minutes=5))  # the API may be down for a while: keep trying


def digest_workflow_id(region_id: str) -> str:
    return f"digest:{region_id}"


class DigestInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    region_id: str
    timezone: str


@workflow.defn
class DigestWorkflow:
    @workflow.init
    def __init__(self, inp: DigestInput) -> None:
        self._inp = inp
        self._calendar_changed = False
        self._timer: tuple[datetime, asyncio.Task[None]] | None = None
        self._sent = 0

    @workflow.run
    async def run(self, inp: DigestInput) -> None:
        calendar = await self._load()
        while self._sent < DAYS_PER_RUN:
            at = next_digest_at(calendar, workflow.now(), inp.timezone)
            if at is None:
                break  # beyond the calendar held: a new run loads the years ahead
            await self._wait(self._timer_at(at))
            if self._calendar_changed:
                calendar = await self._load()
                continue
            run: DigestRun = await workflow.execute_activity(
                SEND_DIGESTS,
                DigestRequest(region_id=inp.region_id, at=workflow.now(), timezone=inp.timezone),
                result_type=DigestRun,
                start_to_close_timeout=timedelta(minutes=10),
                retry_policy=RETRY,
            )
            self._sent += 1
            workflow.logger.info("digests of %s on %s: %s sent", inp.region_id, run.day, run.sent)
        workflow.continue_as_new(inp)

    async def _wait(self, timer: asyncio.Task[None]) -> None:
        await workflow.wait_condition(lambda: self._calendar_changed or timer.done())

    async def _load(self) -> ProductionCalendar:
        self._calendar_changed = False
        return await load_calendar(digest_years(workflow.now(), self._inp.timezone))

    def _timer_at(self, instant: datetime) -> asyncio.Task[None]:
        """The timer that fires at ``instant``: the one running for it, or a new one. A timer is never cancelled
        (an earlier one fires unheeded), as in the region's and the cycle's workflows (temporalio/sdk-java#3088)."""
        if self._timer is not None and self._timer[0] == instant:
            return self._timer[1]
        timer = asyncio.create_task(asyncio.sleep(max(instant - workflow.now(), timedelta(0)).total_seconds()))
        self._timer = (instant, timer)
        return timer

    @workflow.signal
    def calendar_updated(self) -> None:
        """The administrator corrected the production calendar: load it again before the next morning."""
        self._calendar_changed = True

    @workflow.query
    def digests_sent(self) -> int:
        """How many mornings this run has asked for the digests."""
        return self._sent
