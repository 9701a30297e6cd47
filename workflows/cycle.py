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
    from domain.cycle import CycleCompleted, CycleStarted, PlannedObligation, planned_obligations
    from domain.obligations import ObligationRef, cycle_id, obligation_id
    from domain.org import Site
    from domain.regulations.model import ObligationKind, Regulation
    from workflows.approval import ApprovalWorkflow, ObligationInput
    from workflows.calendar import calendar_years, load_calendar
    from workflows.eventlog import StreamWriter


class CycleInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    site: Site
    year: int
    regulation: Regulation  # a frozen snapshot: editing the regulation never changes a running cycle


@workflow.defn
class SiteYearCycleWorkflow:
    @workflow.run
    async def run(self, inp: CycleInput) -> str:
        calendar = await load_calendar(calendar_years(inp.year, workflow.now().year))
        stream = StreamWriter(cycle_id(inp.site.id, inp.year))
        planned = planned_obligations(inp.regulation, inp.site, inp.year)
        await stream.record(
            [
                CycleStarted(
                    occurred_at=workflow.now(),
                    site_id=inp.site.id,
                    year=inp.year,
                    regulation_id=inp.regulation.id,
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
            obligation_id=obligation_id(inp.site.id, inp.year, key, planned.instance),
            cycle_id=cycle_id(inp.site.id, inp.year),
            site_id=inp.site.id,
            year=inp.year,
            key=key,
            instance=planned.instance,
        )

    async def _start(
        self, inp: CycleInput, planned: PlannedObligation, calendar: ProductionCalendar
    ) -> workflow.ChildWorkflowHandle[ApprovalWorkflow, str]:
        if planned.obligation.kind != ObligationKind.APPROVAL:
            raise ValueError(f"no workflow runs obligations of kind {planned.obligation.kind}")
        ref = self._ref(inp, planned)
        return await workflow.start_child_workflow(
            ApprovalWorkflow.run,
            ObligationInput(
                ref=ref,
                obligation=planned.obligation,
                regulation_id=inp.regulation.id,
                regulation_version=inp.regulation.version,
                calendar=calendar,
                timezone=inp.regulation.timezone,
            ),
            id=ref.obligation_id,
        )
