"""Who sees what of a product (D48, D49, D52). Which products a person may see at all is decided in
``api.access.products`` (below the files, which are read by whoever may see their product); here, what of a product
the person sees: reviews are the council's; the site reads them without the experts' names once the council has
concluded, and an expert reads the others' reviews of a round only once all of them are in."""

from __future__ import annotations

from typing import Any

from api.access.principal import Principal
from api.access.products import COUNCIL, SITE_PEOPLE, UNSENT, visible_products
from domain.people import Role, ScopeKind

__all__ = ["COUNCIL", "PRODUCT_NOT_FOUND", "SITE_PEOPLE", "UNSENT", "is_council", "is_site_side", "visible_products"]

PRODUCT_NOT_FOUND = "Продукт не найден."


def is_council(principal: Principal, row: Any) -> bool:
    return _holds(principal, COUNCIL, row)


def is_site_side(principal: Principal, row: Any) -> bool:
    return _holds(principal, SITE_PEOPLE, row)


def _holds(principal: Principal, roles: tuple[Role, ...], row: Any) -> bool:
    for grant in principal.grants:
        if grant.role not in roles:
            continue
        if grant.scope_kind == ScopeKind.GLOBAL:
            return True
        scope = {
            ScopeKind.REGION: row.region_id,
            ScopeKind.DIRECTION: row.direction_id,
            ScopeKind.SITE: row.site_id,
            ScopeKind.INSTITUTION: row.institution_id,
        }.get(grant.scope_kind)
        if scope is not None and scope == grant.scope_id:
            return True
    return False
