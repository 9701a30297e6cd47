"""The 18 KhMAO sites' own variations on order 135-р (brief §2.2), each with the line of seed 001 it comes from.

What a site's documents (положение, алгоритм взаимодействия, дорожная карта 2022) add to or change in the order
becomes, per site:

* an ``ObligationOverride`` of one of the order's obligations — a stricter internal date (internal_target,
  decision D1), an extra approver of the package (согласование of the roadmap by the Department, D5), the site's
  indicator set on the quarterly report, or a note where the site's wording conflicts with the order and the order
  prevails (D1, D10);
* an addition — an obligation of the site's own with a recurring cadence: monthly meetings (заседания,
  совещания), registries (реестры) kept daily, weekly, monthly or quarterly, monthly or quarterly monitorings and
  reports, the annual informational-analytical report to the Department (D6);
* its indicator set (набор целевых показателей), checked against the site's section of target indicators.

One-off roadmap rows (a seminar in March, a conference on 01.12.2022) are not rules: they live in the structured
roadmap of the year (D15). Rows whose responsible party is another organisation are the state institutions'
obligations (D16).
"""

from __future__ import annotations

from domain.deadlines import (
    AtLeastPerPeriod,
    Citation,
    DayAfterPeriod,
    DeadlineRule,
    FixedAnnualDate,
    NoDeadline,
    Recurrence,
)
from domain.escalation import EscalationLadder
from domain.people import Role
from domain.periods import PeriodKind
from domain.regulations.khmao.base import (
    CURATOR_ACCEPTS_PACKAGE,
    CURATOR_ACCEPTS_REPORT,
    DEPARTMENT_ACCEPTS_REPORT,
    DEPARTMENT_AGREES_ROADMAP,
    DEPARTMENT_RU,
    INSTITUTION_LADDER,
    INSTITUTION_SUBMITTERS,
    OFFICE_FORMATS,
    RCRSO,
    REGISTRY_LADDER,
    SITE_ACCEPTS_FORMS,
    SITE_LADDER,
    SITE_SUBMITTERS,
    site_citation,
)
from domain.regulations.khmao.indicators import ADDICTIONS_SET, HOME_CARE_SET, STANDARD_SET, VOLUNTEERING_SET
from domain.regulations.khmao.sites import site_by_id
from domain.regulations.model import (
    DocumentItem,
    Obligation,
    ObligationKind,
    ObligationOverride,
    ReviewStep,
    SiteRules,
)

# The roadmap's chain at the sites whose положение sends the roadmap «на согласование в Депсоцразвития Югры»:
# the Department agrees first, the RCRSO curator accepts last (D5). It is the roadmap's own chain: the other
# documents of the package follow the curator's chain alone (D33).
AGREED_PACKAGE_CHAIN = (DEPARTMENT_AGREES_ROADMAP, CURATOR_ACCEPTS_PACKAGE)
ROADMAP_AGREED_BY_DEPARTMENT = {"roadmap": AGREED_PACKAGE_CHAIN}

MONTHLY = AtLeastPerPeriod(count=1, period=PeriodKind.MONTH)
QUARTERLY = AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER)
# «до 20 числа следующего за отчетным» for a yearly report: 20 January of the next year (D6).
ANNUAL_TO_DEPARTMENT = DayAfterPeriod(period=PeriodKind.YEAR, months_after=1, day=20)

REPORT_ITEM = DocumentItem(key="report", title="Отчет (файл)", clause="", formats=OFFICE_FORMATS)
REGISTRY_ITEM = DocumentItem(
    key="registry", title="Реестр (файл) и количество записей", clause="", formats=OFFICE_FORMATS
)


def _addition(
    site_id: str,
    key: str,
    title: str,
    kind: ObligationKind,
    citation: Citation,
    deadline: DeadlineRule,
    *,
    recipient: str = "",
    ladder: EscalationLadder | None = SITE_LADDER,
    obligor: Role = Role.SITE_DIRECTOR,
    submitters: tuple[Role, ...] = SITE_SUBMITTERS,
    review_chain: tuple[ReviewStep, ...] = (),
    items: tuple[DocumentItem, ...] = (),
    quota: int | None = None,
    counts_products: bool = False,
    decisions: tuple[str, ...] = (),
    note: str = "",
) -> Obligation:
    """An obligation of the site's own, for the site's status only. Items without a clause take the clause of
    the site's document that asks for them."""
    items = tuple(item if item.clause else item.model_copy(update={"clause": citation.clause}) for item in items)
    return Obligation(
        key=key,
        title=title,
        kind=kind,
        citation=citation,
        obligor=obligor,
        applies_to=(site_by_id(site_id).status,),
        recipient=recipient,
        deadline=deadline,
        ladder=ladder,
        submitters=submitters,
        review_chain=review_chain,
        items=items,
        quota=quota,
        counts_products=counts_products,
        decisions=decisions,
        note=note,
    )


def _annual_report_to_department(site_id: str, citation: Citation, note: str = "") -> Obligation:
    return _addition(
        site_id,
        "annual_report_department",
        "Ежегодный информационно-аналитический отчет об исполнении плана мероприятий («дорожной карты») в "
        "Депсоцразвития Югры",
        ObligationKind.PERIODIC_REPORT,
        citation,
        ANNUAL_TO_DEPARTMENT,
        recipient=DEPARTMENT_RU,
        review_chain=(DEPARTMENT_ACCEPTS_REPORT,),
        items=(REPORT_ITEM,),
        decisions=("D6", "D21"),
        note=("Срок — 20 января года, следующего за отчетным (D6). " + note).strip(),
    )


# --- 1.1.1 (C14) volunteering — the RCRSO's own resource centre ---------------------------------------------------

C14 = SiteRules(
    site_id="1.1.1",
    overrides=(
        ObligationOverride(
            obligation="quarterly_report",
            citation=site_citation(
                "1.1.1",
                "polozhenie",
                "6",
                "3205–3219",
                "Целевые индикаторы оценки эффективности деятельности Ресурсного центра добровольчества",
            ),
            indicators=VOLUNTEERING_SET,
            note=(
                "1.1.1: свой набор «целевых индикаторов» (6.1–6.6); I6 в редакции площадки — «Количество "
                "организаций-партнеров Ресурсного центра добровольчества» (001:L3217). Мониторинг эффективности "
                "представляется «в адрес куратора» (дорожная карта 5.33, 001:L3379): куратор 1.1.1 не может быть "
                "ответственным лицом 1.1.1, собственный отчет не принимается (D12)."
            ),
        ),
    ),
    additions=(
        _addition(
            "1.1.1",
            "volunteer_registry_monthly",
            "Реестр добровольческих (волонтерских) организаций, организаторов и заключенных соглашений",
            ObligationKind.COLLECTION,
            site_citation(
                "1.1.1",
                "roadmap",
                "2.11",
                3270,
                "Ведение реестра добровольческих (волонтерских) организаций, организаторов добровольческой "
                "(волонтерской) деятельности",
            ),
            DayAfterPeriod(period=PeriodKind.MONTH, months_after=1, day=5),
            recipient=DEPARTMENT_RU,
            items=(REGISTRY_ITEM,),
            decisions=("D20",),
            note="Ежемесячно до 5 числа месяца, следующего за отчетным; представляется в Депсоцразвития Югры.",
        ),
        _addition(
            "1.1.1",
            "stationary_monitoring_monthly",
            "Мониторинг мероприятий стационарных учреждений с организаторами добровольческой деятельности",
            ObligationKind.PERIODIC_REPORT,
            site_citation(
                "1.1.1",
                "roadmap",
                "5.4",
                3338,
                "Проведение мониторинга мероприятий, проводимых учреждениями, оказывающими социальные услуги в "
                "стационарной форме социального обслуживания",
            ),
            DayAfterPeriod(period=PeriodKind.MONTH, months_after=1, day=5),
            recipient=DEPARTMENT_RU,
            items=(REPORT_ITEM,),
        ),
        _addition(
            "1.1.1",
            "volunteer_monitorings_by_10th",
            "Ежеквартальные мониторинги развития добровольчества (5.5–5.7, 5.10, 5.11, 5.13) в Депсоцразвития Югры",
            ObligationKind.PERIODIC_REPORT,
            site_citation(
                "1.1.1",
                "roadmap",
                "5.5–5.13",
                "3339–3353",
                "ежеквартально до 10 числа месяца, следующего за отчетным периодом",
            ),
            DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=10),
            recipient=DEPARTMENT_RU,
            items=(REPORT_ITEM,),
            note=(
                "Шесть мониторингов с общим сроком: привлечение добровольцев учреждениями, календарный план "
                "значимых дат, «серебряное» волонтерство, технологии «Алло, волонтер!» и «Добрососед!», помощь "
                "ветеранам и инвалидам ВОВ."
            ),
        ),
        _addition(
            "1.1.1",
            "volunteer_monitorings_by_15th",
            "Ежеквартальные мониторинги 5.8, 5.9 (сопровождение лиц с инвалидностью, профилактика выгорания "
            "добровольцев)",
            ObligationKind.PERIODIC_REPORT,
            site_citation(
                "1.1.1",
                "roadmap",
                "5.8, 5.9",
                3345,
                "ежеквартально до 15 числа месяца, следующего за отчетным периодом",
            ),
            DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=15),
            recipient=DEPARTMENT_RU,
            items=(REPORT_ITEM,),
        ),
    ),
    indicator_set=VOLUNTEERING_SET,
    note=(
        "Ресурсный центр самого РЦРСО. Исполняет план, утвержденный Депсоцразвития Югры (001:L3149), поэтому "
        "отдельного шага согласования пакета нет (D5). 18 докладов с фиксированными датами (5.14–5.30) и прочие "
        "разовые строки — в дорожной карте года (D15)."
    ),
)

# --- 1.1.2 (C5) early help -----------------------------------------------------------------------------------------

C5 = SiteRules(
    site_id="1.1.2",
    overrides=(
        ObligationOverride(
            obligation="package",
            citation=site_citation(
                "1.1.2",
                "polozhenie",
                "4.5",
                1245,
                "Разрабатывает и направляет для согласования в Депсоцразвития Югры план мероприятий",
            ),
            item_review_chains=ROADMAP_AGREED_BY_DEPARTMENT,
            note=(
                "1.1.2: дорожная карта согласуется Депсоцразвития Югры, затем ее принимает куратор РЦРСО; "
                "остальные документы пакета — куратор (D5, D33)."
            ),
        ),
        ObligationOverride(
            obligation="quarterly_report",
            citation=site_citation("1.1.2", "roadmap", "17", "1369–1371", "Ежеквартально с нарастающим итогом"),
            note=(
                "1.1.2: отчетные формы в формате Excel, ежеквартально с нарастающим итогом (D18, D19); "
                "«коэффициент эффективности» (001:L1368) — без формулы."
            ),
        ),
    ),
    additions=(
        _annual_report_to_department(
            "1.1.2",
            site_citation(
                "1.1.2",
                "polozhenie",
                "4.5",
                1251,
                "Ежегодно представляет в Депсоцразвития Югры информационно-аналитический отчет об исполнении плана "
                "мероприятий",
            ),
            "В положении 1.1.2 дата не указана; принят срок 1.1.8 и 1.1.3.",
        ),
        _addition(
            "1.1.2",
            "methodological_association",
            "Заседание методического объединения специалистов ранней помощи",
            ObligationKind.MEETING,
            site_citation("1.1.2", "polozhenie", "3", 1215, "с периодичностью заседаний не менее 1 раза в квартал"),
            QUARTERLY,
            quota=1,
        ),
        _addition(
            "1.1.2",
            "open_day",
            "День открытых дверей для специалистов служб ранней помощи",
            ObligationKind.MEETING,
            site_citation("1.1.2", "roadmap", "14", 1365, "День открытых дверей для специалистов служб ранней помощи"),
            AtLeastPerPeriod(count=1, period=PeriodKind.HALF_YEAR),
            quota=1,
        ),
    ),
    indicator_set=STANDARD_SET,
    note=(
        "Ресурсный центр — структурное подразделение с дублером руководителя. Строки «1 раз в квартал» по "
        "стажировкам и сайту, ежемесячные материалы «Школы ответственного родительства» — в дорожной карте (D15)."
    ),
)

# --- 1.1.3 (C12) autism spectrum ----------------------------------------------------------------------------------

C12 = SiteRules(
    site_id="1.1.3",
    overrides=(
        ObligationOverride(
            obligation="package",
            citation=site_citation(
                "1.1.3",
                "polozhenie",
                "4.1.4",
                2729,
                "Разрабатывает и направляет для согласования в Депсоцразвития Югры план мероприятий",
            ),
            item_review_chains=ROADMAP_AGREED_BY_DEPARTMENT,
            note=(
                "1.1.3: дорожная карта согласуется Депсоцразвития Югры, затем ее принимает куратор РЦРСО; "
                "остальные документы пакета — куратор (D5, D33)."
            ),
        ),
        ObligationOverride(
            obligation="quarterly_report",
            citation=site_citation(
                "1.1.3",
                "polozhenie",
                "4.2.1",
                2733,
                "отчетные формы в срок до 3 числа месяца, следующего за отчетным периодом",
            ),
            internal_target=DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=3),
            note="1.1.3: внутренний срок — 3-е число; срок эскалации — 5-е по приказу (D1).",
        ),
    ),
    additions=(
        _annual_report_to_department(
            "1.1.3",
            site_citation(
                "1.1.3",
                "polozhenie",
                "4.2.2",
                2735,
                "Ежегодно до 20 числа следующего за отчетным представляет в Депсоцразвития Югры "
                "информационно-аналитический отчет",
            ),
        ),
        _addition(
            "1.1.3",
            "working_group_monthly",
            "Заседание рабочей группы по организации деятельности ресурсного центра",
            ObligationKind.MEETING,
            site_citation(
                "1.1.3",
                "roadmap",
                "1",
                2810,
                "Проведение заседаний рабочей группы по организации деятельности Ресурсного центра",
            ),
            MONTHLY,
            quota=1,
            decisions=("D11",),
            note="Проводит «куратор Ресурсного центра» — внутренний куратор площадки, не куратор РЦРСО (D11).",
        ),
        _addition(
            "1.1.3",
            "consolidated_monitoring_monthly",
            "Сводный мониторинг эффективности деятельности по направлению",
            ObligationKind.PERIODIC_REPORT,
            site_citation(
                "1.1.3",
                "roadmap",
                "30",
                2850,
                "Ежемесячно в срок до 01 числа месяца, следующего за отчетным",
            ),
            DayAfterPeriod(period=PeriodKind.MONTH, months_after=1, day=1),
            items=(REPORT_ITEM,),
            decisions=("D2",),
            note="Адресат в дорожной карте не указан: внутренний сводный мониторинг ресурсного центра.",
        ),
    ),
    indicator_set=STANDARD_SET,
    note=(
        "Разовые мероприятия с датами и целевым числом участников (ИДП ≥ 25, конференция ≥ 30, стажировки ≥ 50) — "
        "в дорожной карте (D15); квартальный отчет указывает число участников по этим строкам, недобор виден "
        "(D40, domain/regulations/khmao/participants.py). Ежемесячные консультации родителей — услуга, а не "
        "отчетная обязанность."
    ),
)

# --- 1.1.4 (C8) supported living -----------------------------------------------------------------------------------

C8 = SiteRules(
    site_id="1.1.4",
    overrides=(
        ObligationOverride(
            obligation="public_report",
            citation=site_citation("1.1.4", "roadmap", "3.4", 2020, "в течение всего периода (по мере необходимости)"),
            note=(
                "1.1.4: дорожная карта готовит доклады «по мере необходимости»; обязанность приказа — ежеквартально "
                "— сохраняется (D10)."
            ),
        ),
    ),
    additions=(
        _addition(
            "1.1.4",
            "final_report_rcrso",
            "Итоговый отчет о деятельности ресурсного центра в РЦРСО",
            ObligationKind.PERIODIC_REPORT,
            site_citation(
                "1.1.4",
                "roadmap",
                "3.3",
                2019,
                "Подготовка и предоставление итогового отчета в БУ «Ресурсный центр развития социального обслуживания»",
            ),
            FixedAnnualDate(month=12, day=20),
            recipient=RCRSO,
            review_chain=(CURATOR_ACCEPTS_REPORT,),
            items=(REPORT_ITEM,),
            decisions=("D6",),
            note="Ежегодно до 20 декабря года цикла — вместе с пакетом на следующий год.",
        ),
    ),
    indicator_set=STANDARD_SET,
)

# --- 1.1.5 (C3) families in СОП/ТЖС ---------------------------------------------------------------------------------

C3 = SiteRules(
    site_id="1.1.5",
    overrides=(
        ObligationOverride(
            obligation="quarterly_report",
            citation=site_citation(
                "1.1.5",
                "roadmap",
                "3.5",
                858,
                "Ежеквартально, в срок до 1 числа месяца, следующего за отчетным периодом",
            ),
            internal_target=DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=1),
            note=(
                "1.1.5: статистическая отчетность — до 1-го числа (внутренний срок), аналитическая информация — до "
                "5-го (001:L859), что совпадает со сроком приказа (D1)."
            ),
        ),
    ),
    additions=(
        _addition(
            "1.1.5",
            "annual_analytics_rcrso",
            "Аналитическая информация о выполнении плана мероприятий («дорожной карты») за год в РЦРСО",
            ObligationKind.PERIODIC_REPORT,
            site_citation("1.1.5", "roadmap", "3.6", 859, "Ежегодно до 1 февраля"),
            DayAfterPeriod(period=PeriodKind.YEAR, months_after=2, day=1),
            recipient=RCRSO,
            review_chain=(CURATOR_ACCEPTS_REPORT,),
            items=(REPORT_ITEM,),
            decisions=("D6", "D21"),
            note="За год N — до 1 февраля N+1.",
        ),
        _addition(
            "1.1.5",
            "monthly_meetings",
            "Рабочие совещания, семинары, практикумы в режиме ВКС о деятельности ресурсного центра",
            ObligationKind.MEETING,
            site_citation("1.1.5", "roadmap", "2.4", 847, "В течение года (ежемесячно)"),
            MONTHLY,
            quota=1,
        ),
        _addition(
            "1.1.5",
            "institution_monthly_report",
            "Статистическая, аналитическая отчетность учреждений социального обслуживания в ресурсный центр",
            ObligationKind.PERIODIC_REPORT,
            site_citation("1.1.5", "roadmap", "3.4", 857, "До 28 числа отчетного месяца"),
            DayAfterPeriod(period=PeriodKind.MONTH, months_after=0, day=28),
            recipient="ресурсный центр 1.1.5",
            ladder=INSTITUTION_LADDER,
            obligor=Role.INSTITUTION_RESPONSIBLE,
            submitters=INSTITUTION_SUBMITTERS,
            review_chain=(SITE_ACCEPTS_FORMS,),
            items=(REPORT_ITEM,),
            decisions=("D2", "D16"),
            note="Ежемесячная отчетность учреждений сверх квартальной по п. 5.2 (D2).",
        ),
    ),
    indicator_set=STANDARD_SET,
    note=(
        "Положение утверждено 14.02.2020 № 49 — до приказа 135-р; при приеме пакета выдается предупреждение. "
        "Модельная программа утверждается приказом Департамента (001:L839) — исход экспертизы (D8)."
    ),
)

# --- 1.1.6 (C6) early motherhood ---------------------------------------------------------------------------------

C6 = SiteRules(
    site_id="1.1.6",
    indicator_set=STANDARD_SET,
    note="Собственных сроков сверх приказа нет; исследование «по мере необходимости» — строка дорожной карты (D15).",
)

# --- 1.1.7 (C10) foster families -----------------------------------------------------------------------------------

C10 = SiteRules(
    site_id="1.1.7",
    overrides=(
        ObligationOverride(
            obligation="quarterly_report",
            citation=site_citation(
                "1.1.7",
                "roadmap",
                "3.3",
                2437,
                "Ежеквартально до 03 числа месяца, следующего за отчетным",
            ),
            internal_target=DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=3),
            note="1.1.7: внутренний срок — 3-е число; срок эскалации — 5-е по приказу (D1).",
        ),
    ),
    additions=(
        _addition(
            "1.1.7",
            "products_quarterly",
            "Направление методических продуктов в Экспертный совет РЦРСО (не реже 1 раза в квартал)",
            ObligationKind.QUOTA,
            site_citation("1.1.7", "roadmap", "1.5", 2407, "В течение периода, но не реже 1 раза в квартал"),
            QUARTERLY,
            recipient="Экспертный совет РЦРСО",
            quota=1,
            counts_products=True,
            decisions=("D7",),
            note=(
                "Собственная цель площадки — не менее двух положительных заключений в год (KPI); норма приказа — "
                "два направления в год (D7)."
            ),
        ),
    ),
    indicator_set=STANDARD_SET,
    note=(
        "Мониторинг эффективности учреждений до 1-го числа совпадает с п. 5.2. План ИДП и стажировочных площадок "
        "согласуется с РЦРСО (001:L2408) — строка дорожной карты 2022 года, не цепочка пакета (D5). «Кураторы по "
        "направлениям деятельности (заместители директора)» — внутренние (D11)."
    ),
)

# --- 1.1.8 (C7) post-boarding support ------------------------------------------------------------------------------

USZN_KHANTY_MANSIYSK = "УСЗН по г. Ханты-Мансийску и Ханты-Мансийскому району"

C7 = SiteRules(
    site_id="1.1.8",
    additions=(
        _annual_report_to_department(
            "1.1.8",
            site_citation(
                "1.1.8",
                "polozhenie",
                "3.4.2",
                1673,
                "Ежегодно до 20 числа следующего за отчетным представляет в Депсоцразвития Югры "
                "информационно-аналитический отчет",
            ),
        ),
        _addition(
            "1.1.8",
            "products_last_tuesday",
            "Представление учреждениями методических продуктов в ресурсный центр",
            ObligationKind.REGISTRY,
            site_citation("1.1.8", "roadmap", "7", 1810, "Последний вторник каждого месяца"),
            Recurrence(freq="monthly", weekday=1, setpos=-1),
            recipient="ресурсный центр 1.1.8",
            ladder=INSTITUTION_LADDER,
            obligor=Role.INSTITUTION_RESPONSIBLE,
            submitters=INSTITUTION_SUBMITTERS,
            decisions=("D15", "D16"),
            note="Исполнители — учреждения социального обслуживания (D16); продукты пополняют реестр площадки.",
        ),
        _addition(
            "1.1.8",
            "products_registry_monthly",
            "Формирование (актуализация) реестра методических продуктов",
            ObligationKind.COLLECTION,
            site_citation("1.1.8", "roadmap", "8", 1811, "Формирование (актуализация) реестра методических продуктов"),
            MONTHLY,
            items=(REGISTRY_ITEM,),
        ),
        _addition(
            "1.1.8",
            "institution_monthly_report",
            "Ежемесячный статистический и аналитический отчет учреждений, поставщиков в ресурсный центр",
            ObligationKind.PERIODIC_REPORT,
            site_citation("1.1.8", "roadmap", "14", 1822, "до 28 числа последнего месяца отчетного периода"),
            DayAfterPeriod(period=PeriodKind.MONTH, months_after=0, day=28),
            recipient="ресурсный центр 1.1.8",
            ladder=INSTITUTION_LADDER,
            obligor=Role.INSTITUTION_RESPONSIBLE,
            submitters=INSTITUTION_SUBMITTERS,
            review_chain=(SITE_ACCEPTS_FORMS,),
            items=(REPORT_ITEM,),
            decisions=("D2", "D16"),
        ),
        _addition(
            "1.1.8",
            "institution_annual_report",
            "Годовой статистический и аналитический отчет учреждений, поставщиков в ресурсный центр",
            ObligationKind.PERIODIC_REPORT,
            site_citation("1.1.8", "roadmap", "14", 1822, "до 15 числа месяца, следующим за отчетным периодом"),
            DayAfterPeriod(period=PeriodKind.YEAR, months_after=1, day=15),
            recipient="ресурсный центр 1.1.8",
            ladder=INSTITUTION_LADDER,
            obligor=Role.INSTITUTION_RESPONSIBLE,
            submitters=INSTITUTION_SUBMITTERS,
            review_chain=(SITE_ACCEPTS_FORMS,),
            items=(REPORT_ITEM,),
            decisions=("D2", "D16"),
        ),
        _addition(
            "1.1.8",
            "uszn_monthly_report",
            "Ежемесячный отчет ресурсного центра в УСЗН",
            ObligationKind.PERIODIC_REPORT,
            site_citation("1.1.8", "roadmap", "15", 1823, "до 1 числа месяца, следующего за отчетным периодом"),
            DayAfterPeriod(period=PeriodKind.MONTH, months_after=1, day=1),
            recipient=USZN_KHANTY_MANSIYSK,
            items=(REPORT_ITEM,),
        ),
        _addition(
            "1.1.8",
            "uszn_annual_report",
            "Годовой отчет ресурсного центра в УСЗН",
            ObligationKind.PERIODIC_REPORT,
            site_citation("1.1.8", "roadmap", "15", 1823, "до 20 числа месяца, следующим за отчетным периодом"),
            DayAfterPeriod(period=PeriodKind.YEAR, months_after=1, day=20),
            recipient=USZN_KHANTY_MANSIYSK,
            items=(REPORT_ITEM,),
            decisions=("D21",),
        ),
        _addition(
            "1.1.8",
            "analytic_report_quarterly",
            "Аналитический отчет о деятельности ресурсного центра (о выполнении плана мероприятий)",
            ObligationKind.PERIODIC_REPORT,
            site_citation(
                "1.1.8",
                "roadmap",
                "16",
                1824,
                "Ежеквартально до 1 числа месяца, следующего за отчетным периодом",
            ),
            DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=1),
            recipient=f"{USZN_KHANTY_MANSIYSK}; {RCRSO}; {DEPARTMENT_RU}",
            review_chain=(CURATOR_ACCEPTS_REPORT,),
            items=(REPORT_ITEM,),
            decisions=("D1",),
            note=(
                "Отдельный от отчетных форм п. 2.4.4 документ (их срок по положению 3.4.1 — 5-е число, 001:L1671); "
                "поэтому не внутренний ориентир, а собственная обязанность площадки (D1)."
            ),
        ),
    ),
    indicator_set=STANDARD_SET,
    note="Ежемесячные отчеты специалистов по индивидуальным планам (001:L1757) — внутренний кадровый учет.",
)

# --- 1.1.9 (C9) addictions -----------------------------------------------------------------------------------------

C9 = SiteRules(
    site_id="1.1.9",
    overrides=(
        ObligationOverride(
            obligation="package",
            citation=site_citation(
                "1.1.9",
                "polozhenie",
                "3.1.11",
                2106,
                "Разрабатывает и направляет на согласование в Депсоцразвития Югры, БУ «Ресурсный центр развития "
                "социального обслуживания» план мероприятий",
            ),
            item_review_chains=ROADMAP_AGREED_BY_DEPARTMENT,
            note=(
                "1.1.9: дорожная карта согласуется Депсоцразвития Югры и РЦРСО; согласование РЦРСО — это шаг "
                "принятия куратором направления РЦРСО (D5); остальные документы пакета принимает куратор (D33)."
            ),
        ),
        ObligationOverride(
            obligation="quarterly_report",
            citation=site_citation(
                "1.1.9",
                "polozhenie",
                "6.7–6.13",
                "2166–2180",
                "Количество разработанных инновационных программ, проектов, технологий по направлению деятельности, "
                "прошедших экспертизу",
            ),
            indicators=ADDICTIONS_SET,
            note="1.1.9: семь показателей; седьмой (I7) — продукты, прошедшие экспертизу РЦРСО.",
        ),
    ),
    additions=(
        _addition(
            "1.1.9",
            "institution_monitoring_monthly",
            "Мониторинг деятельности государственных учреждений по утвержденному плану (ежемесячно)",
            ObligationKind.COLLECTION,
            site_citation(
                "1.1.9",
                "roadmap",
                "III.2",
                2220,
                "Подготовка мониторинга деятельности государственных учреждений по направлениям деятельности в "
                "соответствии с утвержденным планом",
            ),
            MONTHLY,
            decisions=("D9",),
            note="Ежемесячная каденция площадки внутри годового охвата 100 % по п. 4.1 (D9).",
        ),
        _addition(
            "1.1.9",
            "drug_situation_monthly",
            "Мониторинг «Сведения о наркоситуации на территории ХМАО – Югры» (справки в Депсоцразвития Югры)",
            ObligationKind.PERIODIC_REPORT,
            site_citation(
                "1.1.9",
                "roadmap",
                "III.3",
                2221,
                "Подготовка мониторинга «Сведения о наркоситуации на территории ХМАО – Югры»",
            ),
            DayAfterPeriod(period=PeriodKind.MONTH, months_after=0, day=-1),
            recipient=DEPARTMENT_RU,
            items=(REPORT_ITEM,),
            note="«Ежемесячно» без числа: срок — последний день месяца.",
        ),
        _addition(
            "1.1.9",
            "court_obliged_monitoring",
            "Мониторинг работы с гражданами, на которых судом возложена обязанность прохождения диагностики, "
            "лечения, реабилитации",
            ObligationKind.COLLECTION,
            site_citation("1.1.9", "roadmap", "III.4", 2222, "по мере поступления информации"),
            NoDeadline(reason="event_driven"),
            recipient=DEPARTMENT_RU,
            ladder=None,
        ),
    ),
    indicator_set=ADDICTIONS_SET,
    note="Аналитическая справка за 2022 год со ссылкой на п. 4.2 (001:L2226) — строка дорожной карты (декабрь).",
)

# --- 1.1.10 (C13) homeless and released persons ---------------------------------------------------------------------

C13 = SiteRules(
    site_id="1.1.10",
    additions=(
        _addition(
            "1.1.10",
            "registry_identified_daily",
            "Реестр выявленных лиц без определенного места жительства, освобожденных из мест лишения свободы",
            ObligationKind.REGISTRY,
            site_citation(
                "1.1.10",
                "roadmap",
                "6",
                3030,
                "нуждающихся в определении в организации/отделения социальной адаптации, ночного пребывания",
            ),
            Recurrence(freq="daily", working_days_only=True),
            ladder=REGISTRY_LADDER,
            items=(REGISTRY_ITEM,),
            decisions=("D3", "D20"),
            note=(
                "«Ежедневно» — по рабочим дням производственного календаря; лица, выявленные в выходные, вносятся в "
                "первый рабочий день; просрочка — в конце следующего рабочего дня, без уведомлений в выходные (D3)."
            ),
        ),
        _addition(
            "1.1.10",
            "registry_placed_weekly",
            "Реестр лиц без определенного места жительства, освобожденных, находящихся в учреждениях и НКО",
            ObligationKind.REGISTRY,
            site_citation(
                "1.1.10",
                "roadmap",
                "7",
                3031,
                "находящихся в учреждениях социального обслуживания, некоммерческих организациях",
            ),
            Recurrence(freq="weekly", weekday=4),
            ladder=REGISTRY_LADDER,
            items=(REGISTRY_ITEM,),
            decisions=("D3", "D20"),
            note="«Еженедельно» — к пятнице; пятница-праздник переносится на следующий рабочий день (D3).",
        ),
        _addition(
            "1.1.10",
            "registry_released_monthly",
            "Реестр социального сопровождения лиц, освободившихся из учреждений УФСИН России по ХМАО – Югре",
            ObligationKind.COLLECTION,
            site_citation(
                "1.1.10",
                "roadmap",
                "8",
                3033,
                "Формирование и ведение реестра социального сопровождения лиц, освободившихся из учреждений УФСИН",
            ),
            DayAfterPeriod(period=PeriodKind.MONTH, months_after=0, day=-1),
            items=(REGISTRY_ITEM,),
            decisions=("D20",),
            note="«Ежемесячно» — к последнему дню месяца.",
        ),
        _addition(
            "1.1.10",
            "provider_monitoring_monthly",
            "Ежемесячный мониторинг (в т.ч. эффективности) и отчет о деятельности государственных учреждений и "
            "негосударственных поставщиков",
            ObligationKind.COLLECTION,
            site_citation(
                "1.1.10",
                "roadmap",
                "12–14",
                "3039–3043",
                "Проведение мониторинга эффективности деятельности государственных учреждений, негосударственных "
                "поставщиков",
            ),
            MONTHLY,
            items=(REPORT_ITEM,),
            decisions=("D9",),
        ),
    ),
    indicator_set=STANDARD_SET,
    note=(
        "Реестры содержат персональные данные лиц БОМЖ и освобожденных: хранятся файл и количество (D20). "
        "Консультации в исправительных учреждениях «по графику» — строка дорожной карты."
    ),
)

# --- 1.1.11 (C2) violence, suicide prevention ----------------------------------------------------------------------

C2 = SiteRules(
    site_id="1.1.11",
    additions=(
        _addition(
            "1.1.11",
            "mediators_registry",
            "Формирование и актуализация реестра «медиаторов»",
            ObligationKind.COLLECTION,
            site_citation("1.1.11", "roadmap", "1.8", 613, "Формирование и актуализация реестра «медиаторов»"),
            QUARTERLY,
            items=(REGISTRY_ITEM,),
            decisions=("D20",),
        ),
        _addition(
            "1.1.11",
            "police_info_monitoring",
            "Мониторинг информации полиции о бытовых и семейных конфликтах",
            ObligationKind.COLLECTION,
            site_citation(
                "1.1.11",
                "roadmap",
                "1.12",
                619,
                "Осуществление мониторинга информации, поступающей из полиции, о бытовых и семейных конфликтах",
            ),
            MONTHLY,
        ),
    ),
    indicator_set=STANDARD_SET,
    note=(
        "Строки «ежегодно до 20 декабря» (001:L605–612) повторяют пакет п. 2.3. Дорожная карта повторяет п. 5.2, 4.2, "
        "2.4.3 приказа (001:L639–642); только согласование директором — цепочка пакета по умолчанию (D5)."
    ),
)

# --- 1.1.12 (C4) social contract -----------------------------------------------------------------------------------

C4 = SiteRules(
    site_id="1.1.12",
    overrides=(
        ObligationOverride(
            obligation="package",
            citation=site_citation(
                "1.1.12",
                "polozhenie",
                "3.1.6",
                943,
                "Разрабатывает и направляет на согласование в Депсоцразвития Югры план мероприятий («дорожная карта») "
                "Ресурсного центра",
            ),
            item_review_chains=ROADMAP_AGREED_BY_DEPARTMENT,
            note=(
                "1.1.12: дорожная карта согласуется Депсоцразвития Югры, затем ее принимает куратор РЦРСО; "
                "остальные документы пакета — куратор (D5, D33). "
                "Положение (3.2.2, 001:L949–957) перечисляет 4 документа без дорожной карты; требуются все 5 (D4)."
            ),
        ),
    ),
    additions=(
        _addition(
            "1.1.12",
            "online_meetings_monthly",
            "Онлайн-совещания с УСО, Депсоцразвития Югры, Фондом «Мой бизнес»",
            ObligationKind.MEETING,
            site_citation("1.1.12", "roadmap", "8.2", 1053, "ежемесячно (в соответствии с графиком)"),
            MONTHLY,
            quota=1,
        ),
    ),
    indicator_set=STANDARD_SET,
)

# --- 1.1.13 (C11) senile asthenia — same institution as 1.2.1 ------------------------------------------------------

C11 = SiteRules(
    site_id="1.1.13",
    indicator_set=STANDARD_SET,
    note=(
        "Учреждение с двумя статусами (1.1.13 и 1.2.1), два цикла. Дорожная карта не содержит строк мониторинга, "
        "публичного отчета и экспертизы — обязанности приказа (п. 2.4.2, 2.4.3, 4.1–4.3) действуют (D10)."
    ),
)

# --- 1.1.14 (C1) combat veterans -------------------------------------------------------------------------------------

C1 = SiteRules(
    site_id="1.1.14",
    indicator_set=STANDARD_SET,
    note="Собственных сроков сверх приказа нет; исследование «3–4 кварталы 2022 года, 2023 год» — в дорожной карте.",
)

# --- 1.2.1 (OP16) residential care — same institution as 1.1.13 ----------------------------------------------------

OP16 = SiteRules(
    site_id="1.2.1",
    additions=(
        _addition(
            "1.2.1",
            "best_practices_quarterly",
            "Представление в РЦРСО лучших практик по стационарной форме социального обслуживания",
            ObligationKind.COLLECTION,
            site_citation(
                "1.2.1",
                "roadmap",
                "8",
                3734,
                "Представление в БУ «Ресурсный центр развития социального обслуживания» лучших практик",
            ),
            QUARTERLY,
            recipient=RCRSO,
        ),
    ),
    indicator_set=STANDARD_SET,
    note="Зеркало 1.1.13 (то же учреждение); мониторинг учреждений п. 4 к опорной площадке не применяется.",
)

# --- 1.2.2 (OP15) home-based care ----------------------------------------------------------------------------------

OP15 = SiteRules(
    site_id="1.2.2",
    overrides=(
        ObligationOverride(
            obligation="package",
            citation=site_citation(
                "1.2.2",
                "polozhenie",
                "3.1.6",
                3456,
                "Разрабатывает и направляет ежегодно на согласование в Депсоцразвития Югры, БУ «Ресурсный центр "
                "развития социального обслуживания» план мероприятий",
            ),
            item_review_chains=ROADMAP_AGREED_BY_DEPARTMENT,
            note=(
                "1.2.2: дорожная карта ежегодно согласуется Депсоцразвития Югры и РЦРСО; согласование РЦРСО — это "
                "шаг принятия куратором направления РЦРСО (D5); остальные документы пакета принимает куратор "
                "(D33). Положение (3.2.2, 001:L3462–3467) перечисляет 4 "
                "документа без дорожной карты; требуются все 5 (D4)."
            ),
        ),
        ObligationOverride(
            obligation="quarterly_report",
            citation=site_citation(
                "1.2.2",
                "polozhenie",
                "6",
                "3517–3529",
                "Критерии оценки эффективности деятельности Опорной площадки",
            ),
            indicators=HOME_CARE_SET,
            note="1.2.2: «критерии» — I8 (негосударственные поставщики) вместо I6 (социальные партнеры).",
        ),
    ),
    indicator_set=HOME_CARE_SET,
    note="Сбор от поставщиков до 1-го (III.1) и мониторинг до 5-го (III.2) совпадают с п. 5.2 и 2.4.4.",
)

# --- 1.2.3 (OP18) minors -------------------------------------------------------------------------------------------

OP18 = SiteRules(
    site_id="1.2.3",
    additions=(
        _addition(
            "1.2.3",
            "minors_registry",
            "Реестр несовершеннолетних учетных категорий, включенных в профилактические мероприятия, по МО",
            ObligationKind.COLLECTION,
            site_citation(
                "1.2.3",
                "roadmap",
                "1.7",
                4123,
                "Ведение реестра несовершеннолетних учетных категорий, включенных в профилактические мероприятия",
            ),
            QUARTERLY,
            items=(REGISTRY_ITEM,),
            decisions=("D20",),
        ),
    ),
    indicator_set=STANDARD_SET,
    note=(
        "Две модельные программы: разработка январь → Экспертный совет февраль; август → сентябрь (001:L4125–4126) — "
        "строки дорожной карты, исполняющие п. 2.4.2 (D7, D15)."
    ),
)

# --- 1.2.4 (OP17) migrants ------------------------------------------------------------------------------------------

OP17 = SiteRules(
    site_id="1.2.4",
    overrides=(
        ObligationOverride(
            obligation="quarterly_report",
            citation=site_citation(
                "1.2.4",
                "algorithm",
                "6",
                3899,
                "мониторинг деятельности опорной площадки, ежеквартально до 10 числа следующего за отчетным",
            ),
            note=(
                "1.2.4: алгоритм называет 10-е число, дорожная карта (3.2, 001:L3931) — 5-е. 10-е позже срока "
                "приказа и внутренним ориентиром быть не может; срок — 5-е число по приказу и дорожной карте (D1)."
            ),
        ),
    ),
    additions=(
        _annual_report_to_department(
            "1.2.4",
            site_citation(
                "1.2.4",
                "algorithm",
                "6",
                3899,
                "информационно-аналитический отчет об исполнении плана мероприятий («дорожной карты»), ежегодно до "
                "20 числа",
            ),
            "Адресат в таблице алгоритма смещен по колонкам; по смыслу — Депсоцразвития Югры, как у 1.1.8 и 1.1.3.",
        ),
    ),
    indicator_set=STANDARD_SET,
    note=(
        "Мониторинг поставщиков «до 10 числа» (001:L3899) — добровольная практика опорной площадки, не норма "
        "приказа. Результаты в дорожной карте не заполнены (D17). «Куратор Опорной площадки» — внутренний (D11)."
    ),
)

SITE_RULES: tuple[SiteRules, ...] = (
    C14,
    C5,
    C12,
    C8,
    C3,
    C6,
    C10,
    C7,
    C9,
    C13,
    C2,
    C4,
    C11,
    C1,
    OP16,
    OP15,
    OP18,
    OP17,
)
