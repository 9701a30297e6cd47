"""The demo of document control (seed 004), played through the REST API as its people would: the Berezovsky complex
centre's department of social accompaniment of citizens is registered with its staff; its положение enters the
register with version 3.0 entered from the paper as the seed prints it (approved 30.09.2020 № 02, in force from
01.10.2020, 18 sheets; D12), two controlled copies are issued; a new employee arrives and is asked to acknowledge
it; and the head drafts version 4.0 and signs «Разработано», so it waits for the deputy director's concurrence.
The signatories of 2020 on the paper are pseudonymised like every demo person (the seed names its director).
Two KhMAO sites' положение (1.1.12, 1.1.7) enter the register too, each naming its site (D13).

Plays once: a second run finds the unit registered and does nothing."""

from __future__ import annotations

from typing import Any, Protocol

import httpx

from domain.regulations.khmao.sites import SITES
from domain.regulations.qms import DOCUMENT, DOCUMENT_ID, INSTITUTION, UNIT_ID, UNIT_NAME
from innocycle.demo_files import pdf_bytes
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


# --- two KhMAO sites' положение in the register (D13) ------------------------------------------------------------

# The site, its unit (a structural unit of the site's institution; its name is synthetic and says so) and the
# approval as the сборник prints it (seed 001: the order and its date; the version and the date in force are the
# demo's — the сборник names neither).
SITE_POLOZHENIA: tuple[tuple[str, str, str, str, str, str], ...] = (
    # site, document id, cipher prefix, approval number, approved on, version
    ("1.1.12", "polozhenie-rc-1-1-12", "П-", "36-р", "2022-02-09", "1.0"),  # 001:L865–875, «П – 111 – 2022»
    ("1.1.7", "polozhenie-rc-1-1-7", "СМК-П-", "81-О", "2022-02-09", "1.0"),  # 001:L2233–2235
)
SITE_UNIT_NAME = "Ресурсный центр (структурное подразделение; условное название)"


def play_site_polozhenia(client: Client) -> bool:
    """Enter the положение of 1.1.12 and 1.1.7 in the register, each as a document of a unit of the site's institution
    that names the site (D13), with its version in force from the paper and the PDF of its text uploaded for the site:
    the package page of each shows the register's versions, and 1.1.12's director, whose package is still to send,
    may attest «изменений нет» against version 1.0. Played once."""
    played = False
    for site_id, document_id, prefix, number, approved_on, version in SITE_POLOZHENIA:
        institution = next(site.institution_id for site in SITES if site.id == site_id)
        unit_id = f"{document_id}-unit"
        unit = {"unit_id": unit_id, "institution_id": institution, "name": SITE_UNIT_NAME}
        created = client.http.post("/api/qms/units", headers=client.headers("admin"), json=unit)
        if created.status_code == 409:
            continue
        created.raise_for_status()
        document = {
            "unit_id": unit_id,
            "document_id": document_id,
            "document_type": "Положение",
            "title": "Положение о деятельности ресурсного центра",
            "cipher_prefix": prefix,
            "site_id": site_id,
        }
        _post(client, "admin", "/api/qms/documents", document)
        uploaded = client.http.post(
            f"/api/sites/{site_id}/files",
            headers=client.headers(f"director.{site_id}"),
            files={"file": (f"polozhenie-{site_id}.pdf", pdf_bytes(f"Polozhenie o resursnom centre {site_id}"))},
        )
        uploaded.raise_for_status()
        recorded = {
            "version": version,
            "sheets": 9,
            "approval_number": number,
            "approved_on": approved_on,
            "enacted_on": approved_on,
            "signatures": [{"step": "director", "full_name": ""}],
            "file_id": uploaded.json()["file_id"],
        }
        _post(client, "admin", f"/api/qms/documents/{document_id}/recorded-versions", recorded)
        played = True
    return played
