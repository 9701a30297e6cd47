"""SubmissionWorkflow: one obligation instance fulfilled by a submission — the annual package of order 135-р
2.3, a quarterly report, a public report, a registry sent — through its review chain, with extensions of its
deadline and its escalation ladder."""

from __future__ import annotations

from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import submission
    from domain.common import DomainEvent
    from domain.escalation import ScheduledStep
    from domain.obligations import Context, ObligationOpened
    from domain.payloads import RoadmapRow
    from workflows.roadmap import approved_roadmap
    from workflows.runner import ObligationInput, ObligationOutcome, ObligationRunner, ObligationStatus

REPORT_LOADS_ROADMAP = "report-loads-the-approved-roadmap"


@workflow.defn
class SubmissionWorkflow(ObligationRunner[submission.SubmissionState]):
    @workflow.init
    def __init__(self, inp: ObligationInput) -> None:
        self._setup(inp)

    @workflow.run
    async def run(self, inp: ObligationInput) -> ObligationOutcome:
        state = await self._open_and_run()
        accepted = state.last_submission if state.status == submission.SubmissionStatus.APPROVED else None
        return ObligationOutcome(
            obligation_id=inp.ref.obligation_id, status=state.status.value, data=accepted.data if accepted else None
        )

    def _initial(self, opened: ObligationOpened, ctx: Context) -> submission.SubmissionState:
        return submission.initial_state(opened)

    def _decide(self, state: submission.SubmissionState, command: Any) -> list[DomainEvent]:
        return submission.decide(state, self._inp.obligation, command, self._context())

    def _evolve(self, state: submission.SubmissionState, events: list[DomainEvent]) -> submission.SubmissionState:
        return submission.evolve_all(state, events)

    def _next_step(self, state: submission.SubmissionState) -> ScheduledStep | None:
        return submission.next_escalation(state, self._inp.obligation, self._context())

    def _done(self, state: submission.SubmissionState) -> bool:
        return state.status in submission.CLOSED

    def _runner(self) -> str:
        return "submission"

    def _status(self, state: submission.SubmissionState) -> str:
        return state.status.value

    async def _before_deciding(self, command: Any) -> None:
        # A report that accounts for the roadmap must know it. The cycle forwards the roadmap once the package is
        # approved, but a report sent in the moment between the approval and the forwarding would be judged
        # without it: while none has arrived, the report asks the store for the approved one.
        if (
            isinstance(command, submission.SubmitDocuments)
            and self._inp.obligation.reports_roadmap
            and not self._roadmap
            and workflow.patched(REPORT_LOADS_ROADMAP)
        ):
            self._roadmap = tuple(await approved_roadmap(self._inp.ref.cycle_id))

    @workflow.update
    async def submit(self, command: submission.SubmitDocuments) -> ObligationStatus:
        return await self._handle(command)

    @submit.validator
    def validate_submit(self, command: submission.SubmitDocuments) -> None:
        self._validate(command)

    @workflow.update
    async def decide(self, command: submission.DecideSubmission) -> ObligationStatus:
        return await self._handle(command)

    @decide.validator
    def validate_decide(self, command: submission.DecideSubmission) -> None:
        self._validate(command)

    @workflow.update
    async def request_extension(self, command: submission.RequestExtension) -> ObligationStatus:
        return await self._handle(command)

    @request_extension.validator
    def validate_request_extension(self, command: submission.RequestExtension) -> None:
        self._validate(command)

    @workflow.update
    async def decide_extension(self, command: submission.DecideExtension) -> ObligationStatus:
        return await self._handle(command)

    @decide_extension.validator
    def validate_decide_extension(self, command: submission.DecideExtension) -> None:
        self._validate(command)

    @workflow.signal
    def calendar_updated(self) -> None:
        self._on_calendar_updated()

    @workflow.signal
    def revoke(self, reason: str) -> None:
        self._on_revoke(reason)

    @workflow.signal
    def roadmap_approved(self, rows: list[RoadmapRow]) -> None:
        self._on_roadmap(rows)
