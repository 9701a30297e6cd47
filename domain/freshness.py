"""Registries kept up to date on a cadence (реестры: ежедневно, еженедельно, последний вторник месяца): not a
series of separate reports but one duty — the registry must have been updated on or after each occurrence day
by the time that occurrence is due. A missed occurrence opens one staleness episode (срок нарушен), which climbs
the ladder from the first missed day until the registry is updated; later occurrences add no new escalations to
an open episode.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.deadlines import Deadline, Recurrence, deadline_on, local_date
from domain.escalation import (
    EscalationLevel,
    EscalationRaised,
    EscalationResolved,
    ScheduledStep,
    closed_by,
    escalation_id,
    opened_with,
    resolve_open,
    schedule,
)
from domain.files import FileRef, check_attachments
from domain.obligations import (
    CancelObligation,
    Context,
    ObligationCancelled,
    ObligationOpened,
    RaiseEscalation,
    RecomputeDeadline,
)
from domain.regulations.model import Obligation


class FreshnessStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # the year is over and the registry was up to date
    CANCELLED = "cancelled"


@register_event
class RegistryUpdated(DomainEvent):
    """The registry was updated (реестр актуализирован)."""

    event_type = "RegistryUpdated"

    on: date  # the local day of the update
    items: dict[str, FileRef]
    entries: int | None  # how many entries the registry holds now, when the site says
    note: str
    updated_by: ActorRef


@register_event
class RegistryYearClosed(DomainEvent):
    event_type = "RegistryYearClosed"

    updates: int


class RecordUpdate(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["record_update"] = "record_update"
    actor: Actor
    items: dict[str, FileRef] = {}
    entries: int | None = None
    note: str = ""


class CloseYear(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["close_year"] = "close_year"


FreshnessCommand = RecordUpdate | RaiseEscalation | RecomputeDeadline | CancelObligation | CloseYear


class FreshnessState(BaseModel):
    model_config = ConfigDict(frozen=True)

    obligation_id: str
    year: int
    occurrences: tuple[date, ...]
    opened_at: datetime
    status: FreshnessStatus = FreshnessStatus.OPEN
    updates: int = 0
    last_update: date | None = None
    episode: int | None = None  # index of the first missed occurrence of the open staleness episode
    raised_levels: frozenset[EscalationLevel] = frozenset()
    open_escalations: tuple[tuple[str, EscalationLevel], ...] = ()


def initial_state(opened: ObligationOpened, ctx: Context) -> FreshnessState:
    rule = opened.obligation.deadline
    if not isinstance(rule, Recurrence):
        raise ValueError("a registry cadence needs a recurrence")
    year = opened.ref.year
    # Occurrences before the obligation opened are not counted against the site.
    first_day = local_date(opened.occurred_at, ctx.timezone)
    return FreshnessState(
        obligation_id=opened.ref.obligation_id,
        year=year,
        occurrences=tuple(day for day in rule.occurrences(year, ctx.calendar) if day >= first_day),
        opened_at=opened.occurred_at,
    )


def _deadline(state: FreshnessState, index: int, ctx: Context) -> Deadline:
    return deadline_on(state.occurrences[index], ctx.calendar, ctx.timezone)


def _steps(state: FreshnessState, obligation: Obligation, index: int, ctx: Context) -> list[ScheduledStep]:
    if obligation.ladder is None:
        return []
    return [
        step
        for step in schedule(obligation.ladder, _deadline(state, index, ctx), ctx.calendar, ctx.timezone)
        if step.level != EscalationLevel.REMINDER
    ]


def _first_unsatisfied(state: FreshnessState) -> int | None:
    for index, day in enumerate(state.occurrences):
        if state.last_update is None or state.last_update < day:
            return index
    return None


def next_escalation(state: FreshnessState, obligation: Obligation, ctx: Context) -> ScheduledStep | None:
    if state.status != FreshnessStatus.OPEN:
        return None
    index = state.episode if state.episode is not None else _first_unsatisfied(state)
    if index is None:
        return None
    for step in _steps(state, obligation, index, ctx):
        if state.episode is not None and step.level in state.raised_levels:
            continue
        if state.episode is None and step.level != EscalationLevel.OVERDUE:
            continue  # a new episode starts with the breach
        return step
    return None


def year_over_at(state: FreshnessState, obligation: Obligation, ctx: Context) -> datetime | None:
    """When the last occurrence of the year is due: after it, an up-to-date registry closes its year."""
    if not state.occurrences:
        return None
    steps = _steps(state, obligation, len(state.occurrences) - 1, ctx)
    overdue = [s.at for s in steps if s.level == EscalationLevel.OVERDUE]
    return overdue[0] if overdue else _deadline(state, len(state.occurrences) - 1, ctx).ends_at


def decide(state: FreshnessState, obligation: Obligation, command: FreshnessCommand, ctx: Context) -> list[DomainEvent]:
    if state.status != FreshnessStatus.OPEN:
        raise DomainError("closed", "Ведение реестра за этот год закрыто.")
    if isinstance(command, RecordUpdate):
        return _record(state, obligation, command, ctx)
    if isinstance(command, RaiseEscalation):
        return _raise(state, obligation, command, ctx)
    if isinstance(command, CancelObligation):
        cancelled = ObligationCancelled(occurred_at=ctx.now, reason=command.reason)
        return [*resolve_open(state.open_escalations, ctx.now, "cancelled"), cancelled]
    if isinstance(command, CloseYear):
        if state.episode is not None:
            return []
        return [RegistryYearClosed(occurred_at=ctx.now, updates=state.updates)]
    return []


def _record(state: FreshnessState, obligation: Obligation, command: RecordUpdate, ctx: Context) -> list[DomainEvent]:
    role = command.actor.role_among(obligation.submitters, "отметить актуализацию реестра")
    check_attachments(obligation, command.items)
    if command.entries is not None and command.entries < 0:
        raise DomainError("entries", "Число записей не может быть отрицательным.", "entries")
    updated = RegistryUpdated(
        occurred_at=ctx.now,
        on=local_date(ctx.now, ctx.timezone),
        items=dict(command.items),
        entries=command.entries,
        note=command.note.strip(),
        updated_by=command.actor.ref(role),
    )
    return [*resolve_open(state.open_escalations, ctx.now, "updated"), updated]


def _raise(state: FreshnessState, obligation: Obligation, command: RaiseEscalation, ctx: Context) -> list[DomainEvent]:
    step = next_escalation(state, obligation, ctx)
    if step is None or step.level != command.level:
        raise DomainError("unknown_level", "Этот шаг эскалации сейчас не предусмотрен.")
    index = state.episode if state.episode is not None else _first_unsatisfied(state)
    assert index is not None
    deadline = _deadline(state, index, ctx)
    return [
        EscalationRaised(
            occurred_at=ctx.now,
            escalation_id=escalation_id(state.obligation_id, index, command.level),
            level=command.level,
            phase=index,
            due_nominal=deadline.nominal,
            due_effective=deadline.effective,
            notify=step.notify,
        )
    ]


def evolve(state: FreshnessState, event: DomainEvent) -> FreshnessState:
    if isinstance(event, RegistryUpdated):
        return state.model_copy(
            update={
                "updates": state.updates + 1,
                "last_update": event.on,
                "episode": None,
                "raised_levels": frozenset(),
            }
        )
    if isinstance(event, EscalationRaised):
        return state.model_copy(
            update={
                "episode": event.phase,
                "raised_levels": state.raised_levels | {event.level},
                "open_escalations": opened_with(state.open_escalations, event),
            }
        )
    if isinstance(event, EscalationResolved):
        return state.model_copy(update={"open_escalations": closed_by(state.open_escalations, event)})
    if isinstance(event, RegistryYearClosed):
        return state.model_copy(update={"status": FreshnessStatus.CLOSED})
    if isinstance(event, ObligationCancelled):
        return state.model_copy(update={"status": FreshnessStatus.CANCELLED})
    return state


def evolve_all(state: FreshnessState, events: list[DomainEvent]) -> FreshnessState:
    return fold(evolve, state, events)
