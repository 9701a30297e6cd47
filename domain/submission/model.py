"""What is said to a submission (представление) and what it remembers: the commands — submit (представить),
decide as a reviewer (согласовать, утвердить, вернуть на доработку), ask for more time and decide on it
(продление срока) — and the state the machine in ``domain.submission.machine`` folds its events into.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.common import Actor, ActorRef
from domain.deadlines import Deadline
from domain.escalation import EscalationLevel
from domain.files import FileRef
from domain.obligations import CancelObligation, ObligationOpened, RaiseEscalation, RecomputeDeadline
from domain.payloads import SubmissionData
from domain.people import Role
from domain.submission.events import AttestedVersion, SubmissionStatus

# --- commands -----------------------------------------------------------------------------------------------


class SubmitDocuments(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["submit"] = "submit"
    actor: Actor
    items: dict[str, FileRef]
    note: str = ""
    data: SubmissionData | None = None
    # Items the director attests are unchanged («изменений нет — подтверждаю действующую редакцию», decision D25);
    # their files in ``items`` are those of the version in force.
    unchanged: tuple[str, ...] = ()
    # Of ``unchanged``, the items whose version in force the API read from the QMS register (QMS D13), by item.
    attested: dict[str, AttestedVersion] = Field(default_factory=dict)


class DecideSubmission(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["decide"] = "decide"
    actor: Actor
    action: Literal["agree", "approve", "return"]
    comment: str = ""
    # The item whose own chain the decision is on (D33); None — every part awaiting this reviewer's decision.
    part: str | None = None
    # The institutions whose quarterly forms of the period have not come (5.2, D34), as the API found them when the
    # decision was asked for: an acceptance is refused unless the report says why they are missing.
    institutions_missing: tuple[str, ...] = ()
    # Their ids, in the same order: a report that asks a reason per institution (Vologda D11) is checked by them.
    institutions_missing_ids: tuple[str, ...] = ()


class RequestExtension(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["request_extension"] = "request_extension"
    actor: Actor
    until: date
    reason: str


class DecideExtension(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["decide_extension"] = "decide_extension"
    actor: Actor
    grant: bool
    until: date | None = None  # the date granted; the requested one when omitted
    comment: str = ""


Command = (
    SubmitDocuments
    | DecideSubmission
    | RequestExtension
    | DecideExtension
    | RaiseEscalation
    | RecomputeDeadline
    | CancelObligation
)


# --- state --------------------------------------------------------------------------------------------------


class Submission(BaseModel):
    model_config = ConfigDict(frozen=True)

    no: int
    items: dict[str, FileRef]
    data: SubmissionData | None = None
    submitted_by: ActorRef
    submitted_at: datetime


class PendingExtension(BaseModel):
    model_config = ConfigDict(frozen=True)

    until: date
    reason: str
    requested_by: ActorRef


class ReviewClock(BaseModel):
    """A review awaited by a date (ReviewDeadlineSet): a part of the submission at one step of its chain, or a
    request for more time."""

    model_config = ConfigDict(frozen=True)

    key: str  # domain.submission.events.review_key(part) or EXTENSION
    no: int
    part: str = ""
    step: int = 0
    role: Role
    title: str
    deadline: Deadline
    set_at: datetime
    raised: frozenset[EscalationLevel] = frozenset()


class SubmissionState(BaseModel):
    model_config = ConfigDict(frozen=True)

    obligation_id: str
    status: SubmissionStatus
    original_deadline: Deadline
    deadline: Deadline  # of the current phase: moves when a return, an extension or a new calendar moves it
    internal_target: Deadline | None = None  # the site's own stricter date; a reminder in the first phase only
    phase: int = 0
    phase_started_at: datetime
    step: int = 0  # index into the review chain of the next decision
    submissions: tuple[Submission, ...] = ()
    pending_extension: PendingExtension | None = None
    raised_levels: frozenset[EscalationLevel] = frozenset()  # raised in the current phase
    open_escalations: tuple[tuple[str, EscalationLevel], ...] = ()
    # The parts with a chain of their own (D33): the next step of each, and those approved; the submission's own
    # chain keeps ``step``.
    part_steps: dict[str, int] = {}
    approved_parts: tuple[str, ...] = ()
    review_clocks: tuple[ReviewClock, ...] = ()  # reviews awaited by a date (D30, D32)
    review_count: int = 0
    open_review_escalations: tuple[tuple[str, EscalationLevel, str], ...] = ()  # (id, level, review key)

    @property
    def last_submission(self) -> Submission | None:
        return self.submissions[-1] if self.submissions else None


def initial_state(opened: ObligationOpened) -> SubmissionState:
    return SubmissionState(
        obligation_id=opened.ref.obligation_id,
        status=SubmissionStatus.AWAITING_SUBMISSION,
        original_deadline=opened.deadline,
        deadline=opened.deadline,
        internal_target=opened.internal_target,
        phase_started_at=opened.occurred_at,
    )
