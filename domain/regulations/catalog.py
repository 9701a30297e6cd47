"""Every regulation innocycle knows, by id. A regulation changes by a new version; a running cycle keeps the
snapshot it started with."""

from __future__ import annotations

from domain.regulations import sverdlovsk, vologda
from domain.regulations.khmao import order_135r
from domain.regulations.model import Regulation

REGULATIONS: dict[str, Regulation] = {
    r.id: r for r in (order_135r.REGULATION, vologda.REGULATION, sverdlovsk.REGULATION)
}


def regulation(regulation_id: str) -> Regulation:
    return REGULATIONS[regulation_id]
