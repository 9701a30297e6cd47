"""The site-year cycle (годовой цикл площадки): from the planning submission of December of the year before to
the acceptance of the annual report. It owns the list of obligation instances a site carries in a year."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar
from domain.common import DomainEvent, register_event
from domain.deadlines import RuleInstance, instances
from domain.org import Site
from domain.regulations.model import Obligation, Regulation


class PlannedObligation(BaseModel):
    """An obligation instance of the cycle (the annual package; the Q3 report; the March meeting)."""

    model_config = ConfigDict(frozen=True)

    obligation: Obligation
    instance: RuleInstance


class RegulationSnapshot(BaseModel):
    """What a cycle keeps of its regulation: the obligations of its site, with the site's overrides applied, as
    they stood when the cycle started. Editing the regulation later never changes a running cycle."""

    model_config = ConfigDict(frozen=True)

    regulation_id: str
    version: int
    timezone: str
    obligations: tuple[Obligation, ...]


def snapshot_for(regulation: Regulation, site: Site) -> RegulationSnapshot:
    return RegulationSnapshot(
        regulation_id=regulation.id,
        version=regulation.version,
        timezone=regulation.timezone,
        obligations=regulation.obligations_for(site.id, site.status),
    )


def planned_obligations(
    snapshot: RegulationSnapshot, year: int, calendar: ProductionCalendar | None = None
) -> list[PlannedObligation]:
    """What the site owes in this year, instance by instance."""
    return [
        PlannedObligation(obligation=obligation, instance=instance)
        for obligation in snapshot.obligations
        for instance in instances(obligation.deadline, year, calendar)
    ]


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
