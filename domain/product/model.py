"""A methodological product (методический продукт: модельная программа, проект, технология, методика) and the
expert council's examination of it (экспертиза, order 135-р 2.4.2): the values both share."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.common import ActorRef
from domain.deadlines import Deadline
from domain.files import FileRef


class ProductKind(StrEnum):
    """Вид методического продукта."""

    MODEL_PROGRAM = "model_program"
    PROJECT = "project"
    TECHNOLOGY = "technology"
    METHOD = "method"


PRODUCT_KIND_RU: dict[ProductKind, str] = {
    ProductKind.MODEL_PROGRAM: "модельная программа",
    ProductKind.PROJECT: "проект",
    ProductKind.TECHNOLOGY: "технология социальной работы",
    ProductKind.METHOD: "методика",
}


class ProductStatus(StrEnum):
    """Where a product stands, from its draft to its replication."""

    DRAFT = "draft"  # черновик
    PILOTED = "piloted"  # апробирован
    SENT = "sent"  # направлен в Экспертный совет, эксперты назначаются
    UNDER_REVIEW = "under_review"  # на экспертизе
    REVIEWS_IN = "reviews_in"  # рецензии поступили, ждет заседания
    REWORK = "rework"  # заключение: на доработку
    POSITIVE = "positive"  # положительное заключение
    NEGATIVE = "negative"  # отрицательное заключение
    REGISTERED = "registered"  # включен в реестр методических продуктов
    WITHDRAWN = "withdrawn"  # экспертиза закрыта без заключения (статус площадки прекращен)


PRODUCT_STATUS_RU: dict[ProductStatus, str] = {
    ProductStatus.DRAFT: "черновик",
    ProductStatus.PILOTED: "апробирован",
    ProductStatus.SENT: "направлен, назначаются эксперты",
    ProductStatus.UNDER_REVIEW: "на экспертизе",
    ProductStatus.REVIEWS_IN: "рецензии поступили, ждет заседания",
    ProductStatus.REWORK: "на доработке",
    ProductStatus.POSITIVE: "положительное заключение",
    ProductStatus.NEGATIVE: "отрицательное заключение",
    ProductStatus.REGISTERED: "в реестре",
    ProductStatus.WITHDRAWN: "экспертиза закрыта без заключения",
}


class Verdict(StrEnum):
    """An expert's recommendation and the council's conclusion (заключение)."""

    POSITIVE = "positive"
    REWORK = "rework"
    NEGATIVE = "negative"


VERDICT_RU: dict[Verdict, str] = {
    Verdict.POSITIVE: "положительное заключение",
    Verdict.REWORK: "на доработку",
    Verdict.NEGATIVE: "отрицательное заключение",
}


class Confidence(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


CONFIDENCE_RU: dict[Confidence, str] = {
    Confidence.LOW: "низкая",
    Confidence.MEDIUM: "средняя",
    Confidence.HIGH: "высокая",
}


class Author(BaseModel):
    """An author of the product: a user of the system when known (``user_id``), always a name."""

    model_config = ConfigDict(frozen=True)

    full_name: str
    user_id: str = ""


class ProductCard(BaseModel):
    """What the council is told of the product it examines: who made it, and which version."""

    model_config = ConfigDict(frozen=True)

    product_id: str
    title: str
    kind: ProductKind
    direction_id: str
    site_id: str
    institution_id: str
    authors: tuple[Author, ...]
    version_no: int
    files: dict[str, FileRef]


class ExpertProfile(BaseModel):
    """A member of the council as the secretary assigns them: their organisation decides conflicts (D48)."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    full_name: str
    organisation: str
    institution_id: str = ""  # the organisation among the region's institutions, "" when outside them


class AssignmentStatus(StrEnum):
    INVITED = "invited"  # ждет ответа эксперта
    ACCEPTED = "accepted"  # принято, рецензия в работе
    DECLINED = "declined"  # эксперт отказался
    EXPIRED = "expired"  # эксперт не ответил в срок
    RECUSED = "recused"  # самоотвод
    SUBMITTED = "submitted"  # рецензия отправлена


ASSIGNMENT_STATUS_RU: dict[AssignmentStatus, str] = {
    AssignmentStatus.INVITED: "ждет ответа",
    AssignmentStatus.ACCEPTED: "рецензия в работе",
    AssignmentStatus.DECLINED: "отказ",
    AssignmentStatus.EXPIRED: "нет ответа в срок",
    AssignmentStatus.RECUSED: "самоотвод",
    AssignmentStatus.SUBMITTED: "рецензия отправлена",
}

# The assignments that hold a place among the experts a round needs.
ACTIVE = frozenset({AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED, AssignmentStatus.SUBMITTED})


class Score(BaseModel):
    model_config = ConfigDict(frozen=True)

    score: int
    comment: str


class Review(BaseModel):
    """An expert's review (рецензия): a score with a comment per criterion of the regulation (D49)."""

    model_config = ConfigDict(frozen=True)

    scores: dict[str, Score]
    confidence: Confidence
    recommendation: Verdict
    summary: str

    @property
    def total(self) -> int:
        return sum(s.score for s in self.scores.values())


class Assignment(BaseModel):
    model_config = ConfigDict(frozen=True)

    no: int  # counts the assignments of the examination, across rounds
    round: int
    expert: ExpertProfile
    assigned_by: ActorRef
    assigned_at: datetime
    respond_by: Deadline
    status: AssignmentStatus = AssignmentStatus.INVITED
    answered_at: datetime | None = None
    reason: str = ""  # of a refusal or a recusal
    review_due: Deadline | None = None
    review: Review | None = None
    submitted_at: datetime | None = None
    raised: tuple[str, ...] = ()  # the ladder steps raised for it (step keys)


class Vote(BaseModel):
    model_config = ConfigDict(frozen=True)

    votes_for: int
    votes_against: int
    abstained: int = 0


class Meeting(BaseModel):
    """A sitting of the council (заседание) as its minutes (протокол) give it."""

    model_config = ConfigDict(frozen=True)

    number: str
    held_on: date
    present: tuple[str, ...]  # members present, by name


class Round(BaseModel):
    """One examination of one version: the product sent, or sent again after rework (D51)."""

    model_config = ConfigDict(frozen=True)

    no: int
    version_no: int
    files: dict[str, FileRef]
    sent_at: datetime
    conclusion: Verdict | None = None
    meeting: Meeting | None = None
    vote: Vote | None = None
    conclusion_text: str = ""
    concluded_at: datetime | None = None
