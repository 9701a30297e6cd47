"""ApprovalWorkflow: one obligation instance of the Approval kind (e.g. the annual package of order 135-р 2.3).

Human decisions arrive as updates whose validators run the domain's ``decide`` and refuse an illegal step
before anything is recorded. Deadlines are an updatable timer: the workflow sleeps until the next step of the
escalation ladder or until a decision changes the state, whichever comes first, then looks again.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel, ConfigDict
from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from domain import approval
    from domain.calendar import ProductionCalendar
    from domain.common import DomainError, DomainEvent
    from domain.deadlines import deadline_on
    from domain.obligations import ObligationOpened, ObligationRef
    from domain.regulations.model import Obligation
    from workflows.calendar import load_calendar
    from workflows.eventlog import StreamWriter


class ObligationInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    ref: ObligationRef
    obligation: Obligation
    nominal_due: date
    regulation_id: str
    regulation_version: int
    calendar: ProductionCalendar
    timezone: str


class ObligationStatus(BaseModel):
    """What an update answers: the new status and the stream version that holds it."""

    obligation_id: str
    status: str
    stream_version: int


def domain_refusal(error: DomainError) -> ApplicationError:
    """A refusal the API turns into HTTP 409 with the code and the Russian message."""
    return ApplicationError(error.message, error.code, error.field or "", type="DomainError", non_retryable=True)


@workflow.defn
class ApprovalWorkflow:
    @workflow.init
    def __init__(self, inp: ObligationInput) -> None:
        self._inp = inp
        self._stream = StreamWriter(inp.ref.obligation_id)
        self._calendar = inp.calendar
        self._state: approval.ApprovalState | None = None
        self._lock = asyncio.Lock()
        self._changes = 0

    @workflow.run
    async def run(self, inp: ObligationInput) -> str:
        opened = ObligationOpened(
            occurred_at=workflow.now(),
            ref=inp.ref,
            obligation=inp.obligation,
            regulation_id=inp.regulation_id,
            regulation_version=inp.regulation_version,
            deadline=deadline_on(inp.nominal_due, self._calendar, inp.timezone),
        )
        async with self._lock:
            await self._stream.record([opened])
            self._state = approval.initial_state(opened)
        while self._state.status != approval.ApprovalStatus.APPROVED:
            await self._wait_and_escalate()
        return self._state.status.value

    async def _wait_and_escalate(self) -> None:
        assert self._state is not None
        await self._ensure_calendar()
        seen = self._changes
        step = approval.next_escalation(self._state, self._inp.obligation, self._context())
        # Wake for the next step of the ladder, or on 1 January of the last loaded year to load one more.
        wake = self._calendar_refresh_at()
        if step is not None and step.at < wake:
            wake = step.at
        delay = wake - workflow.now()
        if delay > timedelta(0):
            try:
                await workflow.wait_condition(lambda: self._changes != seen, timeout=delay)
                return
            except TimeoutError:
                pass
        if step is None or workflow.now() < step.at:
            return
        async with self._lock:
            if self._changes != seen:
                return  # a decision arrived while the timer fired: look again
            command = approval.RaiseEscalation(level=step.level)
            await self._apply(approval.decide(self._state, self._inp.obligation, command, self._context()))

    async def _ensure_calendar(self) -> None:
        """Keep the calendar loaded through next year, however long the obligation stays open."""
        needed = workflow.now().year + 1
        if needed not in self._calendar.years:
            self._calendar = await load_calendar(tuple(range(min(self._calendar.years), needed + 1)))

    def _calendar_refresh_at(self) -> datetime:
        return datetime(max(self._calendar.years), 1, 1, tzinfo=UTC)

    @workflow.update
    async def submit(self, command: approval.SubmitDocuments) -> ObligationStatus:
        return await self._handle(command)

    @submit.validator
    def validate_submit(self, command: approval.SubmitDocuments) -> None:
        self._validate(command)

    @workflow.update
    async def decide(self, command: approval.DecideSubmission) -> ObligationStatus:
        return await self._handle(command)

    @decide.validator
    def validate_decide(self, command: approval.DecideSubmission) -> None:
        self._validate(command)

    def _context(self) -> approval.Context:
        return approval.Context(now=workflow.now(), calendar=self._calendar, timezone=self._inp.timezone)

    def _validate(self, command: approval.Command) -> None:
        if self._state is None:
            raise ApplicationError(
                "Обязанность ещё открывается; повторите через несколько секунд.",
                "not_open",
                "",
                type="DomainError",
                non_retryable=True,
            )
        try:
            approval.decide(self._state, self._inp.obligation, command, self._context())
        except DomainError as error:
            raise domain_refusal(error) from None

    async def _handle(self, command: approval.Command) -> ObligationStatus:
        await workflow.wait_condition(lambda: self._state is not None)
        async with self._lock:
            assert self._state is not None
            # Decide again under the lock: another update may have changed the state since validation.
            try:
                events = approval.decide(self._state, self._inp.obligation, command, self._context())
            except DomainError as error:
                raise domain_refusal(error) from None
            await self._apply(events)
            return ObligationStatus(
                obligation_id=self._inp.ref.obligation_id,
                status=self._state.status.value,
                stream_version=self._stream.version,
            )

    async def _apply(self, events: list[DomainEvent]) -> None:
        assert self._state is not None
        await self._stream.record(events)
        self._state = approval.evolve_all(self._state, events)
        self._changes += 1
