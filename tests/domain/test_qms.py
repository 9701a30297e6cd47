"""QMS document control (seed 004): the controlled document's data checked against the seed, and the invariants
of the model."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from pydantic import ValidationError

from domain.people import Role
from domain.regulations.model import ReviewAction
from domain.regulations.qms import (
    ACKNOWLEDGMENT_COLUMNS,
    CHANGE_COLUMNS,
    DECISIONS,
    DEVELOPER_ROLE,
    DOCUMENT,
    SIGN_OFF_CHAIN,
    ChangeEntry,
    ControlledCopy,
    DocumentStatus,
    SignOff,
    SignOffStage,
)

# /work/main/tests/domain/test_qms.py -> /work/shared/seeds
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED = "004"
# QMS cites its own seed; D13 (a KhMAO site's положение kept in the register) cites order 135-р too.
CITED_SEEDS = ("004", "001")
REF = re.compile(r"^(\d{3}):(\d+)(?:–(\d+))?$")


def normalise(text: str) -> str:
    return " ".join(text.split())


@cache
def _lines(seed: str) -> tuple[str, ...] | None:
    paths = sorted(SEEDS_DIR.glob(f"{seed}_*.txt"))
    return tuple(paths[0].read_text(encoding="utf-8").splitlines()) if paths else None


def seed_lines(seed: str = SEED) -> tuple[str, ...]:
    lines = _lines(seed)
    if lines is None:
        pytest.skip(f"seed {seed} not found under {SEEDS_DIR} (the shared folder is not mounted)")
    return lines


def cited(source: str) -> str:
    match = REF.match(source)
    assert match, f"not a seed reference: {source!r}"
    assert match.group(1) in CITED_SEEDS, f"{source}: QMS cites only seeds {', '.join(CITED_SEEDS)}"
    first, last = int(match.group(2)), int(match.group(3) or match.group(2))
    lines = seed_lines(match.group(1))
    assert 1 <= first <= last <= len(lines), f"{source}: outside the seed (1..{len(lines)})"
    return normalise(" ".join(lines[first - 1 : last]))


def test_the_title_page_data() -> None:
    assert normalise(DOCUMENT.citation.quote) in cited(DOCUMENT.citation.source)
    line = cited("004:40")
    assert f"Версия {DOCUMENT.version}" in line and DOCUMENT.version == "3.0"
    assert f"Шифр: {DOCUMENT.cipher}" in line
    assert DOCUMENT.cipher.startswith(DOCUMENT.cipher_prefix) and DOCUMENT.full_cipher is None
    assert f"{DOCUMENT.approved_on:%d.%m.%y} № {DOCUMENT.approval_number}" in line  # «30.09.20 № 02»
    assert "Дата введения в действие: 01.10. 2020" in line
    assert (DOCUMENT.approved_on, DOCUMENT.enacted_on) == (date(2020, 9, 30), date(2020, 10, 1))
    assert DOCUMENT.status is DocumentStatus.IN_FORCE
    assert DOCUMENT.major_version == 3
    assert cited("004:19") == DOCUMENT.system
    assert cited("004:21–25").lower() == DOCUMENT.title.lower()
    assert DOCUMENT.institution.lower() == cited("004:45").lower()


def test_every_sheet_carries_the_same_version_and_approval() -> None:
    text = "\n".join(seed_lines())
    sheets = [int(n) for n in re.findall(r"Лист (\d+) из", text)]
    assert sheets == list(range(1, DOCUMENT.sheets + 1)) and DOCUMENT.sheets == 18
    assert set(re.findall(r"Лист \d+ из\s+(\d+)", text)) == {"18"}
    assert set(re.findall(r"Версия (\S+)", text)) == {DOCUMENT.version}
    assert set(re.findall(r"№ (?:<u>)?(\d+)</?[ui]>", text)) | set(re.findall(r"№ (\d+)\t", text)) == {"02"}
    # «Учтенная копия №:» is blank everywhere: no copy has been issued in the seed
    # (on sheet 16 the «18» of «Лист 16 из / 18» wraps onto the copy line: 004:549–550)
    lines = seed_lines()
    for number, line in enumerate(lines, start=1):
        for value in re.findall(r"копия №:[ \t]*(\d+)", line):
            assert value == str(DOCUMENT.sheets) and lines[number - 2].rstrip().endswith("из"), f"004:{number}"
    assert DOCUMENT.controlled_copies == ()


def test_the_contents_and_the_structure() -> None:
    assert DOCUMENT.contents == tuple(cited(f"004:{n}") for n in range(56, 65))
    assert cited("004:63") == "8. ЛИСТ ОЗНАКОМЛЕНИЯ" and cited("004:64") == "9. ЛИСТ ИДЕНТИФИКАЦИИ ИЗМЕНЕНИЙ"
    title_page = cited("004:27–38")
    for unit in DOCUMENT.structure:
        name, _, detail = unit.partition(" (")
        assert name in title_page and detail.rstrip(")") in title_page, unit


def test_the_sign_off_block() -> None:
    stages = [s.stage for s in DOCUMENT.approval]
    assert stages == [
        SignOffStage.DEVELOPED,
        SignOffStage.AGREED,
        SignOffStage.AGREED,
        SignOffStage.AGREED,
        SignOffStage.APPROVED,
    ]
    developer, deputy, hr, legal, director = DOCUMENT.approval
    assert "разработано: Заведующим отделением" in cited(developer.source)
    assert cited(deputy.source).startswith("Согласовано: Заместитель директора")
    for signature in (deputy, hr, legal):
        assert signature.position in cited(signature.source)
        assert (signature.person, signature.signed_on) == ("", None)  # blank in the seed
    assert director.position in cited(director.source) and cited(director.source).startswith("УТВЕРЖДАЮ Директор")
    assert director.person in cited("004:13")
    assert director.signed_on == DOCUMENT.approved_on
    assert cited("004:17") == "« 30 » 09 20 20 г."


def test_the_generic_chain() -> None:
    assert [step.action for step in SIGN_OFF_CHAIN] == [ReviewAction.AGREE] * 3 + [ReviewAction.APPROVE]
    agreed = DOCUMENT.signatures(SignOffStage.AGREED)
    for step, signature in zip(SIGN_OFF_CHAIN[:3], agreed, strict=True):
        assert signature.position.lower() in step.title.lower(), step.title
    assert SIGN_OFF_CHAIN[-1].role is Role.INSTITUTION_DIRECTOR and "директор" in SIGN_OFF_CHAIN[-1].title
    # the deputy director who supervises the department within the institution (004:83), not a KhMAO curator (D7)
    assert SIGN_OFF_CHAIN[0].role is Role.DEPUTY_DIRECTOR
    programme_roles = {Role.CURATOR, Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE, Role.INSTITUTION_RESPONSIBLE}
    assert not programme_roles & {step.role for step in SIGN_OFF_CHAIN}
    assert len({step.role for step in SIGN_OFF_CHAIN}) == len(SIGN_OFF_CHAIN)  # three distinct concurrences
    assert "заместителя директора, курирующего данное отделение" in cited("004:83")
    assert DEVELOPER_ROLE not in {step.role for step in SIGN_OFF_CHAIN}  # the developer never signs off his own


def test_the_two_sheets() -> None:
    assert tuple(seed_lines()[565 - 1].split("\t")) == ACKNOWLEDGMENT_COLUMNS
    assert tuple(seed_lines()[611 - 1].split("\t")) == CHANGE_COLUMNS
    acknowledgment_rows = [line for line in seed_lines()[565:592] if re.match(r"^\d+\t", line)]
    change_rows = [line for line in seed_lines()[611:634] if re.match(r"^\d+\.\t", line)]
    assert len(acknowledgment_rows) == DOCUMENT.acknowledgment_rows == 26
    assert len(change_rows) == DOCUMENT.change_rows == 22
    assert "при смене версии данная таблица не заполняется" in cited("004:609")
    assert DOCUMENT.acknowledgments == () and DOCUMENT.changes == ()


def test_invariants_of_a_controlled_document() -> None:
    with pytest.raises(ValidationError, match="введения в действие"):
        DOCUMENT.model_validate({**DOCUMENT.model_dump(), "enacted_on": date(2020, 9, 29)})
    with pytest.raises(ValidationError, match=r"N\.M"):
        DOCUMENT.model_validate({**DOCUMENT.model_dump(), "version": "3"})
    with pytest.raises(ValidationError, match="УТВЕРЖДАЮ"):
        DOCUMENT.model_validate({**DOCUMENT.model_dump(), "approval": DOCUMENT.model_dump()["approval"][:4]})
    reordered = [DOCUMENT.approval[1], DOCUMENT.approval[0], *DOCUMENT.approval[2:]]
    with pytest.raises(ValidationError, match="разработчика"):
        DOCUMENT.model_validate({**DOCUMENT.model_dump(), "approval": [s.model_dump() for s in reordered]})
    late = SignOff(stage=SignOffStage.APPROVED, position="Директор", signed_on=date(2020, 10, 2), source="004:8")
    with pytest.raises(ValidationError, match="дата подписи"):
        DOCUMENT.model_validate(
            {**DOCUMENT.model_dump(), "approval": [*DOCUMENT.model_dump()["approval"][:4], late.model_dump()]}
        )
    copy = ControlledCopy(number=1, holder="Отделение социального сопровождения граждан", issued_on=date(2020, 10, 1))
    with pytest.raises(ValidationError, match="учтенных копий"):
        DOCUMENT.model_validate({**DOCUMENT.model_dump(), "controlled_copies": [copy.model_dump()] * 2})
    early = ChangeEntry(number=1, identification="п. 3.2", full_name="Иванова И. И.", changed_on=date(2020, 1, 1))
    with pytest.raises(ValidationError, match="раньше ее утверждения"):
        DOCUMENT.model_validate({**DOCUMENT.model_dump(), "changes": [early.model_dump()]})
    numbered = DOCUMENT.model_validate({**DOCUMENT.model_dump(), "nomenclature_number": "02-15"})
    assert numbered.full_cipher == "СМК-ПСП-02-15"
    assert DOCUMENT.model_validate(DOCUMENT.model_dump()) == DOCUMENT  # round-trips as an event payload would


def test_decisions() -> None:
    ids = [d.id for d in DECISIONS]
    assert len(ids) == len(set(ids))
    for decision in DECISIONS:
        assert decision.sources, decision.id
        for source in decision.sources:
            cited(source)
        for text in (decision.question, decision.decision, decision.reason):
            assert re.search("[а-яё]", text), decision.id
