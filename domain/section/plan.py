"""A section's plan of a year as the form of Appendix 1 asks it (план работы, 000:44, 84): the meetings the leader
plans — date, format, topic (columns 5–7) —, beside the leader and the composition (columns 3–4) the section already
holds. The leader drafts it here; it is approved as the section's ``annual_plan`` obligation (the signed form), by
the head of the base organisation. Stream ``section:{site_id}:plan:{year}``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.people import Role
from domain.periods import PeriodKind, periods_of_year
from domain.section.model import PlannedMeeting


def plan_stream(site_id: str, year: int) -> str:
    return f"section:{site_id}:plan:{year}"


@register_event
class PlanMeetingAdded(DomainEvent):
    """A meeting entered in the section's plan of the year."""

    event_type = "PlanMeetingAdded"

    site_id: str
    year: int
    meeting: PlannedMeeting
    added_by: ActorRef


@register_event
class PlanMeetingRemoved(DomainEvent):
    """A meeting taken out of the plan."""

    event_type = "PlanMeetingRemoved"

    site_id: str
    year: int
    meeting: PlannedMeeting
    removed_by: ActorRef


class AddPlanMeeting(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["add_plan_meeting"] = "add_plan_meeting"
    actor: Actor
    meeting: PlannedMeeting


class RemovePlanMeeting(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["remove_plan_meeting"] = "remove_plan_meeting"
    actor: Actor
    on: str  # the meeting's date, ISO


PlanCommand = AddPlanMeeting | RemovePlanMeeting
LEADER = (Role.SITE_RESPONSIBLE,)


class PlanState(BaseModel):
    model_config = ConfigDict(frozen=True)

    site_id: str
    year: int
    meetings: tuple[PlannedMeeting, ...] = ()  # by date

    def halves_without_meeting(self) -> tuple[str, ...]:
        """The half-years the plan gives no meeting (000:68), as a person reads them."""
        return tuple(
            half.title_ru()
            for half in periods_of_year(self.year, PeriodKind.HALF_YEAR)
            if not any(half.start <= m.on <= half.end for m in self.meetings)
        )


def decide(state: PlanState, command: PlanCommand, now: datetime) -> list[DomainEvent]:
    match command:
        case AddPlanMeeting(actor=actor, meeting=meeting):
            role = actor.role_among(LEADER, "составлять план работы секции")
            if meeting.on.year != state.year:
                raise DomainError("meeting_outside_year", f"Дата заседания — не в {state.year} году плана.", "on")
            if not meeting.topic.strip():
                raise DomainError("topic_required", "Укажите тему заседания.", "topic")
            if any(m.on == meeting.on for m in state.meetings):
                raise DomainError("meeting_planned", f"На {meeting.on:%d.%m.%Y} заседание уже запланировано.", "on")
            cleaned = meeting.model_copy(update={"topic": meeting.topic.strip()})
            return [
                PlanMeetingAdded(
                    occurred_at=now, site_id=state.site_id, year=state.year, meeting=cleaned, added_by=actor.ref(role)
                )
            ]
        case RemovePlanMeeting(actor=actor, on=on):
            role = actor.role_among(LEADER, "составлять план работы секции")
            found = next((m for m in state.meetings if m.on.isoformat() == on), None)
            if found is None:
                raise DomainError("not_planned", "Такого заседания в плане нет.")
            return [
                PlanMeetingRemoved(
                    occurred_at=now, site_id=state.site_id, year=state.year, meeting=found, removed_by=actor.ref(role)
                )
            ]
    raise AssertionError(command)


def evolve(state: PlanState, event: DomainEvent) -> PlanState:
    match event:
        case PlanMeetingAdded(meeting=meeting):
            return state.model_copy(update={"meetings": tuple(sorted((*state.meetings, meeting), key=lambda m: m.on))})
        case PlanMeetingRemoved(meeting=meeting):
            return state.model_copy(update={"meetings": tuple(m for m in state.meetings if m.on != meeting.on)})
    return state


def plan_of(site_id: str, year: int, events: list[DomainEvent]) -> PlanState:
    return fold(evolve, PlanState(site_id=site_id, year=year), events)
