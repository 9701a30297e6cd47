"""The site-year cycle (годовой цикл площадки): from the planning submission of December of the year before to
the acceptance of the annual report. It owns the list of obligation instances a site carries in a year."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.common import DomainEvent, register_event
from domain.org import Site
from domain.regulations.model import Obligation, Regulation


class PlannedObligation(BaseModel):
    """An obligation instance the cycle will run (e.g. the annual package, instance "annual")."""

    model_config = ConfigDict(frozen=True)

    obligation: Obligation
    instance: str


def planned_obligations(regulation: Regulation, site: Site, year: int) -> list[PlannedObligation]:
    """What the regulation asks of this site in this year."""
    return [PlannedObligation(obligation=o, instance="annual") for o in regulation.obligations_for(site.status)]


@register_event
class CycleStarted(DomainEvent):
    event_type = "CycleStarted"

    site_id: str
    year: int
    regulation_id: str
    regulation_version: int
    obligations: tuple[str, ...]  # obligation ids the cycle starts


@register_event
class CycleCompleted(DomainEvent):
    event_type = "CycleCompleted"

    site_id: str
    year: int
