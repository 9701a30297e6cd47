"""The administrator's sites (карточки площадок): every site of every region with its organisation, direction
(тема), status, regulation and status period (срок действия статуса, D22); registering and changing one. Shared by
the REST routes and the pages. A changed period that no longer covers a running cycle closes it as a revocation
does (``commands.follow_period``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from api.access.principal import Principal
from api.organisations.admin import require_admin
from api.organisations.bodies import REGION_ID
from api.problems import Problem
from api.runtime import Runtime
from api.sites.commands import follow_period, record_site
from api.sites.service import load_record
from api.tables import directions, institutions, regions, site_revocations, sites
from domain.sites import SITE_STATUS_RU, Site, SiteChanged, SiteRecord, SiteStatus

SITE_ID = r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$"


class SiteFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    institution_id: str = Field(min_length=1, max_length=64, description="Организация, получившая статус (код)")
    direction_id: str | None = Field(
        default=None, pattern=SITE_ID, description="Направление (код); по умолчанию — код площадки"
    )
    direction_title: str = Field(min_length=3, max_length=500, description="Направление (тема) площадки")
    status: SiteStatus = Field(description="Статус площадки; допустимые задает регламент региона")
    status_since: date = Field(description="Начало срока действия статуса")
    status_until: date | None = Field(default=None, description="Окончание срока действия статуса; пусто — бессрочно")
    citation: str = Field(default="", max_length=500, description="Приказ о присвоении статуса (дата и номер)")
    code: str = Field(default="", max_length=32, description="Краткое обозначение, например C3")


class NewSite(SiteFields):
    id: str = Field(pattern=SITE_ID, description="Код площадки, например vologda-omp-2022")
    region_id: str = Field(pattern=REGION_ID, description="Регион")


def site_card(record: SiteRecord, institution_name: str, region_name: str, revoked: bool) -> dict[str, Any]:
    site = record.site
    return {
        "id": site.id,
        "region_id": site.region_id,
        "region_name": region_name,
        "institution_id": site.institution_id,
        "institution_name": institution_name,
        "direction_id": site.direction_id,
        "direction_title": record.direction_title,
        "status": site.status.value,
        "status_ru": SITE_STATUS_RU[site.status],
        "regulation_id": record.regulation_id,
        "status_since": site.status_since,
        "status_until": site.status_until,
        "citation": site.citation,
        "code": site.code,
        "revoked": revoked,
    }


async def list_site_cards(runtime: Runtime, region_id: str | None = None) -> list[dict[str, Any]]:
    query = (
        select(
            sites.c.id,
            directions.c.title.label("direction_title"),
            institutions.c.name.label("institution_name"),
            regions.c.name.label("region_name"),
            site_revocations.c.site_id.label("revoked"),
        )
        .join(directions, directions.c.id == sites.c.direction_id)
        .join(institutions, institutions.c.id == sites.c.institution_id)
        .join(regions, regions.c.id == sites.c.region_id)
        .outerjoin(site_revocations, site_revocations.c.site_id == sites.c.id)
        .order_by(sites.c.region_id, sites.c.id)
    )
    if region_id:
        query = query.where(sites.c.region_id == region_id)
    cards = []
    async with runtime.engine.connect() as conn:
        for row in (await conn.execute(query)).all():
            record = await load_record(conn, row.id)
            assert record is not None
            cards.append(site_card(record, row.institution_name, row.region_name, row.revoked is not None))
    return cards


async def read_site_card(runtime: Runtime, site_id: str) -> dict[str, Any]:
    cards = [c for c in await list_site_cards(runtime) if c["id"] == site_id]
    if not cards:
        raise Problem(404, "site_not_found", "Площадка не найдена.")
    return cards[0]


async def save_site(
    runtime: Runtime, principal: Principal, site_id: str, region_id: str, body: SiteFields, *, new: bool
) -> tuple[dict[str, Any], bool, list[str]]:
    """The site's card as recorded, whether it changed, and the cycles its period closes."""
    require_admin(principal)
    site = Site(
        id=site_id,
        region_id=region_id,
        institution_id=body.institution_id,
        direction_id=body.direction_id or site_id,
        status=body.status,
        code=body.code.strip(),
        polozhenie="",
        citation=body.citation.strip(),
        status_since=body.status_since,
        status_until=body.status_until,
    )
    changed = await record_site(runtime.eventlog, site, body.direction_title.strip(), new=new, by=principal.user_id)
    card = next((event for event in changed if isinstance(event, SiteChanged)), None)
    closing = await follow_period(runtime, card) if card is not None else []
    return await read_site_card(runtime, site_id), bool(changed), closing


async def existing_site_region(runtime: Runtime, site_id: str) -> str:
    async with runtime.engine.connect() as conn:
        record = await load_record(conn, site_id)
    if record is None:
        raise Problem(404, "site_not_found", "Площадка не найдена.")
    return record.site.region_id
