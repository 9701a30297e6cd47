"""What a controlled document's rules are made of: the sign-off chain in the seed's order, versions (версия,
major.minor), the cipher (шифр) built from its prefix and the number in the file nomenclature (номенклатура дел),
the term and ladder of an acknowledgment (ознакомление), and the employees of a unit (работники отделения) as a
decision sees them. The choices the seed leaves open are ``domain.regulations.qms.DECISIONS``."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.common import DomainError
from domain.escalation import EscalationLevel
from domain.people import Role

VERSION_PATTERN = re.compile(r"^(\d{1,3})\.(\d{1,3})$")


class Stage(StrEnum):
    """A signature's place in the sign-off block (лист согласования)."""

    DEVELOPED = "developed"  # «Настоящее положение разработано»
    AGREED = "agreed"  # «Согласовано»
    APPROVED = "approved"  # «УТВЕРЖДАЮ»


STAGE_RU: dict[Stage, str] = {
    Stage.DEVELOPED: "Разработано",
    Stage.AGREED: "Согласовано",
    Stage.APPROVED: "Утверждаю",
}


class ChainStep(BaseModel):
    """A step of the sign-off chain: who signs (the role), in which capacity (the position as printed)."""

    model_config = ConfigDict(frozen=True)

    key: str
    role: Role
    position: str
    stage: Stage
    source: str


# The chain as seed 004 prints it (D7): the developer, three concurrences in the order of the sheet, the director.
CHAIN: tuple[ChainStep, ...] = (
    ChainStep(
        key="developer",
        role=Role.UNIT_HEAD,
        position="Заведующий отделением",
        stage=Stage.DEVELOPED,
        source="004:512–520",
    ),
    ChainStep(
        key="deputy_director",
        role=Role.DEPUTY_DIRECTOR,
        position="Заместитель директора",
        stage=Stage.AGREED,
        source="004:522–530",
    ),
    ChainStep(
        key="hr_specialist",
        role=Role.HR_SPECIALIST,
        position="Специалист по кадрам",
        stage=Stage.AGREED,
        source="004:532–539",
    ),
    ChainStep(
        key="legal_counsel",
        role=Role.LEGAL_COUNSEL,
        position="Юрисконсульт",
        stage=Stage.AGREED,
        source="004:541–547",
    ),
    ChainStep(
        key="director",
        role=Role.INSTITUTION_DIRECTOR,
        position="Директор учреждения",
        stage=Stage.APPROVED,
        source="004:8–17",
    ),
)
STEP_BY_KEY = {step.key: step for step in CHAIN}

# Who may read a unit's register besides its employees: the signatories of its documents and the administrator.
READERS = frozenset({Role.ADMIN, *(step.role for step in CHAIN)})


def parse_version(version: str) -> tuple[int, int]:
    """«3.0» → (3, 0); refused (``bad_version``) unless it is major.minor (004:40)."""
    found = VERSION_PATTERN.match(version.strip())
    if found is None:
        raise DomainError("bad_version", f"Версия «{version}» не в формате «N.M» (например, 3.0).", "version")
    return int(found.group(1)), int(found.group(2))


def cipher_of(prefix: str, nomenclature_number: str) -> str:
    """The cipher as printed on sheet 1: the fixed prefix and the number in the file nomenclature (D2), e.g.
    «СМК-ПСП-» + «02-15» → «СМК-ПСП-02-15»; empty while the number is not assigned."""
    return f"{prefix}{nomenclature_number}" if nomenclature_number else ""


class Employee(BaseModel):
    """A person of the unit's staff (состав отделения) as the acknowledgment sheet names them."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    full_name: str
    position: str
    joined_on: date


# The acknowledgment's term (D8) and its ladder (D9): working days counted from the due date, as domain.escalation
# counts them — a reminder at 09:00 of the working day before, the rest when the local day ends.
ACKNOWLEDGMENT_TERM = 5


class AckStep(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: EscalationLevel
    working_days: int
    notify: tuple[Role, ...]  # besides the employee, who is told of every step
    what: str  # the step in Russian


ACK_LADDER: tuple[AckStep, ...] = (
    AckStep(level=EscalationLevel.REMINDER, working_days=-1, notify=(), what="напоминание об ознакомлении"),
    AckStep(
        level=EscalationLevel.OVERDUE,
        working_days=0,
        notify=(Role.UNIT_HEAD,),
        what="срок ознакомления нарушен — сообщено заведующему отделением",
    ),
    AckStep(
        level=EscalationLevel.LEVEL2,
        working_days=3,
        notify=(Role.UNIT_HEAD, Role.DEPUTY_DIRECTOR),
        what="эскалация заместителю директора",
    ),
    AckStep(
        level=EscalationLevel.LEVEL3,
        working_days=8,
        notify=(Role.DEPUTY_DIRECTOR, Role.INSTITUTION_DIRECTOR),
        what="эскалация директору учреждения",
    ),
)
ACK_STEP_BY_LEVEL = {step.level: step for step in ACK_LADDER}


class AckReason(StrEnum):
    """Why an employee must acknowledge (D4, D10)."""

    ENACTED = "enacted"  # the version came into force
    HIRED = "hired"  # a new employee arrived while it is in force
    CHANGED = "changed"  # a change was logged within the version


ACK_REASON_RU: dict[AckReason, str] = {
    AckReason.ENACTED: "введение версии в действие",
    AckReason.HIRED: "прием в отделение",
    AckReason.CHANGED: "изменение в пределах версии",
}
