"""The events of document control. A controlled document's stream ``qms:{document_id}`` holds its registration and
every version's life — drafted, signed step by step or returned, approved, enacted, superseded —, its controlled
copies, its change log and its acknowledgment campaigns; a unit's stream ``qms-unit:{unit_id}`` holds the unit and
its staff (состав отделения)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from domain.common import ActorRef, DomainEvent, register_event
from domain.deadlines import Deadline
from domain.escalation import EscalationLevel
from domain.files import FileRef
from domain.people import Role
from domain.qms.model import AckReason, Employee


def document_stream(document_id: str) -> str:
    return f"qms:{document_id}"


def unit_stream(unit_id: str) -> str:
    return f"qms-unit:{unit_id}"


# --- a unit and its staff ------------------------------------------------------------------------------------------


@register_event
class UnitRegistered(DomainEvent):
    """A structural unit (отделение) of an institution keeps controlled documents."""

    event_type = "QmsUnitRegistered"

    unit_id: str
    institution_id: str
    region_id: str
    name: str
    by: ActorRef


@register_event
class EmployeeJoined(DomainEvent):
    """Someone joined the unit's staff (прием в отделение): they acknowledge every document in force."""

    event_type = "QmsEmployeeJoined"

    unit_id: str
    employee: Employee
    by: ActorRef


@register_event
class EmployeeLeft(DomainEvent):
    """Someone left the unit: no acknowledgment is asked of them any more."""

    event_type = "QmsEmployeeLeft"

    unit_id: str
    user_id: str
    left_on: date
    by: ActorRef


# --- a controlled document -----------------------------------------------------------------------------------------


@register_event
class DocumentRegistered(DomainEvent):
    """A controlled document enters the unit's register (реестр управляемых документов)."""

    event_type = "QmsDocumentRegistered"

    document_id: str
    unit_id: str
    institution_id: str
    region_id: str
    unit_name: str
    document_type: str  # «Положение»
    title: str  # «Положение об отделении социального сопровождения граждан»
    cipher_prefix: str  # «СМК-ПСП-»
    nomenclature_number: str  # номер по номенклатуре дел; "" — not assigned yet
    timezone: str
    by: ActorRef
    # The site whose положение this document is (D13): its versions are what the site's annual package attests
    # unchanged; "" — a document of the unit alone.
    site_id: str = ""


@register_event
class VersionDrafted(DomainEvent):
    """The developer drafts a new version (проект версии)."""

    event_type = "QmsVersionDrafted"

    version: str
    sheets: int
    summary: str
    by: ActorRef
    file: FileRef | None = None  # the version's text, a file of the document's site (D13)


class PaperSignature(BaseModel):
    """A signature of a version approved before the register was kept, as the paper shows it: the step, the printed
    name (blank where the paper leaves the расшифровка empty) and the date where it has one."""

    model_config = ConfigDict(frozen=True)

    step: str  # domain.qms.model.CHAIN key
    full_name: str = ""
    signed_on: date | None = None


@register_event
class VersionRecorded(DomainEvent):
    """A version approved and in force before the register was kept, entered from the paper with its requisites
    (D12): it is in force from its enactment date; its acknowledgment sheet stays on paper."""

    event_type = "QmsVersionRecorded"

    version: str
    sheets: int
    approval_number: str
    approved_on: date
    enacted_on: date
    signatures: tuple[PaperSignature, ...]
    by: ActorRef
    file: FileRef | None = None  # the version's text, a file of the document's site (D13)


@register_event
class VersionSigned(DomainEvent):
    """A step of the sign-off chain signed: «Разработано» or «Согласовано» (name, position, date)."""

    event_type = "QmsVersionSigned"

    version: str
    step: str  # domain.qms.model.CHAIN key
    position: str
    signed_on: date
    by: ActorRef


@register_event
class VersionReturned(DomainEvent):
    """A signatory returned the draft for revision: the signatures given go, the chain starts again."""

    event_type = "QmsVersionReturned"

    version: str
    step: str
    comment: str
    by: ActorRef


@register_event
class VersionApproved(DomainEvent):
    """«УТВЕРЖДАЮ»: the director approved the version by an act (номер и дата утверждения) and set its enactment
    date (дата введения в действие), never before the approval."""

    event_type = "QmsVersionApproved"

    version: str
    approval_number: str
    approved_on: date
    enacts_on: date
    position: str
    by: ActorRef


@register_event
class VersionEnacted(DomainEvent):
    """The version came into force on its date."""

    event_type = "QmsVersionEnacted"

    version: str
    enacted_on: date


@register_event
class VersionSuperseded(DomainEvent):
    """The version in force was replaced by a newer one coming into force (заменена новой версией)."""

    event_type = "QmsVersionSuperseded"

    version: str
    by_version: str
    superseded_on: date


@register_event
class CopyIssued(DomainEvent):
    """A controlled copy (учтенная копия №) of a version issued to a named holder; numbered within the version."""

    event_type = "QmsCopyIssued"

    version: str
    number: int
    holder: str
    issued_on: date
    by: ActorRef


@register_event
class CopyWithdrawn(DomainEvent):
    """A controlled copy taken back (изъята)."""

    event_type = "QmsCopyWithdrawn"

    version: str
    number: int
    withdrawn_on: date
    by: ActorRef


@register_event
class ChangeLogged(DomainEvent):
    """A row of the change-identification sheet (лист идентификации изменений) of the version in force."""

    event_type = "QmsChangeLogged"

    version: str
    number: int
    identification: str
    changed_on: date
    by: ActorRef


@register_event
class AcknowledgmentRequested(DomainEvent):
    """An employee must acknowledge the version in force by a date (D8, D10)."""

    event_type = "QmsAcknowledgmentRequested"

    version: str
    employee: Employee
    reason: AckReason
    change: int = 0  # the change-log row that asks for it (reason «changed»)
    deadline: Deadline


@register_event
class Acknowledged(DomainEvent):
    """A row of the acknowledgment sheet (лист ознакомления): name, position, date (004:563–591)."""

    event_type = "QmsAcknowledged"

    version: str
    number: int  # the row of the sheet
    employee: Employee
    acknowledged_on: date


@register_event
class AcknowledgmentLate(DomainEvent):
    """A step of an acknowledgment's ladder reached while it is still awaited (D9): a reminder, overdue, escalated."""

    event_type = "QmsAcknowledgmentLate"

    version: str
    employee: Employee
    level: EscalationLevel
    notify: tuple[Role, ...]
    deadline: Deadline


@register_event
class AcknowledgmentDueMoved(DomainEvent):
    """A correction of the production calendar moved an open acknowledgment's due date (D8 counted again from the
    same start); ``raised`` — the steps of its ladder that still stand: a step whose new instant is still ahead is
    raised again then."""

    event_type = "QmsAcknowledgmentDueMoved"

    version: str
    employee: Employee
    deadline: Deadline
    previous: Deadline
    raised: tuple[EscalationLevel, ...] = ()


@register_event
class AcknowledgmentWithdrawn(DomainEvent):
    """An acknowledgment no longer asked: the employee left the unit."""

    event_type = "QmsAcknowledgmentWithdrawn"

    version: str
    user_id: str
    reason: str
