"""The regulation model: a regulation is data — obligations with their citation, kind, deadline rule,
submitters, review chain and escalation ladder. A cycle receives a frozen snapshot when it starts, so editing a
regulation never changes a running cycle."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.deadlines import Citation, DeadlineRule
from domain.documents import FileFormat
from domain.escalation import EscalationLadder
from domain.org import Role, SiteStatus


class ObligationKind(StrEnum):
    APPROVAL = "approval"  # submit -> review chain -> approve | return for revision -> resubmit
    PERIODIC_REPORT = "periodic_report"
    MEETING = "meeting"
    QUOTA = "quota"
    PRODUCT_REVIEW = "product_review"
    COLLECTION = "collection"


class ReviewAction(StrEnum):
    AGREE = "agree"  # СОГЛАСОВАНО
    APPROVE = "approve"  # УТВЕРЖДАЮ / принято


class ReviewStep(BaseModel):
    """One step of a review chain: who acts and whether they agree or approve."""

    model_config = ConfigDict(frozen=True)

    role: Role
    action: ReviewAction
    title: str  # e.g. "Принятие куратором направления"


class DocumentItem(BaseModel):
    """One document of a submission (e.g. 2.3.1 Положение), with the formats it may come in."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    clause: str
    formats: tuple[FileFormat, ...]
    required: bool = True


class ApprovalSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    items: tuple[DocumentItem, ...]
    submitters: tuple[Role, ...]
    review_chain: tuple[ReviewStep, ...]
    revision_working_days: int  # how long a returned submission has, at least, to come back
    revision_decision: str = ""

    def item(self, key: str) -> DocumentItem | None:
        return next((item for item in self.items if item.key == key), None)


class Obligation(BaseModel):
    """An obligation (обязанность) of a site, with its source."""

    model_config = ConfigDict(frozen=True)

    key: str  # stable id within the regulation, used in workflow ids and URLs, e.g. "package"
    title: str
    kind: ObligationKind
    citation: Citation
    applies_to: tuple[SiteStatus, ...]  # a tuple, not a set: events must serialise the same way every time
    deadline: DeadlineRule
    ladder: EscalationLadder
    approval: ApprovalSpec | None = None


class Regulation(BaseModel):
    """A versioned regulation (e.g. order 135-р of the KhMAO Department)."""

    model_config = ConfigDict(frozen=True)

    id: str
    version: int
    title: str
    region_id: str
    timezone: str
    obligations: tuple[Obligation, ...]

    def obligation(self, key: str) -> Obligation:
        for obligation in self.obligations:
            if obligation.key == key:
                return obligation
        raise KeyError(key)

    def obligations_for(self, status: SiteStatus) -> tuple[Obligation, ...]:
        return tuple(o for o in self.obligations if status in o.applies_to)
