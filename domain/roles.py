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
    # The signatories and staff of a unit's controlled documents (СМК, seed 004), scoped to their institution.
    INSTITUTION_DIRECTOR = "institution_director"  # директор учреждения: «УТВЕРЖДАЮ» (004:8–17)
    DEPUTY_DIRECTOR = "deputy_director"  # заместитель директора, курирующий отделение: «Согласовано» (004:83, 522)
    HR_SPECIALIST = "hr_specialist"  # специалист по кадрам: «Согласовано» (004:532), ведет состав отделения
    LEGAL_COUNSEL = "legal_counsel"  # юрисконсульт: «Согласовано» (004:541)
    UNIT_HEAD = "unit_head"  # заведующий отделением: разработчик документа (004:512)
    UNIT_EMPLOYEE = "unit_employee"  # работник отделения: знакомится с документами (лист ознакомления, 004:563)


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
    Role.INSTITUTION_DIRECTOR: "директор учреждения",
    Role.DEPUTY_DIRECTOR: "заместитель директора",
    Role.HR_SPECIALIST: "специалист по кадрам",
    Role.LEGAL_COUNSEL: "юрисконсульт",
    Role.UNIT_HEAD: "заведующий отделением",
    Role.UNIT_EMPLOYEE: "работник отделения",
}
