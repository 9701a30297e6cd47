"""The bodies of a criteria report's commands (pydantic: a bad field is a 422 with the field and a Russian reason)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.platform.evidence import EvidenceKind


class PartBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, max_length=300, description="Строка разбивки: канал, форма")
    amount: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    unit: str = Field(default="", max_length=60)
    more_than: bool = False


class ValueBody(BaseModel):
    """The value of one indicator (D23): a figure of the indicator's type, or one of the two nils, and the text."""

    model_config = ConfigDict(extra="forbid")

    amount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2, description="Число")
    more_than: bool = Field(default=False, description="«более N»: число — нижняя граница")
    cumulative: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2, description="«всего»")
    flag: bool | None = Field(default=None, description="да / нет")
    unit: str = Field(default="", max_length=60, description="Единица, если не та, что у показателя")
    breakdown: list[PartBody] = Field(default=[], max_length=30)
    nil: Literal["none", "dash"] | None = Field(default=None, description="«не привлекались» или «-»")
    narrative: str = Field(default="", max_length=8000, description="Результативность")


class EvidenceBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, pattern=r"^[a-z0-9-]{1,40}$", description="Не указан — новое")
    kind: EvidenceKind
    title: str = Field(min_length=1, max_length=500)
    held_on: date | None = None
    venue: str = Field(default="", max_length=300)
    quantity: int = Field(default=1, ge=1, le=100000)
    indicators: list[str] = Field(default=[], max_length=40)
    pending: bool = Field(default=False, description="Результат объявят после года (заявка)")
    expected_by: date | None = None


class ConclusionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=8000)
    propose_continue: bool


class SignBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    position: str = Field(min_length=1, max_length=400, description="Должность, как в грифе")
    printed_name: str = Field(min_length=1, max_length=120, description="Расшифровка подписи: «Н.Л. Веревокина»")
    signed_on: date


class ReturnBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: str = Field(min_length=1, max_length=4000)


class OutcomeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["won", "not_won"]
    note: str = Field(default="", max_length=2000)
    known_on: date


class ContinuationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    continues: bool
    comment: str = Field(default="", max_length=4000)
    decided_on: date
