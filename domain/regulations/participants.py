"""Participant minimums of roadmap rows, by regulation (KhMAO: C12's, ``khmao/participants.py``), and the check of
a row's reported count against its minimum (decision D40): a shortfall is shown, never refused — the event took
place, the count is a fact to see, not a reason to send the report back."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.regulations.khmao.participants import PARTICIPANT_MINIMUMS as KHMAO_MINIMUMS
from domain.regulations.khmao.participants import ParticipantMinimum

__all__ = ["ParticipantCheck", "ParticipantMinimum", "minimum_for", "minimums_of", "participant_check"]

_BY_REGULATION: dict[str, tuple[ParticipantMinimum, ...]] = {"khmao-135r": KHMAO_MINIMUMS}


def minimums_of(regulation_id: str, site_id: str) -> tuple[ParticipantMinimum, ...]:
    return tuple(m for m in _BY_REGULATION.get(regulation_id, ()) if m.site_id == site_id)


def minimum_for(regulation_id: str, site_id: str, row_no: str) -> ParticipantMinimum | None:
    return next((m for m in minimums_of(regulation_id, site_id) if m.row_no == row_no.strip().rstrip(".")), None)


class ParticipantCheck(BaseModel):
    """A row's count against its minimum, as a person reads it."""

    model_config = ConfigDict(frozen=True)

    minimum: int
    participants: int | None
    short: bool
    text: str  # Russian
    source: str  # "001:L2836"


def participant_check(minimum: ParticipantMinimum, status: str | None, participants: int | None) -> ParticipantCheck:
    """A row with a minimum: short when the count is under it, or when the row is reported done with no count."""
    rule = minimum.rule_ru()
    if participants is None:
        short = status == "done"
        text = f"Число участников не указано ({rule})." if short else f"Норма: {rule}."
    elif participants < minimum.minimum:
        short = True
        text = f"Участников {participants} — меньше нормы: {rule}; недостает {minimum.minimum - participants}."
    else:
        short = False
        text = f"Участников {participants} — норма выполнена ({rule})."
    return ParticipantCheck(
        minimum=minimum.minimum, participants=participants, short=short, text=text, source=minimum.citation.source
    )
