"""What every obligation instance shares, whatever its kind: identity and opening.

An obligation instance (e.g. the 2027 annual package of site 1.1.5) is one event stream and one workflow:
``cycle:{site_id}:{year}:{obligation}:{instance}``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.common import DomainEvent, register_event
from domain.deadlines import Deadline
from domain.regulations.model import Obligation


def cycle_id(site_id: str, year: int) -> str:
    return f"cycle:{site_id}:{year}"


def obligation_id(site_id: str, year: int, key: str, instance: str) -> str:
    return f"{cycle_id(site_id, year)}:{key}:{instance}"


class ObligationRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    obligation_id: str
    cycle_id: str
    site_id: str
    year: int
    key: str
    instance: str


@register_event
class ObligationOpened(DomainEvent):
    """An obligation instance starts: from now on it has a deadline and someone who must act."""

    event_type = "ObligationOpened"

    ref: ObligationRef
    obligation: Obligation  # the rule as it stood when the instance opened: title, citation, chain, ladder
    regulation_id: str
    regulation_version: int
    deadline: Deadline
