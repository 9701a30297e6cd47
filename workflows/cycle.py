"""SiteYearCycleWorkflow: the cycle of one site for one year, ``cycle:{site_id}:{year}``.

It loads the production calendar, records the start of the cycle, and runs one child workflow per obligation
instance the regulation asks of the site; it completes when every obligation is met.
"""

from __future__ import annotations

import asyncio

from pydantic import BaseModel, ConfigDict
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.calendar import ProductionCalendar
    from domain.cycle import (
        CycleCompleted,
        CycleStarted,
        PlannedObligation,
        RegulationSnapshot,
        planned_obligations,
    )
    from domain.obligations import ObligationRef, cycle_id, obligation_id
    from domain.org import Site
    from domain.regulations.model import ObligationKind
    from workflows.approval import ApprovalWorkflow, ObligationInput
    from workflows.calendar import calendar_years, load_calendar
    from workflows.eventlog import StreamWriter


class CycleInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    site: Site
    year: int
    regulation: RegulationSnapshot


def runnable(planned: PlannedObligation) -> bool:
    """The obligation instances a workflow exists for: documents to approve by a date (the annual package).
    Periodic reports, meetings, quotas and product reviews join the cycle with their own workflows."""
    return planned.obligation.kind == ObligationKind.APPROVAL and bool(planned.obligation.review_chain)


@workflow.defn
class SiteYearCycleWorkflow:
    @workflow.run
    async def run(self, inp: CycleInput) -> str:
        calendar = await load_calendar(calendar_years(inp.year, workflow.now().year))
        stream = StreamWriter(cycle_id(inp.site.id, inp.year))
        planned = [p for p in planned_obligations(inp.regulation, inp.year, calendar) if runnable(p)]
        await stream.record(
            [
                CycleStarted(
                    occurred_at=workflow.now(),
                    site_id=inp.site.id,
                    year=inp.year,
                    regulation_id=inp.regulation.regulation_id,
                    regulation_version=inp.regulation.version,
                    obligations=tuple(self._ref(inp, p).obligation_id for p in planned),
                )
            ]
        )
        children = [await self._start(inp, p, calendar) for p in planned]
        await asyncio.gather(*children)
        await stream.record([CycleCompleted(occurred_at=workflow.now(), site_id=inp.site.id, year=inp.year)])
        return "completed"

    @staticmethod
    def _ref(inp: CycleInput, planned: PlannedObligation) -> ObligationRef:
        key = planned.obligation.key
        return ObligationRef(
            obligation_id=obligation_id(inp.site.id, inp.year, key, planned.instance.instance),
            cycle_id=cycle_id(inp.site.id, inp.year),
            site_id=inp.site.id,
            year=inp.year,
            key=key,
            instance=planned.instance.instance,
        )

    async def _start(
        self, inp: CycleInput, planned: PlannedObligation, calendar: ProductionCalendar
    ) -> workflow.ChildWorkflowHandle[ApprovalWorkflow, str]:
        ref = self._ref(inp, planned)
        return await workflow.start_child_workflow(
            ApprovalWorkflow.run,
            ObligationInput(
                ref=ref,
                obligation=planned.obligation,
                nominal_due=planned.instance.nominal,
                regulation_id=inp.regulation.regulation_id,
                regulation_version=inp.regulation.version,
                calendar=calendar,
                timezone=inp.regulation.timezone,
            ),
            id=ref.obligation_id,
        )
