"""The demo of document control (seed 004), played through the REST API as its people would: the Berezovsky complex
centre's department of social accompaniment of citizens is registered with its staff; its положение enters the
register with version 3.0 entered from the paper as the seed prints it (approved 30.09.2020 № 02, in force from
01.10.2020, 18 sheets; D12), two controlled copies are issued; a new employee arrives and is asked to acknowledge
it; and the head drafts version 4.0 and signs «Разработано», so it waits for the deputy director's concurrence.
The signatories of 2020 on the paper are pseudonymised like every demo person (the seed names its director).

Plays once: a second run finds the unit registered and does nothing."""

from __future__ import annotations

from typing import Any, Protocol

import httpx

from domain.regulations.qms import DOCUMENT, DOCUMENT_ID, INSTITUTION, UNIT_ID, UNIT_NAME
from innocycle.demo_qms import PEOPLE


class Client(Protocol):
    http: httpx.Client

    def headers(self, login: str) -> dict[str, str]: ...


HEAD, HR = "qms.head", "qms.hr"
STAFF_AT_START = ("qms.head", "qms.employee.1", "qms.employee.2", "qms.employee.3")
NEWCOMER = "qms.employee.4"
PAPER_DIRECTOR = "И. В. Лаптева"  # the «УТВЕРЖДАЮ» of 30.09.2020, pseudonymised (the demo's director)


def _post(client: Client, login: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
    response = client.http.post(path, headers=client.headers(login), json=body)
    response.raise_for_status()
    return response


def _position(login: str) -> str:
    position = next(p for lo, _, p, _ in PEOPLE if lo == login)
    return position[:1].upper() + position[1:]


def play_documents(client: Client) -> bool:
    """Play the demo of document control; False when it was played before."""
    unit = {"unit_id": UNIT_ID, "institution_id": INSTITUTION.id, "name": UNIT_NAME}
    created = client.http.post("/api/qms/units", headers=client.headers("admin"), json=unit)
    if created.status_code == 409:
        return False
    created.raise_for_status()
    staff = f"/api/qms/units/{UNIT_ID}/staff"
    for login in STAFF_AT_START:
        _post(client, HR, staff, {"login": login, "position": _position(login), "joined_on": "2020-09-01"})
    document = {
        "unit_id": UNIT_ID,
        "document_id": DOCUMENT_ID,
        "document_type": DOCUMENT.document_type,
        "title": DOCUMENT.title,
        "cipher_prefix": DOCUMENT.cipher_prefix,
        "nomenclature_number": "",  # «СМК-ПСП- № по номенклатуре дел»: not assigned in the seed (D2)
    }
    _post(client, HEAD, "/api/qms/documents", document)
    path = f"/api/qms/documents/{DOCUMENT_ID}"
    steps = ("developer", "deputy_director", "hr_specialist", "legal_counsel", "director")
    paper = [{"step": step, "full_name": PAPER_DIRECTOR if step == "director" else ""} for step in steps]
    recorded = {
        "version": DOCUMENT.version,
        "sheets": DOCUMENT.sheets,
        "approval_number": DOCUMENT.approval_number,
        "approved_on": DOCUMENT.approved_on.isoformat(),
        "enacted_on": DOCUMENT.enacted_on.isoformat(),
        "signatures": paper,
    }
    _post(client, HEAD, f"{path}/recorded-versions", recorded)
    for holder in ("Заведующий отделением социального сопровождения граждан", "Заместитель директора"):
        _post(client, HEAD, f"{path}/copies", {"holder": holder})
    _post(client, HR, staff, {"login": NEWCOMER, "position": _position(NEWCOMER)})
    draft = {
        "version": "4.0",
        "sheets": DOCUMENT.sheets,
        "summary": "Пункт 3.2 и титульный лист приведены к одному перечню служб сектора срочных услуг (D5).",
    }
    _post(client, HEAD, f"{path}/versions", draft)
    _post(client, HEAD, f"{path}/signatures")
    return True
