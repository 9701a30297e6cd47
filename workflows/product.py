"""ExpertiseWorkflow: the examination of one methodological product by the expert council (the obligation
``product_expertise``, order 135-р 2.4.2), started by the site's quota when the product is sent. It opens the first
round, takes the secretary's assignments, the experts' answers and reviews and the chair's record of the meeting as
updates, expires an unanswered assignment, reminds a late expert and escalates to the secretary and then the chair
(D47), and waits for a reworked version after a conclusion «на доработку» (D51)."""

from __future__ import annotations

import asyncio
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.common import DomainError, DomainEvent
    from domain.cycle import Runner
    from domain.escalation import ScheduledStep
    from domain.obligations import Context, ObligationOpened
    from domain.product import expertise
    from domain.product.events import AssignmentRefused
    from domain.product.model import ProductCard
    from domain.regulations.model import CouncilRules
    from workflows.obligation import (
        ObligationInput,
        ObligationOutcome,
        ObligationStatus,
        ObligationWorkflow,
        domain_refusal,
    )


class ExpertiseInput(ObligationInput):
    council: CouncilRules
    product: ProductCard


@workflow.defn
class ExpertiseWorkflow(ObligationWorkflow[expertise.ExpertiseState]):
    @workflow.init
    def __init__(self, inp: ExpertiseInput) -> None:
        self._setup(inp)
        self._council = inp.council
        self._told: list[Any] = [expertise.StartExamination(product=inp.product)]
        self._refused = ""  # the conflict of interest the last assignment recorded (D48)

    @workflow.run
    async def run(self, inp: ExpertiseInput) -> ObligationOutcome:
        listener = asyncio.create_task(self._listen())
        state = await self._open_and_run()
        listener.cancel()
        return ObligationOutcome(obligation_id=inp.ref.obligation_id, status=state.status.value)

    async def _listen(self) -> None:
        while True:
            await workflow.wait_condition(lambda: bool(self._told) and self._state is not None)
            async with self._lock:
                command = self._told.pop(0)
                await self._execute(command, refused_after_adoption_is_fine=True)
                self._changes += 1

    def _initial(self, opened: ObligationOpened, ctx: Context) -> expertise.ExpertiseState:
        return expertise.initial_state(opened)

    def _decide(self, state: expertise.ExpertiseState, command: Any) -> list[DomainEvent]:
        return expertise.decide(state, self._council, command, self._context())

    def _evolve(self, state: expertise.ExpertiseState, events: list[DomainEvent]) -> expertise.ExpertiseState:
        return expertise.evolve_all(state, events)

    def _next_step(self, state: expertise.ExpertiseState) -> ScheduledStep | None:
        return expertise.next_step(state, self._council, self._context())

    def _done(self, state: expertise.ExpertiseState) -> bool:
        return state.status in expertise.CONCLUDED

    def _runner(self) -> str:
        return Runner.EXPERTISE.value

    def _status(self, state: expertise.ExpertiseState) -> str:
        return state.status.value

    async def _recorded(self, events: list[DomainEvent]) -> None:
        self._refused = next((e.reason for e in events if isinstance(e, AssignmentRefused)), "")

    @workflow.update
    async def assign_expert(self, command: expertise.AssignExpert) -> ObligationStatus:
        status = await self._handle(command)
        if self._refused:
            # The refusal is on record (an event); the secretary is told why, as for any refused command.
            raise domain_refusal(DomainError("conflict_of_interest", self._refused, "expert"))
        return status

    @assign_expert.validator
    def validate_assign_expert(self, command: expertise.AssignExpert) -> None:
        self._validate(command)

    @workflow.update
    async def respond(self, command: expertise.RespondToAssignment) -> ObligationStatus:
        return await self._handle(command)

    @respond.validator
    def validate_respond(self, command: expertise.RespondToAssignment) -> None:
        self._validate(command)

    @workflow.update
    async def recuse(self, command: expertise.Recuse) -> ObligationStatus:
        return await self._handle(command)

    @recuse.validator
    def validate_recuse(self, command: expertise.Recuse) -> None:
        self._validate(command)

    @workflow.update
    async def submit_review(self, command: expertise.SubmitReview) -> ObligationStatus:
        return await self._handle(command)

    @submit_review.validator
    def validate_submit_review(self, command: expertise.SubmitReview) -> None:
        self._validate(command)

    @workflow.update
    async def record_conclusion(self, command: expertise.RecordConclusion) -> ObligationStatus:
        return await self._handle(command)

    @record_conclusion.validator
    def validate_record_conclusion(self, command: expertise.RecordConclusion) -> None:
        self._validate(command)

    @workflow.update
    async def send_new_version(self, command: expertise.SendNewVersion) -> ObligationStatus:
        return await self._handle(command)

    @send_new_version.validator
    def validate_send_new_version(self, command: expertise.SendNewVersion) -> None:
        self._validate(command)

    @workflow.signal
    def calendar_updated(self) -> None:
        self._on_calendar_updated()

    @workflow.signal
    def revoke(self, reason: str) -> None:
        self._on_revoke(reason)
