"""Who may do what: the roles people hold (роли пользователей), their Russian names, and the grants that give a
person a role within a scope (everything, a region, a direction, a site or an institution), as an acting official
or on a colleague's behalf.

The organisation the scopes point at (regions, institutions, directions, sites) is in ``domain.sites``.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Role(StrEnum):
    """Роль пользователя."""

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
    """What a grant's scope is (область действия роли): everything, or one region, direction, site or
    institution."""

    GLOBAL = "global"
    REGION = "region"
    DIRECTION = "direction"
    SITE = "site"
    INSTITUTION = "institution"


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
