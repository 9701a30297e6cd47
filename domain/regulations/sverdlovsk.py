"""Methodological sections (методические секции) of heads and specialists of the social-service organisations of
Sverdlovsk region, as data.

Source: «Рекомендации по организации работы методических секций руководителей и специалистов организаций
социального обслуживания граждан, находящихся в ведении Свердловской области» (seed 000). It is a recommendation,
not a signed order: no approval stamp, date or number, no numbered clauses, and no calendar dates at all — every
date below is a decision (see ``DECISIONS``). Citations are ``"000:44"`` = seed 000, line 44.

The hierarchy, from the bottom: the section (методическая секция) with its elected head (руководитель секции); the
base methodological organisation of a management district (базовая методическая организация, управленческий
округ); the Organisational-Methodological Centre (Организационно-методический центр, ОМЦ) — ГКУ «Организационно-
методический центр социальной помощи»; the Ministry of Social Policy (Министерство социальной политики
Свердловской области). Mapping onto ``Role`` (D10): section head → SITE_RESPONSIBLE; head of the base organisation
→ SITE_DIRECTOR; head of the ОМЦ → RCRSO_DIRECTOR; ОМЦ specialists who control the sections → CURATOR;
the Ministry → DEPARTMENT.

A site of this regime is one section (SiteStatus.METHODOLOGICAL_SECTION), at its base organisation (the site's
institution). The district and regional tiers are sites of their own (D10): the base organisation of a management
district (SiteStatus.BASE_METHODOLOGICAL_ORGANISATION) owes the district's quarterly report and forwards the
materials; the ОМЦ (SiteStatus.METHODOLOGICAL_CENTRE) collects the plans, sends the generalised data to the Ministry
and compiles the collection. What the generic obligations do not run — the composition with each organisation head's
consent, the leader's election, the materials' checklist, the tiers built from the tier below — is the section
context (``domain/section/``), with its rules here (``ELECTION_RULES``, ``MATERIAL_CHECKLIST``).
"""

from __future__ import annotations

from domain.deadlines import AtLeastPerPeriod, Citation, DayAfterPeriod, FixedAnnualDate, NoDeadline
from domain.escalation import EscalationLadder, EscalationLevel, LadderStep
from domain.files import FileFormat
from domain.people import Role
from domain.periods import PeriodKind
from domain.regulations.model import (
    Decision,
    DocumentItem,
    Obligation,
    ObligationKind,
    Regulation,
    ReviewAction,
    ReviewStep,
)
from domain.regulations.section_rules import ElectionRules, MajorityBase, MaterialRequirement, TaskTerm, TieRule
from domain.sites import SiteStatus

REGULATION_ID = "sverdlovsk-sections"
REGION_ID = "66"  # Свердловская область
TIMEZONE = "Asia/Yekaterinburg"

DOCUMENT = (
    "Рекомендации по организации работы методических секций руководителей и специалистов организаций социального "
    "обслуживания граждан, находящихся в ведении Свердловской области"
)
MINISTRY = "Министерство социальной политики Свердловской области"
OMC = (
    "ГКУ СО «Организационно-методический центр социальной помощи» (Государственное казенное учреждение социального "
    "обслуживания населения Свердловской области «Организационно-методический центр социальной помощи»)"
)
BASE_ORG = "Руководитель базовой методической организации управленческого округа"

OFFICE_FORMATS = (FileFormat.DOCX, FileFormat.XLSX, FileFormat.PDF, FileFormat.DOC, FileFormat.XLS, FileFormat.ODT)

# --- the two forms (ФОРМА), verbatim ------------------------------------------------------------------------------

PLAN_FORM_TITLE = (
    "ПЛАН работы методических секций руководителей и специалистов организаций социального обслуживания, находящихся "
    "на территории управленческого округа Свердловской области"
)
# 000:84, Приложение № 1 (000:52)
PLAN_FORM_COLUMNS: tuple[str, ...] = (
    "№ п/п",
    "Наименование методической секции",
    "Руководитель методической секции (ФИО, должность, контактная информация)",
    "Состав методической секции (ФИО специалистов и наименования учреждений)",
    "Даты проведения заседаний",
    "Форма проведения заседаний (в том числе онлайн)",
    "Темы заседаний",
)
PLAN_FORM_SIGNATURE: tuple[str, ...] = ("(руководитель)", "(личная подпись)", "(расшифровка)")  # 000:86–90

REPORT_FORM_TITLE = (
    "ОТЧЕТ о работе методических секций руководителей и специалистов организаций социального обслуживания, "
    "находящихся на территории управленческого округа Свердловской области"
)
# 000:98, Приложение № 2 (000:54)
REPORT_FORM_COLUMNS: tuple[str, ...] = (
    "№ п/п",
    "Наименование методической секции",
    "Дата проведения заседаний",
    "Результаты (темы и формы заседаний (в том числе онлайн), обсуждаемые вопросы, ход работы по изучению "
    "обязательного перечня вопросов)",
    "Ответственный",
)
REPORT_FORM_SIGNATURE: tuple[str, ...] = ("(руководитель)", "(личная подпись)", "(расшифровка личной подписи)")

MEETING_FORMATS: tuple[str, ...] = ("очный", "заочный", "онлайн")  # 000:70

# The three content requirements of methodological materials (000:74).
MATERIAL_REQUIREMENTS: tuple[str, ...] = (
    "иллюстрировать актуальные методики и подходы, применяемые в организациях социального обслуживания",
    "обладать авторской интерпретацией",
    "содержать ссылки на используемые источники информации",
)

# The same three, as the checklist the head of the base organisation answers for each material (D15).
MATERIAL_CHECKLIST: tuple[MaterialRequirement, ...] = (
    MaterialRequirement(key="current_methods", text=MATERIAL_REQUIREMENTS[0], source="000:74"),
    MaterialRequirement(key="authorial_interpretation", text=MATERIAL_REQUIREMENTS[1], source="000:74"),
    MaterialRequirement(key="cited_sources", text=MATERIAL_REQUIREMENTS[2], source="000:74"),
)

# The leader's election (000:40, D6).
ELECTION_RULES = ElectionRules(
    min_tenure_months=12,
    quorum_numerator=1,
    quorum_denominator=2,
    majority_of=MajorityBase.VOTES_CAST,
    tie=TieRule.RUNOFF,
    clause="000:40",
    decisions=("D6",),
)

# [external, verify] The management districts (управленческие округа) of Sverdlovsk region (000:34).
MANAGEMENT_DISTRICTS: tuple[str, ...] = (
    "Западный управленческий округ",
    "Горнозаводской управленческий округ",
    "Северный управленческий округ",
    "Восточный управленческий округ",
    "Южный управленческий округ",
)

# How this regime names the roles people hold (D10): shown on its pages instead of the KhMAO names.
ROLE_TITLES: dict[Role, str] = {
    Role.SITE_RESPONSIBLE: "руководитель методической секции",
    Role.SITE_DIRECTOR: "руководитель базовой методической организации",
    Role.RCRSO_DIRECTOR: "руководитель Организационно-методического центра",
    Role.CURATOR: "специалист Организационно-методического центра",
    Role.DEPARTMENT: "Министерство социальной политики Свердловской области",
    Role.INSTITUTION_DIRECTOR: "руководитель организации социального обслуживания",
}

PLAN_FORM = DocumentItem(
    key="plan",
    title=f"{PLAN_FORM_TITLE} (Приложение № 1; строки секции: {'; '.join(PLAN_FORM_COLUMNS[1:])})",
    clause="Приложение № 1 (ФОРМА, 000:78–90)",
    formats=OFFICE_FORMATS,
)
REPORT_FORM = DocumentItem(
    key="report",
    title=f"{REPORT_FORM_TITLE} (Приложение № 2; строки секции: {'; '.join(REPORT_FORM_COLUMNS[1:])})",
    clause="Приложение № 2 (ФОРМА, 000:92–104)",
    formats=OFFICE_FORMATS,
)

# --- escalation ---------------------------------------------------------------------------------------------------

LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.REMINDER, working_days=-3, notify=(Role.SITE_RESPONSIBLE,)),
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR)),
        LadderStep(level=EscalationLevel.LEVEL2, working_days=5, notify=(Role.RCRSO_DIRECTOR, Role.CURATOR)),
        LadderStep(level=EscalationLevel.LEVEL3, working_days=10, notify=(Role.DEPARTMENT,)),
    ),
    decision=(
        "Рекомендации не устанавливают порядок эскалации. Принято (D13): напоминание руководителю секции за 3 "
        "рабочих дня; по окончании срока — руководителю секции и руководителю базовой методической организации; "
        "через 5 рабочих дней — руководителю ОМЦ (контроль работы секций, 000:66); через 10 — в Министерство "
        "(секции работают под его руководством, 000:12)."
    ),
)

CADENCE_LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.REMINDER, working_days=-10, notify=(Role.SITE_RESPONSIBLE,)),
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR)),
        LadderStep(level=EscalationLevel.LEVEL2, working_days=5, notify=(Role.RCRSO_DIRECTOR, Role.CURATOR)),
    ),
    decision=(
        "Полугодие без заседания: напоминание за 10 рабочих дней до конца полугодия, по его окончании — руководителю "
        "секции и базовой организации, через 5 рабочих дней — в ОМЦ (D5, D13)."
    ),
)

DISTRICT_LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.REMINDER, working_days=-3, notify=(Role.SITE_DIRECTOR,)),
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.SITE_DIRECTOR, Role.CURATOR)),
        LadderStep(level=EscalationLevel.LEVEL2, working_days=5, notify=(Role.RCRSO_DIRECTOR,)),
        LadderStep(level=EscalationLevel.LEVEL3, working_days=10, notify=(Role.DEPARTMENT,)),
    ),
    decision="Обязанности базовой организации: ей, затем куратору и руководителю ОМЦ, затем в Министерство (D13).",
)

REGIONAL_LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.REMINDER, working_days=-3, notify=(Role.RCRSO_DIRECTOR, Role.CURATOR)),
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.RCRSO_DIRECTOR,)),
        LadderStep(level=EscalationLevel.LEVEL3, working_days=5, notify=(Role.DEPARTMENT,)),
    ),
    decision="Обязанности ОМЦ: руководителю ОМЦ, затем в Министерство (D13).",
)

# The section's own tasks that no cycle dates (D17): the head's consent to a representative and the base
# organisation's check of a material. Their ladder starts at the term: who waits for the answer and the base
# organisation are told at once, the ОМЦ (control of the sections, 000:66) five working days later. A reminder
# before the term is the daily digest's («срок на этой неделе»), as for every task with a date.
TASK_LADDER = EscalationLadder(
    steps=(
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR)),
        LadderStep(level=EscalationLevel.LEVEL2, working_days=5, notify=(Role.RCRSO_DIRECTOR, Role.CURATOR)),
    ),
    decision=(
        "Сроки согласования представителя и проверки материала (D17): по их окончании — руководителю секции и "
        "руководителю базовой методической организации; через 5 рабочих дней — в ОМЦ (000:66)."
    ),
)
CONSENT_TERM = TaskTerm(
    working_days=10,
    counted_from_ru="после дня, когда работник предложен в состав секции",
    decision="D17",
    ladder=TASK_LADDER,
)
MATERIAL_CHECK_TERM = TaskTerm(
    working_days=10,
    counted_from_ru="после дня, когда материал представлен (или доработан) на проверку",
    decision="D17",
    ladder=TASK_LADDER,
)

# --- obligations of the section (S1–S12 of the domain brief §1.5) --------------------------------------------------

ANNUAL_PLAN = Obligation(
    key="annual_plan",
    title="Состав и годовой план работы методической секции",
    kind=ObligationKind.APPROVAL,
    citation=Citation(
        document=DOCUMENT,
        clause="Руководители Методических секций, п. 1; руководители базовых методических организаций, п. 1",
        source="000:44",
        quote=(
            "формируют состав и годовой план работы Методических секций, рассматривают его на заседаниях "
            "Методических секций и представляют на утверждение руководителю организации социального обслуживания"
        ),
    ),
    obligor=Role.SITE_RESPONSIBLE,
    applies_to=(SiteStatus.METHODOLOGICAL_SECTION,),
    recipient=BASE_ORG,
    deadline=FixedAnnualDate(month=12, day=20, year_offset=-1),
    ladder=LADDER,
    submitters=(Role.SITE_RESPONSIBLE,),
    review_chain=(
        ReviewStep(
            role=Role.SITE_DIRECTOR,
            action=ReviewAction.APPROVE,
            title=(
                "УТВЕРЖДАЮ: руководитель базовой методической организации управленческого округа "
                "(ежегодно утверждает состав и годовой план, Приложение № 1)"
            ),
            acting_allowed=True,
        ),
    ),
    items=(
        PLAN_FORM,
        DocumentItem(
            key="section_minutes",
            title="Протокол (выписка) заседания секции, на котором рассмотрены состав и годовой план",
            clause="000:44",
            formats=OFFICE_FORMATS,
            required=False,
        ),
        DocumentItem(
            key="member_consents",
            title="Согласование руководителями организаций включения их представителей в состав секции",
            clause="000:38",
            formats=OFFICE_FORMATS,
            required=False,
        ),
    ),
    decisions=("D3", "D7", "D9", "D14"),
    note=(
        "Руководитель секции формирует состав (по одному представителю от организации, по согласованию с ее "
        "руководителем, 000:38) и годовой план, рассматривает их на заседании секции и представляет на "
        "утверждение; руководитель базовой организации ежегодно утверждает (000:52). Строки секции в форме "
        f"Приложения № 1: {'; '.join(PLAN_FORM_COLUMNS)}."
    ),
)

SECTION_MEETINGS = Obligation(
    key="section_meetings",
    title="Заседания методической секции",
    kind=ObligationKind.MEETING,
    citation=Citation(
        document=DOCUMENT,
        clause="Заседания Методических секций",
        source="000:68",
        quote="проводятся по мере необходимости, но не реже одного раза в полугодие",
    ),
    obligor=Role.SITE_RESPONSIBLE,
    applies_to=(SiteStatus.METHODOLOGICAL_SECTION,),
    deadline=AtLeastPerPeriod(count=1, period=PeriodKind.HALF_YEAR),
    ladder=CADENCE_LADDER,
    submitters=(Role.SITE_RESPONSIBLE,),
    items=(
        DocumentItem(
            key="minutes",
            title="Протокол заседания секции (дата, формат, темы, участники и приглашенные)",
            clause="000:68–72",
            formats=OFFICE_FORMATS,
        ),
    ),
    quota=1,
    decisions=("D5",),
    note=(
        "Не реже одного раза в календарное полугодие по годовому плану; форматы — очный, заочный, онлайн (000:70); "
        "могут участвовать должностные лица Министерства и органов местного самоуправления, представители "
        "организаций и общественных объединений, научные работники, работники, не входящие в состав секции "
        "(000:72)."
    ),
)

SECTION_QUARTERLY_REPORT = Obligation(
    key="quarterly_report",
    title="Ежеквартальная отчетность секции руководителю базовой методической организации",
    kind=ObligationKind.PERIODIC_REPORT,
    citation=Citation(
        document=DOCUMENT,
        clause="Руководители Методических секций, п. 2",
        source="000:46",
        quote=(
            "представляют ежеквартальную отчетность о своей деятельности руководителю базовой методической организации"
        ),
    ),
    obligor=Role.SITE_RESPONSIBLE,
    applies_to=(SiteStatus.METHODOLOGICAL_SECTION,),
    recipient=BASE_ORG,
    deadline=DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=5),
    ladder=LADDER,
    submitters=(Role.SITE_RESPONSIBLE,),
    review_chain=(
        ReviewStep(
            role=Role.SITE_DIRECTOR,
            action=ReviewAction.APPROVE,
            title="Принятие руководителем базовой методической организации",
        ),
    ),
    items=(REPORT_FORM,),
    decisions=("D2", "D7", "D8", "D12"),
    note=(
        "Строки секции в форме Приложения № 2 за квартал (не нарастающим итогом): "
        f"{'; '.join(REPORT_FORM_COLUMNS)}. Уровни: секция → базовая организация (до 5 числа) → ОМЦ (до 12) → "
        "Министерство (до 20)."
    ),
)

SECTION_MATERIALS = Obligation(
    key="methodological_materials",
    title="Методические материалы секции, отражающие тематику заседаний",
    kind=ObligationKind.COLLECTION,
    citation=Citation(
        document=DOCUMENT,
        clause="Методические материалы",
        source="000:74",
        quote=(
            "В течение года Методические секции проводят работу по изучению и формированию методических материалов, "
            "отражающих тематику заседаний"
        ),
    ),
    obligor=Role.SITE_RESPONSIBLE,
    applies_to=(SiteStatus.METHODOLOGICAL_SECTION,),
    recipient=BASE_ORG,
    deadline=FixedAnnualDate(month=12, day=15),
    ladder=LADDER,
    submitters=(Role.SITE_RESPONSIBLE,),
    review_chain=(
        ReviewStep(
            role=Role.SITE_DIRECTOR,
            action=ReviewAction.APPROVE,
            title="Принятие руководителем базовой методической организации для передачи в ОМЦ",
        ),
    ),
    items=(
        DocumentItem(
            key="materials",
            title="Методические материалы по темам заседаний годового плана",
            clause="000:74",
            formats=(*OFFICE_FORMATS, FileFormat.PPTX, FileFormat.ZIP),
        ),
    ),
    decisions=("D4", "D15"),
    note=f"Требования к материалам (000:74): {'; '.join(MATERIAL_REQUIREMENTS)}.",
)

LEADER_ELECTION = Obligation(
    key="leader_election",
    title="Избрание руководителя методической секции",
    kind=ObligationKind.MEETING,
    citation=Citation(
        document=DOCUMENT,
        clause="Руководство Методическими секциями",
        source="000:40",
        quote=(
            "Руководитель Методической секции избирается ее членами путем открытого голосования простым "
            "большинством голосов"
        ),
    ),
    obligor=Role.SITE_RESPONSIBLE,
    applies_to=(SiteStatus.METHODOLOGICAL_SECTION,),
    deadline=NoDeadline(reason="event_driven"),
    decisions=("D6", "D14"),
    note=(
        "Кандидат — работник организации по направлению секции со стажем занимаемой должности не менее одного года "
        "(000:40). Выборы — при создании секции, при освобождении должности руководителя или по требованию членов "
        "секции (D6)."
    ),
)

# --- obligations of the district and regional tiers: cycles of the base organisation and of the ОМЦ (D10) --------

PLAN_COLLECTION = Obligation(
    key="plan_collection",
    title="Сбор информации о составе и годовом плане работы методических секций",
    kind=ObligationKind.COLLECTION,
    citation=Citation(
        document=DOCUMENT,
        clause="Руководитель Организационно-методического центра, п. 1",
        source="000:60",
        quote="ежегодно осуществляет сбор информации о составе и годовом плане работы Методических секций",
    ),
    obligor=Role.RCRSO_DIRECTOR,
    applies_to=(SiteStatus.METHODOLOGICAL_CENTRE,),
    recipient=OMC,
    deadline=FixedAnnualDate(month=1, day=31),
    ladder=REGIONAL_LADDER,
    submitters=(Role.RCRSO_DIRECTOR, Role.CURATOR),
    items=(
        DocumentItem(
            key="plans",
            title="Утвержденные планы работы методических секций управленческих округов (Приложение № 1)",
            clause="000:60",
            formats=OFFICE_FORMATS,
        ),
    ),
    decisions=("D3", "D10"),
    note="Собираются утвержденные планы всех управленческих округов (Приложение № 1).",
)

DISTRICT_QUARTERLY_REPORT = Obligation(
    key="district_quarterly_report",
    title="Ежеквартальная отчетность базовой методической организации в ОМЦ (Приложение № 2)",
    kind=ObligationKind.PERIODIC_REPORT,
    citation=Citation(
        document=DOCUMENT,
        clause="Руководители базовых методических организаций, п. 2",
        source="000:54",
        quote="представляют ежеквартальную отчетность в Организационно-методический центр (Приложение № 2)",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=(SiteStatus.BASE_METHODOLOGICAL_ORGANISATION,),
    recipient=OMC,
    deadline=DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=12),
    ladder=DISTRICT_LADDER,
    submitters=(Role.SITE_DIRECTOR,),
    review_chain=(ReviewStep(role=Role.CURATOR, action=ReviewAction.APPROVE, title="Принятие специалистом ОМЦ"),),
    items=(REPORT_FORM,),
    decisions=("D2", "D7", "D10", "D12", "D16"),
    note="Одна форма на управленческий округ: строки всех секций округа, принятые руководителем базовой организации.",
)

REGIONAL_QUARTERLY_DATA = Obligation(
    key="regional_quarterly_data",
    title="Обобщенные данные о работе методических секций Свердловской области",
    kind=ObligationKind.PERIODIC_REPORT,
    citation=Citation(
        document=DOCUMENT,
        clause="Руководитель Организационно-методического центра, п. 2",
        source="000:62",
        quote=(
            "ежеквартально представляет в Министерство социальной политики Свердловской области обобщенные данные "
            "о работе Методических секций"
        ),
    ),
    obligor=Role.RCRSO_DIRECTOR,
    applies_to=(SiteStatus.METHODOLOGICAL_CENTRE,),
    recipient=MINISTRY,
    deadline=DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=20),
    ladder=REGIONAL_LADDER,
    submitters=(Role.RCRSO_DIRECTOR,),
    review_chain=(ReviewStep(role=Role.DEPARTMENT, action=ReviewAction.APPROVE, title="Принятие Министерством"),),
    items=(
        DocumentItem(
            key="generalised_data",
            title="Обобщенные данные о работе методических секций Свердловской области за квартал",
            clause="000:62",
            formats=OFFICE_FORMATS,
        ),
    ),
    decisions=("D2", "D10", "D12", "D16"),
    note=(
        "Форма обобщенных данных рекомендациями не установлена: по каждому округу — секций, отчитавшихся "
        "секций, заседаний за квартал, чьих строк нет (D16)."
    ),
)

DISTRICT_MATERIALS = Obligation(
    key="district_materials",
    title="Представление методических материалов секций округа в ОМЦ для единого сборника",
    kind=ObligationKind.COLLECTION,
    citation=Citation(
        document=DOCUMENT,
        clause="Методические материалы",
        source="000:76",
        quote=(
            "сформированные методические материалы представляются руководителями базовых методических организаций "
            "в Организационно-методический центр"
        ),
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=(SiteStatus.BASE_METHODOLOGICAL_ORGANISATION,),
    recipient=OMC,
    deadline=FixedAnnualDate(month=1, day=15, year_offset=1),
    ladder=DISTRICT_LADDER,
    submitters=(Role.SITE_DIRECTOR,),
    items=(
        DocumentItem(
            key="materials",
            title="Методические материалы секций округа, отвечающие трем требованиям (000:74)",
            clause="000:76",
            formats=(*OFFICE_FORMATS, FileFormat.PPTX, FileFormat.ZIP),
        ),
    ),
    decisions=("D4", "D10", "D15"),
)

MATERIALS_COLLECTION = Obligation(
    key="materials_collection",
    title="Сборник методических материалов по итогам работы методических секций (в электронном виде)",
    kind=ObligationKind.COLLECTION,
    citation=Citation(
        document=DOCUMENT,
        clause="Руководитель Организационно-методического центра, п. 3",
        source="000:64",
        quote="ежегодно формирует в электронном виде сборник методических материалов",
    ),
    obligor=Role.RCRSO_DIRECTOR,
    applies_to=(SiteStatus.METHODOLOGICAL_CENTRE,),
    recipient=MINISTRY,
    deadline=FixedAnnualDate(month=3, day=1, year_offset=1),
    ladder=REGIONAL_LADDER,
    submitters=(Role.RCRSO_DIRECTOR,),
    items=(
        DocumentItem(
            key="collection",
            title="Сборник методических материалов в электронном виде",
            clause="000:64",
            formats=(FileFormat.PDF, FileFormat.DOCX, FileFormat.ZIP),
        ),
    ),
    decisions=("D4", "D10"),
    note="Единый сборник за год — версия, собранная из материалов всех округов.",
)

SECTIONS_CONTROL = Obligation(
    key="sections_control",
    title="Контроль работы методических секций",
    kind=ObligationKind.STANDING,
    citation=Citation(
        document=DOCUMENT,
        clause="Руководитель Организационно-методического центра, п. 4",
        source="000:66",
        quote="осуществляет контроль работы Методических секций",
    ),
    obligor=Role.RCRSO_DIRECTOR,
    applies_to=(SiteStatus.METHODOLOGICAL_CENTRE,),
    deadline=NoDeadline(reason="continuous"),
    decisions=("D10",),
    note="Сводка для ОМЦ: секции без утвержденного плана, без квартальной отчетности, полугодия без заседаний.",
)

OBLIGATIONS: tuple[Obligation, ...] = (
    ANNUAL_PLAN,
    SECTION_MEETINGS,
    SECTION_QUARTERLY_REPORT,
    SECTION_MATERIALS,
    LEADER_ELECTION,
    PLAN_COLLECTION,
    DISTRICT_QUARTERLY_REPORT,
    REGIONAL_QUARTERLY_DATA,
    DISTRICT_MATERIALS,
    MATERIALS_COLLECTION,
    SECTIONS_CONTROL,
)

# Which items S1–S12 of the domain brief (§1.5) each obligation encodes.
BRIEF_ITEMS: dict[str, tuple[str, ...]] = {
    "annual_plan": ("S1", "S2"),
    "plan_collection": ("S3",),
    "quarterly_report": ("S4",),
    "district_quarterly_report": ("S5",),
    "regional_quarterly_data": ("S6",),
    "materials_collection": ("S7",),
    "sections_control": ("S8",),
    "section_meetings": ("S9", "S10"),
    "methodological_materials": ("S11",),
    "district_materials": ("S12",),
    "leader_election": (),
}

# --- decisions ----------------------------------------------------------------------------------------------------

# Ids are this regulation's own; the comment names the item of the domain brief's §8 each one settles.
DECISIONS: tuple[Decision, ...] = (
    # brief §8.23
    Decision(
        id="D1",
        question="Документ — рекомендации без реквизитов и даты. С какого года вести циклы?",
        decision=(
            "Рекомендации применяются как регламент с 2023 года цикла (first_year=2023); более ранние годы не "
            "ведутся. При появлении утверждающего акта — новая версия регламента с его реквизитами."
        ),
        reason=(
            "Методическая работа ведется с 2011 года, но дата рекомендаций неизвестна, а планов и отчетов прошлых "
            "лет в источниках нет — прошлые циклы восстановить нельзя. 2023 — первый год, который система ведет по "
            "этому региону (срок плана на 2023 год — 20.12.2022, D3)."
        ),
        sources=("000:3", "000:8"),
    ),
    # brief §8.1
    Decision(
        id="D2",
        question="В какие сроки сдается ежеквартальная отчетность на трех уровнях? Дни квартала не указаны.",
        decision=(
            "Вложенные сроки по умолчанию, после окончания квартала: руководитель секции — базовой организации до 5 "
            "числа; базовая организация — ОМЦ до 12 числа; ОМЦ — Министерству до 20 числа. За IV квартал — "
            "в январе с переносом с праздничных дней. Настраиваются."
        ),
        reason=(
            "Каждый уровень обобщает отчеты нижнего, поэтому его срок позже; интервалы в 5–8 дней оставляют рабочие "
            "дни на свод даже после январских праздников."
        ),
        sources=("000:46", "000:54", "000:62"),
    ),
    Decision(
        id="D3",
        question="Когда представляется и утверждается годовой план и когда ОМЦ собирает планы? Дат нет.",
        decision=(
            "Руководитель секции представляет состав и план до 20 декабря предшествующего года; утверждение — "
            "руководителем базовой организации по цепочке; ОМЦ собирает утвержденные планы до 31 января года плана."
        ),
        reason=(
            "План годовой и содержит даты заседаний года, первое из которых должно пройти в I полугодии: план "
            "нужен к началу года. 20 декабря — срок годового планирования, принятый в системе (цикл площадки "
            "начинается с планирования в декабре предшествующего года). Сбор ОМЦ — после утверждения всех планов."
        ),
        sources=("000:44", "000:52", "000:60", "000:68"),
    ),
    Decision(
        id="D4",
        question="В какие сроки готовятся, передаются и сводятся в сборник методические материалы?",
        decision=(
            "Секция передает материалы года базовой организации до 15 декабря; базовая организация — в ОМЦ до 15 "
            "января следующего года («по итогам работы»); ОМЦ формирует электронный сборник до 1 марта. Каждый "
            "материал проверяется по трем требованиям 000:74 (D15)."
        ),
        reason=(
            "Материалы готовятся «в течение года» — срок секции внутри года; передача в ОМЦ — «по итогам работы», "
            "т.е. после окончания года; сборник — «ежегодно», после поступления материалов всех округов."
        ),
        sources=("000:64", "000:74", "000:76"),
    ),
    # brief §8.2
    Decision(
        id="D5",
        question="«Не реже одного раза в полугодие» — календарное полугодие или скользящие 6 месяцев? Что считается?",
        decision=(
            "Календарные полугодия (I — январь–июнь, II — июль–декабрь), проверка по окончании полугодия. "
            "Засчитывается проведенное заседание в любом из форматов 000:70, в том числе заочное, при наличии "
            "протокола; отмененное или перенесенное за пределы полугодия — нет."
        ),
        reason=(
            "Заседания проводятся «в соответствии с годовым планом» — план календарного года; заочный формат прямо "
            "разрешен. Скользящее окно не совпадает ни с планом, ни с квартальной отчетностью."
        ),
        sources=("000:68", "000:70"),
    ),
    # brief §8.3
    Decision(
        id="D6",
        question=(
            "Выборы руководителя: кворум, «простое большинство» — от голосовавших или от членов, ничья, срок "
            "полномочий, ежегодность?"
        ),
        decision=(
            "Кворум — не менее половины членов секции (согласованных, D14), принявших участие в голосовании (за "
            "кандидата или воздержавшись). Избран кандидат, получивший больше половины голосов участвующих в "
            "голосовании, а не всех членов: 9 членов, 7 голосуют, 4 голоса — избран (4 из 7), хотя 4 из 9 — меньше "
            "половины. Если никто не набрал большинства (в том числе при равенстве голосов) — повторное "
            "голосование между двумя кандидатами, набравшими больше голосов (при равенстве — между всеми, "
            "разделившими первое или второе место); без кворума тур не состоялся, те "
            "же кандидаты голосуются снова. Голосование открытое: каждый голос записывается поименно. Срок "
            "полномочий не ограничен; выборы — при создании секции, освобождении должности или по требованию "
            "большинства членов, а не ежегодно: ежегодное утверждение плана (колонка «Руководитель методической "
            "секции») подтверждает руководителя. Стаж — в занимаемой должности (не в организации), не менее 12 "
            "полных месяцев на день выборов: 11 месяцев — нельзя, ровно 12 — можно."
        ),
        reason=(
            "«Простым большинством голосов» — большинство поданных голосов, а не членов: так считает и ГК РФ "
            "(ст. 181.2: решение принято, если за него проголосовало большинство участников собрания и в нем "
            "участвовало не менее 50 % участников). Большинство от всех членов превращало бы неявку в голос "
            "против и при 7 присутствующих из 9 требовало бы 5 голосов — квалифицированного, а не простого "
            "большинства. Кворум в половину членов не дает избрать руководителя меньшинству секции."
        ),
        sources=("000:40", "000:84"),
    ),
    # brief §8.4
    Decision(
        id="D7",
        question="Формы составлены на управленческий округ, а план формирует руководитель секции. Кто подписывает?",
        decision=(
            "Площадка — секция: она представляет свои строки форм Приложений № 1 и № 2; форму округа собирает из "
            "принятых строк руководитель базовой организации и подписывает ее как «(руководитель)». Поле периода "
            "формы заполняется из экземпляра обязанности (год плана, квартал отчета); гриф «УТВЕРЖДАЮ» плана — "
            "событие утверждения руководителем базовой организации."
        ),
        reason=(
            "Утверждает план (000:52) и представляет отчет в ОМЦ (000:54) руководитель базовой организации; "
            "заголовки форм — «…на территории управленческого округа»."
        ),
        sources=("000:52", "000:54", "000:80", "000:86", "000:94", "000:100"),
    ),
    # brief §8.5
    Decision(
        id="D8",
        question="Что такое «обязательный перечень вопросов» и как нумеруются приложения?",
        decision=(
            "Перечень — вопросы, которые секция обязана изучить в году; по умолчанию это темы заседаний "
            "утвержденного плана (колонка «Темы заседаний»), ОМЦ или Министерство могут дополнить его. "
            "Форма «ПЛАН» — Приложение № 1, форма «ОТЧЕТ» — Приложение № 2."
        ),
        reason=(
            "Перечень в рекомендациях не определен, но отчет показывает ход его изучения; приложения нумеруются по "
            "ссылкам 000:52 (план) и 000:54 (отчетность) и порядку форм, подписанных лишь «ФОРМА»."
        ),
        sources=("000:52", "000:54", "000:78", "000:92", "000:98"),
    ),
    # brief §8.6
    Decision(
        id="D9",
        question="«По одному представителю» — в каждой секции или во всех секциях вместе?",
        decision=(
            "По одному представителю организации в каждой секции (по направлению секции); работник может быть "
            "членом нескольких секций разных направлений. Включение — после согласования руководителем его "
            "организации."
        ),
        reason="Представитель выбирается «в соответствии с направлениями работы Методических секций».",
        sources=("000:38", "000:36"),
    ),
    Decision(
        id="D10",
        question=(
            "Какими ролями системы представлены участники, и чьи циклы ведут обязанности базовой организации и ОМЦ?"
        ),
        decision=(
            "Руководитель секции — SITE_RESPONSIBLE; руководитель базовой методической организации — SITE_DIRECTOR "
            "(секция работает на базе этой организации: учреждение площадки-секции — базовая организация, так что "
            "ее руководитель — директор и секций округа, и площадки своей организации); руководитель ОМЦ — "
            "RCRSO_DIRECTOR; специалисты ОМЦ — CURATOR; Министерство — DEPARTMENT; руководитель организации-"
            "участника — INSTITUTION_DIRECTOR (согласует представителя, D14). Людям роли называются по этому "
            "регламенту (ROLE_TITLES), не по приказу 135-р. Обязанности округа ведет площадка базовой организации "
            "(статус «базовая методическая организация», по одной на округ), обязанности области — площадка ОМЦ "
            "(статус «организационно-методический центр»): у каждой свой годовой цикл, задачи и эскалации. На "
            "площадке ОМЦ его руководитель, кроме RCRSO_DIRECTOR области, — SITE_DIRECTOR этой площадки (ведет ее "
            "файлы, как руководитель базовой организации — файлы своей)."
        ),
        reason=(
            "Отчет округа — один на округ, а не на секцию, и сдает его базовая организация; сбор планов, обобщенные "
            "данные и сборник — обязанности ОМЦ. Без своих площадок эти уровни не имели бы цикла, и их сроки "
            "никто бы не отслеживал."
        ),
        sources=("000:8", "000:12", "000:44", "000:48", "000:56"),
    ),
    # brief §8.22
    Decision(
        id="D11",
        question="В каком часовом поясе истекают сроки?",
        decision="В конце дня по времени Екатеринбурга (Asia/Yekaterinburg, UTC+5) для всех уровней.",
        reason="Секции, базовые организации, ОМЦ и Министерство находятся в Свердловской области.",
        sources=("000:12",),
    ),
    Decision(
        id="D12",
        question="Квартальная отчетность — за квартал или нарастающим итогом?",
        decision="За квартал: заседания и результаты квартала; нарастающий итог не ведется.",
        reason="Рекомендации не говорят о нарастающем итоге; форма отчета перечисляет даты и результаты заседаний.",
        sources=("000:46", "000:98"),
    ),
    Decision(
        id="D13",
        question="Кого и когда уведомлять о нарушении сроков?",
        decision=(
            "Лестница по уровням рекомендаций: напоминание исполнителю; по окончании срока — исполнителю и "
            "вышестоящему уровню (базовая организация / ОМЦ); через 5 рабочих дней — руководителю ОМЦ; через 10 — "
            "в Министерство."
        ),
        reason="Контроль работы секций — у ОМЦ (000:66), общее руководство — у Министерства (000:12).",
        sources=("000:12", "000:48", "000:66"),
    ),
    Decision(
        id="D14",
        question="Как согласуется включение представителя организации в состав секции (000:38)?",
        decision=(
            "Руководитель секции предлагает работника — по одному от организации в секции (D9); членом секции он "
            "становится, когда руководитель его организации согласует включение (с датой), отказ — с причиной, "
            "и организация может предложить другого. В выборах голосуют и в план (колонка «Состав») входят только "
            "согласованные члены."
        ),
        reason="Рекомендации включают представителей «по согласованию с руководителями организаций».",
        sources=("000:38", "000:84"),
    ),
    Decision(
        id="D15",
        question="Что делать с материалом, который не отвечает трем требованиям 000:74?",
        decision=(
            "Руководитель базовой организации отмечает по каждому материалу каждое из трех требований; материал, "
            "не отвечающий хотя бы одному, возвращается секции с комментарием и в ОМЦ не передается, пока не "
            "будет доработан и проверен снова. В сборник попадают только переданные материалы."
        ),
        reason=(
            "Требования сформулированы как обязательные («должны»), а в ОМЦ материалы представляет руководитель "
            "базовой организации — он и проверяет их до передачи."
        ),
        sources=("000:74", "000:76"),
    ),
    Decision(
        id="D16",
        question="Из чего строится отчет уровня выше и что в нем, если нижний уровень не отчитался?",
        decision=(
            "Отчет округа — строки отчетов секций округа, принятые руководителем базовой организации, с новой "
            "нумерацией; секции без принятой строки названы. Обобщенные данные ОМЦ — по каждому округу: секций, "
            "отчитавшихся секций, заседаний за квартал и кого нет; округ без принятого отчета показан как не "
            "представивший. Уровень выше не ждет нижний дольше своего срока: недостающее видно в отчете и в "
            "эскалациях нижнего уровня."
        ),
        reason=(
            "Формы Приложения № 2 составлены на округ из строк секций; обобщенные данные — свод по области "
            "(000:62). Сроки вложены (D2), так что к сроку уровня выше нижние уже сданы или просрочены."
        ),
        sources=("000:46", "000:54", "000:62", "000:98"),
    ),
    Decision(
        id="D17",
        question=(
            "В какой срок руководитель организации согласует включение работника в состав секции, а руководитель "
            "базовой организации проверяет методический материал? Рекомендации сроков не называют."
        ),
        decision=(
            "10 рабочих дней после дня, когда работник предложен в состав секции, — на согласование; 10 рабочих дней "
            "после дня, когда материал представлен или доработан, — на проверку по трем требованиям. Срок "
            "считается по производственному календарю и истекает в конце дня по времени Екатеринбурга (D11); "
            "задача показывает дату и откуда она. Не ответил в срок — эскалация: руководителю секции и руководителю "
            "базовой организации по окончании срока, через 5 рабочих дней — в ОМЦ. Ответ закрывает эскалацию."
        ),
        reason=(
            "Без срока согласование и проверка могут ждать бесконечно, а от них зависят выборы руководителя (голосуют "
            "только согласованные члены, D14) и передача материалов в ОМЦ до 15 января (D4). Десять рабочих дней — "
            "две недели на рассмотрение кандидатуры или материала с учетом отпусков и выездов, с запасом до сроков "
            "D4; лестница — как у обязанностей секции (D13), без уровня Министерства: это внутренний срок секции, "
            "а не срок отчетности перед областью."
        ),
        sources=("000:38", "000:66", "000:74", "000:76"),
    ),
    Decision(
        id="D18",
        question=(
            "План секции ведется строками (семь колонок Приложения № 1) и утверждается подписанным файлом в "
            "обязанности «Состав и годовой план». Как они связаны, и что, если строки меняются после утверждения?"
        ),
        decision=(
            "Строки утверждает руководитель базовой организации вместе с файлом плана, уже утвержденным в "
            "обязанности: без утвержденного файла строки не утверждаются. Утверждение строк называет файл и его "
            "версию (номер представления), а файл — строки, утвержденные с ним; страница секции показывает оба. "
            "Если после утверждения строки изменены (заседание добавлено или исключено) или в обязанности утвержден "
            "другой файл, план отмечается «изменен после утверждения — нужно утвердить снова» до нового "
            "утверждения; изменять строки это не запрещает — план года живой, заседания переносятся."
        ),
        reason=(
            "Рекомендации знают один план — подписанную форму, которую утверждает руководитель базовой организации "
            "(000:52, гриф «УТВЕРЖДАЮ»); строки в системе нужны для контроля заседаний по полугодиям (000:68) и "
            "отчета. Если строки и файл расходятся, контроль идет не по утвержденному плану; отметка о "
            "переутверждении делает расхождение видимым, не останавливая работу секции."
        ),
        sources=("000:44", "000:52", "000:68", "000:84"),
    ),
)

REGULATION = Regulation(
    id=REGULATION_ID,
    version=1,
    title=(
        "Организация работы методических секций руководителей и специалистов организаций социального обслуживания "
        "граждан Свердловской области"
    ),
    document=DOCUMENT,
    region_id=REGION_ID,
    timezone=TIMEZONE,
    statuses=(
        SiteStatus.METHODOLOGICAL_SECTION,
        SiteStatus.BASE_METHODOLOGICAL_ORGANISATION,
        SiteStatus.METHODOLOGICAL_CENTRE,
    ),
    first_year=2023,
    obligations=OBLIGATIONS,
    decisions=DECISIONS,
    role_titles=ROLE_TITLES,
    note=(
        "Источник — рекомендации без реквизитов; все сроки — решения (D2–D4). Обязанности округа ведет площадка "
        "базовой методической организации, обязанности области — площадка ОМЦ (D10)."
    ),
)
