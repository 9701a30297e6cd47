"""Order 135-р of the KhMAO–Yugra Department of Social Development (Приказ Депсоцразвития Югры от 04.02.2022
№ 135-р «Об организации инновационной деятельности…»), as data. Source: seeds/001, lines 46–206.

Every clause that puts a duty on someone is an ``Obligation`` here, keyed by a stable snake_case key:

* п. 2 (preamble), 2.1–2.4.6 — the directors of the resource centres (ресурсные центры) **and** the support
  platforms (опорные площадки);
* п. 3.1, 3.2 — the RCRSO itself (БУ «Ресурсный центр развития социального обслуживания»). These are not duties of
  any site, so ``applies_to`` is empty and no site's cycle carries them;
* п. 4.1–4.3 — the resource centres only (monitoring of state institutions);
* п. 5.1, 5.2 — every state institution, towards the resource centre or support platform of its direction, so they
  are in every site's list with the institution's responsible person as obligor.

Clauses 6 (control by the heads of the УСЗН), 7 (the Department's unit interacts), 8 (repeal of earlier orders)
and 9 (control of execution) are not obligations the system tracks: see ``REGULATION.note``.

The sites' own variations are in ``sites_rules``, the indicators in ``indicators``, the decisions on ambiguities
in ``decisions`` (modules of this package, ``domain.regulations.khmao``).
"""

from __future__ import annotations

from datetime import date

from domain.deadlines import (
    AtLeastPerPeriod,
    DayAfterPeriod,
    FixedAnnualDate,
    LastWorkingDayOfPeriod,
    NoDeadline,
    WorkingDaysAfter,
    YearException,
)
from domain.files import FileFormat
from domain.people import Role
from domain.periods import PeriodKind
from domain.regulations.khmao.base import (
    BOTH,
    CURATOR_ACCEPTS_PACKAGE,
    CURATOR_ACCEPTS_REPORT,
    DEFAULT_LADDER,
    DOCUMENT,
    INSTITUTION_LADDER,
    INSTITUTION_SUBMITTERS,
    OFFICE_FORMATS,
    PRESENTATION_FORMATS,
    RC,
    RCRSO,
    RCRSO_LADDER,
    REGULATION_ID,
    SITE_ACCEPTS_FORMS,
    SITE_SUBMITTERS,
    TIMEZONE,
    order_citation,
)
from domain.regulations.khmao.council import COUNCIL
from domain.regulations.khmao.decisions import DECISIONS
from domain.regulations.khmao.indicators import CATALOGUE, STANDARD_SET
from domain.regulations.khmao.roadmap_rows import ROADMAP_ROW
from domain.regulations.khmao.sites_rules import SITE_RULES
from domain.regulations.model import (
    CuratorRequirement,
    CycleOpening,
    DocumentItem,
    Obligation,
    ObligationKind,
    Regulation,
    ReviewAction,
    ReviewStep,
)

__all__ = [
    "ANNUAL_PACKAGE",
    "DEFAULT_LADDER",
    "DOCUMENT",
    "OBLIGATIONS",
    "OFFICE_FORMATS",
    "REGULATION",
    "REGULATION_ID",
    "TIMEZONE",
]

# --- п. 2: the directors of resource centres and support platforms ---------------------------------------------

# The standing duties whose state every quarterly report asks for (D37): п. 2, 2.1, 2.2, 2.4.1, 2.4.5, 2.4.6, 5.1.
STANDING_DUTIES = (
    "unified_structure",
    "coordination_support",
    "responsible_persons",
    "specialists_registry",
    "public_information",
    "internship_platforms",
    "institution_responsible_persons",
)

UNIFIED_STRUCTURE = Obligation(
    key="unified_structure",
    title="Создание единой организационной структуры (модели) по направлению деятельности",
    kind=ObligationKind.STANDING,
    citation=order_citation("2", 112, "обеспечить создание единой организационной структуры/модели по направлению"),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    deadline=NoDeadline(reason="continuous"),
    submitters=SITE_SUBMITTERS,
    note=(
        "Преамбула п. 2 адресована директорам «из числа ресурсных центров, опорных площадок» — поэтому все "
        "обязанности п. 2 относятся к обоим статусам. Срока нет; состояние запрашивается в квартальном отчете."
    ),
)

COORDINATION_SUPPORT = Obligation(
    key="coordination_support",
    title=(
        "Координация деятельности, методическое и информационное сопровождение государственных учреждений и "
        "негосударственных поставщиков"
    ),
    kind=ObligationKind.STANDING,
    citation=order_citation(
        "2.1", 114, "Осуществлять координацию деятельности, методическое и информационное сопровождение"
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    recipient="государственные учреждения, негосударственные поставщики из Реестра поставщиков социальных услуг",
    deadline=NoDeadline(reason="continuous"),
    submitters=SITE_SUBMITTERS,
    note="Постоянная обязанность; результаты отражаются показателями I3 и I6 (I8) квартального отчета.",
)

RESPONSIBLE_PERSONS = Obligation(
    key="responsible_persons",
    title="Назначение приказом ответственных лиц площадки",
    kind=ObligationKind.STANDING,
    citation=order_citation(
        "2.2",
        "116–128",
        "Назначить приказом ответственных лиц из числа заместителей директоров, а также иных работников",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    deadline=NoDeadline(reason="event_driven"),
    submitters=SITE_SUBMITTERS,
    items=(
        DocumentItem(
            key="appointment_order",
            title="Приказ о назначении ответственных лиц",
            clause="2.2",
            formats=OFFICE_FORMATS,
        ),
    ),
    decisions=("D11",),
    note=(
        "Пять сфер ответственности (инновационная деятельность; взаимодействие и координация; мероприятия; "
        "социальные партнеры и добровольцы; отчетность). Срок не установлен: назначение при начале деятельности и "
        "при смене работников; приказ прикладывается при изменении. Внутренние кураторы площадок — ответственные "
        "лица, а не кураторы РЦРСО (D11)."
    ),
)

ANNUAL_PACKAGE = Obligation(
    key="package",
    title="Пакет документов ресурсного центра, опорной площадки",
    kind=ObligationKind.APPROVAL,
    citation=order_citation(
        "2.3",
        "130–140",
        "Разработать (либо актуализировать), в срок до 10.02.2022 (далее – ежегодно до 20 декабря текущего "
        "года) направить в Ресурсный центр развития социального обслуживания утвержденные директором "
        "государственного учреждения…",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    recipient=RCRSO,
    deadline=FixedAnnualDate(
        month=12,
        day=20,
        year_offset=-1,
        exceptions=(
            YearException(
                year=2022,
                due=date(2022, 2, 10),
                citation=order_citation("2.3", 130, "в срок до 10.02.2022"),
            ),
        ),
    ),
    ladder=DEFAULT_LADDER,
    items=(
        DocumentItem(
            key="polozhenie",
            title="Положение о деятельности ресурсного центра, опорной площадки",
            clause="2.3.1",
            formats=(FileFormat.PDF,),
        ),
        DocumentItem(
            key="report_forms",
            title="Отчетные формы для ежеквартального мониторинга",
            clause="2.3.2",
            formats=OFFICE_FORMATS,
        ),
        DocumentItem(
            key="cases",
            title="Методические материалы (кейсы)",
            clause="2.3.3",
            formats=(*OFFICE_FORMATS, FileFormat.ZIP),
        ),
        DocumentItem(
            key="interaction_scheme",
            title="Схема (алгоритм) взаимодействия",
            clause="2.3.4",
            formats=(FileFormat.PDF,),
        ),
        DocumentItem(
            key="roadmap",
            title="План мероприятий («дорожная карта») на очередной год",
            clause="2.3.5",
            formats=(FileFormat.PDF,),
        ),
    ),
    submitters=SITE_SUBMITTERS,
    review_chain=(CURATOR_ACCEPTS_PACKAGE,),
    revision_working_days=5,
    decisions=("D4", "D5", "D15", "D17", "D18", "D21", "D23", "D24", "D25", "D33"),
    note=(
        "Срок доработки возвращенного пакета приказом не установлен. Принято: не позднее исходного срока и не "
        "менее 5 рабочих дней со дня возврата; лестница эскалации применяется к этому сроку. Пакет на год N "
        "представляется до 20 декабря N-1 (в 2022 году — до 10.02.2022); требуются все пять документов (D4)."
    ),
)

SPECIALISTS_REGISTRY = Obligation(
    key="specialists_registry",
    title="Пофамильные реестры специалистов: направление в учреждения и своевременная актуализация",
    kind=ObligationKind.COLLECTION,
    citation=order_citation(
        "2.4.1",
        144,
        "своевременную актуализацию пофамильных реестров специалистов, осуществляющих указанную деятельность",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    recipient="государственные учреждения, негосударственные поставщики",
    deadline=NoDeadline(reason="as_needed"),
    submitters=SITE_SUBMITTERS,
    items=(
        DocumentItem(
            key="registry",
            title="Пофамильный реестр специалистов (файл)",
            clause="2.4.1",
            formats=OFFICE_FORMATS,
        ),
    ),
    decisions=("D20",),
    note="«Своевременная актуализация» — по мере изменений; хранятся файл реестра и количество, без строк по лицам.",
)

PRODUCT_QUOTA = Obligation(
    key="product_quota",
    title="Не менее двух модельных программ, проектов, технологий социальной работы в Экспертный совет РЦРСО",
    kind=ObligationKind.QUOTA,
    citation=order_citation(
        "2.4.2",
        146,
        "Ежегодно разработку, направление в Экспертный совет Ресурсного центра развития социального обслуживания "
        "не менее двух модельных программ, проектов, технологий социальной работы",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    recipient="Экспертный совет РЦРСО",
    deadline=AtLeastPerPeriod(count=2, period=PeriodKind.YEAR),
    ladder=DEFAULT_LADDER,
    submitters=SITE_SUBMITTERS,
    items=(
        DocumentItem(
            key="product",
            title="Модельная программа, проект, технология социальной работы",
            clause="2.4.2",
            formats=(*OFFICE_FORMATS, FileFormat.ZIP),
        ),
    ),
    quota=2,
    counts_products=True,
    decisions=("D7", "D41"),
    note=(
        "Выполнено при двух направлениях в Экспертный совет в календарном году (D7); срок — 31 декабря. "
        "Положительные заключения — отдельный показатель (KPI). Риск невыполнения поднимается по окончании "
        "III квартала — в конце дня 30 сентября — куратору и директору площадки, если направлено меньше двух (D41)."
    ),
)

PRODUCT_EXPERTISE = Obligation(
    key="product_expertise",
    title="Экспертиза модельной программы, проекта, технологии Экспертным советом РЦРСО",
    kind=ObligationKind.PRODUCT_REVIEW,
    citation=order_citation(
        "2.4.2", 146, "для проведения экспертизы и последующего внедрения в деятельность государственных учреждений"
    ),
    obligor=Role.EXPERT,
    applies_to=BOTH,
    recipient="площадка — разработчик продукта",
    deadline=NoDeadline(reason="event_driven"),
    review_chain=(
        ReviewStep(
            role=Role.EXPERT,
            action=ReviewAction.APPROVE,
            title="Заключение Экспертного совета РЦРСО",
            acting_allowed=False,
        ),
    ),
    decisions=("D8", "D12", "D46", "D47", "D48", "D49", "D50", "D51", "D52"),
    note=(
        "Одна экспертиза на каждый направленный продукт, открывается при его направлении (D8); доработка — новый "
        "раунд той же экспертизы (D51). Не менее двух экспертов (D46), у каждого срок ответа и рецензии с "
        "напоминаниями и эскалацией секретарю и председателю (D47); конфликт интересов исключен (D12, D48); "
        "заключение — решение совета на заседании (D50)."
    ),
)

PUBLIC_REPORT = Obligation(
    key="public_report",
    title="Публичный отчет перед Советом директоров учреждений социального обслуживания в формате ВКС",
    kind=ObligationKind.MEETING,
    citation=order_citation(
        "2.4.3",
        148,
        "Ежеквартальное проведение публичных отчетов перед Советом директоров учреждений социального обслуживания, "
        "профессиональным сообществом в формате видеоконференцсвязи",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    recipient="Совет директоров учреждений социального обслуживания, профессиональное сообщество",
    deadline=AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),
    ladder=DEFAULT_LADDER,
    submitters=SITE_SUBMITTERS,
    items=(
        DocumentItem(
            key="presentation",
            title="Материалы (презентация) публичного отчета",
            clause="2.4.3",
            formats=PRESENTATION_FORMATS,
        ),
        DocumentItem(
            key="monitoring_results",
            title="Результаты мониторинга, представленные на публичном отчете",
            clause="4.3",
            formats=PRESENTATION_FORMATS,
            required_for=(RC,),
        ),
    ),
    quota=1,
    required_format="vks",
    decisions=("D10", "D38"),
    note=(
        "Дата приказом не установлена: срок — последний календарный день квартала (D10). Подтверждение — дата, "
        "ссылка на ВКС, материалы; у ресурсного центра — также результаты мониторинга (п. 4.3). Другой формат — "
        "только с указанием причины (D38)."
    ),
)

QUARTERLY_REPORT = Obligation(
    key="quarterly_report",
    title="Ежеквартальное представление отчетных форм, информации о деятельности в РЦРСО",
    kind=ObligationKind.PERIODIC_REPORT,
    citation=order_citation(
        "2.4.4",
        150,
        "Ежеквартальное в срок до 5 числа месяца, следующего за отчетным периодом, представление в Ресурсный центр "
        "развития социального обслуживания отчетных форм, информации о деятельности",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    recipient=RCRSO,
    deadline=DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=5),
    ladder=DEFAULT_LADDER,
    submitters=SITE_SUBMITTERS,
    review_chain=(CURATOR_ACCEPTS_REPORT,),
    items=(
        DocumentItem(
            key="report_forms",
            title="Отчетные формы за квартал (заполненные)",
            clause="2.4.4",
            formats=OFFICE_FORMATS,
        ),
        DocumentItem(
            key="activity_info",
            title="Информация о деятельности за квартал",
            clause="2.4.4",
            formats=OFFICE_FORMATS,
        ),
    ),
    indicators=STANDARD_SET,
    reports_roadmap=True,
    awaits_institution_forms="institution_quarterly_report",
    standing_duties=STANDING_DUTIES,
    decisions=("D1", "D3", "D18", "D19", "D23", "D34", "D37"),
    note=(
        "Срок эскалации — 5-е число (приказ); более ранний срок из документа площадки — внутренний ориентир (D1). "
        "Отчет за IV квартал (5 января) переносится на первый рабочий день после новогодних праздников (D3). "
        "Показатели — набор площадки; значение за квартал и с начала года (D19). Отчет принимается, когда формы "
        "всех учреждений квартала (п. 5.2) поступили, или площадка указала, почему их нет (D34). Отчет сообщает "
        "состояние постоянных обязанностей п. 2, 2.1, 2.2, 2.4.1, 2.4.5, 2.4.6, 5.1 с файлом или ссылкой (D37)."
    ),
)

PUBLIC_INFORMATION = Obligation(
    key="public_information",
    title="Информирование населения и профессионального сообщества (вкладки, страницы на сайте, мессенджеры)",
    kind=ObligationKind.STANDING,
    citation=order_citation(
        "2.4.5",
        152,
        "Информирование населения, профессионального сообщества о деятельности путем создания соответствующих "
        "вкладок, страниц на официальных сайтах",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    recipient="население, профессиональное сообщество",
    deadline=NoDeadline(reason="continuous"),
    submitters=SITE_SUBMITTERS,
    note="Постоянная обязанность; результат отражается показателем I4 (публикации) квартального отчета.",
)

INTERNSHIP_PLATFORMS = Obligation(
    key="internship_platforms",
    title="Создание стажировочных площадок для специалистов государственных учреждений, негосударственных поставщиков",
    kind=ObligationKind.STANDING,
    citation=order_citation(
        "2.4.6", 154, "Создание стажировочных площадок для специалистов государственных учреждений"
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=BOTH,
    recipient="специалисты государственных учреждений, негосударственных поставщиков",
    deadline=NoDeadline(reason="continuous"),
    submitters=SITE_SUBMITTERS,
    note="Периодичность приказом не установлена; стажировки планируются в дорожной карте и учитываются в отчете.",
)

# --- п. 3: the RCRSO itself (no site's cycle carries these) ------------------------------------------------------

CURATORS_APPOINTMENT = Obligation(
    key="curators_appointment",
    title="Назначение приказом РЦРСО кураторов ресурсных центров, опорных площадок",
    kind=ObligationKind.STANDING,
    citation=order_citation(
        "3.1",
        158,
        "Назначить приказом в срок до 10.02.2022 ответственных лиц - кураторов ресурсных центров, опорных площадок",
    ),
    obligor=Role.RCRSO_DIRECTOR,
    applies_to=(),
    recipient="ресурсные центры, опорные площадки (по каждому направлению)",
    deadline=NoDeadline(reason="event_driven"),
    submitters=(Role.RCRSO_DIRECTOR,),
    decisions=("D11", "D12"),
    note=(
        "Обязанность РЦРСО, а не площадки: ни один цикл площадки ее не содержит. Разовый срок 10.02.2022 (первое "
        "назначение) не выражается годовым правилом модели — в последующие годы куратор назначается при смене. "
        "Исполнение проверяется наличием куратора (роль «куратор направления») у каждой из 18 площадок."
    ),
)

COMPENDIUM = Obligation(
    key="compendium",
    title="Сборник актуализированной информации о ресурсных центрах, опорных площадках",
    kind=ObligationKind.COLLECTION,
    citation=order_citation(
        "3.2",
        160,
        "Обеспечить в срок до 20.02.2022 (далее – ежегодно до 1 февраля) подготовку в электронном формате, "
        "направление в адрес государственных учреждений сборника",
    ),
    obligor=Role.RCRSO_DIRECTOR,
    applies_to=(),
    recipient="государственные учреждения",
    deadline=FixedAnnualDate(
        month=2,
        day=1,
        year_offset=0,
        exceptions=(
            YearException(
                year=2022,
                due=date(2022, 2, 20),
                citation=order_citation("3.2", 160, "в срок до 20.02.2022"),
            ),
        ),
    ),
    ladder=RCRSO_LADDER,
    submitters=(Role.RCRSO_DIRECTOR, Role.CURATOR),
    items=(
        DocumentItem(
            key="compendium",
            title="Сборник (в электронном формате)",
            clause="3.2",
            formats=(FileFormat.PDF, FileFormat.ZIP),
            required=False,
        ),
    ),
    decisions=("D21",),
    note=(
        "Сборник года N собирается из пакетов, представленных до 20 декабря N-1 (п. 2.3). Отсутствие пакета "
        "площадки не блокирует сборник: он выпускается в срок с перечнем отсутствующих пакетов. Состав сборника — "
        "принятые пакеты площадок; файл издания прикладывается по желанию. Обязанность РЦРСО: циклы площадок ее не "
        "содержат."
    ),
)

# --- п. 4: the directors of resource centres only ----------------------------------------------------------------

INSTITUTION_MONITORING = Obligation(
    key="institution_monitoring",
    title="Мониторинг деятельности государственных учреждений по направлению (охват ежегодно 100 %)",
    kind=ObligationKind.COVERAGE,
    citation=order_citation(
        "4.1",
        164,
        "Проведение мониторинга деятельности государственных учреждений (охват ежегодно 100%) по направлениям "
        "деятельности (далее – мониторинг) в соответствии с утвержденными планами мониторинга",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=(RC,),
    deadline=AtLeastPerPeriod(count=1, period=PeriodKind.YEAR),
    ladder=DEFAULT_LADDER,
    submitters=SITE_SUBMITTERS,
    items=(
        DocumentItem(
            key="monitoring_plan",
            title="План мониторинга на год (перечень учреждений), утвержденный директором",
            clause="4.1",
            formats=OFFICE_FORMATS,
        ),
    ),
    decisions=("D9", "D41"),
    note=(
        "Каждое учреждение плана мониторинга — не реже одного раза в календарный год; охват 100 % к 31 декабря. "
        "Знаменатель — перечень учреждений в утвержденном плане площадки (D9), поэтому норма в штуках "
        "(quota) в регламенте не задается. Риск (охват ниже 75 % плана или план не утвержден) поднимается по "
        "окончании III квартала — в конце дня 30 сентября — куратору и директору площадки (D41)."
    ),
)

MONITORING_SPRAVKA = Obligation(
    key="monitoring_spravka",
    title="Справка о результатах мониторинга в РЦРСО",
    kind=ObligationKind.PERIODIC_REPORT,
    citation=order_citation(
        "4.2",
        166,
        "Представление результатов мониторинга в формате справок в Ресурсный центр развития социального "
        "обслуживания в течение 10 рабочих дней после завершения мониторинга",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=(RC,),
    recipient=RCRSO,
    deadline=WorkingDaysAfter(event="monitoring_completed", event_ru="завершения мониторинга", working_days=10),
    ladder=DEFAULT_LADDER,
    submitters=SITE_SUBMITTERS,
    review_chain=(CURATOR_ACCEPTS_REPORT,),
    items=(
        DocumentItem(
            key="spravka",
            title="Справка о результатах мониторинга",
            clause="4.2",
            formats=OFFICE_FORMATS,
        ),
    ),
    decisions=("D3", "D9"),
    note=(
        "Одна справка на каждый завершенный мониторинг. Начало отсчета — событие «мониторинг завершен», внесенное "
        "ресурсным центром (D9); 10 рабочих дней по производственному календарю, счет со следующего дня."
    ),
)

MONITORING_AT_PUBLIC_REPORT = Obligation(
    key="monitoring_at_public_report",
    title="Представление результатов мониторинга на публичном отчете",
    kind=ObligationKind.STANDING,
    citation=order_citation(
        "4.3",
        168,
        "Ежеквартальное представление результатов мониторинга при проведении публичных отчетов перед "
        "профессиональным сообществом",
    ),
    obligor=Role.SITE_DIRECTOR,
    applies_to=(RC,),
    recipient="профессиональное сообщество (на публичном отчете п. 2.4.3)",
    deadline=NoDeadline(reason="event_driven"),
    decisions=("D10",),
    note=(
        "Исполняется в составе публичного отчета квартала (п. 2.4.3): для ресурсного центра результаты мониторинга "
        "— обязательный документ этого отчета, поэтому отдельного срока и отдельной эскалации нет."
    ),
)

# --- п. 5: every state institution, towards the site of its direction --------------------------------------------

INSTITUTION_RESPONSIBLE_PERSONS = Obligation(
    key="institution_responsible_persons",
    title="Назначение ответственных лиц государственного учреждения по направлению",
    kind=ObligationKind.STANDING,
    citation=order_citation(
        "5.1",
        "172–180",
        "Назначить ответственных лиц за:…ведение, актуализацию пофамильных Реестров лиц из числа референтных групп",
    ),
    obligor=Role.INSTITUTION_RESPONSIBLE,
    applies_to=BOTH,
    recipient="ресурсный центр, опорная площадка направления",
    deadline=NoDeadline(reason="event_driven"),
    submitters=INSTITUTION_SUBMITTERS,
    decisions=("D16", "D20"),
    note=(
        "Директора государственных учреждений назначают ответственных за: направление; взаимодействие с "
        "ресурсными центрами, опорными площадками и отчетность; пофамильные реестры лиц из числа референтных "
        "групп; техническую учебу. Реестры лиц — только количество и файл (D20)."
    ),
)

INSTITUTION_QUARTERLY_REPORT = Obligation(
    key="institution_quarterly_report",
    title="Ежеквартальное представление отчетных форм государственным учреждением в ресурсный центр, опорную площадку",
    kind=ObligationKind.PERIODIC_REPORT,
    citation=order_citation(
        "5.2",
        182,
        "Обеспечить ежеквартальное в срок до 1 числа месяца, следующего за отчетным периодом, представление в "
        "ресурсные центры, опорные площадки отчетных форм",
    ),
    obligor=Role.INSTITUTION_RESPONSIBLE,
    applies_to=BOTH,
    recipient="ресурсный центр, опорная площадка направления",
    deadline=DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=1),
    # D36: the Q4 forms are asked for by the last working day of December, a target before the legal date.
    internal_target=LastWorkingDayOfPeriod(
        period=PeriodKind.QUARTER,
        only=("Q4",),
        reason=(
            "сроки форм учреждений (1 января) и отчета площадки (5 января) переносятся на один и тот же первый "
            "рабочий день после новогодних праздников, и площадке некогда свести формы (решение D36)"
        ),
    ),
    ladder=INSTITUTION_LADDER,
    submitters=INSTITUTION_SUBMITTERS,
    review_chain=(SITE_ACCEPTS_FORMS,),
    per_institution=True,
    items=(
        DocumentItem(
            key="report_forms",
            title="Отчетные формы учреждения за квартал",
            clause="5.2",
            formats=OFFICE_FORMATS,
        ),
    ),
    decisions=("D2", "D3", "D16", "D18", "D34", "D35", "D36"),
    note=(
        "Одна обязанность на каждое государственное учреждение направления (перечень — у площадки, D34, D35). "
        "Период — квартал (D2); отчет за IV квартал (1 января) переносится на первый рабочий день (D3), а "
        "внутренний ориентир для учреждений — последний рабочий день декабря (D36)."
    ),
)

OBLIGATIONS: tuple[Obligation, ...] = (
    UNIFIED_STRUCTURE,
    COORDINATION_SUPPORT,
    RESPONSIBLE_PERSONS,
    ANNUAL_PACKAGE,
    SPECIALISTS_REGISTRY,
    PRODUCT_QUOTA,
    PRODUCT_EXPERTISE,
    PUBLIC_REPORT,
    QUARTERLY_REPORT,
    PUBLIC_INFORMATION,
    INTERNSHIP_PLATFORMS,
    CURATORS_APPOINTMENT,
    COMPENDIUM,
    INSTITUTION_MONITORING,
    MONITORING_SPRAVKA,
    MONITORING_AT_PUBLIC_REPORT,
    INSTITUTION_RESPONSIBLE_PERSONS,
    INSTITUTION_QUARTERLY_REPORT,
)

REGULATION = Regulation(
    id=REGULATION_ID,
    version=1,
    title="Об организации инновационной деятельности государственных учреждений, подведомственных Депсоцразвития Югры",
    document=DOCUMENT,
    region_id="86",
    timezone=TIMEZONE,
    statuses=BOTH,
    first_year=2022,
    obligations=OBLIGATIONS,
    indicator_catalogues=(CATALOGUE,),
    site_rules=SITE_RULES,
    decisions=DECISIONS,
    # D26: the cycles of year N (and the сборник of N) open by themselves on 1 November of N-1; D27, D28: which
    # sites, from which date.
    cycle_opening=CycleOpening(month=11, day=1, year_offset=-1, decisions=("D26", "D27", "D28")),
    # D29 (3.1, L158): a site without a curator in force escalates to the RCRSO director.
    curators=CuratorRequirement(clause="3.1", escalate_to=Role.RCRSO_DIRECTOR, decisions=("D29",)),
    # D42–D45: the dated rows of a site's approved roadmap are tracked like obligations.
    roadmap_row=ROADMAP_ROW,
    council=COUNCIL,
    note=(
        "Не отслеживаются как обязанности: п. 6 (начальники УСЗН контролируют курируемые учреждения) — у УСЗН нет "
        "роли в системе, их контроль — вне цикла площадки (D16, D23); п. 7 (отдел организации социального "
        "обслуживания Департамента взаимодействует с РЦРСО и площадками) — постоянная функция без результата и "
        "срока, в системе это роль «Департамент» (согласование, уровень 3 эскалации); п. 8 (признание утратившими "
        "силу приказов 177-р, 512-р, 708-р, 887-р, 994-р) — действует с подписания, обязанности не создает; п. 9 "
        "(контроль исполнения — первый заместитель директора Департамента) — контроль, а не обязанность с "
        "результатом; отражен уровнем 3 лестницы эскалации (D23). Обязанности РЦРСО (п. 3.1, 3.2) в регламенте "
        "есть, но не входят в циклы площадок (applies_to пуст): для них нужен отдельный цикл РЦРСО."
    ),
)
