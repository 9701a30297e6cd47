"""What an append tells people, before it is known who they are: one notice per cause — a step of a ladder
(EscalationRaised), a return (SubmissionReturned), a decision (an approval, the expert council's conclusion) or a
task that opened — with the roles it concerns in the obligation's scope, its subject and the words of its e-mail.
The projection (``projection.py``) resolves the roles to people and writes the notifications."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from api.eventlog.store import StoredEvent
from domain.common import DomainEvent, event_from_stored
from domain.cycle import forms_institution_of
from domain.escalation import LEVEL_RU, EscalationRaised
from domain.notifications import (
    KIND_OF_LEVEL,
    NotificationKind,
    Preference,
    due_phrase,
    period_phrase,
    preference_of,
    subject,
)
from domain.people import Role
from domain.platform.events import SIGN_STEP_RU, ContinuationDecided, CriteriaReportSigned, SignStep
from domain.product.events import ConclusionRecorded
from domain.product.model import VERDICT_RU, Verdict
from domain.regulations.model import Obligation
from domain.submission.events import SubmissionApproved, SubmissionPartApproved, SubmissionReturned

SITE_SIDE = ("site_director", "site_responsible")
_ASSIGNMENT = re.compile(r":a(\d+):")
# Tasks a notice of the same append already tells their people about: a return asks to revise, a conclusion «на
# доработку» to rework, a criteria report's СОГЛАСОВАНО the Department's head to approve it.
TOLD_BY_DECISION = ("revise", "rework", "approve")


@dataclass
class Notice:
    """A cause of notifications, addressed to roles in a scope (and to one person, for a task assigned)."""

    key: str  # the event id or the task id: the notification of a person is ``{key}:{user_id}``
    kind: NotificationKind
    cause: str
    created_at: datetime
    obligation_id: str
    site_id: str
    subject: str
    details: dict[str, Any]
    link: str
    roles: tuple[str, ...]
    assignee: str | None = None
    escalation_id: str | None = None
    task_id: str | None = None
    institution_id: str | None = None  # an institution's own forms (D34): its responsible person, not the site's
    position: int = 0
    # Where the notice's roles are looked for when it concerns no site (a unit's controlled document, api/qms): the
    # region and its time zone; the grants that cover the region or ``institution_id`` are its people's.
    region_id: str | None = None
    timezone: str | None = None

    @property
    def preference(self) -> Preference:
        return preference_of(self.kind)


# What an obligation's notices read of its projection row.
OBLIGATION_FIELDS = (
    "obligation_id",
    "site_id",
    "year",
    "key",
    "instance",
    "title",
    "period_key",
    "citation",
    "rule",
    "next_actor",
    "expertise",
)


def page_of(site_id: str, year: int, key: str, instance: str) -> str:
    """The obligation's page in the web interface (a region's own сборник has its page, a unit's controlled
    document too: its tasks carry the key ``qms`` and the document as their instance, api/qms; a Sverdlovsk
    section's own tasks the key ``section`` and the section's site as their instance, api/section)."""
    if key == "qms":
        return f"/qms/documents/{quote(instance, safe='')}"
    if key == "section":
        return f"/sections/{quote(instance, safe='')}"
    if site_id.startswith("region:"):
        return f"/compendia/{quote(site_id.split(':', 1)[1], safe='')}/{year}"
    site, key, instance = (quote(part, safe="") for part in (site_id, key, instance))
    return f"/sites/{site}/cycles/{year}/obligations/{key}/{instance}"


def _citation(row: Any) -> str:
    citation = row.citation or {}
    clause, document = citation.get("clause", ""), citation.get("document", "")
    return f"п. {clause} {document}".strip() if clause else str(document)


def _title(row: Any) -> str:
    expertise = row.expertise or {}
    if expertise.get("title"):
        return f"экспертиза продукта «{expertise['title']}»"
    return str(row.title)


def _period(year: int, key: str | None) -> str:
    """The period in the subject, so that the package of one year is not taken for another's: «за III квартал
    2027», or the cycle's year («на 2027 год») for what has no period of its own."""
    return period_phrase(year, key) or f"на {year} год"


def _base(row: Any) -> dict[str, Any]:
    return {
        "title": _title(row),
        "period": _period(row.year, row.period_key),
        "citation": _citation(row),
    }


def _assigned_expert(escalation_id: str, row: Any) -> str | None:
    """The expert whose assignment a step of an examination's ladder is about (``…:a{no}:…``): an expert is told
    as the person assigned, never as a holder of the role (D49: no other expert learns of the assignment)."""
    found = _ASSIGNMENT.search(escalation_id)
    if found is None:
        return None
    for assignment in (row.expertise or {}).get("assignments", []):
        if str(assignment.get("no")) == found.group(1):
            return str(assignment["expert_id"])
    return None


def _escalation(stored: StoredEvent, event: EscalationRaised, row: Any) -> Notice:
    kind = KIND_OF_LEVEL[event.level]
    roles = tuple(role.value for role in event.notify if role != Role.EXPERT)
    expert = _assigned_expert(event.escalation_id, row) if Role.EXPERT in event.notify else None
    base = _base(row)
    title = f"рассмотрение «{event.review_title}» — {base['title']}" if event.review else base["title"]
    if event.review:
        todo = "Принять решение по рассмотрению — или поручить его коллеге — как можно скорее."
    elif kind == NotificationKind.REMINDER:
        todo = "Подготовить и направить до конца срока."
    else:
        todo = "Направить как можно скорее; если срок нужно продлить — запросить продление на странице обязанности."
    due = due_phrase(event.due_nominal, event.due_effective)
    return Notice(
        key=stored.event_id,
        kind=kind,
        cause=stored.event_type,
        created_at=event.occurred_at,
        obligation_id=stored.stream_id,
        site_id=row.site_id,
        subject=subject(kind, title, row.site_id, base["period"]),
        details={**base, "title": title, "what": LEVEL_RU[event.level], "due": due, "todo": todo},
        link=page_of(row.site_id, row.year, row.key, row.instance),
        roles=roles,
        assignee=expert,
        escalation_id=event.escalation_id,
        institution_id=_forms_of(row),
    )


def _forms_of(row: Any) -> str | None:
    """The institution whose own forms the obligation is (D34; a Vologda centre's quarter, D11): its responsible
    person is the one told, by a grant on that institution."""
    return forms_institution_of(bool((row.rule or {}).get("per_institution")), row.instance)


def _returned(stored: StoredEvent, event: SubmissionReturned, row: Any) -> Notice:
    base = _base(row)
    due = due_phrase(event.resubmit_deadline.nominal, event.resubmit_deadline.effective)
    roles = tuple(row.next_actor or ()) or SITE_SIDE
    return Notice(
        key=stored.event_id,
        kind=NotificationKind.RETURNED,
        cause=stored.event_type,
        created_at=event.occurred_at,
        obligation_id=stored.stream_id,
        site_id=row.site_id,
        subject=subject(NotificationKind.RETURNED, base["title"], row.site_id, base["period"]),
        details={
            **base,
            "what": f"возвращено на доработку ({event.decided_by.full_name})",
            "comment": event.comment,
            "due": f"{due} — новый срок",
            "todo": "Доработать по замечаниям и направить снова до нового срока.",
        },
        link=page_of(row.site_id, row.year, row.key, row.instance),
        roles=roles,
        institution_id=_forms_of(row),
    )


def _decision(
    stored: StoredEvent,
    event: DomainEvent,
    row: Any,
    *,
    subject: str,
    details: dict[str, Any],
    link: str,
    roles: tuple[str, ...],
    institution_id: str | None = None,
) -> Notice:
    """A decision on the obligation ``row`` (an approval, a conclusion, a signature, the next year's decision),
    caused by ``stored`` at the event's instant: what it says, where it leads and to whom."""
    return Notice(
        key=stored.event_id,
        kind=NotificationKind.DECISION,
        cause=stored.event_type,
        created_at=event.occurred_at,
        obligation_id=stored.stream_id,
        site_id=row.site_id,
        subject=subject,
        details=details,
        link=link,
        roles=roles,
        institution_id=institution_id,
    )


def _approved(stored: StoredEvent, event: SubmissionApproved | SubmissionPartApproved, row: Any) -> Notice:
    base = _base(row)
    rule = Obligation.model_validate(row.rule)
    roles = tuple(role.value for role in rule.submitters) or SITE_SIDE
    part = f" ({event.part_title})" if isinstance(event, SubmissionPartApproved) and event.part_title else ""
    return _decision(
        stored,
        event,
        row,
        subject=subject(NotificationKind.DECISION, f"принято{part} — {base['title']}", row.site_id, base["period"]),
        details={
            **base,
            "what": f"принято{part} ({event.decided_by.full_name})",
            "comment": event.comment,
            "todo": "Ничего делать не нужно: обязанность выполнена." if not part else "Ждать решения по остальному.",
        },
        link=page_of(row.site_id, row.year, row.key, row.instance),
        roles=roles,
        institution_id=_forms_of(row),
    )


def _concluded(stored: StoredEvent, event: ConclusionRecorded, row: Any) -> Notice:
    base = _base(row)
    verdict = VERDICT_RU.get(event.verdict, str(event.verdict))
    todo = {
        Verdict.POSITIVE: "Продукт войдет в реестр после утверждения приказом.",
        Verdict.REWORK: "Доработать продукт по рецензиям и направить новую версию.",
    }.get(event.verdict, "Ознакомиться с заключением и рецензиями на странице продукта.")
    return _decision(
        stored,
        event,
        row,
        subject=subject(NotificationKind.DECISION, f"заключение совета — {base['title']}", row.site_id),
        details={**base, "what": f"заключение экспертного совета: {verdict}", "comment": event.text, "todo": todo},
        link=page_of(row.site_id, row.year, row.key, row.instance),
        roles=SITE_SIDE,
    )


def _report_page(row: Any) -> str:
    site = quote(row.site_id, safe="")
    return f"/sites/{site}/cycles/{row.year}/criteria-report"


def _signed(stored: StoredEvent, event: CriteriaReportSigned, row: Any) -> Notice:
    """A Vologda criteria report signed: СОГЛАСОВАНО tells the Department's head, who signs УТВЕРЖДАЮ next;
    УТВЕРЖДАЮ tells the platform's director, whose report it is (issue 16)."""
    signature = event.signature
    step = SIGN_STEP_RU[signature.step]
    acting = " (и. о.)" if signature.by.acting else ""
    what = f"{step}: {signature.position} {signature.printed_name}{acting}, {signature.signed_on:%d.%m.%Y}"
    if signature.step == SignStep.AGREE:
        roles: tuple[str, ...] = (Role.DEPARTMENT.value,)
        todo = "Подписать «УТВЕРЖДАЮ» или вернуть отчет на доработку на странице отчета."
    else:
        roles = (Role.SITE_DIRECTOR.value,)
        todo = "Ничего делать не нужно: отчет утвержден; ожидаемые результаты заявок дополняют его по мере поступления."
    title = f"{step.lower()} — {row.title}"
    return _decision(
        stored,
        event,
        row,
        subject=subject(NotificationKind.DECISION, title, row.site_id, f"за {row.year} год"),
        details={
            "title": row.title,
            "period": f"за {row.year} год",
            "citation": _citation(row),
            "what": what,
            "todo": todo,
        },
        link=_report_page(row),
        roles=roles,
    )


def _continuation(stored: StoredEvent, event: ContinuationDecided, row: Any) -> Notice:
    """The Department's decision on the platform's next year (D19): told to the platform's director and head."""
    decision = (
        f"продолжить деятельность ОМП в {event.next_year} году"
        if event.continues
        else f"завершить деятельность ОМП: в {event.next_year} году площадка не продолжает работу"
    )
    return _decision(
        stored,
        event,
        row,
        subject=subject(NotificationKind.DECISION, f"решение о {event.next_year} годе — ОМП", row.site_id),
        details={
            "title": row.title,
            "period": f"за {row.year} год",
            "citation": _citation(row),
            "what": f"Департамент решил {event.decided_on:%d.%m.%Y}: {decision} ({event.by.full_name})",
            "comment": event.comment,
            "todo": "Ознакомиться с решением на странице отчета.",
        },
        link=_report_page(row),
        roles=SITE_SIDE,
    )


def event_notices(batch: Sequence[StoredEvent], row: Any) -> list[Notice]:
    """The notices of an append's events; ``row`` is the obligation (OBLIGATION_FIELDS) as the append left it."""
    notices = []
    for stored in batch:
        if stored.event_type not in NOTIFYING:
            continue
        event: DomainEvent = event_from_stored(stored.event_type, stored.data, stored.schema_version)
        notice: Notice | None = None
        if isinstance(event, EscalationRaised):
            notice = _escalation(stored, event, row)
        elif isinstance(event, SubmissionReturned):
            notice = _returned(stored, event, row)
        elif isinstance(event, SubmissionApproved | SubmissionPartApproved):
            notice = _approved(stored, event, row)
        elif isinstance(event, ConclusionRecorded):
            notice = _concluded(stored, event, row)
        elif isinstance(event, CriteriaReportSigned):
            notice = _signed(stored, event, row)
        elif isinstance(event, ContinuationDecided):
            notice = _continuation(stored, event, row)
        if notice is not None:
            notice.position = stored.global_position
            notices.append(notice)
    return notices


def task_notices(opened: Sequence[dict[str, Any]], position: int, told: bool) -> list[Notice]:
    """The notices of the tasks an append opened (rows of ``tasks``). ``told``: a notice of the same append tells
    the site of a return or a conclusion already, so its task to revise or rework is not told twice."""
    notices = []
    for task in opened:
        if told and task["kind"] in TOLD_BY_DECISION:
            continue
        due = due_phrase(task.get("due_nominal"), task.get("due_effective"))
        site_id = task["site_id"]
        notices.append(
            Notice(
                key=task["task_id"],
                kind=NotificationKind.TASK,
                cause="task",
                created_at=task["created_at"],
                obligation_id=task["obligation_id"],
                site_id=site_id,
                subject=subject(NotificationKind.TASK, task["title"], site_id, _period(task["year"], task["instance"])),
                details={
                    "title": task["title"],
                    "what": "новая задача",
                    "due": due,
                    "todo": "Открыть задачу, взять ее в работу и выполнить" + (" до срока." if due else "."),
                },
                link=page_of(site_id, task["year"], task["key"], task["instance"]),
                roles=tuple(task["candidate_roles"] or ()),
                assignee=task.get("assignee_id"),
                task_id=task["task_id"],
                institution_id=task.get("forms_of"),
                position=position,
            )
        )
    return notices


def notifying(batch: Sequence[StoredEvent]) -> bool:
    """Whether an append's events tell anybody (its tasks aside): decided by the event types alone, without a query."""
    return any(stored.event_type in NOTIFYING for stored in batch)


NOTIFYING = frozenset(
    cls.event_type
    for cls in (
        EscalationRaised,
        SubmissionReturned,
        SubmissionApproved,
        SubmissionPartApproved,
        ConclusionRecorded,
        CriteriaReportSigned,
        ContinuationDecided,
    )
)
