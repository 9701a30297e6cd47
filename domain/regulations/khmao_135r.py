"""Order 135-р of the KhMAO–Yugra Department of Social Development (Приказ Депсоцразвития Югры от 04.02.2022
№ 135-р «Об организации инновационной деятельности…»), as data. Source: seeds/001, lines 46–206."""

from __future__ import annotations

from datetime import date

from domain.deadlines import Citation, FixedAnnualDate, YearException
from domain.documents import FileFormat
from domain.escalation import EscalationLadder, EscalationLevel, LadderStep
from domain.org import Role, SiteStatus
from domain.regulations.model import (
    ApprovalSpec,
    DocumentItem,
    Obligation,
    ObligationKind,
    Regulation,
    ReviewAction,
    ReviewStep,
)

DOCUMENT = "Приказ Депсоцразвития Югры от 04.02.2022 № 135-р"
REGULATION_ID = "khmao-135r"
TIMEZONE = "Asia/Yekaterinburg"

OFFICE_FORMATS = (
    FileFormat.PDF,
    FileFormat.DOCX,
    FileFormat.XLSX,
    FileFormat.DOC,
    FileFormat.XLS,
    FileFormat.ODT,
    FileFormat.ODS,
)

DEFAULT_LADDER = EscalationLadder(
    steps=(
        LadderStep(
            level=EscalationLevel.REMINDER,
            working_days=-5,
            notify=(Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE),
        ),
        LadderStep(level=EscalationLevel.OVERDUE, working_days=0, notify=(Role.SITE_DIRECTOR, Role.CURATOR)),
        LadderStep(level=EscalationLevel.LEVEL2, working_days=5, notify=(Role.RCRSO_DIRECTOR, Role.CURATOR)),
        LadderStep(level=EscalationLevel.LEVEL3, working_days=10, notify=(Role.DEPARTMENT, Role.RCRSO_DIRECTOR)),
    ),
    decision=(
        "Приказ не устанавливает порядок эскалации. Принято: напоминание за 5 рабочих дней до срока; по окончании "
        "последнего дня срока — нарушение срока с уведомлением директора площадки и куратора РЦРСО (п. 3.1); "
        "через 5 рабочих дней — директору РЦРСО; через 10 рабочих дней — в Департамент (п. 7, 9 приказа). "
        "Сроки уровней 2 и 3 — предложение, настраиваются."
    ),
)

ANNUAL_PACKAGE = Obligation(
    key="package",
    title="Пакет документов ресурсного центра, опорной площадки",
    kind=ObligationKind.APPROVAL,
    citation=Citation(
        document=DOCUMENT,
        clause="2.3",
        source="001:L130–140",
        quote=(
            "Разработать (либо актуализировать), в срок до 10.02.2022 (далее – ежегодно до 20 декабря текущего "
            "года) направить в Ресурсный центр развития социального обслуживания утвержденные директором "
            "государственного учреждения…"
        ),
    ),
    applies_to=(SiteStatus.RESOURCE_CENTER, SiteStatus.SUPPORT_PLATFORM),
    deadline=FixedAnnualDate(
        month=12,
        day=20,
        year_offset=-1,
        exceptions=(
            YearException(
                year=2022,
                due=date(2022, 2, 10),
                citation=Citation(document=DOCUMENT, clause="2.3", source="001:L130", quote="в срок до 10.02.2022"),
            ),
        ),
    ),
    ladder=DEFAULT_LADDER,
    approval=ApprovalSpec(
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
        submitters=(Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE),
        review_chain=(
            ReviewStep(role=Role.CURATOR, action=ReviewAction.APPROVE, title="Принятие куратором направления РЦРСО"),
        ),
        revision_working_days=5,
        revision_decision=(
            "Приказ не устанавливает срок доработки возвращенного пакета. Принято: не позднее исходного срока и не "
            "менее 5 рабочих дней со дня возврата; лестница эскалации применяется к этому сроку."
        ),
    ),
)

REGULATION = Regulation(
    id=REGULATION_ID,
    version=1,
    title=DOCUMENT + " «Об организации инновационной деятельности государственных учреждений»",
    region_id="86",
    timezone=TIMEZONE,
    obligations=(ANNUAL_PACKAGE,),
)
