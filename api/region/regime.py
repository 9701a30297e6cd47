"""What a region's own regulation puts on its pages (issue 16): the sections it has (curators of order 135-р 3.1,
standing duties, the RCRSO's сборник) and whether KhMAO's words (РЦРСО, Депсоцразвития Югры, order 135-р) belong
there at all. Nothing of one region's regime shows on another's pages."""

from __future__ import annotations

from domain.regulations.catalog import REGULATIONS
from domain.regulations.khmao import order_135r
from domain.regulations.model import Regulation


def regulation_of_region(region_id: str) -> Regulation | None:
    return next((r for r in REGULATIONS.values() if r.region_id == region_id), None)


def is_khmao(region_id: str) -> bool:
    """Whether the region runs under order 135-р, whose pages name the RCRSO and the order's clauses."""
    rules = regulation_of_region(region_id)
    return rules is not None and rules.id == order_135r.REGULATION_ID


def has_curators(region_id: str) -> bool:
    rules = regulation_of_region(region_id)
    return rules is not None and rules.curators is not None


def has_standing_duties(region_id: str) -> bool:
    rules = regulation_of_region(region_id)
    return rules is not None and any(o.standing_duties for o in rules.obligations)


def has_compendium(region_id: str) -> bool:
    rules = regulation_of_region(region_id)
    return rules is not None and any(o.key == "compendium" for o in rules.obligations)
