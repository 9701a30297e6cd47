"""The sentences of a section's history (api/section/history.py), without a database: every event type of the
section's own streams has one, in Russian, naming roles as the Sverdlovsk regime does."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, date, datetime

import domain.section
from api.section.history import SENTENCES, sentence
from domain.common import EVENT_TYPES, ActorRef, DomainEvent
from domain.people import Role
from domain.regulations.sverdlovsk import ELECTION_RULES
from domain.section.election import Candidate, ElectionRoundClosed, LeaderElected, VoteCast, tally
from domain.section.materials import MaterialChecked
from domain.section.membership import SectionMemberConsented
from domain.section.model import Person

AT = datetime(2025, 3, 14, 6, tzinfo=UTC)
BASE = ActorRef(user_id="u1", full_name="Смирнов Петр Ильич", role=Role.SITE_DIRECTOR)
HEAD = ActorRef(user_id="u2", full_name="Кузнецова Анна Львовна", role=Role.INSTITUTION_DIRECTOR, acting=True)
IVANOVA = Person(
    person_id="p1",
    full_name="Иванова Ольга Петровна",
    position="заведующий отделением",
    organisation_id="o1",
    organisation_name="ГАУ «КЦСОН Октябрьского района»",
)


def section_types() -> set[str]:
    types: set[str] = set()
    for module in pkgutil.walk_packages(domain.section.__path__, "domain.section."):
        loaded = importlib.import_module(module.name)
        types |= {
            v.event_type
            for v in vars(loaded).values()
            if isinstance(v, type) and issubclass(v, DomainEvent) and v.__module__ == module.name
        }
    return types


def test_every_event_type_of_a_section_has_a_sentence() -> None:
    assert {cls.event_type for cls in SENTENCES} == section_types()
    assert section_types() <= set(EVENT_TYPES)


def test_the_sentences_read_in_russian_with_the_regimes_role_names() -> None:
    consented = sentence(
        SectionMemberConsented(occurred_at=AT, site_id="s", person_id="p1", on=date(2025, 3, 3), consented_by=HEAD)
    )
    assert consented == (
        "Включение в состав секции согласовано 03.03.2025 — Кузнецова Анна Львовна, руководитель организации "
        "социального обслуживания (И.О.)."
    )
    vote = VoteCast(
        occurred_at=AT, round=1, voter_id="p2", voter_name="Петров П. П.", candidate_id="p1",
        candidate_name=IVANOVA.full_name, recorded_by=BASE,
    )  # fmt: skip
    assert sentence(vote) == "Тур 1: Петров П. П. — за Иванова Ольга Петровна."
    result = tally(ELECTION_RULES, 9, ("p1", "p3"), tuple((f"v{i}", "p1" if i < 4 else "p3") for i in range(7)))
    closed = sentence(ElectionRoundClosed(occurred_at=AT, round=1, tally=result, closed_by=BASE))
    assert closed.startswith("Тур 1: голосовали 7 из 9 членов (кворум — 5), воздержались — 0; для избрания нужно 4")
    assert "руководитель базовой методической организации" in closed and "РЦРСО" not in closed
    elected = LeaderElected(
        occurred_at=AT, site_id="s", election_no=1, leader=Candidate(person=IVANOVA, position_since=date(2020, 1, 9)),
        round=1, votes=4, took_part=7, members=9, held_on=date(2025, 3, 14),
    )  # fmt: skip
    assert sentence(elected) == (
        "Руководителем секции избран(а) Иванова Ольга Петровна (заведующий отделением): 4 голоса из 7 "
        "голосовавших, членов секции — 9."
    )
    returned = MaterialChecked(
        occurred_at=AT, material_no=2, checks=(("current_methods", True), ("authorial_interpretation", True),
        ("cited_sources", False)), comment="Добавьте ссылки", checked_by=BASE,
    )  # fmt: skip
    assert "не выполнено — содержать ссылки на используемые источники информации" in sentence(returned)
