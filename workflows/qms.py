"""ControlledDocumentWorkflow: one controlled document of a unit's quality management system (управляемый документ
СМК, seed 004) on its stream ``qms:{document_id}``, all its versions in it. The sign-off steps, the approval, copies,
the change log and acknowledgments arrive as updates whose validators run ``domain.qms.document.decide``; the
workflow itself brings an approved version into force at the start of its date (superseding the one in force and
asking every employee to acknowledge it), climbs the ladder of a late acknowledgment, asks a newcomer to
acknowledge when the API signals that someone joined the unit, and moves the open acknowledgments' due dates when
the production calendar is corrected.

Every event is decided, recorded and only then acted on, as in ``workflows.obligation`` (``workflows.eventlog``:
why a workflow and its stream never disagree)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.calendar import ProductionCalendar
    from domain.common import DomainError, DomainEvent, event_from_stored
    from domain.eventlog import RecordedEvent
    from domain.qms import document
    from domain.qms.events import DocumentRegistered, document_stream
    from domain.qms.model import Employee
    from workflows.calendar import load_calendar
    from workflows.eventlog import StreamWriter
    from workflows.obligation import NOT_OPEN, ObligationStatus, StreamCheck, domain_refusal


# A calendar correction moves the open acknowledgments' due dates (recorded as QmsAcknowledgmentDueMoved); before
# it, only the ladder's steps were counted on the corrected calendar and the due dates stayed as first recorded.
MOVES_ACK_DUE_DATES = "qms-ack-due-dates-follow-calendar"


class QmsInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    registered: DocumentRegistered  # decided by the API (domain.qms.document.register), recorded first
    calendar: ProductionCalendar
    staff: tuple[Employee, ...] = ()  # the unit's staff when the document is registered


def workflow_id(document_id: str) -> str:
    return document_stream(document_id)


def status_of(state: document.DocumentState) -> str:
    """The status of the latest version, as an update answers it ("registered" before the first draft)."""
    return state.versions[-1].status.value if state.versions else "registered"


@workflow.defn
class ControlledDocumentWorkflow:
    @workflow.init
    def __init__(self, inp: QmsInput) -> None:
        self._stream = StreamWriter(document_stream(inp.registered.document_id))
        self._calendar = inp.calendar
        self._staff: list[Employee] = list(inp.staff)
        self._state: document.DocumentState | None = None
        self._lock = asyncio.Lock()
        self._changes = 0
        self._told: list[document.Commands] = []  # what the unit's changes ask of the document
        self._calendar_stale = False

    @workflow.run
    async def run(self, inp: QmsInput) -> str:
        async with self._lock:
            self._state = document.initial_state(inp.registered)
            result = await self._stream.record([inp.registered])
            if result.ahead:
                self._state = self._fold(None, result.ahead)
        while True:  # a controlled document lives as long as its unit keeps it
            if self._told:
                async with self._lock:
                    command = self._told.pop(0)
                    await self._execute(command, own=True)
                    self._changes += 1
                continue
            if self._calendar_stale:
                self._calendar_stale = False
                self._calendar = await load_calendar(tuple(sorted(self._calendar.years)))
                if workflow.patched(MOVES_ACK_DUE_DATES):
                    # D8 counted again on the corrected calendar: the due dates already set move, as events; the
                    # loop then arms the next step's timer anew from the moved dates (a timer's duration is not
                    # replayed: the old one is left behind by the changed state, never stretched).
                    async with self._lock:
                        await self._execute(document.RecomputeAcknowledgments(), own=True)
                self._changes += 1
                continue
            await self._wait_and_act()

    def _context(self) -> document.QmsContext:
        return document.QmsContext(now=workflow.now(), calendar=self._calendar, staff=tuple(self._staff))

    async def _ensure_calendar(self) -> None:
        needed = workflow.now().year + 1
        if needed not in self._calendar.years:
            self._calendar = await load_calendar(tuple(range(min(self._calendar.years), needed + 1)))

    async def _wait_and_act(self) -> None:
        assert self._state is not None
        await self._ensure_calendar()
        seen = self._changes
        scheduled = document.next_step(self._state, self._calendar)
        wake = datetime(max(self._calendar.years), 1, 1, tzinfo=UTC)
        if scheduled is not None and scheduled.at < wake:
            wake = scheduled.at
        delay = wake - workflow.now()
        if delay > timedelta(0):
            try:
                await workflow.wait_condition(lambda: self._changes != seen, timeout=delay)
                return
            except TimeoutError:
                pass
        async with self._lock:
            if self._changes != seen:
                return
            if scheduled is not None and workflow.now() >= scheduled.at:
                await self._execute(scheduled.command, own=True)
            self._changes += 1

    async def _execute(self, command: document.Commands, own: bool = False) -> None:
        """Decide on the current state, move the state on and record the events; when the stream holds events this
        workflow never saw, adopt them and decide again (a refusal of its own step is then nothing left to do)."""
        adopted = False
        while True:
            assert self._state is not None
            try:
                events = document.decide(self._state, command, self._context())
            except DomainError:
                if adopted and own:
                    return
                raise
            if not events:
                return
            before = self._state
            self._state = document.evolve_all(before, events)
            self._changes += 1
            try:
                result = await self._stream.record(events)
            except BaseException:
                self._state = before
                raise
            if not result.ahead:
                return
            self._state = self._fold(before, result.ahead)
            adopted = True

    def _fold(self, state: document.DocumentState | None, records: list[RecordedEvent]) -> document.DocumentState:
        self._changes += 1
        events: list[DomainEvent] = [event_from_stored(r.event_type, r.data, r.schema_version) for r in records]
        if state is None:
            return document.fold(events)
        return document.evolve_all(state, events)

    def _validate(self, command: Any) -> None:
        if self._state is None:
            raise NOT_OPEN
        try:
            document.decide(self._state, command, self._context())
        except DomainError as error:
            raise domain_refusal(error) from None

    async def _handle(self, command: document.Commands) -> ObligationStatus:
        await workflow.wait_condition(lambda: self._state is not None)
        async with self._lock:
            try:
                await self._execute(command)
            except DomainError as error:
                raise domain_refusal(error) from None
            assert self._state is not None
            return ObligationStatus(
                obligation_id=self._stream.stream_id,
                status=status_of(self._state),
                stream_version=self._stream.version,
            )

    # --- commands of people ---------------------------------------------------------------------------------------

    @workflow.update
    async def draft_version(self, command: document.DraftVersion) -> ObligationStatus:
        return await self._handle(command)

    @draft_version.validator
    def validate_draft_version(self, command: document.DraftVersion) -> None:
        self._validate(command)

    @workflow.update
    async def record_version(self, command: document.RecordVersion) -> ObligationStatus:
        return await self._handle(command)

    @record_version.validator
    def validate_record_version(self, command: document.RecordVersion) -> None:
        self._validate(command)

    @workflow.update
    async def sign(self, command: document.Sign) -> ObligationStatus:
        return await self._handle(command)

    @sign.validator
    def validate_sign(self, command: document.Sign) -> None:
        self._validate(command)

    @workflow.update
    async def return_version(self, command: document.Return) -> ObligationStatus:
        return await self._handle(command)

    @return_version.validator
    def validate_return_version(self, command: document.Return) -> None:
        self._validate(command)

    @workflow.update
    async def approve(self, command: document.Approve) -> ObligationStatus:
        return await self._handle(command)

    @approve.validator
    def validate_approve(self, command: document.Approve) -> None:
        self._validate(command)

    @workflow.update
    async def issue_copy(self, command: document.IssueCopy) -> ObligationStatus:
        return await self._handle(command)

    @issue_copy.validator
    def validate_issue_copy(self, command: document.IssueCopy) -> None:
        self._validate(command)

    @workflow.update
    async def withdraw_copy(self, command: document.WithdrawCopy) -> ObligationStatus:
        return await self._handle(command)

    @withdraw_copy.validator
    def validate_withdraw_copy(self, command: document.WithdrawCopy) -> None:
        self._validate(command)

    @workflow.update
    async def log_change(self, command: document.LogChange) -> ObligationStatus:
        return await self._handle(command)

    @log_change.validator
    def validate_log_change(self, command: document.LogChange) -> None:
        self._validate(command)

    @workflow.update
    async def acknowledge(self, command: document.Acknowledge) -> ObligationStatus:
        return await self._handle(command)

    @acknowledge.validator
    def validate_acknowledge(self, command: document.Acknowledge) -> None:
        self._validate(command)

    # --- what the unit and the calendar tell it -------------------------------------------------------------------

    @workflow.signal
    def staff_joined(self, employee: Employee) -> None:
        if all(e.user_id != employee.user_id for e in self._staff):
            self._staff.append(employee)
        self._told.append(document.RequireAcknowledgment(employee=employee))
        self._changes += 1

    @workflow.signal
    def staff_left(self, user_id: str) -> None:
        self._staff = [e for e in self._staff if e.user_id != user_id]
        self._told.append(document.DropAcknowledgment(user_id=user_id))
        self._changes += 1

    @workflow.signal
    def calendar_updated(self) -> None:
        self._calendar_stale = True
        self._changes += 1

    def _check(self, records: list[RecordedEvent]) -> StreamCheck:
        events = [event_from_stored(r.event_type, r.data, r.schema_version) for r in records]
        fold = document.fold(events) if events else None
        return StreamCheck(
            stream_id=self._stream.stream_id,
            version=self._stream.version,
            appending=self._stream.appending,
            state=self._state.model_dump(mode="json") if self._state else None,
            fold=fold.model_dump(mode="json") if fold else None,
        )

    @workflow.query
    def stream_check(self, records: list[RecordedEvent]) -> StreamCheck:
        """This workflow's state beside the fold of ``records``, its stream as the store holds it (innocycle verify)."""
        return self._check(records)

    @workflow.update
    async def resync_with_stream(self) -> StreamCheck:
        """Adopt the stream as the store holds it: the state becomes the fold of the stored events."""
        async with self._lock:
            records = await self._stream.read()
            if records:
                self._state = self._fold(None, records)
            return self._check(records)
