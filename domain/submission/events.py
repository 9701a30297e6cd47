"""What a submission (представление) records: its statuses with the Russian words every view shows for an
obligation's status (``STATUS_RU``), and its events — documents submitted (направлено), agreed (согласовано),
approved (утверждено), returned for revision (возврат на доработку), more time asked for, granted or refused
(продление срока), a deadline moved by a new production calendar. Event type names are those of recorded
histories and never change.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from domain.common import ActorRef, DomainEvent, register_event
from domain.deadlines import Deadline
from domain.files import FileRef
from domain.payloads import SubmissionData
from domain.people import Role


class SubmissionStatus(StrEnum):
    AWAITING_SUBMISSION = "awaiting_submission"
    UNDER_REVIEW = "under_review"
    RETURNED = "returned"
    APPROVED = "approved"
    CANCELLED = "cancelled"


# The one table of the words for an obligation's status, as every view shows it (the projection ``obligations``,
# the timeline): a submission's own statuses, and the few an obligation has outside them: ``planned`` (not open
# yet) and ``standing`` (a duty without a date, never opened), as ``domain.obligations.ObligationPlanned`` leaves
# it; ``in_progress``, a quota, a monitoring coverage or a registry while it runs (``open`` in ``domain.quota`` and
# ``domain.freshness``; met, they are ``approved``; closed unfulfilled, ``cancelled``).
STATUS_RU: dict[str, str] = {
    "planned": "запланировано",
    "standing": "постоянная обязанность",
    SubmissionStatus.AWAITING_SUBMISSION: "ожидает представления",
    SubmissionStatus.UNDER_REVIEW: "на рассмотрении",
    SubmissionStatus.RETURNED: "возвращено на доработку",
    "in_progress": "в работе",
    SubmissionStatus.APPROVED: "выполнено",
    SubmissionStatus.CANCELLED: "закрыто без исполнения",
    "not_done": "не выполнено",  # a dated roadmap row closed with its cycle (D45)
    # a product's examination by the expert council (domain.product.expertise)
    "assigning": "назначаются эксперты",
    "reviews_in": "рецензии поступили, ждет заседания",
    "rework": "на доработке",
    "positive": "положительное заключение",
    "negative": "отрицательное заключение",
}

WAITING_FOR_SUBMITTER = (SubmissionStatus.AWAITING_SUBMISSION, SubmissionStatus.RETURNED)
CLOSED = (SubmissionStatus.APPROVED, SubmissionStatus.CANCELLED)


class AttestedVersion(BaseModel):
    """The version of a register (реестр управляемых документов СМК) a director attests unchanged (D25 with QMS
    D13): which document, its version, approval (дата и номер утверждения) and date in force."""

    model_config = ConfigDict(frozen=True)

    document_id: str
    version: str
    approval_number: str
    approved_on: date
    enacted_on: date


# --- events -------------------------------------------------------------------------------------------------


@register_event
class DocumentsSubmitted(DomainEvent):
    """Something was submitted (направлено): files and, where the obligation asks, structured content."""

    event_type = "DocumentsSubmitted"

    submission_no: int
    items: dict[str, FileRef]
    data: SubmissionData | None = None
    submitted_by: ActorRef
    note: str
    late: bool
    due_effective: date
    unchanged: tuple[str, ...] = ()  # items attested unchanged by the director (D25): the version in force again
    # Of those, the items whose version in force is the register's (QMS D13), by item: the version attested.
    attested: dict[str, AttestedVersion] = Field(default_factory=dict)


@register_event
class SubmissionAgreed(DomainEvent):
    """A reviewer agreed (СОГЛАСОВАНО); the submission moves to the next step of the chain."""

    event_type = "SubmissionAgreed"

    submission_no: int
    step: int
    decided_by: ActorRef
    comment: str
    part: str = ""  # the item whose own chain moved (D33); "" — the submission's chain
    part_title: str = ""


@register_event
class SubmissionPartApproved(DomainEvent):
    """The last step of one part's chain approved it (D33: the roadmap agreed by the Department and accepted, or
    the other documents accepted by the curator) while another part is still under review."""

    event_type = "SubmissionPartApproved"

    submission_no: int
    part: str  # the item with a chain of its own; "" — the documents under the submission's chain
    part_title: str = ""
    step: int
    decided_by: ActorRef
    comment: str


@register_event
class SubmissionApproved(DomainEvent):
    """The last step of the chain approved the submission, or the chain is empty: the obligation is met."""

    event_type = "SubmissionApproved"

    submission_no: int
    step: int
    decided_by: ActorRef
    comment: str
    # Accepted without the forms of these institutions (5.2), for the reason the site gave in its report (D34).
    institutions_missing: tuple[str, ...] = ()
    missing_reason: str = ""
    part: str = ""  # the part whose approval completed the submission (D33)
    # Accepted without these centres' figures, each for the reason the platform gave (Vologda D11), in the order of
    # ``institutions_missing``: empty where one reason stands for all (KhMAO D34).
    missing_reasons: tuple[str, ...] = ()


@register_event
class SubmissionReturned(DomainEvent):
    """A reviewer returned the submission for revision, with a comment and a new deadline."""

    event_type = "SubmissionReturned"

    submission_no: int
    step: int
    decided_by: ActorRef
    comment: str
    resubmit_deadline: Deadline
    part: str = ""  # the part whose reviewer returned the submission (D33); the whole submission goes back


@register_event
class ExtensionRequested(DomainEvent):
    """The submitter asked for more time (просьба о продлении срока)."""

    event_type = "ExtensionRequested"

    until: date
    reason: str
    requested_by: ActorRef


@register_event
class ExtensionGranted(DomainEvent):
    """The reviewer granted a new date; the original date stays on record in the obligation."""

    event_type = "ExtensionGranted"

    deadline: Deadline
    previous: Deadline
    decided_by: ActorRef
    comment: str


@register_event
class ExtensionRefused(DomainEvent):
    event_type = "ExtensionRefused"

    decided_by: ActorRef
    comment: str


@register_event
class DeadlineRecomputed(DomainEvent):
    """A new production calendar moved the effective date of the current deadline."""

    event_type = "DeadlineRecomputed"

    deadline: Deadline
    previous: Deadline


# What a review clock is about: the review of a part of the submission ("review", or "review:<item>" for an item
# with a chain of its own) or the decision on a request for more time ("extension").
REVIEW = "review"
EXTENSION = "extension"


def review_key(part: str) -> str:
    return f"{REVIEW}:{part}" if part else REVIEW


@register_event
class ReviewDeadlineSet(DomainEvent):
    """A review step was reached, or more time was asked for: whoever must decide has until ``deadline`` (D30,
    D32), counted in working days on the production calendar."""

    event_type = "ReviewDeadlineSet"

    review: str  # REVIEW, "review:<item>" or EXTENSION
    review_no: int  # counts the review clocks of the obligation: names its escalations
    part: str = ""
    submission_no: int | None = None  # None for a request for more time
    step: int = 0
    role: Role  # whose decision is awaited
    title: str  # the step, as the chain names it
    working_days: int
    deadline: Deadline
