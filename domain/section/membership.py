"""The composition of a section (состав методической секции, 000:38): one representative of each social-service
organisation of the management district, included once the head of that organisation consents (по согласованию с
руководителями организаций). The section's leader proposes; the organisation's head consents or refuses; the leader
may withdraw a member. Stream ``section:{site_id}:members``."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar
from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.deadlines import Deadline
from domain.people import Role
from domain.regulations.section_rules import TaskTerm
from domain.section.model import Person
from domain.section.terms import OpenTerm, SectionTermPassed, term_from


def members_stream(site_id: str) -> str:
    return f"section:{site_id}:members"


class MembershipStatus(StrEnum):
    """Where a proposed member stands."""

    PROPOSED = "proposed"  # предложен, ждет согласования руководителя организации
    CONSENTED = "consented"  # согласован: член секции
    REFUSED = "refused"  # руководитель организации не согласовал
    WITHDRAWN = "withdrawn"  # выведен из состава


MEMBERSHIP_STATUS_RU: dict[MembershipStatus, str] = {
    MembershipStatus.PROPOSED: "ждет согласования руководителя организации",
    MembershipStatus.CONSENTED: "согласован",
    MembershipStatus.REFUSED: "не согласован",
    MembershipStatus.WITHDRAWN: "выведен из состава",
}

ACTIVE = frozenset({MembershipStatus.PROPOSED, MembershipStatus.CONSENTED})

# --- events ---------------------------------------------------------------------------------------------------


@register_event
class SectionMemberProposed(DomainEvent):
    """The leader proposed a worker as the representative of their organisation in the section."""

    event_type = "SectionMemberProposed"

    site_id: str
    member: Person
    proposed_by: ActorRef
    consent_due: Deadline | None = None  # the head's term (D17); None in events recorded before it


@register_event
class SectionMemberConsented(DomainEvent):
    """The head of the member's organisation agreed (согласовано): the worker is a member from this day."""

    event_type = "SectionMemberConsented"

    site_id: str
    person_id: str
    on: date
    consented_by: ActorRef


@register_event
class SectionMemberRefused(DomainEvent):
    """The head of the member's organisation did not agree; the organisation may be represented by another."""

    event_type = "SectionMemberRefused"

    site_id: str
    person_id: str
    reason: str
    refused_by: ActorRef


@register_event
class SectionMemberWithdrawn(DomainEvent):
    """The member left the section (выведен из состава)."""

    event_type = "SectionMemberWithdrawn"

    site_id: str
    person_id: str
    reason: str
    withdrawn_by: ActorRef


# --- commands -------------------------------------------------------------------------------------------------


class ProposeMember(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["propose_member"] = "propose_member"
    actor: Actor
    member: Person


class AnswerConsent(BaseModel):
    """The organisation head's answer. The API checks that the actor heads the member's organisation."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["answer_consent"] = "answer_consent"
    actor: Actor
    person_id: str
    consent: bool
    on: date
    reason: str = ""


class WithdrawMember(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["withdraw_member"] = "withdraw_member"
    actor: Actor
    person_id: str
    reason: str


MembershipCommand = ProposeMember | AnswerConsent | WithdrawMember

# --- state ----------------------------------------------------------------------------------------------------


class Membership(BaseModel):
    model_config = ConfigDict(frozen=True)

    member: Person
    status: MembershipStatus
    since: date | None = None  # the day of the consent
    note: str = ""  # the reason of a refusal or a withdrawal
    consent_due: Deadline | None = None  # the head's term to answer (D17)


class Composition(BaseModel):
    """The section's composition: every proposal with its state, in the order proposed."""

    model_config = ConfigDict(frozen=True)

    site_id: str
    memberships: tuple[Membership, ...] = ()
    raised: tuple[str, ...] = ()  # the escalations of passed terms (domain.section.terms), by id

    def of(self, person_id: str) -> Membership | None:
        """The person's latest membership."""
        return next((m for m in reversed(self.memberships) if m.member.person_id == person_id), None)

    def members(self) -> tuple[Person, ...]:
        """The members in force: consented and not withdrawn."""
        return tuple(m.member for m in self.memberships if m.status == MembershipStatus.CONSENTED)

    def awaiting_consent(self) -> tuple[Person, ...]:
        return tuple(m.member for m in self.memberships if m.status == MembershipStatus.PROPOSED)

    def open_terms(self) -> tuple[OpenTerm, ...]:
        """The consents awaited that have a term (D17)."""
        return tuple(
            OpenTerm(
                task=consent_task(m.member.person_id),
                title=consent_title(m.member),
                due=m.consent_due,
                awaited=ORGANISATION_HEAD,
            )
            for m in self.memberships
            if m.status == MembershipStatus.PROPOSED and m.consent_due is not None
        )


def consent_task(person_id: str) -> str:
    """The kind of the task of the organisation head's consent."""
    return f"consent:{person_id}"


def consent_title(member: Person) -> str:
    return f"Согласовать включение в состав методической секции: {member.full_name}, {member.position}"


LEADER = (Role.SITE_RESPONSIBLE,)  # the section's leader forms the composition (000:44)
ORGANISATION_HEAD = (Role.INSTITUTION_DIRECTOR,)  # the member organisation's head consents (000:38)


def decide(
    state: Composition,
    command: MembershipCommand,
    now: datetime,
    today: date,
    term: tuple[TaskTerm, ProductionCalendar, str] | None = None,
) -> list[DomainEvent]:
    """The events of ``command``, or a ``DomainError``; ``today`` is the region's date at ``now``; ``term`` — the
    consent's term (D17) with the production calendar and the region's zone that date it (none: no term)."""
    match command:
        case ProposeMember(actor=actor, member=member):
            role = actor.role_among(LEADER, "формировать состав секции")
            if not member.full_name.strip():
                raise DomainError("name_required", "Укажите ФИО работника.", "full_name")
            if not member.position.strip():
                raise DomainError("position_required", "Укажите должность работника.", "position")
            same = next(
                (
                    m
                    for m in state.memberships
                    if m.status in ACTIVE and m.member.organisation_id == member.organisation_id
                ),
                None,
            )
            if same is not None:
                raise DomainError(
                    "organisation_represented",
                    f"Организацию «{member.organisation_name}» в секции уже представляет {same.member.full_name}: "
                    "от организации — один представитель (000:38, решение D9).",
                    "organisation_id",
                )
            due = term_from(today, *term) if term is not None else None
            return [
                SectionMemberProposed(
                    occurred_at=now, site_id=state.site_id, member=member, proposed_by=actor.ref(role),
                    consent_due=due,
                )
            ]  # fmt: skip
        case AnswerConsent(actor=actor, person_id=person_id, consent=consent, on=on, reason=reason):
            role = actor.role_among(ORGANISATION_HEAD, "согласовать включение работника в состав секции")
            membership = state.of(person_id)
            if membership is None or membership.status != MembershipStatus.PROPOSED:
                raise DomainError("not_awaiting_consent", "Этот работник не ждет согласования.")
            if on > today:
                raise DomainError("future_date", "Дата согласования не может быть позже сегодняшней.", "on")
            if consent:
                return [
                    SectionMemberConsented(
                        occurred_at=now, site_id=state.site_id, person_id=person_id, on=on,
                        consented_by=actor.ref(role),
                    )
                ]  # fmt: skip
            if not reason.strip():
                raise DomainError("reason_required", "Укажите, почему включение не согласовано.", "reason")
            return [
                SectionMemberRefused(
                    occurred_at=now, site_id=state.site_id, person_id=person_id, reason=reason.strip(),
                    refused_by=actor.ref(role),
                )
            ]  # fmt: skip
        case WithdrawMember(actor=actor, person_id=person_id, reason=reason):
            role = actor.role_among(LEADER, "выводить работника из состава секции")
            membership = state.of(person_id)
            if membership is None or membership.status not in ACTIVE:
                raise DomainError("not_a_member", "Этот работник не входит в состав секции.")
            if not reason.strip():
                raise DomainError("reason_required", "Укажите причину.", "reason")
            return [
                SectionMemberWithdrawn(
                    occurred_at=now, site_id=state.site_id, person_id=person_id, reason=reason.strip(),
                    withdrawn_by=actor.ref(role),
                )
            ]  # fmt: skip
    raise AssertionError(command)


def _replace(state: Composition, person_id: str, **changes: object) -> Composition:
    index = max(i for i, m in enumerate(state.memberships) if m.member.person_id == person_id)
    memberships = list(state.memberships)
    memberships[index] = memberships[index].model_copy(update=changes)
    return state.model_copy(update={"memberships": tuple(memberships)})


def evolve(state: Composition, event: DomainEvent) -> Composition:
    match event:
        case SectionMemberProposed(member=member, consent_due=due):
            added = Membership(member=member, status=MembershipStatus.PROPOSED, consent_due=due)
            return state.model_copy(update={"memberships": (*state.memberships, added)})
        case SectionMemberConsented(person_id=person_id, on=on):
            return _replace(state, person_id, status=MembershipStatus.CONSENTED, since=on)
        case SectionMemberRefused(person_id=person_id, reason=reason):
            return _replace(state, person_id, status=MembershipStatus.REFUSED, note=reason)
        case SectionMemberWithdrawn(person_id=person_id, reason=reason):
            return _replace(state, person_id, status=MembershipStatus.WITHDRAWN, note=reason)
        case SectionTermPassed(escalation_id=esc_id):
            return state.model_copy(update={"raised": (*state.raised, esc_id)})
    return state


def composition_of(site_id: str, events: list[DomainEvent]) -> Composition:
    return fold(evolve, Composition(site_id=site_id), events)
