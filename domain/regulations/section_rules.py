"""How a regime's methodological sections (методические секции, Sverdlovsk seed 000) elect their leader and check
their methodological materials, as data: each value is a decision of the regulation that holds it
(``domain/regulations/sverdlovsk.py``), read by the section's state machines (``domain/section/``)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.escalation import EscalationLadder


class MajorityBase(StrEnum):
    """What a «простое большинство» is counted against."""

    VOTES_CAST = "votes_cast"  # the members who took part in the vote (abstentions included)
    MEMBERS = "members"  # every member of the section


class TieRule(StrEnum):
    """What happens when no candidate has the majority."""

    RUNOFF = "runoff"  # a new round among the leading candidates (повторное голосование)


class ElectionRules(BaseModel):
    """The election of a section's leader (избрание руководителя секции): who may stand and when one is elected."""

    model_config = ConfigDict(frozen=True)

    min_tenure_months: int  # full months in the current position on the day of the election (стаж в должности)
    quorum_numerator: int  # at least numerator/denominator of the members take part in the vote
    quorum_denominator: int
    majority_of: MajorityBase
    tie: TieRule
    clause: str  # where the source says it ("000:40")
    decisions: tuple[str, ...] = ()


class MaterialRequirement(BaseModel):
    """One content requirement of a methodological material (требование к методическим материалам), checked by the
    head of the base organisation before forwarding it."""

    model_config = ConfigDict(frozen=True)

    key: str  # "current_methods"
    text: str  # Russian, as the source has it
    source: str  # "000:74"


class TaskTerm(BaseModel):
    """The term of a section's own task that no cycle dates (the head's consent to a representative, the base
    organisation's check of a material): so many working days from the day it was asked, and the ladder that
    climbs once it has passed (its steps counted in working days from the term, as an obligation's). The task shows
    the due date and where it comes from (``explain_ru``)."""

    model_config = ConfigDict(frozen=True)

    working_days: int
    counted_from_ru: str  # «после дня, когда работник предложен в состав секции»
    decision: str  # the regulation's decision that sets it ("D17")
    ladder: EscalationLadder

    def explain_ru(self) -> str:
        days = self.working_days
        if days % 10 == 1 and days % 100 != 11:
            word = "рабочий день"
        elif days % 10 in (2, 3, 4) and days % 100 not in (12, 13, 14):
            word = "рабочих дня"
        else:
            word = "рабочих дней"
        return f"{days} {word} {self.counted_from_ru} (решение {self.decision})"
