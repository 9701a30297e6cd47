"""A unit (отделение) and its staff (состав отделения), decided here and appended by the API to
``qms-unit:{unit_id}``: no workflow owns them. The HR specialist (специалист по кадрам) records who joins and who
leaves; each of the unit's documents hears of it and asks a newcomer to acknowledge the version in force (D10)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, DomainError, DomainEvent
from domain.people import Role
from domain.qms.events import EmployeeJoined, EmployeeLeft, UnitRegistered
from domain.qms.model import Employee

STAFF_KEEPERS = (Role.HR_SPECIALIST, Role.ADMIN)


class UnitState(BaseModel):
    model_config = ConfigDict(frozen=True)

    unit_id: str = ""
    institution_id: str = ""
    name: str = ""
    staff: tuple[Employee, ...] = ()

    @property
    def registered(self) -> bool:
        return bool(self.unit_id)


def evolve(state: UnitState, event: DomainEvent) -> UnitState:
    match event:
        case UnitRegistered():
            return UnitState(unit_id=event.unit_id, institution_id=event.institution_id, name=event.name)
        case EmployeeJoined():
            return state.model_copy(update={"staff": (*state.staff, event.employee)})
        case EmployeeLeft():
            staff = tuple(e for e in state.staff if e.user_id != event.user_id)
            return state.model_copy(update={"staff": staff})
    return state


def state_of(events: list[DomainEvent]) -> UnitState:
    state = UnitState()
    for event in events:
        state = evolve(state, event)
    return state


def register_unit(
    state: UnitState, unit_id: str, institution_id: str, region_id: str, name: str, actor: Actor, now: datetime
) -> list[DomainEvent]:
    role = actor.role_among((Role.ADMIN,), "регистрировать отделения")
    if state.registered:
        raise DomainError("unit_exists", f"Отделение «{unit_id}» уже зарегистрировано.", "unit_id")
    if not name.strip():
        raise DomainError("name_required", "Укажите наименование отделения.", "name")
    return [
        UnitRegistered(
            occurred_at=now,
            unit_id=unit_id,
            institution_id=institution_id,
            region_id=region_id,
            name=name.strip(),
            by=actor.ref(role),
        )
    ]


def join(state: UnitState, employee: Employee, actor: Actor, now: datetime, today: date) -> list[DomainEvent]:
    role = actor.role_among(STAFF_KEEPERS, "вести состав отделения")
    if not state.registered:
        raise DomainError("unit_not_found", "Отделение не найдено.")
    if any(e.user_id == employee.user_id for e in state.staff):
        raise DomainError("already_in_staff", f"{employee.full_name} уже в составе отделения.", "login")
    if not employee.position.strip():
        raise DomainError("position_required", "Укажите должность работника.", "position")
    if employee.joined_on > today:
        raise DomainError("joined_in_future", "Дата приема не может быть позже сегодняшней.", "joined_on")
    return [EmployeeJoined(occurred_at=now, unit_id=state.unit_id, employee=employee, by=actor.ref(role))]


def leave(state: UnitState, user_id: str, actor: Actor, now: datetime, today: date) -> list[DomainEvent]:
    role = actor.role_among(STAFF_KEEPERS, "вести состав отделения")
    if not any(e.user_id == user_id for e in state.staff):
        raise DomainError("not_in_staff", "Этого работника нет в составе отделения.", "user_id")
    return [EmployeeLeft(occurred_at=now, unit_id=state.unit_id, user_id=user_id, left_on=today, by=actor.ref(role))]
