"""The region's own year (D26–D29): the cycles of the next year, and the RCRSO's сборник of it, open by themselves
on the date the regulation sets (``Regulation.cycle_opening``), for every site whose status covers that year; a site
whose status begins during the year owes nothing due before that day (D28). Every site has a curator of the
RCRSO in force (order 135-р 3.1); a site without one is an escalation to the RCRSO director until one is granted
(D29)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from domain.common import DomainEvent, register_event
from domain.deadlines import start_of_day
from domain.people import Role
from domain.regulations.model import CycleOpening


class RegionYear(BaseModel):
    """The cycles of ``year`` of the region's sites: what the region's workflow asks the API to open."""

    model_config = ConfigDict(frozen=True)

    region_id: str
    year: int


class RegionOpening(BaseModel):
    """What an opening of a region's year did: each site's cycle, and the сборник. Opening again is a no-op."""

    region_id: str
    year: int
    opened: list[str] = []  # sites whose cycle this opening started
    already_open: list[str] = []  # sites whose cycle was open before (by hand, or by an earlier opening)
    not_covered: list[str] = []  # sites whose status does not cover the year, or was revoked (D27)
    compendium: str = "none"  # "opened", "already_open", "none" (the regulation has no сборник)


# When a regulation sets no date of its own (Vologda, Sverdlovsk), the cycles of year N open by themselves on
# 1 December of N-1 (issue 16: the automatic opening covers every region with a regulation): in time for a plan
# of the year, and after KhMAO's 1 November (D26).
DEFAULT_OPENING = CycleOpening(month=12, day=1, year_offset=-1, decisions=("D26",))


def opening_of(opening: CycleOpening | None) -> CycleOpening:
    """The date a region's cycles open: the regulation's own, else ``DEFAULT_OPENING``."""
    return opening if opening is not None else DEFAULT_OPENING


def opening_instant(opening: CycleOpening, year: int, timezone: str) -> datetime:
    """When the cycles of ``year`` open: the start of the regulation's opening day in the region."""
    return start_of_day(opening.opens_on(year), timezone)


def next_year_to_open(now: datetime, timezone: str) -> int:
    """The year a region's workflow started at ``now`` opens first: the one after the current local year. Its
    opening date may have passed already (then it opens at once); the year under way is never opened by itself —
    somebody started it by hand, or decided not to (D26)."""
    return now.astimezone(ZoneInfo(timezone)).year + 1


# --- curators (order 135-р 3.1, D29) ----------------------------------------------------------------------------

CURATOR_KEY = "curator"  # the "obligation" key of a curator escalation in the escalations projection
CURATOR_TITLE_RU = "Куратор РЦРСО не назначен (п. 3.1)"
CURATOR_NOTIFY = (Role.RCRSO_DIRECTOR,)


def curator_stream(site_id: str) -> str:
    return f"curators:{site_id}"


def curator_escalation_id(site_id: str, since: date) -> str:
    """``curators:{site}:curator:{since}``: shaped like an obligation's id (its key and instance last), so the
    escalation lists read it like any other; a second gap of the same day is the same one, opened again."""
    return f"{curator_stream(site_id)}:{CURATOR_KEY}:{since.isoformat()}"


class CuratorCheckRequest(BaseModel):
    """A check of a region's curators as of ``at`` (the region's workflow: the instant a term ended)."""

    model_config = ConfigDict(frozen=True)

    region_id: str
    at: datetime


class CuratorCheck(BaseModel):
    """What a check of a region's curators found, and when to look again (a grant in force ends, or one given for
    later begins); None: nothing changes by time alone."""

    region_id: str
    missing: list[str] = []  # sites without a curator in force, after the check
    next_change: datetime | None = None


@register_event
class CuratorMissing(DomainEvent):
    """Площадка осталась без куратора РЦРСО: эскалация директору РЦРСО (D29)."""

    event_type = "CuratorMissing"

    escalation_id: str
    region_id: str
    site_id: str
    since: date
    notify: tuple[Role, ...] = CURATOR_NOTIFY


@register_event
class CuratorAppointed(DomainEvent):
    """Площадке назначен куратор РЦРСО: эскалация снята."""

    event_type = "CuratorAppointed"

    escalation_id: str
    site_id: str
    curators: tuple[str, ...]  # the full names of the curators in force


def check_curators(
    region_id: str,
    curators: Mapping[str, tuple[str, ...]],
    open_gaps: Mapping[str, str],
    now: datetime,
    timezone: str,
    notify: Mapping[str, tuple[Role, ...]] | None = None,
) -> dict[str, list[DomainEvent]]:
    """The events of each site's curator stream: ``curators`` maps every site of the region to the names of its
    curators in force (empty: none), ``open_gaps`` a site to its open escalation. A gap is raised once, and
    resolved once a curator is in force again. ``notify``: whom each site's gap escalates to (the regulation's
    ``CuratorRequirement``; the RCRSO director by default)."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    decided: dict[str, list[DomainEvent]] = {}
    for site_id, names in curators.items():
        gap = open_gaps.get(site_id)
        if not names and gap is None:
            escalation_id = curator_escalation_id(site_id, today)
            decided[site_id] = [
                CuratorMissing(
                    occurred_at=now,
                    escalation_id=escalation_id,
                    region_id=region_id,
                    site_id=site_id,
                    since=today,
                    notify=(notify or {}).get(site_id, CURATOR_NOTIFY),
                )
            ]
        elif names and gap is not None:
            decided[site_id] = [CuratorAppointed(occurred_at=now, escalation_id=gap, site_id=site_id, curators=names)]
    return decided
