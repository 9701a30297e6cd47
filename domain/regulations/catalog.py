"""Every regulation innocycle knows, by id."""

from __future__ import annotations

from domain.regulations import khmao_135r
from domain.regulations.model import Regulation

REGULATIONS: dict[str, Regulation] = {khmao_135r.REGULATION.id: khmao_135r.REGULATION}

# The first cycle year each regulation governs (order 135-р was signed on 04.02.2022).
FIRST_YEAR: dict[str, int] = {khmao_135r.REGULATION.id: 2022}


def regulation(regulation_id: str) -> Regulation:
    return REGULATIONS[regulation_id]
