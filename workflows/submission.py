"""SubmissionWorkflow: one obligation instance fulfilled by a submission — the annual package of order 135-р
2.3, a quarterly report, a public report, a registry sent — through its review chain, with extensions of its
deadline and its escalation ladder."""

from __future__ import annotations

from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.common import DomainEvent
    from domain.cycle import Runner
    from domain.escalation import ScheduledStep
    from domain.obligations import Context, ObligationOpened
    from domain.roadmap.model import RoadmapRow
    from domain.submission.events import CLOSED, WAITING_FOR_SUBMITTER, SubmissionStatus
    from domain.submission.machine import decide, evolve_all, next_escalation, review_terms
    from domain.submission.model import (
        DecideExtension,
        DecideSubmission,
        RequestExtension,
        SubmissionState,
        SubmitDocuments,
        initial_state,
    )
    from workflows.obligation import ObligationInput, ObligationOutcome, ObligationStatus, ObligationWorkflow
    from workflows.roadmap import approved_roadmap

REPORT_LOADS_ROADMAP = "report-loads-the-approved-roadmap"
# Every review step with a term gets its due date (ReviewDeadlineSet) and a ladder (D30–D32); histories recorded
# before decided without them.
REVIEWS_RUN_ON_THEIR_TERMS = "reviews-run-on-their-terms"


@workflow.defn
class SubmissionWorkflow(ObligationWorkflow[SubmissionState]):
    @workflow.init
    def __init__(self, inp: ObligationInput) -> None:
        self._setup(inp)
        self._review_terms = False

    @workflow.run
    async def run(self, inp: ObligationInput) -> ObligationOutcome:
        self._review_terms = workflow.patched(REVIEWS_RUN_ON_THEIR_TERMS)
        state = await self._open_and_run()
        accepted = state.last_submission if state.status == SubmissionStatus.APPROVED else None
        return ObligationOutcome(
            obligation_id=inp.ref.obligation_id, status=state.status.value, data=accepted.data if accepted else None
        )

    def _initial(self, opened: ObligationOpened, ctx: Context) -> SubmissionState:
        return initial_state(opened)

    def _decide(self, state: SubmissionState, command: Any) -> list[DomainEvent]:
        ctx = self._context()
        events = decide(state, self._inp.obligation, command, ctx)
        if self._review_terms and events:
            events.extend(review_terms(evolve_all(state, events), self._inp.obligation, ctx))
        return events

    def _check(self, state: SubmissionState, command: Any) -> None:
        # The review clocks a decision starts never refuse it: the validator need not compute them.
        decide(state, self._inp.obligation, command, self._context())

    def _evolve(self, state: SubmissionState, events: list[DomainEvent]) -> SubmissionState:
        return evolve_all(state, events)

    def _next_step(self, state: SubmissionState) -> ScheduledStep | None:
        return next_escalation(state, self._inp.obligation, self._context())

    def _done(self, state: SubmissionState) -> bool:
        return state.status in CLOSED

    def _withdrawable(self, state: SubmissionState) -> bool:
        return state.status in WAITING_FOR_SUBMITTER

    def _runner(self) -> str:
        return Runner.SUBMISSION.value

    def _status(self, state: SubmissionState) -> str:
        return state.status.value

    async def _before_deciding(self, command: Any) -> None:
        # A report that accounts for the roadmap must know it. The cycle forwards the roadmap once the package is
        # approved, but a report sent in the moment between the approval and the forwarding would be judged
        # without it: while none has arrived, the report asks the store for the approved one.
        if (
            isinstance(command, SubmitDocuments)
            and self._inp.obligation.reports_roadmap
            and not self._roadmap
            and workflow.patched(REPORT_LOADS_ROADMAP)
        ):
            self._roadmap = tuple(await approved_roadmap(self._inp.ref.cycle_id))

    @workflow.update
    async def submit(self, command: SubmitDocuments) -> ObligationStatus:
        return await self._handle(command)

    @submit.validator
    def validate_submit(self, command: SubmitDocuments) -> None:
        self._validate(command)

    @workflow.update
    async def decide(self, command: DecideSubmission) -> ObligationStatus:
        return await self._handle(command)

    @decide.validator
    def validate_decide(self, command: DecideSubmission) -> None:
        self._validate(command)

    @workflow.update
    async def request_extension(self, command: RequestExtension) -> ObligationStatus:
        return await self._handle(command)

    @request_extension.validator
    def validate_request_extension(self, command: RequestExtension) -> None:
        self._validate(command)

    @workflow.update
    async def decide_extension(self, command: DecideExtension) -> ObligationStatus:
        return await self._handle(command)

    @decide_extension.validator
    def validate_decide_extension(self, command: DecideExtension) -> None:
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

    @workflow.signal
    def withdraw(self, reason: str) -> None:
        """The request is withdrawn (a centre no longer taking part in its platform, Vologda D11): cancelled now if
        nothing is sent, or once what was sent is returned; what is accepted stays."""
        self._on_withdraw(reason)
