"""Evidence items (подтверждающие сведения): the events, documents, publications, applications, awards and
agreements a criteria report lists under its indicators. One item may back several indicators (the article and
posts of 003:47 are listed again at 003:63); an item whose outcome comes after the year (a grant or contest
announced in February, 003:40, 003:45) is *pending* until a follow-up records it (D18)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class EvidenceKind(StrEnum):
    EVENT = "event"  # мероприятие: семинар, круглый стол, стажировка, площадка, совещание
    TRAINING = "training"  # обучение специалистов
    DOCUMENT = "document"  # документ, методические материалы
    PUBLICATION = "publication"  # публикация, статья, пост, выступление
    ORDER = "order"  # приказ (номер и дата)
    SURVEY = "survey"  # опрос
    AGREEMENT = "agreement"  # соглашение о сотрудничестве
    APPLICATION = "application"  # заявка на грант или конкурс
    AWARD = "award"  # призовое место
    PRACTICE = "practice"  # практика, включенная в Банк социальных практик
    CONSULTATION = "consultation"  # консультации
    TESTIMONIAL = "testimonial"  # отзыв получателя услуг


EVIDENCE_KIND_RU: dict[EvidenceKind, str] = {
    EvidenceKind.EVENT: "мероприятие",
    EvidenceKind.TRAINING: "обучение",
    EvidenceKind.DOCUMENT: "документ",
    EvidenceKind.PUBLICATION: "публикация",
    EvidenceKind.ORDER: "приказ",
    EvidenceKind.SURVEY: "опрос",
    EvidenceKind.AGREEMENT: "соглашение",
    EvidenceKind.APPLICATION: "заявка",
    EvidenceKind.AWARD: "призовое место",
    EvidenceKind.PRACTICE: "практика",
    EvidenceKind.CONSULTATION: "консультации",
    EvidenceKind.TESTIMONIAL: "отзыв",
}


class Outcome(StrEnum):
    """What became of a pending application (заявка): known after the year (D18)."""

    PENDING = "pending"  # результаты будут объявлены
    WON = "won"  # поддержана / победа
    NOT_WON = "not_won"  # не поддержана


OUTCOME_RU: dict[Outcome, str] = {
    Outcome.PENDING: "ожидается результат",
    Outcome.WON: "поддержана",
    Outcome.NOT_WON: "не поддержана",
}


class EvidenceItem(BaseModel):
    """One item of evidence: what, when and where, how many it counts for, and the indicators it backs."""

    model_config = ConfigDict(frozen=True)

    id: str  # stable within the report: "e1"
    kind: EvidenceKind
    title: str
    held_on: date | None = None
    venue: str = ""
    quantity: int = 1  # how many it counts for under a quantitative indicator («2 стажировки», «116 публикаций»)
    indicators: tuple[str, ...] = ()  # the keys it backs; several allowed
    outcome: Outcome | None = None  # an application's result, when it is awaited or known
    expected_by: date | None = None  # when a pending outcome is announced (February 2024)
    source: str = ""  # where it was read, for the seeds' reports: "003:31"

    @property
    def pending(self) -> bool:
        return self.outcome is Outcome.PENDING
