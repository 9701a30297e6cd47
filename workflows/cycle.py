"""SiteYearCycleWorkflow: the cycle of one site for one year, ``cycle:{site_id}:{year}``.

It loads the production calendar, plans every obligation instance the site owes (recorded as events, so the
director sees what is coming), and opens each on its date as a child workflow: the annual package at once, a
quarterly report when its quarter ends, a public report or a quota when its period begins, a registry at the
start of the year. The roadmap approved with the package goes to the quarterly reports that account for it. A
new calendar is forwarded to the running children; a revocation of the site's status closes them and the cycle.
It completes when every opened obligation is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.common import DomainEvent
    from domain.cycle import (
        QUOTA_RUNNERS,
        CycleClosed,
        CycleCompleted,
        CycleEndScheduled,
        CyclePlanExtended,
        CycleStarted,
        Held,
        InstitutionsTold,
        PlannedObligation,
        RegulationSnapshot,
        Runner,
        change_of_institutions,
        plan_extension,
        planned_obligations,
        status_end_reason,
        told_obligations,
        withdrawal_reason,
    )
    from domain.deadlines import Deadline, deadline_on, end_of_day, local_date
    from domain.eventlog import RecordedEvent
    from domain.obligations import ObligationPlanned, ObligationRef, ObligationWithdrawn, cycle_id, obligation_id
    from domain.payloads import PackageData, ReportData
    from domain.roadmap.model import RoadmapRow
    from domain.roadmap_row import (
        DatedRow,
        ProductSent,
        ReportedDone,
        dated_rows,
        reported_instances,
        row_for_product,
        row_obligation,
    )
    from domain.sites import Site
    from workflows.calendar import calendar_years, load_calendar
    from workflows.eventlog import StreamWriter
    from workflows.freshness import FreshnessWorkflow
    from workflows.obligation import ObligationInput, ObligationOutcome, StreamCheck
    from workflows.platform import CriteriaReportWorkflow
    from workflows.quota import QuotaInput, QuotaWorkflow
    from workflows.roadmap_row import RoadmapRowWorkflow
    from workflows.submission import SubmissionWorkflow

PLANNED_PER_APPEND = 20  # keeps each append's payload small
# The timer until the next opening is never cancelled: kept when a child completes or a signal arrives (two events
# fewer in the cycle's history for each), and left to fire unheeded when the cycle has moved past its instant —
# the server starts a timer a few milliseconds after the workflow task that asks for it, so a child that ends at
# the same midnight can wake the cycle first. Cancelling a timer that fires while the workflow task is with the
# worker strands the run on the time-skipping test server (temporalio/sdk-java#3088). Histories recorded before
# keep the timer they had.
KEEP_OPENING_TIMER = "cycle-keeps-its-opening-timer"
# The dated rows of the approved roadmap are obligations of the cycle (D42–D45): opened as children once the package
# is approved, told when an accepted quarterly report says a row was done, closed when the rest of the cycle has.
TRACKS_DATED_ROWS = "cycle-tracks-dated-roadmap-rows"
# The end of the site's status period (D22), from the cycle's input and from the site's card by the signal
# ``status_period_changed``, closes the cycle by itself at the end of that day in the region, as a revocation does:
# a durable timer, cancelled and armed again when the end moves or is removed. Asked only once there is an end to
# follow, so a cycle that ran before it follows an end it is told of from then on.
CLOSES_AT_STATUS_END = "cycle-closes-at-its-status-end"
# The institutions of an obligation owed per institution and told to the cycle (a Vologda platform's participating
# centres, from its profile, D11), by the signal ``institutions_told``: the cycle plans their instances and withdraws
# those of the institutions no longer told. Asked only when told, so a cycle that ran before follows from then on.
PLANS_TOLD_INSTITUTIONS = "cycle-plans-told-institutions"
# A cycle whose plan its site's status end cut (D22: nothing of a period begun after the end), told a later end or
# none by ``status_period_changed``, plans what the old end dropped and the new one covers (CyclePlanExtended and
# their ObligationPlanned) and opens each at its instant. Asked only when an end reaches past the plan's, which the
# card refused before, so no cycle that ran before meets it.
EXTENDS_PLAN_TO_MOVED_END = "cycle-extends-plan-to-moved-end"
# The obligations due to open at one instant (a cycle opened in the middle of its year, the first day of a quarter)
# start their children together, in one workflow task, where each waited for its own round trip to the server
# before the next could start: a cycle opened in May started a dozen children one after another.
STARTS_DUE_CHILDREN_TOGETHER = "cycle-starts-due-children-together"


class CycleInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    site: Site
    year: int
    regulation: RegulationSnapshot


@workflow.defn
class SiteYearCycleWorkflow:
    @workflow.init
    def __init__(self, inp: CycleInput) -> None:
        self._inp = inp
        self._stream = StreamWriter(cycle_id(inp.site.id, inp.year))
        self._wake = 0
        self._revoked: str | None = None
        self._calendar_stale = False
        self._running: dict[str, tuple[PlannedObligation, workflow.ChildWorkflowHandle[Any, Any]]] = {}
        self._roadmap: tuple[RoadmapRow, ...] = ()
        self._opening: tuple[datetime, asyncio.Task[None]] | None = None
        self._rows: dict[str, DatedRow] = {}  # the dated roadmap rows opened, by obligation id (D42)
        self._row_watchers: list[asyncio.Task[None]] = []
        self._rows_closing = False
        self._products: list[ProductSent] = []  # products sent that fulfilled no row yet (D53)
        self._by_product: set[str] = set()  # the rows a product fulfilled, by obligation id
        self._products_told: set[str] = set()  # every product the quota told of, by id
        self._status_until: date | None = inp.site.status_until  # the status period's end the cycle was told of
        self._end_followed: date | None = None  # the end the cycle recorded and armed its timer for
        self._end_timer: asyncio.Task[None] | None = None
        self._end_fired: datetime | None = None
        self._pending: list[PlannedObligation] = []  # planned, not opened yet, by the instant each opens
        # The institutions of the told obligations (D11): as last told, and as the cycle planned for them; how far
        # each of their instances went.
        self._told: tuple[str, ...] = tuple(sorted(inp.regulation.reporting_institutions))
        self._told_followed: tuple[str, ...] = self._told
        self._held: dict[str, Held] = {}
        # The last day of the year the plan covers (D22): the status end it opened with, later the end it extended
        # to; None: the whole year. And every instance it planned, (obligation key, instance), never planned twice.
        self._planned_to: date | None = inp.site.cycle_ends_on(inp.year)
        self._planned: set[tuple[str, str]] = set()

    @workflow.run
    async def run(self, inp: CycleInput) -> str:
        self._calendar = await load_calendar(calendar_years(inp.year, workflow.now().year))
        # A status that began during the year: nothing due before it is owed (D28); one whose period ends during the
        # year: nothing of a period after its end (D22). None for every older history.
        site = inp.site
        plan = planned_obligations(
            inp.regulation, inp.year, self._calendar, site.cycle_starts_on(inp.year), site.cycle_ends_on(inp.year)
        )
        await self._record_plan(plan)
        ended = (
            site.status_until is not None and end_of_day(site.status_until, inp.regulation.timezone) <= workflow.now()
        )
        if ended and self._status_until == site.status_until:
            # A cycle opened after its status period ended records what the site owed then (a late cycle of the
            # registry, D22): it does not close by itself; a card saved since closes it as a revocation does.
            self._status_until = None
        self._pending = sorted((p for p in plan if p.runner != Runner.NONE), key=lambda p: p.opens_at or workflow.now())
        self._held = {p.instance: Held.PLANNED for p in self._pending if p.obligation.institutions_told}
        pending = self._pending
        watchers: list[asyncio.Task[None]] = []
        while pending or self._running:
            if self._revoked is not None:
                return await self._close(self._revoked, watchers)
            if self._calendar_stale:
                await self._reload_calendar()
                continue
            if await self._status_ended():
                assert self._status_until is not None
                return await self._close(status_end_reason(self._status_until), watchers)
            if self._told != self._told_followed:
                await self._follow_institutions()
                continue
            now = workflow.now()
            due = []
            while pending and (pending[0].opens_at is None or pending[0].opens_at <= now):
                due.append(pending.pop(0))
            for planned, handle in await self._start_all(due):
                self._running[self._ref(planned).obligation_id] = (planned, handle)
                if planned.obligation.institutions_told:
                    self._held[planned.instance] = Held.OPENED
                watchers.append(asyncio.create_task(self._watch(planned, handle)))
            if not pending and self._rows and not self._rows_closing and set(self._running) <= set(self._rows):
                await self._close_rows()
            await self._sleep_until(pending[0].opens_at if pending else None)
        await self._stream.record([CycleCompleted(occurred_at=workflow.now(), site_id=inp.site.id, year=inp.year)])
        return "completed"

    async def _sleep_until(self, instant: datetime | None) -> None:
        """Until the next opening, or until a child completes or a signal arrives."""
        seen = self._wake
        if not workflow.patched(KEEP_OPENING_TIMER):
            timeout = None if instant is None else max(instant - workflow.now(), timedelta(0))
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(lambda: self._wake != seen, timeout=timeout)
            return
        if instant is None:
            await workflow.wait_condition(lambda: self._wake != seen)
            return
        timer = self._opening_timer(instant)
        await workflow.wait_condition(lambda: self._wake != seen or timer.done())

    def _opening_timer(self, instant: datetime) -> asyncio.Task[None]:
        """The timer that fires at ``instant``: the one already running for it, or a new one (an earlier one still
        running fires later, and nothing waits on it)."""
        if self._opening is not None and self._opening[0] == instant:
            return self._opening[1]
        timer = asyncio.create_task(asyncio.sleep(max(instant - workflow.now(), timedelta(0)).total_seconds()))
        self._opening = (instant, timer)
        return timer

    # --- the end of the site's status period (D22) ---------------------------------------------------------------

    async def _status_ended(self) -> bool:
        """Whether the status period has ended (its last day is over in the region). An end not followed yet — from
        the input, or set, moved or removed since — is recorded, and the timer that wakes the cycle at its instant is
        cancelled and armed again: a changed timer is never left to replay's care."""
        if self._status_until is None and self._end_followed is None:
            return False
        if not workflow.patched(CLOSES_AT_STATUS_END):
            return False
        inp = self._inp
        while self._status_until != self._end_followed:  # told again while the last one was being recorded
            until = self._end_followed = self._status_until
            closes_at = None if until is None else end_of_day(until, inp.regulation.timezone)
            if self._end_timer is not None:
                self._end_timer.cancel()
                self._end_timer = None
            if closes_at is not None and closes_at > workflow.now():
                self._end_timer = asyncio.create_task(self._wake_at(closes_at))
            scheduled = CycleEndScheduled(
                occurred_at=workflow.now(), site_id=inp.site.id, year=inp.year, ends_on=until, closes_at=closes_at
            )
            await self._stream.record([scheduled])
            await self._extend_plan(until)
        if self._end_followed is None:
            return False
        closes_at = end_of_day(self._end_followed, inp.regulation.timezone)
        return self._end_fired == closes_at or workflow.now() >= closes_at

    async def _extend_plan(self, until: date | None) -> None:
        """Told an end later than the one its plan was cut at, or none (D22): plan what the old end dropped and the
        new one covers, recorded as CyclePlanExtended with its ObligationPlanned, each opened at its instant like any
        planned — at once, and overdue, if its deadline has already passed."""
        planned_to = self._planned_to
        if planned_to is None or (until is not None and until <= planned_to):
            return
        if not workflow.patched(EXTENDS_PLAN_TO_MOVED_END):
            return
        inp = self._inp
        now = workflow.now()
        extension = plan_extension(
            inp.regulation,
            inp.year,
            self._calendar,
            planned_to,
            until,
            frozenset(self._planned),
            self._told_followed,
            now,
            inp.site.cycle_starts_on(inp.year),
        )
        if extension is None:
            return
        self._planned_to = extension.ends_on
        if not extension.plan:
            return
        extended = CyclePlanExtended(
            occurred_at=now,
            site_id=inp.site.id,
            year=inp.year,
            planned_to=planned_to,
            status_until=until,
            planned=tuple(self._ref(p).obligation_id for p in extension.plan),
            past_due=tuple(
                self._ref(p).obligation_id
                for p in extension.plan
                if (p.obligation.key, p.instance) in extension.past_due
            ),
        )
        await self._record_in_appends([extended, *(self._planned_event(p) for p in extension.plan)])
        self._plan_more(extension.plan, now)

    async def _wake_at(self, instant: datetime) -> None:
        await asyncio.sleep(max(instant - workflow.now(), timedelta(0)).total_seconds())
        self._end_fired = instant  # the timer's instant has come, however the clock rounds
        self._wake += 1

    # --- planning ---------------------------------------------------------------------------------------------

    def _ref(self, planned: PlannedObligation) -> ObligationRef:
        inp = self._inp
        key = planned.obligation.key
        return ObligationRef(
            obligation_id=obligation_id(inp.site.id, inp.year, key, planned.instance),
            cycle_id=cycle_id(inp.site.id, inp.year),
            site_id=inp.site.id,
            year=inp.year,
            key=key,
            instance=planned.instance,
        )

    def _deadline(self, planned: PlannedObligation) -> Deadline | None:
        if planned.nominal_due is None:
            return None
        return deadline_on(planned.nominal_due, self._calendar, self._inp.regulation.timezone)

    def _planned_event(self, p: PlannedObligation) -> ObligationPlanned:
        inp = self._inp
        return ObligationPlanned(
            occurred_at=workflow.now(),
            ref=self._ref(p),
            obligation=p.obligation,
            regulation_id=inp.regulation.regulation_id,
            regulation_version=inp.regulation.version,
            runner=p.runner.value,
            period=p.period,
            deadline=self._deadline(p),
            opens_at=p.opens_at,
        )

    async def _record_plan(self, plan: list[PlannedObligation]) -> None:
        inp = self._inp
        now = workflow.now()
        events: list[DomainEvent] = [
            CycleStarted(
                occurred_at=now,
                site_id=inp.site.id,
                year=inp.year,
                regulation_id=inp.regulation.regulation_id,
                regulation_version=inp.regulation.version,
                obligations=tuple(self._ref(p).obligation_id for p in plan),
                starts_on=inp.site.cycle_starts_on(inp.year),
            )
        ]
        events.extend(self._planned_event(p) for p in plan)
        self._planned.update((p.obligation.key, p.instance) for p in plan)
        for start in range(0, len(events), PLANNED_PER_APPEND):
            await self._stream.record(events[start : start + PLANNED_PER_APPEND])
            if self._stream.version >= len(events):
                break  # the store held the plan already (workflows.eventlog: a stream ahead of its workflow)

    async def _record_in_appends(self, events: list[DomainEvent]) -> None:
        for start in range(0, len(events), PLANNED_PER_APPEND):
            await self._stream.record(events[start : start + PLANNED_PER_APPEND])

    def _plan_more(self, plan: Sequence[PlannedObligation], now: datetime) -> None:
        """Instances planned after the cycle's first plan (told institutions, an extended end): pending in order of
        their openings, never planned twice."""
        for p in plan:
            self._planned.add((p.obligation.key, p.instance))
            if p.obligation.institutions_told:
                self._held[p.instance] = Held.PLANNED
        self._pending.extend(plan)
        self._pending.sort(key=lambda p: p.opens_at or now)

    # --- the institutions of the told obligations (Vologda D11) -------------------------------------------------

    async def _follow_institutions(self) -> None:
        """Plan the instances of the institutions told now and withdraw those of the institutions no longer told:
        recorded as InstitutionsTold with the planning (ObligationPlanned) and the withdrawal of what had not opened
        (ObligationWithdrawn); an opened instance is told to withdraw, and cancels itself unless sent."""
        inp = self._inp
        if not told_obligations(inp.regulation) or not workflow.patched(PLANS_TOLD_INSTITUTIONS):
            self._told_followed = self._told
            return
        while self._told != self._told_followed:  # told again while the last one was being recorded
            told = self._told_followed = self._told
            now = workflow.now()
            site = inp.site
            change = change_of_institutions(
                inp.regulation,
                inp.year,
                self._calendar,
                told,
                dict(self._held),
                now,
                site.cycle_starts_on(inp.year),
                self._planned_to,
            )
            reason = withdrawal_reason(local_date(now, inp.regulation.timezone))
            dropped = [p for p in self._pending if p.instance in change.withdraw]
            opened = [i for i in change.withdraw if self._held.get(i) == Held.OPENED]
            events: list[DomainEvent] = [
                InstitutionsTold(
                    occurred_at=now,
                    site_id=site.id,
                    year=inp.year,
                    institutions=told,
                    planned=tuple(self._ref(p).obligation_id for p in change.plan),
                    withdrawn=tuple(self._ref(p).obligation_id for p in dropped)
                    + tuple(oid for oid, (p, _) in self._running.items() if p.instance in opened),
                ),
                *(ObligationWithdrawn(occurred_at=now, ref=self._ref(p), reason=reason) for p in dropped),
                *(self._planned_event(p) for p in change.plan),
            ]
            await self._record_in_appends(events)
            for p in dropped:
                self._pending.remove(p)
                self._held[p.instance] = Held.WITHDRAWN
            for instance in opened:
                self._held[instance] = Held.RECALLED
            self._plan_more(change.plan, now)
            for p, handle in list(self._running.values()):
                if p.instance in opened:
                    await self._tell_child(handle, SubmissionWorkflow.withdraw, reason)

    @staticmethod
    async def _tell_child(handle: workflow.ChildWorkflowHandle[Any, Any], signal: Any, *args: Any) -> None:
        """Signal a child; one that closed meanwhile has nothing left to hear."""
        try:
            await handle.signal(signal, *args)
        except Exception:  # the child completed between the look and the signal
            workflow.logger.info("%s closed before the signal", handle.id)

    # --- children ---------------------------------------------------------------------------------------------

    def _child_input(self, planned: PlannedObligation) -> dict[str, Any]:
        inp = self._inp
        assert planned.nominal_due is not None
        return {
            "ref": self._ref(planned),
            "obligation": planned.obligation,
            "nominal_due": planned.nominal_due,
            "internal_target": planned.internal_target,
            "period": planned.period,
            "site_status": inp.regulation.site_status,
            "indicators": inp.regulation.indicators_of(planned.obligation),
            "roadmap": self._roadmap if planned.obligation.reports_roadmap else (),
            "regulation_id": inp.regulation.regulation_id,
            "regulation_version": inp.regulation.version,
            "calendar": self._calendar,
            "timezone": inp.regulation.timezone,
        }

    async def _start_all(
        self, due: list[PlannedObligation]
    ) -> list[tuple[PlannedObligation, workflow.ChildWorkflowHandle[Any, Any]]]:
        """Start the children of ``due``, in their order: together, in one workflow task, or (histories recorded
        before) one workflow task each."""
        if len(due) > 1 and workflow.patched(STARTS_DUE_CHILDREN_TOGETHER):
            return list(zip(due, await asyncio.gather(*(self._start(planned) for planned in due)), strict=True))
        return [(planned, await self._start(planned)) for planned in due]

    async def _start(self, planned: PlannedObligation) -> workflow.ChildWorkflowHandle[Any, Any]:
        workflow_id = self._ref(planned).obligation_id
        fields = self._child_input(planned)
        if planned.runner in QUOTA_RUNNERS:
            spravka = next((o for o in self._inp.regulation.obligations if o.key == "monitoring_spravka"), None)
            expertise = next((o for o in self._inp.regulation.obligations if o.key == "product_expertise"), None)
            counts_products = planned.runner == Runner.QUOTA and planned.obligation.key == "product_quota"
            quota_input = QuotaInput(
                **fields,
                spravka=spravka if planned.runner == Runner.COVERAGE else None,
                expertise=expertise if counts_products else None,
                council=self._inp.regulation.council if counts_products else None,
            )
            return await workflow.start_child_workflow(QuotaWorkflow.run, quota_input, id=workflow_id)
        if planned.runner == Runner.FRESHNESS:
            return await workflow.start_child_workflow(FreshnessWorkflow.run, ObligationInput(**fields), id=workflow_id)
        if planned.runner == Runner.CRITERIA_REPORT:
            return await workflow.start_child_workflow(
                CriteriaReportWorkflow.run, ObligationInput(**fields), id=workflow_id
            )
        return await workflow.start_child_workflow(SubmissionWorkflow.run, ObligationInput(**fields), id=workflow_id)

    async def _watch(self, planned: PlannedObligation, handle: workflow.ChildWorkflowHandle[Any, Any]) -> None:
        outcome: ObligationOutcome = await handle
        self._running.pop(handle.id, None)
        if isinstance(outcome.data, PackageData) and outcome.status == "approved":
            await self._roadmap_approved(outcome.data.roadmap)
            if self._inp.regulation.roadmap_row is not None and workflow.patched(TRACKS_DATED_ROWS):
                await self._open_rows(outcome.data.roadmap)
        if isinstance(outcome.data, ReportData) and outcome.status == "approved" and self._rows:
            await self._report_rows(planned, outcome.data)
        self._wake += 1

    async def _roadmap_approved(self, rows: tuple[RoadmapRow, ...]) -> None:
        self._roadmap = rows
        for planned, handle in list(self._running.values()):
            if planned.obligation.reports_roadmap and planned.runner == Runner.SUBMISSION:
                await handle.signal(SubmissionWorkflow.roadmap_approved, list(rows))

    # --- the dated rows of the approved roadmap (D42–D45) ------------------------------------------------------

    async def _open_rows(self, rows: tuple[RoadmapRow, ...]) -> None:
        """Open one child per date of the approved roadmap's dated rows, in the roadmap's order."""
        inp = self._inp
        template = inp.regulation.roadmap_row
        assert template is not None
        approved_on = local_date(workflow.now(), inp.regulation.timezone)
        starts_on = inp.site.cycle_starts_on(inp.year)
        if starts_on is not None:
            approved_on = max(approved_on, starts_on)
        for dated in dated_rows(rows, inp.year, approved_on):
            planned = PlannedObligation(
                obligation=row_obligation(template, dated, inp.year),
                instance=dated.instance,
                period=None,
                nominal_due=dated.due,
                runner=Runner.ROADMAP_ROW,
                opens_at=None,
            )
            ref = self._ref(planned)
            if ref.obligation_id in self._rows:
                continue
            handle = await workflow.start_child_workflow(
                RoadmapRowWorkflow.run, ObligationInput(**self._child_input(planned)), id=ref.obligation_id
            )
            self._rows[ref.obligation_id] = dated
            self._running[ref.obligation_id] = (planned, handle)
            self._row_watchers.append(asyncio.create_task(self._watch(planned, handle)))
        await self._fulfil_rows()  # a product sent in a row's month before the roadmap was approved (D53)

    async def _fulfil_rows(self) -> None:
        """Tell each dated row about sending a product that a product sent in its month fulfils it (D53): one product,
        one row; a product that fulfils none waits for rows opened later. The matches are all taken before any
        signal is sent, so a signal arriving meanwhile never takes a row twice."""
        told: list[tuple[workflow.ChildWorkflowHandle[Any, Any], ProductSent]] = []
        waiting: list[ProductSent] = []
        for sent in self._products:
            free = [(oid, d) for oid, d in self._rows.items() if oid in self._running and oid not in self._by_product]
            oid = row_for_product(free, sent.sent_on)
            if oid is None:
                waiting.append(sent)
                continue
            self._by_product.add(oid)
            told.append((self._running[oid][1], sent))
        self._products = waiting
        for handle, sent in told:
            await self._tell_child(handle, RoadmapRowWorkflow.product_sent, sent)

    async def _report_rows(self, planned: PlannedObligation, data: ReportData) -> None:
        """An accepted report said rows were done: tell the open instances it closes (D44)."""
        if planned.period is None:
            return
        open_rows = [(d.row.no, oid, d.due) for oid, d in self._rows.items() if oid in self._running]
        report_id = self._ref(planned).obligation_id
        for oid, fact_date in reported_instances(data.roadmap, planned.period.end, open_rows):
            running = self._running.get(oid)  # gone: marked done by the site meanwhile
            if running is not None:
                told = ReportedDone(report_id=report_id, fact_date=fact_date)
                await self._tell_child(running[1], RoadmapRowWorkflow.reported_done, told)

    async def _close_rows(self) -> None:
        """Every other obligation of the cycle has closed: the rows still open close as not done (D45)."""
        self._rows_closing = True
        for oid in sorted(self._running):
            running = self._running.get(oid)
            if running is not None:
                await self._tell_child(running[1], RoadmapRowWorkflow.close_row)

    # --- the agreement with the stream: the cycle's events drive no state of its own, only its version ---------

    @workflow.query
    def stream_check(self, records: list[RecordedEvent]) -> StreamCheck:
        version = records[-1].stream_version if records else 0
        return StreamCheck(
            stream_id=self._stream.stream_id,
            version=self._stream.version,
            appending=self._stream.appending,
            state={"version": self._stream.version},
            fold={"version": version},
        )

    @workflow.update
    async def resync_with_stream(self) -> StreamCheck:
        records = await self._stream.read()
        return self.stream_check(records)

    # --- changes while the cycle runs -------------------------------------------------------------------------

    @workflow.signal
    def calendar_updated(self) -> None:
        self._calendar_stale = True
        self._wake += 1

    @workflow.signal
    def revoke(self, reason: str) -> None:
        self._revoked = reason
        self._wake += 1

    @workflow.signal
    def status_period_changed(self, until: date | None) -> None:
        """The site's card changed its status period's end (D22): set, moved, or removed (None)."""
        self._status_until = until
        self._wake += 1

    @workflow.signal
    def institutions_told(self, institutions: list[str]) -> None:
        """The institutions that owe the cycle's told obligations now: a Vologda platform's participating centres,
        told by the API whenever its profile is saved (D11)."""
        self._told = tuple(sorted(set(institutions)))
        self._wake += 1

    @workflow.signal
    async def product_sent(self, sent: ProductSent) -> None:
        """The site's quota of the year counted a product sent to the Expert Council (D53)."""
        if sent.product_id in self._products_told:
            return  # told twice
        self._products_told.add(sent.product_id)
        self._products.append(sent)
        await self._fulfil_rows()

    async def _reload_calendar(self) -> None:
        self._calendar_stale = False
        self._calendar = await load_calendar(tuple(sorted(self._calendar.years)))
        for _planned, handle in list(self._running.values()):
            await handle.signal("calendar_updated")

    async def _close(self, reason: str, watchers: list[asyncio.Task[None]]) -> str:
        for _planned, handle in list(self._running.values()):
            await handle.signal("revoke", reason)
        await asyncio.gather(*watchers, *self._row_watchers)
        inp = self._inp
        await self._stream.record(
            [CycleClosed(occurred_at=workflow.now(), site_id=inp.site.id, year=inp.year, reason=reason)]
        )
        return "closed"
