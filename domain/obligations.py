"""What every obligation instance shares, whatever its kind: identity, planning and opening, cancellation, the
commands the workflow itself gives (raise an escalation, recompute a deadline, cancel) and the context a
decision may depend on.

An obligation instance (e.g. the 2027 annual package of site 1.1.5) is one event stream and one workflow:
``cycle:{site_id}:{year}:{obligation}:{instance}``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar
from domain.common import DomainEvent, register_event
from domain.deadlines import Deadline, local_date
from domain.escalation import EscalationLevel
from domain.payloads import DataContext
from domain.periods import Period
from domain.regulations.model import Indicator, Obligation
from domain.roadmap.model import RoadmapRow
from domain.sites import SiteStatus


def cycle_id(site_id: str, year: int) -> str:
    return f"cycle:{site_id}:{year}"


def region_owner(region_id: str) -> str:
    """The owner of a region's own obligations (the RCRSO's сборник) in place of a site."""
    return f"region:{region_id}"


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
    internal_target: Deadline | None = None  # the site's own stricter date, when it set one
    period: Period | None = None  # the reporting period, for periodic obligations
    runner: str = ""  # what runs it (domain.cycle.Runner)


@register_event
class ObligationPlanned(DomainEvent):
    """The cycle will open this obligation instance later (a report opens when its period ends): the director
    sees it coming. Undated duties (постоянные обязанности) are planned with no deadline and never opened."""

    event_type = "ObligationPlanned"

    ref: ObligationRef
    obligation: Obligation
    regulation_id: str
    regulation_version: int
    runner: str  # what will run it (domain.cycle.Runner)
    period: Period | None
    deadline: Deadline | None  # None for undated duties
    opens_at: datetime | None  # None: never opened


@register_event
class ObligationWithdrawn(DomainEvent):
    """A planned instance the cycle will not open after all: the institution that owed it no longer does (a centre
    removed from its platform's profile, Vologda D11). Recorded in the cycle's stream, as its planning was; planned
    again if the institution comes back."""

    event_type = "ObligationWithdrawn"

    ref: ObligationRef
    reason: str


@register_event
class ObligationCancelled(DomainEvent):
    """The obligation no longer applies (the site's status was revoked); what was submitted stays on record."""

    event_type = "ObligationCancelled"

    reason: str


class RaiseEscalation(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["raise_escalation"] = "raise_escalation"
    level: EscalationLevel
    review: str = ""  # the step of a review's ladder (ScheduledStep.review); "" — of the deadline's


class RecomputeDeadline(BaseModel):
    """The calendar changed: recompute the effective date of the current deadline."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["recompute_deadline"] = "recompute_deadline"


class CancelObligation(BaseModel):
    """The obligation no longer applies (the site's status was revoked); what was submitted stays."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["cancel"] = "cancel"
    reason: str
    # Only while nothing is sent (waiting for the submitter): a request withdrawn — a centre no longer taking part in
    # its platform (Vologda D11) — leaves what was sent to be decided on.
    unless_sent: bool = False


class Context(BaseModel):
    """What a decision may depend on besides the state: the time, the calendar, the region's time zone, and
    what checking the content needs (the site's status, its indicators, its approved roadmap)."""

    model_config = ConfigDict(frozen=True)

    now: datetime
    calendar: ProductionCalendar
    timezone: str
    site_status: SiteStatus | None = None
    plan_year: int = 0
    period: Period | None = None
    indicators: tuple[Indicator, ...] = ()
    roadmap: tuple[RoadmapRow, ...] = ()
    expected_sites: tuple[str, ...] = ()

    def data_context(self) -> DataContext:
        return DataContext(
            plan_year=self.plan_year or local_date(self.now, self.timezone).year,
            period=self.period,
            today=local_date(self.now, self.timezone),
            indicators=self.indicators,
            roadmap=self.roadmap,
            expected_sites=self.expected_sites,
        )
