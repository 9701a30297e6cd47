"""Pseudonymised people of the demo data of the 18 KhMAO–Yugra sites (order 135-р).

Every full name here is fictional. The сборник (seed 001) names real people — the director of the Department,
the director of the РЦРСО, heads of units and the responsible persons of the sites; none of them is used, and
``tests/domain/test_khmao_sites.py`` checks that no surname below occurs in the seed.

Who is who (order 135-р, seed 001):

* ``department`` — an official of the Department's «Отдел организации социального обслуживания Управления
  социального обслуживания населения», which works with the РЦРСО and the sites (п. 7, L186);
* ``rcrso`` — the director of БУ «Ресурсный центр развития социального обслуживания» (п. 3, L156);
* ``curator.<clause>`` — one РЦРСО curator per direction (п. 3.1, L158), every one a different person; the
  curator of 1.1.1 (the РЦРСО's own resource centre, C14) is nobody who works for site 1.1.1 (segregation of
  duties);
* ``director.<clause>`` — the director of the institution holding the site; for 1.1.1 the head of the РЦРСО's
  resource centre on volunteering, not the РЦРСО director;
* ``responsible.<clause>`` — the site's responsible person (ответственное лицо, п. 2.2, L116);
* ``expert.1``, ``expert.2``, ``expert.3`` — members of the Expert Council at the РЦРСО (п. 2.4.2, L146); the first
  two from universities, the third on the RCRSO's staff (who may not review the RCRSO's own products, D12, D48).
* ``council.chair``, ``council.secretary`` — the council's chair and its secretary (D46).

БУ «Геронтологический центр» holds two statuses (1.1.13 and 1.2.1): one director and one responsible person
serve both sites, as in the source, so their two logins carry the same person and the same grants on both
sites.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.people import Grant, Role, ScopeKind
from domain.regulations.khmao.sites import (
    GERONTOLOGY_CENTER_ID,
    INSTITUTIONS,
    RCRSO_ID,
    REGION_ID,
    SITES,
    institution_of,
    site_by_id,
    sites_of,
)
from innocycle import demo_qms, demo_regions


class CouncilSeat(BaseModel):
    """A demo person's place in the expert council (D46): their organisation decides conflicts of interest (D48)."""

    model_config = ConfigDict(frozen=True)

    organisation: str
    institution_id: str = ""  # among the region's institutions; "" for an organisation outside them
    areas: tuple[str, ...] = ()
    position: str = "member"  # member | secretary | chair


class DemoUser(BaseModel):
    """A demo account: login, a fictional person and the grants (role + scope) the account holds."""

    model_config = ConfigDict(frozen=True)

    login: str
    full_name: str  # Фамилия Имя Отчество — fictional
    position: str
    grants: tuple[Grant, ...]
    council: CouncilSeat | None = None


_RCRSO_NAME = "БУ «Ресурсный центр развития социального обслуживания»"

_ADMIN = ("Кузьмин Андрей Олегович", "администратор системы innocycle")
_DEPARTMENT = (
    "Лаврентьева Ольга Викторовна",
    "консультант отдела организации социального обслуживания Управления социального обслуживания населения "
    "Депсоцразвития Югры",
)
_RCRSO_DIRECTOR = ("Гордеева Наталья Сергеевна", f"директор {_RCRSO_NAME}")

_CURATOR_UNIT = f"методического сопровождения инновационной деятельности {_RCRSO_NAME}"

# One RCRSO staff member per direction (order 135-р п. 3.1), all different people.
_CURATORS: dict[str, tuple[str, str]] = {
    "1.1.1": ("Фомина Анастасия Игоревна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.1.2": ("Журавлева Ирина Петровна", f"куратор направления, заведующий отделом {_CURATOR_UNIT}"),
    "1.1.3": ("Кудрявцева Светлана Олеговна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.1.4": ("Белоусов Артем Валерьевич", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.1.5": ("Ширяева Марина Анатольевна", f"куратор направления, старший методист отдела {_CURATOR_UNIT}"),
    "1.1.6": ("Латышева Юлия Дмитриевна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.1.7": ("Рябинина Оксана Геннадьевна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.1.8": ("Тихонова Екатерина Романовна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.1.9": ("Гущин Павел Николаевич", f"куратор направления, старший методист отдела {_CURATOR_UNIT}"),
    "1.1.10": ("Мельникова Алена Вадимовна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.1.11": ("Воронцова Дарья Андреевна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.1.12": ("Климова Надежда Владимировна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.1.13": ("Осипова Людмила Борисовна", f"куратор направления, старший методист отдела {_CURATOR_UNIT}"),
    "1.1.14": ("Ершов Константин Игоревич", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.2.1": ("Полякова Татьяна Евгеньевна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.2.2": ("Данилова Вера Михайловна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.2.3": ("Сорокина Инна Александровна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
    "1.2.4": ("Хабибуллина Гульнара Ринатовна", f"куратор направления, методист отдела {_CURATOR_UNIT}"),
}

# Heads of the sites. The director of БУ «Геронтологический центр» directs both 1.1.13 and 1.2.1
# (one person, two logins).
_GERONTOLOGY_DIRECTOR = "Назарова Ирина Аркадьевна"
_DIRECTORS: dict[str, str] = {
    "1.1.2": "Ефремова Галина Васильевна",
    "1.1.3": "Субботин Алексей Викторович",
    "1.1.4": "Носкова Лариса Ивановна",
    "1.1.5": "Гладких Елена Юрьевна",
    "1.1.6": "Карпова Виктория Сергеевна",
    "1.1.7": "Зуева Ольга Николаевна",
    "1.1.8": "Архипова Нина Степановна",
    "1.1.9": "Лаптев Игорь Владимирович",
    "1.1.10": "Давыдов Сергей Павлович",
    "1.1.11": "Крылова Алла Геннадьевна",
    "1.1.12": "Медведева Жанна Леонидовна",
    "1.1.13": _GERONTOLOGY_DIRECTOR,
    "1.1.14": "Сафин Руслан Маратович",
    "1.2.1": _GERONTOLOGY_DIRECTOR,
    "1.2.2": "Игнатьева Марина Евгеньевна",
    "1.2.3": "Быкова Людмила Анатольевна",
    "1.2.4": "Гарипова Эльвира Фаритовна",
}
# 1.1.1 is run by the RCRSO itself; its site director is the head of the RCRSO's resource centre on
# volunteering, not the RCRSO director.
_RC_VOLUNTEERING_HEAD = (
    "Широкова Валентина Олеговна",
    f"руководитель Ресурсного центра добровольчества (волонтерства) {_RCRSO_NAME}",
)

# Responsible persons (order 135-р п. 2.2): deputy directors or other staff. As in the source,
# БУ «Геронтологический центр» has one responsible person for both of its sites.
_GERONTOLOGY_RESPONSIBLE = "Денисова Оксана Петровна"
_RESPONSIBLES: dict[str, tuple[str, str]] = {
    "1.1.1": ("Филатова Кристина Андреевна", "заведующий отделением развития добровольчества"),
    "1.1.2": ("Миронова Анна Сергеевна", "заведующий информационно-аналитическим отделением"),
    "1.1.3": ("Кольцова Евгения Викторовна", "заместитель директора"),
    "1.1.4": ("Горбунова Наталья Игоревна", "заместитель директора"),
    "1.1.5": ("Панова Ксения Олеговна", "заместитель директора"),
    "1.1.6": ("Тарасова Ольга Вячеславовна", "заведующий отделением психолого-педагогической помощи"),
    "1.1.7": ("Лукина Марина Николаевна", "заместитель директора"),
    "1.1.8": ("Ковалева Дарья Павловна", "заместитель директора"),
    "1.1.9": ("Шестакова Яна Владимировна", "заместитель директора"),
    "1.1.10": ("Елисеев Максим Олегович", "заместитель директора"),
    "1.1.11": ("Брагина Софья Михайловна", "заместитель директора"),
    "1.1.12": ("Аксенова Татьяна Юрьевна", "заместитель директора"),
    "1.1.13": (_GERONTOLOGY_RESPONSIBLE, "заместитель директора"),
    "1.1.14": ("Кириллова Полина Сергеевна", "заместитель директора"),
    "1.2.1": (_GERONTOLOGY_RESPONSIBLE, "заместитель директора"),
    "1.2.2": ("Новикова Лилия Александровна", "заместитель директора"),
    "1.2.3": ("Шарова Елена Андреевна", "заместитель директора"),
    "1.2.4": ("Ахметова Алсу Ильдаровна", "заведующий отделением социальной адаптации"),
}

_EXPERTS: tuple[tuple[str, str, CouncilSeat], ...] = (
    (
        "Лебедев Виталий Евгеньевич",
        f"член Экспертного совета при {_RCRSO_NAME}, кандидат социологических наук",
        CouncilSeat(
            organisation="БУ ВО «Сургутский государственный университет» (условное название)",
            areas=("1.1.5", "1.1.6", "1.1.7", "1.1.11", "1.1.12", "1.2.3", "1.2.4"),  # families, children
        ),
    ),
    (
        "Соболева Маргарита Игоревна",
        f"член Экспертного совета при {_RCRSO_NAME}, кандидат психологических наук",
        CouncilSeat(
            organisation="ФГБОУ ВО «Нижневартовский государственный университет» (условное название)",
            areas=("1.1.2", "1.1.3", "1.1.4", "1.1.9", "1.1.10", "1.1.12", "1.2.4"),  # rehabilitation, adaptation
        ),
    ),
    (
        "Кудрявцев Артем Ильич",
        f"член Экспертного совета, методист {_RCRSO_NAME}",
        CouncilSeat(
            organisation=_RCRSO_NAME, institution_id=RCRSO_ID, areas=("1.1.1", "1.1.8", "1.1.13", "1.1.14", "1.2.1")
        ),
    ),
)
# The council's chair and secretary (D46): the secretary is on the RCRSO's staff.
_COUNCIL_CHAIR = (
    "Гаврилова Тамара Львовна",
    f"председатель Экспертного совета при {_RCRSO_NAME}, доктор педагогических наук",
    CouncilSeat(organisation="Департамент социального развития (условное название)", position="chair"),
)
_COUNCIL_SECRETARY = (
    "Шестакова Инна Романовна",
    f"секретарь Экспертного совета, специалист {_RCRSO_NAME}",
    CouncilSeat(organisation=_RCRSO_NAME, institution_id=RCRSO_ID, position="secretary"),
)


def _site_grants(role: Role, site_id: str) -> tuple[Grant, ...]:
    """Grants of a site-level person: on every site of the institution when one person serves them all.

    Only БУ «Геронтологический центр» has two sites; its director and its responsible person hold grants on
    both 1.1.13 and 1.2.1, so ``director.1.1.13`` and ``director.1.2.1`` (and the two ``responsible.`` logins)
    carry identical grants.
    """
    site = site_by_id(site_id)
    if site.institution_id == GERONTOLOGY_CENTER_ID:
        site_ids = [s.id for s in sites_of(GERONTOLOGY_CENTER_ID)]
    else:
        site_ids = [site_id]
    return tuple(Grant(role=role, scope_kind=ScopeKind.SITE, scope_id=sid) for sid in site_ids)


def _region(role: Role) -> tuple[Grant, ...]:
    return (Grant(role=role, scope_kind=ScopeKind.REGION, scope_id=REGION_ID),)


# Responsible persons of the state institutions (п. 5.1): they send their institution's quarterly forms to the
# resource centres and support platforms (п. 5.2), so they act region-wide, but see only those reports.
_INSTITUTION_RESPONSIBLES = (
    "Агафонова Лидия Петровна",
    "Бурцева Алла Геннадьевна",
    "Веретенникова Инна Олеговна",
    "Глухова Тамара Степановна",
    "Дроздова Римма Валерьевна",
    "Ершова Зоя Анатольевна",
    "Жукова Эльвира Рашидовна",
    "Зимина Ксения Андреевна",
    "Игнатова Полина Сергеевна",
    "Карпухина Нелли Ивановна",
    "Ларионова Юлия Борисовна",
    "Мартынова Вера Николаевна",
    "Никитина Алевтина Юрьевна",
    "Осипова Регина Маратовна",
    "Прохорова Эвелина Олеговна",
    "Рябова Диана Викторовна",
    "Селезнева Оксана Ильинична",
)


def demo_users() -> list[DemoUser]:
    """All demo accounts, in a fixed order.

    admin, department, rcrso, then curators, directors and responsible persons in clause order, then experts.
    """
    users: list[DemoUser] = [
        DemoUser(
            login="admin",
            full_name=_ADMIN[0],
            position=_ADMIN[1],
            grants=(Grant(role=Role.ADMIN, scope_kind=ScopeKind.GLOBAL),),
        ),
        DemoUser(
            login="department",
            full_name=_DEPARTMENT[0],
            position=_DEPARTMENT[1],
            grants=_region(Role.DEPARTMENT),
        ),
        DemoUser(
            login="rcrso",
            full_name=_RCRSO_DIRECTOR[0],
            position=_RCRSO_DIRECTOR[1],
            grants=_region(Role.RCRSO_DIRECTOR),
        ),
    ]
    for site in SITES:
        name, position = _CURATORS[site.id]
        curator_grant = Grant(role=Role.CURATOR, scope_kind=ScopeKind.DIRECTION, scope_id=site.direction_id)
        users.append(
            DemoUser(
                login=f"curator.{site.id}",
                full_name=name,
                position=position,
                grants=(curator_grant,),
            )
        )
    for site in SITES:
        if site.id == "1.1.1":
            name, position = _RC_VOLUNTEERING_HEAD
        else:
            name, position = _DIRECTORS[site.id], f"директор {institution_of(site).name}"
        users.append(
            DemoUser(
                login=f"director.{site.id}",
                full_name=name,
                position=position,
                grants=_site_grants(Role.SITE_DIRECTOR, site.id),
            )
        )
    for site in SITES:
        name, job = _RESPONSIBLES[site.id]
        users.append(
            DemoUser(
                login=f"responsible.{site.id}",
                full_name=name,
                position=f"{job} {institution_of(site).name}, ответственное лицо {_site_label(site.id)}",
                grants=_site_grants(Role.SITE_RESPONSIBLE, site.id),
            )
        )
    for institution, name in zip(INSTITUTIONS, _INSTITUTION_RESPONSIBLES, strict=True):
        users.append(
            DemoUser(
                login=f"institution.{institution.id}",
                full_name=name,
                position=f"ответственное лицо {institution.name} за взаимодействие с ресурсными центрами",
                # The region, for the sites that named no reporting institutions; the institution itself, for its
                # own forms to the sites that did (D34, D35).
                grants=(
                    *_region(Role.INSTITUTION_RESPONSIBLE),
                    Grant(role=Role.INSTITUTION_RESPONSIBLE, scope_kind=ScopeKind.INSTITUTION, scope_id=institution.id),
                ),
            )
        )
    for number, (name, position, seat) in enumerate(_EXPERTS, start=1):
        grants = _region(Role.EXPERT)
        users.append(DemoUser(login=f"expert.{number}", full_name=name, position=position, grants=grants, council=seat))
    for login, (name, position, seat), role in (
        ("council.chair", _COUNCIL_CHAIR, Role.COUNCIL_CHAIR),
        ("council.secretary", _COUNCIL_SECRETARY, Role.COUNCIL_SECRETARY),
    ):
        users.append(DemoUser(login=login, full_name=name, position=position, grants=_region(role), council=seat))
    for login, name, position, role, region_id in demo_regions.PEOPLE:  # the officials of Vologda and Sverdlovsk
        users.append(
            DemoUser(login=login, full_name=name, position=position, grants=demo_regions.grants_of(role, region_id))
        )
    for login, name, position, section_grants in demo_regions.SECTION_PEOPLE:  # the Sverdlovsk sections' people
        users.append(DemoUser(login=login, full_name=name, position=position, grants=section_grants))
    for login, name, position, role in demo_qms.PEOPLE:
        users.append(
            DemoUser(
                login=login, full_name=name, position=demo_qms.position_of(position), grants=demo_qms.grants_of(role)
            )
        )
    return users


def _site_label(site_id: str) -> str:
    site = site_by_id(site_id)
    if site.institution_id == GERONTOLOGY_CENTER_ID:
        return "ресурсного центра и опорной площадки"
    return "ресурсного центра" if site_id.startswith("1.1.") else "опорной площадки"
