"""What every obligation workflow does, whatever its kind: open with an event, keep its own event stream, refuse
illegal commands in update validators, sleep until the next step of its ladder or until something changes (the
updatable timer), reload the calendar when it changes, and close gracefully when the site's status is revoked.

A kind supplies its pure domain functions through the abstract methods; the handlers of its commands stay in each
workflow class, where they are typed. The query and update that check and mend the agreement with the stream are
the same for every kind and live here (the SDK finds inherited handlers).

Every event is decided, recorded and only then acted on through ``_execute`` (workflows.eventlog: why a workflow
and its stream never disagree)."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict
from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from domain.calendar import ProductionCalendar
    from domain.common import DomainError, DomainEvent, event_from_stored
    from domain.deadlines import Deadline, deadline_on
    from domain.escalation import ScheduledStep
    from domain.eventlog import RecordedEvent
    from domain.obligations import (
        CancelObligation,
        Context,
        ObligationOpened,
        ObligationRef,
        RaiseEscalation,
        RecomputeDeadline,
    )
    from domain.payloads import SubmissionData
    from domain.periods import Period
    from domain.regulations.model import Indicator, Obligation
    from domain.roadmap.model import RoadmapRow
    from domain.sites import SiteStatus
    from workflows.calendar import load_calendar
    from workflows.eventlog import StreamWriter


class ObligationInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    ref: ObligationRef
    obligation: Obligation
    nominal_due: date
    internal_target: date | None = None
    period: Period | None = None
    site_status: SiteStatus | None = None  # None for a region's own obligations
    indicators: tuple[Indicator, ...] = ()
    roadmap: tuple[RoadmapRow, ...] = ()
    expected_sites: tuple[str, ...] = ()
    regulation_id: str
    regulation_version: int
    calendar: ProductionCalendar
    timezone: str


class ObligationStatus(BaseModel):
    """What an update answers: the new status and the stream version that holds it."""

    obligation_id: str
    status: str
    stream_version: int


class StreamCheck(BaseModel):
    """A workflow's state beside the fold of its stream as the store holds it (``innocycle verify``)."""

    stream_id: str
    version: int  # the stream version the workflow knows
    appending: bool  # an append is under way: the workflow is one batch ahead of the store for a moment
    state: dict[str, Any] | None
    fold: dict[str, Any] | None  # the state the same domain functions make of the stored events


class ObligationOutcome(BaseModel):
    """What an obligation workflow returns: its final status and, for a submission, the accepted content."""

    obligation_id: str
    status: str
    data: SubmissionData | None = None


def domain_refusal(error: DomainError) -> ApplicationError:
    """A refusal the API turns into HTTP 409 with the code and the Russian message."""
    return ApplicationError(error.message, error.code, error.field or "", type="DomainError", non_retryable=True)


NOT_OPEN = ApplicationError(
    "Обязанность ещё открывается; повторите через несколько секунд.", "not_open", "", type="DomainError"
)

S = TypeVar("S", bound=BaseModel)


def _dump(state: BaseModel | None) -> dict[str, Any] | None:
    return state.model_dump(mode="json") if state is not None else None


class ObligationWorkflow(ABC, Generic[S]):
    def _setup(self, inp: ObligationInput) -> None:
        self._inp = inp
        self._stream = StreamWriter(inp.ref.obligation_id)
        self._calendar = inp.calendar
        self._roadmap = inp.roadmap
        self._state: S | None = None
        self._lock = asyncio.Lock()
        self._changes = 0
        self._calendar_stale = False
        self._revoked: str | None = None
        self._closed = False  # revoked: whatever the state, the workflow ends
        self._withdrawn: str | None = None  # the request withdrawn: cancelled once nothing sent waits for a decision

    # --- what a kind supplies ---------------------------------------------------------------------------------

    @abstractmethod
    def _initial(self, opened: ObligationOpened, ctx: Context) -> S: ...

    @abstractmethod
    def _decide(self, state: S, command: Any) -> list[DomainEvent]: ...

    @abstractmethod
    def _evolve(self, state: S, events: list[DomainEvent]) -> S: ...

    @abstractmethod
    def _next_step(self, state: S) -> ScheduledStep | None: ...

    @abstractmethod
    def _done(self, state: S) -> bool: ...

    @abstractmethod
    def _status(self, state: S) -> str: ...

    @abstractmethod
    def _runner(self) -> str:
        """What runs this obligation, as the projections name it (domain.cycle.Runner)."""

    def _withdrawable(self, state: S) -> bool:
        """Whether a withdrawn request cancels the obligation now (nothing sent waits for a decision); a kind that can
        be withdrawn says so."""
        return False

    def _wake_also_at(self, state: S) -> datetime | None:
        """Another instant the workflow must look again at (a period's end), besides its ladder."""
        return None

    async def _on_wake(self) -> None:
        """Called under the lock when the workflow wakes with no ladder step due."""

    # --- the common machinery ---------------------------------------------------------------------------------

    def _context(self, calendar: ProductionCalendar | None = None) -> Context:
        inp = self._inp
        return Context(
            now=workflow.now(),
            calendar=calendar or self._calendar,
            timezone=inp.timezone,
            site_status=inp.site_status,
            plan_year=inp.ref.year,
            period=inp.period,
            indicators=inp.indicators,
            roadmap=self._roadmap,
            expected_sites=inp.expected_sites,
        )

    def _opened_event(self) -> ObligationOpened:
        inp = self._inp
        target: Deadline | None = None
        if inp.internal_target is not None:
            target = deadline_on(inp.internal_target, self._calendar, inp.timezone)
        return ObligationOpened(
            occurred_at=workflow.now(),
            ref=inp.ref,
            obligation=inp.obligation,
            regulation_id=inp.regulation_id,
            regulation_version=inp.regulation_version,
            deadline=deadline_on(inp.nominal_due, self._calendar, inp.timezone),
            internal_target=target,
            period=inp.period,
            runner=self._runner(),
        )

    async def _open_and_run(self) -> S:
        async with self._lock:
            opened = self._opened_event()
            durable_first = self._stream.durable_first()
            if durable_first:
                # Open before the append, as _execute moves on: the projection shows the obligation open as soon as
                # the opening lands, and a command sent then must find it so.
                self._state = self._initial(opened, self._context())
            result = await self._stream.record([opened])
            if result.ahead:
                self._state = self._adopt(None, result.ahead)
            elif not durable_first:  # as histories recorded before had it: open once the opening is stored
                self._state = self._initial(opened, self._context())
        while True:
            assert self._state is not None
            if self._closed or self._done(self._state):
                # The state moves on before its events are stored (_execute): end only once they are, and once
                # every command's handler has answered.
                await workflow.wait_condition(lambda: workflow.all_handlers_finished() and not self._stream.appending)
                return self._state
            if self._revoked is not None:
                await self._close_revoked(self._revoked)
                continue
            if self._withdrawn is not None and self._withdrawable(self._state):
                await self._close_withdrawn(self._withdrawn)
                continue
            if self._calendar_stale:
                await self._reload_calendar()
                continue
            await self._wait_and_escalate()

    async def _wait_and_escalate(self) -> None:
        assert self._state is not None
        await self._ensure_calendar()
        seen = self._changes
        step = self._next_step(self._state)
        wake = self._calendar_refresh_at()
        for candidate in (step.at if step else None, self._wake_also_at(self._state)):
            if candidate is not None and candidate < wake:
                wake = candidate
        delay = wake - workflow.now()
        if delay > timedelta(0):
            try:
                await workflow.wait_condition(lambda: self._changes != seen, timeout=delay)
                return
            except TimeoutError:
                pass
        async with self._lock:
            if self._changes != seen:
                return  # something arrived while the timer fired: look again
            if step is not None and workflow.now() >= step.at:
                await self._execute(
                    RaiseEscalation(level=step.level, review=step.review), refused_after_adoption_is_fine=True
                )
            else:
                await self._on_wake()
                self._changes += 1

    async def _ensure_calendar(self) -> None:
        """Keep the calendar loaded through next year, however long the obligation stays open."""
        needed = workflow.now().year + 1
        if needed not in self._calendar.years:
            self._calendar = await load_calendar(tuple(range(min(self._calendar.years), needed + 1)))

    def _calendar_refresh_at(self) -> datetime:
        return datetime(max(self._calendar.years), 1, 1, tzinfo=UTC)

    async def _reload_calendar(self) -> None:
        self._calendar_stale = False
        self._calendar = await load_calendar(tuple(sorted(self._calendar.years)))
        async with self._lock:
            assert self._state is not None
            await self._execute(RecomputeDeadline(), refused_after_adoption_is_fine=True)
            self._changes += 1

    async def _close_revoked(self, reason: str) -> None:
        async with self._lock:
            assert self._state is not None
            await self._execute(CancelObligation(reason=reason), refused_after_adoption_is_fine=True)
            self._revoked = None
            self._closed = True
            self._changes += 1

    async def _close_withdrawn(self, reason: str) -> None:
        async with self._lock:
            assert self._state is not None
            await self._execute(CancelObligation(reason=reason, unless_sent=True), refused_after_adoption_is_fine=True)
            self._changes += 1

    async def _execute(self, command: Any, refused_after_adoption_is_fine: bool = False) -> None:
        """Decide ``command`` on the current state and record the events. When the stream turns out to hold events
        this workflow never saw (workflows.eventlog), adopt them and decide again: a refusal then is the answer
        (raised as ``DomainError``), or, for a step of the workflow's own, nothing left to do."""
        adopted = False
        while True:
            assert self._state is not None
            try:
                events = self._decide(self._state, command)
            except DomainError:
                if adopted and refused_after_adoption_is_fine:
                    return
                raise
            if not events:
                return
            before = self._state
            if self._stream.durable_first():
                # The state moves on before the append: the decision is durable once this workflow task
                # completes, and the next command, validated while the append runs, must be judged on it.
                self._state = self._evolve(before, events)
                self._changes += 1
                try:
                    result = await self._stream.record(events)
                except BaseException:
                    self._state = before
                    raise
            else:  # as histories recorded before had it
                result = await self._stream.record(events)
                if not result.ahead:
                    self._state = self._evolve(before, events)
                    self._changes += 1
            if not result.ahead:
                await self._recorded(events)
                return
            self._state = self._adopt(before, result.ahead)
            adopted = True

    async def _before_deciding(self, command: Any) -> None:
        """Called under the lock before a command is decided (a kind fetches what the decision needs)."""

    async def _recorded(self, events: list[DomainEvent]) -> None:
        """Called once ``events`` are in the stream (a kind starts what they call for)."""

    def _fold(self, state: S | None, records: list[RecordedEvent]) -> S:
        """``state`` (None: none yet) after the stored events ``records``, by the kind's own domain functions."""
        events = [event_from_stored(r.event_type, r.data, r.schema_version) for r in records]
        if state is None:
            opened = events.pop(0)
            if not isinstance(opened, ObligationOpened):
                raise ApplicationError(f"stream {self._stream.stream_id} does not begin with its opening")
            # The calendar the obligation opened with, as _open_and_run had it.
            state = self._initial(opened, self._context(self._inp.calendar))
        return self._evolve(state, events) if events else state

    def _adopt(self, state: S | None, records: list[RecordedEvent]) -> S:
        self._changes += 1
        return self._fold(state, records)

    async def _resync_with_stream(self) -> StreamCheck:
        """Rebuild the state from the whole stream as the store holds it (``innocycle verify --repair``)."""
        async with self._lock:
            records = await self._stream.read()
            if records:
                self._state = self._adopt(None, records)
            return self._stream_check(records)

    def _stream_check(self, records: list[RecordedEvent]) -> StreamCheck:
        fold = self._fold(None, records) if records else None
        return StreamCheck(
            stream_id=self._stream.stream_id,
            version=self._stream.version,
            appending=self._stream.appending,
            state=_dump(self._state),
            fold=_dump(fold),
        )

    def _validate(self, command: Any) -> None:
        if self._state is None:
            raise NOT_OPEN
        try:
            self._check(self._state, command)
        except DomainError as error:
            raise domain_refusal(error) from None

    def _check(self, state: S, command: Any) -> None:
        """Refuse ``command`` (a DomainError) as deciding it would; a kind may check without what deciding adds."""
        self._decide(state, command)

    async def _handle(self, command: Any) -> ObligationStatus:
        await workflow.wait_condition(lambda: self._state is not None)
        async with self._lock:
            assert self._state is not None
            await self._before_deciding(command)
            # Decide again under the lock: another update may have changed the state since validation.
            try:
                await self._execute(command)
            except DomainError as error:
                raise domain_refusal(error) from None
            return ObligationStatus(
                obligation_id=self._inp.ref.obligation_id,
                status=self._status(self._state),
                stream_version=self._stream.version,
            )

    # --- the agreement of the workflow with its stream (inherited by every kind) --------------------------------

    @workflow.query
    def stream_check(self, records: list[RecordedEvent]) -> StreamCheck:
        """This workflow's state beside the fold of ``records``, its stream as the store holds it."""
        return self._stream_check(records)

    @workflow.update
    async def resync_with_stream(self) -> StreamCheck:
        """Adopt the stream as the store holds it: the state becomes the fold of the stored events."""
        return await self._resync_with_stream()

    # --- signals the workflows forward here -------------------------------------------------------------------

    def _on_calendar_updated(self) -> None:
        self._calendar_stale = True
        self._changes += 1

    def _on_revoke(self, reason: str) -> None:
        self._revoked = reason
        self._changes += 1

    def _on_withdraw(self, reason: str) -> None:
        self._withdrawn = reason
        self._changes += 1

    def _on_roadmap(self, rows: list[RoadmapRow]) -> None:
        self._roadmap = tuple(rows)
