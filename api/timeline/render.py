"""Events as sentences in plain Russian: one pure function per event type, no database.

Verbs are passive and impersonal («представлены документы», «возвращено на доработку») rather than agreeing with
the actor: an event names a person, not their gender, and guessing it from a surname is wrong often enough. Dates
read DD.MM.YYYY; an instant (when an obligation opens) is read as the local date in the region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from api.timeline.platform import PLATFORM_TEMPLATES
from domain.common import ActorRef, DomainEvent, upper_first
from domain.cycle import (
    CycleClosed,
    CycleCompleted,
    CycleEndScheduled,
    CyclePlanExtended,
    CycleStarted,
    InstitutionsTold,
)
from domain.deadlines import Deadline
from domain.escalation import LEVEL_RU, EscalationLevel, EscalationRaised, EscalationResolved
from domain.freshness import RegistryUpdated, RegistryYearClosed
from domain.obligations import ObligationCancelled, ObligationOpened, ObligationPlanned, ObligationWithdrawn
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
from domain.product.model import VERDICT_RU
from domain.quota import MonitoringCompleted, MonitoringPlanApproved, QuotaItemRecorded, QuotaMet
from domain.region import CuratorAppointed, CuratorMissing
from domain.regulations.catalog import role_title
from domain.roadmap_row import RoadmapRowDone, RoadmapRowNotDone
from domain.submission.events import (
    EXTENSION,
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


@dataclass(frozen=True)
class Subject:
    """What a sentence needs besides its event: the obligation it concerns and the region's time zone."""

    title: str = ""  # the obligation's title with its period; empty for the cycle's own events
    timezone: str = "Asia/Yekaterinburg"
    reviewed: bool = True  # False: the obligation has no review chain, sending it is fulfilling it
    regulation_id: str = ""  # the site's regulation, which names the roles; empty: their general names


# How an escalation closed (EscalationResolved.resolution), in words.
RESOLUTION_RU = {
    "submitted": "документы представлены",
    "extended": "срок продлен",
    "calendar_changed": "срок перенесен по производственному календарю",
    "cancelled": "обязанность закрыта",
    "met": "норма выполнена",
    "updated": "реестр актуализирован",
    "reviewed": "решение по рассмотрению принято",
    "decided": "решение о продлении срока принято",
    "done": "мероприятие выполнено",
    "review_submitted": "рецензия поступила",
    "recused": "эксперт заявил самоотвод",
    "year_closed": "годовой цикл завершён",
}


# --- words --------------------------------------------------------------------------------------------------


def ru_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def local_day(instant: datetime, timezone: str) -> str:
    return ru_date(instant.astimezone(ZoneInfo(timezone)).date())


def due_words(deadline: Deadline) -> str:
    """The effective date, and the date the rule names when a non-working day moved it."""
    if deadline.nominal == deadline.effective:
        return ru_date(deadline.effective)
    return f"{ru_date(deadline.effective)} (перенесен с нерабочего дня {ru_date(deadline.nominal)})"


def short_name(full_name: str) -> str:
    """«Гладких Елена Юрьевна» → «Гладких Е. Ю.»; anything not shaped like a person's name stays as it is."""
    parts = full_name.split()
    if not 2 <= len(parts) <= 3 or not all(part[:1].isupper() and part.isalpha() for part in parts):
        return full_name
    return " ".join([parts[0], *(f"{part[0]}." for part in parts[1:])])


def role_name(role: Role, about: Subject) -> str:
    """The role as the site's regulation names it: a Vologda curator is not KhMAO's «куратор направления»."""
    return role_title(about.regulation_id or None, role)


def who(actor: ActorRef, about: Subject) -> str:
    """«Гладких Е. Ю. (директор площадки)», with «и. о.» or the colleague replaced when the event says so."""
    details = [role_name(actor.role, about)]
    if getattr(actor, "acting", False):
        details.append("и. о.")
    replaced = getattr(actor, "on_behalf_of", "")
    if replaced:
        details.append(f"замещение: {short_name(replaced)}")
    return f"{short_name(actor.full_name)} ({', '.join(details)})"


def roles_words(roles: tuple[Role, ...], about: Subject) -> str:
    return ", ".join(role_name(role, about) for role in roles)


def quoted(comment: str) -> str:
    return f'"{comment}"'


def sentence(text: str) -> str:
    """End with a full stop unless the text already ends a sentence."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def with_comment(text: str, comment: str) -> str:
    return f"{text} Комментарий: {quoted(comment)}." if comment else text


def title_with_period(title: str, period: Period | None) -> str:
    """The obligation's title, and its period when it has several instances a year (a quarter, a month)."""
    if period is None or period.kind == PeriodKind.YEAR:
        return title
    return f"{title} ({period.title_ru()})"


def what(about: Subject) -> str:
    return about.title or "обязанность цикла"


# --- the cycle ----------------------------------------------------------------------------------------------


def cycle_started(event: CycleStarted, about: Subject) -> str:
    opened = f"Открыт годовой цикл {event.year} года: обязанностей в плане — {len(event.obligations)}."
    if event.starts_on is None:
        return opened
    return f"{opened} Статус площадки действует с {ru_date(event.starts_on)}: более ранние сроки не планируются."


def cycle_completed(event: CycleCompleted, about: Subject) -> str:
    return f"Годовой цикл {event.year} года завершен: все обязанности закрыты."


def cycle_closed(event: CycleClosed, about: Subject) -> str:
    return sentence(f"Годовой цикл {event.year} года закрыт досрочно. {event.reason}")


def cycle_end_scheduled(event: CycleEndScheduled, about: Subject) -> str:
    if event.ends_on is None:
        return "Срок действия статуса площадки больше не ограничен датой: цикл продолжается."
    ends = ru_date(event.ends_on)
    if event.closes_at is None or event.closes_at <= event.occurred_at:
        return f"Срок действия статуса площадки истек {ends}: цикл закрывается."
    return (
        f"Срок действия статуса площадки истекает {ends}: в конце этого дня цикл будет закрыт, представленное "
        "сохранится, обязанности после этой даты будут отменены."
    )


def cycle_plan_extended(event: CyclePlanExtended, about: Subject) -> str:
    if event.status_until is None:
        told = "Срок действия статуса площадки больше не ограничен датой"
    else:
        told = f"Срок действия статуса площадки теперь — по {ru_date(event.status_until)}"
    text = (
        f"{told}: план цикла, сокращенный по {ru_date(event.planned_to)}, дополнен обязанностями после этой даты — "
        f"{len(event.planned)}, они перечислены ниже."
    )
    if event.past_due:
        text += (
            f" Срок уже прошел у {len(event.past_due)} из них: статус тогда действовал, поэтому они открываются сразу "
            "и считаются просроченными."
        )
    return text


def curator_missing(event: CuratorMissing, about: Subject) -> str:
    return (
        f"У площадки {event.site_id} нет куратора РЦРСО с {ru_date(event.since)} (п. 3.1): эскалация директору РЦРСО."
    )


def curator_appointed(event: CuratorAppointed, about: Subject) -> str:
    return f"Площадке {event.site_id} назначен куратор РЦРСО: {', '.join(event.curators)}. Эскалация снята."


# --- an obligation's life -----------------------------------------------------------------------------------


def obligation_planned(event: ObligationPlanned, about: Subject) -> str:
    if event.deadline is None:
        return f"Запланирована постоянная обязанность без срока: {what(about)}."
    if event.opens_at is None:
        return f"Запланирована обязанность: {what(about)}; срок — {due_words(event.deadline)}."
    opens = local_day(event.opens_at, about.timezone)
    return f"Запланирована обязанность: {what(about)}; откроется {opens}, срок — {due_words(event.deadline)}."


def obligation_opened(event: ObligationOpened, about: Subject) -> str:
    text = f"Открыта обязанность: {what(about)} со сроком {due_words(event.deadline)}."
    if event.internal_target is not None:
        text += f" Внутренний ориентир (не срок по приказу) — {ru_date(event.internal_target.effective)}."
    return text


def obligation_cancelled(event: ObligationCancelled, about: Subject) -> str:
    return sentence(f"Обязанность закрыта без исполнения: {what(about)}. {event.reason}")


def obligation_withdrawn(event: ObligationWithdrawn, about: Subject) -> str:
    return sentence(f"Обязанность снята с плана, не открывшись: {what(about)}. {event.reason}")


def institutions_told(event: InstitutionsTold, about: Subject) -> str:
    centres = len(event.institutions)
    text = (
        f"Цикл узнал участников из паспорта ОМП: комплексных центров — {centres}"
        if centres
        else "Цикл узнал участников из паспорта ОМП: комплексных центров нет"
    )
    changes = []
    if event.planned:
        changes.append(f"запланировано запросов сведений — {len(event.planned)}")
    if event.withdrawn:
        changes.append(f"отозвано — {len(event.withdrawn)}")
    return f"{text}; {', '.join(changes)}." if changes else f"{text}; план не изменился."


# --- submissions and their review ---------------------------------------------------------------------------


def documents_submitted(event: DocumentsSubmitted, about: Subject) -> str:
    text = (
        f"{who(event.submitted_by, about)} — представлены документы: {what(about)} "
        f"(представление № {event.submission_no})."
    )
    if event.late:
        text += f" Представлено с нарушением срока ({ru_date(event.due_effective)})."
    if event.unchanged:
        files = ", ".join(quoted(event.items[key].filename) for key in event.unchanged if key in event.items)
        text += f" Изменений нет, руководитель подтвердил действующую редакцию: {files}."
    if event.note:
        text += f" Сопроводительная записка: {quoted(event.note)}."
    return text


def submission_agreed(event: SubmissionAgreed, about: Subject) -> str:
    document = f"документ «{event.part_title or event.part}» — " if event.part else ""
    text = (
        f"{who(event.decided_by, about)} — согласовано: {document}{what(about)} "
        f"(представление № {event.submission_no})."
    )
    return with_comment(text, event.comment)


def submission_part_approved(event: SubmissionPartApproved, about: Subject) -> str:
    document = (
        f"документ «{event.part_title or event.part}»"
        if event.part
        else "документы, которые рассматриваются без отдельной цепочки"
    )
    text = (
        f"{who(event.decided_by, about)} — принято: {document} — {what(about)} "
        f"(представление № {event.submission_no}). "
        "Остальные документы ещё на рассмотрении."
    )
    return with_comment(text, event.comment)


def working_days_words(count: int) -> str:
    """«1 рабочий день», «3 рабочих дня», «5 рабочих дней»."""
    if count % 10 == 1 and count % 100 != 11:
        return f"{count} рабочий день"
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return f"{count} рабочих дня"
    return f"{count} рабочих дней"


def review_deadline_set(event: ReviewDeadlineSet, about: Subject) -> str:
    term = working_days_words(event.working_days)
    if event.review == EXTENSION:
        return (
            f"Решить о продлении срока: {what(about)} — до {due_words(event.deadline)} ({term}); решает: "
            f"{role_name(event.role, about)}."
        )
    return (
        f"Срок рассмотрения «{event.title}»: {what(about)} (представление № {event.submission_no}) — до "
        f"{due_words(event.deadline)} ({term}); ожидается решение: {role_name(event.role, about)}."
    )


def submission_approved(event: SubmissionApproved, about: Subject) -> str:
    number = f"(представление № {event.submission_no})"
    if not about.reviewed:
        return (
            f"Принято без рассмотрения (рассмотрение не предусмотрено): {what(about)} {number}. Обязанность выполнена."
        )
    text = f"{who(event.decided_by, about)} — принято: {what(about)} {number}. Обязанность выполнена."
    if event.missing_reasons:
        each = "; ".join(
            f"{name} — «{reason}»"
            for name, reason in zip(event.institutions_missing, event.missing_reasons, strict=False)
        )
        text += f" Принято без принятых сведений комплексных центров; причины, указанные ОМП: {each}."
    elif event.institutions_missing:
        text += (
            f" Принято без отчетных форм учреждений (п. 5.2): {', '.join(event.institutions_missing)}; причина, "
            f"указанная площадкой: «{event.missing_reason}»."
        )
    return with_comment(text, event.comment)


def submission_returned(event: SubmissionReturned, about: Subject) -> str:
    return (
        f"{who(event.decided_by, about)} — возвращено на доработку: {what(about)} "
        f"(представление № {event.submission_no}) "
        f"с комментарием: {quoted(event.comment)}; новый срок — {due_words(event.resubmit_deadline)}."
    )


def extension_requested(event: ExtensionRequested, about: Subject) -> str:
    return (
        f"{who(event.requested_by, about)} — запрошено продление срока до {ru_date(event.until)}: {what(about)}. "
        f"Причина: {quoted(event.reason)}."
    )


def extension_granted(event: ExtensionGranted, about: Subject) -> str:
    text = (
        f"{who(event.decided_by, about)} — продление срока предоставлено: {what(about)}; новый срок — "
        f"{due_words(event.deadline)}, прежний — {ru_date(event.previous.effective)}."
    )
    return with_comment(text, event.comment)


def extension_refused(event: ExtensionRefused, about: Subject) -> str:
    return with_comment(f"{who(event.decided_by, about)} — в продлении срока отказано: {what(about)}.", event.comment)


def deadline_recomputed(event: DeadlineRecomputed, about: Subject) -> str:
    return (
        f"Срок пересчитан по производственному календарю: {what(about)}; новый срок — {due_words(event.deadline)}, "
        f"прежний — {ru_date(event.previous.effective)}."
    )


# --- escalations --------------------------------------------------------------------------------------------


def level_words(level: EscalationLevel) -> str:
    return LEVEL_RU[level]


def escalation_raised(event: EscalationRaised, about: Subject) -> str:
    if event.review:
        text = (
            f"{upper_first(level_words(event.level))}: рассмотрение «{event.review_title}» — {what(about)} (срок "
            f"рассмотрения {ru_date(event.due_effective)}); ожидается решение: {roles_words(event.awaited, about)}."
        )
        if event.notify:
            text += f" Уведомлены: {roles_words(event.notify, about)}."
        return text
    text = f"{upper_first(level_words(event.level))}: {what(about)} (срок {ru_date(event.due_effective)})."
    if event.notify:
        text += f" Уведомлены: {roles_words(event.notify, about)}."
    return text


def escalation_resolved(event: EscalationResolved, about: Subject) -> str:
    why = RESOLUTION_RU.get(event.resolution, event.resolution)
    return f"Эскалация «{level_words(event.level)}» снята: {what(about)} — {why}."


# --- quotas, monitoring, registries -------------------------------------------------------------------------


def quota_item_recorded(event: QuotaItemRecorded, about: Subject) -> str:
    kind = f" ({event.item_kind})" if event.item_kind else ""
    return (
        f"{who(event.recorded_by, about)} — направлен продукт № {event.item_no} «{event.title}»{kind}: {what(about)}; "
        f"всего направлено — {event.count}."
    )


def monitoring_plan_approved(event: MonitoringPlanApproved, about: Subject) -> str:
    return (
        f"{who(event.approved_by, about)} — утвержден план мониторинга: {what(about)}; учреждений в плане — "
        f"{len(event.targets)}."
    )


def monitoring_completed(event: MonitoringCompleted, about: Subject) -> str:
    text = (
        f"{who(event.recorded_by, about)} — завершен мониторинг учреждения {event.target} "
        f"({ru_date(event.completed_on)}): "
        f"{what(about)}; справка о результатах — до {ru_date(event.spravka_due)}; охвачено учреждений — "
        f"{event.covered}."
    )
    return with_comment(text, event.note)


def quota_met(event: QuotaMet, about: Subject) -> str:
    return f"Норма выполнена: {what(about)} — {event.count} из {event.target}."


def registry_updated(event: RegistryUpdated, about: Subject) -> str:
    text = f"{who(event.updated_by, about)} — реестр актуализирован {ru_date(event.on)}: {what(about)}."
    if event.entries is not None:
        text += f" Записей в реестре — {event.entries}."
    return with_comment(text, event.note)


def registry_year_closed(event: RegistryYearClosed, about: Subject) -> str:
    return f"Ведение реестра за год закрыто: {what(about)}; актуализаций за год — {event.updates}."


def roadmap_row_done(event: RoadmapRowDone, about: Subject) -> str:
    if event.source == "product":  # D53: the note names the product
        return f"Мероприятие выполнено {ru_date(event.on)}: {what(about)}. {event.note}"
    if event.source == "report" or event.done_by is None:
        text = f"По принятому ежеквартальному отчету мероприятие выполнено {ru_date(event.on)}: {what(about)}."
    else:
        text = f"{who(event.done_by, about)} — отмечено выполнение {ru_date(event.on)}: {what(about)}."
        if event.items:
            text += " Подтверждение приложено."
    return with_comment(text, event.note)


def roadmap_row_not_done(event: RoadmapRowNotDone, about: Subject) -> str:
    return f"Мероприятие не выполнено: {what(about)}. {event.reason}"


# --- a product's examination by the expert council (D46–D52) -------------------------------------------------------


def _points(total: int) -> str:
    if total % 10 == 1 and total % 100 != 11:
        return f"{total} балл"
    if 2 <= total % 10 <= 4 and not 12 <= total % 100 <= 14:
        return f"{total} балла"
    return f"{total} баллов"


def examination_started(event: ExaminationStarted, about: Subject) -> str:
    product = event.product
    again = " после доработки" if event.round > 1 else ""
    return (
        f"Продукт «{product.title}» (версия {product.version_no}) направлен в Экспертный совет{again}: раунд "
        f"экспертизы {event.round}; экспертов нужно не менее {event.experts_needed}."
    )


def expert_assigned(event: ExpertAssigned, about: Subject) -> str:
    return (
        f"{who(event.assigned_by, about)} — назначен эксперт {event.expert.full_name} ({event.expert.organisation}), "
        f"назначение № {event.assignment_no}; ответить до {due_words(event.respond_by)}."
    )


def assignment_refused(event: AssignmentRefused, about: Subject) -> str:
    return sentence(f"{who(event.refused_to, about)} — эксперт {event.expert.full_name} не назначен: {event.reason}")


def assignment_accepted(event: AssignmentAccepted, about: Subject) -> str:
    return f"Эксперт принял назначение № {event.assignment_no}; рецензия — до {due_words(event.review_due)}."


def assignment_declined(event: AssignmentDeclined, about: Subject) -> str:
    return f"Эксперт отказался от назначения № {event.assignment_no}: {quoted(event.reason)}."


def expert_recused(event: ExpertRecused, about: Subject) -> str:
    return f"Эксперт заявил самоотвод по назначению № {event.assignment_no}: {quoted(event.reason)}."


def assignment_expired(event: AssignmentExpired, about: Subject) -> str:
    return (
        f"Эксперт не ответил на назначение № {event.assignment_no} в срок: назначение снято, секретарь назначает "
        "другого эксперта."
    )


def review_submitted(event: ReviewSubmitted, about: Subject) -> str:
    late = " с опозданием" if event.late else ""
    return (
        f"Поступила рецензия{late} по назначению № {event.assignment_no}: "
        f"{VERDICT_RU[event.review.recommendation]}, {_points(event.review.total)}."
    )


def reviews_completed(event: ReviewsCompleted, about: Subject) -> str:
    return f"Рецензии раунда {event.round} поступили ({event.reviews}): продукт в повестке заседания совета."


def conclusion_recorded(event: ConclusionRecorded, about: Subject) -> str:
    vote = event.vote
    text = (
        f"{who(event.recorded_by, about)} — решение Экспертного совета (протокол № {event.meeting.number} от "
        f"{ru_date(event.meeting.held_on)}): {VERDICT_RU[event.verdict]}; голоса: за — {vote.votes_for}, против — "
        f"{vote.votes_against}, воздержались — {vote.abstained}."
    )
    return with_comment(text, event.text)


# --- dispatch -----------------------------------------------------------------------------------------------

Template = Callable[[Any, Subject], str]

TEMPLATES: dict[str, Template] = {
    CycleStarted.event_type: cycle_started,
    CycleCompleted.event_type: cycle_completed,
    CycleClosed.event_type: cycle_closed,
    CycleEndScheduled.event_type: cycle_end_scheduled,
    CyclePlanExtended.event_type: cycle_plan_extended,
    ObligationPlanned.event_type: obligation_planned,
    ObligationOpened.event_type: obligation_opened,
    ObligationCancelled.event_type: obligation_cancelled,
    ObligationWithdrawn.event_type: obligation_withdrawn,
    InstitutionsTold.event_type: institutions_told,
    DocumentsSubmitted.event_type: documents_submitted,
    SubmissionAgreed.event_type: submission_agreed,
    SubmissionApproved.event_type: submission_approved,
    SubmissionPartApproved.event_type: submission_part_approved,
    ReviewDeadlineSet.event_type: review_deadline_set,
    SubmissionReturned.event_type: submission_returned,
    ExtensionRequested.event_type: extension_requested,
    ExtensionGranted.event_type: extension_granted,
    ExtensionRefused.event_type: extension_refused,
    DeadlineRecomputed.event_type: deadline_recomputed,
    EscalationRaised.event_type: escalation_raised,
    EscalationResolved.event_type: escalation_resolved,
    QuotaItemRecorded.event_type: quota_item_recorded,
    MonitoringPlanApproved.event_type: monitoring_plan_approved,
    MonitoringCompleted.event_type: monitoring_completed,
    QuotaMet.event_type: quota_met,
    RegistryUpdated.event_type: registry_updated,
    RegistryYearClosed.event_type: registry_year_closed,
    RoadmapRowDone.event_type: roadmap_row_done,
    RoadmapRowNotDone.event_type: roadmap_row_not_done,
    CuratorMissing.event_type: curator_missing,
    CuratorAppointed.event_type: curator_appointed,
    ExaminationStarted.event_type: examination_started,
    ExpertAssigned.event_type: expert_assigned,
    AssignmentRefused.event_type: assignment_refused,
    AssignmentAccepted.event_type: assignment_accepted,
    AssignmentDeclined.event_type: assignment_declined,
    ExpertRecused.event_type: expert_recused,
    AssignmentExpired.event_type: assignment_expired,
    ReviewSubmitted.event_type: review_submitted,
    ReviewsCompleted.event_type: reviews_completed,
    ConclusionRecorded.event_type: conclusion_recorded,
    **PLATFORM_TEMPLATES,  # a Vologda platform's criteria report
}

# The fields in which an event names the person who acted.
ACTOR_FIELDS = (
    "assigned_by",
    "refused_to",
    "submitted_by",
    "decided_by",
    "requested_by",
    "recorded_by",
    "approved_by",
    "updated_by",
    "done_by",
    "by",  # a Vologda criteria report's events (api/timeline/platform.py)
)


def text_of(event: DomainEvent, about: Subject) -> str:
    template = TEMPLATES.get(event.event_type)
    if template is None:  # a type registered after this module was written: say at least what happened
        return f"Событие {event.event_type}."
    return template(event, about)


def actor_of(event: DomainEvent) -> ActorRef | None:
    for field in ACTOR_FIELDS:
        value = getattr(event, field, None)
        if isinstance(value, ActorRef):
            return value
    return None


def actor_view(actor: ActorRef | None, regulation_id: str = "") -> dict[str, Any] | None:
    if actor is None:
        return None
    return {
        "user_id": actor.user_id,
        "full_name": actor.full_name,
        "role": actor.role.value,
        "role_ru": role_title(regulation_id or None, actor.role),
        "acting": getattr(actor, "acting", False),
        "on_behalf_of": getattr(actor, "on_behalf_of", ""),
    }
