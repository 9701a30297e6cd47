"""A section's plan of a year as the form of Appendix 1 asks it (план работы, 000:44, 84): the meetings the leader
plans — date, format, topic (columns 5–7) —, beside the leader and the composition (columns 3–4) the section already
holds. The leader drafts it here; it is approved as the section's ``annual_plan`` obligation (the signed form), by
the head of the base organisation. The rows and the file refer to each other (decision D18): once the obligation has
approved the file, the base organisation's head approves the rows with it (``PlanApproved`` names the submission and
the file approved); rows changed after that, or another file approved since, leave the plan needing approval
again. Stream ``section:{site_id}:plan:{year}``."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.files import FileRef
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


class ApprovedPlanFile(BaseModel):
    """The plan's file as the section's ``annual_plan`` obligation approved it: which submission (its version), the
    file of the form of Appendix 1, and when and by whom the obligation's approval was given."""

    model_config = ConfigDict(frozen=True)

    obligation_id: str
    submission_no: int
    file: FileRef
    approved_at: datetime
    approved_by: str  # the approver's name, as the obligation's decision records it


@register_event
class PlanApproved(DomainEvent):
    """The base organisation's head approved the plan's rows together with the approved file (D18)."""

    event_type = "PlanApproved"

    site_id: str
    year: int
    file: ApprovedPlanFile
    meetings: tuple[PlannedMeeting, ...]  # the rows approved
    approved_by: ActorRef


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


class ApprovePlan(BaseModel):
    """The base organisation's head approves the rows; ``file`` is the annual_plan obligation's approved file, None
    while it has none."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["approve_plan"] = "approve_plan"
    actor: Actor
    file: ApprovedPlanFile | None


PlanCommand = AddPlanMeeting | RemovePlanMeeting | ApprovePlan
LEADER = (Role.SITE_RESPONSIBLE,)
BASE_HEAD = (Role.SITE_DIRECTOR,)


class PlanApprovalStatus(StrEnum):
    DRAFT = "draft"  # rows not approved with a file yet
    APPROVED = "approved"  # the rows as approved, with the file still the one approved
    CHANGED = "changed"  # rows changed, or another file approved, since: to be approved again


PLAN_APPROVAL_STATUS_RU: dict[PlanApprovalStatus, str] = {
    PlanApprovalStatus.DRAFT: "строки не утверждены",
    PlanApprovalStatus.APPROVED: "утвержден вместе с файлом",
    PlanApprovalStatus.CHANGED: "изменен после утверждения — нужно утвердить снова",
}


class PlanApproval(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: ApprovedPlanFile
    meetings: tuple[PlannedMeeting, ...]
    approved_at: datetime
    approved_by: ActorRef


class PlanState(BaseModel):
    model_config = ConfigDict(frozen=True)

    site_id: str
    year: int
    meetings: tuple[PlannedMeeting, ...] = ()  # by date
    approval: PlanApproval | None = None  # the latest approval of the rows with the file (D18)

    def approval_status(self, current: ApprovedPlanFile | None) -> PlanApprovalStatus:
        """Where the rows stand against ``current``, the file the obligation has approved now (None: none)."""
        if self.approval is None:
            return PlanApprovalStatus.DRAFT
        same_file = current is not None and (current.submission_no, current.file.file_id) == (
            self.approval.file.submission_no,
            self.approval.file.file.file_id,
        )
        if self.approval.meetings != self.meetings or not same_file:
            return PlanApprovalStatus.CHANGED
        return PlanApprovalStatus.APPROVED

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
        case ApprovePlan(actor=actor, file=file):
            role = actor.role_among(BASE_HEAD, "утверждать план работы секции")
            if file is None:
                raise DomainError(
                    "plan_file_not_approved",
                    f"План {state.year} года утверждается вместе с файлом: сначала утвердите файл плана (форма "
                    "Приложения № 1) в обязанности «Состав и годовой план работы методической секции» (D18).",
                    "plan_file",
                )
            if not state.meetings:
                raise DomainError("plan_empty", "В плане нет ни одного заседания: утверждать нечего.")
            if state.approval_status(file) == PlanApprovalStatus.APPROVED:
                raise DomainError("plan_approved", "Эти строки плана уже утверждены вместе с этим файлом.")
            return [
                PlanApproved(
                    occurred_at=now, site_id=state.site_id, year=state.year, file=file, meetings=state.meetings,
                    approved_by=actor.ref(role),
                )
            ]  # fmt: skip
    raise AssertionError(command)


def evolve(state: PlanState, event: DomainEvent) -> PlanState:
    match event:
        case PlanMeetingAdded(meeting=meeting):
            return state.model_copy(update={"meetings": tuple(sorted((*state.meetings, meeting), key=lambda m: m.on))})
        case PlanMeetingRemoved(meeting=meeting):
            return state.model_copy(update={"meetings": tuple(m for m in state.meetings if m.on != meeting.on)})
        case PlanApproved(file=file, meetings=meetings, approved_by=approved_by):
            approval = PlanApproval(
                file=file, meetings=meetings, approved_at=event.occurred_at, approved_by=approved_by
            )
            return state.model_copy(update={"approval": approval})
    return state


def plan_of(site_id: str, year: int, events: list[DomainEvent]) -> PlanState:
    return fold(evolve, PlanState(site_id=site_id, year=year), events)
