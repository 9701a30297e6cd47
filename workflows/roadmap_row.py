"""RoadmapRowWorkflow: one date of one row of a site's approved roadmap (D42), opened by the cycle once the roadmap
is approved: reminded and escalated on its ladder (D43), met when the site marks it done with its evidence (the
update ``mark_done``), when an accepted quarterly report says so (the cycle's signal ``reported_done``, D44) or, for a
row about sending a product to the Expert Council, when a product is sent in its month (``product_sent``, D53), and
closed as not done when the rest of the cycle has closed (the signal ``close_row``, D45)."""

from __future__ import annotations

import asyncio
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import roadmap_row
    from domain.common import DomainEvent
    from domain.cycle import Runner
    from domain.escalation import ScheduledStep
    from domain.obligations import Context, ObligationOpened
    from workflows.obligation import ObligationInput, ObligationOutcome, ObligationStatus, ObligationWorkflow


@workflow.defn
class RoadmapRowWorkflow(ObligationWorkflow[roadmap_row.RowState]):
    @workflow.init
    def __init__(self, inp: ObligationInput) -> None:
        self._setup(inp)
        self._told: list[Any] = []  # what the cycle signalled, decided in order once the row is open

    @workflow.run
    async def run(self, inp: ObligationInput) -> ObligationOutcome:
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

    def _initial(self, opened: ObligationOpened, ctx: Context) -> roadmap_row.RowState:
        return roadmap_row.initial_state(opened)

    def _decide(self, state: roadmap_row.RowState, command: Any) -> list[DomainEvent]:
        return roadmap_row.decide(state, self._inp.obligation, command, self._context())

    def _evolve(self, state: roadmap_row.RowState, events: list[DomainEvent]) -> roadmap_row.RowState:
        return roadmap_row.evolve_all(state, events)

    def _next_step(self, state: roadmap_row.RowState) -> ScheduledStep | None:
        return roadmap_row.next_escalation(state, self._inp.obligation, self._context())

    def _done(self, state: roadmap_row.RowState) -> bool:
        return state.status != roadmap_row.RowStatus.OPEN

    def _runner(self) -> str:
        return Runner.ROADMAP_ROW.value

    def _status(self, state: roadmap_row.RowState) -> str:
        return state.status.value

    @workflow.update
    async def mark_done(self, command: roadmap_row.MarkRowDone) -> ObligationStatus:
        return await self._handle(command)

    @mark_done.validator
    def validate_mark_done(self, command: roadmap_row.MarkRowDone) -> None:
        self._validate(command)

    @workflow.signal
    def reported_done(self, command: roadmap_row.ReportedDone) -> None:
        self._told.append(command)
        self._changes += 1

    @workflow.signal
    def product_sent(self, command: roadmap_row.ProductSent) -> None:
        """A product was sent to the council in the row's month (told by the cycle, D53)."""
        self._told.append(command)
        self._changes += 1

    @workflow.signal
    def close_row(self) -> None:
        self._told.append(roadmap_row.CloseRow())
        self._changes += 1

    @workflow.signal
    def calendar_updated(self) -> None:
        self._on_calendar_updated()

    @workflow.signal
    def revoke(self, reason: str) -> None:
        self._on_revoke(reason)
