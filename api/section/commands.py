"""Commands on a Sverdlovsk methodological section's own streams, one function each, called alike by the REST routes
and the pages. No workflow owns them (the dated duties — the plan, the meetings, the reports, the materials'
deadline — are the section's obligations, run by its cycle); the head's consent and the material's check carry a
term of their own (D17), dated when asked and recorded in the event that asks, and ``check_terms`` raises the
escalation of a term passed — the region's daily digest asks for it each working morning, before the digests are
composed. Each command is decided by ``domain.section`` and appended here, after the version it was decided on; a
domain refusal is 409 with its code and Russian message."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.calendar.service import calendar_for
from api.eventlog.decided import append_decided
from api.eventlog.store import read_stream
from api.problems import Problem, field_problem, role_refused
from api.runtime import Runtime
from api.section.requests import (
    CandidateBody,
    CheckBody,
    ConsentBody,
    ElectionBody,
    MaterialBody,
    MemberBody,
    PlanMeetingBody,
    ReasonBody,
    ReviseBody,
    VoteBody,
)
from api.sites.service import SITE_NOT_FOUND, load_site
from api.tables import (
    decisions,
    files,
    institutions,
    obligations,
    section_elections,
    section_materials,
    sites,
    submissions,
)
from domain.calendar import ProductionCalendar
from domain.common import Actor, DomainEvent, event_from_stored
from domain.deadlines import local_date
from domain.files import FileFormat, FileRef
from domain.people import Role, ScopeKind
from domain.regulations.section_rules import TaskTerm
from domain.regulations.sverdlovsk import (
    ANNUAL_PLAN,
    CONSENT_TERM,
    ELECTION_RULES,
    MATERIAL_CHECK_TERM,
    MATERIAL_CHECKLIST,
    PLAN_FORM,
    TIMEZONE,
)
from domain.section import election, materials, membership, plan, terms
from domain.section.model import Person, PlannedMeeting
from domain.sites import Site, SiteStatus

SECTION_NOT_FOUND = "Методическая секция не найдена."
APPROVED = "approved"  # the obligations' status of an approved annual plan


async def section_site(conn: AsyncConnection, principal: Principal, site_id: str) -> Site:
    """The section, when the caller may see it; 404 otherwise (a section out of scope answers like none)."""
    site = await load_site(conn, site_id)
    if site is None or not principal.can_read(site):
        raise Problem(404, "site_not_found", SITE_NOT_FOUND)
    if site.status != SiteStatus.METHODOLOGICAL_SECTION:
        raise Problem(404, "not_a_section", SECTION_NOT_FOUND)
    return site


async def events_of(conn: AsyncConnection, stream_id: str) -> list[DomainEvent]:
    return [event_from_stored(e.event_type, e.data, e.schema_version) for e in await read_stream(conn, stream_id)]


async def _append(
    runtime: Runtime, stream_id: str, decide: Callable[[AsyncConnection], Awaitable[list[DomainEvent]]]
) -> list[DomainEvent]:
    busy = "Секция изменилась во время команды; повторите."
    return await append_decided(runtime.eventlog, runtime.reads.connect, stream_id, decide, role_refused, busy)


def _now() -> datetime:
    return datetime.now(UTC)


async def _organisation(conn: AsyncConnection, site: Site, organisation_id: str, field: str) -> Any:
    row = (
        await conn.execute(
            select(institutions.c.id, institutions.c.name).where(
                institutions.c.id == organisation_id, institutions.c.region_id == site.region_id
            )
        )
    ).one_or_none()
    if row is None:
        raise field_problem(
            422, "unknown_organisation", "Организация не найдена в регионе секции.", field, "не найдена"
        )
    return row


# --- the composition ---------------------------------------------------------------------------------------------


async def composition(conn: AsyncConnection, site_id: str) -> membership.Composition:
    return membership.composition_of(site_id, await events_of(conn, membership.members_stream(site_id)))


async def propose_member(runtime: Runtime, principal: Principal, site_id: str, body: MemberBody) -> str:
    person_id = str(uuid.uuid4())

    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        site = await section_site(conn, principal, site_id)
        organisation = await _organisation(conn, site, body.organisation_id, "organisation_id")
        person = Person(
            person_id=person_id,
            full_name=body.full_name.strip(),
            position=body.position.strip(),
            organisation_id=organisation.id,
            organisation_name=organisation.name,
            contacts=body.contacts.strip(),
        )
        state = await composition(conn, site_id)
        now = _now()
        term = (CONSENT_TERM, await _calendar(conn, now), TIMEZONE)
        command = membership.ProposeMember(actor=principal.actor_on(site), member=person)
        return membership.decide(state, command, now, _today(now), term)

    await _append(runtime, membership.members_stream(site_id), decide)
    return person_id


def organisation_head(principal: Principal, organisation_id: str) -> Actor:
    """The caller as the head of ``organisation_id`` (руководитель организации-участника): a grant of
    INSTITUTION_DIRECTOR scoped to that organisation; no role otherwise."""
    held = [
        g
        for g in principal.grants
        if g.role == Role.INSTITUTION_DIRECTOR
        and g.scope_kind == ScopeKind.INSTITUTION
        and g.scope_id == organisation_id
    ]
    return Actor(
        user_id=principal.user_id,
        full_name=principal.full_name,
        roles=frozenset({Role.INSTITUTION_DIRECTOR}) if held else frozenset(),
        acting_roles=frozenset({Role.INSTITUTION_DIRECTOR}) if held and all(g.acting for g in held) else frozenset(),
        substitute_for={Role.INSTITUTION_DIRECTOR: held[0].on_behalf_of} if held and held[0].on_behalf_of else {},
    )


async def answer_consent(
    runtime: Runtime, principal: Principal, site_id: str, person_id: str, body: ConsentBody
) -> None:
    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        state = await composition(conn, site_id)
        proposed = state.of(person_id)
        if proposed is None:
            raise Problem(404, "not_found", "Такого работника в составе секции нет.")
        site = await load_site(conn, site_id)
        actor = organisation_head(principal, proposed.member.organisation_id)
        if site is None or (not principal.can_read(site) and not actor.roles):
            raise Problem(404, "site_not_found", SITE_NOT_FOUND)
        now = _now()
        command = membership.AnswerConsent(
            actor=actor, person_id=person_id, consent=body.consent, on=body.on, reason=body.reason
        )
        return membership.decide(state, command, now, _today(now))

    await _append(runtime, membership.members_stream(site_id), decide)


async def withdraw_member(
    runtime: Runtime, principal: Principal, site_id: str, person_id: str, body: ReasonBody
) -> None:
    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        site = await section_site(conn, principal, site_id)
        state = await composition(conn, site_id)
        now = _now()
        command = membership.WithdrawMember(actor=principal.actor_on(site), person_id=person_id, reason=body.reason)
        return membership.decide(state, command, now, _today(now))

    await _append(runtime, membership.members_stream(site_id), decide)


def _today(now: datetime) -> date:
    return local_date(now, TIMEZONE)


async def _calendar(conn: AsyncConnection, now: datetime) -> ProductionCalendar:
    """The production calendar, with the administrator's corrections, of the year of ``now`` and the next (a term
    asked in December ends in January)."""
    year = _today(now).year
    return await calendar_for(conn, [year, year + 1])


# --- the leader's election -----------------------------------------------------------------------------------------


async def election_state(conn: AsyncConnection, site_id: str, election_no: int) -> election.ElectionState:
    events = await events_of(conn, election.election_stream(site_id, election_no))
    return election.election_of(site_id, election_no, events)


async def open_election(runtime: Runtime, principal: Principal, site_id: str, body: ElectionBody) -> int:
    async with runtime.reads.connect() as conn:
        await section_site(conn, principal, site_id)
        last = (
            await conn.execute(
                select(func.max(section_elections.c.election_no)).where(section_elections.c.site_id == site_id)
            )
        ).scalar_one_or_none() or 0
        if last:
            previous = await election_state(conn, site_id, last)
            if previous.status != election.ElectionStatus.ELECTED:
                raise Problem(409, "election_in_progress", f"Выборы № {last} еще не завершены.")
    number = last + 1

    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        site = await section_site(conn, principal, site_id)
        members = (await composition(conn, site_id)).members()
        state = await election_state(conn, site_id, number)
        command = election.OpenElection(
            actor=principal.actor_on(site), held_on=body.held_on, electorate=members, rules=ELECTION_RULES
        )
        return election.decide(state, command, _now())

    await _append(runtime, election.election_stream(site_id, number), decide)
    return number


async def _on_election(
    runtime: Runtime,
    principal: Principal,
    site_id: str,
    election_no: int,
    command_of: Callable[[Actor, AsyncConnection, Site], Awaitable[election.ElectionCommand]],
) -> None:
    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        site = await section_site(conn, principal, site_id)
        state = await election_state(conn, site_id, election_no)
        if state.status == election.ElectionStatus.NOT_OPENED:
            raise Problem(404, "not_found", "Таких выборов нет.")
        return election.decide(state, await command_of(principal.actor_on(site), conn, site), _now())

    await _append(runtime, election.election_stream(site_id, election_no), decide)


async def nominate(runtime: Runtime, principal: Principal, site_id: str, election_no: int, body: CandidateBody) -> None:
    async def command(actor: Actor, conn: AsyncConnection, site: Site) -> election.ElectionCommand:
        if body.person_id:
            member = (await composition(conn, site_id)).of(body.person_id)
            if member is None:
                raise field_problem(422, "not_a_member", "Такого члена секции нет.", "person_id", "не найден")
            person = member.member
        else:
            if len(body.full_name.strip()) < 3:
                raise field_problem(422, "name_required", "Укажите ФИО кандидата.", "full_name", "не указано")
            if len(body.position.strip()) < 2:
                raise field_problem(422, "position_required", "Укажите должность.", "position", "не указана")
            organisation = await _organisation(conn, site, body.organisation_id, "organisation_id")
            person = Person(
                person_id=str(uuid.uuid4()),
                full_name=body.full_name.strip(),
                position=body.position.strip(),
                organisation_id=organisation.id,
                organisation_name=organisation.name,
                contacts=body.contacts.strip(),
            )
        candidate = election.Candidate(person=person, position_since=body.position_since)
        return election.Nominate(actor=actor, candidate=candidate)

    await _on_election(runtime, principal, site_id, election_no, command)


async def cast_vote(runtime: Runtime, principal: Principal, site_id: str, election_no: int, body: VoteBody) -> None:
    async def command(actor: Actor, conn: AsyncConnection, site: Site) -> election.ElectionCommand:
        return election.CastVote(actor=actor, voter_id=body.voter_id, candidate_id=body.candidate_id or None)

    await _on_election(runtime, principal, site_id, election_no, command)


async def close_round(runtime: Runtime, principal: Principal, site_id: str, election_no: int) -> None:
    async def command(actor: Actor, conn: AsyncConnection, site: Site) -> election.ElectionCommand:
        return election.CloseRound(actor=actor)

    await _on_election(runtime, principal, site_id, election_no, command)


# --- the plan of a year ---------------------------------------------------------------------------------------------


async def plan_state(conn: AsyncConnection, site_id: str, year: int) -> plan.PlanState:
    return plan.plan_of(site_id, year, await events_of(conn, plan.plan_stream(site_id, year)))


async def _on_plan(
    runtime: Runtime,
    principal: Principal,
    site_id: str,
    year: int,
    command_of: Callable[[Actor], plan.PlanCommand],
) -> None:
    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        site = await section_site(conn, principal, site_id)
        state = await plan_state(conn, site_id, year)
        return plan.decide(state, command_of(principal.actor_on(site)), _now())

    await _append(runtime, plan.plan_stream(site_id, year), decide)


async def add_plan_meeting(
    runtime: Runtime, principal: Principal, site_id: str, year: int, body: PlanMeetingBody
) -> None:
    meeting = PlannedMeeting(on=body.on, format=body.format, topic=body.topic)
    await _on_plan(runtime, principal, site_id, year, lambda actor: plan.AddPlanMeeting(actor=actor, meeting=meeting))


async def remove_plan_meeting(runtime: Runtime, principal: Principal, site_id: str, year: int, on: str) -> None:
    await _on_plan(runtime, principal, site_id, year, lambda actor: plan.RemovePlanMeeting(actor=actor, on=on))


async def approved_plan_file(conn: AsyncConnection, site_id: str, year: int) -> plan.ApprovedPlanFile | None:
    """The plan's file as the section's ``annual_plan`` obligation of ``year`` approved it: its last submission, once
    the obligation is approved, with the form's file and the approval's day and approver; None otherwise."""
    obligation = (
        await conn.execute(
            select(obligations.c.obligation_id, obligations.c.status).where(
                obligations.c.site_id == site_id, obligations.c.year == year, obligations.c.key == ANNUAL_PLAN.key
            )
        )
    ).first()
    if obligation is None or obligation.status != APPROVED:
        return None
    submission = (
        await conn.execute(
            select(submissions.c.submission_no, submissions.c["items"].label("files"))
            .where(submissions.c.obligation_id == obligation.obligation_id)
            .order_by(submissions.c.submission_no.desc())
            .limit(1)
        )
    ).first()
    if submission is None or PLAN_FORM.key not in submission.files:
        return None
    approval = (
        await conn.execute(
            select(decisions.c.decided_at, decisions.c.decided_by)
            .where(
                decisions.c.obligation_id == obligation.obligation_id,
                decisions.c.submission_no == submission.submission_no,
                decisions.c.action == "approve",
            )
            .order_by(decisions.c.step.desc())
            .limit(1)
        )
    ).first()
    if approval is None:
        return None
    return plan.ApprovedPlanFile(
        obligation_id=obligation.obligation_id,
        submission_no=submission.submission_no,
        file=FileRef.model_validate(submission.files[PLAN_FORM.key]),
        approved_at=approval.decided_at,
        approved_by=str(approval.decided_by.get("full_name", "")),
    )


async def approve_plan(runtime: Runtime, principal: Principal, site_id: str, year: int) -> None:
    """The base organisation's head approves the plan's rows with the file the obligation approved (D18)."""

    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        site = await section_site(conn, principal, site_id)
        state = await plan_state(conn, site_id, year)
        command = plan.ApprovePlan(actor=principal.actor_on(site), file=await approved_plan_file(conn, site_id, year))
        return plan.decide(state, command, _now())

    await _append(runtime, plan.plan_stream(site_id, year), decide)


# --- the materials of a year ---------------------------------------------------------------------------------------


async def materials_state(conn: AsyncConnection, site_id: str, year: int) -> materials.MaterialsState:
    return materials.materials_of(site_id, year, await events_of(conn, materials.materials_stream(site_id, year)))


async def _files(conn: AsyncConnection, site_id: str, file_ids: list[str]) -> tuple[FileRef, ...]:
    refs = []
    for file_id in file_ids:
        try:
            uuid.UUID(file_id)
        except ValueError:
            raise field_problem(422, "file_not_found", "Файл не найден.", "file_ids", "не найден") from None
        row = (
            await conn.execute(
                select(files.c.id, files.c.filename, files.c.format, files.c.size, files.c.sha256).where(
                    files.c.id == file_id, files.c.site_id == site_id
                )
            )
        ).one_or_none()
        if row is None:
            raise field_problem(
                422, "file_not_found", "Файл не найден среди загруженных файлов секции.", "file_ids", "не найден"
            )
        refs.append(
            FileRef(
                file_id=str(row.id), filename=row.filename, format=FileFormat(row.format), size=row.size,
                sha256=row.sha256,
            )
        )  # fmt: skip
    return tuple(refs)


async def _on_materials(
    runtime: Runtime,
    principal: Principal,
    site_id: str,
    year: int,
    command_of: Callable[[Actor, AsyncConnection], Awaitable[materials.MaterialsCommand]],
) -> list[DomainEvent]:
    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        site = await section_site(conn, principal, site_id)
        state = await materials_state(conn, site_id, year)
        command = await command_of(principal.actor_on(site), conn)
        now = _now()
        term = (_today(now), MATERIAL_CHECK_TERM, await _calendar(conn, now), TIMEZONE)
        return materials.decide(state, command, MATERIAL_CHECKLIST, now, term)

    return await _append(runtime, materials.materials_stream(site_id, year), decide)


async def submit_material(runtime: Runtime, principal: Principal, site_id: str, year: int, body: MaterialBody) -> int:
    async def command(actor: Actor, conn: AsyncConnection) -> materials.MaterialsCommand:
        return materials.SubmitMaterial(
            actor=actor, title=body.title, topic=body.topic, authors=tuple(body.authors),
            files=await _files(conn, site_id, body.file_ids),
        )  # fmt: skip

    (submitted,) = await _on_materials(runtime, principal, site_id, year, command)
    assert isinstance(submitted, materials.MaterialSubmitted)
    return submitted.material_no


async def revise_material(
    runtime: Runtime, principal: Principal, site_id: str, year: int, material_no: int, body: ReviseBody
) -> None:
    async def command(actor: Actor, conn: AsyncConnection) -> materials.MaterialsCommand:
        refs = await _files(conn, site_id, body.file_ids)
        return materials.ReviseMaterial(actor=actor, material_no=material_no, files=refs, note=body.note)

    await _on_materials(runtime, principal, site_id, year, command)


async def check_material(
    runtime: Runtime, principal: Principal, site_id: str, year: int, material_no: int, body: CheckBody
) -> None:
    async def command(actor: Actor, conn: AsyncConnection) -> materials.MaterialsCommand:
        return materials.CheckMaterial(actor=actor, material_no=material_no, checks=body.checks, comment=body.comment)

    await _on_materials(runtime, principal, site_id, year, command)


async def forward_materials(runtime: Runtime, principal: Principal, site_id: str, year: int) -> None:
    async def command(actor: Actor, conn: AsyncConnection) -> materials.MaterialsCommand:
        return materials.ForwardMaterials(actor=actor)

    await _on_materials(runtime, principal, site_id, year, command)


# --- the terms of the section's own tasks (D17) -------------------------------------------------------------------


async def _raise_passed(
    runtime: Runtime,
    site_id: str,
    stream_id: str,
    term: TaskTerm,
    now: datetime,
    state_of: Callable[[AsyncConnection], Awaitable[membership.Composition | materials.MaterialsState]],
) -> int:
    async def decide(conn: AsyncConnection) -> list[DomainEvent]:
        state = await state_of(conn)
        open_terms = state.open_terms()
        if not open_terms:
            return []
        calendar = await calendar_for(conn, sorted({t.due.effective.year for t in open_terms} | {_today(now).year}))
        return terms.passed(site_id, stream_id, open_terms, state.raised, term, calendar, TIMEZONE, now)

    return len(await _append(runtime, stream_id, decide))


async def check_terms(runtime: Runtime, site_id: str, now: datetime | None = None) -> int:
    """Raise the escalations of the section's consents and checks whose term (or a later step of its ladder) has
    passed by ``now`` with the task still open; how many were raised. Raising twice raises nothing more."""
    now = now or _now()
    raised = await _raise_passed(
        runtime, site_id, membership.members_stream(site_id), CONSENT_TERM, now,
        lambda conn: composition(conn, site_id),
    )  # fmt: skip
    async with runtime.reads.connect() as conn:
        years = list(
            (
                await conn.execute(select(section_materials.c.year).where(section_materials.c.site_id == site_id))
            ).scalars()
        )
    for year in sorted(years):
        raised += await _raise_passed(
            runtime, site_id, materials.materials_stream(site_id, year), MATERIAL_CHECK_TERM, now,
            _materials_of(site_id, year),
        )  # fmt: skip
    return raised


def _materials_of(
    site_id: str, year: int
) -> Callable[[AsyncConnection], Awaitable[membership.Composition | materials.MaterialsState]]:
    async def state_of(conn: AsyncConnection) -> membership.Composition | materials.MaterialsState:
        return await materials_state(conn, site_id, year)

    return state_of


async def check_region_terms(runtime: Runtime, region_id: str, now: datetime | None = None) -> int:
    """``check_terms`` for every methodological section of the region."""
    async with runtime.reads.connect() as conn:
        site_ids = list(
            (
                await conn.execute(
                    select(sites.c.id).where(
                        sites.c.region_id == region_id, sites.c.status == SiteStatus.METHODOLOGICAL_SECTION.value
                    )
                )
            ).scalars()
        )
    return sum([await check_terms(runtime, site_id, now) for site_id in sorted(site_ids)])
