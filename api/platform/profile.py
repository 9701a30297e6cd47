"""A Vologda platform's profile (паспорт ОМП) through the API: read by folding its own stream
(``platform:{site}:profile``), set by the platform's director or the Department — decided by
``domain.platform.profile`` and appended here, the one place that writes the stream (no workflow owns it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.eventlog.decided import append_decided
from api.eventlog.store import read_stream
from api.platform import centres
from api.problems import Problem, field_problem, role_refused
from api.runtime import Runtime
from api.sites.service import SITE_NOT_FOUND, load_site
from api.tables import institutions
from domain.common import DomainEvent, event_from_stored
from domain.platform import profile as passport
from domain.sites import Site, SiteStatus


class MemberBody(BaseModel):
    full_name: str = Field(max_length=300, description="Фамилия, имя, отчество")
    position: str = Field(default="", max_length=500, description="Должность")


class ProfileBody(BaseModel):
    theme: str = Field(max_length=1000, description="Тема ОМП")
    host_id: str = Field(description="Учреждение — база ОМП (id организации региона)")
    working_group: list[MemberBody] = Field(default_factory=list, max_length=100, description="Рабочая группа")
    centre_ids: list[str] = Field(default_factory=list, max_length=200, description="Комплексные центры — участники")
    active_from: int = Field(description="Год начала работы ОМП")
    active_to: int | None = Field(default=None, description="Год окончания; пусто — действует")


async def platform_site(conn: AsyncConnection, principal: Principal, site_id: str) -> Site:
    site = await load_site(conn, site_id)
    if site is None or not principal.can_read(site) or site.status != SiteStatus.METHODOLOGICAL_PLATFORM:
        raise Problem(404, "site_not_found", SITE_NOT_FOUND)
    return site


async def profile_state(conn: AsyncConnection, site_id: str) -> passport.ProfileState:
    stored = await read_stream(conn, passport.profile_stream(site_id))
    return passport.profile_of(site_id, [event_from_stored(e.event_type, e.data, e.schema_version) for e in stored])


async def centres_at_opening(conn: AsyncConnection, site: Site, year: int) -> tuple[str, ...] | None:
    """The centres a platform's cycle of ``year`` starts with (D11); None for a site of another status (its cycle
    keeps the site's own list of institutions)."""
    if site.status != SiteStatus.METHODOLOGICAL_PLATFORM:
        return None
    return centres.centres_of_year((await profile_state(conn, site.id)).profile, year)


async def organisations(conn: AsyncConnection, region_id: str) -> list[dict[str, str]]:
    query = select(institutions.c.id, institutions.c.name).where(institutions.c.region_id == region_id)
    return [{"id": row.id, "name": row.name} for row in (await conn.execute(query.order_by(institutions.c.name)))]


def profile_view(state: passport.ProfileState, site: Site, principal: Principal) -> dict[str, Any]:
    profile = state.profile
    roles = principal.actor_on(site).roles
    return {
        "site_id": site.id,
        "profile": None if profile is None else {**profile.model_dump(mode="json"), "years_ru": profile.years_ru()},
        "updated_by": state.updated_by.full_name if state.updated_by else None,
        "updated_at": state.updated_at.isoformat() if state.updated_at else None,
        "may_edit": bool(roles & set(passport.EDITORS)),
    }


async def read_profile(runtime: Runtime, principal: Principal, site_id: str) -> dict[str, Any]:
    async with runtime.reads.connect() as conn:
        site = await platform_site(conn, principal, site_id)
        return profile_view(await profile_state(conn, site_id), site, principal)


async def _organisation(conn: AsyncConnection, site: Site, institution_id: str, field: str) -> passport.Organisation:
    row = (
        await conn.execute(
            select(institutions.c.id, institutions.c.name).where(
                institutions.c.id == institution_id, institutions.c.region_id == site.region_id
            )
        )
    ).one_or_none()
    if row is None:
        raise field_problem(422, "unknown_organisation", "Организация не найдена в регионе ОМП.", field, "не найдена")
    return passport.Organisation(institution_id=row.id, name=row.name)


async def set_profile(runtime: Runtime, principal: Principal, site_id: str, body: ProfileBody) -> dict[str, Any]:
    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        site = await platform_site(conn, principal, site_id)
        state = await profile_state(conn, site_id)
        host = await _organisation(conn, site, body.host_id, "host_id")
        centres = [await _organisation(conn, site, i, f"centre_ids.{n}") for n, i in enumerate(body.centre_ids)]
        profile = passport.Profile(
            theme=body.theme,
            host=host,
            working_group=tuple(passport.Member(**m.model_dump()) for m in body.working_group),
            centres=tuple(centres),
            active_from=body.active_from,
            active_to=body.active_to,
        )
        command = passport.SetProfile(actor=principal.actor_on(site), profile=profile)
        return passport.decide(state, command, datetime.now(UTC))

    busy = "Паспорт ОМП изменился во время команды; повторите."
    stream = passport.profile_stream(site_id)
    await append_decided(runtime.eventlog, runtime.reads.connect, stream, decide, role_refused, busy)
    await runtime.signals.send_due()  # the running cycles learn the centres (D11; api.platform.centres)
    async with runtime.reads.connect() as conn:
        site = await platform_site(conn, principal, site_id)
        state = await profile_state(conn, site_id)
    return profile_view(state, site, principal)
