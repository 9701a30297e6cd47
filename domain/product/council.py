"""The expert council's members (D46): who sits on it, from which organisation (which decides conflicts of interest,
D48), with which areas of expertise, and who is its secretary and its chair. No workflow owns them: the API decides
here and appends to ``council:{region}``."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from domain.common import DomainError, DomainEvent
from domain.product.events import CouncilMemberAppointed, CouncilMemberLeft
from domain.product.model import ExpertProfile


class Position(StrEnum):
    MEMBER = "member"
    SECRETARY = "secretary"
    CHAIR = "chair"


POSITION_RU: dict[Position, str] = {
    Position.MEMBER: "член совета",
    Position.SECRETARY: "секретарь совета",
    Position.CHAIR: "председатель совета",
}


def council_stream(region_id: str) -> str:
    return f"council:{region_id}"


def appoint(
    *,
    user_id: str,
    full_name: str,
    organisation: str,
    institution_id: str,
    areas: tuple[str, ...],
    position: Position,
    by: str,
    now: datetime,
) -> list[DomainEvent]:
    organisation = " ".join(organisation.split())
    if not organisation:
        raise DomainError("organisation_required", "Укажите организацию члена совета: от нее зависят конфликты (D48).")
    return [
        CouncilMemberAppointed(
            occurred_at=now,
            user_id=user_id,
            full_name=full_name,
            organisation=organisation,
            institution_id=institution_id,
            areas=tuple(dict.fromkeys(areas)),
            position=position.value,
            by=by,
        )
    ]


def leave(user_id: str, member: bool, by: str, now: datetime) -> list[DomainEvent]:
    if not member:
        raise DomainError("not_a_member", "Этот человек не состоит в совете.", "user_id")
    return [CouncilMemberLeft(occurred_at=now, user_id=user_id, by=by)]


def profile(user_id: str, full_name: str, organisation: str, institution_id: str) -> ExpertProfile:
    return ExpertProfile(user_id=user_id, full_name=full_name, organisation=organisation, institution_id=institution_id)
