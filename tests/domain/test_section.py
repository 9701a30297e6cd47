"""The Sverdlovsk methodological section's own state machines (``domain/section/``) against the domain brief's
fixtures (§6.1): membership with the organisation head's consent, the leader's election, the plan and the tiered
quarterly report, the materials' checklist and the collection."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from api.calendar.service import production_calendar
from domain.common import Actor, DomainError, DomainEvent
from domain.deadlines import deadline_on, instances
from domain.escalation import EscalationLevel
from domain.files import FileFormat, FileRef
from domain.people import Role
from domain.periods import Period, PeriodKind
from domain.regulations.section_rules import MajorityBase
from domain.regulations.sverdlovsk import (
    CONSENT_TERM,
    DISTRICT_QUARTERLY_REPORT,
    ELECTION_RULES,
    MATERIAL_CHECK_TERM,
    MATERIAL_CHECKLIST,
    MATERIAL_REQUIREMENTS,
    MEETING_FORMATS,
    PLAN_FORM_COLUMNS,
    REGIONAL_QUARTERLY_DATA,
    REGULATION,
    REPORT_FORM_COLUMNS,
    ROLE_TITLES,
    SECTION_QUARTERLY_REPORT,
    TIMEZONE,
)
from domain.section import election, materials, membership, plan, terms
from domain.section.control import ObligationLine, control
from domain.section.election import Candidate, Outcome, full_months, tally
from domain.section.materials import CollectionEntry, MaterialStatus, compile_collection
from domain.section.model import MEETING_FORMAT_RU, HeldMeeting, MeetingFormat, Person, PlannedMeeting
from domain.section.report import (
    check_plan,
    district_report,
    halves_without_meeting,
    plan_row,
    regional_data,
    section_row,
)

NOW = datetime(2025, 2, 10, 6, tzinfo=UTC)
TODAY = date(2025, 2, 10)
SITE = "sv-urgent"
LEADER = Actor(user_id="u-leader", full_name="Иванова Ольга Петровна", roles=frozenset({Role.SITE_RESPONSIBLE}))
BASE_HEAD = Actor(user_id="u-base", full_name="Смирнов Петр Ильич", roles=frozenset({Role.SITE_DIRECTOR}))
ORG_HEAD = Actor(user_id="u-org", full_name="Кузнецова Анна Львовна", roles=frozenset({Role.INSTITUTION_DIRECTOR}))


def person(n: int, org: int | None = None) -> Person:
    org = n if org is None else org
    return Person(
        person_id=f"p{n}",
        full_name=f"Работник {n}",
        position="заведующий отделением",
        organisation_id=f"org{org}",
        organisation_name=f"ГАУ «КЦСОН № {org}»",
    )


def apply(state, decide, evolve, *args):  # type: ignore[no-untyped-def]
    events = decide(state, *args)
    for event in events:
        state = evolve(state, event)
    return state, events


# --- membership ---------------------------------------------------------------------------------------------


def test_one_representative_per_organisation_with_its_heads_consent() -> None:
    state = membership.Composition(site_id=SITE)
    for n in (1, 2):
        state, _ = apply(
            state, membership.decide, membership.evolve, membership.ProposeMember(actor=LEADER, member=person(n)),
            NOW, TODAY,
        )  # fmt: skip
    with pytest.raises(DomainError) as refused:
        membership.decide(state, membership.ProposeMember(actor=LEADER, member=person(3, org=1)), NOW, TODAY)
    assert refused.value.code == "organisation_represented" and refused.value.field == "organisation_id"
    assert state.members() == ()  # proposed is not yet a member (D14)
    with pytest.raises(DomainError) as not_head:
        membership.decide(
            state, membership.AnswerConsent(actor=LEADER, person_id="p1", consent=True, on=TODAY), NOW, TODAY
        )
    assert not_head.value.code == "not_allowed"
    state, (consented,) = apply(
        state, membership.decide, membership.evolve,
        membership.AnswerConsent(actor=ORG_HEAD, person_id="p1", consent=True, on=date(2025, 2, 7)), NOW, TODAY,
    )  # fmt: skip
    assert isinstance(consented, membership.SectionMemberConsented) and consented.consented_by.user_id == "u-org"
    with pytest.raises(DomainError) as no_reason:
        membership.decide(
            state, membership.AnswerConsent(actor=ORG_HEAD, person_id="p2", consent=False, on=TODAY), NOW, TODAY
        )
    assert no_reason.value.field == "reason"
    state, _ = apply(
        state, membership.decide, membership.evolve,
        membership.AnswerConsent(actor=ORG_HEAD, person_id="p2", consent=False, on=TODAY, reason="нет в штате"),
        NOW, TODAY,
    )  # fmt: skip
    assert [p.person_id for p in state.members()] == ["p1"]
    # the refused organisation may send another worker
    state, _ = apply(
        state, membership.decide, membership.evolve, membership.ProposeMember(actor=LEADER, member=person(4, org=2)),
        NOW, TODAY,
    )  # fmt: skip
    assert [p.person_id for p in state.awaiting_consent()] == ["p4"]


# --- the election -------------------------------------------------------------------------------------------


def test_eligibility_is_a_full_year_in_the_current_position() -> None:
    on = date(2025, 3, 14)
    assert full_months(date(2024, 4, 14), on) == 11
    assert full_months(date(2024, 3, 14), on) == 12
    assert full_months(date(2024, 3, 15), on) == 11
    assert full_months(date(2025, 1, 31), date(2025, 2, 28)) == 1
    with pytest.raises(DomainError) as short:
        election.check_eligible(Candidate(person=person(1), position_since=date(2024, 4, 14)), on, ELECTION_RULES)
    assert short.value.code == "tenure_too_short" and "11 месяцев" in short.value.message
    assert election.check_eligible(Candidate(person=person(2), position_since=date(2024, 3, 14)), on, ELECTION_RULES)


def test_simple_majority_of_the_votes_cast_nine_members_seven_present_four_votes() -> None:
    ballots = tuple((f"v{i}", "A" if i < 4 else "B") for i in range(7))
    result = tally(ELECTION_RULES, 9, ("A", "B"), ballots)
    assert (result.outcome, result.winner, result.needed, result.quorum_needed) == (Outcome.ELECTED, "A", 4, 5)
    assert dict(result.votes) == {"A": 4, "B": 3}
    # the rule not taken (D6): against all members, 4 of 9 is no majority
    of_members = ELECTION_RULES.model_copy(update={"majority_of": MajorityBase.MEMBERS})
    assert tally(of_members, 9, ("A", "B"), ballots).outcome == Outcome.NO_MAJORITY
    assert "4 голоса — избран" in REGULATION.decision("D6").decision


def test_a_tie_goes_to_a_runoff_and_too_few_voters_to_no_quorum() -> None:
    tie = tally(ELECTION_RULES, 9, ("A", "B", "C"), (("1", "A"), ("2", "A"), ("3", "B"), ("4", "B"), ("5", "C")))
    assert tie.outcome == Outcome.NO_MAJORITY and tie.next_candidates == ("A", "B")
    few = tally(ELECTION_RULES, 9, ("A", "B"), (("1", "A"), ("2", "A"), ("3", "A"), ("4", None)))
    assert few.outcome == Outcome.NO_QUORUM and few.next_candidates == ("A", "B")
    # an abstention takes part: 5 of 9 is a quorum, and 2 of 5 votes is no majority
    abstaining = tally(ELECTION_RULES, 9, ("A",), (("1", "A"), ("2", "A"), ("3", None), ("4", None), ("5", None)))
    assert abstaining.outcome == Outcome.NO_MAJORITY and abstaining.took_part == 5


def test_an_election_voter_by_voter_to_its_result() -> None:
    members = tuple(person(n) for n in range(1, 10))
    state = election.ElectionState(site_id=SITE, election_no=1)
    state, _ = apply(
        state, election.decide, election.evolve,
        election.OpenElection(actor=BASE_HEAD, held_on=date(2025, 3, 14), electorate=members, rules=ELECTION_RULES),
        NOW,
    )  # fmt: skip
    a = Candidate(person=person(1), position_since=date(2024, 3, 14))
    b = Candidate(person=person(2), position_since=date(2020, 9, 1))
    for candidate in (a, b):
        state, _ = apply(
            state, election.decide, election.evolve, election.Nominate(actor=BASE_HEAD, candidate=candidate), NOW
        )
    with pytest.raises(DomainError) as young:
        young_candidate = Candidate(person=person(3), position_since=date(2024, 4, 14))
        election.decide(state, election.Nominate(actor=BASE_HEAD, candidate=young_candidate), NOW)
    assert young.value.field == "position_since"
    # round 1: 3–3 and one abstention among 7 present: no majority, a runoff between A and B
    for voter, choice in (
        ("p1", "p1"),
        ("p2", "p2"),
        ("p3", "p1"),
        ("p4", "p2"),
        ("p5", "p1"),
        ("p6", "p2"),
        ("p7", None),
    ):
        state, _ = apply(
            state, election.decide, election.evolve,
            election.CastVote(actor=BASE_HEAD, voter_id=voter, candidate_id=choice), NOW,
        )  # fmt: skip
    with pytest.raises(DomainError) as twice:
        election.decide(state, election.CastVote(actor=BASE_HEAD, voter_id="p1", candidate_id="p2"), NOW)
    assert twice.value.code == "already_voted"
    with pytest.raises(DomainError) as outsider:
        election.decide(state, election.CastVote(actor=BASE_HEAD, voter_id="x", candidate_id="p2"), NOW)
    assert outsider.value.code == "not_a_voter"
    state, (closed,) = apply(state, election.decide, election.evolve, election.CloseRound(actor=BASE_HEAD), NOW)
    assert isinstance(closed, election.ElectionRoundClosed) and closed.tally.outcome == Outcome.NO_MAJORITY
    assert (state.round, state.status, state.standing) == (2, election.ElectionStatus.NOMINATING, ("p1", "p2"))
    # round 2: 4 of 7 for B
    for voter, choice in (
        ("p1", "p1"),
        ("p2", "p2"),
        ("p3", "p1"),
        ("p4", "p2"),
        ("p5", "p1"),
        ("p6", "p2"),
        ("p7", "p2"),
    ):
        state, _ = apply(
            state, election.decide, election.evolve,
            election.CastVote(actor=BASE_HEAD, voter_id=voter, candidate_id=choice), NOW,
        )  # fmt: skip
    state, events = apply(state, election.decide, election.evolve, election.CloseRound(actor=BASE_HEAD), NOW)
    elected = events[-1]
    assert isinstance(elected, election.LeaderElected)
    assert (elected.leader.person.person_id, elected.votes, elected.took_part, elected.members) == ("p2", 4, 7, 9)
    assert state.status == election.ElectionStatus.ELECTED
    with pytest.raises(DomainError):
        election.decide(state, election.CloseRound(actor=BASE_HEAD), NOW)


# --- materials ----------------------------------------------------------------------------------------------

FILE = FileRef(file_id="f1", filename="material.pdf", format=FileFormat.PDF, size=10, sha256="0" * 64)


def test_materials_are_checked_against_the_three_requirements_before_they_are_forwarded() -> None:
    assert tuple(r.text for r in MATERIAL_CHECKLIST) == MATERIAL_REQUIREMENTS
    requirements = MATERIAL_CHECKLIST
    state = materials.MaterialsState(site_id=SITE, year=2025)

    def run(command: materials.MaterialsCommand) -> list[DomainEvent]:
        nonlocal state
        state, events = apply(state, materials.decide, materials.evolve, command, requirements, NOW)
        return events

    run(
        materials.SubmitMaterial(
            actor=LEADER, title="Срочная помощь", topic="Тема 1", authors=("Иванова О. П.",), files=(FILE,)
        )
    )
    with pytest.raises(DomainError) as nothing:
        materials.decide(state, materials.ForwardMaterials(actor=BASE_HEAD), requirements, NOW)
    assert nothing.value.code == "nothing_to_forward"
    with pytest.raises(DomainError) as partial:
        one_check = materials.CheckMaterial(actor=BASE_HEAD, material_no=1, checks={"current_methods": True})
        materials.decide(state, one_check, requirements, NOW)
    assert partial.value.code == "check_incomplete" and partial.value.field == "authorial_interpretation"
    unmet = {"current_methods": True, "authorial_interpretation": True, "cited_sources": False}
    with pytest.raises(DomainError) as silent:
        materials.decide(
            state, materials.CheckMaterial(actor=BASE_HEAD, material_no=1, checks=unmet), requirements, NOW
        )
    assert silent.value.field == "comment"
    (checked,) = run(materials.CheckMaterial(actor=BASE_HEAD, material_no=1, checks=unmet, comment="Нет ссылок"))
    assert isinstance(checked, materials.MaterialChecked) and checked.unmet == ("cited_sources",)
    assert state.materials[0].status == MaterialStatus.RETURNED
    assert materials.unmet_ru(checked.unmet, requirements) == MATERIAL_REQUIREMENTS[2]
    run(materials.ReviseMaterial(actor=LEADER, material_no=1, files=(FILE,), note="ссылки добавлены"))
    run(materials.CheckMaterial(actor=BASE_HEAD, material_no=1, checks=dict.fromkeys(unmet, True)))
    (forwarded,) = run(materials.ForwardMaterials(actor=BASE_HEAD))
    assert isinstance(forwarded, materials.MaterialsForwarded) and forwarded.material_nos == (1,)
    assert state.materials[0].status == MaterialStatus.FORWARDED


def test_the_collection_numbers_the_forwarded_materials_and_names_the_sections_without() -> None:
    def entry(district: str, section: str, title: str) -> CollectionEntry:
        return CollectionEntry(
            district=district, section=section, title=title, topic="т", authors=("А",), files=(FILE,)
        )

    collection = compile_collection(
        2025,
        [entry("Южный", "Секция Б", "Второй"), entry("Западный", "Секция А", "Первый")],
        [("Западный", "Секция А"), ("Южный", "Секция Б"), ("Северный", "Секция В")],
    )
    assert [(e.no, e.title) for e in collection.entries] == [(1, "Первый"), (2, "Второй")]
    assert collection.sections_without_materials == ("Секция В (Северный)",)


# --- the plan, the meetings and the quarterly tiers ----------------------------------------------------------


def test_the_plan_in_seven_columns_with_a_meeting_each_half_year() -> None:
    meetings = (
        PlannedMeeting(on=date(2025, 3, 14), format=MeetingFormat.IN_PERSON, topic="Стандарты срочных услуг"),
        PlannedMeeting(on=date(2025, 10, 9), format=MeetingFormat.ONLINE, topic="Наставничество"),
    )
    check_plan(2025, meetings)
    with pytest.raises(DomainError) as missing_half:
        check_plan(2025, meetings[:1])
    assert missing_half.value.code == "half_year_without_meeting" and "2 полугодие 2025" in missing_half.value.message
    leader = person(1).model_copy(update={"full_name": "Иванова Ольга Петровна", "contacts": "+7 343 000-00-00"})
    row = plan_row(1, "Секция срочного обслуживания", leader, (person(2), person(3)), meetings)
    assert len(row.columns()) == len(PLAN_FORM_COLUMNS) == 7
    assert row.leader == "Иванова Ольга Петровна, заведующий отделением, +7 343 000-00-00"
    assert row.dates == "14.03.2025, 09.10.2025" and "онлайн" in row.formats
    assert tuple(MEETING_FORMAT_RU.values()) == MEETING_FORMATS


def test_a_half_year_without_a_meeting_shows_once_it_ends() -> None:
    kept = (
        HeldMeeting(on=date(2025, 3, 14), format=MeetingFormat.IN_PERSON, topics=("т",)),
        HeldMeeting(on=date(2025, 10, 9), format=MeetingFormat.CORRESPONDENCE, topics=("т",)),
    )
    assert halves_without_meeting(2025, kept, date(2026, 1, 1)) == ()
    spring_only = (
        HeldMeeting(on=date(2025, 2, 1), format=MeetingFormat.ONLINE, topics=("т",)),
        HeldMeeting(on=date(2025, 5, 20), format=MeetingFormat.IN_PERSON, topics=("т",)),
        HeldMeeting(on=date(2025, 9, 1), format=MeetingFormat.IN_PERSON, topics=("т",), cancelled=True),
    )
    assert halves_without_meeting(2025, spring_only, date(2025, 12, 31)) == ()
    assert [h.key for h in halves_without_meeting(2025, spring_only, date(2026, 1, 1))] == ["H2"]


def test_the_three_tiers_of_q1_2025_nest_and_each_is_built_from_the_one_below() -> None:
    calendar = production_calendar(range(2025, 2026))
    tiers = (SECTION_QUARTERLY_REPORT, DISTRICT_QUARTERLY_REPORT, REGIONAL_QUARTERLY_DATA)
    q1 = [deadline_on(instances(t.deadline, 2025)[0].nominal, calendar, REGULATION.timezone).effective for t in tiers]
    assert q1 == [date(2025, 4, 7), date(2025, 4, 14), date(2025, 4, 21)]  # 05.04 and 20.04 are weekends
    quarter = Period(kind=PeriodKind.QUARTER, year=2025, index=1)
    held = (
        HeldMeeting(
            on=date(2025, 3, 14), format=MeetingFormat.IN_PERSON, topics=("Стандарты",), guests=("Минсоцполитики",)
        ),
        HeldMeeting(on=date(2025, 4, 2), format=MeetingFormat.ONLINE, topics=("вне квартала",)),
    )
    row = section_row("Секция А", quarter, held, "изучено 2 вопроса из 5", "Иванова О. П.")
    assert len(row.columns()) == len(REPORT_FORM_COLUMNS) == 5
    assert row.dates == "14.03.2025" and "приглашены: Минсоцполитики" in row.results and "2 вопроса" in row.results
    district = district_report("Западный", quarter, ["Секция А", "Секция Б"], {"Секция А": row})
    assert [r.no for r in district.rows] == [1] and district.missing == ("Секция Б",) and district.meetings == 1
    data = regional_data(quarter, {"Западный": ["Секция А", "Секция Б"], "Южный": ["Секция В"]}, {"Западный": district})
    assert (data.sections, data.reported, data.meetings, data.districts_missing) == (3, 1, 1, ("Южный",))


def test_role_titles_are_the_regimes_own() -> None:
    for title in ROLE_TITLES.values():
        for khmao in ("РЦРСО", "куратор", "Югр", "135-р"):
            assert khmao not in title


def test_the_omc_control_names_what_is_missing_once_its_date_has_passed() -> None:
    def line(site: str, key: str, instance: str, status: str, due: date | None) -> ObligationLine:
        return ObligationLine(
            site_id=site, site_name=site.upper(), key=key, instance=instance, status=status, effective_due=due
        )

    lines = [
        line("a", "annual_plan", "annual", "approved", date(2024, 12, 20)),
        line("b", "annual_plan", "annual", "under_review", date(2024, 12, 20)),
        line("a", "quarterly_report", "Q1", "approved", date(2025, 4, 7)),
        line("b", "quarterly_report", "Q1", "awaiting_submission", date(2025, 4, 7)),
        line("b", "quarterly_report", "Q2", "awaiting_submission", date(2025, 7, 7)),
        line("base", "district_quarterly_report", "Q1", "returned", date(2025, 4, 14)),
        line("a", "section_meetings", "H1", "awaiting_submission", date(2025, 6, 30)),
    ]
    view = control(2025, [("a", "A"), ("b", "B"), ("c", "C")], lines, date(2025, 7, 1))
    assert [(g.site_id, g.what) for g in view.without_plan] == [
        ("b", "годовой план не утвержден"),
        ("c", "цикл года не открыт"),
    ]
    assert [(g.site_id, g.period) for g in view.missing_reports] == [
        ("b", "1 квартал 2025"),
        ("base", "1 квартал 2025"),
    ]
    assert "базовая организация → ОМЦ" in view.missing_reports[1].what
    assert [(g.site_id, g.period) for g in view.halves_without_meeting] == [("a", "1 полугодие 2025")]


def test_the_plan_of_a_year_its_meetings_and_the_half_years_it_leaves_without_one() -> None:
    state = plan.PlanState(site_id=SITE, year=2025)
    march = PlannedMeeting(on=date(2025, 3, 14), format=MeetingFormat.IN_PERSON, topic=" Стандарты срочных услуг ")
    state, (added,) = apply(state, plan.decide, plan.evolve, plan.AddPlanMeeting(actor=LEADER, meeting=march), NOW)
    assert isinstance(added, plan.PlanMeetingAdded) and added.meeting.topic == "Стандарты срочных услуг"
    assert state.halves_without_meeting() == ("2 полугодие 2025",)
    for refused, code in (
        (march, "meeting_planned"),
        (march.model_copy(update={"on": date(2026, 1, 15)}), "meeting_outside_year"),
    ):
        with pytest.raises(DomainError) as error:
            plan.decide(state, plan.AddPlanMeeting(actor=LEADER, meeting=refused), NOW)
        assert error.value.code == code
    with pytest.raises(DomainError) as not_leader:
        plan.decide(state, plan.AddPlanMeeting(actor=BASE_HEAD, meeting=march), NOW)
    assert not_leader.value.code == "not_allowed"
    october = PlannedMeeting(on=date(2025, 10, 9), format=MeetingFormat.ONLINE, topic="Наставничество")
    state, _ = apply(state, plan.decide, plan.evolve, plan.AddPlanMeeting(actor=LEADER, meeting=october), NOW)
    assert state.halves_without_meeting() == () and [m.on.month for m in state.meetings] == [3, 10]
    state, _ = apply(state, plan.decide, plan.evolve, plan.RemovePlanMeeting(actor=LEADER, on="2025-03-14"), NOW)
    assert state.halves_without_meeting() == ("1 полугодие 2025",)


def test_a_consent_has_its_term_and_climbs_its_ladder_once_while_unanswered() -> None:
    """D17: 10 working days after the proposal, on the production calendar (a working day); overdue when that day
    ends in Yekaterinburg, the ОМЦ 5 working days later, each once; an answer stops it."""
    calendar = production_calendar([2025])
    proposed = membership.decide(
        membership.Composition(site_id=SITE),
        membership.ProposeMember(actor=LEADER, member=person(1)),
        NOW,
        TODAY,
        (CONSENT_TERM, calendar, TIMEZONE),
    )
    state = membership.composition_of(SITE, proposed)
    (term,) = state.open_terms()
    assert term.due.effective == calendar.add_working_days(TODAY, 10)
    assert calendar.is_working_day(term.due.effective) and term.task == "consent:p1"
    stream = membership.members_stream(SITE)

    def passed(at: datetime) -> list[DomainEvent]:
        return terms.passed(SITE, stream, state.open_terms(), state.raised, CONSENT_TERM, calendar, TIMEZONE, at)

    assert passed(term.due.ends_at - timedelta(seconds=1)) == []
    (overdue,) = passed(term.due.ends_at)
    assert isinstance(overdue, terms.SectionTermPassed) and overdue.level == EscalationLevel.OVERDUE
    assert overdue.notify == (Role.SITE_RESPONSIBLE, Role.SITE_DIRECTOR) and overdue.awaited == (
        Role.INSTITUTION_DIRECTOR,
    )
    state = membership.evolve(state, overdue)
    assert passed(term.due.ends_at + timedelta(days=1)) == []  # raised once
    (level2,) = passed(term.due.ends_at + timedelta(days=10))
    assert isinstance(level2, terms.SectionTermPassed) and level2.level == EscalationLevel.LEVEL2
    answered = membership.decide(
        state, membership.AnswerConsent(actor=ORG_HEAD, person_id="p1", consent=True, on=TODAY), NOW, TODAY
    )
    state = membership.composition_of(SITE, [*proposed, overdue, *answered])
    assert passed(term.due.ends_at + timedelta(days=30)) == []


def test_a_material_revised_after_a_return_has_a_new_term_to_be_checked() -> None:
    calendar = production_calendar([2025])
    file = FileRef(file_id="f1", filename="m.pdf", format=FileFormat.PDF, size=1, sha256="0" * 64)
    term = (TODAY, MATERIAL_CHECK_TERM, calendar, TIMEZONE)
    submit = materials.SubmitMaterial(actor=LEADER, title="Алгоритм", topic="Тема", authors=("А. А.",), files=(file,))
    events = materials.decide(materials.MaterialsState(site_id=SITE, year=2025), submit, MATERIAL_CHECKLIST, NOW, term)
    state = materials.materials_of(SITE, 2025, events)
    (first,) = state.open_terms()
    assert first.task == "check_material:1" and first.due.effective == calendar.add_working_days(TODAY, 10)
    unmet = dict.fromkeys((r.key for r in MATERIAL_CHECKLIST), False)
    check = materials.CheckMaterial(actor=BASE_HEAD, material_no=1, checks=unmet, comment="Доработать")
    events += materials.decide(state, check, MATERIAL_CHECKLIST, NOW, term)
    state = materials.materials_of(SITE, 2025, events)
    assert state.open_terms() == ()  # returned: nothing to check
    later = (date(2025, 3, 3), MATERIAL_CHECK_TERM, calendar, TIMEZONE)
    revise = materials.ReviseMaterial(actor=LEADER, material_no=1, files=(file,))
    events += materials.decide(state, revise, MATERIAL_CHECKLIST, NOW, later)
    (again,) = materials.materials_of(SITE, 2025, events).open_terms()
    assert again.due.effective == calendar.add_working_days(date(2025, 3, 3), 10)


def test_the_plans_rows_are_approved_only_with_the_approved_file_and_ask_again_when_either_changes() -> None:
    """D18: no file approved in the obligation — refused; approved rows and file; a row added or another file
    approved since — «changed» until approved again."""
    spring = PlannedMeeting(on=date(2025, 3, 14), format=MeetingFormat.IN_PERSON, topic="Стандарты")
    rows = plan.decide(plan.PlanState(site_id=SITE, year=2025), plan.AddPlanMeeting(actor=LEADER, meeting=spring), NOW)
    state = plan.plan_of(SITE, 2025, rows)
    with pytest.raises(DomainError) as refused:
        plan.decide(state, plan.ApprovePlan(actor=BASE_HEAD, file=None), NOW)
    assert refused.value.code == "plan_file_not_approved" and refused.value.field == "plan_file"

    def approved_file(no: int) -> plan.ApprovedPlanFile:
        ref = FileRef(file_id=f"f{no}", filename="plan.docx", format=FileFormat.DOCX, size=1, sha256="0" * 64)
        return plan.ApprovedPlanFile(
            obligation_id="cycle:sv:2025:annual_plan:annual", submission_no=no, file=ref, approved_at=NOW,
            approved_by="Смирнов Петр Ильич",
        )  # fmt: skip

    with pytest.raises(DomainError):
        plan.decide(state, plan.ApprovePlan(actor=LEADER, file=approved_file(1)), NOW)  # the base head approves
    assert state.approval_status(approved_file(1)) == plan.PlanApprovalStatus.DRAFT
    rows += plan.decide(state, plan.ApprovePlan(actor=BASE_HEAD, file=approved_file(1)), NOW)
    state = plan.plan_of(SITE, 2025, rows)
    assert state.approval_status(approved_file(1)) == plan.PlanApprovalStatus.APPROVED
    assert state.approval_status(approved_file(2)) == plan.PlanApprovalStatus.CHANGED  # another file approved since
    assert state.approval_status(None) == plan.PlanApprovalStatus.CHANGED
    with pytest.raises(DomainError):
        plan.decide(state, plan.ApprovePlan(actor=BASE_HEAD, file=approved_file(1)), NOW)  # nothing new to approve
    autumn = PlannedMeeting(on=date(2025, 10, 9), format=MeetingFormat.ONLINE, topic="Наставничество")
    rows += plan.decide(state, plan.AddPlanMeeting(actor=LEADER, meeting=autumn), NOW)
    state = plan.plan_of(SITE, 2025, rows)
    assert state.approval_status(approved_file(1)) == plan.PlanApprovalStatus.CHANGED
    rows += plan.decide(state, plan.ApprovePlan(actor=BASE_HEAD, file=approved_file(1)), NOW)
    assert plan.plan_of(SITE, 2025, rows).approval_status(approved_file(1)) == plan.PlanApprovalStatus.APPROVED
