"""A section's methodological materials of a year (методические материалы, 000:74–76): the leader submits them
during the year; the head of the base organisation checks each against the three requirements (current methods and
approaches, the author's own interpretation, references to the sources used) and returns one that misses any, with
what it misses; the materials that meet all three are forwarded to the ОМЦ, which gathers the year's forwarded
materials of every district into the annual electronic collection (сборник методических материалов в электронном
виде, 000:64). Stream ``section:{site_id}:materials:{year}``."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.calendar import ProductionCalendar
from domain.common import Actor, ActorRef, DomainError, DomainEvent, fold, register_event
from domain.deadlines import Deadline
from domain.files import FileRef
from domain.people import Role
from domain.regulations.section_rules import MaterialRequirement, TaskTerm
from domain.section.terms import OpenTerm, SectionTermPassed, term_from


def materials_stream(site_id: str, year: int) -> str:
    return f"section:{site_id}:materials:{year}"


class MaterialStatus(StrEnum):
    SUBMITTED = "submitted"  # ждет проверки руководителем базовой организации
    RETURNED = "returned"  # не отвечает требованиям: возвращен на доработку
    CHECKED = "checked"  # отвечает трем требованиям, ждет передачи в ОМЦ
    FORWARDED = "forwarded"  # передан в ОМЦ


MATERIAL_STATUS_RU: dict[MaterialStatus, str] = {
    MaterialStatus.SUBMITTED: "ждет проверки",
    MaterialStatus.RETURNED: "возвращен на доработку",
    MaterialStatus.CHECKED: "отвечает требованиям",
    MaterialStatus.FORWARDED: "передан в ОМЦ",
}

# --- events ---------------------------------------------------------------------------------------------------


@register_event
class MaterialSubmitted(DomainEvent):
    """The leader submitted a methodological material on a topic of the section's meetings."""

    event_type = "MaterialSubmitted"

    site_id: str
    year: int
    material_no: int
    title: str
    topic: str  # the topic of the plan's meetings it reflects
    authors: tuple[str, ...]
    files: tuple[FileRef, ...]
    submitted_by: ActorRef
    check_due: Deadline | None = None  # the base organisation's term to check it (D17); None before it


@register_event
class MaterialRevised(DomainEvent):
    """A returned material came back with new files."""

    event_type = "MaterialRevised"

    material_no: int
    files: tuple[FileRef, ...]
    note: str
    revised_by: ActorRef
    check_due: Deadline | None = None  # the new term of the check (D17)


@register_event
class MaterialChecked(DomainEvent):
    """The base organisation's head checked a material: each requirement met or not; a miss returns it."""

    event_type = "MaterialChecked"

    material_no: int
    checks: tuple[tuple[str, bool], ...]  # (requirement key, met), in the regulation's order
    comment: str
    checked_by: ActorRef

    @property
    def unmet(self) -> tuple[str, ...]:
        return tuple(key for key, met in self.checks if not met)


@register_event
class MaterialsForwarded(DomainEvent):
    """The base organisation's head forwarded the materials that meet the requirements to the ОМЦ."""

    event_type = "MaterialsForwarded"

    site_id: str
    year: int
    material_nos: tuple[int, ...]
    forwarded_by: ActorRef


# --- commands -------------------------------------------------------------------------------------------------


class SubmitMaterial(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["submit_material"] = "submit_material"
    actor: Actor
    title: str
    topic: str
    authors: tuple[str, ...]
    files: tuple[FileRef, ...]


class ReviseMaterial(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["revise_material"] = "revise_material"
    actor: Actor
    material_no: int
    files: tuple[FileRef, ...]
    note: str = ""


class CheckMaterial(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["check_material"] = "check_material"
    actor: Actor
    material_no: int
    checks: dict[str, bool]  # requirement key -> met
    comment: str = ""


class ForwardMaterials(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["forward_materials"] = "forward_materials"
    actor: Actor


MaterialsCommand = SubmitMaterial | ReviseMaterial | CheckMaterial | ForwardMaterials

LEADER = (Role.SITE_RESPONSIBLE,)
BASE_HEAD = (Role.SITE_DIRECTOR,)

# --- state ----------------------------------------------------------------------------------------------------


class Material(BaseModel):
    model_config = ConfigDict(frozen=True)

    no: int
    title: str
    topic: str
    authors: tuple[str, ...]
    files: tuple[FileRef, ...]
    status: MaterialStatus = MaterialStatus.SUBMITTED
    checks: tuple[tuple[str, bool], ...] = ()  # the latest check
    comment: str = ""
    check_due: Deadline | None = None  # while it awaits the check (D17)


class MaterialsState(BaseModel):
    model_config = ConfigDict(frozen=True)

    site_id: str
    year: int
    materials: tuple[Material, ...] = ()
    raised: tuple[str, ...] = ()  # the escalations of passed terms (domain.section.terms), by id

    def material(self, no: int) -> Material | None:
        return next((m for m in self.materials if m.no == no), None)

    def open_terms(self) -> tuple[OpenTerm, ...]:
        """The checks awaited that have a term (D17)."""
        return tuple(
            OpenTerm(task=check_task(m.no), title=check_title(m), due=m.check_due, awaited=BASE_HEAD)
            for m in self.materials
            if m.status == MaterialStatus.SUBMITTED and m.check_due is not None
        )


def check_task(no: int) -> str:
    """The kind of the task of the base organisation's check of material ``no``."""
    return f"check_material:{no}"


def check_title(material: Material) -> str:
    return f"Проверить методический материал № {material.no} «{material.title}» по трем требованиям"


def unmet_ru(unmet: tuple[str, ...], requirements: tuple[MaterialRequirement, ...]) -> str:
    """The requirements missed, as a person reads them."""
    return "; ".join(r.text for r in requirements if r.key in unmet)


def decide(
    state: MaterialsState,
    command: MaterialsCommand,
    requirements: tuple[MaterialRequirement, ...],
    now: datetime,
    term: tuple[date, TaskTerm, ProductionCalendar, str] | None = None,
) -> list[DomainEvent]:
    """The events of ``command``, or a ``DomainError``; ``term`` — the region's date at ``now``, the check's term
    (D17), the production calendar and the region's zone that date a submission's check (none: no term)."""
    due = term_from(*term) if term is not None else None
    match command:
        case SubmitMaterial(actor=actor, title=title, topic=topic, authors=authors, files=files):
            role = actor.role_among(LEADER, "представлять методические материалы секции")
            if not title.strip():
                raise DomainError("title_required", "Укажите название материала.", "title")
            if not topic.strip():
                raise DomainError("topic_required", "Укажите тему заседания, которую отражает материал.", "topic")
            if not any(a.strip() for a in authors):
                raise DomainError("authors_required", "Укажите авторов материала.", "authors")
            if not files:
                raise DomainError("files_required", "Приложите файл материала.", "files")
            return [
                MaterialSubmitted(
                    occurred_at=now, site_id=state.site_id, year=state.year, material_no=len(state.materials) + 1,
                    title=title.strip(), topic=topic.strip(), authors=tuple(a.strip() for a in authors if a.strip()),
                    files=files, submitted_by=actor.ref(role), check_due=due,
                )
            ]  # fmt: skip
        case ReviseMaterial(actor=actor, material_no=no, files=files, note=note):
            role = actor.role_among(LEADER, "дорабатывать методические материалы секции")
            material = _material(state, no)
            if material.status != MaterialStatus.RETURNED:
                raise DomainError("not_returned", "Дорабатывается только возвращенный материал.")
            if not files:
                raise DomainError("files_required", "Приложите доработанный файл.", "files")
            return [
                MaterialRevised(
                    occurred_at=now, material_no=no, files=files, note=note, revised_by=actor.ref(role), check_due=due
                )
            ]
        case CheckMaterial(actor=actor, material_no=no, checks=checks, comment=comment):
            role = actor.role_among(BASE_HEAD, "проверять методические материалы")
            material = _material(state, no)
            if material.status != MaterialStatus.SUBMITTED:
                raise DomainError("not_awaiting_check", "Этот материал не ждет проверки.")
            missing = [r for r in requirements if r.key not in checks]
            if missing:
                raise DomainError(
                    "check_incomplete", f"Отметьте каждое требование: «{missing[0].text}».", missing[0].key
                )
            answered = tuple((r.key, bool(checks[r.key])) for r in requirements)
            if not all(met for _, met in answered) and not comment.strip():
                raise DomainError("comment_required", "Материал возвращается: напишите, что доработать.", "comment")
            return [
                MaterialChecked(
                    occurred_at=now, material_no=no, checks=answered, comment=comment.strip(),
                    checked_by=actor.ref(role),
                )
            ]  # fmt: skip
        case ForwardMaterials(actor=actor):
            role = actor.role_among(BASE_HEAD, "передавать методические материалы в ОМЦ")
            ready = tuple(m.no for m in state.materials if m.status == MaterialStatus.CHECKED)
            if not ready:
                raise DomainError(
                    "nothing_to_forward", "Нет материалов, проверенных по трем требованиям и не переданных в ОМЦ."
                )
            return [
                MaterialsForwarded(
                    occurred_at=now, site_id=state.site_id, year=state.year, material_nos=ready,
                    forwarded_by=actor.ref(role),
                )
            ]  # fmt: skip
    raise AssertionError(command)


def _material(state: MaterialsState, no: int) -> Material:
    material = state.material(no)
    if material is None:
        raise DomainError("no_such_material", f"Материала № {no} нет.", "material_no")
    return material


def _update(state: MaterialsState, no: int, **changes: object) -> MaterialsState:
    materials = tuple(m.model_copy(update=changes) if m.no == no else m for m in state.materials)
    return state.model_copy(update={"materials": materials})


def evolve(state: MaterialsState, event: DomainEvent) -> MaterialsState:
    match event:
        case MaterialSubmitted(material_no=no, title=title, topic=topic, authors=authors, files=files):
            added = Material(no=no, title=title, topic=topic, authors=authors, files=files, check_due=event.check_due)
            return state.model_copy(update={"materials": (*state.materials, added)})
        case MaterialRevised(material_no=no, files=files):
            return _update(state, no, files=files, status=MaterialStatus.SUBMITTED, check_due=event.check_due)
        case MaterialChecked(material_no=no, checks=checks, comment=comment):
            met = all(ok for _, ok in checks)
            status = MaterialStatus.CHECKED if met else MaterialStatus.RETURNED
            return _update(state, no, checks=checks, comment=comment, status=status, check_due=None)
        case MaterialsForwarded(material_nos=nos):
            for no in nos:
                state = _update(state, no, status=MaterialStatus.FORWARDED)
            return state
        case SectionTermPassed(escalation_id=esc_id):
            return state.model_copy(update={"raised": (*state.raised, esc_id)})
    return state


def materials_of(site_id: str, year: int, events: list[DomainEvent]) -> MaterialsState:
    return fold(evolve, MaterialsState(site_id=site_id, year=year), events)


# --- the annual collection of the ОМЦ -------------------------------------------------------------------------


class CollectionEntry(BaseModel):
    """A forwarded material as the collection lists it."""

    model_config = ConfigDict(frozen=True)

    no: int = 0  # its number in the collection
    district: str
    section: str
    title: str
    topic: str
    authors: tuple[str, ...]
    files: tuple[FileRef, ...]


class Collection(BaseModel):
    """The annual electronic collection (сборник методических материалов в электронном виде, 000:64): the forwarded
    materials of every district, by district, section and title, numbered; the sections that forwarded none."""

    model_config = ConfigDict(frozen=True)

    year: int
    entries: tuple[CollectionEntry, ...]
    sections_without_materials: tuple[str, ...]


def compile_collection(year: int, entries: list[CollectionEntry], sections: list[tuple[str, str]]) -> Collection:
    """The year's collection from the forwarded materials; ``sections`` are (district, section) of every section in
    force, so the collection names those that forwarded nothing."""
    ordered = sorted(entries, key=lambda e: (e.district, e.section, e.title))
    numbered = tuple(e.model_copy(update={"no": i}) for i, e in enumerate(ordered, start=1))
    with_materials = {(e.district, e.section) for e in entries}
    missing = tuple(f"{s} ({d})" for d, s in sorted(sections) if (d, s) not in with_materials)
    return Collection(year=year, entries=numbered, sections_without_materials=missing)
