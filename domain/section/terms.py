"""The terms of a section's own tasks (decision D17 of ``domain/regulations/sverdlovsk.py``): the head's consent to a
representative and the base organisation's check of a material are due so many working days after they were asked.
The term is decided when the task is asked and recorded in the event that asks it (``SectionMemberProposed``,
``MaterialSubmitted``, ``MaterialRevised``), so a replay or a rebuild gives the same date whatever the calendar
says later. Once a step of the term's ladder has passed with the task still open, ``passed`` decides a
``SectionTermPassed`` on the task's stream — an escalation, projected into ``escalations`` like a step of an
obligation's ladder; the answer (consent, refusal, check) resolves it."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar
from domain.common import DomainEvent, register_event
from domain.deadlines import Deadline, deadline_on
from domain.escalation import EscalationLevel, schedule
from domain.people import Role
from domain.regulations.section_rules import TaskTerm


def term_from(asked_on: date, term: TaskTerm, calendar: ProductionCalendar, tz_name: str) -> Deadline:
    """The task's due date: ``term.working_days`` working days after the day it was asked (counting from the next
    day); the date is a working day, so nominal and effective agree."""
    return deadline_on(calendar.add_working_days(asked_on, term.working_days), calendar, tz_name)


@register_event
class SectionTermPassed(DomainEvent):
    """A step of a section task's ladder passed while the task was still open (its escalation)."""

    event_type = "SectionTermPassed"

    site_id: str
    escalation_id: str
    task: str  # the task's kind: "consent:{person_id}", "check_material:{no}"
    title: str  # Russian: what is late
    level: EscalationLevel
    due_nominal: date
    due_effective: date
    notify: tuple[Role, ...]
    awaited: tuple[Role, ...]  # whose answer is awaited


class OpenTerm(BaseModel):
    """A task still open with its term, as the stream's state has it."""

    model_config = ConfigDict(frozen=True)

    task: str
    title: str
    due: Deadline
    awaited: tuple[Role, ...]


# The "obligation" key of a section task's escalation in the escalations projection, whose obligation id is
# ``{stream}:{task}:section:{due}`` (``escalated_id``): the region's lists read the key and the due date from it.
ESCALATION_KEY = "section"


def escalated_id(stream_id: str, task: str, due: date) -> str:
    """What a task's term escalates as, in the place of an obligation: one a task and term."""
    return f"{stream_id}:{task}:{ESCALATION_KEY}:{due.isoformat()}"


def escalation_id(stream_id: str, task: str, due: date, level: EscalationLevel) -> str:
    """One escalation per task, term and level: a material revised after a return has a new term and climbs again."""
    return f"{stream_id}:{task}:{due.isoformat()}:{level.value}"


def passed(
    site_id: str,
    stream_id: str,
    open_terms: tuple[OpenTerm, ...],
    raised: tuple[str, ...],
    term: TaskTerm,
    calendar: ProductionCalendar,
    tz_name: str,
    now: datetime,
) -> list[DomainEvent]:
    """The escalations due by ``now`` and not raised yet, in the order of their instants."""
    found: list[tuple[datetime, SectionTermPassed]] = []
    for item in open_terms:
        for step in schedule(term.ladder, item.due, calendar, tz_name):
            esc_id = escalation_id(stream_id, item.task, item.due.effective, step.level)
            if step.at > now or esc_id in raised:
                continue
            event = SectionTermPassed(
                occurred_at=now, site_id=site_id, escalation_id=esc_id, task=item.task, title=item.title,
                level=step.level, due_nominal=item.due.nominal, due_effective=item.due.effective,
                notify=step.notify, awaited=item.awaited,
            )  # fmt: skip
            found.append((step.at, event))
    return [event for _, event in sorted(found, key=lambda pair: pair[0])]
