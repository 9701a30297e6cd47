"""The criteria report (отчет по критериям) of a Vologda platform's year as a state machine, ``decide(state,
command, today) -> events`` and ``evolve(state, event) -> state``:

draft (values, evidence, «Предложения»; warnings computed on every change) → sent for signature (every indicator
of the year's catalogue given a value or a nil, D23; the warnings kept as seen) → СОГЛАСОВАНО by the host's head,
an acting head allowed (D2) → УТВЕРЖДАЮ by the Department head as chair of the Expert Council, each signature with
position, printed name and date; either may return it with a comment. Once approved, each pending outcome is a
follow-up that amends the report when it is known (D18), and the Department decides whether the platform goes on
next year (D19)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold
from domain.people import Role
from domain.platform.checks import ConsistencyWarning, warnings_of
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
    Signature,
    SignStep,
)
from domain.platform.evidence import EvidenceItem, Outcome
from domain.platform.values import IndicatorValue, check_value
from domain.regulations.model import IndicatorCatalogue
from domain.regulations.vologda import ROLE_TITLES


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # ждет СОГЛАСОВАНО
    AGREED = "agreed"  # ждет УТВЕРЖДАЮ
    APPROVED = "approved"
    RETURNED = "returned"  # на доработке


STATUS_RU: dict[ReportStatus, str] = {
    ReportStatus.DRAFT: "черновик",
    ReportStatus.SUBMITTED: "ждет согласования",
    ReportStatus.AGREED: "согласован, ждет утверждения",
    ReportStatus.APPROVED: "утвержден",
    ReportStatus.RETURNED: "возвращен на доработку",
}

AUTHORS = (Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR)
SIGNER: dict[SignStep, Role] = {SignStep.AGREE: Role.SITE_DIRECTOR, SignStep.APPROVE: Role.DEPARTMENT}


class FollowUp(BaseModel):
    model_config = ConfigDict(frozen=True)

    item_id: str
    title: str
    expected_by: date | None
    outcome: Outcome = Outcome.PENDING
    note: str = ""
    known_on: date | None = None


class CriteriaReportState(BaseModel):
    model_config = ConfigDict(frozen=True)

    site_id: str = ""
    year: int = 0
    catalogue: IndicatorCatalogue | None = None
    agree_title: str = ""
    approve_title: str = ""
    status: ReportStatus = ReportStatus.DRAFT
    values: dict[str, IndicatorValue] = {}
    evidence: tuple[EvidenceItem, ...] = ()
    conclusion: str = ""
    propose_continue: bool | None = None
    submitted_by: ActorRef | None = None
    submitted_at: datetime | None = None
    sent_warnings: tuple[ConsistencyWarning, ...] = ()
    signatures: tuple[Signature, ...] = ()
    return_comment: str = ""
    follow_ups: tuple[FollowUp, ...] = ()
    amendments: int = 0
    continues: bool | None = None

    @property
    def opened(self) -> bool:
        return self.catalogue is not None

    def warnings(self) -> tuple[ConsistencyWarning, ...]:
        """The warnings of the report as it stands now."""
        if self.catalogue is None:
            return ()
        return warnings_of(self.catalogue, self.values.values(), self.evidence)

    def missing(self) -> tuple[str, ...]:
        """The catalogue's indicators with no value nor nil (not reported, D23)."""
        if self.catalogue is None:
            return ()
        return tuple(i.key for i in self.catalogue.indicators if i.key not in self.values)

    def signature(self, step: SignStep) -> Signature | None:
        return next((s for s in self.signatures if s.step is step), None)


# --- commands -----------------------------------------------------------------------------------------------------


class OpenReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    site_id: str
    year: int
    catalogue: IndicatorCatalogue
    agree_title: str
    approve_title: str


class SetValue(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor
    value: IndicatorValue


class ClearValue(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor
    key: str


class RecordEvidence(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor
    item: EvidenceItem


class RemoveEvidence(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor
    item_id: str


class WriteConclusion(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor
    text: str
    propose_continue: bool


class SubmitReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor


class SignReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor
    step: SignStep
    position: str
    printed_name: str
    signed_on: date


class ReturnReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor
    step: SignStep
    comment: str


class RecordOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor
    item_id: str
    outcome: Outcome
    note: str
    known_on: date


class DecideContinuation(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor
    continues: bool
    comment: str
    decided_on: date


Command = (
    OpenReport
    | SetValue
    | ClearValue
    | RecordEvidence
    | RemoveEvidence
    | WriteConclusion
    | SubmitReport
    | SignReport
    | ReturnReport
    | RecordOutcome
    | DecideContinuation
)


def _role(actor: Actor, allowed: tuple[Role, ...], what: str) -> Role:
    for role in allowed:
        if role in actor.roles:
            return role
    if not allowed:
        raise DomainError("not_allowed", f"{what} не может никто: регламент не называет, кто это делает.")
    who = " или ".join(ROLE_TITLES[role] for role in allowed)
    raise DomainError("not_allowed", f"{what} может только {who}.")


def _editable(state: CriteriaReportState) -> None:
    if not state.opened:
        raise DomainError("not_opened", "Отчет за этот год еще не открыт.")
    if state.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise DomainError(
            "not_editable", f"Отчет {STATUS_RU[state.status]}: изменить его можно, только если его вернут."
        )


def decide(state: CriteriaReportState, command: Command, now: datetime, today: date | None = None) -> list[DomainEvent]:
    """The events ``command`` causes, or ``DomainError`` when the rules refuse it. ``now`` — the instant of the
    decision; ``today`` — its date in the region (default: the date of ``now``), against which the dates people
    give (signatures, outcomes, the decision) are checked."""
    today = today or now.date()
    match command:
        case OpenReport():
            if state.opened:
                return []
            return [
                CriteriaReportOpened(
                    occurred_at=now,
                    site_id=command.site_id,
                    year=command.year,
                    catalogue=command.catalogue,
                    agree_title=command.agree_title,
                    approve_title=command.approve_title,
                )
            ]
        case SetValue():
            _editable(state)
            role = _role(command.actor, AUTHORS, "Заполнять отчет")
            assert state.catalogue is not None
            try:
                indicator = state.catalogue.indicator(command.value.key)
            except KeyError:
                raise DomainError(
                    "unknown_indicator",
                    f"Показателя {command.value.key} нет в каталоге {state.year} года.",
                    "key",
                ) from None
            check_value(indicator, command.value)
            return [IndicatorValueSet(occurred_at=now, value=command.value, by=command.actor.ref(role))]
        case ClearValue():
            _editable(state)
            role = _role(command.actor, AUTHORS, "Заполнять отчет")
            if command.key not in state.values:
                return []
            return [IndicatorValueCleared(occurred_at=now, key=command.key, by=command.actor.ref(role))]
        case RecordEvidence():
            _editable(state)
            role = _role(command.actor, AUTHORS, "Заполнять отчет")
            assert state.catalogue is not None
            known = {i.key for i in state.catalogue.indicators}
            unknown = [key for key in command.item.indicators if key not in known]
            if unknown:
                raise DomainError(
                    "unknown_indicator",
                    f"Показателей {', '.join(unknown)} нет в каталоге {state.year} года.",
                    "indicators",
                )
            if not command.item.title.strip():
                raise DomainError("title_required", "Назовите мероприятие, документ или публикацию.", "title")
            if command.item.quantity < 1:
                raise DomainError("quantity", "Количество — целое число не меньше 1.", "quantity")
            return [EvidenceRecorded(occurred_at=now, item=command.item, by=command.actor.ref(role))]
        case RemoveEvidence():
            _editable(state)
            role = _role(command.actor, AUTHORS, "Заполнять отчет")
            if all(item.id != command.item_id for item in state.evidence):
                raise DomainError("unknown_evidence", "Такого подтверждения в отчете нет.", "item_id")
            return [EvidenceRemoved(occurred_at=now, item_id=command.item_id, by=command.actor.ref(role))]
        case WriteConclusion():
            _editable(state)
            role = _role(command.actor, AUTHORS, "Заполнять отчет")
            if not command.text.strip():
                raise DomainError("text_required", "Напишите выводы и предложения.", "text")
            return [
                ConclusionWritten(
                    occurred_at=now,
                    text=command.text,
                    propose_continue=command.propose_continue,
                    by=command.actor.ref(role),
                )
            ]
        case SubmitReport():
            _editable(state)
            role = _role(command.actor, AUTHORS, "Направить отчет на согласование")
            missing = state.missing()
            if missing:
                raise DomainError(
                    "not_reported",
                    f"Не заполнены показатели: {', '.join(missing)}. Если сведений нет, укажите «-» или "
                    "«не привлекались».",
                    "values",
                )
            if not state.conclusion.strip():
                raise DomainError("conclusion_required", "Заполните раздел «Предложения».", "conclusion")
            return [CriteriaReportSubmitted(occurred_at=now, warnings=state.warnings(), by=command.actor.ref(role))]
        case SignReport():
            return _sign(state, command, now, today)
        case ReturnReport():
            expected = ReportStatus.SUBMITTED if command.step is SignStep.AGREE else ReportStatus.AGREED
            if state.status is not expected:
                raise DomainError("not_waiting", "Отчет сейчас не ждет этой подписи.")
            role = _role(command.actor, (SIGNER[command.step],), "Вернуть отчет на этом шаге")
            if not command.comment.strip():
                raise DomainError("comment_required", "Напишите, что исправить.", "comment")
            return [
                CriteriaReportReturned(
                    occurred_at=now, step=command.step, comment=command.comment, by=command.actor.ref(role)
                )
            ]
        case RecordOutcome():
            role = _role(command.actor, AUTHORS, "Записать результат")
            follow_up = next((f for f in state.follow_ups if f.item_id == command.item_id), None)
            if follow_up is None:
                raise DomainError("unknown_follow_up", "По этому пункту результат не ожидается.", "item_id")
            if follow_up.outcome is not Outcome.PENDING:
                raise DomainError("already_known", "Результат по этому пункту уже записан.")
            if command.outcome is Outcome.PENDING:
                raise DomainError("outcome_required", "Укажите, поддержана заявка или нет.", "outcome")
            if command.known_on > today:
                raise DomainError("future_date", "Дата результата не может быть позже сегодняшней.", "known_on")
            return [
                CriteriaReportAmended(
                    occurred_at=now,
                    no=state.amendments + 1,
                    item_id=command.item_id,
                    outcome=command.outcome,
                    note=command.note,
                    known_on=command.known_on,
                    by=command.actor.ref(role),
                )
            ]
        case DecideContinuation():
            role = _role(command.actor, (Role.DEPARTMENT,), "Решение о продолжении деятельности ОМП принимает")
            if state.status is not ReportStatus.APPROVED:
                raise DomainError("not_approved", "Решение принимается по утвержденному отчету.")
            if state.continues is not None:
                raise DomainError("already_decided", "Решение о следующем годе уже принято.")
            if command.decided_on > today:
                raise DomainError("future_date", "Дата решения не может быть позже сегодняшней.", "decided_on")
            return [
                ContinuationDecided(
                    occurred_at=now,
                    next_year=state.year + 1,
                    continues=command.continues,
                    comment=command.comment,
                    decided_on=command.decided_on,
                    by=command.actor.ref(role),
                )
            ]
    raise DomainError("unknown_command", "Неизвестная команда.")  # pragma: no cover


def _sign(state: CriteriaReportState, command: SignReport, now: datetime, today: date) -> list[DomainEvent]:
    expected = ReportStatus.SUBMITTED if command.step is SignStep.AGREE else ReportStatus.AGREED
    if state.status is not expected:
        raise DomainError("not_waiting", "Отчет сейчас не ждет этой подписи.")
    role = _role(command.actor, (SIGNER[command.step],), f"Подпись «{SIGN_STEP_RU[command.step]}» ставит")
    by = command.actor.ref(role)
    signed = {s.by.user_id for s in state.signatures}
    if state.submitted_by is not None and state.submitted_by.user_id == by.user_id and command.step is SignStep.AGREE:
        raise DomainError("own_submission", "Направивший отчет не согласует его сам.")
    if by.user_id in signed:
        raise DomainError("signed_twice", "Один человек не подписывает отчет дважды.")
    if not command.printed_name.strip():
        raise DomainError("name_required", "Укажите фамилию и инициалы подписывающего.", "printed_name")
    if not command.position.strip():
        raise DomainError("position_required", "Укажите должность подписывающего.", "position")
    if command.signed_on > today:
        raise DomainError("future_date", "Дата подписи не может быть позже сегодняшней.", "signed_on")
    earliest = (
        state.signatures[-1].signed_on
        if state.signatures
        else (state.submitted_at.date() if state.submitted_at else None)
    )
    if earliest is not None and command.signed_on < earliest:
        raise DomainError(
            "before_previous",
            f"Дата подписи не может быть раньше {earliest:%d.%m.%Y} (предыдущего шага).",
            "signed_on",
        )
    position = command.position.strip()
    if by.acting and not position.lower().startswith(("и.о.", "исполняющ", "врио")):
        position = f"И.О. {position[:1].lower()}{position[1:]}"
    signature = Signature(
        step=command.step,
        position=position,
        printed_name=command.printed_name.strip(),
        signed_on=command.signed_on,
        by=by,
    )
    events: list[DomainEvent] = [CriteriaReportSigned(occurred_at=now, signature=signature)]
    if command.step is SignStep.APPROVE:
        events.extend(
            FollowUpOpened(occurred_at=now, item_id=item.id, title=item.title, expected_by=item.expected_by)
            for item in state.evidence
            if item.pending
        )
    return events


def evolve(state: CriteriaReportState, event: DomainEvent) -> CriteriaReportState:
    match event:
        case CriteriaReportOpened():
            return CriteriaReportState(
                site_id=event.site_id,
                year=event.year,
                catalogue=event.catalogue,
                agree_title=event.agree_title,
                approve_title=event.approve_title,
            )
        case IndicatorValueSet():
            return state.model_copy(update={"values": {**state.values, event.value.key: event.value}})
        case IndicatorValueCleared():
            return state.model_copy(update={"values": {k: v for k, v in state.values.items() if k != event.key}})
        case EvidenceRecorded():
            kept = tuple(item for item in state.evidence if item.id != event.item.id)
            return state.model_copy(update={"evidence": (*kept, event.item)})
        case EvidenceRemoved():
            return state.model_copy(
                update={"evidence": tuple(item for item in state.evidence if item.id != event.item_id)}
            )
        case ConclusionWritten():
            return state.model_copy(update={"conclusion": event.text, "propose_continue": event.propose_continue})
        case CriteriaReportSubmitted():
            return state.model_copy(
                update={
                    "status": ReportStatus.SUBMITTED,
                    "submitted_by": event.by,
                    "submitted_at": event.occurred_at,
                    "sent_warnings": event.warnings,
                    "signatures": (),
                    "return_comment": "",
                }
            )
        case CriteriaReportReturned():
            return state.model_copy(update={"status": ReportStatus.RETURNED, "return_comment": event.comment})
        case CriteriaReportSigned():
            status = ReportStatus.AGREED if event.signature.step is SignStep.AGREE else ReportStatus.APPROVED
            return state.model_copy(update={"status": status, "signatures": (*state.signatures, event.signature)})
        case FollowUpOpened():
            follow_up = FollowUp(item_id=event.item_id, title=event.title, expected_by=event.expected_by)
            return state.model_copy(update={"follow_ups": (*state.follow_ups, follow_up)})
        case CriteriaReportAmended():
            follow_ups = tuple(
                f.model_copy(update={"outcome": event.outcome, "note": event.note, "known_on": event.known_on})
                if f.item_id == event.item_id
                else f
                for f in state.follow_ups
            )
            evidence = tuple(
                item.model_copy(update={"outcome": event.outcome}) if item.id == event.item_id else item
                for item in state.evidence
            )
            return state.model_copy(update={"follow_ups": follow_ups, "evidence": evidence, "amendments": event.no})
        case ContinuationDecided():
            return state.model_copy(update={"continues": event.continues})
    return state


def replay(events: list[DomainEvent]) -> CriteriaReportState:
    return fold(evolve, CriteriaReportState(), events)
