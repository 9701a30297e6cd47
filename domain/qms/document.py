"""A controlled document's life as a pure state machine (управляемый документ): ``decide(state, command, ctx)``
gives the events of a command or refuses it with a Russian ``DomainError``, ``evolve`` folds an event into the state,
``next_step`` says when the workflow must act by itself (a version coming into force on its date, a step of a late
acknowledgment's ladder).

One stream per document, all its versions in it: a new version coming into force supersedes the one in force in the
same decision, so the register never shows two versions in force."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar
from domain.common import Actor, DomainError, DomainEvent
from domain.deadlines import Deadline, deadline_on, end_of_day, local_date, start_of_day
from domain.escalation import REMINDER_TIME, EscalationLevel
from domain.files import FileRef
from domain.people import Role
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
    PaperSignature,
    VersionApproved,
    VersionDrafted,
    VersionEnacted,
    VersionRecorded,
    VersionReturned,
    VersionSigned,
    VersionSuperseded,
)
from domain.qms.model import (
    ACK_LADDER,
    ACK_STEP_BY_LEVEL,
    ACKNOWLEDGMENT_TERM,
    CHAIN,
    STEP_BY_KEY,
    AckReason,
    ChainStep,
    Employee,
    cipher_of,
    parse_version,
)

COPY_KEEPERS = (Role.UNIT_HEAD, Role.DEPUTY_DIRECTOR, Role.INSTITUTION_DIRECTOR)  # who issues and withdraws copies
CHANGE_AUTHORS = (Role.UNIT_HEAD, Role.INSTITUTION_DIRECTOR)  # who writes a row of the change sheet


class VersionStatus(StrEnum):
    DRAFT = "draft"  # проект
    IN_AGREEMENT = "in_agreement"  # на согласовании
    APPROVED = "approved"  # утверждена, ждет даты введения в действие
    IN_FORCE = "in_force"  # действует
    SUPERSEDED = "superseded"  # заменена новой версией


VERSION_STATUS_RU: dict[VersionStatus, str] = {
    VersionStatus.DRAFT: "проект",
    VersionStatus.IN_AGREEMENT: "на согласовании",
    VersionStatus.APPROVED: "утверждена",
    VersionStatus.IN_FORCE: "действует",
    VersionStatus.SUPERSEDED: "заменена",
}


class Signature(BaseModel):
    model_config = ConfigDict(frozen=True)

    step: str
    position: str
    user_id: str  # "" for a signature entered from the paper (D12)
    full_name: str
    signed_on: date | None  # None: the paper carries no date
    acting: bool = False
    on_behalf_of: str = ""


class Copy(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    holder: str
    issued_on: date
    withdrawn_on: date | None = None


class Change(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    identification: str
    full_name: str
    changed_on: date


class AckRequest(BaseModel):
    """An acknowledgment asked of an employee; ``open`` until they sign the sheet (or leave)."""

    model_config = ConfigDict(frozen=True)

    employee: Employee
    reason: AckReason
    change: int = 0
    deadline: Deadline
    raised: tuple[EscalationLevel, ...] = ()
    open: bool = True
    acknowledged_on: date | None = None
    start: date | None = None  # the day the term (D8) counts from; None in a projection stored before it was kept


class AckRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    user_id: str
    full_name: str
    position: str
    acknowledged_on: date


class VersionState(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: str
    status: VersionStatus
    sheets: int
    summary: str = ""
    developer_id: str
    signatures: tuple[Signature, ...] = ()
    returns: int = 0
    last_return: str = ""
    approval_number: str = ""
    approved_on: date | None = None
    enacts_on: date | None = None
    enacted_on: date | None = None
    superseded_on: date | None = None
    superseded_by: str = ""
    copies: tuple[Copy, ...] = ()
    changes: tuple[Change, ...] = ()
    requests: tuple[AckRequest, ...] = ()
    sheet: tuple[AckRow, ...] = ()
    file: FileRef | None = None  # the version's text (D13)

    @property
    def next_step(self) -> ChainStep | None:
        """The step of the chain awaited (None: the version is not in sign-off)."""
        if self.status == VersionStatus.DRAFT:
            return CHAIN[0]
        if self.status == VersionStatus.IN_AGREEMENT:
            return CHAIN[len(self.signatures)]
        return None

    def open_request(self, user_id: str) -> AckRequest | None:
        return next((r for r in self.requests if r.open and r.employee.user_id == user_id), None)


class DocumentState(BaseModel):
    model_config = ConfigDict(frozen=True)

    document_id: str
    unit_id: str
    institution_id: str
    region_id: str
    unit_name: str
    document_type: str
    title: str
    cipher_prefix: str
    nomenclature_number: str
    timezone: str
    versions: tuple[VersionState, ...] = ()
    site_id: str = ""  # the site whose положение this is (D13); "" — none

    @property
    def cipher(self) -> str:
        return cipher_of(self.cipher_prefix, self.nomenclature_number)

    def in_status(self, *statuses: VersionStatus) -> VersionState | None:
        return next((v for v in reversed(self.versions) if v.status in statuses), None)

    @property
    def in_force(self) -> VersionState | None:
        return self.in_status(VersionStatus.IN_FORCE)

    @property
    def pending(self) -> VersionState | None:
        """The version on its way: drafted, in sign-off or approved and waiting for its date."""
        return self.in_status(VersionStatus.DRAFT, VersionStatus.IN_AGREEMENT, VersionStatus.APPROVED)


# --- commands ------------------------------------------------------------------------------------------------------


class Command(BaseModel):
    model_config = ConfigDict(frozen=True)


class DraftVersion(Command):
    kind: Literal["draft_version"] = "draft_version"
    actor: Actor
    version: str
    sheets: int
    summary: str = ""
    file: FileRef | None = None


class RecordVersion(Command):
    """Enter a version approved and in force before the register was kept, from the paper (D12)."""

    kind: Literal["record_version"] = "record_version"
    actor: Actor
    version: str
    sheets: int
    approval_number: str
    approved_on: date
    enacted_on: date
    signatures: tuple[PaperSignature, ...] = ()
    file: FileRef | None = None


class Sign(Command):
    """Sign the awaited step of the chain: the developer's «Разработано» sends the draft into agreement."""

    kind: Literal["sign"] = "sign"
    actor: Actor


class Return(Command):
    kind: Literal["return"] = "return"
    actor: Actor
    comment: str


class Approve(Command):
    kind: Literal["approve"] = "approve"
    actor: Actor
    approval_number: str
    approved_on: date
    enacts_on: date


class IssueCopy(Command):
    kind: Literal["issue_copy"] = "issue_copy"
    actor: Actor
    holder: str


class WithdrawCopy(Command):
    kind: Literal["withdraw_copy"] = "withdraw_copy"
    actor: Actor
    number: int


class LogChange(Command):
    kind: Literal["log_change"] = "log_change"
    actor: Actor
    identification: str


class Acknowledge(Command):
    kind: Literal["acknowledge"] = "acknowledge"
    actor: Actor


class Enact(Command):
    """The workflow's own: the approved version's date has come."""

    kind: Literal["enact"] = "enact"


class RequireAcknowledgment(Command):
    """The workflow's own, when someone joins the unit (D10)."""

    kind: Literal["require_acknowledgment"] = "require_acknowledgment"
    employee: Employee


class DropAcknowledgment(Command):
    """The workflow's own, when someone leaves the unit."""

    kind: Literal["drop_acknowledgment"] = "drop_acknowledgment"
    user_id: str


class RaiseLate(Command):
    """The workflow's own: a step of an acknowledgment's ladder has come (D9)."""

    kind: Literal["raise_late"] = "raise_late"
    user_id: str
    level: EscalationLevel


class RecomputeAcknowledgments(Command):
    """The workflow's own, when the production calendar is corrected: the open acknowledgments' terms counted again."""

    kind: Literal["recompute_acknowledgments"] = "recompute_acknowledgments"


class QmsContext(BaseModel):
    """What a decision depends on besides the state: the time, the calendar and the unit's staff that day."""

    model_config = ConfigDict(frozen=True)

    now: datetime
    calendar: ProductionCalendar
    staff: tuple[Employee, ...] = ()


# --- registration --------------------------------------------------------------------------------------------------


def register(
    document_id: str,
    unit_id: str,
    institution_id: str,
    region_id: str,
    unit_name: str,
    document_type: str,
    title: str,
    cipher_prefix: str,
    nomenclature_number: str,
    timezone: str,
    actor: Actor,
    now: datetime,
    site_id: str = "",
) -> DocumentRegistered:
    """A document entering the register; only the unit's head (its developer) or the administrator registers one."""
    role = actor.role_among((Role.UNIT_HEAD, Role.ADMIN), "вносить документ в реестр")
    if not title.strip():
        raise DomainError("title_required", "Укажите наименование документа.", "title")
    if not document_type.strip():
        raise DomainError("type_required", "Укажите вид документа (например, «Положение»).", "document_type")
    if not cipher_prefix.strip():
        raise DomainError("cipher_required", "Укажите постоянную часть шифра (например, «СМК-ПСП-»).", "cipher_prefix")
    return DocumentRegistered(
        occurred_at=now,
        document_id=document_id,
        unit_id=unit_id,
        institution_id=institution_id,
        region_id=region_id,
        unit_name=unit_name,
        document_type=document_type.strip(),
        title=title.strip(),
        cipher_prefix=cipher_prefix.strip(),
        nomenclature_number=nomenclature_number.strip(),
        timezone=timezone,
        by=actor.ref(role),
        site_id=site_id,
    )


def initial_state(event: DocumentRegistered) -> DocumentState:
    return DocumentState(
        document_id=event.document_id,
        unit_id=event.unit_id,
        institution_id=event.institution_id,
        region_id=event.region_id,
        unit_name=event.unit_name,
        document_type=event.document_type,
        title=event.title,
        cipher_prefix=event.cipher_prefix,
        nomenclature_number=event.nomenclature_number,
        timezone=event.timezone,
        site_id=event.site_id,
    )


# --- decide --------------------------------------------------------------------------------------------------------


def _today(state: DocumentState, ctx: QmsContext) -> date:
    return local_date(ctx.now, state.timezone)


def _ack_deadline(state: DocumentState, ctx: QmsContext, start: date) -> Deadline:
    due = ctx.calendar.add_working_days(start, ACKNOWLEDGMENT_TERM)
    return deadline_on(due, ctx.calendar, state.timezone)


def _request(
    state: DocumentState,
    ctx: QmsContext,
    version: str,
    employee: Employee,
    reason: AckReason,
    start: date,
    change: int = 0,
) -> AcknowledgmentRequested:
    return AcknowledgmentRequested(
        occurred_at=ctx.now,
        version=version,
        employee=employee,
        reason=reason,
        change=change,
        deadline=_ack_deadline(state, ctx, start),
    )


def _draft(state: DocumentState, command: DraftVersion, ctx: QmsContext) -> list[DomainEvent]:
    role = command.actor.role_among((Role.UNIT_HEAD,), "готовить новую версию документа")
    number = parse_version(command.version)
    pending = state.pending
    if pending is not None:
        raise DomainError(
            "version_pending",
            f"Версия {pending.version} еще не введена в действие ({pending.status.value}); новую версию можно начать "
            "после нее.",
            "version",
        )
    if state.versions:
        latest = state.versions[-1].version
        if number <= parse_version(latest):
            raise DomainError("version_not_newer", f"Новая версия должна быть старше {latest}.", "version")
    if command.sheets < 1:
        raise DomainError("bad_sheets", "Число листов — не меньше одного.", "sheets")
    return [
        VersionDrafted(
            occurred_at=ctx.now,
            version=f"{number[0]}.{number[1]}",
            sheets=command.sheets,
            summary=command.summary.strip(),
            by=command.actor.ref(role),
            file=command.file,
        )
    ]


def _record(state: DocumentState, command: RecordVersion, ctx: QmsContext) -> list[DomainEvent]:
    role = command.actor.role_among((Role.UNIT_HEAD, Role.ADMIN), "вносить действующую версию с бумаги")
    number = parse_version(command.version)
    if state.versions:
        raise DomainError(
            "register_kept",
            "У документа уже есть версии в реестре: новая версия проходит согласование и утверждение.",
            "version",
        )
    if command.sheets < 1:
        raise DomainError("bad_sheets", "Число листов — не меньше одного.", "sheets")
    if not command.approval_number.strip():
        raise DomainError("approval_number_required", "Укажите номер утверждения (например, 02).", "approval_number")
    today = _today(state, ctx)
    if command.enacted_on < command.approved_on:
        raise DomainError(
            "enactment_before_approval", "Дата введения в действие не может быть раньше даты утверждения.", "enacted_on"
        )
    if command.enacted_on > today:
        raise DomainError(
            "not_yet_in_force",
            "С бумаги вносится только версия, уже введенная в действие; будущая проходит согласование здесь.",
            "enacted_on",
        )
    steps = [s.step for s in command.signatures]
    if len(steps) != len(set(steps)) or any(step not in STEP_BY_KEY for step in steps):
        raise DomainError("bad_signatures", "Подписи — по одной на шаг листа согласования.", "signatures")
    return [
        VersionRecorded(
            occurred_at=ctx.now,
            version=f"{number[0]}.{number[1]}",
            sheets=command.sheets,
            approval_number=command.approval_number.strip(),
            approved_on=command.approved_on,
            enacted_on=command.enacted_on,
            signatures=command.signatures,
            by=command.actor.ref(role),
            file=command.file,
        )
    ]


def _in_sign_off(state: DocumentState) -> VersionState:
    version = state.in_status(VersionStatus.DRAFT, VersionStatus.IN_AGREEMENT)
    if version is None:
        raise DomainError("not_in_sign_off", "Нет версии на согласовании.")
    return version


def _check_signer(version: VersionState, step: ChainStep, actor: Actor) -> Role:
    role = actor.role_among((step.role,), f"подписывать шаг «{step.position}»")
    signed = next((s for s in version.signatures if s.user_id == actor.user_id), None)
    if signed is not None:
        raise DomainError(
            "same_signer",
            f"Вы уже подписали эту версию как «{signed.position}»: один человек не подписывает два шага одной "
            "цепочки (D7).",
        )
    return role


def _sign(state: DocumentState, command: Sign, ctx: QmsContext) -> list[DomainEvent]:
    version = _in_sign_off(state)
    step = version.next_step
    assert step is not None
    if step.key == "director":
        raise DomainError(
            "approval_requisites", "Директор утверждает версию с номером и датой утверждения и датой введения."
        )
    role = _check_signer(version, step, command.actor)
    return [
        VersionSigned(
            occurred_at=ctx.now,
            version=version.version,
            step=step.key,
            position=step.position,
            signed_on=_today(state, ctx),
            by=command.actor.ref(role),
        )
    ]


def _return(state: DocumentState, command: Return, ctx: QmsContext) -> list[DomainEvent]:
    version = state.in_status(VersionStatus.IN_AGREEMENT)
    if version is None:
        raise DomainError("not_in_agreement", "Вернуть на доработку можно только версию на согласовании.")
    step = version.next_step
    assert step is not None
    role = command.actor.role_among((step.role,), f"возвращать версию на шаге «{step.position}»")
    if not command.comment.strip():
        raise DomainError("comment_required", "Напишите, что доработать.", "comment")
    return [
        VersionReturned(
            occurred_at=ctx.now,
            version=version.version,
            step=step.key,
            comment=command.comment.strip(),
            by=command.actor.ref(role),
        )
    ]


def _approve(state: DocumentState, command: Approve, ctx: QmsContext) -> list[DomainEvent]:
    version = _in_sign_off(state)
    step = version.next_step
    assert step is not None
    if step.key != "director":
        raise DomainError("not_agreed", f"Версия ждет подписи: {step.position.lower()}; утверждать рано.")
    role = _check_signer(version, step, command.actor)
    number = command.approval_number.strip()
    if not number:
        raise DomainError("approval_number_required", "Укажите номер утверждения (например, 02).", "approval_number")
    today = _today(state, ctx)
    if command.approved_on > today:
        raise DomainError("approved_in_future", "Дата утверждения не может быть позже сегодняшней.", "approved_on")
    if command.enacts_on < command.approved_on:
        raise DomainError(
            "enactment_before_approval",
            "Дата введения в действие не может быть раньше даты утверждения.",
            "enacts_on",
        )
    if command.approved_on < max(s.signed_on for s in version.signatures if s.signed_on is not None):
        raise DomainError(
            "approved_before_agreement",
            "Дата утверждения не может быть раньше последнего согласования.",
            "approved_on",
        )
    return [
        VersionApproved(
            occurred_at=ctx.now,
            version=version.version,
            approval_number=number,
            approved_on=command.approved_on,
            enacts_on=command.enacts_on,
            position=step.position,
            by=command.actor.ref(role),
        )
    ]


def _enact(state: DocumentState, ctx: QmsContext) -> list[DomainEvent]:
    version = state.in_status(VersionStatus.APPROVED)
    today = _today(state, ctx)
    if version is None or version.enacts_on is None or version.enacts_on > today:
        return []
    events: list[DomainEvent] = []
    old = state.in_force
    events.append(VersionEnacted(occurred_at=ctx.now, version=version.version, enacted_on=version.enacts_on))
    if old is not None:
        events.append(
            VersionSuperseded(
                occurred_at=ctx.now, version=old.version, by_version=version.version, superseded_on=version.enacts_on
            )
        )
    for employee in ctx.staff:
        events.append(_request(state, ctx, version.version, employee, AckReason.ENACTED, today))
    return events


def _in_force(state: DocumentState, what: str) -> VersionState:
    version = state.in_force
    if version is None:
        raise DomainError("not_in_force", f"Нет действующей версии: {what} нельзя.")
    return version


def _issue_copy(state: DocumentState, command: IssueCopy, ctx: QmsContext) -> list[DomainEvent]:
    role = command.actor.role_among(COPY_KEEPERS, "выдавать учтенные копии")
    version = state.in_status(VersionStatus.IN_FORCE, VersionStatus.APPROVED)
    if version is None:
        raise DomainError("no_version_to_copy", "Учтенные копии выдаются с утвержденной или действующей версии.")
    holder = command.holder.strip()
    if not holder:
        raise DomainError("holder_required", "Укажите держателя копии (подразделение или должность и ФИО).", "holder")
    if any(c.holder == holder and c.withdrawn_on is None for c in version.copies):
        raise DomainError("holder_has_copy", f"У держателя «{holder}» уже есть копия этой версии.", "holder")
    number = max((c.number for c in version.copies), default=0) + 1
    return [
        CopyIssued(
            occurred_at=ctx.now,
            version=version.version,
            number=number,
            holder=holder,
            issued_on=_today(state, ctx),
            by=command.actor.ref(role),
        )
    ]


def _withdraw_copy(state: DocumentState, command: WithdrawCopy, ctx: QmsContext) -> list[DomainEvent]:
    role = command.actor.role_among(COPY_KEEPERS, "изымать учтенные копии")
    version = state.in_status(VersionStatus.IN_FORCE, VersionStatus.APPROVED)
    copy = next((c for c in version.copies if c.number == command.number), None) if version else None
    if version is None or copy is None:
        raise DomainError("no_such_copy", f"Учтенной копии № {command.number} нет.", "number")
    if copy.withdrawn_on is not None:
        raise DomainError("copy_withdrawn", f"Учтенная копия № {command.number} уже изъята.", "number")
    return [
        CopyWithdrawn(
            occurred_at=ctx.now,
            version=version.version,
            number=copy.number,
            withdrawn_on=_today(state, ctx),
            by=command.actor.ref(role),
        )
    ]


def _log_change(state: DocumentState, command: LogChange, ctx: QmsContext) -> list[DomainEvent]:
    role = command.actor.role_among(CHANGE_AUTHORS, "вносить изменения в действующую версию")
    version = _in_force(state, "вносить изменения")
    text = command.identification.strip()
    if not text:
        raise DomainError("identification_required", "Опишите изменение (пункт и что изменено).", "identification")
    today = _today(state, ctx)
    number = len(version.changes) + 1
    events: list[DomainEvent] = [
        ChangeLogged(
            occurred_at=ctx.now,
            version=version.version,
            number=number,
            identification=text,
            changed_on=today,
            by=command.actor.ref(role),
        )
    ]
    # D4: everyone of the unit acknowledges the change; one still to acknowledge the version does it once.
    for employee in ctx.staff:
        if version.open_request(employee.user_id) is None:
            events.append(_request(state, ctx, version.version, employee, AckReason.CHANGED, today, number))
    return events


def _acknowledge(state: DocumentState, command: Acknowledge, ctx: QmsContext) -> list[DomainEvent]:
    version = _in_force(state, "знакомиться")
    request = version.open_request(command.actor.user_id)
    if request is None:
        if any(row.user_id == command.actor.user_id for row in version.sheet):
            raise DomainError("already_acknowledged", "Вы уже ознакомились с действующей версией.")
        raise DomainError("not_asked", "Ознакомление с этим документом у вас не запрошено: вы не в составе отделения.")
    return [
        Acknowledged(
            occurred_at=ctx.now,
            version=version.version,
            number=len(version.sheet) + 1,
            employee=request.employee,
            acknowledged_on=_today(state, ctx),
        )
    ]


def _require(state: DocumentState, command: RequireAcknowledgment, ctx: QmsContext) -> list[DomainEvent]:
    version = state.in_force
    if version is None or version.open_request(command.employee.user_id) is not None:
        return []
    start = max(command.employee.joined_on, _today(state, ctx))
    return [_request(state, ctx, version.version, command.employee, AckReason.HIRED, start)]


def _drop(state: DocumentState, command: DropAcknowledgment, ctx: QmsContext) -> list[DomainEvent]:
    version = state.in_force
    if version is None or version.open_request(command.user_id) is None:
        return []
    return [
        AcknowledgmentWithdrawn(
            occurred_at=ctx.now, version=version.version, user_id=command.user_id, reason="выбыл из отделения"
        )
    ]


def _raise_late(state: DocumentState, command: RaiseLate, ctx: QmsContext) -> list[DomainEvent]:
    version = state.in_force
    request = version.open_request(command.user_id) if version else None
    if version is None or request is None or command.level in request.raised:
        return []
    step = ACK_STEP_BY_LEVEL[command.level]
    return [
        AcknowledgmentLate(
            occurred_at=ctx.now,
            version=version.version,
            employee=request.employee,
            level=command.level,
            notify=step.notify,
            deadline=request.deadline,
        )
    ]


def _recompute(state: DocumentState, ctx: QmsContext) -> list[DomainEvent]:
    """D8 counted again on the corrected calendar from each open acknowledgment's start: a due date that moves is
    recorded, with the steps of its ladder already raised that stay raised (their new instant has passed); the
    others are raised again when their new instant comes."""
    version = state.in_force
    if version is None:
        return []
    events: list[DomainEvent] = []
    for request in version.requests:
        if not request.open or request.start is None:
            continue
        deadline = _ack_deadline(state, ctx, request.start)
        if deadline == request.deadline:
            continue
        standing = tuple(
            level for level in request.raised if step_at(level, deadline, ctx.calendar, state.timezone) <= ctx.now
        )
        events.append(
            AcknowledgmentDueMoved(
                occurred_at=ctx.now,
                version=version.version,
                employee=request.employee,
                deadline=deadline,
                previous=request.deadline,
                raised=standing,
            )
        )
    return events


Commands = (
    DraftVersion
    | RecordVersion
    | Sign
    | Return
    | Approve
    | IssueCopy
    | WithdrawCopy
    | LogChange
    | Acknowledge
    | Enact
    | RequireAcknowledgment
    | DropAcknowledgment
    | RaiseLate
    | RecomputeAcknowledgments
)


def decide(state: DocumentState, command: Commands, ctx: QmsContext) -> list[DomainEvent]:
    match command:
        case DraftVersion():
            return _draft(state, command, ctx)
        case RecordVersion():
            return _record(state, command, ctx)
        case Sign():
            return _sign(state, command, ctx)
        case Return():
            return _return(state, command, ctx)
        case Approve():
            return _approve(state, command, ctx)
        case IssueCopy():
            return _issue_copy(state, command, ctx)
        case WithdrawCopy():
            return _withdraw_copy(state, command, ctx)
        case LogChange():
            return _log_change(state, command, ctx)
        case Acknowledge():
            return _acknowledge(state, command, ctx)
        case Enact():
            return _enact(state, ctx)
        case RequireAcknowledgment():
            return _require(state, command, ctx)
        case DropAcknowledgment():
            return _drop(state, command, ctx)
        case RaiseLate():
            return _raise_late(state, command, ctx)
        case RecomputeAcknowledgments():
            return _recompute(state, ctx)
    raise DomainError("unknown_command", "Неизвестная команда.")


# --- evolve --------------------------------------------------------------------------------------------------------


def _replace(state: DocumentState, version: str, **changes: object) -> DocumentState:
    versions = tuple(v.model_copy(update=changes) if v.version == version else v for v in state.versions)
    return state.model_copy(update={"versions": versions})


def _version(state: DocumentState, version: str) -> VersionState:
    return next(v for v in state.versions if v.version == version)


def _with_request(requests: Iterable[AckRequest], user_id: str, **changes: object) -> tuple[AckRequest, ...]:
    return tuple(r.model_copy(update=changes) if r.open and r.employee.user_id == user_id else r for r in requests)


def evolve(state: DocumentState, event: DomainEvent) -> DocumentState:
    match event:
        case VersionDrafted():
            drafted = VersionState(
                version=event.version,
                status=VersionStatus.DRAFT,
                sheets=event.sheets,
                summary=event.summary,
                developer_id=event.by.user_id,
                file=event.file,
            )
            return state.model_copy(update={"versions": (*state.versions, drafted)})
        case VersionRecorded():
            paper = {s.step: s for s in event.signatures}
            signatures = tuple(
                Signature(
                    step=step.key,
                    position=step.position,
                    user_id="",
                    full_name=paper[step.key].full_name,
                    signed_on=paper[step.key].signed_on or (event.approved_on if step.key == "director" else None),
                )
                for step in CHAIN
                if step.key in paper
            )
            recorded = VersionState(
                version=event.version,
                status=VersionStatus.IN_FORCE,
                sheets=event.sheets,
                developer_id="",
                signatures=signatures,
                approval_number=event.approval_number,
                approved_on=event.approved_on,
                enacts_on=event.enacted_on,
                enacted_on=event.enacted_on,
                file=event.file,
            )
            return state.model_copy(update={"versions": (*state.versions, recorded)})
        case VersionSigned():
            version = _version(state, event.version)
            signature = Signature(
                step=event.step,
                position=event.position,
                user_id=event.by.user_id,
                full_name=event.by.full_name,
                signed_on=event.signed_on,
                acting=event.by.acting,
                on_behalf_of=event.by.on_behalf_of,
            )
            return _replace(
                state,
                event.version,
                status=VersionStatus.IN_AGREEMENT,
                signatures=(*version.signatures, signature),
            )
        case VersionReturned():
            version = _version(state, event.version)
            return _replace(
                state,
                event.version,
                status=VersionStatus.DRAFT,
                signatures=(),
                returns=version.returns + 1,
                last_return=event.comment,
            )
        case VersionApproved():
            version = _version(state, event.version)
            signature = Signature(
                step="director",
                position=event.position,
                user_id=event.by.user_id,
                full_name=event.by.full_name,
                signed_on=event.approved_on,
                acting=event.by.acting,
                on_behalf_of=event.by.on_behalf_of,
            )
            return _replace(
                state,
                event.version,
                status=VersionStatus.APPROVED,
                signatures=(*version.signatures, signature),
                approval_number=event.approval_number,
                approved_on=event.approved_on,
                enacts_on=event.enacts_on,
            )
        case VersionEnacted():
            return _replace(state, event.version, status=VersionStatus.IN_FORCE, enacted_on=event.enacted_on)
        case VersionSuperseded():
            version = _version(state, event.version)
            copies = tuple(
                c if c.withdrawn_on else c.model_copy(update={"withdrawn_on": event.superseded_on})
                for c in version.copies
            )
            requests = tuple(r.model_copy(update={"open": False}) if r.open else r for r in version.requests)
            return _replace(
                state,
                event.version,
                status=VersionStatus.SUPERSEDED,
                superseded_on=event.superseded_on,
                superseded_by=event.by_version,
                copies=copies,
                requests=requests,
            )
        case CopyIssued():
            version = _version(state, event.version)
            copy = Copy(number=event.number, holder=event.holder, issued_on=event.issued_on)
            return _replace(state, event.version, copies=(*version.copies, copy))
        case CopyWithdrawn():
            version = _version(state, event.version)
            copies = tuple(
                c.model_copy(update={"withdrawn_on": event.withdrawn_on}) if c.number == event.number else c
                for c in version.copies
            )
            return _replace(state, event.version, copies=copies)
        case ChangeLogged():
            version = _version(state, event.version)
            change = Change(
                number=event.number,
                identification=event.identification,
                full_name=event.by.full_name,
                changed_on=event.changed_on,
            )
            return _replace(state, event.version, changes=(*version.changes, change))
        case AcknowledgmentRequested():
            version = _version(state, event.version)
            today = local_date(event.occurred_at, state.timezone)
            request = AckRequest(
                employee=event.employee,
                reason=event.reason,
                change=event.change,
                deadline=event.deadline,
                # as the decision counted it: from its day, a newcomer's from the day of arrival when it is later
                start=max(event.employee.joined_on, today) if event.reason == AckReason.HIRED else today,
            )
            return _replace(state, event.version, requests=(*version.requests, request))
        case Acknowledged():
            version = _version(state, event.version)
            row = AckRow(
                number=event.number,
                user_id=event.employee.user_id,
                full_name=event.employee.full_name,
                position=event.employee.position,
                acknowledged_on=event.acknowledged_on,
            )
            requests = _with_request(
                version.requests, event.employee.user_id, open=False, acknowledged_on=event.acknowledged_on
            )
            return _replace(state, event.version, sheet=(*version.sheet, row), requests=requests)
        case AcknowledgmentLate():
            version = _version(state, event.version)
            awaited = version.open_request(event.employee.user_id)
            raised = (*awaited.raised, event.level) if awaited else ()
            requests = _with_request(version.requests, event.employee.user_id, raised=raised)
            return _replace(state, event.version, requests=requests)
        case AcknowledgmentDueMoved():
            version = _version(state, event.version)
            requests = _with_request(
                version.requests, event.employee.user_id, deadline=event.deadline, raised=event.raised
            )
            return _replace(state, event.version, requests=requests)
        case AcknowledgmentWithdrawn():
            version = _version(state, event.version)
            return _replace(state, event.version, requests=_with_request(version.requests, event.user_id, open=False))
    return state


def evolve_all(state: DocumentState, events: Iterable[DomainEvent]) -> DocumentState:
    for event in events:
        state = evolve(state, event)
    return state


def fold(events: list[DomainEvent]) -> DocumentState:
    """The state of a whole stream: its registration, then everything after it."""
    first = events[0]
    if not isinstance(first, DocumentRegistered):
        raise ValueError("a document's stream begins with its registration")
    return evolve_all(initial_state(first), events[1:])


# --- what the workflow does by itself ------------------------------------------------------------------------------


class Scheduled(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: datetime
    command: Enact | RaiseLate


def step_at(level: EscalationLevel, deadline: Deadline, calendar: ProductionCalendar, timezone: str) -> datetime:
    step = ACK_STEP_BY_LEVEL[level]
    day = calendar.add_working_days(deadline.effective, step.working_days)
    if step.working_days < 0:
        return start_of_day(day, timezone, REMINDER_TIME)
    return end_of_day(day, timezone)


def next_step(state: DocumentState, calendar: ProductionCalendar) -> Scheduled | None:
    """The next thing the workflow does by itself: the approved version coming into force at the start of its date,
    or the next step of a late acknowledgment's ladder, whichever is first."""
    candidates: list[Scheduled] = []
    approved = state.in_status(VersionStatus.APPROVED)
    if approved is not None and approved.enacts_on is not None:
        candidates.append(Scheduled(at=start_of_day(approved.enacts_on, state.timezone), command=Enact()))
    version = state.in_force
    for request in version.requests if version else ():
        if not request.open:
            continue
        for step in ACK_LADDER:
            if step.level in request.raised:
                continue
            at = step_at(step.level, request.deadline, calendar, state.timezone)
            candidates.append(Scheduled(at=at, command=RaiseLate(user_id=request.employee.user_id, level=step.level)))
            break
    return min(candidates, key=lambda s: s.at) if candidates else None


def late(request: AckRequest, now: datetime) -> bool:
    return request.open and now >= request.deadline.ends_at
