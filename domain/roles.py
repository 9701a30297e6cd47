"""The roles people hold (роли пользователей) and their Russian names.

They sit below ``domain.common``, whose acting user names the roles it holds; everything else reads them from
``domain.people``, the context of the people who hold them, which re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Роль пользователя."""

    ADMIN = "admin"
    DEPARTMENT = "department"  # Департамент (орган власти региона)
    RCRSO_DIRECTOR = "rcrso_director"  # директор БУ «Ресурсный центр развития социального обслуживания»
    CURATOR = "curator"  # куратор направления от РЦРСО (приказ 135-р п. 3.1)
    EXPERT = "expert"  # член Экспертного совета
    COUNCIL_SECRETARY = "council_secretary"  # секретарь Экспертного совета: назначает экспертов, ведет повестку
    COUNCIL_CHAIR = "council_chair"  # председатель Экспертного совета: ведет заседание, подписывает протокол
    SITE_DIRECTOR = "site_director"  # директор учреждения-площадки
    SITE_RESPONSIBLE = "site_responsible"  # ответственное лицо площадки (п. 2.2)
    INSTITUTION_RESPONSIBLE = "institution_responsible"  # ответственное лицо учреждения (п. 5.1)


ROLE_RU: dict[Role, str] = {
    Role.ADMIN: "администратор",
    Role.DEPARTMENT: "Департамент",
    Role.RCRSO_DIRECTOR: "директор РЦРСО",
    Role.CURATOR: "куратор направления",
    Role.EXPERT: "эксперт",
    Role.COUNCIL_SECRETARY: "секретарь Экспертного совета",
    Role.COUNCIL_CHAIR: "председатель Экспертного совета",
    Role.SITE_DIRECTOR: "директор площадки",
    Role.SITE_RESPONSIBLE: "ответственное лицо площадки",
    Role.INSTITUTION_RESPONSIBLE: "ответственное лицо учреждения",
}
