"""The events of a product's life: its own stream (``product:{id}``: drafted, versions, pilot, approving order,
registry, implementations) and its examination, an obligation of the authoring site's cycle (``product_expertise``:
rounds, assignments, reviews, the council's conclusion). Sending is the examination's first event
(``ExaminationStarted``), so the product and its examination never disagree on whether it was sent."""

from __future__ import annotations

from datetime import date

from domain.common import ActorRef, DomainEvent, register_event
from domain.deadlines import Deadline
from domain.files import FileRef
from domain.product.model import (
    Author,
    ExpertProfile,
    Meeting,
    ProductCard,
    ProductKind,
    Review,
    Verdict,
    Vote,
)

# --- the product's own stream --------------------------------------------------------------------------------


@register_event
class ProductDrafted(DomainEvent):
    """A site began a methodological product (черновик)."""

    event_type = "ProductDrafted"

    product_id: str
    title: str
    kind: ProductKind
    direction_id: str
    site_id: str
    institution_id: str
    region_id: str
    authors: tuple[Author, ...]
    abstract: str
    drafted_by: ActorRef


@register_event
class ProductDescribed(DomainEvent):
    """The product's title, kind, authors or abstract changed before it was sent."""

    event_type = "ProductDescribed"

    title: str
    kind: ProductKind
    authors: tuple[Author, ...]
    abstract: str
    described_by: ActorRef


@register_event
class ProductVersionAdded(DomainEvent):
    """A version of the product's files (версия); a reworked product is sent again as a new one (D51)."""

    event_type = "ProductVersionAdded"

    version_no: int
    files: dict[str, FileRef]
    note: str
    added_by: ActorRef


@register_event
class ProductPiloted(DomainEvent):
    """The product was piloted (апробация): where and since when."""

    event_type = "ProductPiloted"

    where: str
    since: date
    note: str
    recorded_by: ActorRef


@register_event
class ProductApprovedByOrder(DomainEvent):
    """The Department approved the product by its order (приказ об утверждении)."""

    event_type = "ProductApprovedByOrder"

    order_number: str
    order_date: date
    recorded_by: ActorRef


@register_event
class ProductRegistered(DomainEvent):
    """The product entered the registry of methodological products (реестр методических продуктов, D52)."""

    event_type = "ProductRegistered"

    registry_no: str
    registered_by: ActorRef


@register_event
class ProductImplemented(DomainEvent):
    """An institution implemented the product (внедрение); by another institution than its author's — replication
    (тиражирование)."""

    event_type = "ProductImplemented"

    implementation_no: int
    institution_id: str
    institution_name: str
    since: date
    evidence: str
    files: dict[str, FileRef]
    replication: bool
    recorded_by: ActorRef


# --- the examination (the product_expertise obligation) ---------------------------------------------------------


@register_event
class ExaminationStarted(DomainEvent):
    """A round of the examination begins: the product as sent (round 1) or sent again after rework (D51)."""

    event_type = "ExaminationStarted"

    round: int
    product: ProductCard
    experts_needed: int


@register_event
class ExpertAssigned(DomainEvent):
    event_type = "ExpertAssigned"

    assignment_no: int
    round: int
    expert: ExpertProfile
    assigned_by: ActorRef
    respond_by: Deadline


@register_event
class AssignmentRefused(DomainEvent):
    """The secretary tried to assign an expert with a conflict of interest (D48); nobody was assigned."""

    event_type = "AssignmentRefused"

    round: int
    expert: ExpertProfile
    reason: str
    refused_to: ActorRef


@register_event
class AssignmentAccepted(DomainEvent):
    event_type = "AssignmentAccepted"

    assignment_no: int
    review_due: Deadline


@register_event
class AssignmentDeclined(DomainEvent):
    event_type = "AssignmentDeclined"

    assignment_no: int
    reason: str


@register_event
class ExpertRecused(DomainEvent):
    """The expert declared a conflict of interest (самоотвод) and left the assignment (D48)."""

    event_type = "ExpertRecused"

    assignment_no: int
    reason: str


@register_event
class AssignmentExpired(DomainEvent):
    """The expert did not answer in time; the place is free for another expert (D47)."""

    event_type = "AssignmentExpired"

    assignment_no: int


@register_event
class ReviewSubmitted(DomainEvent):
    event_type = "ReviewSubmitted"

    assignment_no: int
    review: Review
    late: bool


@register_event
class ReviewsCompleted(DomainEvent):
    """Every expert who accepted has reviewed, and there are enough of them: the product goes on the council's
    agenda (D50)."""

    event_type = "ReviewsCompleted"

    round: int
    reviews: int


@register_event
class ConclusionRecorded(DomainEvent):
    """The council's decision on the round, from the minutes of its meeting (D50)."""

    event_type = "ConclusionRecorded"

    round: int
    verdict: Verdict
    meeting: Meeting
    vote: Vote
    text: str
    recorded_by: ActorRef


# --- the council's members (``council:{region}``) --------------------------------------------------------------


@register_event
class CouncilMemberAppointed(DomainEvent):
    """A person joined the expert council, or their place in it changed (D46)."""

    event_type = "CouncilMemberAppointed"

    user_id: str
    full_name: str
    organisation: str
    institution_id: str
    areas: tuple[str, ...]  # directions of expertise
    position: str  # member | secretary | chair
    by: str


@register_event
class CouncilMemberLeft(DomainEvent):
    event_type = "CouncilMemberLeft"

    user_id: str
    by: str
