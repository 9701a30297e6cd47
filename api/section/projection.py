"""The projections of a section's own streams, in the transaction of each append: ``section_compositions``,
``section_elections`` and ``section_materials`` hold each stream's state folded by the domain's own ``evolve``. The
composition's and the materials' events also bring the inbox in line — the consent a member organisation's head
owes, the check and the forwarding the base organisation's head owes, the revision of a returned material — and tell
people of a task that arrives and of a leader elected. A consent or a check carries its term (D17) as the task's due
date; a term passed (``SectionTermPassed``) is a row of ``escalations`` and a notice like a step of an obligation's
ladder, resolved when its task is done. A rebuild writes them all again, and no e-mail."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.notifications.notices import Notice
from api.notifications.projection import write as write_notices
from api.sites.projection import on_recorded as on_site_card
from api.tables import (
    escalations,
    section_compositions,
    section_elections,
    section_materials,
    section_plans,
    sites,
    tasks,
)
from api.tasks.projection import FOLLOW_UP_DAYS
from domain.common import DomainEvent
from domain.deadlines import Deadline, local_date
from domain.escalation import LEVEL_RU, EscalationLevel
from domain.notifications import NotificationKind, subject
from domain.people import Role
from domain.regulations.sverdlovsk import CONSENT_TERM, MATERIAL_CHECK_TERM, REGULATION_ID, TIMEZONE
from domain.section import election, materials, membership, plan, terms
from domain.sites import SiteChanged, SiteRegistered, SiteStatus

TASK_KEY = "section"  # tasks.key of every task of a section's own streams; tasks.instance is the section's site id


def page_of(site_id: str) -> str:
    return f"/sections/{site_id}"


async def _site(conn: AsyncConnection, site_id: str) -> Any:
    return (
        await conn.execute(
            select(sites.c.id, sites.c.region_id, sites.c.direction_id, sites.c.institution_id).where(
                sites.c.id == site_id
            )
        )
    ).one()


def _task_notice(task: dict[str, Any], stored: StoredEvent) -> Notice:
    title = task["title"]
    return Notice(
        key=task["task_id"],
        kind=NotificationKind.TASK,
        cause="task",
        created_at=task["created_at"],
        obligation_id=stored.stream_id,
        site_id=task["site_id"],
        subject=subject(NotificationKind.TASK, title, ""),
        details={"title": title, "period": "", "citation": "", "what": "новая задача: " + title, "todo": task["todo"]},
        link=page_of(task["site_id"]),
        roles=tuple(task["candidate_roles"]),
        task_id=task["task_id"],
        institution_id=task["institution_id"] if task["region_override"] else None,
        position=stored.global_position,
        region_id=task["region_id"] if task["region_override"] else None,
        timezone=TIMEZONE if task["region_override"] else None,
    )


async def _sync_tasks(
    conn: AsyncConnection,
    stored: StoredEvent,
    site: Any,
    wanted: dict[str, dict[str, Any]],
    at: datetime,
    on_stream: str | None = None,
) -> None:
    """Open the tasks ``wanted`` (by kind) that are not open yet, complete the open ones no longer wanted, and tell
    the people of those that opened. The tasks are on the event's stream, or on ``on_stream`` for an event of
    another (a section registered asks for its election on its composition's stream): then only opened."""
    stream_id = on_stream or stored.stream_id
    open_rows = (
        await conn.execute(
            select(tasks.c.task_id, tasks.c.kind).where(tasks.c.obligation_id == stream_id, tasks.c.state == "open")
        )
    ).all()
    for row in open_rows:
        if row.kind in wanted:
            wanted.pop(row.kind)
        elif on_stream is None:
            await conn.execute(
                tasks.update().where(tasks.c.task_id == row.task_id).values(state="completed", completed_at=at)
            )
            await _resolve(conn, stored.stream_id, row.kind, at)
    notices = []
    for kind, values in wanted.items():
        override = values.pop("institution_id", None)
        todo = values.pop("todo")
        version = f"{stored.stream_version}" if on_stream is None else f"{stored.stream_id}:{stored.stream_version}"
        task = {
            "task_id": f"{stream_id}:{kind}:{version}",
            "obligation_id": stream_id,
            "key": TASK_KEY,
            "instance": site.id,
            "regulation_id": REGULATION_ID,
            "cycle_id": stream_id,
            "site_id": site.id,
            "region_id": site.region_id,
            "direction_id": site.direction_id,
            "institution_id": override or site.institution_id,
            "forms_of": None,
            "year": local_date(at, TIMEZONE).year,
            "kind": kind,
            "obligation_kind": "section",
            "state": "open",
            "assignee_id": None,
            "assignee_name": None,
            "due_nominal": None,
            "due_effective": None,
            "due_ends_at": None,
            "follow_up": None,
            "created_at": at,
            "completed_at": None,
            **values,
        }
        await conn.execute(tasks.insert().values(**task))
        notices.append(_task_notice({**task, "todo": todo, "region_override": override is not None}, stored))
    if notices:
        await write_notices(conn, notices)


def _due(due: Deadline | None) -> dict[str, Any]:
    """A task's due date from its term (D17); a task asked before the terms has none."""
    if due is None:
        return {}
    return {
        "due_nominal": due.nominal,
        "due_effective": due.effective,
        "due_ends_at": due.ends_at,
        "follow_up": due.effective - timedelta(days=FOLLOW_UP_DAYS),
    }


async def _resolve(conn: AsyncConnection, stream_id: str, task: str, at: datetime) -> None:
    """The escalations of a task's term closed: the task is done (an answer, a check, a withdrawal)."""
    await conn.execute(
        escalations.update()
        .where(
            escalations.c.obligation_id.startswith(f"{stream_id}:{task}:{terms.ESCALATION_KEY}:"),
            escalations.c.resolved_at.is_(None),
        )
        .values(resolved_at=at, resolution="done")
    )


# --- the composition -----------------------------------------------------------------------------------------------


async def on_membership(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent) -> None:
    site_id = stored.stream_id.split(":")[1]
    row = (
        await conn.execute(select(section_compositions.c.state).where(section_compositions.c.site_id == site_id))
    ).one_or_none()
    before = membership.Composition.model_validate(row.state) if row else membership.Composition(site_id=site_id)
    state = membership.evolve(before, event)
    values = {"state": state.model_dump(mode="json"), "updated_at": event.occurred_at}
    await conn.execute(
        insert(section_compositions)
        .values(site_id=site_id, **values)
        .on_conflict_do_update(index_elements=[section_compositions.c.site_id], set_=values)
    )
    wanted: dict[str, dict[str, Any]] = {
        membership.consent_task(m.member.person_id): {
            "title": membership.consent_title(m.member),
            "candidate_roles": [Role.INSTITUTION_DIRECTOR.value],
            "institution_id": m.member.organisation_id,
            "todo": "Открыть страницу секции и согласовать включение работника или отказать с причиной.",
            **_due(m.consent_due),
        }
        for m in state.memberships
        if m.status == membership.MembershipStatus.PROPOSED
    }
    if not await _has_leader(conn, site_id):
        wanted[ELECTION_TASK] = dict(ELECTION_TASK_VALUES)
    await _sync_tasks(conn, stored, await _site(conn, site_id), wanted, event.occurred_at)


# A section without a leader elected — from the day it is registered — has its base organisation's head hold the
# election (000:40); the task sits on the composition's stream and is completed when a leader is elected.
ELECTION_TASK = "election"
ELECTION_TASK_VALUES: dict[str, Any] = {
    "title": "Провести выборы руководителя секции",
    "candidate_roles": [Role.SITE_DIRECTOR.value],
    "todo": "Открыть страницу секции, открыть выборы на заседании, внести кандидатов и голоса, подвести итоги.",
}


async def on_site_recorded(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent) -> None:
    """A site registered or changed, as the registry's projection writes it (``api.sites.projection``); a
    methodological section without a leader asks its base organisation's head for the election at once."""
    assert isinstance(event, SiteRegistered | SiteChanged)
    await on_site_card(conn, stored, event)
    site = event.record.site
    if site.status != SiteStatus.METHODOLOGICAL_SECTION or await _has_leader(conn, site.id):
        return
    wanted = {ELECTION_TASK: dict(ELECTION_TASK_VALUES)}
    stream_id = membership.members_stream(site.id)
    await _sync_tasks(conn, stored, await _site(conn, site.id), wanted, event.occurred_at, on_stream=stream_id)


async def _has_leader(conn: AsyncConnection, site_id: str) -> bool:
    query = select(section_elections.c.site_id).where(
        section_elections.c.site_id == site_id, section_elections.c.status == election.ElectionStatus.ELECTED.value
    )
    return (await conn.execute(query.limit(1))).first() is not None


# --- the elections -----------------------------------------------------------------------------------------------


async def on_election(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent) -> None:
    _, site_id, _, number = stored.stream_id.split(":")
    election_no = int(number)
    row = (
        await conn.execute(
            select(section_elections.c.state).where(
                section_elections.c.site_id == site_id, section_elections.c.election_no == election_no
            )
        )
    ).one_or_none()
    before = (
        election.ElectionState.model_validate(row.state)
        if row
        else election.ElectionState(site_id=site_id, election_no=election_no)
    )
    state = election.evolve(before, event)
    values = {"status": state.status.value, "state": state.model_dump(mode="json"), "updated_at": event.occurred_at}
    await conn.execute(
        insert(section_elections)
        .values(site_id=site_id, election_no=election_no, **values)
        .on_conflict_do_update(
            index_elements=[section_elections.c.site_id, section_elections.c.election_no], set_=values
        )
    )
    if isinstance(event, election.LeaderElected):
        await conn.execute(
            tasks.update()
            .where(
                tasks.c.obligation_id == membership.members_stream(site_id),
                tasks.c.kind == ELECTION_TASK,
                tasks.c.state == "open",
            )
            .values(state="completed", completed_at=event.occurred_at)
        )
        leader = event.leader.person
        what = f"руководителем секции избран(а) {leader.full_name}"
        await write_notices(
            conn,
            [
                Notice(
                    key=stored.event_id,
                    kind=NotificationKind.DECISION,
                    cause=stored.event_type,
                    created_at=event.occurred_at,
                    obligation_id=stored.stream_id,
                    site_id=site_id,
                    subject=subject(NotificationKind.DECISION, f"{what} — выборы № {election_no}", ""),
                    details={
                        "title": f"Выборы руководителя методической секции № {election_no}",
                        "period": "",
                        "citation": "000:40",
                        "what": what,
                        "todo": "Руководитель секции формирует состав и годовой план (000:44).",
                    },
                    link=page_of(site_id),
                    roles=(Role.SITE_DIRECTOR.value, Role.SITE_RESPONSIBLE.value, Role.CURATOR.value),
                    position=stored.global_position,
                )
            ],
        )


# --- the materials of a year ---------------------------------------------------------------------------------------


async def on_materials(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent) -> None:
    _, site_id, _, year_text = stored.stream_id.split(":")
    year = int(year_text)
    row = (
        await conn.execute(
            select(section_materials.c.state).where(
                section_materials.c.site_id == site_id, section_materials.c.year == year
            )
        )
    ).one_or_none()
    before = (
        materials.MaterialsState.model_validate(row.state)
        if row
        else materials.MaterialsState(site_id=site_id, year=year)
    )
    state = materials.evolve(before, event)
    values = {"state": state.model_dump(mode="json"), "updated_at": event.occurred_at}
    await conn.execute(
        insert(section_materials)
        .values(site_id=site_id, year=year, **values)
        .on_conflict_do_update(index_elements=[section_materials.c.site_id, section_materials.c.year], set_=values)
    )
    wanted: dict[str, dict[str, Any]] = {}
    for material in state.materials:
        if material.status == materials.MaterialStatus.SUBMITTED:
            wanted[materials.check_task(material.no)] = {
                "title": materials.check_title(material),
                "candidate_roles": [Role.SITE_DIRECTOR.value],
                "todo": "Отметить на странице секции каждое из трех требований (000:74).",
                **_due(material.check_due),
            }
        elif material.status == materials.MaterialStatus.RETURNED:
            wanted[f"revise_material:{material.no}"] = {
                "title": f"Доработать методический материал № {material.no} «{material.title}»",
                "candidate_roles": [Role.SITE_RESPONSIBLE.value],
                "todo": "Доработать материал по комментарию и представить снова.",
            }
    if any(m.status == materials.MaterialStatus.CHECKED for m in state.materials):
        wanted["forward_materials"] = {
            "title": f"Передать в ОМЦ методические материалы секции за {year} год",
            "candidate_roles": [Role.SITE_DIRECTOR.value],
            "todo": "Передать проверенные материалы в ОМЦ для сборника (000:76).",
        }
    await _sync_tasks(conn, stored, await _site(conn, site_id), wanted, event.occurred_at)


# --- the plan of a year ----------------------------------------------------------------------------------------


async def on_plan(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent) -> None:
    _, site_id, _, year_text = stored.stream_id.split(":")
    year = int(year_text)
    row = (
        await conn.execute(
            select(section_plans.c.state).where(section_plans.c.site_id == site_id, section_plans.c.year == year)
        )
    ).one_or_none()
    before = plan.PlanState.model_validate(row.state) if row else plan.PlanState(site_id=site_id, year=year)
    values = {"state": plan.evolve(before, event).model_dump(mode="json"), "updated_at": event.occurred_at}
    await conn.execute(
        insert(section_plans)
        .values(site_id=site_id, year=year, **values)
        .on_conflict_do_update(index_elements=[section_plans.c.site_id, section_plans.c.year], set_=values)
    )


# --- a term passed (D17) ----------------------------------------------------------------------------------------

TERMS = {"members": CONSENT_TERM, "materials": MATERIAL_CHECK_TERM}
LEVEL_KIND = {
    EscalationLevel.OVERDUE: NotificationKind.OVERDUE,
    EscalationLevel.LEVEL2: NotificationKind.LEVEL2,
    EscalationLevel.LEVEL3: NotificationKind.LEVEL3,
}


async def on_term_passed(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent) -> None:
    """The state of the task's stream folds the escalation in; the escalation is a row of ``escalations`` on the
    task's stream (its ``review`` is the task's kind) and a notice to the roles of its step."""
    assert isinstance(event, terms.SectionTermPassed)
    part = stored.stream_id.split(":")[2]
    if part == "members":
        await on_membership(conn, stored, event)
    else:
        await on_materials(conn, stored, event)
    title = f"{event.title} — срок {event.due_effective:%d.%m.%Y}"
    values = {
        "obligation_id": terms.escalated_id(stored.stream_id, event.task, event.due_effective),
        "cycle_id": stored.stream_id,
        "site_id": event.site_id,
        "year": event.due_effective.year,
        "obligation_title": event.title,
        "level": event.level.value,
        "phase": 0,
        "due_nominal": event.due_nominal,
        "due_effective": event.due_effective,
        "notify": [role.value for role in event.notify],
        "raised_at": event.occurred_at,
        "resolved_at": None,
        "resolution": None,
        "review": event.task,
        "review_title": event.title,
        "awaited": [role.value for role in event.awaited],
    }
    await conn.execute(
        insert(escalations)
        .values(escalation_id=event.escalation_id, **values)
        .on_conflict_do_update(index_elements=[escalations.c.escalation_id], set_=values)
    )
    kind = LEVEL_KIND.get(event.level, NotificationKind.OVERDUE)
    term = TERMS[part]
    await write_notices(
        conn,
        [
            Notice(
                key=stored.event_id,
                kind=kind,
                cause=stored.event_type,
                created_at=event.occurred_at,
                obligation_id=stored.stream_id,
                site_id=event.site_id,
                subject=subject(kind, title, ""),
                details={
                    "title": event.title,
                    "period": "",
                    "citation": term.decision,
                    "what": f"{LEVEL_RU[event.level]}: срок {event.due_effective:%d.%m.%Y} — {term.explain_ru()}",
                    "due": f"{event.due_effective:%d.%m.%Y}",
                    "todo": "Открыть страницу секции: ответ закрывает эскалацию.",
                },
                link=page_of(event.site_id),
                roles=tuple(role.value for role in event.notify),
                escalation_id=event.escalation_id,
                position=stored.global_position,
            )
        ],
    )


# The registry's own projector of a site's card, followed by the section's election task (api/projections.py names
# these two as the section context's).
PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    SiteRegistered: on_site_recorded,
    SiteChanged: on_site_recorded,
    terms.SectionTermPassed: on_term_passed,
    **dict.fromkeys((plan.PlanMeetingAdded, plan.PlanMeetingRemoved, plan.PlanApproved), on_plan),
    **dict.fromkeys(
        (
            membership.SectionMemberProposed,
            membership.SectionMemberConsented,
            membership.SectionMemberRefused,
            membership.SectionMemberWithdrawn,
        ),
        on_membership,
    ),
    **dict.fromkeys(
        (
            election.ElectionOpened,
            election.CandidateNominated,
            election.VoteCast,
            election.ElectionRoundClosed,
            election.LeaderElected,
        ),
        on_election,
    ),
    **dict.fromkeys(
        (
            materials.MaterialSubmitted,
            materials.MaterialRevised,
            materials.MaterialChecked,
            materials.MaterialsForwarded,
        ),
        on_materials,
    ),
}
