"""The sentences of a Vologda platform's criteria report (domain.platform.events) on the cycle's timeline. The
people are named with the regime's own titles (``vologda.ROLE_TITLES``: «директор учреждения — базы ОМП»), never
the generic ones of another region."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.common import ActorRef
from domain.platform.checks import ConsistencyWarning
from domain.platform.distribution import PlanDistributed
from domain.platform.events import (
    SIGN_STEP_RU,
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
)
from domain.platform.evidence import EVIDENCE_KIND_RU, OUTCOME_RU
from domain.platform.profile import PlatformProfileSet
from domain.regulations.vologda import ROLE_TITLES


def _name(full_name: str) -> str:
    parts = full_name.split()
    if not 2 <= len(parts) <= 3 or not all(part[:1].isupper() and part.isalpha() for part in parts):
        return full_name
    return " ".join([parts[0], *(f"{part[0]}." for part in parts[1:])])


def by(actor: ActorRef) -> str:
    """«Веревокина Н. Л. (директор учреждения — базы ОМП, и. о.)»."""
    details = [ROLE_TITLES.get(actor.role, actor.role.value)]
    if actor.acting:
        details.append("и. о.")
    if actor.on_behalf_of:
        details.append(f"замещение: {_name(actor.on_behalf_of)}")
    return f"{_name(actor.full_name)} ({', '.join(details)})"


def _warnings(warnings: tuple[ConsistencyWarning, ...]) -> str:
    n = len(warnings)
    if n == 0:
        return "предупреждений нет"
    if n % 10 == 1 and n % 100 != 11:
        word = "предупреждение"
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = "предупреждения"
    else:
        word = "предупреждений"
    return f"{n} {word} ({', '.join(sorted({w.indicator for w in warnings}))})"


def report_opened(event: CriteriaReportOpened, about: Any) -> str:
    return (
        f"Открыт отчет по критериям за {event.year} год: каталог показателей {event.catalogue.year} года, "
        f"показателей — {len(event.catalogue.indicators)}."
    )


def value_set(event: IndicatorValueSet, about: Any) -> str:
    return f"{by(event.by)} — заполнен показатель {event.value.key}."


def value_cleared(event: IndicatorValueCleared, about: Any) -> str:
    return f"{by(event.by)} — очищен показатель {event.key}."


def evidence_recorded(event: EvidenceRecorded, about: Any) -> str:
    item = event.item
    keys = ", ".join(item.indicators) or "без показателя"
    return f"{by(event.by)} — подтверждение ({EVIDENCE_KIND_RU[item.kind]}) «{item.title}»: {keys}."


def evidence_removed(event: EvidenceRemoved, about: Any) -> str:
    return f"{by(event.by)} — подтверждение {event.item_id} удалено из отчета."


def conclusion_written(event: ConclusionWritten, about: Any) -> str:
    proposal = "продолжить деятельность ОМП" if event.propose_continue else "завершить деятельность ОМП"
    return f"{by(event.by)} — записаны «Предложения»: {proposal}."


def report_submitted(event: CriteriaReportSubmitted, about: Any) -> str:
    return f"{by(event.by)} — отчет направлен на согласование; {_warnings(event.warnings)}."


def report_returned(event: CriteriaReportReturned, about: Any) -> str:
    return f'{by(event.by)} — отчет возвращен на доработку на шаге {SIGN_STEP_RU[event.step]}: "{event.comment}".'


def report_signed(event: CriteriaReportSigned, about: Any) -> str:
    s = event.signature
    return f"{SIGN_STEP_RU[s.step]}: {s.position}, {s.printed_name}, {s.signed_on:%d.%m.%Y}."


def follow_up_opened(event: FollowUpOpened, about: Any) -> str:
    when = f" (ожидается к {event.expected_by:%d.%m.%Y})" if event.expected_by else ""
    return f"Ожидается результат «{event.title}»{when}: после него отчет будет дополнен."


def report_amended(event: CriteriaReportAmended, about: Any) -> str:
    note = f': "{event.note}"' if event.note else ""
    return (
        f"{by(event.by)} — дополнение № {event.no} к утвержденному отчету: результат на "
        f"{event.known_on:%d.%m.%Y} — {OUTCOME_RU[event.outcome]}{note}."
    )


def continuation_decided(event: ContinuationDecided, about: Any) -> str:
    decision = "продолжить" if event.continues else "завершить"
    comment = f' Комментарий: "{event.comment}".' if event.comment else ""
    return (
        f"{by(event.by)} — решение от {event.decided_on:%d.%m.%Y}: {decision} деятельность ОМП в "
        f"{event.next_year} году.{comment}"
    )


def profile_set(event: PlatformProfileSet, about: Any) -> str:
    p = event.profile
    group = len(p.working_group)
    centres = len(p.centres)
    return (
        f"{by(event.by)} — паспорт ОМП: тема «{p.theme}», база — {p.host.name}, {p.years_ru()}; рабочая группа — "
        f"{group} {_plural(group, 'человек', 'человека', 'человек')}, комплексных центров — {centres}."
    )


def plan_distributed(event: PlanDistributed, about: Any) -> str:
    return f"{by(event.by)} — план на {event.year} год направлен в {event.centre.name} {event.sent_on:%d.%m.%Y}."


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    return few if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else many


PLATFORM_TEMPLATES: dict[str, Callable[[Any, Any], str]] = {
    PlatformProfileSet.event_type: profile_set,
    PlanDistributed.event_type: plan_distributed,
    CriteriaReportOpened.event_type: report_opened,
    IndicatorValueSet.event_type: value_set,
    IndicatorValueCleared.event_type: value_cleared,
    EvidenceRecorded.event_type: evidence_recorded,
    EvidenceRemoved.event_type: evidence_removed,
    ConclusionWritten.event_type: conclusion_written,
    CriteriaReportSubmitted.event_type: report_submitted,
    CriteriaReportReturned.event_type: report_returned,
    CriteriaReportSigned.event_type: report_signed,
    FollowUpOpened.event_type: follow_up_opened,
    CriteriaReportAmended.event_type: report_amended,
    ContinuationDecided.event_type: continuation_decided,
}
