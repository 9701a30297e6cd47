"""Support methodological platforms (опорно-методические площадки, ОМП) of the Vologda Department of Social Protection
of the Population (Департамент социальной защиты населения Вологодской области, ДСЗН ВО), as data.

There is no governing regulation among the sources: the regime is read from two annual reports of ОМП —
seed 002, the 2022 report of the ОМП «Развитие деятельности участковой социальной службы» (unsigned), and seed 003,
the 2023 report of the ОМП (resource centre, ресурсный центр) of АУ СО ВО «Октябрьский дом-интернат для престарелых
и инвалидов», «Социальное проектирование в организациях социального обслуживания», agreed (СОГЛАСОВАНО) by the
host's acting director and approved (УТВЕРЖДАЮ) by the Department head as chair of the Expert Council (Экспертный
совет по инновационной деятельности). Every obligation is therefore evidence of a practice, and its date is a
decision (see ``DECISIONS``); citations are ``"002:87"`` = seed 002, line 87.

The indicator catalogue (критерии, качественные и количественные показатели) is versioned by year: 2022 is the set
of seed 002 (22 indicators), 2023 the set of seed 003 (25); keys follow the master catalogue of 35 of the domain
brief (§4): ``C<criterion>.Q<n>`` qualitative, ``C<criterion>.N<n>`` quantitative (количественные).
"""

from __future__ import annotations

from domain.deadlines import AtLeastPerPeriod, Citation, DayAfterPeriod, FixedAnnualDate
from domain.escalation import EscalationLadder, EscalationLevel, LadderStep
from domain.files import FileFormat
from domain.people import Role
from domain.periods import PeriodKind
from domain.regulations.model import (
    Aggregation,
    Decision,
    DocumentItem,
    Indicator,
    IndicatorCatalogue,
    IndicatorType,
    Measure,
    Obligation,
    ObligationKind,
    Regulation,
    ReviewAction,
    ReviewStep,
)
from domain.sites import SiteStatus

REGULATION_ID = "vologda-omp"
REGION_ID = "35"  # Вологодская область
TIMEZONE = "Europe/Moscow"

DEPARTMENT = "Департамент социальной защиты населения Вологодской области"
DOCUMENT_2022 = (
    "Отчет по результатам деятельности опорно-методической площадки Департамента социальной защиты населения "
    "Вологодской области по теме «Развитие деятельности участковой социальной службы» в 2022 году"
)
DOCUMENT_2023 = (
    "Отчет по результатам деятельности опорно-методической площадки (ресурсного центра) АУ СО ВО «Октябрьский "
    "дом-интернат для престарелых и инвалидов» по теме «Социальное проектирование в организациях социального "
    "обслуживания» в 2023 году"
)
DOCUMENT = "Отчеты опорно-методических площадок ДСЗН Вологодской области за 2022 и 2023 годы (seeds 002, 003)"

OFFICE_FORMATS = (FileFormat.PDF, FileFormat.DOCX, FileFormat.DOC, FileFormat.ODT)
TABLE_FORMATS = (FileFormat.XLSX, FileFormat.XLS, FileFormat.ODS, FileFormat.DOCX, FileFormat.PDF)

# --- roles ------------------------------------------------------------------------------------------------------

# The titles people read in this regime, in place of the generic role names (which carry KhMAO's «куратор
# направления», «директор площадки»): the host's head signs СОГЛАСОВАНО (003:5), the Department head УТВЕРЖДАЮ (003:13).
ROLE_TITLES: dict[Role, str] = {
    Role.SITE_DIRECTOR: "директор учреждения — базы ОМП",
    Role.SITE_RESPONSIBLE: "руководитель ОМП (ресурсного центра)",
    Role.DEPARTMENT: "начальник Департамента социальной защиты населения Вологодской области",
    Role.CURATOR: "куратор ОМП в Департаменте",
    Role.INSTITUTION_RESPONSIBLE: "ответственный комплексного центра",
    Role.ADMIN: "администратор",
}
AGREE_TITLE = "СОГЛАСОВАНО: директор учреждения — базы ОМП (ресурсного центра); допускается И.О. директора"
APPROVE_TITLE = (
    "УТВЕРЖДАЮ: начальник Департамента социальной защиты населения Вологодской области, руководитель "
    "Экспертного совета по инновационной деятельности"
)

# --- escalation ---------------------------------------------------------------------------------------------------

# Roles in this regime: SITE_DIRECTOR — директор учреждения, на базе которого работает ОМП (signs СОГЛАСОВАНО);
# SITE_RESPONSIBLE — руководитель (ответственный) ОМП / ресурсного центра, who prepares and submits;
# DEPARTMENT — начальник ДСЗН, руководитель Экспертного совета; CURATOR — the Department's curator of the ОМП
# (not named in the seeds, see D20); INSTITUTION_RESPONSIBLE — ответственный комплексного центра (КЦСОН).
LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.REMINDER, working_days=-5, notify=(Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR)),
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.SITE_DIRECTOR, Role.CURATOR)),
        LadderStep(level=EscalationLevel.LEVEL3, working_days=5, notify=(Role.DEPARTMENT, Role.CURATOR)),
    ),
    decision=(
        "Источники не устанавливают порядок эскалации. Принято (D22): напоминание за 5 рабочих дней; по окончании "
        "срока — директору учреждения и куратору ОМП в Департаменте; через 5 рабочих дней — в Департамент. "
        "Второго уровня (директор РЦРСО) нет: в Вологодской области ОМП подчинена непосредственно Департаменту."
    ),
)

MONTHLY_LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR)),
    ),
    decision=(
        "Ежемесячные обязанности (совещания, пресс-релизы) эскалируются только внутри учреждения: пропуск месяца "
        "виден Департаменту в годовом отчете (показатели C1.N5, C4.N2) (D22)."
    ),
)

CENTRE_LADDER = EscalationLadder(
    steps=(
        # The working day before the 5th: a request opens when its quarter ends, so three working days before the 5th
        # it is not open yet (D11).
        LadderStep(level=EscalationLevel.REMINDER, working_days=-1, notify=(Role.INSTITUTION_RESPONSIBLE,)),
        LadderStep(
            level=EscalationLevel.OVERDUE,
            working_days=0,
            notify=(Role.INSTITUTION_RESPONSIBLE, Role.SITE_RESPONSIBLE),
        ),
        LadderStep(level=EscalationLevel.LEVEL3, working_days=5, notify=(Role.CURATOR,)),
    ),
    decision=(
        "Комплексные центры не подчинены ОМП: при просрочке сведений ОМП может лишь напомнить, дальше — куратор "
        "в Департаменте, которому подведомственны центры (D22). Напоминание — за рабочий день до срока: запрос "
        "открывается по окончании квартала, раньше напоминать не о чем (D11)."
    ),
)

# --- obligations --------------------------------------------------------------------------------------------------

ANNUAL_PLANS = Obligation(
    key="annual_plans",
    title=(
        "План работы ОМП и планы-графики на год (семинаров-практикумов, публикаций, рабочих совещаний), "
        "направляемые в комплексные центры"
    ),
    kind=ObligationKind.APPROVAL,
    citation=Citation(
        document=DOCUMENT_2022,
        clause="Критерий 1, качественные показатели (информирование учреждений)",
        source="002:15–19",
        quote="всем комплексным центрам Вологодской области, направлены на ознакомление",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=(SiteStatus.METHODOLOGICAL_PLATFORM,),
    recipient="Комплексные центры социального обслуживания населения области (КЦСОН) — на ознакомление",
    deadline=FixedAnnualDate(month=3, day=1),
    ladder=LADDER,
    items=(
        DocumentItem(key="work_plan", title="План работы ОМП на год", clause="002:16", formats=OFFICE_FORMATS),
        DocumentItem(
            key="seminars_schedule",
            title="План-график проведения семинаров-практикумов на год",
            clause="002:17",
            formats=OFFICE_FORMATS,
        ),
        DocumentItem(
            key="publications_schedule",
            title=(
                "План-график публикаций информационных материалов (план-график публикаций предоставления "
                "пресс-релизов) на год"
            ),
            clause="002:18, 002:39",
            formats=OFFICE_FORMATS,
        ),
        DocumentItem(
            key="meetings_schedule",
            title="План-график проведения рабочих совещаний с сотрудниками на год",
            clause="002:19",
            formats=OFFICE_FORMATS,
        ),
    ),
    submitters=(Role.SITE_RESPONSIBLE,),
    review_chain=(
        ReviewStep(
            role=Role.SITE_DIRECTOR,
            action=ReviewAction.APPROVE,
            title="Утверждение руководителем учреждения — базы ОМП («в учреждении разработан и утвержден»)",
        ),
    ),
    decisions=("D13", "D14"),
    note=(
        "Представляются на утверждение до 1 марта; после утверждения направляются всем комплексным центрам "
        "(в 2022 году — в марте, 002:15). «3 формы планов работы ОМП» (002:79) — план работы и два плана-графика "
        "(002:16–18); план-график рабочих совещаний утверждается в учреждении (002:19)."
    ),
)

WORKING_MEETINGS = Obligation(
    key="working_meetings",
    title="Рабочие совещания с сотрудниками, участвующими в работе ОМП",
    kind=ObligationKind.MEETING,
    citation=Citation(
        document=DOCUMENT_2022,
        clause="Критерий 1, количественные показатели: «Проведение рабочих совещаний»",
        source="002:79",
        quote="Ежемесячно (12 раз в год)",
    ),
    obligor=Role.SITE_RESPONSIBLE,
    applies_to=(SiteStatus.METHODOLOGICAL_PLATFORM,),
    recipient="",
    deadline=AtLeastPerPeriod(count=1, period=PeriodKind.MONTH),
    ladder=MONTHLY_LADDER,
    submitters=(Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR),  # who records the month's meeting
    quota=1,
    decisions=("D15",),
    note=(
        "Не реже одного совещания в календарный месяц по утвержденному плану-графику (002:19); в 2023 году — "
        "«12 рабочих совещаний» (003:25). Рабочие встречи с комплексными центрами (002:134, показатель C4.N1) — "
        "отдельные мероприятия, в этот счет не входят."
    ),
)

PRESS_RELEASES = Obligation(
    key="press_releases",
    title="Проекты статей для пресс-релизов на официальном портале Департамента",
    kind=ObligationKind.QUOTA,
    citation=Citation(
        document=DOCUMENT_2022,
        clause="Критерий 1, качественные показатели: «Усиление информационно-методической помощи специалистам»",
        source="002:39",
        quote=(
            "ежемесячно подготавливались проекты статей о работе социальных участковых в районах, для публикации "
            "пресс-релизов на официальном портале Департамента социальной защиты населения Вологодской области"
        ),
    ),
    obligor=Role.SITE_RESPONSIBLE,
    applies_to=(SiteStatus.METHODOLOGICAL_PLATFORM,),
    recipient=f"{DEPARTMENT} (официальный портал)",
    deadline=AtLeastPerPeriod(count=1, period=PeriodKind.MONTH),
    ladder=MONTHLY_LADDER,
    quota=1,
    decisions=("D16",),
    note=(
        "Не менее одного пресс-релиза в месяц по плану-графику публикаций (в 2022 году в него вошли 11 комплексных "
        "центров, предоставлено 11 пресс-релизов, 002:76). Публикации на сайте и в ВКонтакте учитываются в "
        "показателях C2.N1, C4.N2 (2022) и C2.N5 (2023)."
    ),
)

# The measures of «Сводная информация о результатах работы участковых социальных работников» (002:87), read from
# the figures the 2022 report gives for the year (002:23, 002:152–154). A platform of another theme has its own.
DISTRICT_SERVICE_MEASURES: tuple[Measure, ...] = (
    Measure(key="families", title="Обслужено семей", unit="семей", aggregation=Aggregation.SUM),
    Measure(key="people", title="Обслужено граждан", unit="чел.", aggregation=Aggregation.SUM),
    Measure(key="urgent", title="Оказано срочных социальных услуг", unit="услуг", aggregation=Aggregation.SUM),
    Measure(key="accompanied", title="Социальное сопровождение", unit="чел.", aggregation=Aggregation.SUM),
    Measure(key="patronage", title="На социальном патронаже", unit="чел.", aggregation=Aggregation.SUM),
    Measure(
        key="staff_units",
        title="Штатных единиц участковых специалистов",
        unit="шт. ед.",
        aggregation=Aggregation.LAST,
        fractional=True,
    ),
)

CENTRE_MONITORING = Obligation(
    key="centre_monitoring",
    title="Сведения комплексного центра для сводной информации ОМП за отчетный период",
    kind=ObligationKind.PERIODIC_REPORT,
    citation=Citation(
        document=DOCUMENT_2022,
        clause="Критерий 2, качественные показатели: мониторинг; количественные: «собранные и обобщенные отчеты»",
        source="002:87",
        quote="Ежеквартально ОСО проводится анализ деятельности участковых специалистов",
    ),
    obligor=Role.INSTITUTION_RESPONSIBLE,
    applies_to=(SiteStatus.METHODOLOGICAL_PLATFORM,),
    recipient="ОМП (ресурсный центр) — по запросу",
    deadline=DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=5),
    ladder=CENTRE_LADDER,
    submitters=(Role.INSTITUTION_RESPONSIBLE,),
    review_chain=(ReviewStep(role=Role.SITE_RESPONSIBLE, action=ReviewAction.APPROVE, title="Принятие ОМП"),),
    cumulative=True,
    measures=DISTRICT_SERVICE_MEASURES,
    # One instance per participating centre of the platform's profile and quarter («Q1-<centre>»), the centres told
    # to the running cycle whenever the profile is saved (D11).
    per_institution=True,
    institutions_told=True,
    decisions=("D10", "D11", "D12"),
    note=(
        "Каждый комплексный центр — участник ОМП (паспорт ОМП) представляет по запросу ОМП (002:145) свои сведения "
        "за квартал до 5 числа следующего месяца: отдельный экземпляр на каждый центр и квартал («Q1-<центр>»), "
        "задача — ответственному лицу центра. Нарастающие итоги (1 квартал, полугодие, 9 месяцев, год, 002:88) "
        "вычисляются из кварталов (D10). Центр, включенный в паспорт после срока квартала, этот квартал не "
        "представляет; исключенный — его непредставленные сведения отзываются (D11)."
    ),
)

QUARTERLY_MONITORING = Obligation(
    key="quarterly_monitoring",
    title="Сводная информация о результатах работы за отчетный период (мониторинг ОМП)",
    kind=ObligationKind.PERIODIC_REPORT,
    citation=Citation(
        document=DOCUMENT_2022,
        clause="Критерий 2, качественные показатели: «Проведение мониторинга…»",
        source="002:87–88",
        quote=(
            "направляется в Департамент социальной защиты населения области. Кроме того, по истечении 1 квартала, "
            "полугодия, 9 месяцев, года"
        ),
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=(SiteStatus.METHODOLOGICAL_PLATFORM,),
    recipient=DEPARTMENT,
    deadline=DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=15),
    ladder=LADDER,
    # The platform's head sends it; the host's director may too, correcting a figure of the centres' sum (D11).
    submitters=(Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR),
    review_chain=(
        ReviewStep(role=Role.CURATOR, action=ReviewAction.APPROVE, title="Принятие куратором ОМП в Департаменте"),
    ),
    items=(
        DocumentItem(
            key="summary",
            title=(
                "«Сводная информация о результатах работы участковых социальных работников Вологодской области "
                "за отчетный период» (для ОМП другой темы — сводная информация по теме ОМП)"
            ),
            clause="002:87",
            formats=TABLE_FORMATS,
        ),
    ),
    cumulative=True,
    measures=DISTRICT_SERVICE_MEASURES,
    # Summed from the centres' accepted figures, not accepted without each centre's unless the platform says why (D11).
    awaits_institution_forms="centre_monitoring",
    awaits_accepted=True,
    decisions=("D10", "D11", "D12"),
    note=(
        "Ежеквартально, нарастающим итогом: экземпляры Q1..Q4 — «1 квартал», «полугодие», «9 месяцев», «год» "
        "(002:88, 002:145). Исходные цифры — сумма принятых ОМП сведений комплексных центров (centre_monitoring); "
        "исправленная ОМП цифра видна рядом с суммой. Куратор не принимает сводную информацию без принятых "
        "сведений каждого центра, если ОМП не указала причину по каждому недостающему центру (D11)."
    ),
)

ANNUAL_REPORT = Obligation(
    key="annual_report",
    title="Отчет по результатам деятельности опорно-методической площадки за год (по четырем критериям)",
    kind=ObligationKind.CRITERIA_REPORT,
    citation=Citation(
        document=DOCUMENT_2023,
        clause="Гриф утверждения (СОГЛАСОВАНО / УТВЕРЖДАЮ)",
        source="003:3–17",
        quote=(
            "УТВЕРЖДАЮ: начальник Департамента социальной защиты населения Вологодской области, руководитель "
            "Экспертного совета по инновационной деятельности"
        ),
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=(SiteStatus.METHODOLOGICAL_PLATFORM,),
    recipient=f"{DEPARTMENT}, Экспертный совет по инновационной деятельности",
    deadline=FixedAnnualDate(month=1, day=15, year_offset=1),
    ladder=LADDER,
    submitters=(Role.SITE_RESPONSIBLE,),
    review_chain=(
        ReviewStep(
            role=Role.SITE_DIRECTOR,
            action=ReviewAction.AGREE,
            title="СОГЛАСОВАНО: директор учреждения — базы ОМП (ресурсного центра); допускается И.О. директора",
            acting_allowed=True,
        ),
        ReviewStep(
            role=Role.DEPARTMENT,
            action=ReviewAction.APPROVE,
            title=(
                "УТВЕРЖДАЮ: начальник Департамента социальной защиты населения Вологодской области, "
                "руководитель Экспертного совета по инновационной деятельности"
            ),
            acting_allowed=True,
        ),
    ),
    items=(
        DocumentItem(
            key="report",
            title=(
                "Отчет по результатам деятельности ОМП: критерий → качественные / количественные показатели → "
                "«Результативность», с грифами СОГЛАСОВАНО и УТВЕРЖДАЮ"
            ),
            clause="002:1–190, 003:1–69",
            formats=OFFICE_FORMATS,
        ),
    ),
    decisions=("D1", "D2", "D3", "D4", "D7", "D8", "D9", "D17", "D18", "D23"),
    note=(
        "Набор показателей — каталог, действующий в год цикла (catalogue_for(year)): 2022 — 22 показателя "
        "(002), с 2023 — 25 (003). Подписи обоих уровней в 2023 году датированы 15.01.2024 (003:9, 003:17)."
    ),
)

CONTINUATION_PROPOSAL = Obligation(
    key="continuation_proposal",
    title="Предложение о продолжении деятельности ОМП (ресурсного центра) в следующем году",
    kind=ObligationKind.APPROVAL,
    citation=Citation(
        document=DOCUMENT_2023,
        clause="Предложения",
        source="003:69",
        quote=(
            "Предложения: в 2024 году необходимо продолжить деятельность опорно-методической площадки "
            "(ресурсного центра)"
        ),
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=(SiteStatus.METHODOLOGICAL_PLATFORM,),
    recipient=DEPARTMENT,
    deadline=FixedAnnualDate(month=1, day=15, year_offset=1),
    ladder=LADDER,
    submitters=(Role.SITE_RESPONSIBLE,),
    review_chain=(
        ReviewStep(
            role=Role.DEPARTMENT,
            action=ReviewAction.APPROVE,
            title="Решение Департамента (руководителя Экспертного совета) о продолжении деятельности ОМП",
            acting_allowed=True,
        ),
    ),
    items=(
        DocumentItem(
            key="proposal",
            title="Раздел «Предложения» годового отчета: продолжить / завершить деятельность ОМП по теме",
            clause="003:69; 002:158–159",
            formats=OFFICE_FORMATS,
        ),
    ),
    decisions=("D19",),
    note=(
        "Представляется вместе с годовым отчетом (его заключительный раздел); решение Департамента — вход "
        "следующего цикла площадки (продление статуса)."
    ),
)

# The continuation proposal is the report's «Предложения» and the Department's decision follows its УТВЕРЖДАЮ (D19):
# CONTINUATION_PROPOSAL stays as the rule it was, no cycle plans it apart from the report.
OBLIGATIONS: tuple[Obligation, ...] = (
    ANNUAL_PLANS,
    WORKING_MEETINGS,
    PRESS_RELEASES,
    CENTRE_MONITORING,
    QUARTERLY_MONITORING,
    ANNUAL_REPORT,
)

# --- indicator catalogue ------------------------------------------------------------------------------------------

# The four criteria (критерии), the same and in the same order in both reports (002:4/81/147/169, 003:21/36/48/59).
# The canonical wording is 003's; 002:169 misspells «ОПМ» (D6).
CRITERIA: tuple[str, ...] = (
    "Эффективность управления организацией социального обслуживания (ОСО) в условиях инновационной деятельности",
    "Качество профессиональной деятельности в условиях ОМП",
    "Личностная и профессиональная значимость участия специалистов в инновационной деятельности",
    "Социально-экономическая значимость деятельности ОМП",
)


def _indicator(
    key: str, title: str, value_type: IndicatorType, source: str, document: str, unit: str = ""
) -> Indicator:
    criterion = int(key[1])
    qualitative = key.split(".")[1].startswith("Q")
    part = "качественные показатели" if qualitative else "количественные показатели"
    return Indicator(
        key=key,
        title=title,
        value_type=value_type,
        citation=Citation(document=document, clause=f"Критерий {criterion}, {part}", source=source, quote=title),
        criterion=CRITERIA[criterion - 1],
        qualitative=qualitative,
        unit=unit,
    )


def _i2022(key: str, title: str, value_type: IndicatorType, line: int, unit: str = "") -> Indicator:
    return _indicator(key, title, value_type, f"002:{line}", DOCUMENT_2022, unit)


def _i2023(key: str, title: str, value_type: IndicatorType, line: int, unit: str = "") -> Indicator:
    return _indicator(key, title, value_type, f"003:{line}", DOCUMENT_2023, unit)


T = IndicatorType

# Titles are verbatim (whitespace collapsed; a trailing «(далее – …)» and «:» dropped), including the seed's own
# spelling: «опорно- методической» (002:10), «ведение» (002:91), «площадки» (002:180) — see D5.
CATALOGUE_2022 = IndicatorCatalogue(
    id="vologda-omp-2022",
    year=2022,
    criteria=CRITERIA,
    indicators=(
        _i2022(
            "C1.Q1",
            "Информирование учреждений социального обслуживания населения области об организации и содержании "
            "работы опорно- методической площадки",
            T.TEXT,
            10,
        ),
        _i2022("C1.Q2", "Проведение рабочих совещаний с сотрудниками центра, участвующих в работе ОМП", T.TEXT, 14),
        _i2022(
            "C1.Q4",
            "Стимулирование творческих инициатив руководителей структурных подразделений и специалистов",
            T.TEXT,
            30,
        ),
        _i2022("C1.Q5", "Усиление информационно-методической помощи специалистам", T.TEXT, 33),
        _i2022("C1.Q6", "Обеспечение повышения квалификации, обмена опытом", T.TEXT, 43),
        _i2022(
            "C1.Q7",
            "Ведение эффективных профессиональных переговоров с учреждениями социального обслуживания населения",
            T.TEXT,
            50,
        ),
        _i2022(
            "C1.N1",
            "Количество семинаров, «круглых столов», конференций, мастер-классов, стажировок и др., организованных "
            "и проведенных ОМП",
            T.COUNT,
            55,
            "мероприятий",
        ),
        _i2022("C1.N2", "Количество получателей социальных услуг, вовлеченных в мероприятия ОМП", T.COUNT, 62, "чел."),
        _i2022("C1.N3", "Количество специалистов, вовлеченных в деятельность ОМП", T.COUNT, 66, "чел."),
        _i2022(
            "C1.N4", "Количество информационно-методических материалов, разработанных ОМП", T.COUNT, 71, "материалов"
        ),
        _i2022("C1.N5", "Проведение рабочих совещаний", T.COUNT, 78, "совещаний"),
        _i2022(
            "C2.Q1",
            "Проведение мониторинга предоставления социального обслуживания гражданам, проживающим на селе "
            "участковыми специалистами",
            T.TEXT,
            86,
        ),
        _i2022(
            "C2.Q2",
            "Разработка и ведение новых программ, практик, технологий, направлений деятельности ОСО",
            T.TEXT,
            91,
        ),
        _i2022("C2.N1", "Количество публикаций", T.COUNT, 141, "публикаций"),
        _i2022("C2.N2", "Количество собранных и обобщенных отчетов по ОСО", T.COUNT, 144, "отчетов"),
        _i2022("C3.Q3", "Результативность профессиональной деятельности в условиях ОМП", T.TEXT, 151),
        _i2022("C3.N1", "Количество специалистов ОМП", T.NUMBER, 163, "штатных единиц"),
        _i2022("C4.Q1", "Привлечение дополнительных материально-технических ресурсов", T.BOOLEAN, 174),
        _i2022(
            "C4.Q2",
            "Использование малозатратных форм реализации плана работы ОМП и проведения мероприятий с высоким "
            "социальным эффектом",
            T.TEXT,
            177,
        ),
        _i2022(
            "C4.Q3",
            "Трансляция и тиражирование деятельности площадки и ее результатов в профессиональном сообществе, СМИ, "
            "социальных сетях",
            T.TEXT,
            180,
        ),
        _i2022("C4.N1", "Количество рабочих встреч", T.COUNT, 186, "встреч"),
        _i2022("C4.N2", "Количество пресс-релизов", T.COUNT, 189, "пресс-релизов"),
    ),
)

CATALOGUE_2023 = IndicatorCatalogue(
    id="vologda-omp-2023",
    year=2023,
    criteria=CRITERIA,
    indicators=(
        _i2023(
            "C1.Q3",
            "Наличие перспективного, поэтапного и оперативного планирования и решения управленческих задач в "
            "соответствии с планом деятельности опорно-методической площадки",
            T.BOOLEAN,
            24,
        ),
        _i2023(
            "C1.Q4",
            "Стимулирование творческих инициатив руководителей структурных подразделений и специалистов",
            T.TEXT,
            25,
        ),
        _i2023("C1.Q5", "Усиление информационно-методической помощи специалистам", T.TEXT, 28),
        _i2023(
            "C1.Q6",
            "Обеспечение повышения квалификации, обмена опытом, поощрение руководителей организаций социального "
            "обслуживания",
            T.TEXT,
            29,
        ),
        _i2023(
            "C1.N1",
            "Количество семинаров, «круглых столов», конференций, мастер-классов, стажировок и др., организованных "
            "и проведенных ОМП",
            T.COUNT,
            31,
            "мероприятий",
        ),
        _i2023("C1.N2", "Количество получателей социальных услуг, вовлеченных в мероприятия ОМП", T.COUNT, 32, "чел."),
        _i2023("C1.N3", "Количество специалистов, вовлеченных в деятельность ОМП", T.COUNT, 34, "чел."),
        _i2023(
            "C1.N4", "Количество информационно-методических материалов, разработанных ОМП", T.COUNT, 35, "материалов"
        ),
        _i2023(
            "C2.Q2",
            "Разработка и введение новых программ, практик, технологий, направлений деятельности ОСО",
            T.TEXT,
            38,
        ),
        _i2023(
            "C2.Q3",
            "Повышение степени открытости ОСО, расширение связей с социумом, трансляция опыта инновационной "
            "деятельности",
            T.TEXT,
            39,
        ),
        _i2023(
            "C2.Q4",
            "Результативное применение новых технологий, программ, обеспечивающих повышение качества оказания услуг",
            T.TEXT,
            40,
        ),
        _i2023(
            "C2.Q5",
            "Участие в научно-практических конференциях, семинарах, «круглых столах», грантовой деятельности",
            T.TEXT,
            41,
        ),
        _i2023("C2.N3", "Количество поданных заявок на гранты", T.COUNT, 45, "заявок"),
        _i2023(
            "C2.N4",
            "Количество технологий, применяемых в рамках деятельности ОМП, включенных в областной Банк социальных "
            "практик (технологий, программ, проектов) организаций социального обслуживания области",
            T.COUNT,
            46,
            "технологий",
        ),
        _i2023(
            "C2.N5",
            "Количество публикаций, выступлений в СМИ, отражающих результаты деятельности ОМП",
            T.COUNT,
            47,
            "публикаций и выступлений",
        ),
        _i2023(
            "C3.Q1",
            "Формирование позитивной мотивации специалистов к участию в инновационной и творческой работе",
            T.TEXT,
            51,
        ),
        _i2023(
            "C3.Q2",
            "Эмоционально-личностная удовлетворенность участников инновационной деятельности",
            T.PERCENT,
            52,
            "%",
        ),
        _i2023("C3.Q3", "Результативность профессиональной деятельности в условиях ОМП", T.TEXT, 53),
        _i2023(
            "C3.N2",
            "Количество специалистов ОМП, участвовавших в научных, научно-методических мероприятиях (конференциях, "
            "форумах, «круглых столах», конкурсах, коллегиях, совещаниях и др.)",
            T.COUNT,
            55,
            "чел.",
        ),
        _i2023(
            "C3.N3",
            "Количество специалистов ОМП, занявших призовые места на научных конференциях, региональных и "
            "федеральных конкурсах",
            T.COUNT,
            56,
            "чел.",
        ),
        _i2023("C4.Q1", "Привлечение дополнительных материально-технических ресурсов", T.BOOLEAN, 61),
        _i2023(
            "C4.Q2",
            "Использование малозатратных форм реализации плана работы ОМП и проведения мероприятий с высоким "
            "социальным эффектом",
            T.TEXT,
            62,
        ),
        _i2023(
            "C4.Q3",
            "Трансляция и тиражирование деятельности ОМП и ее результатов в профессиональном сообществе, СМИ, "
            "социальных сетях",
            T.TEXT,
            63,
        ),
        _i2023("C4.N3", "Количество заключенных соглашений о сотрудничестве", T.COUNT, 66, "соглашений"),
        _i2023(
            "C4.N4",
            "Количество консультаций по применению инновационного опыта (технологий), проведенных для специалистов "
            "ОСО области",
            T.COUNT,
            67,
            "консультаций",
        ),
    ),
)

CATALOGUES: tuple[IndicatorCatalogue, ...] = (CATALOGUE_2022, CATALOGUE_2023)


def catalogue_for(year: int) -> IndicatorCatalogue:
    """The catalogue in force in a cycle year: the latest one whose year is not after it (D4)."""
    in_force = [c for c in CATALOGUES if c.year <= year]
    if not in_force:
        raise KeyError(f"Каталог показателей ОМП на {year} год не определен (первый — {CATALOGUES[0].year}).")
    return max(in_force, key=lambda c: c.year)


def master_catalogue() -> tuple[Indicator, ...]:
    """The union of all years' indicators by key (the brief's master catalogue of 35), the latest wording winning."""
    by_key: dict[str, Indicator] = {}
    for catalogue in sorted(CATALOGUES, key=lambda c: c.year):
        for indicator in catalogue.indicators:
            by_key[indicator.key] = indicator
    return tuple(sorted(by_key.values(), key=_indicator_order))


def _indicator_order(indicator: Indicator) -> tuple[int, int, int]:
    criterion, rest = indicator.key.split(".")
    return int(criterion[1:]), 0 if rest[0] == "Q" else 1, int(rest[1:])


# --- decisions ----------------------------------------------------------------------------------------------------

# Ids are this regulation's own; the comment names the item of the domain brief's §8 each one settles.
DECISIONS: tuple[Decision, ...] = (
    # brief §8.1
    Decision(
        id="D1",
        question="Каков срок годового отчета ОМП? Ни один источник срока не устанавливает.",
        decision=(
            "Отчет поступает в цепочку утверждения не позднее 15 января года, следующего за отчетным (перенос с "
            "нерабочего дня — на следующий рабочий). Собственного срока у шагов СОГЛАСОВАНО и УТВЕРЖДАЮ нет; срок "
            "доработки возвращенного отчета — не менее 5 рабочих дней. Срок настраивается."
        ),
        reason=(
            "Единственное наблюдение: отчет за 2023 год согласован и утвержден 15.01.2024 (обе подписи). Если отчет "
            "был подписан обоими 15 января, он был готов не позднее этого дня; более ранний срок сделал бы "
            "единственную известную практику нарушением, более поздний — не подтвержден ничем. Это наблюдение, а не "
            "норма, поэтому срок — параметр регламента."
        ),
        sources=("003:9", "003:17"),
    ),
    # brief §8.16
    Decision(
        id="D2",
        question="Кто подписывает годовой отчет и может ли подписать исполняющий обязанности?",
        decision=(
            "Цепочка: СОГЛАСОВАНО — директор учреждения, на базе которого работает ОМП; УТВЕРЖДАЮ — начальник "
            "Департамента как руководитель Экспертного совета по инновационной деятельности. На обоих шагах "
            "допускается И.О. (acting_allowed): подпись хранит фактическую должность подписавшего («И.О. директора»), "
            "право подписи проверяется по выданной роли на дату подписи, а не по тексту должности."
        ),
        reason=(
            "В отчете за 2023 год согласование подписано И.О. директора; исполняющий обязанности по российской "
            "практике обладает полномочиями должности. Для начальника Департамента И.О. не наблюдался, но запрет "
            "ничем не обоснован и остановил бы утверждение на время отпуска."
        ),
        sources=("003:3", "003:5", "003:7", "003:11", "003:13"),
    ),
    # brief §8.14
    Decision(
        id="D3",
        question=(
            "Отчет за 2022 год не подписан и не имеет грифов. Можно ли считать отчет представленным без СОГЛАСОВАНО?"
        ),
        decision=(
            "Нет. Цепочка СОГЛАСОВАНО → УТВЕРЖДАЮ действует с первого года регламента (2022); отчет 002 считается "
            "текстом отчета без листа подписей, а не примером иного порядка."
        ),
        reason=(
            "В 002 нет ни грифов, ни даты, не названо даже учреждение: это признаки копии текста, а не отдельного "
            "порядка. Единственный подписанный отчет (003) показывает двухуровневую цепочку."
        ),
        sources=("002:1", "002:2", "003:3", "003:11"),
    ),
    # brief §8.7
    Decision(
        id="D4",
        question=(
            "Отчеты 2022 и 2023 годов имеют одинаковые критерии, но разные показатели (22 и 25, общих 12). Единый "
            "перечень, шаблон по годам или свободные показатели?"
        ),
        decision=(
            "Шаблон по годам: каталог 2022 года — показатели отчета 002, каталог 2023 года — показатели отчета 003; "
            "ключи — из сводного перечня 35 показателей (C1.Q1 … C4.N4). В году цикла действует последний каталог "
            "с годом не позднее года цикла. Показатели темы ОМП и подмножество площадки задаются SiteRules "
            "(indicator_set)."
        ),
        reason=(
            "Регламентирующий документ Департамента в источниках отсутствует. Набор 2023 года выглядит общим "
            "шаблоном (гранты, Банк социальных практик, призовые места, соглашения, опрос), набор 2022 — с "
            "тематическими заменами (мониторинг на селе, пресс-релизы). Версии по годам сохраняют оба набора "
            "без потерь и без искусственных «н/п» в 35 строках."
        ),
        sources=("002:4", "002:81", "002:147", "002:169", "003:21", "003:36", "003:48", "003:59"),
    ),
    # brief §4 (wording)
    Decision(
        id="D5",
        question="Одинаковые ли это показатели, если их формулировки в 2022 и 2023 годах различаются?",
        decision=(
            "C1.Q6 — один показатель: в 2023 году к «Обеспечение повышения квалификации, обмена опытом» добавлено "
            "«поощрение руководителей ОСО»; каждый каталог хранит формулировку своего года. C2.Q2 («ведение» в 2022, "
            "«введение» в 2023) и C4.Q3 («площадки» / «ОМП») — один показатель, формулировки сохранены дословно. "
            "Подпункты C2.Q2 в 2022 году (социальные технологии; стационарозамещающие технологии; другие практики) — "
            "разделы текста «Результативность», а не отдельные показатели."
        ),
        reason=(
            "Ядро формулировок совпадает, место в критерии то же; «ведение» — очевидная опечатка. Отдельные ключи "
            "разорвали бы сравнение по годам."
        ),
        sources=("002:43", "003:29", "002:91", "003:38", "002:95", "002:107", "002:125", "002:180", "003:63"),
    ),
    Decision(
        id="D6",
        question="Критерий 4 в отчете 2022 года назван «…деятельности ОПМ». Это другой критерий?",
        decision=(
            "Нет: опечатка. В обоих каталогах — одни и те же четыре критерия в формулировке 2023 года "
            "(«…деятельности ОМП»)."
        ),
        reason="Остальные три критерия совпадают дословно; «ОПМ» встречается в 002 и в других местах вместо «ОМП».",
        sources=("002:169", "002:10", "003:59"),
    ),
    # brief §8.10
    Decision(
        id="D7",
        question=(
            "Количественные показатели содержат текст и несколько чисел (штатные единицы и люди, год и всего, "
            "разбивка по каналам). Одно число или свободный текст?"
        ),
        decision=(
            "У каждого показателя есть текст «Результативность» (как в обоих отчетах) и одно каноническое значение "
            "его типа; остальные числа — разбивка и текст. Типы: качественные — TEXT, кроме «Наличие … "
            "планирования» (C1.Q3) и «Привлечение дополнительных ресурсов» (C4.Q1) — BOOLEAN, и "
            "«удовлетворенность» (C3.Q2) — PERCENT. Количественные — COUNT; «Количество специалистов ОМП» (C3.N1) — "
            "NUMBER в штатных единицах (110,95), «Количество специалистов, вовлеченных…» (C1.N3) — COUNT в людях. "
            "Годовое значение — каноническое, «всего» (003:46, 003:66) — в разбивке."
        ),
        reason=(
            "Обе формы — таблица «показатель | Результативность», текст обязателен всегда. В 2022 году одна и та же "
            "строка «110,95 штатных единиц, работают 123 специалиста» стоит у C1.N3 и C3.N1; в 2023 году C1.N3 "
            "заполнен людьми («23 человека»), поэтому C1.N3 — люди, а дробное значение сохраняется в C3.N1."
        ),
        sources=("002:23", "002:68", "002:164", "003:34", "003:46", "003:52", "003:66", "002:175"),
    ),
    # brief §8.9
    Decision(
        id="D8",
        question="«Не привлекались», «-» и отсутствие показателя — одно и то же?",
        decision=(
            "Три разных состояния: «Не привлекались» — значение (ноль / нет); «-» — сведения не представлены "
            "(not reported), отчет принимается, но показатель помечается; показатель, которого нет в каталоге "
            "года, — не применяется (not applicable) и не запрашивается."
        ),
        reason=(
            "«Не привлекались» — утверждение о факте; прочерк в таблице ничего не утверждает; отсутствие строки "
            "следует из версии каталога (D4)."
        ),
        sources=("002:175", "003:32", "003:61", "003:62"),
    ),
    # brief §8.11
    Decision(
        id="D9",
        question=(
            "Как поступать с расхождениями: заявлено 5 мероприятий — перечислено 4; «3 сотрудника» — 4 победы; "
            "«98 771 тыс. человек»; одинаковый текст у двух показателей?"
        ),
        decision=(
            "Предупреждать, но не блокировать представление: расхождение заявленного итога и перечня, единицы "
            "измерения, повтор одного доказательства у нескольких показателей показываются автору и "
            "согласующему. Одно доказательство может подтверждать несколько показателей."
        ),
        reason=(
            "Все эти расхождения есть в утвержденном отчете 2023 года; блокировка отвергла бы документ, который "
            "Департамент утвердил. Повтор 003:47 = 003:63 — законная ссылка одного факта на два показателя."
        ),
        sources=("003:31", "003:56", "002:64", "003:47", "003:63", "002:134", "002:187"),
    ),
    # brief §8.12
    Decision(
        id="D10",
        question="Квартальные сведения — за квартал или нарастающим итогом?",
        decision=(
            "Каждая цифра вводится один раз — за свой квартал (сведения комплексного центра за квартал); итоги "
            "нарастающим итогом (1 квартал, полугодие, 9 месяцев, год) вычисляются, а не вводятся повторно: "
            "потоковые показатели (обслужено, оказано услуг) — суммой кварталов, показатели на дату (штатные "
            "единицы) — значением последнего квартала периода. Сводная информация ОМП — сумма сведений центров. "
            "Экземпляр Q4 — «год»."
        ),
        reason=(
            "ОМП подводит итоги «по истечении 1 квартала, полугодия, 9 месяцев, года», а сводная информация "
            "собирается «за каждый квартал и 2022 год в целом»: нарастающая величина выводится из квартальных, "
            "двойной ввод дал бы расхождения между ними."
        ),
        sources=("002:88", "002:145"),
    ),
    # brief §8.1
    Decision(
        id="D11",
        question=(
            "В какие сроки представляется квартальная сводная информация (дни не указаны), кто и как представляет "
            "сведения комплексных центров, и что, если центр включен в паспорт ОМП или исключен из него в течение "
            "года?"
        ),
        decision=(
            "Двухуровневые сроки: каждый комплексный центр — участник ОМП представляет ОМП свои сведения за квартал "
            "до 5 числа месяца, следующего за кварталом; ОМП — Департаменту сводную информацию до 15 числа; для "
            "«года» (Q4) — 5 и 15 января. Сведения центра — отдельный экземпляр обязанности centre_monitoring на "
            "каждый центр и квартал («Q1-<центр>»): его представляет ответственное лицо центра (роль «ответственный "
            "комплексного центра» с областью — этот центр), принимает или возвращает руководитель ОМП, просрочка "
            "идет по лестнице центров (D22). Перечень центров — паспорт ОМП: цикл ОМП узнает его при открытии и при "
            "каждом сохранении паспорта, покрывающего год цикла. Центры, названные при открытии цикла, представляют "
            "все кварталы года; центр, включенный позже, не представляет квартал, срок которого (5-е число) к "
            "моменту включения истек. У исключенного центра отзываются запросы, по которым он ничего не направил "
            "(направленные сведения ОМП принимает или возвращает); центр, включенный снова, получает заново запросы, "
            "не открытые к моменту исключения, а открытый и отозванный запрос остается закрытым. Исходные цифры "
            "сводной информации — сумма принятых ОМП сведений центров квартала; руководитель ОМП или директор "
            "учреждения — базы ОМП вправе исправить цифру, и рядом с направленной цифрой остаются сумма центров и "
            "разница. Куратор не принимает сводную информацию, пока сведения хотя бы одного центра квартала не "
            "приняты ОМП, если ОМП не указала причину по каждому такому центру; причины записываются вместе с "
            "принятием."
        ),
        reason=(
            "Сводная информация обобщает сведения центров, поэтому срок ОМП позже срока центров; десяти дней "
            "достаточно на свод, 15 января совпадает со сроком годового отчета (D1), в котором итоги года уже нужны. "
            "Центр, вошедший в ОМП после 5-го числа, запроса за истекший квартал не получал: требовать его — значит "
            "сделать центр просрочившим в день включения и сразу поднять эскалацию к куратору; если его цифры за "
            "прошлый квартал известны, ОМП учитывает их исправлением суммы, которое видно. Условие суммы — принятие "
            "ОМП, а не одно направление: в сводную информацию не должны попасть цифры, которые ОМП вернула на "
            "доработку. Причина — по каждому центру, а не одна на всех: у центров разные обстоятельства (один не "
            "работал по теме в квартале, другой опоздал), и Департамент видит, чьих цифр нет и почему — как для "
            "форм учреждений в ХМАО (приказ 135-р п. 5.2, решение D34 регламента ХМАО)."
        ),
        sources=("002:87", "002:88", "002:145"),
    ),
    Decision(
        id="D12",
        question=(
            "Квартальный мониторинг описан только у ОМП «Развитие деятельности участковой социальной службы» "
            "(2022). Это обязанность любой ОМП?"
        ),
        decision=(
            "Да, обязанность регламента: каждая ОМП ежеквартально представляет в Департамент сводную информацию по "
            "своей теме; предмет и форма сводной информации зависят от темы. ОМП без мониторинга по теме "
            "освобождается переопределением площадки (SiteRules) с обоснованием."
        ),
        reason=(
            "Департамент получает сведения ОМП ежеквартально; в отчете 2023 года мониторинг не упомянут, но и не "
            "отменен. Явное освобождение площадки видно куратору, молчаливое отсутствие — нет."
        ),
        sources=("002:87", "002:88"),
    ),
    # brief §7.3.2
    Decision(
        id="D13",
        question=(
            "Когда утверждаются и рассылаются план работы ОМП и планы-графики? В 2022 году — «в марте», нормы нет."
        ),
        decision=(
            "Планы представляются руководителю учреждения на утверждение до 1 марта года цикла; утвержденные "
            "рассылаются во все комплексные центры (дата рассылки фиксируется). Утверждения Департаментом не "
            "требуется."
        ),
        reason=(
            "Единственное наблюдение — рассылка в марте 2022 года; срок 1 марта оставляет март на утверждение и "
            "рассылку и не делает наблюдаемую практику нарушением. План-график совещаний «разработан и утвержден» "
            "в учреждении; участие Департамента в утверждении планов не упоминается."
        ),
        sources=("002:15", "002:16", "002:17", "002:18", "002:19", "002:79"),
    ),
    Decision(
        id="D14",
        question=(
            "«План-график публикаций информационных материалов» (002:18) и «план-график публикаций предоставления "
            "пресс-релизов» (002:39) — два документа?"
        ),
        decision="Один документ: позиция publications_schedule пакета планов.",
        reason=(
            "В комплексные центры направлены «3 формы планов работы ОМП» (002:79): план работы и два плана-графика "
            "(семинаров-практикумов и публикаций); пресс-релизы готовят сами центры по этому графику."
        ),
        sources=("002:18", "002:39", "002:79"),
    ),
    Decision(
        id="D15",
        question="«Ежемесячно (12 раз в год)» — не реже раза в каждый календарный месяц или 12 раз за год?",
        decision=(
            "Не реже одного рабочего совещания в каждом календарном месяце (AtLeastPerPeriod(1, month)); нарушение "
            "месяца видно по окончании месяца. Рабочие встречи с комплексными центрами (C4.N1) — не совещания."
        ),
        reason=(
            "«Ежемесячно» задает периодичность, «12 раз в год» — ее следствие. Совещания проводятся с сотрудниками "
            "учреждения по плану-графику; рабочие встречи 002:134 адресованы руководителям и специалистам центров "
            "и учитываются отдельным показателем."
        ),
        sources=("002:79", "002:19", "003:25", "002:134", "002:187"),
    ),
    Decision(
        id="D16",
        question="Пресс-релизы: обязанность каждой ОМП и в каком объеме?",
        decision=(
            "Не менее одного проекта статьи (пресс-релиза) в месяц для портала Департамента по плану-графику "
            "публикаций. Если у площадки план-график публикаций иного вида (в 2023 году — 116 публикаций на сайте "
            "и в ВКонтакте, 003:47), обязанность переопределяется для площадки."
        ),
        reason="В 2022 году проекты статей готовились ежемесячно; в отчете 2023 года пресс-релизы не упоминаются.",
        sources=("002:39", "002:76", "002:181", "003:47"),
    ),
    # brief §8.8, §8.15
    Decision(
        id="D17",
        question="Оценивает ли Экспертный совет отчет баллами, рассматривает ли он методические продукты?",
        decision=(
            "Нет оценки баллами и нет обязанности «экспертиза продукта»: Экспертный совет представлен только "
            "подписью своего руководителя на годовом отчете (шаг УТВЕРЖДАЮ). Порядок заседаний, протоколы, "
            "включение практик в областной Банк социальных практик не моделируются до появления документа."
        ),
        reason=(
            "Ни один отчет не содержит баллов, весов или рейтингов; процедуры Экспертного совета в источниках не "
            "описаны; кто решает о включении в Банк социальных практик — не сказано."
        ),
        sources=("003:13", "003:46"),
    ),
    # brief §8.17
    Decision(
        id="D18",
        question=(
            "Результаты конкурсов и грантов объявляются после утверждения отчета (февраль 2024 года). Дополнять "
            "утвержденный отчет?"
        ),
        decision=(
            "Да, дополнением, а не правкой: подтверждение, результат которого ожидается (заявка с датой объявления), "
            "при утверждении отчета становится задачей ОМП «записать результат»; записанный результат — "
            "пронумерованное дополнение к утвержденному отчету (кто, когда, что стало с заявкой). Подписи и "
            "значения отчета не меняются; поддержанная заявка учитывается и в отчете следующего года."
        ),
        reason=(
            "Отчет подписан и утвержден, его текст менять нельзя; но Департамент должен узнать итог заявок, "
            "заявленных в отчете, без ожидания следующего года (003:40, 003:45 — итоги в феврале 2024 года)."
        ),
        sources=("003:40", "003:45"),
    ),
    Decision(
        id="D19",
        question="Кто решает о продолжении деятельности ОМП и когда?",
        decision=(
            "Предложение ОМП («продолжить» / «завершить») — раздел «Предложения» отчета по критериям; после "
            "УТВЕРЖДАЮ Департамент (начальник, руководитель Экспертного совета) записывает решение о следующем "
            "годе: продолжить или завершить. Решение — вход цикла следующего года площадки."
        ),
        reason=(
            "Оба отчета заканчиваются выводом о необходимости продолжать деятельность; отчет с этим выводом "
            "утверждает начальник Департамента. Отдельной процедуры предложения источники не знают."
        ),
        sources=("002:158", "002:159", "003:69", "003:13"),
    ),
    # brief §8.13, §8.22, §8.23
    Decision(
        id="D20",
        question=(
            "Кому принадлежит ОМП («ОМП Департамента» в 2022 году, «ОМП (ресурсного центра) учреждения» в 2023), кто "
            "куратор и в каком часовом поясе истекают сроки?"
        ),
        decision=(
            "Один статус — опорно-методическая площадка; «ресурсный центр» — синоним, не отдельный статус. Площадка — "
            "учреждение и тема; Департамент — владелец и утверждающий. Куратор ОМП — работник Департамента (роль "
            "CURATOR), в источниках не назван. Сроки истекают в конце дня по Москве (Europe/Moscow): ОМП, "
            "комплексные центры и Департамент — в одном регионе. «Дорожная карта» соответствует планам-графикам, "
            "«публичный отчет» в источниках отсутствует."
        ),
        reason=(
            "003:19 пишет «ОМП (ресурсного центра)», 002 называет ОМП «ресурсным центром» в тексте; 002:134 — "
            "деятельность «под руководством Департамента»."
        ),
        sources=("002:1", "002:21", "002:134", "003:19", "003:69"),
    ),
    # brief §8.25
    Decision(
        id="D21",
        question="Хранить ли в данных регламента имена из отчетов (подписанты, отзыв гражданина)?",
        decision=(
            "Нет: регламент хранит должности; имена подписантов появляются только в событиях подписания; отзыв "
            "гражданина — доказательство в отчете площадки, в тестовых данных — псевдонимизированно."
        ),
        reason="Персональные данные не нужны для правил; отзыв содержит сведения о трудной жизненной ситуации.",
        sources=("002:157", "003:7", "003:15"),
    ),
    Decision(
        id="D22",
        question="Кого и когда уведомлять о нарушении сроков? Источники порядка эскалации не содержат.",
        decision=(
            "Напоминание за 5 рабочих дней ответственному ОМП и директору учреждения; по окончании срока — директору "
            "и куратору ОМП в Департаменте; через 5 рабочих дней — в Департамент. Ежемесячные совещания и "
            "пресс-релизы — только уведомление внутри учреждения. Просрочка сведений комплексного центра — центру и "
            "ОМП, через 5 рабочих дней — куратору в Департаменте."
        ),
        reason=(
            "Уровня РЦРСО в Вологодской области нет: ОМП работает «под руководством Департамента». Комплексные "
            "центры ОМП не подчинены, понудить их может только Департамент. Пропуск одного месяца виден в годовом "
            "отчете и не требует вмешательства Департамента."
        ),
        sources=("002:134", "002:87", "002:79"),
    ),
    # brief §8.9, §7.3.5
    Decision(
        id="D23",
        question=(
            "Какие значения принимает показатель отчета по критериям, и как различать «Не привлекались», «-» и "
            "незаполненный показатель?"
        ),
        decision=(
            "Значение показателя: текст «Результативность» и, по типу показателя, число (целое — COUNT; дробное до "
            "сотых — штатные единицы; процент 0–100), «более N» (нижняя граница), «всего» рядом с годовым "
            "значением, разбивка (по каналам, формам), «да/нет». Пустых значений два: «не привлекались» — факт "
            "(ноль, ничего не было); «-» — ОМП ничего не сообщает (отчет принимается, показатель помечается "
            "предупреждением). Показатель каталога года без значения и без пустого значения — не заполнен: отчет "
            "не направляется на согласование, пока каждый показатель не заполнен или не отмечен «-»."
        ),
        reason=(
            "Все эти виды значений встречаются в отчетах (002:23, 002:142, 003:46, 003:47, 003:52, 003:66); "
            "«не привлекались» (002:175) утверждает факт, прочерк (003:32, 003:61) — нет, а пропуск строки "
            "нельзя отличить от забытой строки, поэтому он не допускается."
        ),
        sources=("002:23", "002:142", "002:175", "003:32", "003:46", "003:47", "003:52", "003:61", "003:66"),
    ),
)

REGULATION = Regulation(
    id=REGULATION_ID,
    version=1,
    title=(
        "Деятельность опорно-методических площадок (ресурсных центров) Департамента социальной защиты населения "
        "Вологодской области"
    ),
    document=DOCUMENT,
    region_id=REGION_ID,
    timezone=TIMEZONE,
    statuses=(SiteStatus.METHODOLOGICAL_PLATFORM,),
    first_year=2022,
    obligations=OBLIGATIONS,
    indicator_catalogues=CATALOGUES,
    decisions=DECISIONS,
    role_titles=ROLE_TITLES,
    note=(
        "Регламентирующий документ Департамента в источниках отсутствует; обязанности восстановлены по отчетам "
        "ОМП за 2022 (002) и 2023 (003) годы, сроки — решения D1, D11, D13."
    ),
)
