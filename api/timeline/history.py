"""A cycle's history read from the event log itself, not from the projections: the timeline of everything that
happened, and the state of every obligation as it stood at a past instant.

A cycle's events live in several streams: ``cycle:{site}:{year}`` (the cycle started, its obligations planned,
completed or closed) and one stream per obligation instance, ``cycle:{site}:{year}:{key}:{instance}``. They are
selected by a range on ``stream_id`` (``>= prefix`` and ``<`` the prefix with its last character incremented),
which the btree index on ``(stream_id, stream_version)`` serves; ``LIKE 'prefix%'`` would not, under a database
collation other than C. The range is a prefix match only where ``stream_id`` sorts bytewise, so the column is
declared ``COLLATE "C"`` (migration 0004): under a linguistic collation (ICU ``en``, glibc ``en_US``, the default
of the PostgreSQL image) ``…:package`` sorts after ``…;`` and the range would miss every obligation stream.

As of an instant, each stream is folded with the pure domain ``initial_state``/``evolve`` of its runner over the
events whose business time (``occurred_at``) is not later than that instant.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.calendar.service import calendar_for
from api.eventlog.store import StoredEvent, stored_event
from api.notifications.notices import NOTIFYING
from api.notifications.service import told_of_events, told_words
from api.problems import Problem
from api.tables import events
from api.timeline.render import Subject, actor_of, actor_view, text_of, title_with_period
from domain import freshness, quota, roadmap_row
from domain.calendar import ProductionCalendar
from domain.common import EVENT_TYPES, DomainEvent, event_from_stored
from domain.cycle import QUOTA_RUNNERS, CycleClosed, CycleCompleted, CycleStarted, Runner, runner_for
from domain.deadlines import Deadline
from domain.escalation import LEVEL_RU, EscalationRaised
from domain.obligations import Context, ObligationOpened, ObligationPlanned, ObligationWithdrawn, cycle_id
from domain.periods import Period
from domain.submission.events import STATUS_RU
from domain.submission.machine import evolve
from domain.submission.model import SubmissionState, initial_state

CYCLE_NOT_STARTED = "Цикл ещё не был открыт на эту дату."
OBLIGATION_NOT_FOUND = "Обязанность не найдена в этом цикле."

CYCLE_STATUS_RU = {"active": "идет", "completed": "завершен", "closed": "закрыт досрочно"}


# --- which streams ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleStreams:
    """The cycle's own stream and the range of its obligations' streams."""

    cycle: str
    prefix: str  # every obligation stream of the cycle starts with it
    upper: str  # the prefix with its last character incremented: the first id past the range

    def owns(self, stream_id: str) -> bool:
        return stream_id == self.cycle or stream_id.startswith(self.prefix)


def streams_of(site_id: str, year: int) -> CycleStreams:
    cycle = cycle_id(site_id, year)
    prefix = f"{cycle}:"
    return CycleStreams(cycle=cycle, prefix=prefix, upper=prefix[:-1] + chr(ord(prefix[-1]) + 1))


def in_cycle(streams: CycleStreams) -> Any:
    return or_(
        events.c.stream_id == streams.cycle,
        and_(events.c.stream_id >= streams.prefix, events.c.stream_id < streams.upper),
    )


def planned_in_cycle(streams: CycleStreams, obligation_id: str) -> Any:
    """The ObligationPlanned event of one obligation: it is kept in the cycle's stream, not the obligation's."""
    return and_(
        events.c.stream_id == streams.cycle,
        events.c.event_type == ObligationPlanned.event_type,
        events.c.data["ref"]["obligation_id"].astext == obligation_id,
    )


async def cycle_regulation(conn: AsyncConnection, streams: CycleStreams) -> str | None:
    """The regulation the cycle runs under, from its first event (CycleStarted); None when the cycle has none."""
    query = (
        select(events.c.data["regulation_id"].astext)
        .where(events.c.stream_id == streams.cycle)
        .order_by(events.c.stream_version)
        .limit(1)
    )
    found = (await conn.execute(query)).first()
    return None if found is None else str(found[0] or "")


async def read_cycle(
    conn: AsyncConnection, streams: CycleStreams, *, after: int = 0, limit: int | None = None, where: Any = None
) -> list[StoredEvent]:
    """The cycle's events in global order, after a position, optionally narrowed."""
    query = (
        select(events)
        .where(where if where is not None else in_cycle(streams), events.c.global_position > after)
        .order_by(events.c.global_position)
    )
    if limit is not None:
        query = query.limit(limit)
    return [stored_event(row) for row in (await conn.execute(query)).all()]


# --- what each obligation is called -------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    title: str
    reviewed: bool


async def obligation_names(conn: AsyncConnection, streams: CycleStreams) -> dict[str, Named]:
    """Each obligation's title (with its period) and whether it is reviewed, from the events that planned or
    opened it: ObligationPlanned in the cycle's stream, ObligationOpened first in each obligation's own."""
    obligation = events.c.data["obligation"]
    query = (
        select(
            events.c.stream_id,
            events.c.event_type,
            events.c.data["ref"]["obligation_id"].astext.label("obligation_id"),
            obligation["title"].astext.label("title"),
            events.c.data["period"].label("period"),
            func.jsonb_array_length(obligation["review_chain"]).label("chain"),
        )
        .where(
            or_(
                and_(events.c.stream_id == streams.cycle, events.c.event_type == ObligationPlanned.event_type),
                and_(
                    events.c.stream_id >= streams.prefix,
                    events.c.stream_id < streams.upper,
                    events.c.stream_version == 1,
                    events.c.event_type == ObligationOpened.event_type,
                ),
            )
        )
        .order_by(events.c.global_position)
    )
    names: dict[str, Named] = {}
    for row in (await conn.execute(query)).all():
        period = Period.model_validate(row.period) if row.period else None
        names[row.obligation_id] = Named(title=title_with_period(row.title, period), reviewed=bool(row.chain))
    return names


def obligation_of(event: StoredEvent, streams: CycleStreams) -> str | None:
    if event.stream_id != streams.cycle:
        return event.stream_id
    if event.event_type in (ObligationPlanned.event_type, ObligationWithdrawn.event_type):
        return str(event.data["ref"]["obligation_id"])
    return None


def resolve_obligation(given: str, streams: CycleStreams) -> str:
    """An obligation id as given: whole (``cycle:1.1.5:2027:package:annual``) or within the cycle
    (``package:annual``, ``package/annual``)."""
    given = given.strip()
    if given.startswith("cycle:"):
        return given
    return streams.prefix + given.replace("/", ":")


# --- the timeline -------------------------------------------------------------------------------------------


def local(instant: datetime, timezone: str) -> datetime:
    return instant.astimezone(ZoneInfo(timezone))


def entry(
    event: StoredEvent, streams: CycleStreams, names: dict[str, Named], timezone: str, regulation_id: str = ""
) -> dict[str, Any]:
    model = (
        event_from_stored(event.event_type, event.data, event.schema_version)
        if event.event_type in EVENT_TYPES
        else None
    )
    obligation_id = obligation_of(event, streams)
    named = names.get(obligation_id) if obligation_id else None
    about = Subject(
        title=named.title if named else "",
        timezone=timezone,
        reviewed=named.reviewed if named else True,
        regulation_id=regulation_id,
    )
    at = local(model.occurred_at, timezone) if model else local(event.recorded_at, timezone)
    return {
        "position": event.global_position,
        "at": at,
        "when": at.strftime("%d.%m.%Y %H:%M"),
        "event_type": event.event_type,
        "obligation_id": obligation_id,
        "obligation_title": named.title if named else None,
        "actor": actor_view(actor_of(model), regulation_id) if model else None,
        "text": text_of(model, about) if model else f"Событие {event.event_type}.",
    }


async def timeline(
    conn: AsyncConnection,
    site_id: str,
    year: int,
    timezone: str,
    *,
    after: int,
    limit: int,
    obligation: str | None,
) -> dict[str, Any]:
    streams = streams_of(site_id, year)
    regulation_id = await cycle_regulation(conn, streams)
    if regulation_id is None:
        raise Problem(404, "cycle_not_found", f"Цикл площадки {site_id} на {year} год не открыт.")
    names = await obligation_names(conn, streams)
    where = None
    if obligation is not None:
        oid = resolve_obligation(obligation, streams)
        if oid not in names:
            raise Problem(404, "obligation_not_found", OBLIGATION_NOT_FOUND)
        where = or_(events.c.stream_id == oid, planned_in_cycle(streams, oid))
    page = await read_cycle(conn, streams, after=after, limit=limit, where=where)
    entries = [entry(event, streams, names, timezone, regulation_id) for event in page]
    told = await told_of_events(conn, [e.global_position for e in page if e.event_type in NOTIFYING])
    for item in entries:
        item["told"] = told_words(told.get(item["position"], []))  # who was told of it, and what reached each
    return {
        "cycle_id": streams.cycle,
        "site_id": site_id,
        "year": year,
        "timezone": timezone,
        "entries": entries,
        # Where the next page starts; None when this one is the last.
        "next_after": page[-1].global_position if len(page) == limit else None,
    }


# --- the state as of an instant -----------------------------------------------------------------------------


@dataclass
class Fold:
    """One obligation stream folded up to the instant: its domain state, and when each escalation was raised
    (the domain state keeps which escalations are open, not since when)."""

    opened: ObligationOpened
    runner: str
    state: Any
    raised_at: dict[str, datetime] = field(default_factory=dict)
    monitorings: int = 0


def events_until(stream: list[StoredEvent], at: datetime) -> list[DomainEvent]:
    """The stream's events, read back into models, whose business time is not later than ``at``."""
    models = (event_from_stored(e.event_type, e.data, e.schema_version) for e in stream if e.event_type in EVENT_TYPES)
    return [model for model in models if model.occurred_at <= at]


def runner_of(opened: ObligationOpened) -> str:
    return opened.runner or runner_for(opened.obligation).value


def is_registry(stream: list[DomainEvent]) -> bool:
    """Whether the stream is a registry's, whose folding needs the production calendar."""
    return bool(stream) and isinstance(stream[0], ObligationOpened) and runner_of(stream[0]) == Runner.FRESHNESS


def initial_fold(opened: ObligationOpened, context: Context | None) -> Fold:
    runner = runner_of(opened)
    state: Any
    if runner in QUOTA_RUNNERS:
        state = quota.initial_state(opened, quota.is_coverage(opened.obligation))
    elif runner == Runner.FRESHNESS:
        assert context is not None, "a registry is folded with the production calendar"
        state = freshness.initial_state(opened, context)
    elif runner == Runner.ROADMAP_ROW:
        state = roadmap_row.initial_state(opened)
    else:
        state = initial_state(opened)
    return Fold(opened=opened, runner=runner, state=state)


def evolve_fold(fold: Fold, event: DomainEvent) -> Fold:
    if isinstance(event, EscalationRaised):
        fold.raised_at[event.escalation_id] = event.occurred_at
    if isinstance(event, quota.MonitoringCompleted):
        fold.monitorings += 1
    if isinstance(fold.state, SubmissionState):
        fold.state = evolve(fold.state, event)
    elif isinstance(fold.state, quota.QuotaState):
        fold.state = quota.evolve(fold.state, event)
    elif isinstance(fold.state, roadmap_row.RowState):
        fold.state = roadmap_row.evolve(fold.state, event)
    else:
        fold.state = freshness.evolve(fold.state, event)
    return fold


def fold_stream(stream: list[DomainEvent], context: Context | None) -> Fold | None:
    """None when the obligation had not opened yet."""
    if not stream or not isinstance(stream[0], ObligationOpened):
        return None
    fold = initial_fold(stream[0], context)
    for event in stream[1:]:
        fold = evolve_fold(fold, event)
    return fold


QUOTA_STATUS = {quota.QuotaStatus.OPEN: "in_progress", quota.QuotaStatus.MET: "approved"}
FRESHNESS_STATUS = {freshness.FreshnessStatus.OPEN: "in_progress", freshness.FreshnessStatus.CLOSED: "approved"}
ROW_STATUS = {
    roadmap_row.RowStatus.OPEN: "in_progress",
    roadmap_row.RowStatus.DONE: "approved",
    roadmap_row.RowStatus.NOT_DONE: "not_done",
}


def status_of(state: Any) -> str:
    """The domain state in the vocabulary of the obligations the API shows (domain.submission.events.STATUS_RU)."""
    if isinstance(state, SubmissionState):
        return state.status.value  # the same words: awaiting_submission … approved, cancelled
    if isinstance(state, quota.QuotaState):
        return QUOTA_STATUS.get(state.status, "cancelled")
    if isinstance(state, roadmap_row.RowState):
        return ROW_STATUS.get(state.status, "cancelled")
    return FRESHNESS_STATUS.get(state.status, "cancelled")


def due_view(deadline: Deadline | None, timezone: str, original: Deadline | None = None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    first = original or deadline
    return {
        "nominal": deadline.nominal,
        "effective": deadline.effective,
        "ends_at": local(deadline.ends_at, timezone),
        "original_nominal": first.nominal,
        "original_effective": first.effective,
    }


def deadline_of(fold: Fold, timezone: str) -> dict[str, Any] | None:
    """The deadline then: a submission's moves with returns, extensions and calendar changes; a quota's is the
    end of its period; a registry's duty runs to the end of the year (its occurrences are not listed)."""
    state = fold.state
    if isinstance(state, SubmissionState):
        return due_view(state.deadline, timezone, state.original_deadline)
    if isinstance(state, quota.QuotaState):
        return due_view(state.deadline, timezone, fold.opened.deadline)
    if isinstance(state, roadmap_row.RowState):
        return due_view(state.deadline, timezone, fold.opened.deadline)
    return due_view(fold.opened.deadline, timezone)


def submissions_of(fold: Fold) -> int:
    """What was sent by then: submissions; products; completed monitorings; registry updates."""
    state = fold.state
    if isinstance(state, SubmissionState):
        return len(state.submissions)
    if isinstance(state, quota.QuotaState):
        return fold.monitorings if state.coverage else state.items
    if isinstance(state, roadmap_row.RowState):
        return int(state.status == roadmap_row.RowStatus.DONE)
    return int(state.updates)


def open_escalations_of(fold: Fold, timezone: str) -> list[dict[str, Any]]:
    return [
        {
            "escalation_id": escalation_id,
            "level": level.value,
            "level_ru": LEVEL_RU[level],
            "raised_at": local(fold.raised_at[escalation_id], timezone) if escalation_id in fold.raised_at else None,
        }
        for escalation_id, level in fold.state.open_escalations
    ]


def base_view(obligation_id: str, key: str, instance: str, title: str, runner: str) -> dict[str, Any]:
    return {"obligation_id": obligation_id, "key": key, "instance": instance, "title": title, "runner": runner}


def with_status(view: dict[str, Any], status: str) -> dict[str, Any]:
    return {**view, "status": status, "status_ru": STATUS_RU.get(status, status)}


def planned_view(planned: ObligationPlanned, timezone: str) -> dict[str, Any]:
    ref = planned.ref
    title = title_with_period(planned.obligation.title, planned.period)
    view = base_view(ref.obligation_id, ref.key, ref.instance, title, planned.runner)
    status = "standing" if planned.runner == Runner.NONE else "planned"
    # As the live view shows a quota not yet open: nothing done of its target.
    progress = {"done": 0, "target": planned.obligation.quota} if planned.runner in QUOTA_RUNNERS else None
    return {
        **with_status(view, status),
        "due": due_view(planned.deadline, timezone),
        "opens_at": local(planned.opens_at, timezone) if planned.opens_at else None,
        "opened_at": None,
        "submissions": 0,
        "progress": progress,
        "open_escalations": [],
    }


def opened_view(fold: Fold, timezone: str) -> dict[str, Any]:
    ref = fold.opened.ref
    title = title_with_period(fold.opened.obligation.title, fold.opened.period)
    view = base_view(ref.obligation_id, ref.key, ref.instance, title, fold.runner)
    progress = None
    if isinstance(fold.state, quota.QuotaState):
        progress = {"done": fold.state.progress, "target": fold.state.target}
    return {
        **with_status(view, status_of(fold.state)),
        "due": deadline_of(fold, timezone),
        "opens_at": None,
        "opened_at": local(fold.opened.occurred_at, timezone),
        "submissions": submissions_of(fold),
        "progress": progress,
        "open_escalations": open_escalations_of(fold, timezone),
    }


@dataclass
class CycleAsOf:
    status: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    closed_reason: str | None = None
    plan: list[str] = field(default_factory=list)


def cycle_as_of(stream: list[DomainEvent]) -> CycleAsOf:
    cycle = CycleAsOf()
    for event in stream:
        if isinstance(event, CycleStarted):
            cycle.status, cycle.started_at, cycle.plan = "active", event.occurred_at, list(event.obligations)
        elif isinstance(event, CycleCompleted):
            cycle.status, cycle.ended_at = "completed", event.occurred_at
        elif isinstance(event, CycleClosed):
            cycle.status, cycle.ended_at, cycle.closed_reason = "closed", event.occurred_at, event.reason
    return cycle


def by_stream(log: list[StoredEvent]) -> dict[str, list[StoredEvent]]:
    streams: dict[str, list[StoredEvent]] = defaultdict(list)
    for event in sorted(log, key=lambda e: (e.stream_id, e.stream_version)):
        streams[event.stream_id].append(event)
    return streams


async def folding_context(conn: AsyncConnection, year: int, at: datetime, timezone: str) -> Context:
    """What folding a registry needs: its occurrences come from the production calendar."""
    years = range(min(year - 1, at.year), max(year + 1, at.year) + 1)
    calendar: ProductionCalendar = await calendar_for(conn, years)
    return Context(now=at, calendar=calendar, timezone=timezone)


def obligation_views(
    plan: list[str], planned: dict[str, ObligationPlanned], folds: dict[str, Fold], timezone: str
) -> list[dict[str, Any]]:
    """In the order the cycle planned them, then those opened without a plan (a справка after a monitoring)."""
    order = [oid for oid in plan if oid in planned or oid in folds]
    order += [oid for oid in planned if oid not in order]
    order += sorted((oid for oid in folds if oid not in order), key=lambda oid: folds[oid].opened.occurred_at)
    return [
        opened_view(folds[oid], timezone) if oid in folds else planned_view(planned[oid], timezone) for oid in order
    ]


async def state_as_of(conn: AsyncConnection, site_id: str, year: int, at: datetime, timezone: str) -> dict[str, Any]:
    streams = streams_of(site_id, year)
    log = by_stream(await read_cycle(conn, streams))
    if streams.cycle not in log:
        raise Problem(404, "cycle_not_found", f"Цикл площадки {site_id} на {year} год не открыт.")
    cycle_events = events_until(log.pop(streams.cycle), at)
    cycle = cycle_as_of(cycle_events)
    if cycle.status is None:
        raise Problem(404, "cycle_not_started", CYCLE_NOT_STARTED)
    planned: dict[str, ObligationPlanned] = {}
    for e in cycle_events:  # withdrawn before it opened (D11): no longer planned, unless planned again
        if isinstance(e, ObligationPlanned):
            planned[e.ref.obligation_id] = e
        elif isinstance(e, ObligationWithdrawn):
            planned.pop(e.ref.obligation_id, None)
    streams_then = {stream_id: events_until(stream, at) for stream_id, stream in log.items()}
    context = await folding_context(conn, year, at, timezone) if any(map(is_registry, streams_then.values())) else None
    folds = {}
    for stream_id, stream in streams_then.items():
        fold = fold_stream(stream, context)
        if fold is not None:
            folds[stream_id] = fold
    obligations = obligation_views(cycle.plan, planned, folds, timezone)
    return {
        "cycle_id": streams.cycle,
        "site_id": site_id,
        "year": year,
        "at": local(at, timezone),
        "timezone": timezone,
        "status": cycle.status,
        "status_ru": CYCLE_STATUS_RU[cycle.status],
        "started_at": local(cycle.started_at, timezone) if cycle.started_at else None,
        "ended_at": local(cycle.ended_at, timezone) if cycle.ended_at else None,
        "closed_reason": cycle.closed_reason,
        "obligations": obligations,
        "open_escalations": sum(len(o["open_escalations"]) for o in obligations),
    }
