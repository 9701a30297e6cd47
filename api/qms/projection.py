"""The projections of document control, in the transaction of each append: ``qms_units`` and ``qms_staff`` from a
unit's stream, ``qms_documents`` from a document's (its state folded by the domain's own ``evolve``). A document's
events also bring its inbox tasks in line — one per signatory awaited, one per acknowledgment awaited, personal to the
employee — and tell people: a task that arrives, a return, an approval, an enactment, a late acknowledgment's step.
A rebuild writes them all again, and no e-mail (``api.notifications.projection``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.notifications.notices import Notice
from api.notifications.projection import write as write_notices
from api.tables import qms_documents, qms_staff, qms_units, tasks
from domain.common import DomainEvent
from domain.deadlines import local_date
from domain.notifications import KIND_OF_LEVEL, NotificationKind, due_phrase, subject
from domain.qms import document as doc
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
from domain.qms.model import ACK_STEP_BY_LEVEL, STEP_BY_KEY

TASK_KEY = "qms"  # tasks.key of every task of a controlled document; tasks.instance is the document's id


def page_of(document_id: str) -> str:
    return f"/qms/documents/{document_id}"


# --- a unit and its staff ------------------------------------------------------------------------------------------


async def on_unit(conn: AsyncConnection, stored: StoredEvent, event: UnitRegistered) -> None:
    values = {
        "institution_id": event.institution_id,
        "region_id": event.region_id,
        "name": event.name,
        "registered_at": event.occurred_at,
    }
    await conn.execute(
        insert(qms_units)
        .values(unit_id=event.unit_id, **values)
        .on_conflict_do_update(index_elements=[qms_units.c.unit_id], set_=values)
    )


async def on_joined(conn: AsyncConnection, stored: StoredEvent, event: EmployeeJoined) -> None:
    employee = event.employee
    values = {
        "full_name": employee.full_name,
        "position": employee.position,
        "joined_on": employee.joined_on,
        "left_on": None,
    }
    await conn.execute(
        insert(qms_staff)
        .values(unit_id=event.unit_id, user_id=employee.user_id, **values)
        .on_conflict_do_update(index_elements=[qms_staff.c.unit_id, qms_staff.c.user_id], set_=values)
    )


async def on_left(conn: AsyncConnection, stored: StoredEvent, event: EmployeeLeft) -> None:
    await conn.execute(
        qms_staff.update()
        .where(qms_staff.c.unit_id == event.unit_id, qms_staff.c.user_id == event.user_id)
        .values(left_on=event.left_on)
    )


# --- a document ----------------------------------------------------------------------------------------------------


async def _state_before(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent) -> doc.DocumentState | None:
    if isinstance(event, DocumentRegistered):
        return None
    row = (
        await conn.execute(select(qms_documents.c.state).where(qms_documents.c.document_id == _document_id(stored)))
    ).one()
    return doc.DocumentState.model_validate(row.state)


def _document_id(stored: StoredEvent) -> str:
    return stored.stream_id.split(":", 1)[1]


async def _save(conn: AsyncConnection, stored: StoredEvent, state: doc.DocumentState, at: datetime) -> None:
    pending = state.pending
    in_force = state.in_force
    values = {
        "unit_id": state.unit_id,
        "institution_id": state.institution_id,
        "region_id": state.region_id,
        "title": state.title,
        "document_type": state.document_type,
        "cipher": state.cipher,
        "version_in_force": in_force.version if in_force else None,
        "version_pending": pending.version if pending else None,
        "pending_status": pending.status.value if pending else None,
        "state": state.model_dump(mode="json"),
        "stream_version": stored.stream_version,
        "changed_at": at,
    }
    await conn.execute(
        insert(qms_documents)
        .values(document_id=state.document_id, registered_at=at, **values)
        .on_conflict_do_update(index_elements=[qms_documents.c.document_id], set_=values)
    )


def wanted_tasks(state: doc.DocumentState) -> dict[str, dict[str, Any]]:
    """The tasks a document in this state implies, by kind: the signature awaited, and each acknowledgment awaited
    (the employee's own task, with its due date)."""
    wanted: dict[str, dict[str, Any]] = {}
    pending = state.pending
    step = pending.next_step if pending else None
    if pending is not None and step is not None:
        if step.key == "developer":
            what = "Доработать и подписать «Разработано»" if pending.returns else "Подписать «Разработано»"
        elif step.key == "director":
            what = "Утвердить («УТВЕРЖДАЮ»)"
        else:
            what = f"Согласовать ({step.position.lower()})"
        wanted[f"sign:{step.key}"] = {
            "title": f"{what}: {state.title}, версия {pending.version}",
            "candidate_roles": [step.role.value],
            "assignee_id": None,
            "assignee_name": None,
            "due_nominal": None,
            "due_effective": None,
            "due_ends_at": None,
        }
    in_force = state.in_force
    for request in in_force.requests if in_force else ():
        if not request.open:
            continue
        wanted[f"acknowledge:{request.employee.user_id}"] = {
            "title": f"Ознакомиться: {state.title}, версия {in_force.version}"  # type: ignore[union-attr]
            + (f" (изменение № {request.change})" if request.change else ""),
            "candidate_roles": [],  # the employee's own: nobody else signs their row of the sheet
            "assignee_id": request.employee.user_id,
            "assignee_name": request.employee.full_name,
            "due_nominal": request.deadline.nominal,
            "due_effective": request.deadline.effective,
            "due_ends_at": request.deadline.ends_at,
        }
    return wanted


async def _sync_tasks(
    conn: AsyncConnection, stored: StoredEvent, state: doc.DocumentState, at: datetime
) -> list[dict[str, Any]]:
    wanted = wanted_tasks(state)
    open_rows = (
        await conn.execute(
            select(
                tasks.c.task_id, tasks.c.kind, tasks.c.due_nominal, tasks.c.due_effective, tasks.c.due_ends_at
            ).where(tasks.c.obligation_id == stored.stream_id, tasks.c.state == "open")
        )
    ).all()
    for row in open_rows:
        if row.kind in wanted:
            kept = wanted.pop(row.kind)
            due = (kept["due_nominal"], kept["due_effective"], kept["due_ends_at"])
            if due != (row.due_nominal, row.due_effective, row.due_ends_at):  # a corrected calendar moved it
                await conn.execute(
                    tasks.update()
                    .where(tasks.c.task_id == row.task_id)
                    .values(due_nominal=due[0], due_effective=due[1], due_ends_at=due[2], follow_up=due[1])
                )
        else:
            await conn.execute(
                tasks.update().where(tasks.c.task_id == row.task_id).values(state="completed", completed_at=at)
            )
    opened = []
    for kind, values in wanted.items():
        effective: date | None = values["due_effective"]
        task = {
            "task_id": f"{stored.stream_id}:{kind}:{stored.stream_version}",
            "obligation_id": stored.stream_id,
            "key": TASK_KEY,
            "instance": state.document_id,
            "regulation_id": TASK_KEY,
            "cycle_id": stored.stream_id,
            "site_id": f"qms-unit:{state.unit_id}",
            "region_id": state.region_id,
            "direction_id": "",
            "institution_id": state.institution_id,
            "forms_of": None,
            "year": local_date(at, state.timezone).year,
            "kind": kind,
            "obligation_kind": "qms",
            "state": "open",
            "created_at": at,
            "completed_at": None,
            "follow_up": effective,
            **values,
        }
        await conn.execute(tasks.insert().values(**task))
        opened.append(task)
    return opened


def _notice(
    state: doc.DocumentState,
    key: str,
    kind: NotificationKind,
    cause: str,
    at: datetime,
    what: str,
    todo: str,
    roles: tuple[str, ...] = (),
    assignee: str | None = None,
    due: str = "",
    comment: str = "",
    position: int = 0,
    task_id: str | None = None,
    stream_id: str = "",
) -> Notice:
    title = f"{state.title} ({state.unit_name})"
    details = {"title": title, "period": "", "citation": "", "what": what, "todo": todo}
    if due:
        details["due"] = due
    if comment:
        details["comment"] = comment
    return Notice(
        key=key,
        kind=kind,
        cause=cause,
        created_at=at,
        obligation_id=stream_id,
        site_id=f"qms-unit:{state.unit_id}",
        subject=subject(kind, f"{what} — {title}" if kind != NotificationKind.TASK else title, ""),
        details=details,
        link=page_of(state.document_id),
        roles=roles,
        assignee=assignee,
        task_id=task_id,
        institution_id=state.institution_id,
        position=position,
        region_id=state.region_id,
        timezone=state.timezone,
    )


def _event_notice(stored: StoredEvent, event: DomainEvent, state: doc.DocumentState) -> Notice | None:
    at, position, stream_id = event.occurred_at, stored.global_position, stored.stream_id
    match event:
        case VersionReturned():
            at_step = STEP_BY_KEY[event.step].position.lower()
            return _notice(
                state,
                stored.event_id,
                NotificationKind.RETURNED,
                stored.event_type,
                at,
                f"версия {event.version} возвращена на доработку ({at_step}, {event.by.full_name})",
                "Доработать проект по замечанию и подписать «Разработано» снова: согласование начнется заново.",
                roles=(STEP_BY_KEY["developer"].role.value,),
                comment=event.comment,
                position=position,
                stream_id=stream_id,
            )
        case VersionApproved():
            return _notice(
                state,
                stored.event_id,
                NotificationKind.DECISION,
                stored.event_type,
                at,
                f"версия {event.version} утверждена {event.approved_on:%d.%m.%Y} № {event.approval_number}",
                f"Версия вступит в действие {event.enacts_on:%d.%m.%Y}; выдайте учтенные копии держателям.",
                roles=(STEP_BY_KEY["developer"].role.value, STEP_BY_KEY["deputy_director"].role.value),
                position=position,
                stream_id=stream_id,
            )
        case AcknowledgmentLate():
            ladder_step = ACK_STEP_BY_LEVEL[event.level]
            due = due_phrase(event.deadline.nominal, event.deadline.effective)
            about = f"{ladder_step.what}: {event.employee.full_name}, версия {event.version}"
            return _notice(
                state,
                stored.event_id,
                KIND_OF_LEVEL[event.level],
                stored.event_type,
                at,
                about,
                "Ознакомиться с документом на его странице и подписать лист ознакомления."
                if not event.notify
                else "Проследить, чтобы работник ознакомился с документом как можно скорее.",
                roles=tuple(role.value for role in event.notify),
                assignee=event.employee.user_id,
                due=due,
                position=position,
                stream_id=stream_id,
            )
    return None


def _task_notices(opened: list[dict[str, Any]], state: doc.DocumentState, stored: StoredEvent) -> list[Notice]:
    notices = []
    for task in opened:
        due = due_phrase(task["due_nominal"], task["due_effective"])
        notices.append(
            _notice(
                state,
                task["task_id"],
                NotificationKind.TASK,
                "task",
                task["created_at"],
                "новая задача: " + task["title"],
                "Открыть документ и выполнить" + (" до срока." if due else "."),
                roles=tuple(task["candidate_roles"]),
                assignee=task["assignee_id"],
                due=due,
                position=stored.global_position,
                task_id=task["task_id"],
                stream_id=stored.stream_id,
            )
        )
    return notices


async def on_document(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent) -> None:
    before = await _state_before(conn, stored, event)
    if before is None:
        assert isinstance(event, DocumentRegistered)
        state = doc.initial_state(event)
    else:
        state = doc.evolve(before, event)
    await _save(conn, stored, state, event.occurred_at)
    opened = await _sync_tasks(conn, stored, state, event.occurred_at)
    notices = _task_notices(opened, state, stored)
    told = _event_notice(stored, event, state)
    if told is not None:
        notices.append(told)
    if notices:
        await write_notices(conn, notices)


DOCUMENT_EVENTS: tuple[type[DomainEvent], ...] = (
    DocumentRegistered,
    VersionDrafted,
    VersionRecorded,
    VersionSigned,
    VersionReturned,
    VersionApproved,
    VersionEnacted,
    VersionSuperseded,
    CopyIssued,
    CopyWithdrawn,
    ChangeLogged,
    AcknowledgmentRequested,
    Acknowledged,
    AcknowledgmentLate,
    AcknowledgmentDueMoved,
    AcknowledgmentWithdrawn,
)

PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    UnitRegistered: on_unit,
    EmployeeJoined: on_joined,
    EmployeeLeft: on_left,
    **dict.fromkeys(DOCUMENT_EVENTS, on_document),
}
