"""The demo people of document control (seed 004): the signatories and staff of the Berezovsky complex centre's
department of social accompaniment of citizens. Synthetic, labelled as such: the seed names only its director, and
nobody here is her. Each holds one role scoped to the institution (D7); the employees are the unit's staff that the
demo records (``innocycle/demo.py``), ``qms.employee.4`` arriving later as a new hire."""

from __future__ import annotations

from domain.people import Grant, Role, ScopeKind
from domain.regulations.qms import INSTITUTION

SYNTHETIC = "(демо)"

# login, full name, position, role
PEOPLE: tuple[tuple[str, str, str, Role], ...] = (
    ("qms.director", "Лаптева Ирина Васильевна", "директор", Role.INSTITUTION_DIRECTOR),
    ("qms.deputy", "Чернов Андрей Павлович", "заместитель директора, курирующий отделение", Role.DEPUTY_DIRECTOR),
    ("qms.hr", "Кузьмина Ольга Игоревна", "специалист по кадрам", Role.HR_SPECIALIST),
    ("qms.legal", "Федосеев Денис Михайлович", "юрисконсульт", Role.LEGAL_COUNSEL),
    ("qms.head", "Сафонова Наталья Юрьевна", "заведующий отделением социального сопровождения граждан", Role.UNIT_HEAD),
    ("qms.employee.1", "Ермакова Светлана Алексеевна", "специалист по работе с семьей", Role.UNIT_EMPLOYEE),
    ("qms.employee.2", "Голубева Анна Викторовна", "специалист по социальной работе", Role.UNIT_EMPLOYEE),
    ("qms.employee.3", "Шубина Марина Олеговна", "специалист по работе с семьей", Role.UNIT_EMPLOYEE),
    ("qms.employee.4", "Никонов Артем Сергеевич", "специалист по социальной работе", Role.UNIT_EMPLOYEE),
)


def grants_of(role: Role) -> tuple[Grant, ...]:
    return (Grant(role=role, scope_kind=ScopeKind.INSTITUTION, scope_id=INSTITUTION.id),)


def position_of(position: str) -> str:
    return f"{position} {INSTITUTION.short_name} {SYNTHETIC}"
