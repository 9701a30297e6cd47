"""CriteriaReportWorkflow: a Vologda platform's report by criteria (the obligation ``annual_report``, kind
``criteria_report``), opened by the platform's cycle. It opens the report with the catalogue in force that year,
takes the values, evidence, «Предложения», the sending, the two signatures, returns, the outcomes that amend the
approved report and the Department's decision on the next year as updates decided by ``domain.platform``, and climbs
the ladder of its deadline while the report is not sent. It ends once the report is approved, the next year decided
and every awaited outcome recorded."""

from __future__ import annotations

import asyncio
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.common import DomainEvent
    from domain.cycle import Runner
    from domain.escalation import ScheduledStep
    from domain.obligations import Context, ObligationOpened
    from domain.platform import criteria_report as report
    from domain.platform import obligation as platform
    from domain.regulations.catalog import regulation
    from workflows.obligation import ObligationInput, ObligationOutcome, ObligationStatus, ObligationWorkflow


@workflow.defn
class CriteriaReportWorkflow(ObligationWorkflow[platform.ReportObligation]):
    @workflow.init
    def __init__(self, inp: ObligationInput) -> None:
        self._setup(inp)
        chain = inp.obligation.review_chain
        self._told: list[Any] = [
            report.OpenReport(
                site_id=inp.ref.site_id,
                year=inp.ref.year,
                catalogue=platform.catalogue_in_force(regulation(inp.regulation_id), inp.ref.year),
                agree_title=chain[0].title if chain else "",
                approve_title=chain[-1].title if chain else "",
            )
        ]

    @workflow.run
    async def run(self, inp: ObligationInput) -> ObligationOutcome:
        listener = asyncio.create_task(self._listen())
        state = await self._open_and_run()
        listener.cancel()
        return ObligationOutcome(obligation_id=inp.ref.obligation_id, status=state.status)

    async def _listen(self) -> None:
        while True:
            await workflow.wait_condition(lambda: bool(self._told) and self._state is not None)
            async with self._lock:
                command = self._told.pop(0)
                await self._execute(command, refused_after_adoption_is_fine=True)
                self._changes += 1

    def _initial(self, opened: ObligationOpened, ctx: Context) -> platform.ReportObligation:
        return platform.initial_state(opened)

    def _decide(self, state: platform.ReportObligation, command: Any) -> list[DomainEvent]:
        return platform.decide(state, self._inp.obligation, command, self._context())

    def _evolve(self, state: platform.ReportObligation, events: list[DomainEvent]) -> platform.ReportObligation:
        return platform.evolve_all(state, events)

    def _next_step(self, state: platform.ReportObligation) -> ScheduledStep | None:
        return platform.next_step(state, self._inp.obligation, self._context())

    def _done(self, state: platform.ReportObligation) -> bool:
        return state.cancelled or state.done

    def _runner(self) -> str:
        return Runner.CRITERIA_REPORT.value

    def _status(self, state: platform.ReportObligation) -> str:
        return state.status

    async def _handle_report(self, command: Any) -> ObligationStatus:
        await workflow.wait_condition(lambda: self._state is not None and self._state.report.opened)
        return await self._handle(command)

    @workflow.update
    async def set_value(self, command: report.SetValue) -> ObligationStatus:
        return await self._handle_report(command)

    @set_value.validator
    def validate_set_value(self, command: report.SetValue) -> None:
        self._validate(command)

    @workflow.update
    async def clear_value(self, command: report.ClearValue) -> ObligationStatus:
        return await self._handle_report(command)

    @clear_value.validator
    def validate_clear_value(self, command: report.ClearValue) -> None:
        self._validate(command)

    @workflow.update
    async def record_evidence(self, command: report.RecordEvidence) -> ObligationStatus:
        return await self._handle_report(command)

    @record_evidence.validator
    def validate_record_evidence(self, command: report.RecordEvidence) -> None:
        self._validate(command)

    @workflow.update
    async def remove_evidence(self, command: report.RemoveEvidence) -> ObligationStatus:
        return await self._handle_report(command)

    @remove_evidence.validator
    def validate_remove_evidence(self, command: report.RemoveEvidence) -> None:
        self._validate(command)

    @workflow.update
    async def write_conclusion(self, command: report.WriteConclusion) -> ObligationStatus:
        return await self._handle_report(command)

    @write_conclusion.validator
    def validate_write_conclusion(self, command: report.WriteConclusion) -> None:
        self._validate(command)

    @workflow.update
    async def submit_report(self, command: report.SubmitReport) -> ObligationStatus:
        return await self._handle_report(command)

    @submit_report.validator
    def validate_submit_report(self, command: report.SubmitReport) -> None:
        self._validate(command)

    @workflow.update
    async def sign_report(self, command: report.SignReport) -> ObligationStatus:
        return await self._handle_report(command)

    @sign_report.validator
    def validate_sign_report(self, command: report.SignReport) -> None:
        self._validate(command)

    @workflow.update
    async def return_report(self, command: report.ReturnReport) -> ObligationStatus:
        return await self._handle_report(command)

    @return_report.validator
    def validate_return_report(self, command: report.ReturnReport) -> None:
        self._validate(command)

    @workflow.update
    async def record_outcome(self, command: report.RecordOutcome) -> ObligationStatus:
        return await self._handle_report(command)

    @record_outcome.validator
    def validate_record_outcome(self, command: report.RecordOutcome) -> None:
        self._validate(command)

    @workflow.update
    async def decide_continuation(self, command: report.DecideContinuation) -> ObligationStatus:
        return await self._handle_report(command)

    @decide_continuation.validator
    def validate_decide_continuation(self, command: report.DecideContinuation) -> None:
        self._validate(command)

    @workflow.signal
    def calendar_updated(self) -> None:
        self._on_calendar_updated()

    @workflow.signal
    def revoke(self, reason: str) -> None:
        self._on_revoke(reason)
