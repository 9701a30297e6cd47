"""FreshnessWorkflow: a registry kept up to date on a cadence (C13's daily, weekly and monthly registries;
C7's products of the last Tuesday of each month) for one year."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import freshness
    from domain.common import DomainEvent
    from domain.cycle import Runner
    from domain.escalation import ScheduledStep
    from domain.obligations import Context, ObligationOpened
    from workflows.obligation import ObligationInput, ObligationOutcome, ObligationStatus, ObligationWorkflow


@workflow.defn
class FreshnessWorkflow(ObligationWorkflow[freshness.FreshnessState]):
    @workflow.init
    def __init__(self, inp: ObligationInput) -> None:
        self._setup(inp)

    @workflow.run
    async def run(self, inp: ObligationInput) -> ObligationOutcome:
        state = await self._open_and_run()
        return ObligationOutcome(obligation_id=inp.ref.obligation_id, status=state.status.value)

    def _initial(self, opened: ObligationOpened, ctx: Context) -> freshness.FreshnessState:
        return freshness.initial_state(opened, ctx)

    def _decide(self, state: freshness.FreshnessState, command: Any) -> list[DomainEvent]:
        return freshness.decide(state, self._inp.obligation, command, self._context())

    def _evolve(self, state: freshness.FreshnessState, events: list[DomainEvent]) -> freshness.FreshnessState:
        return freshness.evolve_all(state, events)

    def _next_step(self, state: freshness.FreshnessState) -> ScheduledStep | None:
        return freshness.next_escalation(state, self._inp.obligation, self._context())

    def _done(self, state: freshness.FreshnessState) -> bool:
        return state.status != freshness.FreshnessStatus.OPEN

    def _runner(self) -> str:
        return Runner.FRESHNESS.value

    def _status(self, state: freshness.FreshnessState) -> str:
        return state.status.value

    def _wake_also_at(self, state: freshness.FreshnessState) -> datetime | None:
        return freshness.year_over_at(state, self._inp.obligation, self._context())

    async def _on_wake(self) -> None:
        assert self._state is not None
        over = freshness.year_over_at(self._state, self._inp.obligation, self._context())
        if over is None or workflow.now() >= over:
            await self._execute(freshness.CloseYear(), refused_after_adoption_is_fine=True)

    @workflow.update
    async def record_update(self, command: freshness.RecordUpdate) -> ObligationStatus:
        return await self._handle(command)

    @record_update.validator
    def validate_record_update(self, command: freshness.RecordUpdate) -> None:
        self._validate(command)

    @workflow.signal
    def calendar_updated(self) -> None:
        self._on_calendar_updated()

    @workflow.signal
    def revoke(self, reason: str) -> None:
        self._on_revoke(reason)
