"""The controlled document's state machine (domain.qms) without I/O: the register entry, versions and ciphers, the
sign-off chain in the seed's order with distinct signatories, approval and enactment, copies, the change log,
supersession, acknowledgments with their ladder, and the unit's staff."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.calendar import ProductionCalendar
from domain.common import Actor, DomainError, DomainEvent
from domain.escalation import EscalationLevel
from domain.people import Role
from domain.qms import document as doc
from domain.qms import unit
from domain.qms.events import (
    Acknowledged,
    AcknowledgmentDueMoved,
    AcknowledgmentLate,
    AcknowledgmentRequested,
    ChangeLogged,
    CopyIssued,
    PaperSignature,
    VersionEnacted,
    VersionSuperseded,
)
from domain.qms.model import CHAIN, AckReason, Employee, cipher_of, parse_version

TZ = "Asia/Yekaterinburg"
CALENDAR = ProductionCalendar(years=frozenset({2026, 2027}), holidays=frozenset({date(2026, 11, 4)}))
MONDAY = datetime(2026, 9, 28, 6, 0, tzinfo=UTC)  # 11:00 in Yekaterinburg


def person(user_id: str, *roles: Role) -> Actor:
    return Actor(user_id=user_id, full_name=f"Сотрудник {user_id}", roles=frozenset(roles))


HEAD = person("head", Role.UNIT_HEAD)
DEPUTY = person("deputy", Role.DEPUTY_DIRECTOR)
HR = person("hr", Role.HR_SPECIALIST)
LEGAL = person("legal", Role.LEGAL_COUNSEL)
DIRECTOR = person("director", Role.INSTITUTION_DIRECTOR)
STAFF = (
    Employee(
        user_id="e1",
        full_name="Иванова Анна Петровна",
        position="Специалист по работе с семьей",
        joined_on=date(2020, 1, 9),
    ),
    Employee(
        user_id="e2",
        full_name="Петров Олег Ильич",
        position="Специалист по социальной работе",
        joined_on=date(2021, 3, 1),
    ),
)


def ctx(now: datetime = MONDAY, staff: tuple[Employee, ...] = STAFF) -> doc.QmsContext:
    return doc.QmsContext(now=now, calendar=CALENDAR, staff=staff)


def registered() -> doc.DocumentState:
    event = doc.register(
        "polozhenie-osg",
        "berezovsky-osg",
        "berezovsky-kcson",
        "86",
        "Отделение социального сопровождения граждан",
        "Положение",
        "Положение об отделении социального сопровождения граждан",
        "СМК-ПСП-",
        "02-15",
        TZ,
        HEAD,
        MONDAY,
    )
    return doc.initial_state(event)


def apply(
    state: doc.DocumentState, command: doc.Commands, context: doc.QmsContext | None = None
) -> tuple[doc.DocumentState, list[DomainEvent]]:
    events = doc.decide(state, command, context or ctx())
    return doc.evolve_all(state, events), events


def signed_off(
    version: str = "3.0", approved_on: date = date(2026, 9, 28), enacts_on: date = date(2026, 9, 29)
) -> doc.DocumentState:
    state = registered() if version == "3.0" else enacted()
    state, _ = apply(state, doc.DraftVersion(actor=HEAD, version=version, sheets=18))
    for actor in (HEAD, DEPUTY, HR, LEGAL):
        state, _ = apply(state, doc.Sign(actor=actor))
    state, _ = apply(
        state,
        doc.Approve(actor=DIRECTOR, approval_number="02", approved_on=approved_on, enacts_on=enacts_on),
    )
    return state


def enacted() -> doc.DocumentState:
    state = signed_off()
    state, _ = apply(state, doc.Enact(), ctx(MONDAY + timedelta(days=1)))
    return state


def refused(
    state: doc.DocumentState, command: doc.Commands, code: str, context: doc.QmsContext | None = None
) -> DomainError:
    with pytest.raises(DomainError) as caught:
        doc.decide(state, command, context or ctx())
    assert caught.value.code == code
    assert any("а" <= ch <= "я" for ch in caught.value.message.lower())
    return caught.value


def test_versions_are_major_dot_minor_and_the_cipher_is_prefix_and_nomenclature_number() -> None:
    assert parse_version("3.0") == (3, 0) and parse_version(" 10.12 ") == (10, 12)
    for bad in ("3", "3.0.1", "v3", "3,0", ""):
        with pytest.raises(DomainError) as caught:
            parse_version(bad)
        assert caught.value.field == "version"
    assert cipher_of("СМК-ПСП-", "02-15") == "СМК-ПСП-02-15" and cipher_of("СМК-ПСП-", "") == ""
    assert registered().cipher == "СМК-ПСП-02-15"


def test_a_register_entry_needs_the_head_a_title_and_a_cipher_prefix() -> None:
    args = ("d", "u", "i", "86", "Отделение", "Положение", "Положение об отделении", "СМК-ПСП-", "", TZ)
    with pytest.raises(DomainError, match="может только заведующий отделением"):
        doc.register(*args, DEPUTY, MONDAY)
    with pytest.raises(DomainError) as caught:
        doc.register(*args[:7], " ", "", TZ, HEAD, MONDAY)
    assert caught.value.field == "cipher_prefix"


def test_the_chain_runs_in_the_seeds_order_each_step_by_its_own_role() -> None:
    assert [step.position for step in CHAIN] == [
        "Заведующий отделением",
        "Заместитель директора",
        "Специалист по кадрам",
        "Юрисконсульт",
        "Директор учреждения",
    ]
    state, _ = apply(registered(), doc.DraftVersion(actor=HEAD, version="3.0", sheets=18))
    assert state.versions[-1].status is doc.VersionStatus.DRAFT
    refused(state, doc.Sign(actor=DEPUTY), "not_allowed")  # the developer signs first
    state, _ = apply(state, doc.Sign(actor=HEAD))
    assert state.versions[-1].status is doc.VersionStatus.IN_AGREEMENT
    refused(state, doc.Sign(actor=HR), "not_allowed")  # the deputy director is next, not the HR specialist
    refused(
        state,
        doc.Approve(actor=DIRECTOR, approval_number="02", approved_on=date(2026, 9, 28), enacts_on=date(2026, 9, 29)),
        "not_agreed",
    )
    for actor in (DEPUTY, HR, LEGAL):
        state, _ = apply(state, doc.Sign(actor=actor))
    signatures = state.versions[-1].signatures
    assert [(s.position, s.full_name, s.signed_on) for s in signatures][1:] == [
        ("Заместитель директора", "Сотрудник deputy", date(2026, 9, 28)),
        ("Специалист по кадрам", "Сотрудник hr", date(2026, 9, 28)),
        ("Юрисконсульт", "Сотрудник legal", date(2026, 9, 28)),
    ]
    refused(state, doc.Sign(actor=DIRECTOR), "approval_requisites")


def test_one_person_never_signs_two_steps_of_one_chain() -> None:
    both = person("two-hats", Role.DEPUTY_DIRECTOR, Role.HR_SPECIALIST)
    state, _ = apply(registered(), doc.DraftVersion(actor=HEAD, version="3.0", sheets=18))
    state, _ = apply(state, doc.Sign(actor=HEAD))
    state, _ = apply(state, doc.Sign(actor=both))
    error = refused(state, doc.Sign(actor=both), "same_signer")
    assert "Заместитель директора" in error.message
    head_and_director = person("head", Role.UNIT_HEAD, Role.INSTITUTION_DIRECTOR)
    state = signed_off()
    assert state.versions[-1].status is doc.VersionStatus.APPROVED
    state, _ = apply(enacted(), doc.DraftVersion(actor=HEAD, version="4.0", sheets=18))
    for actor in (HEAD, DEPUTY, HR, LEGAL):
        state, _ = apply(state, doc.Sign(actor=actor))
    refused(
        state,
        doc.Approve(
            actor=head_and_director, approval_number="7", approved_on=date(2026, 9, 29), enacts_on=date(2026, 10, 1)
        ),
        "same_signer",
        ctx(MONDAY + timedelta(days=1)),
    )


def test_a_return_for_revision_clears_the_signatures_and_the_chain_starts_again() -> None:
    state, _ = apply(registered(), doc.DraftVersion(actor=HEAD, version="3.0", sheets=18))
    state, _ = apply(state, doc.Sign(actor=HEAD))
    state, _ = apply(state, doc.Sign(actor=DEPUTY))
    refused(state, doc.Return(actor=DEPUTY, comment="п. 3.2"), "not_allowed")  # only the awaited signatory returns
    assert refused(state, doc.Return(actor=HR, comment="  "), "comment_required").field == "comment"
    state, _ = apply(state, doc.Return(actor=HR, comment="Уточнить п. 3.2: перечень служб"))
    version = state.versions[-1]
    assert (version.status, version.signatures, version.returns) == (doc.VersionStatus.DRAFT, (), 1)
    assert version.last_return == "Уточнить п. 3.2: перечень служб"
    refused(state, doc.Return(actor=HR, comment="ещё"), "not_in_agreement")
    state, _ = apply(state, doc.Sign(actor=HEAD))
    assert state.versions[-1].next_step == CHAIN[1]


def test_approval_carries_its_number_and_date_and_enactment_is_never_before_it() -> None:
    state, _ = apply(registered(), doc.DraftVersion(actor=HEAD, version="3.0", sheets=18))
    for actor in (HEAD, DEPUTY, HR, LEGAL):
        state, _ = apply(state, doc.Sign(actor=actor))
    base = {"actor": DIRECTOR, "approval_number": "02", "approved_on": date(2026, 9, 28)}
    error = refused(state, doc.Approve(**base, enacts_on=date(2026, 9, 27)), "enactment_before_approval")
    assert error.field == "enacts_on" and "раньше даты утверждения" in error.message
    assert (
        refused(
            state,
            doc.Approve(**{**base, "approval_number": " "}, enacts_on=date(2026, 10, 1)),
            "approval_number_required",
        ).field
        == "approval_number"
    )
    refused(
        state,
        doc.Approve(**{**base, "approved_on": date(2026, 9, 30)}, enacts_on=date(2026, 10, 1)),
        "approved_in_future",
    )
    refused(
        state,
        doc.Approve(**{**base, "approved_on": date(2026, 9, 25)}, enacts_on=date(2026, 10, 1)),
        "approved_before_agreement",
    )
    state, _ = apply(state, doc.Approve(**base, enacts_on=date(2026, 10, 1)))
    version = state.versions[-1]
    assert (version.approval_number, version.approved_on, version.enacts_on) == (
        "02",
        date(2026, 9, 28),
        date(2026, 10, 1),
    )
    assert version.signatures[-1].position == "Директор учреждения"
    # the version comes into force at the start of its date in the region, not before
    scheduled = doc.next_step(state, CALENDAR)
    assert scheduled is not None and isinstance(scheduled.command, doc.Enact)
    assert scheduled.at == datetime(2026, 9, 30, 19, 0, tzinfo=UTC)
    assert doc.decide(state, doc.Enact(), ctx(datetime(2026, 9, 30, 18, 59, tzinfo=UTC))) == []


def test_enactment_asks_every_employee_to_acknowledge_within_five_working_days() -> None:
    state = signed_off()
    state, events = apply(state, doc.Enact(), ctx(datetime(2026, 9, 28, 19, 0, tzinfo=UTC)))
    assert isinstance(events[0], VersionEnacted) and events[0].enacted_on == date(2026, 9, 29)
    requests = [e for e in events if isinstance(e, AcknowledgmentRequested)]
    assert [r.employee.user_id for r in requests] == ["e1", "e2"]
    assert {r.reason for r in requests} == {AckReason.ENACTED}
    assert requests[0].deadline.nominal == date(2026, 10, 6)  # Tue 29.09 + 5 working days
    assert state.in_force is not None and state.in_force.version == "3.0"


def test_versions_only_grow_and_one_is_on_its_way_at_a_time() -> None:
    state = enacted()
    assert (
        refused(state, doc.DraftVersion(actor=HEAD, version="3.0", sheets=18), "version_not_newer").field == "version"
    )
    refused(state, doc.DraftVersion(actor=HEAD, version="2.9", sheets=18), "version_not_newer")
    assert refused(state, doc.DraftVersion(actor=HEAD, version="четыре", sheets=18), "bad_version").field == "version"
    refused(state, doc.DraftVersion(actor=HEAD, version="4.0", sheets=0), "bad_sheets")
    refused(state, doc.DraftVersion(actor=DEPUTY, version="4.0", sheets=18), "not_allowed")
    state, _ = apply(state, doc.DraftVersion(actor=HEAD, version="3.1", sheets=18))
    refused(state, doc.DraftVersion(actor=HEAD, version="4.0", sheets=18), "version_pending")


def test_copies_are_numbered_within_a_version_to_named_holders() -> None:
    state = enacted()
    state, events = apply(state, doc.IssueCopy(actor=HEAD, holder="Сектор сопровождения социальных контрактов"))
    state, _ = apply(state, doc.IssueCopy(actor=DEPUTY, holder="Заместитель директора"))
    assert [(c.number, c.holder) for c in state.versions[-1].copies] == [
        (1, "Сектор сопровождения социальных контрактов"),
        (2, "Заместитель директора"),
    ]
    assert isinstance(events[0], CopyIssued) and events[0].issued_on == date(2026, 9, 28)
    refused(state, doc.IssueCopy(actor=HEAD, holder="Заместитель директора"), "holder_has_copy")
    assert refused(state, doc.IssueCopy(actor=HEAD, holder=""), "holder_required").field == "holder"
    refused(state, doc.IssueCopy(actor=HR, holder="Юрисконсульт"), "not_allowed")
    state, _ = apply(state, doc.WithdrawCopy(actor=HEAD, number=1))
    refused(state, doc.WithdrawCopy(actor=HEAD, number=1), "copy_withdrawn")
    refused(state, doc.WithdrawCopy(actor=HEAD, number=9), "no_such_copy")
    refused(registered(), doc.IssueCopy(actor=HEAD, holder="x"), "no_version_to_copy")


def test_acknowledging_writes_a_numbered_row_of_the_sheet_once() -> None:
    state = enacted()
    employee = person("e2", Role.UNIT_EMPLOYEE)
    state, events = apply(state, doc.Acknowledge(actor=employee), ctx(MONDAY + timedelta(days=2)))
    assert isinstance(events[0], Acknowledged)
    row = state.versions[-1].sheet[0]
    assert (row.number, row.full_name, row.position, row.acknowledged_on) == (
        1,
        "Петров Олег Ильич",
        "Специалист по социальной работе",
        date(2026, 9, 30),
    )
    refused(state, doc.Acknowledge(actor=employee), "already_acknowledged")
    refused(state, doc.Acknowledge(actor=person("stranger", Role.UNIT_EMPLOYEE)), "not_asked")
    refused(signed_off(), doc.Acknowledge(actor=employee), "not_in_force")


def test_a_late_acknowledgment_climbs_its_ladder_and_acknowledging_stops_it() -> None:
    state = enacted()
    state, _ = apply(state, doc.Acknowledge(actor=person("e2", Role.UNIT_EMPLOYEE)))
    levels = []
    for _ in range(4):
        scheduled = doc.next_step(state, CALENDAR)
        assert scheduled is not None and isinstance(scheduled.command, doc.RaiseLate)
        assert scheduled.command.user_id == "e1"
        state, events = apply(state, scheduled.command, ctx(scheduled.at))
        (late,) = events
        assert isinstance(late, AcknowledgmentLate)
        levels.append((late.level, scheduled.at, late.notify))
    assert levels == [
        (EscalationLevel.REMINDER, datetime(2026, 10, 5, 4, 0, tzinfo=UTC), ()),  # 09:00 on Mon 05.10
        (EscalationLevel.OVERDUE, datetime(2026, 10, 6, 19, 0, tzinfo=UTC), (Role.UNIT_HEAD,)),
        (EscalationLevel.LEVEL2, datetime(2026, 10, 9, 19, 0, tzinfo=UTC), (Role.UNIT_HEAD, Role.DEPUTY_DIRECTOR)),
        (
            EscalationLevel.LEVEL3,
            datetime(2026, 10, 16, 19, 0, tzinfo=UTC),
            (Role.DEPUTY_DIRECTOR, Role.INSTITUTION_DIRECTOR),
        ),
    ]
    assert doc.next_step(state, CALENDAR) is None
    assert doc.late(state.versions[-1].open_request("e1"), datetime(2026, 10, 7, tzinfo=UTC))  # type: ignore[arg-type]
    state, _ = apply(
        state, doc.Acknowledge(actor=person("e1", Role.UNIT_EMPLOYEE)), ctx(datetime(2026, 10, 20, tzinfo=UTC))
    )
    assert state.versions[-1].open_request("e1") is None and len(state.versions[-1].sheet) == 2


def test_a_new_hire_owes_the_version_in_force_from_the_day_of_arrival() -> None:
    newcomer = Employee(user_id="e3", full_name="Сидорова Мария", position="Юрисконсульт", joined_on=date(2026, 10, 12))
    assert doc.decide(signed_off(), doc.RequireAcknowledgment(employee=newcomer), ctx()) == []  # nothing in force yet
    state = enacted()
    at = datetime(2026, 10, 12, 5, 0, tzinfo=UTC)
    state, events = apply(state, doc.RequireAcknowledgment(employee=newcomer), ctx(at))
    (request,) = events
    assert isinstance(request, AcknowledgmentRequested) and request.reason is AckReason.HIRED
    assert request.deadline.nominal == date(2026, 10, 19)
    assert doc.decide(state, doc.RequireAcknowledgment(employee=newcomer), ctx(at)) == []  # asked once
    state, events = apply(state, doc.DropAcknowledgment(user_id="e3"), ctx(at))
    assert state.versions[-1].open_request("e3") is None


def test_a_change_within_the_version_is_logged_and_acknowledged_again() -> None:
    state = enacted()
    for user in ("e1", "e2"):
        state, _ = apply(state, doc.Acknowledge(actor=person(user, Role.UNIT_EMPLOYEE)))
    refused(state, doc.LogChange(actor=DEPUTY, identification="п. 3.2"), "not_allowed")
    assert (
        refused(state, doc.LogChange(actor=HEAD, identification=""), "identification_required").field
        == "identification"
    )
    state, events = apply(
        state, doc.LogChange(actor=HEAD, identification="п. 3.2: добавлена служба «Социальное такси»")
    )
    assert isinstance(events[0], ChangeLogged) and events[0].number == 1
    asked = [e for e in events if isinstance(e, AcknowledgmentRequested)]
    assert [(e.employee.user_id, e.reason, e.change) for e in asked] == [
        ("e1", AckReason.CHANGED, 1),
        ("e2", AckReason.CHANGED, 1),
    ]
    change = state.versions[-1].changes[0]
    assert (change.number, change.full_name, change.changed_on) == (1, "Сотрудник head", date(2026, 9, 28))
    refused(signed_off(), doc.LogChange(actor=HEAD, identification="x"), "not_in_force")


def test_a_new_version_supersedes_the_old_one_and_starts_an_empty_change_log() -> None:
    state = enacted()
    state, _ = apply(state, doc.IssueCopy(actor=HEAD, holder="Заведующий отделением"))
    state, _ = apply(state, doc.LogChange(actor=HEAD, identification="п. 5.4: формы отчета"))
    state, _ = apply(state, doc.DraftVersion(actor=HEAD, version="4.0", sheets=20, summary="Новая структура"))
    assert state.in_force is not None and state.in_force.version == "3.0"  # the old one stays in force meanwhile
    for actor in (HEAD, DEPUTY, HR, LEGAL):
        state, _ = apply(state, doc.Sign(actor=actor))
    state, _ = apply(
        state,
        doc.Approve(actor=DIRECTOR, approval_number="11", approved_on=date(2026, 9, 28), enacts_on=date(2026, 10, 1)),
    )
    state, events = apply(state, doc.Enact(), ctx(datetime(2026, 9, 30, 19, 0, tzinfo=UTC)))
    assert [type(e) for e in events[:2]] == [VersionEnacted, VersionSuperseded]
    old, new = state.versions
    assert (old.status, old.superseded_by, old.superseded_on) == (
        doc.VersionStatus.SUPERSEDED,
        "4.0",
        date(2026, 10, 1),
    )
    assert old.copies[0].withdrawn_on == date(2026, 10, 1) and len(old.changes) == 1
    assert not any(r.open for r in old.requests)
    assert (new.status, new.changes, new.sheets) == (doc.VersionStatus.IN_FORCE, (), 20)
    assert {r.employee.user_id for r in new.requests if r.open} == {"e1", "e2"}


def test_the_unit_keeps_its_staff() -> None:
    admin = person("admin", Role.ADMIN)
    now, today = MONDAY, date(2026, 9, 28)
    state = unit.state_of(unit.register_unit(unit.UnitState(), "u", "inst", "86", "Отделение", admin, now))
    with pytest.raises(DomainError, match="уже зарегистрировано"):
        unit.register_unit(state, "u", "inst", "86", "Отделение", admin, now)
    newcomer = Employee(user_id="e3", full_name="Сидорова Мария", position="Юрисконсульт", joined_on=today)
    with pytest.raises(DomainError, match="может только специалист по кадрам"):
        unit.join(state, newcomer, HEAD, now, today)
    state = unit.evolve(state, unit.join(state, newcomer, HR, now, today)[0])
    with pytest.raises(DomainError) as caught:
        unit.join(state, newcomer, HR, now, today)
    assert caught.value.code == "already_in_staff"
    with pytest.raises(DomainError) as caught:
        unit.join(state, newcomer.model_copy(update={"user_id": "e4", "joined_on": date(2026, 10, 1)}), HR, now, today)
    assert caught.value.field == "joined_on"
    state = unit.evolve(state, unit.leave(state, "e3", HR, now, today)[0])
    assert state.staff == ()


def test_a_version_in_force_before_the_register_is_entered_from_the_paper() -> None:
    paper = (
        PaperSignature(step="developer"),
        PaperSignature(step="deputy_director"),
        PaperSignature(step="hr_specialist"),
        PaperSignature(step="legal_counsel"),
        PaperSignature(step="director", full_name="Е. С. Директорова"),
    )
    record = {
        "actor": HEAD,
        "version": "3.0",
        "sheets": 18,
        "approval_number": "02",
        "approved_on": date(2020, 9, 30),
        "enacted_on": date(2020, 10, 1),
        "signatures": paper,
    }
    error = refused(
        registered(), doc.RecordVersion(**{**record, "enacted_on": date(2020, 9, 29)}), "enactment_before_approval"
    )
    assert error.field == "enacted_on"
    refused(registered(), doc.RecordVersion(**{**record, "enacted_on": date(2026, 12, 1)}), "not_yet_in_force")
    refused(registered(), doc.RecordVersion(**{**record, "actor": DEPUTY}), "not_allowed")
    refused(registered(), doc.RecordVersion(**{**record, "signatures": paper + paper[:1]}), "bad_signatures")
    state, _ = apply(registered(), doc.RecordVersion(**record))
    version = state.in_force
    assert version is not None and (version.version, version.enacted_on, version.approval_number) == (
        "3.0",
        date(2020, 10, 1),
        "02",
    )
    assert [(s.position, s.full_name, s.signed_on) for s in version.signatures][-2:] == [
        ("Юрисконсульт", "", None),
        ("Директор учреждения", "Е. С. Директорова", date(2020, 9, 30)),
    ]
    assert version.requests == ()  # its acknowledgment sheet stays on paper (D12)
    refused(state, doc.RecordVersion(**record), "register_kept")
    # from then on the register runs: a newcomer owes it, the next version goes through the chain
    newcomer = Employee(user_id="e3", full_name="Сидорова Мария", position="Юрисконсульт", joined_on=date(2026, 9, 28))
    assert len(doc.decide(state, doc.RequireAcknowledgment(employee=newcomer), ctx())) == 1
    state, _ = apply(state, doc.DraftVersion(actor=HEAD, version="4.0", sheets=18))
    assert state.pending is not None and state.pending.next_step == CHAIN[0]


def test_a_corrected_calendar_moves_the_open_acknowledgments_due_dates_and_their_ladders() -> None:
    """D8 counted again from the same start when a holiday is added inside the term: the due date moves a day, a
    reminder already sent but now early is raised again at its new instant, a signed row is not touched."""
    state = enacted()  # in force from Tue 29.09: due Tue 06.10
    state, _ = apply(state, doc.Acknowledge(actor=person("e2", Role.UNIT_EMPLOYEE)))
    reminder = doc.next_step(state, CALENDAR)
    assert reminder is not None and reminder.at == datetime(2026, 10, 5, 4, 0, tzinfo=UTC)
    state, _ = apply(state, reminder.command, ctx(reminder.at))
    corrected = ProductionCalendar(years=CALENDAR.years, holidays=CALENDAR.holidays | {date(2026, 10, 1)})
    now = datetime(2026, 10, 5, 5, 0, tzinfo=UTC)
    context = doc.QmsContext(now=now, calendar=corrected, staff=STAFF)
    state, events = apply(state, doc.RecomputeAcknowledgments(), context)
    (moved,) = events
    assert isinstance(moved, AcknowledgmentDueMoved) and moved.employee.user_id == "e1"
    assert (moved.previous.effective, moved.deadline.effective) == (date(2026, 10, 6), date(2026, 10, 7))
    assert moved.raised == ()  # the reminder's new instant, 09:00 on 06.10, is still ahead
    request = state.versions[-1].open_request("e1")
    assert request is not None and request.deadline == moved.deadline and request.raised == ()
    again = doc.next_step(state, corrected)
    assert again is not None and again.at == datetime(2026, 10, 6, 4, 0, tzinfo=UTC)
    assert again.command == doc.RaiseLate(user_id="e1", level=EscalationLevel.REMINDER)
    assert doc.decide(state, doc.RecomputeAcknowledgments(), context) == []  # counted once
    # a late step already passed on the new calendar stays raised
    later = doc.QmsContext(now=datetime(2026, 10, 8, 5, 0, tzinfo=UTC), calendar=CALENDAR, staff=STAFF)
    state, _ = apply(state, again.command, ctx(again.at, STAFF).model_copy(update={"calendar": corrected}))
    (back,) = doc.decide(state, doc.RecomputeAcknowledgments(), later)
    assert isinstance(back, AcknowledgmentDueMoved) and back.deadline.effective == date(2026, 10, 6)
    assert back.raised == (EscalationLevel.REMINDER,)
