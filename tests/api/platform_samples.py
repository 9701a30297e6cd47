"""Timeline sentences of a Vologda criteria report (api/timeline/platform.py), one sample per event type; read by
tests/api/test_timeline_render.py with the others."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from api.timeline.render import Subject
from domain.common import ActorRef, DomainEvent
from domain.cycle import InstitutionsTold, withdrawal_reason
from domain.obligations import ObligationRef, ObligationWithdrawn
from domain.people import Role
from domain.platform.checks import ConsistencyWarning, WarningKind
from domain.platform.distribution import PlanDistributed
from domain.platform.events import (
    ConclusionWritten,
    ContinuationDecided,
    CriteriaReportAmended,
    CriteriaReportOpened,
    CriteriaReportReturned,
    CriteriaReportSigned,
    CriteriaReportSubmitted,
    EvidenceRecorded,
    EvidenceRemoved,
    FollowUpOpened,
    IndicatorValueCleared,
    IndicatorValueSet,
    Signature,
    SignStep,
)
from domain.platform.evidence import EvidenceItem, EvidenceKind, Outcome
from domain.platform.profile import Member, Organisation, PlatformProfileSet, Profile
from domain.platform.values import IndicatorValue
from domain.regulations.vologda import CATALOGUE_2023
from domain.submission.events import SubmissionApproved

AT = datetime(2024, 1, 15, 7, tzinfo=UTC)
MSK = Subject(title="Отчет по критериям", timezone="Europe/Moscow")
RESPONSIBLE = ActorRef(user_id="u1", full_name="Соколова Анна Петровна", role=Role.SITE_RESPONSIBLE)
HEAD = ActorRef(user_id="u2", full_name="Веревокина Наталья Леонидовна", role=Role.SITE_DIRECTOR, acting=True)
DEPARTMENT = ActorRef(user_id="u3", full_name="Рындин Николай Леонидович", role=Role.DEPARTMENT)
WARNING = ConsistencyWarning(indicator="C1.N1", kind=WarningKind.CLAIMED_VS_LISTED, message="Заявлено 5")

PLATFORM_SAMPLES: list[tuple[DomainEvent, Subject, str]] = [
    (
        CriteriaReportOpened(
            occurred_at=AT, site_id="35-1", year=2023, catalogue=CATALOGUE_2023, agree_title="", approve_title=""
        ),
        MSK,
        "Открыт отчет по критериям за 2023 год: каталог показателей 2023 года, показателей — 25.",
    ),
    (
        IndicatorValueSet(occurred_at=AT, value=IndicatorValue(key="C1.N3", amount=Decimal(23)), by=RESPONSIBLE),
        MSK,
        "Соколова А. П. (руководитель ОМП (ресурсного центра)) — заполнен показатель C1.N3.",
    ),
    (
        IndicatorValueCleared(occurred_at=AT, key="C1.N3", by=RESPONSIBLE),
        MSK,
        "Соколова А. П. (руководитель ОМП (ресурсного центра)) — очищен показатель C1.N3.",
    ),
    (
        EvidenceRecorded(
            occurred_at=AT,
            item=EvidenceItem(
                id="e12", kind=EvidenceKind.PUBLICATION, title="Статья в журнале", indicators=("C2.N5", "C4.Q3")
            ),
            by=RESPONSIBLE,
        ),
        MSK,
        "Соколова А. П. (руководитель ОМП (ресурсного центра)) — подтверждение (публикация) «Статья в журнале»: "
        "C2.N5, C4.Q3.",
    ),
    (
        EvidenceRemoved(occurred_at=AT, item_id="e12", by=RESPONSIBLE),
        MSK,
        "Соколова А. П. (руководитель ОМП (ресурсного центра)) — подтверждение e12 удалено из отчета.",
    ),
    (
        ConclusionWritten(occurred_at=AT, text="Продолжить", propose_continue=True, by=RESPONSIBLE),
        MSK,
        "Соколова А. П. (руководитель ОМП (ресурсного центра)) — записаны «Предложения»: продолжить деятельность ОМП.",
    ),
    (
        CriteriaReportSubmitted(occurred_at=AT, warnings=(WARNING, WARNING), by=RESPONSIBLE),
        MSK,
        "Соколова А. П. (руководитель ОМП (ресурсного центра)) — отчет направлен на согласование; 2 "
        "предупреждения (C1.N1).",
    ),
    (
        CriteriaReportReturned(occurred_at=AT, step=SignStep.AGREE, comment="Пять или четыре?", by=HEAD),
        MSK,
        "Веревокина Н. Л. (директор учреждения — базы ОМП, и. о.) — отчет возвращен на доработку на шаге "
        'СОГЛАСОВАНО: "Пять или четыре?".',
    ),
    (
        CriteriaReportSigned(
            occurred_at=AT,
            signature=Signature(
                step=SignStep.AGREE,
                position="И.О. директора АУ СО ВО «Октябрьский дом-интернат для престарелых и инвалидов»",
                printed_name="Н.Л. Веревокина",
                signed_on=date(2024, 1, 15),
                by=HEAD,
            ),
        ),
        MSK,
        "СОГЛАСОВАНО: И.О. директора АУ СО ВО «Октябрьский дом-интернат для престарелых и инвалидов», "
        "Н.Л. Веревокина, 15.01.2024.",
    ),
    (
        FollowUpOpened(
            occurred_at=AT, item_id="e9", title="Заявка «Спорт для всех 2024»", expected_by=date(2024, 2, 29)
        ),
        MSK,
        "Ожидается результат «Заявка «Спорт для всех 2024»» (ожидается к 29.02.2024): после него отчет будет дополнен.",
    ),
    (
        CriteriaReportAmended(
            occurred_at=AT,
            no=1,
            item_id="e9",
            outcome=Outcome.WON,
            note="Грант поддержан",
            known_on=date(2024, 2, 20),
            by=RESPONSIBLE,
        ),
        MSK,
        "Соколова А. П. (руководитель ОМП (ресурсного центра)) — дополнение № 1 к утвержденному отчету: результат "
        'на 20.02.2024 — поддержана: "Грант поддержан".',
    ),
    (
        ContinuationDecided(
            occurred_at=AT, next_year=2024, continues=True, comment="", decided_on=date(2024, 1, 15), by=DEPARTMENT
        ),
        MSK,
        "Рындин Н. Л. (начальник Департамента социальной защиты населения Вологодской области) — решение от "
        "15.01.2024: продолжить деятельность ОМП в 2024 году.",
    ),
    (
        PlatformProfileSet(
            occurred_at=AT,
            site_id="omp-1",
            profile=Profile(
                theme="Участковая социальная служба",
                host=Organisation(institution_id="h", name="БУ СО ВО «КЦСОН г. Вологды»"),
                working_group=(
                    Member(full_name="Соколова Анна Петровна", position="заведующий отделением"),
                    Member(full_name="Белова Ольга Ивановна", position="специалист по социальной работе"),
                ),
                centres=(Organisation(institution_id="c1", name="БУ СО ВО «КЦСОН Сокольского округа»"),),
                active_from=2022,
            ),
            by=DEPARTMENT,
        ),
        MSK,
        "Рындин Н. Л. (начальник Департамента социальной защиты населения Вологодской области) — паспорт ОМП: тема "
        "«Участковая социальная служба», база — БУ СО ВО «КЦСОН г. Вологды», с 2022 года; рабочая группа — 2 "
        "человека, комплексных центров — 1.",
    ),
    (
        PlanDistributed(
            occurred_at=AT,
            site_id="omp-1",
            year=2022,
            centre=Organisation(institution_id="c1", name="БУ СО ВО «КЦСОН Сокольского округа»"),
            sent_on=date(2022, 3, 14),
            by=RESPONSIBLE,
        ),
        MSK,
        "Соколова А. П. (руководитель ОМП (ресурсного центра)) — план на 2022 год направлен в БУ СО ВО «КЦСОН "
        "Сокольского округа» 14.03.2022.",
    ),
    (
        InstitutionsTold(
            occurred_at=AT,
            site_id="omp-1",
            year=2027,
            institutions=("c1", "c2"),
            planned=("cycle:omp-1:2027:centre_monitoring:Q2-c2", "cycle:omp-1:2027:centre_monitoring:Q3-c2"),
            withdrawn=("cycle:omp-1:2027:centre_monitoring:Q2-c3",),
        ),
        Subject(timezone="Europe/Moscow"),
        "Цикл узнал участников из паспорта ОМП: комплексных центров — 2; запланировано запросов сведений — 2, "
        "отозвано — 1.",
    ),
    (
        ObligationWithdrawn(
            occurred_at=AT,
            ref=ObligationRef(
                obligation_id="cycle:omp-1:2027:centre_monitoring:Q2-c3",
                cycle_id="cycle:omp-1:2027",
                site_id="omp-1",
                year=2027,
                key="centre_monitoring",
                instance="Q2-c3",
            ),
            reason=withdrawal_reason(date(2027, 5, 4)),
        ),
        Subject(title="Сведения комплексного центра (II квартал 2027)", timezone="Europe/Moscow"),
        "Обязанность снята с плана, не открывшись: Сведения комплексного центра (II квартал 2027). Комплексный центр "
        "исключен из участников ОМП (паспорт ОМП изменен 04.05.2027): запрос сведений отозван (решение D11).",
    ),
]

# The platform's summary accepted without a centre's figures, each for the reason the platform gave (D11).
SUMMARY_WITHOUT_A_CENTRE = (
    SubmissionApproved(
        occurred_at=AT,
        submission_no=2,
        step=0,
        decided_by=ActorRef(user_id="u4", full_name="Смирнова Елена Викторовна", role=Role.CURATOR),
        comment="",
        institutions_missing=("БУ СО ВО «КЦСОН Бабушкинского района»",),
        missing_reason="Сведения не представлены: центр на реорганизации",
        missing_reasons=("Сведения не представлены: центр на реорганизации",),
    ),
    Subject(title="Сводная информация (I квартал 2027)", timezone="Europe/Moscow"),
    "Смирнова Е. В. (куратор направления) — принято: Сводная информация (I квартал 2027) (представление № 2). "
    "Обязанность выполнена. Принято без принятых сведений комплексных центров; причины, указанные ОМП: БУ СО ВО «КЦСОН "
    "Бабушкинского района» — «Сведения не представлены: центр на реорганизации».",
)
PLATFORM_SAMPLES.append(SUMMARY_WITHOUT_A_CENTRE)
