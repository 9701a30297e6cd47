"""Every regulation innocycle knows, by id. A regulation changes by a new version; a running cycle keeps the
snapshot it started with."""

from __future__ import annotations

from domain.regulations import sverdlovsk, vologda
from domain.regulations.khmao import order_135r
from domain.regulations.model import Regulation
from domain.roles import ROLE_RU, Role

REGULATIONS: dict[str, Regulation] = {
    r.id: r for r in (order_135r.REGULATION, vologda.REGULATION, sverdlovsk.REGULATION)
}


def regulation(regulation_id: str) -> Regulation:
    return REGULATIONS[regulation_id]


def role_title(regulation_id: str | None, role: Role) -> str:
    """The role as the regulation names it to people, else its general name: nothing of one regime's names (the
    KhMAO «куратор направления», «директор РЦРСО») on another's pages."""
    known = REGULATIONS.get(regulation_id or "")
    return known.role_titles.get(role, ROLE_RU[role]) if known else ROLE_RU[role]
