"""The projections of a section's own streams, in the transaction of each append: ``section_compositions``,
``section_elections`` and ``section_materials`` hold each stream's state folded by the domain's own ``evolve``. The
composition's and the materials' events also bring the inbox in line — the consent a member organisation's head
owes, the check and the forwarding the base organisation's head owes, the revision of a returned material — and tell
people of a task that arrives and of a leader elected. A rebuild writes them all again, and no e-mail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.notifications.notices import Notice
from api.notifications.projection import write as write_notices
from api.tables import section_compositions, section_elections, section_materials, section_plans, sites, tasks
from domain.common import DomainEvent
from domain.deadlines import local_date
from domain.notifications import NotificationKind, subject
from domain.people import Role
from domain.regulations.sverdlovsk import REGULATION_ID, TIMEZONE
from domain.section import election, materials, membership, plan

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
    conn: AsyncConnection, stored: StoredEvent, site: Any, wanted: dict[str, dict[str, Any]], at: datetime
) -> None:
    """Open the tasks ``wanted`` (by kind) that are not open yet, complete the open ones no longer wanted, and tell
    the people of those that opened."""
    open_rows = (
        await conn.execute(
            select(tasks.c.task_id, tasks.c.kind).where(
                tasks.c.obligation_id == stored.stream_id, tasks.c.state == "open"
            )
        )
    ).all()
    for row in open_rows:
        if row.kind in wanted:
            wanted.pop(row.kind)
        else:
            await conn.execute(
                tasks.update().where(tasks.c.task_id == row.task_id).values(state="completed", completed_at=at)
            )
    notices = []
    for kind, values in wanted.items():
        override = values.pop("institution_id", None)
        todo = values.pop("todo")
        task = {
            "task_id": f"{stored.stream_id}:{kind}:{stored.stream_version}",
            "obligation_id": stored.stream_id,
            "key": TASK_KEY,
            "instance": site.id,
            "regulation_id": REGULATION_ID,
            "cycle_id": stored.stream_id,
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
        f"consent:{person.person_id}": {
            "title": f"Согласовать включение в состав методической секции: {person.full_name}, {person.position}",
            "candidate_roles": [Role.INSTITUTION_DIRECTOR.value],
            "institution_id": person.organisation_id,
            "todo": "Открыть страницу секции и согласовать включение работника или отказать с причиной.",
        }
        for person in state.awaiting_consent()
    }
    if state.memberships and not await _has_leader(conn, site_id):
        wanted[ELECTION_TASK] = {
            "title": "Провести выборы руководителя секции",
            "candidate_roles": [Role.SITE_DIRECTOR.value],
            "todo": "Открыть страницу секции, открыть выборы на заседании, внести кандидатов и голоса, подвести итоги.",
        }
    await _sync_tasks(conn, stored, await _site(conn, site_id), wanted, event.occurred_at)


# A section with members and no leader elected: its base organisation's head holds the election (000:40); the task
# sits on the composition's stream and is completed when a leader is elected.
ELECTION_TASK = "election"


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
            wanted[f"check_material:{material.no}"] = {
                "title": f"Проверить методический материал № {material.no} «{material.title}» по трем требованиям",
                "candidate_roles": [Role.SITE_DIRECTOR.value],
                "todo": "Отметить на странице секции каждое из трех требований (000:74).",
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


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    **dict.fromkeys((plan.PlanMeetingAdded, plan.PlanMeetingRemoved), on_plan),
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
