"""Reference data of order 135-р of the KhMAO–Yugra Department of Social Development.

Приказ Депсоцразвития Югры от 04.02.2022 № 135-р «Об организации инновационной деятельности государственных
учреждений, подведомственных Депсоцразвития Югры, отмене приказов Депсоцразвития Югры» (seed 001, L46–206).

Clause 1.1 of the order (001:L68–100) grants the status of ресурсный центр in 14 directions, clause 1.2
(001:L102–110) the status of опорная площадка in 4 directions. Every direction is held by exactly one
institution, so the order clause is the stable key of both the direction and the site:
``Site.id == Site.direction_id == "1.1.5"``. The labels C1..C14 / OP15..OP18 are the numbering of the сборник
(its table of contents, 001:L25–44) and are display codes only.

17 institutions hold the 18 statuses: БУ «Геронтологический центр» is both 1.1.13 and 1.2.1, and
БУ «Ресурсный центр развития социального обслуживания» (РЦРСО) — the body that curates all sites (п. 3) — is
itself the resource centre 1.1.1.

Notes on the data:

* Direction titles are the Order's own wording (the text of the clause before « – в … учреждении …»). Local
  documents spell some of them differently (e.g. 1.1.13 «виктимного поведения», 001:L2443, against the Order's
  «виктимная профилактика», 001:L98); the Order prevails.
* ``Site.polozhenie`` is the approval of the site's local положение as it stands in the сборник; dates are
  normalised to DD.MM.YYYY, numbers and document codes are kept as written (including the source's «2020» for
  1.1.5 and «№_29-р» for 1.2.3). Numbers are not unique: № 121 approves the положения of both 1.2.2 and 1.2.4.
* ``Site.citation`` points at the line of seed 001 where the Order's clause for the direction begins.
* ``Institution.city`` is not given by the source (the сборник carries no addresses); it is the settlement the
  institution is named after, or the district for the two «Сургутский районный …» institutions.
"""

from __future__ import annotations

from domain.sites import Direction, Institution, Region, Site, SiteStatus

REGION_ID = "86"

REGION = Region(id=REGION_ID, name="Ханты-Мансийский автономный округ – Югра", timezone="Asia/Yekaterinburg")

ORDER_SHORT = "Приказ 135-р"

# --- institutions (ids are stable ASCII slugs) --------------------------------------------------------------

RCRSO_ID = "rcrso"
GERONTOLOGY_CENTER_ID = "gerontology-center"


def _institution(id_: str, name: str, short_name: str, city: str) -> Institution:
    return Institution(id=id_, region_id=REGION_ID, name=name, short_name=short_name, city=city)


INSTITUTIONS: tuple[Institution, ...] = (
    _institution(RCRSO_ID, "БУ «Ресурсный центр развития социального обслуживания»", "РЦРСО", "Сургут"),
    _institution(
        "nizhnevartovsk-rehab-center-disabled",
        "БУ «Нижневартовский многопрофильный реабилитационный центр для инвалидов»",
        "Нижневартовский реабилитационный центр для инвалидов",
        "Нижневартовск",
    ),
    _institution(
        "surgut-rehab-center",
        "БУ «Сургутский реабилитационный центр»",
        "Сургутский реабилитационный центр",
        "Сургут",
    ),
    _institution(
        "izluchinsk-residential-home",
        "БУ «Излучинский дом-интернат»",
        "Излучинский дом-интернат",
        "Излучинск",
    ),
    _institution(
        "khanty-mansiysk-family-center",
        "БУ «Ханты-Мансийский центр социальной помощи семье и детям»",
        "Ханты-Мансийский центр помощи семье и детям",
        "Ханты-Мансийск",
    ),
    _institution(
        "surgut-district-family-center",
        "БУ «Сургутский районный центр социальной помощи семье и детям»",
        "Сургутский районный центр помощи семье и детям",
        "Сургутский район",
    ),
    _institution(
        "megion-kcson",
        "БУ «Мегионский комплексный центр социального обслуживания населения»",
        "Мегионский КЦСОН",
        "Мегион",
    ),
    _institution(
        "khanty-mansiysk-orphans-center",
        "БУ «Ханты-Мансийский центр помощи детям, оставшимся без попечения родителей»",
        "Ханты-Мансийский центр помощи детям",
        "Ханты-Мансийск",
    ),
    _institution(
        "pyt-yakh-kcson",
        "БУ «Пыть-Яхский комплексный центр социального обслуживания населения»",
        "Пыть-Яхский КЦСОН",
        "Пыть-Ях",
    ),
    _institution(
        "surgut-district-homeless-center",
        "БУ «Сургутский районный центр социальной адаптации для лиц без определенного места жительства»",
        "Сургутский районный центр социальной адаптации",
        "Сургутский район",
    ),
    _institution(
        "surgut-family-center",
        "БУ «Сургутский центр социальной помощи семье и детям»",
        "Сургутский центр помощи семье и детям",
        "Сургут",
    ),
    _institution(
        "yugorsk-kcson",
        "БУ «Югорский комплексный центр социального обслуживания населения»",
        "Югорский КЦСОН",
        "Югорск",
    ),
    _institution(GERONTOLOGY_CENTER_ID, "БУ «Геронтологический центр»", "Геронтологический центр", "Сургут"),
    _institution(
        "surgut-health-center",
        "АУ «Сургутский социально-оздоровительный центр»",
        "Сургутский социально-оздоровительный центр",
        "Сургут",
    ),
    _institution(
        "nizhnevartovsk-kcson",
        "БУ «Нижневартовский комплексный центр социального обслуживания населения»",
        "Нижневартовский КЦСОН",
        "Нижневартовск",
    ),
    _institution(
        "sovetsky-minors-rehab-center",
        "БУ «Советский районный социально-реабилитационный центр для несовершеннолетних»",
        "Советский реабилитационный центр для несовершеннолетних",
        "Советский",
    ),
    _institution(
        "raduzhny-kcson",
        "БУ «Радужнинский комплексный центр социального обслуживания населения»",
        "Радужнинский КЦСОН",
        "Радужный",
    ),
)

# --- directions: (clause, line of seed 001 where the clause begins, title as the Order words it) -----------
# (a comment after the first part of a title keeps the formatter from re-joining it beyond 110 columns)

_ORDER_CLAUSES: tuple[tuple[str, int, str], ...] = (
    (
        "1.1.1",
        70,
        "Развитие добровольчества (волонтерства) в сфере социальной защиты и социального обслуживания",
    ),
    (
        "1.1.2",
        72,
        "Развитие ранней помощи детям от 0 до 3 лет (в том числе детям с ограниченными возможностями "
        "здоровья, генетическими нарушениями, детям-инвалидам, детям группы риска) и их семьям в сфере "
        "социального обслуживания",
    ),
    (
        "1.1.3",
        74,
        "Социальная реабилитация и социальное сопровождение лиц с расстройствами аутистического спектра и "
        "другими ментальными нарушениями и членов их семей",
    ),
    (
        "1.1.4",
        76,
        "Развитие сопровождаемого проживания инвалидов с психическими расстройствами, в том числе ранее "
        "получавших услуги в стационарных учреждениях социального обслуживания психоневрологического типа",
    ),
    (
        "1.1.5",
        80,
        "Социальная реабилитация и адаптация семей и детей, находящихся в социально опасном положении, "
        "трудной жизненной ситуации, профилактика безнадзорности и правонарушений несовершеннолетних",
    ),
    (
        "1.1.6",
        82,
        "Профилактика раннего материнства, социальное сопровождение беременных "  # 001:L82
        "несовершеннолетних, юных матерей",
    ),
    (
        "1.1.7",
        84,
        "Социальное сопровождение замещающих семей, улучшение качества жизни несовершеннолетних в "  # 001:L84
        "замещающих семьях",
    ),
    (
        "1.1.8",
        86,
        "Постинтернатное сопровождение лиц из числа детей-сирот и детей, оставшихся без попечения "
        "родителей, по вопросам их жизнеустройства, включая содействие в трудоустройстве, подготовка к "
        "дальнейшему самостоятельному проживанию",
    ),
    (
        "1.1.9",
        88,
        "Социальная реабилитация и социализация граждан, в том числе несовершеннолетних, страдающих "
        "патологическими зависимостями, и их семей",
    ),
    (
        "1.1.10",
        90,
        "Социальная адаптация и ресоциализация лиц без определенного места жительства, лиц, освободившихся "
        "из мест лишения свободы",
    ),
    (
        "1.1.11",
        92,
        "Социальное сопровождение граждан, пострадавших от насилия, профилактика суицидальных намерений, "
        "любых форм насилия, в том числе семейно-бытового насилия",
    ),
    (
        "1.1.12",
        94,
        "Социальное сопровождение граждан, заключивших социальный контракт и реализующих программу "
        "социальной адаптации",
    ),
    (
        "1.1.13",
        96,
        "Профилактика старческой астении, когнитивных расстройств у граждан старшего поколения, включая "
        "вопросы безопасного поведения пожилых людей (виктимная профилактика)",
    ),
    (
        "1.1.14",
        100,
        "Социальная реабилитация лиц из числа ветеранов боевых действий и членов их семей",
    ),
    (
        "1.2.1",
        104,
        "Предоставление гражданам пожилого возраста и инвалидам социальных услуг в стационарной форме "
        "социального обслуживания",
    ),
    (
        "1.2.2",
        106,
        "Предоставление гражданам пожилого возраста, инвалидам, детям-инвалидам, а также гражданам, "
        "нуждающимся в постороннем уходе в силу заболевания, социальных услуг в форме социального "
        "обслуживания на дому",
    ),
    (
        "1.2.3",
        108,
        "Социальная реабилитация, социализация, постреабилитационное сопровождение несовершеннолетних с "
        "отклонениями в развитии, несовершеннолетних с девиантным поведением, а также их семей",
    ),
    (
        "1.2.4",
        110,
        "Предоставление комплексной социальной помощи, развитие социальной адаптации иностранных граждан, в "
        "том числе семей мигрантов, переселенцев и беженцев",
    ),
)

DIRECTIONS: tuple[Direction, ...] = tuple(
    Direction(id=clause, region_id=REGION_ID, title=title) for clause, _line, title in _ORDER_CLAUSES
)

_CLAUSE_LINE: dict[str, int] = {clause: line for clause, line, _title in _ORDER_CLAUSES}

# --- sites: (clause, code, institution id, approval of the local положение (where in seed 001)) ------------

_SITE_ROWS: tuple[tuple[str, str, str, str], ...] = (
    # RCRSO's own resource centre; the curator body curates itself (segregation of duties, brief §7.12).
    ("1.1.1", "C14", RCRSO_ID, "приказ директора учреждения от 18.02.2022 № 68"),  # L3048–3050
    (
        "1.1.2",
        "C5",
        "nizhnevartovsk-rehab-center-disabled",
        "приказ директора учреждения от 09.02.2022 (номер не указан); шифр положения ПП-ИСМ-01-72-2022",
    ),  # L1066–1073
    ("1.1.3", "C12", "surgut-rehab-center", "приложение 1 к приказу от 04.02.2022 № 38/12"),  # L2632–2633
    (
        "1.1.4",
        "C8",
        "izluchinsk-residential-home",
        "приказ директора учреждения от 10.02.2022 № 70; шифр положения П-8-2020",
    ),  # L1835–1843
    # «14» февраля 2020 г. — the year is as printed in the сборник (001:L652), not a typo of ours.
    (
        "1.1.5",
        "C3",
        "khanty-mansiysk-family-center",
        "приказ директора учреждения от 14.02.2020 № 49",
    ),  # L650–652
    (
        "1.1.6",
        "C6",
        "surgut-district-family-center",
        "приказ директора учреждения от 15.02.2022 № 37",
    ),  # L1378–1380
    ("1.1.7", "C10", "megion-kcson", "приказ директора учреждения от 09.02.2022 № 81-О"),  # L2233–2235
    (
        "1.1.8",
        "C7",
        "khanty-mansiysk-orphans-center",
        "приказ директора учреждения от 10.02.2022 № 44-нп",
    ),  # L1575–1577
    ("1.1.9", "C9", "pyt-yakh-kcson", "приказ директора учреждения от 09.02.2022 № 208-О"),  # L2028–2030
    (
        "1.1.10",
        "C13",
        "surgut-district-homeless-center",
        "приказ директора учреждения от 09.02.2022 № 3-О (тем же приказом утвержден план мероприятий)",
    ),  # L2859–2861; roadmap L3008–3012
    (
        "1.1.11",
        "C2",
        "surgut-family-center",
        "приказ директора учреждения от 09.02.2022 № 15/23-П-04-27",
    ),  # L402–404
    (
        "1.1.12",
        "C4",
        "yugorsk-kcson",
        "приказ директора учреждения от 09.02.2022 № 36-р; шифр положения П – 111 – 2022",
    ),  # L865–875
    (
        "1.1.13",
        "C11",
        GERONTOLOGY_CENTER_ID,
        "приказ директора учреждения от 11.02.2022 № 34/01-05",
    ),  # L2446–2448
    (
        "1.1.14",
        "C1",
        "surgut-health-center",
        "приказ директора учреждения от 10.02.2022 № 15/26-П-03-11",
    ),  # L212–214
    (
        "1.2.1",
        "OP16",
        GERONTOLOGY_CENTER_ID,
        "приказ директора учреждения от 11.02.2022 № 35/01-05",
    ),  # L3583–3585
    (
        "1.2.2",
        "OP15",
        "nizhnevartovsk-kcson",
        "приказ директора учреждения от 09.02.2022 № 121; шифр положения П-86-09-2022",
    ),  # L3385–3394
    (
        "1.2.3",
        "OP18",
        "sovetsky-minors-rehab-center",
        "приказ директора учреждения от 09.02.2022 №_29-р",
    ),  # L3943–3945
    (
        "1.2.4",
        "OP17",
        "raduzhny-kcson",
        "приказ директора учреждения от 10.02.2022 № 121; шифр положения ПП-04-02-2022",
    ),  # L3744–3756
)


def _status(clause: str) -> SiteStatus:
    if clause.startswith("1.1."):
        return SiteStatus.RESOURCE_CENTER
    if clause.startswith("1.2."):
        return SiteStatus.SUPPORT_PLATFORM
    raise ValueError(f"clause {clause!r} is neither 1.1.x nor 1.2.x of order 135-р")


def _citation(clause: str) -> str:
    return f"{ORDER_SHORT} п. {clause} (001:L{_CLAUSE_LINE[clause]})"


# The state institutions that send a site their quarterly forms (5.2), where the site's own documents name state
# institutions as co-executors of its events (D35); the other sites have not named theirs yet.
_REPORTING: dict[str, tuple[str, ...]] = {
    "1.1.11": ("surgut-district-family-center",),  # roadmap 2.1 (001:L621–623)
    "1.2.3": ("khanty-mansiysk-family-center", "megion-kcson"),  # roadmap 2.6, 2.8 (001:L4139, L4141)
}

SITES: tuple[Site, ...] = tuple(
    Site(
        id=clause,
        region_id=REGION_ID,
        institution_id=institution_id,
        direction_id=clause,
        status=_status(clause),
        code=code,
        polozhenie=polozhenie,
        citation=_citation(clause),
        reporting_institutions=_REPORTING.get(clause, ()),
    )
    for clause, code, institution_id, polozhenie in _SITE_ROWS
)

_SITES_BY_ID: dict[str, Site] = {site.id: site for site in SITES}
_INSTITUTIONS_BY_ID: dict[str, Institution] = {institution.id: institution for institution in INSTITUTIONS}
_DIRECTIONS_BY_ID: dict[str, Direction] = {direction.id: direction for direction in DIRECTIONS}

if len(_SITES_BY_ID) != len(SITES) or len(_INSTITUTIONS_BY_ID) != len(INSTITUTIONS):
    raise RuntimeError("duplicate site or institution id in the order 135-р reference data")


def site_by_id(site_id: str) -> Site:
    """The site of order 135-р with this clause id (e.g. ``"1.1.5"``); ``KeyError`` if there is none."""
    try:
        return _SITES_BY_ID[site_id]
    except KeyError:
        raise KeyError(f"no site {site_id!r} in order 135-р") from None


def institution_of(site: Site) -> Institution:
    """The institution that holds the status of ``site``."""
    return _INSTITUTIONS_BY_ID[site.institution_id]


def direction_of(site: Site) -> Direction:
    """The direction (инновационное направление) of ``site``."""
    return _DIRECTIONS_BY_ID[site.direction_id]


def sites_of(institution_id: str) -> tuple[Site, ...]:
    """All sites held by one institution, in clause order (two for БУ «Геронтологический центр»)."""
    return tuple(site for site in SITES if site.institution_id == institution_id)
