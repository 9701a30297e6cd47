"""A section as its page and ``GET /api/sections/{site}`` show it: its card, members with their consent, every
election with its candidates, the open vote and each round's count, the materials of a year with the checklist, and
its history — read from the projections (the history from the log of its own streams), roles named as the
Sverdlovsk regime names them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.section.commands import approved_plan_file, organisation_head, section_site
from api.section.history import sentence
from api.tables import (
    directions,
    events,
    institutions,
    section_compositions,
    section_elections,
    section_materials,
    section_plans,
)
from domain.common import event_from_stored
from domain.deadlines import Deadline, local_date
from domain.people import Role
from domain.regulations.section_rules import TaskTerm
from domain.regulations.sverdlovsk import (
    CONSENT_TERM,
    ELECTION_RULES,
    MATERIAL_CHECK_TERM,
    MATERIAL_CHECKLIST,
    PLAN_FORM_COLUMNS,
    ROLE_TITLES,
    TIMEZONE,
)
from domain.section.election import (
    ELECTION_STATUS_RU,
    OUTCOME_RU,
    ElectionState,
    ElectionStatus,
    full_months,
    months_ru,
)
from domain.section.materials import MATERIAL_STATUS_RU, MaterialsState, MaterialStatus
from domain.section.membership import MEMBERSHIP_STATUS_RU, Composition, MembershipStatus
from domain.section.model import MEETING_FORMAT_RU
from domain.section.plan import PLAN_APPROVAL_STATUS_RU, ApprovedPlanFile, PlanApprovalStatus, PlanState
from domain.section.report import plan_row


def term_view(due: Deadline | None, term: TaskTerm) -> dict[str, Any] | None:
    """A consent's or a check's term (D17) as the page shows it: the date, where it comes from, whether it passed."""
    if due is None:
        return None
    return {
        "due": due.effective,
        "explain_ru": term.explain_ru(),
        "overdue": datetime.now(UTC) >= due.ends_at,
    }


def _plan_file(file: ApprovedPlanFile | None) -> dict[str, Any] | None:
    if file is None:
        return None
    return {
        "obligation_id": file.obligation_id,
        "submission_no": file.submission_no,
        "file_id": file.file.file_id,
        "filename": file.file.filename,
        "sha256": file.file.sha256,
        "approved_at": file.approved_at,
        "approved_on": local_date(file.approved_at, TIMEZONE),
        "approved_by": file.approved_by,
    }


def plan_approval(state: PlanState, current: ApprovedPlanFile | None) -> dict[str, Any]:
    """The rows against the plan's file (D18): the file the obligation approved now, the file and rows approved
    together, and whether the plan must be approved again."""
    status = state.approval_status(current)
    approval = state.approval
    return {
        "status": status.value,
        "status_ru": PLAN_APPROVAL_STATUS_RU[status],
        "needs_reapproval": status == PlanApprovalStatus.CHANGED,
        "current_file": _plan_file(current),
        "approved": {
            "file": _plan_file(approval.file),
            "at": approval.approved_at,
            "on": local_date(approval.approved_at, TIMEZONE),
            "by": approval.approved_by.full_name,
            "meetings": [m.on for m in approval.meetings],
            "rows_changed": approval.meetings != state.meetings,
            "file_changed": current is None
            or (current.submission_no, current.file.file_id)
            != (approval.file.submission_no, approval.file.file.file_id),
        }
        if approval
        else None,
    }


def _member(membership: Any, principal: Principal) -> dict[str, Any]:
    person = membership.member
    return {
        "person_id": person.person_id,
        "full_name": person.full_name,
        "position": person.position,
        "organisation_id": person.organisation_id,
        "organisation_name": person.organisation_name,
        "contacts": person.contacts,
        "status": membership.status.value,
        "status_ru": MEMBERSHIP_STATUS_RU[membership.status],
        "since": membership.since,
        "note": membership.note,
        "term": term_view(membership.consent_due, CONSENT_TERM)
        if membership.status == MembershipStatus.PROPOSED
        else None,
        "may_consent": membership.status == MembershipStatus.PROPOSED
        and bool(organisation_head(principal, person.organisation_id).roles),
    }


def _election(state: ElectionState) -> dict[str, Any]:
    names = {c.person.person_id: c.person.full_name for c in state.candidates}
    rounds = []
    for no, tally in enumerate(state.tallies, start=1):
        rounds.append(
            {
                "round": no,
                "members": tally.members,
                "took_part": tally.took_part,
                "abstained": tally.abstained,
                "quorum_needed": tally.quorum_needed,
                "needed": tally.needed,
                "votes": [{"person_id": c, "full_name": names.get(c, c), "votes": n} for c, n in tally.votes],
                "outcome": tally.outcome.value,
                "outcome_ru": OUTCOME_RU[tally.outcome],
                "next_candidates": [names.get(c, c) for c in tally.next_candidates],
            }
        )
    voted = {v.voter_id for v in state.votes if v.round == state.round}
    return {
        "election_no": state.election_no,
        "status": state.status.value,
        "status_ru": ELECTION_STATUS_RU[state.status],
        "held_on": state.held_on,
        "round": state.round,
        "electorate": [{"person_id": p.person_id, "full_name": p.full_name} for p in state.electorate],
        "not_voted": [
            {"person_id": p.person_id, "full_name": p.full_name} for p in state.electorate if p.person_id not in voted
        ]
        if state.status != ElectionStatus.ELECTED
        else [],
        "candidates": [
            {
                "person_id": c.person.person_id,
                "full_name": c.person.full_name,
                "position": c.person.position,
                "organisation_name": c.person.organisation_name,
                "position_since": c.position_since,
                "tenure_ru": months_ru(_tenure(c, state)),
                "standing": c.person.person_id in state.standing,
            }
            for c in state.candidates
        ],
        "votes": [
            {
                "round": v.round,
                "voter_name": v.voter_name,
                "candidate_name": v.candidate_name or "воздержался(-ась)",
            }
            for v in state.votes
        ],
        "rounds": rounds,
        "leader": names.get(state.leader) if state.leader else None,
    }


def _tenure(candidate: Any, state: ElectionState) -> int:
    return full_months(candidate.position_since, state.held_on) if state.held_on else 0


def _materials(state: MaterialsState) -> list[dict[str, Any]]:
    texts = {r.key: r.text for r in MATERIAL_CHECKLIST}
    return [
        {
            "no": m.no,
            "title": m.title,
            "topic": m.topic,
            "authors": list(m.authors),
            "files": [{"file_id": f.file_id, "filename": f.filename} for f in m.files],
            "status": m.status.value,
            "status_ru": MATERIAL_STATUS_RU[m.status],
            "checks": [{"key": key, "text": texts[key], "met": met} for key, met in m.checks],
            "comment": m.comment,
            "term": term_view(m.check_due, MATERIAL_CHECK_TERM) if m.status == MaterialStatus.SUBMITTED else None,
        }
        for m in state.materials
    ]


async def section_view(conn: AsyncConnection, principal: Principal, site_id: str, year: int) -> dict[str, Any]:
    site = await section_site(conn, principal, site_id)
    names = (
        await conn.execute(
            select(directions.c.title, institutions.c.name)
            .select_from(directions)
            .join(institutions, institutions.c.id == site.institution_id)
            .where(directions.c.id == site.direction_id)
        )
    ).one()
    row = (
        await conn.execute(select(section_compositions.c.state).where(section_compositions.c.site_id == site_id))
    ).one_or_none()
    composition = Composition.model_validate(row.state) if row else Composition(site_id=site_id)
    elections = [
        ElectionState.model_validate(r.state)
        for r in await conn.execute(
            select(section_elections.c.state)
            .where(section_elections.c.site_id == site_id)
            .order_by(section_elections.c.election_no)
        )
    ]
    row = (
        await conn.execute(
            select(section_materials.c.state).where(
                section_materials.c.site_id == site_id, section_materials.c.year == year
            )
        )
    ).one_or_none()
    material_state = MaterialsState.model_validate(row.state) if row else MaterialsState(site_id=site_id, year=year)
    row = (
        await conn.execute(
            select(section_plans.c.state).where(section_plans.c.site_id == site_id, section_plans.c.year == year)
        )
    ).one_or_none()
    plan_state = PlanState.model_validate(row.state) if row else PlanState(site_id=site_id, year=year)
    roles = principal.roles_on(site)
    leader = next((e for e in reversed(elections) if e.status == ElectionStatus.ELECTED), None)
    leader_person = (
        next((c.person for c in leader.candidates if c.person.person_id == leader.leader), None) if leader else None
    )
    return {
        "site_id": site.id,
        "name": names.title,
        "base_organisation": names.name,
        "year": year,
        "timezone": TIMEZONE,
        "roles": sorted(ROLE_TITLES.get(r, r.value) for r in roles),
        "leader": _election(leader)["leader"] if leader else None,
        "members": [_member(m, principal) for m in composition.memberships],
        "members_in_force": len(composition.members()),
        "elections": [_election(e) for e in elections],
        "election_rules": {
            "min_tenure_ru": months_ru(ELECTION_RULES.min_tenure_months),
            "quorum": "не менее половины членов секции"
            if (ELECTION_RULES.quorum_numerator, ELECTION_RULES.quorum_denominator) == (1, 2)
            else f"не менее {ELECTION_RULES.quorum_numerator}/{ELECTION_RULES.quorum_denominator} членов секции",
            "majority_ru": "больше половины голосов участвующих в голосовании",
            "clause": ELECTION_RULES.clause,
        },
        "plan": {
            "columns": list(PLAN_FORM_COLUMNS),
            "row": list(plan_row(1, names.title, leader_person, composition.members(), plan_state.meetings).columns())
            if leader_person
            else None,
            "meetings": [
                {"on": m.on, "format": m.format.value, "format_ru": MEETING_FORMAT_RU[m.format], "topic": m.topic}
                for m in plan_state.meetings
            ],
            "halves_without_meeting": list(plan_state.halves_without_meeting()),
            "approval": plan_approval(plan_state, await approved_plan_file(conn, site_id, year)),
        },
        "materials": _materials(material_state),
        "checklist": [{"key": r.key, "text": r.text} for r in MATERIAL_CHECKLIST],
        "may": {
            "propose": Role.SITE_RESPONSIBLE in roles,
            "organise": bool(roles & {Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE}),
            "submit_material": Role.SITE_RESPONSIBLE in roles,
            "plan": Role.SITE_RESPONSIBLE in roles,
            "approve_plan": Role.SITE_DIRECTOR in roles,
            "check_material": Role.SITE_DIRECTOR in roles,
            "forward": Role.SITE_DIRECTOR in roles
            and any(m.status == MaterialStatus.CHECKED for m in material_state.materials),
        },
    }


async def history(conn: AsyncConnection, principal: Principal, site_id: str) -> list[dict[str, Any]]:
    """Every event of the section's own streams, oldest first, as a sentence."""
    await section_site(conn, principal, site_id)
    rows = await conn.execute(
        select(events.c.event_type, events.c.data, events.c.schema_version, events.c.recorded_at)
        .where(events.c.stream_id.like(f"section:{site_id}:%"))
        .order_by(events.c.global_position)
    )
    return [
        {
            "at": row.recorded_at,
            "event_type": row.event_type,
            "text": sentence(event_from_stored(row.event_type, row.data, row.schema_version)),
        }
        for row in rows
    ]
