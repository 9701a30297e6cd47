"""The events of a criteria report (отчет по критериям), the obligation ``annual_report`` of a Vologda platform's
cycle: values and evidence while it is drafted, the sending with the warnings the author saw, the returns, the two
signatures (СОГЛАСОВАНО, УТВЕРЖДАЮ), the follow-ups of outcomes known after the year and the amendments they make,
and the Department's decision on the platform's next year."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.common import ActorRef, DomainEvent, register_event
from domain.platform.checks import ConsistencyWarning
from domain.platform.evidence import EvidenceItem, Outcome
from domain.platform.values import IndicatorValue
from domain.regulations.model import IndicatorCatalogue


class SignStep(StrEnum):
    AGREE = "agree"  # СОГЛАСОВАНО: the host's head (acting allowed)
    APPROVE = "approve"  # УТВЕРЖДАЮ: the Department head as chair of the Expert Council


SIGN_STEP_RU: dict[SignStep, str] = {SignStep.AGREE: "СОГЛАСОВАНО", SignStep.APPROVE: "УТВЕРЖДАЮ"}


class Signature(BaseModel):
    """A signature as the report's header prints it (003:3–17): the position, the printed name (расшифровка) and
    the date, with who signed in the system and whether as an acting official (И.О.)."""

    model_config = ConfigDict(frozen=True)

    step: SignStep
    position: str  # «И.О. директора АУ СО ВО «Октябрьский дом-интернат…»»
    printed_name: str  # «Н.Л. Веревокина»
    signed_on: date
    by: ActorRef


@register_event
class CriteriaReportOpened(DomainEvent):
    """The year's report opened with the catalogue in force that year (D4) and its two signing steps' titles."""

    event_type = "CriteriaReportOpened"

    site_id: str
    year: int
    catalogue: IndicatorCatalogue
    agree_title: str
    approve_title: str


@register_event
class IndicatorValueSet(DomainEvent):
    event_type = "IndicatorValueSet"

    value: IndicatorValue
    by: ActorRef


@register_event
class IndicatorValueCleared(DomainEvent):
    event_type = "IndicatorValueCleared"

    key: str
    by: ActorRef


@register_event
class EvidenceRecorded(DomainEvent):
    """An evidence item added, or changed (the same id)."""

    event_type = "EvidenceRecorded"

    item: EvidenceItem
    by: ActorRef


@register_event
class EvidenceRemoved(DomainEvent):
    event_type = "EvidenceRemoved"

    item_id: str
    by: ActorRef


@register_event
class ConclusionWritten(DomainEvent):
    """The closing «Предложения» (002:158–159, 003:69): whether the platform proposes to go on next year."""

    event_type = "ConclusionWritten"

    text: str
    propose_continue: bool
    by: ActorRef


@register_event
class CriteriaReportSubmitted(DomainEvent):
    """Sent for signature, with the warnings the author saw (they stay with the report as sent)."""

    event_type = "CriteriaReportSubmitted"

    warnings: tuple[ConsistencyWarning, ...]
    by: ActorRef


@register_event
class CriteriaReportReturned(DomainEvent):
    event_type = "CriteriaReportReturned"

    step: SignStep
    comment: str
    by: ActorRef


@register_event
class CriteriaReportSigned(DomainEvent):
    event_type = "CriteriaReportSigned"

    signature: Signature


@register_event
class FollowUpOpened(DomainEvent):
    """An outcome known after the year (a grant, a contest) awaited: a task for the platform (D18)."""

    event_type = "FollowUpOpened"

    item_id: str
    title: str
    expected_by: date | None


@register_event
class CriteriaReportAmended(DomainEvent):
    """An approved report amended by an outcome that arrived after it (D18): the amendment's number, the item and
    what became of it."""

    event_type = "CriteriaReportAmended"

    no: int
    item_id: str
    outcome: Outcome
    note: str
    known_on: date
    by: ActorRef


@register_event
class ContinuationDecided(DomainEvent):
    """The Department's end-of-year decision on the platform's next year (D19)."""

    event_type = "ContinuationDecided"

    next_year: int
    continues: bool
    comment: str
    decided_on: date
    by: ActorRef
