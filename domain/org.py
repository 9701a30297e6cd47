"""Who is who: regions, institutions, directions, sites, roles and grants.

A *site* is an institution holding a status in one direction of innovation activity, e.g. the resource centre
(ресурсный центр) of order 135-р clause 1.1.5. One institution may hold two statuses (БУ «Геронтологический центр»
is both 1.1.13 and 1.2.1), so cycles are keyed by site, never by institution.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class SiteStatus(StrEnum):
    """Статус площадки."""

    RESOURCE_CENTER = "resource_center"  # ресурсный центр
    SUPPORT_PLATFORM = "support_platform"  # опорная площадка
    METHODOLOGICAL_PLATFORM = "methodological_platform"  # опорно-методическая площадка (Вологда)
    METHODOLOGICAL_SECTION = "methodological_section"  # методическая секция (Свердловская область)


SITE_STATUS_RU: dict[SiteStatus, str] = {
    SiteStatus.RESOURCE_CENTER: "ресурсный центр",
    SiteStatus.SUPPORT_PLATFORM: "опорная площадка",
    SiteStatus.METHODOLOGICAL_PLATFORM: "опорно-методическая площадка",
    SiteStatus.METHODOLOGICAL_SECTION: "методическая секция",
}


class Role(StrEnum):
    ADMIN = "admin"
    DEPARTMENT = "department"  # Департамент (орган власти региона)
    RCRSO_DIRECTOR = "rcrso_director"  # директор БУ «Ресурсный центр развития социального обслуживания»
    CURATOR = "curator"  # куратор направления от РЦРСО (приказ 135-р п. 3.1)
    EXPERT = "expert"  # член Экспертного совета
    SITE_DIRECTOR = "site_director"  # директор учреждения-площадки
    SITE_RESPONSIBLE = "site_responsible"  # ответственное лицо площадки (п. 2.2)
    INSTITUTION_RESPONSIBLE = "institution_responsible"  # ответственное лицо учреждения (п. 5.1)


ROLE_RU: dict[Role, str] = {
    Role.ADMIN: "администратор",
    Role.DEPARTMENT: "Департамент",
    Role.RCRSO_DIRECTOR: "директор РЦРСО",
    Role.CURATOR: "куратор направления",
    Role.EXPERT: "эксперт",
    Role.SITE_DIRECTOR: "директор площадки",
    Role.SITE_RESPONSIBLE: "ответственное лицо площадки",
    Role.INSTITUTION_RESPONSIBLE: "ответственное лицо учреждения",
}


class ScopeKind(StrEnum):
    GLOBAL = "global"
    REGION = "region"
    DIRECTION = "direction"
    SITE = "site"
    INSTITUTION = "institution"


class Region(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str  # e.g. "86" (ХМАО – Югра)
    name: str
    timezone: str  # IANA name; a deadline ends at the end of the region's local day


class Institution(BaseModel):
    """Учреждение социального обслуживания."""

    model_config = ConfigDict(frozen=True)

    id: str
    region_id: str
    name: str  # full name, e.g. БУ «Геронтологический центр»
    short_name: str
    city: str


class Direction(BaseModel):
    """Инновационное направление деятельности."""

    model_config = ConfigDict(frozen=True)

    id: str
    region_id: str
    title: str


class Site(BaseModel):
    """Площадка: an institution with a status in one direction, keyed by the clause of the founding order."""

    model_config = ConfigDict(frozen=True)

    id: str  # e.g. "1.1.5" — the clause of order 135-р that grants the status
    region_id: str
    institution_id: str
    direction_id: str
    status: SiteStatus
    code: str  # short label used in the domain brief, e.g. "C3", "OP15"
    polozhenie: str  # approval of the local положение, as written in the source (attribute, not a key)
    citation: str  # where the status is granted, e.g. "Приказ 135-р п. 1.1.5 (001:L86)"


class Grant(BaseModel):
    """A role held within a scope (region, direction, site, institution or everything). ``acting`` marks an
    acting official (исполняющий обязанности, И.О.); ``on_behalf_of`` names the colleague whose tasks were handed
    over for a period (замещение)."""

    model_config = ConfigDict(frozen=True)

    role: Role
    scope_kind: ScopeKind
    scope_id: str = ""
    acting: bool = False
    on_behalf_of: str = ""
