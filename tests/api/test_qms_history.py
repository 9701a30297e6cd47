"""The sentences of a controlled document's history (api/qms/history.py), without a database: every event type of
document control has one, in Russian, with its dates as 21.12.2026."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, date, datetime

import domain.qms
from api.notifications.notices import page_of
from api.qms.history import SENTENCES, sentence
from domain.common import EVENT_TYPES, ActorRef
from domain.deadlines import deadline_on
from domain.escalation import EscalationLevel
from domain.files import FileFormat, FileRef
from domain.notifications import NotificationKind, subject
from domain.people import Role
from domain.qms.events import (
    Acknowledged,
    AcknowledgmentDueMoved,
    AcknowledgmentLate,
    AcknowledgmentRequested,
    VersionApproved,
    VersionRecorded,
    VersionReturned,
    VersionSigned,
)
from domain.qms.model import AckReason, Employee
from tests.domain.test_qms_document import CALENDAR

AT = datetime(2026, 10, 1, 5, tzinfo=UTC)
HEAD = ActorRef(user_id="u1", full_name="Сафонова Наталья Юрьевна", role=Role.UNIT_HEAD)
LEGAL = ActorRef(user_id="u2", full_name="Федосеев Денис Михайлович", role=Role.LEGAL_COUNSEL, acting=True)
EMPLOYEE = Employee(
    user_id="u3", full_name="Ермакова Светлана Алексеевна", position="Специалист", joined_on=date(2020, 1, 9)
)
DUE = deadline_on(date(2026, 10, 8), CALENDAR, "Asia/Yekaterinburg")


def test_every_event_type_of_document_control_has_a_sentence() -> None:
    for module in pkgutil.walk_packages(domain.qms.__path__, "domain.qms."):
        importlib.import_module(module.name)
    qms_types = {name for name in EVENT_TYPES if name.startswith("Qms")}
    assert {cls.event_type for cls in SENTENCES} == qms_types


def test_sentences() -> None:
    cases = [
        (
            VersionSigned(
                occurred_at=AT,
                version="3.0",
                step="developer",
                position="Заведующий отделением",
                signed_on=date(2026, 9, 29),
                by=HEAD,
            ),
            "Версия 3.0: «Разработано» — Сафонова Наталья Юрьевна, заведующий отделением, 29.09.2026.",
        ),
        (
            VersionReturned(occurred_at=AT, version="3.0", step="legal_counsel", comment="Уточнить п. 3.6", by=LEGAL),
            "Версия 3.0 возвращена на доработку (юрисконсульт) — Федосеев Денис Михайлович, юрисконсульт (И.О.): "
            "«Уточнить п. 3.6». Согласование начнется заново.",
        ),
        (
            VersionApproved(
                occurred_at=AT,
                version="3.0",
                approval_number="02",
                approved_on=date(2020, 9, 30),
                enacts_on=date(2020, 10, 1),
                position="Директор учреждения",
                by=HEAD,
            ),
            "Версия 3.0 утверждена 30.09.2020 № 02 — Сафонова Наталья Юрьевна, заведующий отделением; вводится в "
            "действие 01.10.2020.",
        ),
        (
            VersionRecorded(
                occurred_at=AT,
                version="1.0",
                sheets=9,
                approval_number="36-р",
                approved_on=date(2022, 2, 9),
                enacted_on=date(2022, 2, 9),
                signatures=(),
                by=HEAD,
                file=FileRef(file_id="f1", filename="polozhenie.pdf", format=FileFormat.PDF, size=1, sha256="0"),
            ),
            "Внесена с бумаги действующая версия 1.0 (9 л.): утверждена 09.02.2022 № 36-р, введена в действие "
            "09.02.2022; текст — polozhenie.pdf — Сафонова Наталья Юрьевна, заведующий отделением.",
        ),
        (
            AcknowledgmentRequested(
                occurred_at=AT, version="3.0", employee=EMPLOYEE, reason=AckReason.HIRED, deadline=DUE
            ),
            "Версия 3.0: запрошено ознакомление — Ермакова Светлана Алексеевна (специалист), срок 08.10.2026; "
            "причина: прием в отделение.",
        ),
        (
            Acknowledged(occurred_at=AT, version="3.0", number=4, employee=EMPLOYEE, acknowledged_on=date(2026, 10, 2)),
            "Версия 3.0: ознакомление — Ермакова Светлана Алексеевна (специалист), 02.10.2026, строка 4 листа "
            "ознакомления.",
        ),
        (
            AcknowledgmentLate(
                occurred_at=AT,
                version="3.0",
                employee=EMPLOYEE,
                level=EscalationLevel.LEVEL2,
                notify=(Role.DEPUTY_DIRECTOR,),
                deadline=DUE,
            ),
            "Версия 3.0: эскалация заместителю директора — Ермакова Светлана Алексеевна, срок ознакомления 08.10.2026.",
        ),
        (
            AcknowledgmentDueMoved(
                occurred_at=AT,
                version="3.0",
                employee=EMPLOYEE,
                deadline=deadline_on(date(2026, 10, 9), CALENDAR, "Asia/Yekaterinburg"),
                previous=DUE,
            ),
            "Версия 3.0: срок ознакомления — Ермакова Светлана Алексеевна — перенесен с 08.10.2026 на 09.10.2026: "
            "исправлен производственный календарь.",
        ),
    ]
    for event, expected in cases:
        assert sentence(event) == expected


def test_a_document_task_leads_to_the_document_and_names_no_site() -> None:
    """In notifications, e-mails and the daily digest a task of a controlled document links to its page, and the
    unit it belongs to is not read as a site («площадка qms-unit:…»)."""
    assert page_of("qms-unit:berezovsky-osg", 2026, "qms", "polozhenie-osg") == "/qms/documents/polozhenie-osg"
    assert subject(NotificationKind.TASK, "Ознакомиться: Положение", "qms-unit:berezovsky-osg") == (
        "[innocycle] Новая задача: Ознакомиться: Положение"
    )
    assert subject(NotificationKind.TASK, "Представить пакет", "1.1.5").endswith("Представить пакет 1.1.5")
