"""Open escalations of a region's year by level (``GET /region/escalations``), read through the escalations
list of ``api.region.escalations`` (the sites the caller may see): each obligation once, at the highest step of
its ladder still open — level 3 (the Department), level 2 (the RCRSO director), level 1 (the deadline missed),
and the risk of a quota not met — with its site, since when, and the working days it is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.calendar.service import calendar_for
from api.region.escalations import EscalationFilter, escalation_items, escalation_page, escalation_total
from api.region.regime import is_khmao
from api.region.schemas import EscalationItem
from api.region.year import RegionYear, region_sites
from domain.escalation import EscalationLevel
from domain.region import CURATOR_KEY

PER_PAGE = 200


@dataclass(frozen=True)
class Level:
    level: EscalationLevel
    heading_ru: str


# The steps an official acts on, the highest first; reminders and a site's own internal dates are not here.
LEVELS: tuple[Level, ...] = (
    Level(EscalationLevel.LEVEL3, "Уровень 3 — эскалация в Департамент"),
    Level(EscalationLevel.LEVEL2, "Уровень 2 — эскалация директору РЦРСО"),
    Level(EscalationLevel.OVERDUE, "Уровень 1 — срок нарушен"),
    Level(EscalationLevel.RISK, "Риск невыполнения"),
)
_RANK = {level.level: rank for rank, level in enumerate(LEVELS)}
# The same steps in a region whose regulation is not order 135-р: no RCRSO there (issue 16); the authority is named
# by the page from the region's registry.
NEUTRAL_HEADINGS = {
    EscalationLevel.LEVEL3: "Уровень 3 — эскалация в орган власти региона",
    EscalationLevel.LEVEL2: "Уровень 2 — эскалация руководителю координирующего центра",
}


def levels_of(khmao: bool) -> tuple[Level, ...]:
    """The steps with the headings of the region's regime: KhMAO's words only in KhMAO."""
    if khmao:
        return LEVELS
    return tuple(Level(level.level, NEUTRAL_HEADINGS.get(level.level, level.heading_ru)) for level in LEVELS)


@dataclass(frozen=True)
class Raised:
    """An obligation at the highest open step of its ladder."""

    item: EscalationItem
    key: str
    instance: str
    site_code: str
    site_name: str
    overdue_working_days: int | None  # None: its date has not passed (a risk)

    @property
    def curator_gap(self) -> bool:
        """A site without a curator (D29): no term to run late against, only a day since when."""
        return self.key == CURATOR_KEY


@dataclass(frozen=True)
class Group:
    level: Level
    items: list[Raised]


def key_and_instance(obligation_id: str) -> tuple[str, str]:
    """``cycle:{site}:{year}:{key}:{instance}`` → (key, instance)."""
    _, key, instance = obligation_id.rsplit(":", 2)
    return key, instance


async def open_escalations(conn: AsyncConnection, principal: Principal, wanted: EscalationFilter) -> list[Any]:
    """Every row the escalations list answers for ``wanted``, page after page."""
    total = await escalation_total(conn, principal, wanted)
    rows: list[Any] = []
    for page in range(1, total // PER_PAGE + 2):
        rows += await escalation_page(conn, principal, wanted, page, PER_PAGE)
    return rows


def highest(items: list[EscalationItem]) -> list[EscalationItem]:
    """Each obligation once, at its highest open step among ``LEVELS``."""
    best: dict[str, EscalationItem] = {}
    for item in items:
        level = EscalationLevel(item.level)
        if level not in _RANK:
            continue
        held = best.get(item.obligation_id)
        if held is None or _RANK[level] < _RANK[EscalationLevel(held.level)]:
            best[item.obligation_id] = item
    return list(best.values())


async def escalations_by_level(
    conn: AsyncConnection, principal: Principal, region_id: str, year: int, today: date
) -> list[Group]:
    wanted = EscalationFilter(region_id=region_id, year=year, open=True)
    items = highest(escalation_items(await open_escalations(conn, principal, wanted)))
    sites = {row.id: row for row in await region_sites(conn, RegionYear(region_id=region_id, year=year))}
    dues = [item.due.effective for item in items if item.due.effective < today]
    calendar = await calendar_for(conn, range(min(dues).year, today.year + 1) if dues else ())
    raised = []
    for item in items:
        key, instance = key_and_instance(item.obligation_id)
        site = sites.get(item.site_id)
        late = item.due.effective < today
        raised.append(
            Raised(
                item=item,
                key=key,
                instance=instance,
                site_code=site.code if site else "",
                site_name=site.institution_short_name if site else item.site_id,
                overdue_working_days=calendar.working_days_between(item.due.effective, today) if late else None,
            )
        )
    raised.sort(key=lambda r: (-(r.overdue_working_days or 0), r.item.due.effective, r.item.site_id, r.key))
    steps = levels_of(is_khmao(region_id))
    return [Group(level, [r for r in raised if r.item.level == level.level.value]) for level in steps]
