"""The election of a section's leader (избрание руководителя методической секции, 000:40): candidates with at least
a year in their current position (стаж занимаемой должности не менее одного года), an open vote (открытое
голосование) recorded voter by voter, a simple majority (простое большинство), the quorum and what happens without a
majority as the regulation's data (``ElectionRules``). The result is an event: ``LeaderElected``. Stream
``section:{site_id}:election:{election_no}``."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.people import Role
from domain.periods import last_day_of_month
from domain.regulations.section_rules import ElectionRules, MajorityBase
from domain.section.model import Person


def election_stream(site_id: str, election_no: int) -> str:
    return f"section:{site_id}:election:{election_no}"


class Candidate(BaseModel):
    """A candidate and the day they took their current position (назначен на занимаемую должность)."""

    model_config = ConfigDict(frozen=True)

    person: Person
    position_since: date


def full_months(since: date, on: date) -> int:
    """Full months from ``since`` to ``on``: 14.03.2025 → 14.03.2026 is 12, → 13.03.2026 is 11; a month that ends
    before the day of ``since`` ends on its last day (31.01 → 28.02 is one month)."""
    months = (on.year - since.year) * 12 + on.month - since.month
    if on.day < min(since.day, last_day_of_month(on.year, on.month).day):
        months -= 1
    return months


def months_ru(count: int) -> str:
    """«1 месяц», «2 месяца», «11 месяцев»."""
    if count % 10 == 1 and count % 100 != 11:
        return f"{count} месяц"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} месяца"
    return f"{count} месяцев"


def check_eligible(candidate: Candidate, on: date, rules: ElectionRules) -> int:
    """The candidate's full months in the position on the day of the election; refused when under the minimum."""
    months = full_months(candidate.position_since, on)
    if months < rules.min_tenure_months:
        raise DomainError(
            "tenure_too_short",
            f"Стаж {candidate.person.full_name} в занимаемой должности на день выборов — {months_ru(max(months, 0))}; "
            f"руководителем секции может быть избран работник со стажем не менее {months_ru(rules.min_tenure_months)} "
            f"({rules.clause}).",
            "position_since",
        )
    return months


# --- the count ------------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    """How a round of the vote ends."""

    ELECTED = "elected"  # a candidate has the majority: the leader is elected
    NO_QUORUM = "no_quorum"  # too few members took part: the round does not count, the same candidates stand again
    NO_MAJORITY = "no_majority"  # nobody has the majority (a tie included): a new round among the leading candidates


OUTCOME_RU: dict[Outcome, str] = {
    Outcome.ELECTED: "избран руководитель секции",
    Outcome.NO_QUORUM: "нет кворума — голосование не состоялось",
    Outcome.NO_MAJORITY: "никто не набрал большинства — повторное голосование",
}


class Tally(BaseModel):
    """The count of one round: who took part, each candidate's votes, what a majority needed, and the outcome."""

    model_config = ConfigDict(frozen=True)

    members: int
    took_part: int  # voted for a candidate or abstained
    abstained: int
    votes: tuple[tuple[str, int], ...]  # (person_id of the candidate, votes), in the order of nomination
    quorum_needed: int
    needed: int  # votes a candidate needs
    outcome: Outcome
    winner: str | None = None
    next_candidates: tuple[str, ...] = ()  # who stands in the next round (empty when elected)


def tally(
    rules: ElectionRules, members: int, candidates: tuple[str, ...], ballots: tuple[tuple[str, str | None], ...]
) -> Tally:
    """Count a round: ``ballots`` are (voter, candidate or None for an abstention)."""
    took_part = len(ballots)
    abstained = sum(1 for _, choice in ballots if choice is None)
    votes = tuple((c, sum(1 for _, choice in ballots if choice == c)) for c in candidates)
    quorum_needed = -(-members * rules.quorum_numerator // rules.quorum_denominator)  # ceiling
    base = took_part if rules.majority_of == MajorityBase.VOTES_CAST else members
    needed = base // 2 + 1
    common = {"members": members, "took_part": took_part, "abstained": abstained, "votes": votes}
    if took_part < quorum_needed:
        return Tally(
            **common, quorum_needed=quorum_needed, needed=needed, outcome=Outcome.NO_QUORUM, next_candidates=candidates
        )
    winners = [c for c, n in votes if n >= needed]
    if winners:
        return Tally(**common, quorum_needed=quorum_needed, needed=needed, outcome=Outcome.ELECTED, winner=winners[0])
    # The runoff: those tied for first place, or the first and those tied for second.
    counts = sorted({n for _, n in votes if n > 0}, reverse=True)
    first = tuple(c for c, n in votes if counts and n == counts[0])
    second = tuple(c for c, n in votes if len(counts) > 1 and n == counts[1])
    leading = (first if len(first) > 1 else first + second) or candidates
    return Tally(
        **common, quorum_needed=quorum_needed, needed=needed, outcome=Outcome.NO_MAJORITY, next_candidates=leading
    )


# --- events ---------------------------------------------------------------------------------------------------


@register_event
class ElectionOpened(DomainEvent):
    """The election of the section's leader opens at a meeting: the members who may vote, the rules."""

    event_type = "ElectionOpened"

    site_id: str
    election_no: int
    held_on: date
    electorate: tuple[Person, ...]
    rules: ElectionRules
    opened_by: ActorRef


@register_event
class CandidateNominated(DomainEvent):
    """A candidate stands, with their months in the current position on the day of the election."""

    event_type = "CandidateNominated"

    round: int
    candidate: Candidate
    tenure_months: int
    nominated_by: ActorRef


@register_event
class VoteCast(DomainEvent):
    """One member's open vote: for a candidate, or an abstention (``candidate_id`` None)."""

    event_type = "VoteCast"

    round: int
    voter_id: str
    voter_name: str
    candidate_id: str | None
    candidate_name: str  # "" for an abstention
    recorded_by: ActorRef


@register_event
class ElectionRoundClosed(DomainEvent):
    """The count of a round; without a result, the next round and its candidates."""

    event_type = "ElectionRoundClosed"

    round: int
    tally: Tally
    closed_by: ActorRef


@register_event
class LeaderElected(DomainEvent):
    """The result: the section's leader is elected (руководитель методической секции избран)."""

    event_type = "LeaderElected"

    site_id: str
    election_no: int
    leader: Candidate
    round: int
    votes: int
    took_part: int
    members: int
    held_on: date


# --- commands -------------------------------------------------------------------------------------------------


class OpenElection(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["open_election"] = "open_election"
    actor: Actor
    held_on: date
    electorate: tuple[Person, ...]  # the members in force (consented), from the composition
    rules: ElectionRules


class Nominate(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["nominate"] = "nominate"
    actor: Actor
    candidate: Candidate


class CastVote(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["cast_vote"] = "cast_vote"
    actor: Actor
    voter_id: str
    candidate_id: str | None  # None: abstained (воздержался)


class CloseRound(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["close_round"] = "close_round"
    actor: Actor


ElectionCommand = OpenElection | Nominate | CastVote | CloseRound

# The election is organised and its open vote recorded by the head of the base organisation or the outgoing leader.
ORGANISERS = (Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE)

# --- state ----------------------------------------------------------------------------------------------------


class ElectionStatus(StrEnum):
    NOT_OPENED = "not_opened"
    NOMINATING = "nominating"  # candidates may stand until the round's first vote
    VOTING = "voting"
    ELECTED = "elected"


ELECTION_STATUS_RU: dict[ElectionStatus, str] = {
    ElectionStatus.NOT_OPENED: "не открыты",
    ElectionStatus.NOMINATING: "выдвижение кандидатов",
    ElectionStatus.VOTING: "идет голосование",
    ElectionStatus.ELECTED: "руководитель избран",
}


class RecordedVote(BaseModel):
    """A line of the open vote's record (протокол открытого голосования): who voted for whom in which round."""

    model_config = ConfigDict(frozen=True)

    round: int
    voter_id: str
    voter_name: str
    candidate_id: str | None
    candidate_name: str


class ElectionState(BaseModel):
    model_config = ConfigDict(frozen=True)

    site_id: str
    election_no: int
    status: ElectionStatus = ElectionStatus.NOT_OPENED
    held_on: date | None = None
    rules: ElectionRules | None = None
    electorate: tuple[Person, ...] = ()
    round: int = 0
    candidates: tuple[Candidate, ...] = ()  # everyone nominated, in order
    standing: tuple[str, ...] = ()  # person ids standing in the current round
    ballots: tuple[tuple[str, str | None], ...] = ()  # the current round's (voter, candidate)
    tallies: tuple[Tally, ...] = ()
    votes: tuple[RecordedVote, ...] = ()  # every vote of every round, in the order recorded
    leader: str | None = None

    def candidate(self, person_id: str) -> Candidate | None:
        return next((c for c in self.candidates if c.person.person_id == person_id), None)

    def voter(self, person_id: str) -> Person | None:
        return next((p for p in self.electorate if p.person_id == person_id), None)


def decide(state: ElectionState, command: ElectionCommand, now: datetime) -> list[DomainEvent]:
    match command:
        case OpenElection(actor=actor, held_on=held_on, electorate=electorate, rules=rules):
            role = actor.role_among(ORGANISERS, "проводить выборы руководителя секции")
            if state.status != ElectionStatus.NOT_OPENED:
                raise DomainError("already_open", "Эти выборы уже открыты.")
            if not electorate:
                raise DomainError(
                    "no_members", "В составе секции нет согласованных членов — голосовать некому (000:38)."
                )
            return [
                ElectionOpened(
                    occurred_at=now, site_id=state.site_id, election_no=state.election_no, held_on=held_on,
                    electorate=electorate, rules=rules, opened_by=actor.ref(role),
                )
            ]  # fmt: skip
        case Nominate(actor=actor, candidate=candidate):
            role = actor.role_among(ORGANISERS, "выдвигать кандидатов")
            _open(state)
            if state.status != ElectionStatus.NOMINATING:
                raise DomainError("voting_started", "Голосование в этом туре уже идет: выдвижение закрыто.")
            if state.round > 1:
                raise DomainError(
                    "repeat_round", "Повторное голосование — между кандидатами прошлого тура: выдвижение закрыто."
                )
            if candidate.person.person_id in state.standing:
                raise DomainError("already_candidate", f"{candidate.person.full_name} уже выдвинут(а).")
            assert state.rules is not None and state.held_on is not None
            months = check_eligible(candidate, state.held_on, state.rules)
            return [
                CandidateNominated(
                    occurred_at=now, round=state.round, candidate=candidate, tenure_months=months,
                    nominated_by=actor.ref(role),
                )
            ]  # fmt: skip
        case CastVote(actor=actor, voter_id=voter_id, candidate_id=candidate_id):
            role = actor.role_among(ORGANISERS, "вносить голоса в протокол голосования")
            _open(state)
            voter = state.voter(voter_id)
            if voter is None:
                raise DomainError("not_a_voter", "Голосуют только члены секции.", "voter_id")
            if not state.standing:
                raise DomainError("no_candidates", "Сначала выдвиньте кандидатов.")
            if any(v == voter_id for v, _ in state.ballots):
                raise DomainError("already_voted", f"{voter.full_name} уже проголосовал(а) в этом туре.", "voter_id")
            if candidate_id is not None and candidate_id not in state.standing:
                raise DomainError("not_a_candidate", "Такого кандидата в этом туре нет.", "candidate_id")
            chosen = state.candidate(candidate_id) if candidate_id is not None else None
            return [
                VoteCast(
                    occurred_at=now, round=state.round, voter_id=voter_id, voter_name=voter.full_name,
                    candidate_id=candidate_id, candidate_name=chosen.person.full_name if chosen else "",
                    recorded_by=actor.ref(role),
                )
            ]  # fmt: skip
        case CloseRound(actor=actor):
            role = actor.role_among(ORGANISERS, "подводить итоги голосования")
            _open(state)
            if not state.ballots:
                raise DomainError("no_votes", "В этом туре еще никто не голосовал.")
            assert state.rules is not None and state.held_on is not None
            result = tally(state.rules, len(state.electorate), state.standing, state.ballots)
            events: list[DomainEvent] = [
                ElectionRoundClosed(occurred_at=now, round=state.round, tally=result, closed_by=actor.ref(role))
            ]
            if result.winner is not None:
                leader = state.candidate(result.winner)
                assert leader is not None
                events.append(
                    LeaderElected(
                        occurred_at=now, site_id=state.site_id, election_no=state.election_no, leader=leader,
                        round=state.round, votes=dict(result.votes)[result.winner], took_part=result.took_part,
                        members=result.members, held_on=state.held_on,
                    )
                )  # fmt: skip
            return events
    raise AssertionError(command)


def _open(state: ElectionState) -> None:
    if state.status == ElectionStatus.NOT_OPENED:
        raise DomainError("not_open", "Выборы еще не открыты.")
    if state.status == ElectionStatus.ELECTED:
        raise DomainError("already_elected", "Руководитель секции уже избран: выборы завершены.")


def evolve(state: ElectionState, event: DomainEvent) -> ElectionState:
    match event:
        case ElectionOpened(held_on=held_on, electorate=electorate, rules=rules):
            return state.model_copy(
                update={
                    "status": ElectionStatus.NOMINATING, "held_on": held_on, "electorate": electorate,
                    "rules": rules, "round": 1,
                }
            )  # fmt: skip
        case CandidateNominated(candidate=candidate):
            known = state.candidate(candidate.person.person_id) is not None
            return state.model_copy(
                update={
                    "candidates": state.candidates if known else (*state.candidates, candidate),
                    "standing": (*state.standing, candidate.person.person_id),
                }
            )
        case VoteCast(round=round_no, voter_id=voter_id, voter_name=voter_name, candidate_id=candidate_id):
            recorded = RecordedVote(
                round=round_no, voter_id=voter_id, voter_name=voter_name, candidate_id=candidate_id,
                candidate_name=event.candidate_name,
            )  # fmt: skip
            return state.model_copy(
                update={
                    "status": ElectionStatus.VOTING,
                    "ballots": (*state.ballots, (voter_id, candidate_id)),
                    "votes": (*state.votes, recorded),
                }
            )
        case ElectionRoundClosed(tally=result):
            if result.outcome == Outcome.ELECTED:
                return state.model_copy(update={"tallies": (*state.tallies, result)})
            return state.model_copy(
                update={
                    "status": ElectionStatus.NOMINATING, "round": state.round + 1, "ballots": (),
                    "standing": result.next_candidates, "tallies": (*state.tallies, result),
                }
            )  # fmt: skip
        case LeaderElected(leader=leader):
            return state.model_copy(update={"status": ElectionStatus.ELECTED, "leader": leader.person.person_id})
    return state


def election_of(site_id: str, election_no: int, events: list[DomainEvent]) -> ElectionState:
    return fold(evolve, ElectionState(site_id=site_id, election_no=election_no), events)
