"""The sentences of the timeline, one per event type, without a database; and a guard that every event type a
cycle's streams can hold has its sentence."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, date, datetime

import pytest

import domain
from api.timeline.render import (
    TEMPLATES,
    Subject,
    actor_of,
    actor_view,
    short_name,
    text_of,
    title_with_period,
)
from domain.common import EVENT_TYPES, ActorRef, DomainEvent
from domain.cycle import CycleClosed, CycleCompleted, CycleEndScheduled, CyclePlanExtended, CycleStarted
from domain.deadlines import Deadline, end_of_day
from domain.escalation import EscalationLevel, EscalationRaised, EscalationResolved
from domain.files import FileFormat, FileRef
from domain.freshness import RegistryUpdated, RegistryYearClosed
from domain.obligations import ObligationCancelled, ObligationOpened, ObligationPlanned, ObligationRef
from domain.people import Role
from domain.periods import Period, PeriodKind
from domain.product.events import (
    AssignmentAccepted,
    AssignmentDeclined,
    AssignmentExpired,
    AssignmentRefused,
    ConclusionRecorded,
    ExaminationStarted,
    ExpertAssigned,
    ExpertRecused,
    ReviewsCompleted,
    ReviewSubmitted,
)
from domain.product.model import (
    Author,
    Confidence,
    ExpertProfile,
    Meeting,
    ProductCard,
    ProductKind,
    Review,
    Score,
    Verdict,
    Vote,
)
from domain.quota import MonitoringCompleted, MonitoringPlanApproved, QuotaItemRecorded, QuotaMet
from domain.region import CuratorAppointed, CuratorMissing
from domain.regulations.catalog import regulation
from domain.roadmap_row import RoadmapRowDone, RoadmapRowNotDone
from domain.submission.events import (
    DeadlineRecomputed,
    DocumentsSubmitted,
    ExtensionGranted,
    ExtensionRefused,
    ExtensionRequested,
    ReviewDeadlineSet,
    SubmissionAgreed,
    SubmissionApproved,
    SubmissionPartApproved,
    SubmissionReturned,
)
from tests.api.platform_samples import PLATFORM_SAMPLES

TZ = "Asia/Yekaterinburg"
PACKAGE = "Пакет документов ресурсного центра, опорной площадки"
ABOUT = Subject(title=PACKAGE, timezone=TZ)
AT = datetime(2026, 12, 15, 6, 30, tzinfo=UTC)

# Event types of other streams than a cycle's: the production calendar (``calendar:RU``), a site's status
# (``site:{id}``), the inbox's tasks (``task:{id}``) and people (``user:{id}``, ``substitution:{id}``).
ELSEWHERE = {
    "UserRegistered",
    "UserChanged",
    "UserDeactivated",
    "UserReactivated",
    "GrantGiven",
    "GrantWithdrawn",
    "SubstitutionArranged",
    "SubstitutionCancelled",
    "CalendarDayOverridden",
    "CalendarOverrideRemoved",
    "SiteStatusRevoked",
    # the registry of regions, organisations and sites (``regions:{id}``, ``organisation:{id}``, ``site:{id}``):
    # told by ``domain.organisations.sentence``, every type checked by tests/domain/test_organisations.py
    "RegionRegistered",
    "RegionChanged",
    "OrganisationRegistered",
    "OrganisationChanged",
    "SiteRegistered",
    "SiteChanged",
    "TaskClaimed",
    "TaskReleased",
    "TaskAssigned",
    # a person's notifications (``notifications:{user}``), their digests (``digest:{user}:{day}``) and a region's
    # webhook endpoints (``webhook:{id}``): shown on the notifications and administration pages
    "NotificationsRead",
    "NotificationPreferencesSet",
    "DigestSent",
    "WebhookEndpointRegistered",
    "WebhookEndpointDisabled",
    "WebhookEndpointEnabled",
    # a unit's controlled documents and staff (api/qms, seed 004): no site's cycle; the document's page tells them
    # (api/qms/history.py, every type checked by tests/api/test_qms_history.py)
    "QmsUnitRegistered",
    "QmsEmployeeJoined",
    "QmsEmployeeLeft",
    "QmsDocumentRegistered",
    "QmsVersionDrafted",
    "QmsVersionRecorded",
    "QmsVersionSigned",
    "QmsVersionReturned",
    "QmsVersionApproved",
    "QmsVersionEnacted",
    "QmsVersionSuperseded",
    "QmsCopyIssued",
    "QmsCopyWithdrawn",
    "QmsAcknowledgmentDueMoved",
    "QmsChangeLogged",
    "QmsAcknowledgmentRequested",
    "QmsAcknowledged",
    "QmsAcknowledgmentLate",
    "QmsAcknowledgmentWithdrawn",
    # a product's own stream and the council's members (api/product): shown on the product's page
    "ProductDrafted",
    "ProductDescribed",
    "ProductVersionAdded",
    "ProductPiloted",
    "ProductApprovedByOrder",
    "ProductRegistered",
    "ProductImplemented",
    "CouncilMemberAppointed",
    "CouncilMemberLeft",
    # a Sverdlovsk section's own streams (api/section): its composition, its leader's elections, its materials of a
    # year; the section's page tells them (api/section/history.py, every type checked by test_section_history.py)
    "SectionMemberProposed",
    "SectionMemberConsented",
    "SectionMemberRefused",
    "SectionMemberWithdrawn",
    "ElectionOpened",
    "CandidateNominated",
    "VoteCast",
    "ElectionRoundClosed",
    "LeaderElected",
    "MaterialSubmitted",
    "MaterialRevised",
    "MaterialChecked",
    "MaterialsForwarded",
    "PlanMeetingAdded",
    "PlanMeetingRemoved",
    "PlanApproved",
    "SectionTermPassed",
}

SECRETARY = ActorRef(user_id="u8", full_name="Шестакова Инна Романовна", role=Role.COUNCIL_SECRETARY)
EXPERT = ExpertProfile(user_id="u7", full_name="Лебедев Виталий Евгеньевич", organisation="СурГУ")
CARD = ProductCard(
    product_id="p1",
    title="Модельная программа сопровождения",
    kind=ProductKind.MODEL_PROGRAM,
    direction_id="d",
    site_id="1.1.3",
    institution_id="i",
    authors=(Author(full_name="Иванова Анна Петровна"),),
    version_no=2,
    files={},
)
DIRECTOR = ActorRef(user_id="u1", full_name="Гладких Елена Юрьевна", role=Role.SITE_DIRECTOR)
CURATOR = ActorRef(user_id="u2", full_name="Ширяева Марина Анатольевна", role=Role.CURATOR)
DIRECTOR_SAYS = "Гладких Е. Ю. (директор площадки)"
CURATOR_SAYS = "Ширяева М. А. (куратор направления)"


def deadline(nominal: date, effective: date | None = None) -> Deadline:
    effective = effective or nominal
    return Deadline(nominal=nominal, effective=effective, ends_at=end_of_day(effective, TZ))


DUE = deadline(date(2026, 12, 20), date(2026, 12, 21))
ON_18 = deadline(date(2026, 12, 18), date(2026, 12, 18))
NEW_DUE = deadline(date(2026, 12, 29))
PACKAGE_RULE = next(o for o in regulation("khmao-135r").obligations if o.key == "package")
REF = ObligationRef(
    obligation_id="cycle:1.1.5:2027:package:annual",
    cycle_id="cycle:1.1.5:2027",
    site_id="1.1.5",
    year=2027,
    key="package",
    instance="annual",
)
FILE = FileRef(file_id="f1", filename="roadmap.docx", format=FileFormat.DOCX, size=10, sha256="0" * 64)


def every_domain_module_imported() -> None:
    """Event types register when their module is imported: import every module, so a new one is seen."""
    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        importlib.import_module(module.name)


def test_every_event_type_of_a_cycle_has_a_sentence() -> None:
    every_domain_module_imported()
    cycle_types = set(EVENT_TYPES) - ELSEWHERE
    missing = sorted(cycle_types - set(TEMPLATES))
    assert not missing, f"no sentence for {missing}: add a template to api/timeline/render.py"
    assert set(TEMPLATES) <= cycle_types, "a template for an event type that is not registered"


SAMPLES: list[tuple[DomainEvent, Subject, str]] = [
    (
        CycleStarted(
            occurred_at=AT,
            site_id="1.1.5",
            year=2027,
            regulation_id="khmao-135r",
            regulation_version=1,
            obligations=("a", "b", "c"),
        ),
        Subject(timezone=TZ),
        "Открыт годовой цикл 2027 года: обязанностей в плане — 3.",
    ),
    (
        CycleCompleted(occurred_at=AT, site_id="1.1.5", year=2027),
        Subject(timezone=TZ),
        "Годовой цикл 2027 года завершен: все обязанности закрыты.",
    ),
    (
        CycleClosed(
            occurred_at=AT,
            site_id="1.1.5",
            year=2027,
            reason="Статус площадки прекращен: приказ Депсоцразвития Югры от 12.03.2027 № 345-р",
        ),
        Subject(timezone=TZ),
        "Годовой цикл 2027 года закрыт досрочно. Статус площадки прекращен: приказ Депсоцразвития Югры от "
        "12.03.2027 № 345-р.",
    ),
    (
        ObligationPlanned(
            occurred_at=AT,
            ref=REF,
            obligation=PACKAGE_RULE,
            regulation_id="khmao-135r",
            regulation_version=1,
            runner="submission",
            period=None,
            deadline=DUE,
            opens_at=None,
        ),
        ABOUT,
        f"Запланирована обязанность: {PACKAGE}; срок — 21.12.2026 (перенесен с нерабочего дня 20.12.2026).",
    ),
    (
        ObligationOpened(
            occurred_at=AT,
            ref=REF,
            obligation=PACKAGE_RULE,
            regulation_id="khmao-135r",
            regulation_version=1,
            deadline=deadline(date(2026, 12, 21)),
            runner="submission",
        ),
        ABOUT,
        f"Открыта обязанность: {PACKAGE} со сроком 21.12.2026.",
    ),
    (
        ObligationCancelled(occurred_at=AT, reason="Статус площадки прекращен: приказ от 12.03.2027 № 345-р"),
        ABOUT,
        f"Обязанность закрыта без исполнения: {PACKAGE}. Статус площадки прекращен: приказ от 12.03.2027 № 345-р.",
    ),
    (
        DocumentsSubmitted(
            occurred_at=AT,
            submission_no=2,
            items={"roadmap": FILE},
            submitted_by=DIRECTOR,
            note="",
            late=False,
            due_effective=date(2026, 12, 21),
        ),
        ABOUT,
        f"{DIRECTOR_SAYS} — представлены документы: {PACKAGE} (представление № 2).",
    ),
    (
        SubmissionAgreed(occurred_at=AT, submission_no=1, step=0, decided_by=CURATOR, comment="Согласовано"),
        ABOUT,
        f'{CURATOR_SAYS} — согласовано: {PACKAGE} (представление № 1). Комментарий: "Согласовано".',
    ),
    (
        SubmissionApproved(occurred_at=AT, submission_no=2, step=0, decided_by=CURATOR, comment=""),
        ABOUT,
        f"{CURATOR_SAYS} — принято: {PACKAGE} (представление № 2). Обязанность выполнена.",
    ),
    (
        SubmissionReturned(
            occurred_at=AT,
            submission_no=1,
            step=0,
            decided_by=CURATOR,
            comment="Дорожная карта без сроков",
            resubmit_deadline=NEW_DUE,
        ),
        ABOUT,
        f'{CURATOR_SAYS} — возвращено на доработку: {PACKAGE} (представление № 1) с комментарием: "Дорожная '
        'карта без сроков"; новый срок — 29.12.2026.',
    ),
    (
        ExtensionRequested(
            occurred_at=AT, until=date(2026, 12, 29), reason="Болезнь исполнителя", requested_by=DIRECTOR
        ),
        ABOUT,
        f'{DIRECTOR_SAYS} — запрошено продление срока до 29.12.2026: {PACKAGE}. Причина: "Болезнь исполнителя".',
    ),
    (
        ExtensionGranted(occurred_at=AT, deadline=NEW_DUE, previous=DUE, decided_by=CURATOR, comment=""),
        ABOUT,
        f"{CURATOR_SAYS} — продление срока предоставлено: {PACKAGE}; новый срок — 29.12.2026, прежний — 21.12.2026.",
    ),
    (
        ExtensionRefused(occurred_at=AT, decided_by=CURATOR, comment="Срок установлен приказом"),
        ABOUT,
        f'{CURATOR_SAYS} — в продлении срока отказано: {PACKAGE}. Комментарий: "Срок установлен приказом".',
    ),
    (
        DeadlineRecomputed(occurred_at=AT, deadline=deadline(date(2026, 12, 20), date(2026, 12, 22)), previous=DUE),
        ABOUT,
        f"Срок пересчитан по производственному календарю: {PACKAGE}; новый срок — 22.12.2026 (перенесен с "
        "нерабочего дня 20.12.2026), прежний — 21.12.2026.",
    ),
    (
        EscalationRaised(
            occurred_at=AT,
            escalation_id="x:0:overdue",
            level=EscalationLevel.OVERDUE,
            phase=0,
            due_nominal=date(2026, 12, 20),
            due_effective=date(2026, 12, 21),
            notify=(Role.SITE_DIRECTOR, Role.CURATOR),
        ),
        ABOUT,
        f"Срок нарушен: {PACKAGE} (срок 21.12.2026). Уведомлены: директор площадки, куратор направления.",
    ),
    (
        EscalationResolved(
            occurred_at=AT, escalation_id="x:0:overdue", level=EscalationLevel.OVERDUE, resolution="submitted"
        ),
        ABOUT,
        f"Эскалация «срок нарушен» снята: {PACKAGE} — документы представлены.",
    ),
    # Reviews on their terms (D30–D33).
    (
        ReviewDeadlineSet(
            occurred_at=AT,
            review="review",
            review_no=1,
            submission_no=1,
            role=Role.CURATOR,
            title="Принятие куратором направления РЦРСО",
            working_days=5,
            deadline=deadline(date(2026, 12, 22)),
        ),
        ABOUT,
        f"Срок рассмотрения «Принятие куратором направления РЦРСО»: {PACKAGE} (представление № 1) — до "
        "22.12.2026 (5 рабочих дней); ожидается решение: куратор направления.",
    ),
    (
        SubmissionPartApproved(occurred_at=AT, submission_no=1, part="", step=0, decided_by=CURATOR, comment=""),
        ABOUT,
        f"{CURATOR_SAYS} — принято: документы, которые рассматриваются без отдельной цепочки — {PACKAGE} "
        "(представление № 1). Остальные документы ещё на рассмотрении.",
    ),
    (
        EscalationRaised(
            occurred_at=AT,
            escalation_id="x:review:1:level2",
            level=EscalationLevel.LEVEL2,
            phase=0,
            due_nominal=date(2026, 12, 22),
            due_effective=date(2026, 12, 22),
            notify=(Role.CURATOR, Role.RCRSO_DIRECTOR),
            review="review",
            review_title="Принятие куратором направления РЦРСО",
            awaited=(Role.CURATOR,),
        ),
        ABOUT,
        f"Эскалация директору РЦРСО: рассмотрение «Принятие куратором направления РЦРСО» — {PACKAGE} (срок "
        "рассмотрения 22.12.2026); ожидается решение: куратор направления. Уведомлены: куратор направления, "
        "директор РЦРСО.",
    ),
    (
        QuotaItemRecorded(
            occurred_at=AT,
            item_no=1,
            title="Серебряный возраст",
            item_kind="программа",
            items={"product": FILE},
            recorded_by=DIRECTOR,
            count=1,
        ),
        Subject(title="Не менее двух продуктов", timezone=TZ),
        f"{DIRECTOR_SAYS} — направлен продукт № 1 «Серебряный возраст» (программа): Не менее двух продуктов; "
        "всего направлено — 1.",
    ),
    (
        MonitoringPlanApproved(
            occurred_at=AT, targets=("БУ «А»", "БУ «Б»"), items={"plan": FILE}, approved_by=DIRECTOR
        ),
        Subject(title="Мониторинг", timezone=TZ),
        f"{DIRECTOR_SAYS} — утвержден план мониторинга: Мониторинг; учреждений в плане — 2.",
    ),
    (
        MonitoringCompleted(
            occurred_at=AT,
            target="БУ «А»",
            completed_on=date(2027, 10, 14),
            note="",
            recorded_by=DIRECTOR,
            spravka_due=date(2027, 10, 28),
            covered=1,
        ),
        Subject(title="Мониторинг", timezone=TZ),
        f"{DIRECTOR_SAYS} — завершен мониторинг учреждения БУ «А» (14.10.2027): Мониторинг; справка о результатах "
        "— до 28.10.2027; охвачено учреждений — 1.",
    ),
    (
        QuotaMet(occurred_at=AT, count=2, target=2),
        Subject(title="Не менее двух продуктов", timezone=TZ),
        "Норма выполнена: Не менее двух продуктов — 2 из 2.",
    ),
    (
        RegistryUpdated(occurred_at=AT, on=date(2027, 3, 2), items={}, entries=41, note="", updated_by=DIRECTOR),
        Subject(title="Реестр", timezone=TZ),
        f"{DIRECTOR_SAYS} — реестр актуализирован 02.03.2027: Реестр. Записей в реестре — 41.",
    ),
    (
        RegistryYearClosed(occurred_at=AT, updates=250),
        Subject(title="Реестр", timezone=TZ),
        "Ведение реестра за год закрыто: Реестр; актуализаций за год — 250.",
    ),
    (
        RoadmapRowDone(
            occurred_at=AT,
            on=date(2027, 2, 26),
            source="site",
            items={
                "evidence": FileRef(file_id="f9", filename="приказ.pdf", format=FileFormat.PDF, sha256="0" * 64, size=1)
            },
            note="Положение утверждено",
            done_by=DIRECTOR,
        ),
        Subject(title="Дорожная карта, строка 1.1: Актуализация положения", timezone=TZ),
        f"{DIRECTOR_SAYS} — отмечено выполнение 26.02.2027: Дорожная карта, строка 1.1: Актуализация положения. "
        'Подтверждение приложено. Комментарий: "Положение утверждено".',
    ),
    (
        RoadmapRowDone(occurred_at=AT, on=date(2027, 6, 20), source="report", report_id="cycle:1.1.5:2027:q:Q2"),
        Subject(title="Дорожная карта, строка 1.2: Модельные программы", timezone=TZ),
        "По принятому ежеквартальному отчету мероприятие выполнено 20.06.2027: Дорожная карта, строка 1.2: "
        "Модельные программы.",
    ),
    (
        RoadmapRowNotDone(occurred_at=AT, reason="Годовой цикл завершён, выполнение не отмечено."),
        Subject(title="Дорожная карта, строка 3.2: Исследование", timezone=TZ),
        "Мероприятие не выполнено: Дорожная карта, строка 3.2: Исследование. Годовой цикл завершён, выполнение не "
        "отмечено.",
    ),
    (
        CuratorMissing(
            occurred_at=AT,
            escalation_id="curators:1.1.5:curator:2026-12-15",
            region_id="86",
            site_id="1.1.5",
            since=date(2026, 12, 15),
        ),
        Subject(timezone=TZ),
        "У площадки 1.1.5 нет куратора РЦРСО с 15.12.2026 (п. 3.1): эскалация директору РЦРСО.",
    ),
    (
        CuratorAppointed(
            occurred_at=AT,
            escalation_id="curators:1.1.5:curator:2026-12-15",
            site_id="1.1.5",
            curators=("Ширяева Марина Анатольевна",),
        ),
        Subject(timezone=TZ),
        "Площадке 1.1.5 назначен куратор РЦРСО: Ширяева Марина Анатольевна. Эскалация снята.",
    ),
    (
        ExaminationStarted(occurred_at=AT, round=2, product=CARD, experts_needed=2),
        Subject(timezone=TZ),
        "Продукт «Модельная программа сопровождения» (версия 2) направлен в Экспертный совет после доработки: раунд "
        "экспертизы 2; экспертов нужно не менее 2.",
    ),
    (
        ExpertAssigned(
            occurred_at=AT,
            assignment_no=3,
            round=2,
            expert=EXPERT,
            assigned_by=SECRETARY,
            respond_by=ON_18,
        ),
        Subject(timezone=TZ),
        "Шестакова И. Р. (секретарь Экспертного совета) — назначен эксперт Лебедев Виталий Евгеньевич (СурГУ), "
        "назначение № 3; ответить до 18.12.2026.",
    ),
    (
        AssignmentRefused(occurred_at=AT, round=1, expert=EXPERT, reason="Автор продукта (D48).", refused_to=SECRETARY),
        Subject(timezone=TZ),
        "Шестакова И. Р. (секретарь Экспертного совета) — эксперт Лебедев Виталий Евгеньевич не назначен: Автор "
        "продукта (D48).",
    ),
    (
        AssignmentAccepted(occurred_at=AT, assignment_no=3, review_due=ON_18),
        Subject(timezone=TZ),
        "Эксперт принял назначение № 3; рецензия — до 18.12.2026.",
    ),
    (
        AssignmentDeclined(occurred_at=AT, assignment_no=3, reason="В отпуске"),
        Subject(timezone=TZ),
        'Эксперт отказался от назначения № 3: "В отпуске".',
    ),
    (
        ExpertRecused(occurred_at=AT, assignment_no=3, reason="Консультировал авторов"),
        Subject(timezone=TZ),
        'Эксперт заявил самоотвод по назначению № 3: "Консультировал авторов".',
    ),
    (
        AssignmentExpired(occurred_at=AT, assignment_no=3),
        Subject(timezone=TZ),
        "Эксперт не ответил на назначение № 3 в срок: назначение снято, секретарь назначает другого эксперта.",
    ),
    (
        ReviewSubmitted(
            occurred_at=AT,
            assignment_no=3,
            late=True,
            review=Review(
                scores={"relevance": Score(score=2, comment="да"), "novelty": Score(score=3, comment="да")},
                confidence=Confidence.HIGH,
                recommendation=Verdict.REWORK,
                summary="Доработать",
            ),
        ),
        Subject(timezone=TZ),
        "Поступила рецензия с опозданием по назначению № 3: на доработку, 5 баллов.",
    ),
    (
        ReviewsCompleted(occurred_at=AT, round=2, reviews=2),
        Subject(timezone=TZ),
        "Рецензии раунда 2 поступили (2): продукт в повестке заседания совета.",
    ),
    (
        ConclusionRecorded(
            occurred_at=AT,
            round=2,
            verdict=Verdict.POSITIVE,
            meeting=Meeting(number="5", held_on=date(2026, 12, 15), present=("А", "Б", "В")),
            vote=Vote(votes_for=3, votes_against=0),
            text="Рекомендовать к внедрению",
            recorded_by=ActorRef(user_id="u9", full_name="Гаврилова Тамара Львовна", role=Role.COUNCIL_CHAIR),
        ),
        Subject(timezone=TZ),
        "Гаврилова Т. Л. (председатель Экспертного совета) — решение Экспертного совета (протокол № 5 от "
        "15.12.2026): положительное заключение; голоса: за — 3, против — 0, воздержались — 0. Комментарий: "
        '"Рекомендовать к внедрению".',
    ),
    (
        CycleEndScheduled(
            occurred_at=AT,
            site_id="1.1.5",
            year=2027,
            ends_on=date(2027, 6, 30),
            closes_at=end_of_day(date(2027, 6, 30), TZ),
        ),
        Subject(timezone=TZ),
        "Срок действия статуса площадки истекает 30.06.2027: в конце этого дня цикл будет закрыт, представленное "
        "сохранится, обязанности после этой даты будут отменены.",
    ),
    (
        CycleEndScheduled(occurred_at=AT, site_id="1.1.5", year=2027, ends_on=None, closes_at=None),
        Subject(timezone=TZ),
        "Срок действия статуса площадки больше не ограничен датой: цикл продолжается.",
    ),
    (
        CycleEndScheduled(
            occurred_at=AT,
            site_id="1.1.5",
            year=2027,
            ends_on=date(2026, 6, 30),
            closes_at=end_of_day(date(2026, 6, 30), TZ),
        ),
        Subject(timezone=TZ),
        "Срок действия статуса площадки истек 30.06.2026: цикл закрывается.",
    ),
    (
        CyclePlanExtended(
            occurred_at=AT,
            site_id="1.1.5",
            year=2027,
            planned_to=date(2027, 6, 30),
            status_until=date(2027, 9, 30),
            planned=("a", "b", "c"),
        ),
        Subject(timezone=TZ),
        "Срок действия статуса площадки теперь — по 30.09.2027: план цикла, сокращенный по 30.06.2027, дополнен "
        "обязанностями после этой даты — 3, они перечислены ниже.",
    ),
    (
        CyclePlanExtended(
            occurred_at=AT,
            site_id="1.1.5",
            year=2027,
            planned_to=date(2027, 6, 30),
            status_until=None,
            planned=("a", "b", "c", "d"),
            past_due=("a", "b"),
        ),
        Subject(timezone=TZ),
        "Срок действия статуса площадки больше не ограничен датой: план цикла, сокращенный по 30.06.2027, дополнен "
        "обязанностями после этой даты — 4, они перечислены ниже. Срок уже прошел у 2 из них: статус тогда "
        "действовал, поэтому они открываются сразу и считаются просроченными.",
    ),
]


SAMPLES += PLATFORM_SAMPLES  # a Vologda criteria report's sentences (tests/api/platform_samples.py)


def test_a_cycle_of_a_status_begun_mid_year_says_from_when() -> None:
    started = CycleStarted(
        occurred_at=AT,
        site_id="1.1.3",
        year=2028,
        regulation_id="khmao-135r",
        regulation_version=1,
        obligations=("a",),
        starts_on=date(2028, 4, 1),
    )
    assert text_of(started, Subject(timezone=TZ)) == (
        "Открыт годовой цикл 2028 года: обязанностей в плане — 1. Статус площадки действует с 01.04.2028: более "
        "ранние сроки не планируются."
    )


def test_the_samples_cover_every_template() -> None:
    assert {event.event_type for event, _, _ in SAMPLES} == set(TEMPLATES)


@pytest.mark.parametrize(("event", "about", "expected"), SAMPLES, ids=[e.event_type for e, _, _ in SAMPLES])
def test_sentence(event: DomainEvent, about: Subject, expected: str) -> None:
    assert text_of(event, about) == expected


def test_a_planned_obligation_opening_later_says_when_in_local_time() -> None:
    q1 = Period(kind=PeriodKind.QUARTER, year=2027, index=1)
    rule = next(o for o in regulation("khmao-135r").obligations if o.key == "quarterly_report")
    planned = ObligationPlanned(
        occurred_at=AT,
        ref=REF.model_copy(update={"key": "quarterly_report", "instance": "Q1"}),
        obligation=rule,
        regulation_id="khmao-135r",
        regulation_version=1,
        runner="submission",
        period=q1,
        deadline=deadline(date(2027, 4, 5)),
        opens_at=end_of_day(date(2027, 3, 31), TZ),  # 19:00 UTC on 31 March is midnight of 1 April in KhMAO
    )
    title = title_with_period(rule.title, q1)
    assert title == f"{rule.title} (1 квартал 2027)"
    text = text_of(planned, Subject(title=title, timezone=TZ))
    assert text == f"Запланирована обязанность: {title}; откроется 01.04.2027, срок — 05.04.2027."


def test_a_standing_duty_has_no_date() -> None:
    rule = next(o for o in regulation("khmao-135r").obligations if o.key == "public_information")
    planned = ObligationPlanned(
        occurred_at=AT,
        ref=REF.model_copy(update={"key": rule.key, "instance": "standing"}),
        obligation=rule,
        regulation_id="khmao-135r",
        regulation_version=1,
        runner="none",
        period=None,
        deadline=None,
        opens_at=None,
    )
    assert text_of(planned, Subject(title=rule.title, timezone=TZ)) == (
        f"Запланирована постоянная обязанность без срока: {rule.title}."
    )


def test_a_late_submission_with_a_note_says_both() -> None:
    submitted = DocumentsSubmitted(
        occurred_at=AT,
        submission_no=1,
        items={},
        submitted_by=DIRECTOR,
        note="Направляем с опозданием",
        late=True,
        due_effective=date(2022, 2, 10),
    )
    assert text_of(submitted, ABOUT) == (
        f"{DIRECTOR_SAYS} — представлены документы: {PACKAGE} (представление № 1). Представлено с нарушением "
        'срока (10.02.2022). Сопроводительная записка: "Направляем с опозданием".'
    )


def test_an_approval_nobody_reviews_names_no_reviewer() -> None:
    approved = SubmissionApproved(occurred_at=AT, submission_no=1, step=0, decided_by=DIRECTOR, comment="")
    text = text_of(approved, Subject(title="Реестр", timezone=TZ, reviewed=False))
    assert text == (
        "Принято без рассмотрения (рассмотрение не предусмотрено): Реестр (представление № 1). Обязанность выполнена."
    )


def test_every_level_of_escalation_reads_in_russian() -> None:
    for level, opening in [
        (EscalationLevel.REMINDER, "Напоминание о сроке"),
        (EscalationLevel.INTERNAL_TARGET, "Прошел внутренний срок площадки"),
        (EscalationLevel.RISK, "Риск невыполнения"),
        (EscalationLevel.LEVEL2, "Эскалация директору РЦРСО"),
        (EscalationLevel.LEVEL3, "Эскалация в Департамент"),
    ]:
        raised = EscalationRaised(
            occurred_at=AT,
            escalation_id=f"x:0:{level.value}",
            level=level,
            phase=0,
            due_nominal=date(2026, 12, 21),
            due_effective=date(2026, 12, 21),
            notify=(Role.DEPARTMENT, Role.RCRSO_DIRECTOR),
        )
        assert text_of(raised, ABOUT) == (
            f"{opening}: {PACKAGE} (срок 21.12.2026). Уведомлены: Департамент, директор РЦРСО."
        )


def test_the_actor_with_role_in_russian_and_acting_or_substitution() -> None:
    returned = SAMPLES[9][0]
    assert actor_view(actor_of(returned)) == {
        "user_id": "u2",
        "full_name": "Ширяева Марина Анатольевна",
        "role": "curator",
        "role_ru": "куратор направления",
        "acting": False,
        "on_behalf_of": "",
    }
    assert actor_of(SAMPLES[0][0]) is None
    fields = ActorRef.model_fields
    if "acting" in fields and "on_behalf_of" in fields:
        acting = ActorRef.model_validate(
            {**CURATOR.model_dump(), "acting": True, "on_behalf_of": "Ширяева Марина Анатольевна"}
        )
        refused = ExtensionRefused(occurred_at=AT, decided_by=acting, comment="")
        assert text_of(refused, ABOUT).startswith(
            "Ширяева М. А. (куратор направления, и. о., замещение: Ширяева М. А.) — в продлении"
        )


def test_roles_are_named_as_the_sites_regulation_names_them() -> None:
    """A Vologda platform's timeline names its curator as its regulation does, not KhMAO's «куратор направления»."""
    returned = SAMPLES[9][0]
    vologda = Subject(title=PACKAGE, timezone="Europe/Moscow", regulation_id="vologda-omp")
    text = text_of(returned, vologda)
    assert text.startswith("Ширяева М. А. (куратор ОМП в Департаменте) — возвращено на доработку"), text
    assert "куратор направления" not in text
    assert actor_view(actor_of(returned), "vologda-omp")["role_ru"] == "куратор ОМП в Департаменте"  # type: ignore[index]
    assert text_of(returned, ABOUT).startswith("Ширяева М. А. (куратор направления) —")  # KhMAO's own name


def test_short_names() -> None:
    assert short_name("Гладких Елена Юрьевна") == "Гладких Е. Ю."
    assert short_name("Гладких Елена") == "Гладких Е."
    assert short_name("innocycle calendar load") == "innocycle calendar load"
