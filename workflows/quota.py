"""QuotaWorkflow: at least N items in a period (two methodological products a year, order 135-р 2.4.2), or
coverage of every institution in the monitoring plan (4.1). A completed monitoring starts the справка it owes
within 10 working days (4.2) as a child SubmissionWorkflow."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import quota, roadmap_row
    from domain.common import DomainEvent
    from domain.cycle import RUNNER_OF_KIND
    from domain.deadlines import local_date
    from domain.escalation import ScheduledStep
    from domain.obligations import Context, ObligationOpened, ObligationRef, obligation_id
    from domain.product.lifecycle import MAIN_FILE
    from domain.regulations.model import CouncilRules, Obligation
    from workflows.obligation import ObligationInput, ObligationOutcome, ObligationStatus, ObligationWorkflow
    from workflows.product import ExpertiseInput, ExpertiseWorkflow
    from workflows.submission import SubmissionWorkflow


# A product sent tells the cycle, which marks the dated roadmap row about sending a product in that month done (D53).
# Histories recorded before told nobody.
TELLS_CYCLE_OF_PRODUCTS = "quota-tells-cycle-of-products"


class QuotaInput(ObligationInput):
    spravka: Obligation | None = None  # the справка obligation (4.2) a completed monitoring starts
    expertise: Obligation | None = None  # the examination (2.4.2) a product sent to the expert council starts
    council: CouncilRules | None = None  # how the council examines it (D46–D52)


def spravka_instance(target: str, completed_on: str) -> str:
    slug = re.sub(r"[^0-9a-zа-яё]+", "-", target.lower()).strip("-")[:40]
    return f"{completed_on}-{slug}"


@workflow.defn
class QuotaWorkflow(ObligationWorkflow[quota.QuotaState]):
    @workflow.init
    def __init__(self, inp: QuotaInput) -> None:
        self._setup(inp)
        self._spravka = inp.spravka
        self._expertise = inp.expertise
        self._council = inp.council
        self._children: list[workflow.ChildWorkflowHandle[Any, Any]] = []

    @workflow.run
    async def run(self, inp: QuotaInput) -> ObligationOutcome:
        state = await self._open_and_run()
        if self._children:
            await asyncio.gather(*self._children)
        return ObligationOutcome(obligation_id=inp.ref.obligation_id, status=state.status.value)

    def _initial(self, opened: ObligationOpened, ctx: Context) -> quota.QuotaState:
        return quota.initial_state(opened, quota.is_coverage(opened.obligation))

    def _decide(self, state: quota.QuotaState, command: Any) -> list[DomainEvent]:
        return quota.decide(state, self._inp.obligation, command, self._context())

    def _evolve(self, state: quota.QuotaState, events: list[DomainEvent]) -> quota.QuotaState:
        return quota.evolve_all(state, events)

    def _next_step(self, state: quota.QuotaState) -> ScheduledStep | None:
        return quota.next_escalation(state, self._inp.obligation, self._context())

    def _done(self, state: quota.QuotaState) -> bool:
        return quota.done(state, workflow.now())

    def _runner(self) -> str:
        return RUNNER_OF_KIND[self._inp.obligation.kind].value  # quota, or coverage of a monitoring plan

    def _status(self, state: quota.QuotaState) -> str:
        return state.status.value

    def _wake_also_at(self, state: quota.QuotaState) -> datetime | None:
        return state.deadline.ends_at if state.status == quota.QuotaStatus.MET else None

    async def _recorded(self, events: list[DomainEvent]) -> None:
        for event in events:
            if isinstance(event, quota.MonitoringCompleted):
                await self._start_spravka(event)
            if isinstance(event, quota.QuotaItemRecorded) and event.product is not None:
                await self._start_expertise(event)
                await self._tell_cycle(event)

    async def _start_spravka(self, completed: quota.MonitoringCompleted) -> None:
        if self._spravka is None:
            return
        parent = self._inp.ref
        instance = spravka_instance(completed.target, completed.completed_on.isoformat())
        ref = ObligationRef(
            obligation_id=obligation_id(parent.site_id, parent.year, self._spravka.key, instance),
            cycle_id=parent.cycle_id,
            site_id=parent.site_id,
            year=parent.year,
            key=self._spravka.key,
            instance=instance,
        )
        child_input = ObligationInput(
            ref=ref,
            obligation=self._spravka,
            nominal_due=completed.spravka_due,
            site_status=self._inp.site_status,
            regulation_id=self._inp.regulation_id,
            regulation_version=self._inp.regulation_version,
            calendar=self._calendar,
            timezone=self._inp.timezone,
        )
        handle = await workflow.start_child_workflow(SubmissionWorkflow.run, child_input, id=ref.obligation_id)
        self._children.append(handle)

    async def _start_expertise(self, recorded: quota.QuotaItemRecorded) -> None:
        if self._expertise is None or self._council is None or recorded.product is None:
            return
        parent = self._inp.ref
        instance = recorded.product.product_id
        ref = ObligationRef(
            obligation_id=obligation_id(parent.site_id, parent.year, self._expertise.key, instance),
            cycle_id=parent.cycle_id,
            site_id=parent.site_id,
            year=parent.year,
            key=self._expertise.key,
            instance=instance,
        )
        # No deadline of its own (D8): what it shows is when a conclusion can be expected, the experts' terms (D47).
        today = local_date(recorded.occurred_at, self._inp.timezone)
        expected = self._calendar.add_working_days(
            today, self._council.respond_working_days + self._council.review_working_days
        )
        child_input = ExpertiseInput(
            ref=ref,
            obligation=self._expertise,
            nominal_due=expected,
            site_status=self._inp.site_status,
            regulation_id=self._inp.regulation_id,
            regulation_version=self._inp.regulation_version,
            calendar=self._calendar,
            timezone=self._inp.timezone,
            council=self._council,
            product=recorded.product,
        )
        handle = await workflow.start_child_workflow(ExpertiseWorkflow.run, child_input, id=ref.obligation_id)
        self._children.append(handle)

    async def _tell_cycle(self, recorded: quota.QuotaItemRecorded) -> None:
        """The product sent through the quota of the year (the one that opens its examination) goes to the cycle,
        which owns the dated roadmap rows (D53); a site's own cadence counting it too tells nothing more."""
        product = recorded.product
        if self._expertise is None or product is None or not workflow.patched(TELLS_CYCLE_OF_PRODUCTS):
            return
        sent = roadmap_row.ProductSent(
            product_id=product.product_id,
            title=product.title,
            sent_on=local_date(recorded.occurred_at, self._inp.timezone),
            file=product.files.get(MAIN_FILE),
        )
        cycle = workflow.get_external_workflow_handle(self._inp.ref.cycle_id)
        try:
            await cycle.signal("product_sent", sent)
        except Exception:  # the cycle is gone (closed by a revocation meanwhile): no row is left to mark
            workflow.logger.info("cycle %s did not take the product %s", self._inp.ref.cycle_id, product.product_id)

    @workflow.update
    async def record_item(self, command: quota.RecordItem) -> ObligationStatus:
        return await self._handle(command)

    @record_item.validator
    def validate_record_item(self, command: quota.RecordItem) -> None:
        self._validate(command)

    @workflow.update
    async def approve_plan(self, command: quota.ApprovePlan) -> ObligationStatus:
        return await self._handle(command)

    @approve_plan.validator
    def validate_approve_plan(self, command: quota.ApprovePlan) -> None:
        self._validate(command)

    @workflow.update
    async def complete_monitoring(self, command: quota.CompleteMonitoring) -> ObligationStatus:
        return await self._handle(command)

    @complete_monitoring.validator
    def validate_complete_monitoring(self, command: quota.CompleteMonitoring) -> None:
        self._validate(command)

    @workflow.signal
    async def calendar_updated(self) -> None:
        self._on_calendar_updated()
        for child in self._children:
            await child.signal("calendar_updated")

    @workflow.signal
    async def revoke(self, reason: str) -> None:
        self._on_revoke(reason)
        for child in self._children:
            await child.signal("revoke", reason)
