"""A controlled document's history in plain Russian: one sentence per event of its stream, as the document's page
shows it (the cycle's timeline, ``api/timeline``, tells sites' obligations; a document is no obligation of a site)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.common import ActorRef, DomainEvent
from domain.files import FileRef
from domain.people import ROLE_RU
from domain.qms.events import (
    Acknowledged,
    AcknowledgmentDueMoved,
    AcknowledgmentLate,
    AcknowledgmentRequested,
    AcknowledgmentWithdrawn,
    ChangeLogged,
    CopyIssued,
    CopyWithdrawn,
    DocumentRegistered,
    EmployeeJoined,
    EmployeeLeft,
    UnitRegistered,
    VersionApproved,
    VersionDrafted,
    VersionEnacted,
    VersionRecorded,
    VersionReturned,
    VersionSigned,
    VersionSuperseded,
)
from domain.qms.model import ACK_REASON_RU, ACK_STEP_BY_LEVEL, STEP_BY_KEY


def _by(actor: ActorRef) -> str:
    extra = " (И.О.)" if actor.acting else ""
    if actor.on_behalf_of:
        extra += f", замещая {actor.on_behalf_of}"
    return f"{actor.full_name}, {ROLE_RU[actor.role]}{extra}"


def _d(value: Any) -> str:
    return f"{value:%d.%m.%Y}"


def _registered(e: DocumentRegistered) -> str:
    number = f", номер по номенклатуре дел {e.nomenclature_number}" if e.nomenclature_number else ""
    site = f" как положение площадки {e.site_id}" if e.site_id else ""  # D13
    return f"Документ «{e.title}» ({e.document_type.lower()}) внесен в реестр отделения{site}{number} — {_by(e.by)}."


def _text(file: FileRef | None) -> str:
    """The version's text (D13), as the sentence names it: «; текст — polozhenie.pdf»."""
    return f"; текст — {file.filename}" if file is not None else ""


def _signed(e: VersionSigned) -> str:
    step = STEP_BY_KEY[e.step]
    word = "Разработано" if step.key == "developer" else "Согласовано"
    return f"Версия {e.version}: «{word}» — {_by(e.by)}, {_d(e.signed_on)}."


def _late(e: AcknowledgmentLate) -> str:
    step = ACK_STEP_BY_LEVEL[e.level]
    return f"Версия {e.version}: {step.what} — {e.employee.full_name}, срок ознакомления {_d(e.deadline.effective)}."


SENTENCES: dict[type[DomainEvent], Callable[[Any], str]] = {
    UnitRegistered: lambda e: f"Отделение «{e.name}» зарегистрировано — {_by(e.by)}.",
    EmployeeJoined: lambda e: (
        f"В состав отделения с {_d(e.employee.joined_on)} принят работник: {e.employee.full_name}, "
        f"{e.employee.position.lower()} — {_by(e.by)}."
    ),
    EmployeeLeft: lambda e: f"Работник выбыл из отделения {_d(e.left_on)} — {_by(e.by)}.",
    DocumentRegistered: _registered,
    VersionDrafted: lambda e: (
        f"Подготовлен проект версии {e.version} ({e.sheets} л.){': ' + e.summary if e.summary else ''}{_text(e.file)} "
        f"— {_by(e.by)}."
    ),
    VersionRecorded: lambda e: (
        f"Внесена с бумаги действующая версия {e.version} ({e.sheets} л.): утверждена {_d(e.approved_on)} "
        f"№ {e.approval_number}, введена в действие {_d(e.enacted_on)}{_text(e.file)} — {_by(e.by)}."
    ),
    VersionSigned: _signed,
    VersionReturned: lambda e: (
        f"Версия {e.version} возвращена на доработку ({STEP_BY_KEY[e.step].position.lower()}) — {_by(e.by)}: "
        f"«{e.comment}». Согласование начнется заново."
    ),
    VersionApproved: lambda e: (
        f"Версия {e.version} утверждена {_d(e.approved_on)} № {e.approval_number} — {_by(e.by)}; "
        f"вводится в действие {_d(e.enacts_on)}."
    ),
    VersionEnacted: lambda e: f"Версия {e.version} введена в действие {_d(e.enacted_on)}.",
    VersionSuperseded: lambda e: f"Версия {e.version} заменена версией {e.by_version} с {_d(e.superseded_on)}.",
    CopyIssued: lambda e: (
        f"Версия {e.version}: учтенная копия № {e.number} выдана {_d(e.issued_on)} — держатель «{e.holder}» "
        f"({_by(e.by)})."
    ),
    CopyWithdrawn: lambda e: f"Версия {e.version}: учтенная копия № {e.number} изъята {_d(e.withdrawn_on)}.",
    ChangeLogged: lambda e: (
        f"Версия {e.version}: в лист идентификации изменений внесено изменение № {e.number} «{e.identification}» — "
        f"{_by(e.by)}, {_d(e.changed_on)}."
    ),
    AcknowledgmentRequested: lambda e: (
        f"Версия {e.version}: запрошено ознакомление — {e.employee.full_name} ({e.employee.position.lower()}), "
        f"срок {_d(e.deadline.effective)}; причина: {ACK_REASON_RU[e.reason]}."
    ),
    Acknowledged: lambda e: (
        f"Версия {e.version}: ознакомление — {e.employee.full_name} ({e.employee.position.lower()}), "
        f"{_d(e.acknowledged_on)}, строка {e.number} листа ознакомления."
    ),
    AcknowledgmentLate: _late,
    AcknowledgmentDueMoved: lambda e: (
        f"Версия {e.version}: срок ознакомления — {e.employee.full_name} — перенесен с {_d(e.previous.effective)} на "
        f"{_d(e.deadline.effective)}: исправлен производственный календарь."
    ),
    AcknowledgmentWithdrawn: lambda e: f"Версия {e.version}: ознакомление снято — работник {e.reason}.",
}


def sentence(event: DomainEvent) -> str:
    return SENTENCES[type(event)](event)
