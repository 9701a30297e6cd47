"""The regulations as a reader sees them: the list, a regulation with every obligation (anchored
``#obligation-{key}`` so an obligation's page can link to its clause), the sites' own rules, the indicators and the
decisions on ambiguities; and one obligation on its own page. Read through the same views as
``GET /api/regulations*``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access.session import PageSession, SessionDep
from api.regulations.views import (
    obligation_rule,
    readable,
    readable_regulation,
    regulation_summary,
    regulation_view,
)
from api.web.render import render
from domain.regulations.catalog import REGULATIONS
from domain.regulations.model import Regulation

router = APIRouter(include_in_schema=False)

ZONES_RU = {
    "Asia/Yekaterinburg": "екатеринбургскому времени (МСК+2)",
    "Europe/Moscow": "московскому времени",
}
KIND_COLOUR = {
    "approval": "blue",
    "periodic_report": "purple",
    "meeting": "green",
    "quota": "orange",
    "coverage": "orange",
    "product_review": "purple",
    "collection": "yellow",
    "registry": "yellow",
    "standing": "grey",
}
VALUE_TYPE_RU = {
    "count": "количество",
    "number": "число",
    "percent": "процент",
    "boolean": "есть / нет",
    "level": "уровень",
    "text": "описание",
}
COMMON: dict[str, Any] = {"zones": ZONES_RU, "kind_colour": KIND_COLOUR, "value_type_ru": VALUE_TYPE_RU}


def _readable(regulation_id: str, session: PageSession) -> Regulation:
    """The regulation of one of the person's regions (an administrator: any); 404 otherwise, as for none (issue 16)."""
    return readable_regulation(regulation_id, bool(session.principal.grants), session.regions)


@router.get("/regulations")
async def regulations_page(request: Request, session: SessionDep) -> Response:
    regions = session.regions  # the regions of the person's grants: their regulations only (issue 16)
    has_grants = bool(session.principal.grants)
    regulations = [regulation_summary(r) for r in REGULATIONS.values() if readable(r, has_grants, regions)]
    return render(request, "regulations/list.html", title="Регламенты", regulations=regulations, **COMMON)


@router.get("/regulations/{regulation_id}")
async def regulation_page(regulation_id: str, request: Request, session: SessionDep) -> Response:
    regulation = regulation_view(_readable(regulation_id, session))
    # A site's own obligation is anchored by its key too, where no obligation of the regulation has that key.
    taken = {o["key"] for o in regulation["obligations"]}
    anchored: set[str] = set()
    for rules in regulation["site_rules"]:
        for addition in rules["additions"]:
            addition["plain_anchor"] = addition["key"] not in taken | anchored
            anchored.add(addition["key"])
    for obligation in regulation["obligations"]:
        obligation["site_overrides"] = [
            override
            for rules in regulation["site_rules"]
            for override in rules["overrides"]
            if override["obligation"] == obligation["key"]
        ]
    titles = {o["key"]: o["title"] for o in regulation["obligations"]}
    return render(
        request,
        "regulations/regulation.html",
        title=regulation["title"],
        regulation=regulation,
        titles=titles,
        **COMMON,
    )


@router.get("/regulations/{regulation_id}/obligations/{key}")
async def obligation_rule_page(regulation_id: str, key: str, request: Request, session: SessionDep) -> Response:
    regulation = _readable(regulation_id, session)
    obligation = obligation_rule(regulation, key)
    return render(
        request,
        "regulations/obligation.html",
        title=obligation["title"],
        regulation=regulation_summary(regulation),
        obligation=obligation,
        titles={o.key: o.title for o in regulation.obligations},
        **COMMON,
    )
