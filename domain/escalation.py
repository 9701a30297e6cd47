"""Escalation ladders (лестница эскалации): what happens, and to whom, as a deadline nears and passes.

A ladder is data of the regulation. Each step is counted in working days from the effective due date:
negative before it (a reminder at 09:00 local of that working day), zero for the due date itself and positive
after it (both fire when that local day ends, i.e. when the obligation is still not met after it).
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar
from domain.common import DomainEvent, register_event
from domain.deadlines import Deadline, end_of_day, start_of_day
from domain.people import Role

REMINDER_TIME = time(9, 0)


class EscalationLevel(StrEnum):
    REMINDER = "reminder"  # напоминание
    INTERNAL_TARGET = "internal_target"  # прошел внутренний срок площадки (ещё не нарушение)
    RISK = "risk"  # риск невыполнения (итоги III квартала)
    OVERDUE = "overdue"  # срок нарушен
    LEVEL2 = "level2"  # эскалация 2-го уровня (директор РЦРСО)
    LEVEL3 = "level3"  # эскалация 3-го уровня (Департамент)


LEVEL_RU: dict[EscalationLevel, str] = {
    EscalationLevel.REMINDER: "напоминание о сроке",
    EscalationLevel.INTERNAL_TARGET: "прошел внутренний срок площадки",
    EscalationLevel.RISK: "риск невыполнения",
    EscalationLevel.OVERDUE: "срок нарушен",
    EscalationLevel.LEVEL2: "эскалация директору РЦРСО",
    EscalationLevel.LEVEL3: "эскалация в Департамент",
}


class LadderStep(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: EscalationLevel
    working_days: int  # relative to the effective due date
    notify: tuple[Role, ...]


class EscalationLadder(BaseModel):
    model_config = ConfigDict(frozen=True)

    steps: tuple[LadderStep, ...]
    decision: str = ""  # why the ladder is what it is (the regulation does not always say)


class ScheduledStep(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: EscalationLevel
    day: date
    at: datetime
    notify: tuple[Role, ...]
    review: str = ""  # the review the step is about (domain.submission.events.ReviewDeadlineSet); "" — the deadline


def schedule(
    ladder: EscalationLadder, due: Deadline, calendar: ProductionCalendar, tz_name: str
) -> list[ScheduledStep]:
    """The ladder's steps as instants, in order."""
    steps = []
    for step in ladder.steps:
        day = calendar.add_working_days(due.effective, step.working_days)
        at = start_of_day(day, tz_name, REMINDER_TIME) if step.working_days < 0 else end_of_day(day, tz_name)
        steps.append(ScheduledStep(level=step.level, day=day, at=at, notify=step.notify))
    return sorted(steps, key=lambda s: s.at)


def escalation_id(obligation_id: str, phase: int, level: EscalationLevel) -> str:
    """Deterministic id: one escalation per obligation, deadline phase and level."""
    return f"{obligation_id}:{phase}:{level.value}"


@register_event
class EscalationRaised(DomainEvent):
    """A step of the ladder was reached while the obligation was still not met."""

    event_type = "EscalationRaised"

    escalation_id: str
    level: EscalationLevel
    phase: int
    due_nominal: date
    due_effective: date
    notify: tuple[Role, ...]
    # A late review (D31): which review ("review", "review:<item>", "extension"), its step, and whose decision is
    # awaited; empty for an obligation's own deadline.
    review: str = ""
    review_title: str = ""
    awaited: tuple[Role, ...] = ()


@register_event
class EscalationResolved(DomainEvent):
    event_type = "EscalationResolved"

    escalation_id: str
    level: EscalationLevel
    resolution: str  # "submitted", "cancelled"


OpenEscalations = tuple[tuple[str, EscalationLevel], ...]  # (escalation id, level) of each one still open


def resolve_open(open_escalations: OpenEscalations, now: datetime, resolution: str) -> list[EscalationResolved]:
    """Close every open escalation: the thing arrived, the quota was met, the obligation closed…"""
    return [
        EscalationResolved(occurred_at=now, escalation_id=esc_id, level=level, resolution=resolution)
        for esc_id, level in open_escalations
    ]


def opened_with(open_escalations: OpenEscalations, raised: EscalationRaised) -> OpenEscalations:
    return (*open_escalations, (raised.escalation_id, raised.level))


def closed_by(open_escalations: OpenEscalations, resolved: EscalationResolved) -> OpenEscalations:
    return tuple(e for e in open_escalations if e[0] != resolved.escalation_id)
