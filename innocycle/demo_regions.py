"""The registry of the demo (issue 16): the regions with their authority, the hierarchy of their organisations and
their sites, recorded by ``innocycle seed`` as events of the registry (``domain.organisations``, ``domain.sites``).

* KhMAO–Yugra (86): the 18 sites of order 135-р as before (``domain.regulations.khmao.sites``), under Депсоцразвития
  Югры; the РЦРСО is the coordinating centre, the other institutions are members answering to the Department.
* Vologda region (35, Europe/Moscow): the Department of social protection and the two опорно-методические
  площадки of seeds 002 (2022, «Развитие деятельности участковой социальной службы», an ОМП of the Department
  whose host the report does not name — the round table was at the КЦСОН of Sheksna district, taken as its host,
  labelled «условно») and 003 (2023, «Социальное проектирование в организациях социального обслуживания» at АУ СО
  ВО «Октябрьский дом-интернат для престарелых и инвалидов»). Both statuses run on (003 proposes to continue in
  2024): the period has a start and no end.
* Sverdlovsk region (66, Asia/Yekaterinburg): the Ministry of social policy, the ОМЦ (seed 000:12), and one
  management district — its base methodological organisation and two methodological sections. The seed names
  neither the organisation nor the sections: the names are synthetic and say so («условное название», brief §6.1).
"""

from __future__ import annotations

from datetime import date

from domain.people import Grant, Role, ScopeKind
from domain.regulations.khmao import sites as khmao
from domain.sites import Institution, OrganisationKind, Region, Site, SiteStatus

SYNTHETIC = "(условное название)"


class RegionData:
    """One region of the demo: the region, its organisations (parents before children) and its sites with the
    titles of their directions."""

    def __init__(
        self,
        region: Region,
        organisations: tuple[Institution, ...],
        sites: tuple[tuple[Site, str], ...],
    ) -> None:
        self.region = region
        self.organisations = organisations
        self.sites = sites


# --- KhMAO–Yugra -------------------------------------------------------------------------------------------------

KHMAO_AUTHORITY = Institution(
    id="depsocrazvitiya-yugry",
    region_id=khmao.REGION_ID,
    name="Департамент социального развития Ханты-Мансийского автономного округа – Югры",
    short_name="Депсоцразвития Югры",
    city="Ханты-Мансийск",
    kind=OrganisationKind.AUTHORITY,
)


def _khmao_organisation(institution: Institution) -> Institution:
    kind = OrganisationKind.COORDINATING_CENTRE if institution.id == khmao.RCRSO_ID else OrganisationKind.MEMBER
    return institution.model_copy(update={"kind": kind, "parent_id": KHMAO_AUTHORITY.id})


_KHMAO_DIRECTIONS = {direction.id: direction.title for direction in khmao.DIRECTIONS}

KHMAO = RegionData(
    region=khmao.REGION.model_copy(update={"authority_id": KHMAO_AUTHORITY.id}),
    organisations=(KHMAO_AUTHORITY, *(_khmao_organisation(i) for i in khmao.INSTITUTIONS)),
    sites=tuple((site, _KHMAO_DIRECTIONS[site.direction_id]) for site in khmao.SITES),
)

# --- Vologda region (seeds 002, 003) ------------------------------------------------------------------------------

VOLOGDA_ID = "35"
VOLOGDA_AUTHORITY = Institution(
    id="vologda-dszn",
    region_id=VOLOGDA_ID,
    name="Департамент социальной защиты населения Вологодской области",
    short_name="ДСЗН Вологодской области",
    city="Вологда",
    kind=OrganisationKind.AUTHORITY,
)
SHEKSNA_KCSON = Institution(
    id="sheksna-kcson",
    region_id=VOLOGDA_ID,
    name="БУ СО ВО «Комплексный центр социального обслуживания населения Шекснинского района»",
    short_name="КЦСОН Шекснинского района",
    city="Шексна",
    kind=OrganisationKind.HOST,
    parent_id=VOLOGDA_AUTHORITY.id,
)
OKTYABRSKY_HOME = Institution(
    id="oktyabrsky-home",
    region_id=VOLOGDA_ID,
    name="АУ СО ВО «Октябрьский дом-интернат для престарелых и инвалидов»",
    short_name="Октябрьский дом-интернат",
    city="Вологодская область",
    kind=OrganisationKind.HOST,
    parent_id=VOLOGDA_AUTHORITY.id,
)
VOLOGDA_2022 = Site(
    id="vologda-omp-2022",
    region_id=VOLOGDA_ID,
    institution_id=SHEKSNA_KCSON.id,
    direction_id="vologda-district-service",
    status=SiteStatus.METHODOLOGICAL_PLATFORM,
    code="ОМП-2022",
    polozhenie="",
    citation="ОМП Департамента, отчет за 2022 год (002:1–2); базовое учреждение — условно",
    status_since=date(2022, 1, 1),
)
VOLOGDA_2023 = Site(
    id="vologda-omp-2023",
    region_id=VOLOGDA_ID,
    institution_id=OKTYABRSKY_HOME.id,
    direction_id="vologda-social-design",
    status=SiteStatus.METHODOLOGICAL_PLATFORM,
    code="ОМП-2023",
    polozhenie="",
    citation="ОМП (ресурсный центр), отчет за 2023 год (003:19); приказы от 29.12.2018 № 745/п, 25.12.2019 № 821/п",
    status_since=date(2023, 1, 1),
)
VOLOGDA = RegionData(
    region=Region(
        id=VOLOGDA_ID, name="Вологодская область", timezone="Europe/Moscow", authority_id=VOLOGDA_AUTHORITY.id
    ),
    organisations=(VOLOGDA_AUTHORITY, SHEKSNA_KCSON, OKTYABRSKY_HOME),
    sites=(
        (VOLOGDA_2022, "Развитие деятельности участковой социальной службы"),
        (VOLOGDA_2023, "Социальное проектирование в организациях социального обслуживания"),
    ),
)

# --- Sverdlovsk region (seed 000; names of the district's organisation and sections synthetic) ---------------------

SVERDLOVSK_ID = "66"
SVERDLOVSK_MINISTRY = Institution(
    id="sverdlovsk-msp",
    region_id=SVERDLOVSK_ID,
    name="Министерство социальной политики Свердловской области",
    short_name="Минсоцполитики Свердловской области",
    city="Екатеринбург",
    kind=OrganisationKind.AUTHORITY,
)
SVERDLOVSK_OMC = Institution(
    id="sverdlovsk-omc",
    region_id=SVERDLOVSK_ID,
    name="ГКУ СО «Организационно-методический центр социальной помощи»",
    short_name="ОМЦ",
    city="Екатеринбург",
    kind=OrganisationKind.COORDINATING_CENTRE,
    parent_id=SVERDLOVSK_MINISTRY.id,
)
SOUTH_BASE = Institution(
    id="sverdlovsk-south-base",
    region_id=SVERDLOVSK_ID,
    name=f"Базовая методическая организация Южного управленческого округа {SYNTHETIC}",
    short_name=f"Базовая организация Южного округа {SYNTHETIC}",
    city="Южный управленческий округ",
    kind=OrganisationKind.HOST,
    parent_id=SVERDLOVSK_OMC.id,
)
# Member organisations of the district whose workers sit in its sections (consented by their heads, D14).
SOUTH_MEMBER_1 = Institution(
    id="sverdlovsk-south-kcson",
    region_id=SVERDLOVSK_ID,
    name=f"Комплексный центр социального обслуживания населения Южного округа {SYNTHETIC}",
    short_name=f"КЦСОН Южного округа {SYNTHETIC}",
    city="Южный управленческий округ",
    kind=OrganisationKind.MEMBER,
    parent_id=SVERDLOVSK_MINISTRY.id,
)
SOUTH_MEMBER_2 = Institution(
    id="sverdlovsk-south-home",
    region_id=SVERDLOVSK_ID,
    name=f"Дом-интернат для престарелых и инвалидов Южного округа {SYNTHETIC}",
    short_name=f"Дом-интернат Южного округа {SYNTHETIC}",
    city="Южный управленческий округ",
    kind=OrganisationKind.MEMBER,
    parent_id=SVERDLOVSK_MINISTRY.id,
)
_SECTIONS = (
    ("sverdlovsk-south-1", "Методическая секция специалистов отделений срочного социального обслуживания"),
    ("sverdlovsk-south-2", f"Методическая секция специалистов отделений социального обслуживания на дому {SYNTHETIC}"),
)
# The tiers above the sections are sites of their own (D10): the district's base organisation and the ОМЦ.
SOUTH_BASE_SITE = Site(
    id="sverdlovsk-south-base",
    region_id=SVERDLOVSK_ID,
    institution_id=SOUTH_BASE.id,
    direction_id="sverdlovsk-south-base",
    status=SiteStatus.BASE_METHODOLOGICAL_ORGANISATION,
    code="БМО",
    polozhenie="",
    citation=f"Базовая методическая организация Южного управленческого округа {SYNTHETIC}; 000:8, 000:44 (D10)",
    status_since=date(2025, 1, 1),
)
OMC_SITE = Site(
    id="sverdlovsk-omc",
    region_id=SVERDLOVSK_ID,
    institution_id=SVERDLOVSK_OMC.id,
    direction_id="sverdlovsk-omc",
    status=SiteStatus.METHODOLOGICAL_CENTRE,
    code="ОМЦ",
    polozhenie="",
    citation="Организационно-методический центр; 000:12, 000:48, 000:56 (D10)",
    status_since=date(2025, 1, 1),
)
_SECTION_SITES = tuple(
    (
        Site(
            id=site_id,
            region_id=SVERDLOVSK_ID,
            institution_id=SOUTH_BASE.id,
            direction_id=site_id,
            status=SiteStatus.METHODOLOGICAL_SECTION,
            code=f"С{number}",
            polozhenie="",
            citation=f"Секция Южного управленческого округа {SYNTHETIC}; рекомендации ОМЦ (000:12)",
            status_since=date(2025, 1, 1),
        ),
        title,
    )
    for number, (site_id, title) in enumerate(_SECTIONS, start=1)
)
SVERDLOVSK = RegionData(
    region=Region(
        id=SVERDLOVSK_ID,
        name="Свердловская область",
        timezone="Asia/Yekaterinburg",
        authority_id=SVERDLOVSK_MINISTRY.id,
    ),
    organisations=(SVERDLOVSK_MINISTRY, SVERDLOVSK_OMC, SOUTH_BASE, SOUTH_MEMBER_1, SOUTH_MEMBER_2),
    sites=(
        (OMC_SITE, "Организационно-методическое сопровождение методических секций области"),
        (SOUTH_BASE_SITE, f"Методическая работа Южного управленческого округа {SYNTHETIC}"),
        *_SECTION_SITES,
    ),
)

REGIONS: tuple[RegionData, ...] = (KHMAO, VOLOGDA, SVERDLOVSK)

# --- the officials of the two new regions (password ``demo``; fictional people) -----------------------------------

PEOPLE: tuple[tuple[str, str, str, Role, str], ...] = (
    (
        "vologda.department",
        "Соколова Марина Андреевна",
        "консультант отдела социального обслуживания Департамента социальной защиты населения Вологодской области",
        Role.DEPARTMENT,
        VOLOGDA_ID,
    ),
    (
        "sverdlovsk.ministry",
        "Журавлев Андрей Николаевич",
        "главный специалист Министерства социальной политики Свердловской области",
        Role.DEPARTMENT,
        SVERDLOVSK_ID,
    ),
    (
        "sverdlovsk.omc",
        "Белова Татьяна Сергеевна",
        "директор ГКУ СО «Организационно-методический центр социальной помощи»",
        Role.RCRSO_DIRECTOR,
        SVERDLOVSK_ID,
    ),
)


def grants_of(role: Role, region_id: str) -> tuple[Grant, ...]:
    return (Grant(role=role, scope_kind=ScopeKind.REGION, scope_id=region_id),)


# --- the people of the Sverdlovsk sections (password ``demo``; fictional people), scoped as the section expects:
# a section's leader on the section (SITE_RESPONSIBLE), the base organisation's head on the organisation's sites
# (SITE_DIRECTOR: the sections and the district's own site) and on the organisation itself (INSTITUTION_DIRECTOR:
# he consents to its own representative) and a member organisation's head on that organisation (INSTITUTION_DIRECTOR,
# D14). The ОМЦ's head (``sverdlovsk.omc`` above) sends the ОМЦ site's duties as RCRSO_DIRECTOR of the region.
SECTION_PEOPLE: tuple[tuple[str, str, str, tuple[Grant, ...]], ...] = (
    (
        "sverdlovsk.leader.1",
        "Черемухина Алла Витальевна",
        f"руководитель методической секции, заведующий отделением срочного социального обслуживания "
        f"КЦСОН Южного округа {SYNTHETIC}",
        (Grant(role=Role.SITE_RESPONSIBLE, scope_kind=ScopeKind.SITE, scope_id="sverdlovsk-south-1"),),
    ),
    (
        "sverdlovsk.leader.2",
        "Ольховский Глеб Романович",
        f"руководитель методической секции, заведующий отделением социального обслуживания на дому "
        f"базовой организации Южного округа {SYNTHETIC}",
        (Grant(role=Role.SITE_RESPONSIBLE, scope_kind=ScopeKind.SITE, scope_id="sverdlovsk-south-2"),),
    ),
    (
        "sverdlovsk.base",
        "Вересов Кирилл Андреевич",
        f"директор базовой методической организации Южного управленческого округа {SYNTHETIC}",
        (
            Grant(role=Role.SITE_DIRECTOR, scope_kind=ScopeKind.INSTITUTION, scope_id=SOUTH_BASE.id),
            Grant(role=Role.INSTITUTION_DIRECTOR, scope_kind=ScopeKind.INSTITUTION, scope_id=SOUTH_BASE.id),
        ),
    ),
    (
        "sverdlovsk.member",
        "Зябликова Нина Степановна",
        f"директор КЦСОН Южного округа {SYNTHETIC}",
        (Grant(role=Role.INSTITUTION_DIRECTOR, scope_kind=ScopeKind.INSTITUTION, scope_id=SOUTH_MEMBER_1.id),),
    ),
)
