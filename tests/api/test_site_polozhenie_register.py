"""A KhMAO site's положение kept in the QMS register (QMS D13), through the REST API against the real worker and
Temporal: the package's answer carries the register's versions, «изменений нет» attests the register's version in
force (recorded with its version and approval) and is refused while the register has none."""

from __future__ import annotations

from collections.abc import Callable

from innocycle.demo_files import package_data
from tests.support.client import Api, obligation_path, until
from tests.support.polozhenie import institution_of, record_version, register_polozhenie

SITE = "1.1.8"


def _wait_open(api: Api, site: str, year: int) -> None:
    package = obligation_path(site, year, "package", "annual")
    until(lambda: api.get("rcrso", package).json().get("status"), lambda status: status == "awaiting_submission", 30)


def test_the_package_attests_the_registers_version_in_force(api: Api, open_cycle: Callable[[str], int]) -> None:
    director = f"director.{SITE}"
    year = open_cycle(SITE)
    _wait_open(api, SITE, year)
    path = obligation_path(SITE, year, "package", "annual")

    # A unit of another institution cannot keep this site's положение: refused beside the field.
    other = {"unit_id": "other-118-unit", "institution_id": institution_of("1.1.6"), "name": "Отделение (тест)"}
    assert api.post("admin", "/api/qms/units", json=other).status_code == 201
    foreign = {"unit_id": "other-118-unit", "document_type": "Положение", "title": "Чужое", "cipher_prefix": "СМК-"}
    refused_site = api.post("admin", "/api/qms/documents", json={**foreign, "site_id": SITE})
    assert refused_site.status_code == 422, refused_site.text
    assert [e["field"] for e in refused_site.json()["errors"]] == ["site_id"]

    document_id = register_polozhenie(api, SITE, "polozhenie-118-api")
    # One document per site: a second is refused, a new редакция being a new version of the first.
    own = {**foreign, "unit_id": "polozhenie-118-api-unit", "site_id": SITE}
    second = api.post("admin", "/api/qms/documents", json=own)
    assert second.status_code == 409 and second.json()["code"] == "site_has_document", second.text
    before = api.get(director, path).json()["register"]
    assert before["document_id"] == document_id and before["in_force"] is None and before["versions"] == []

    fresh = api.upload_package(SITE, year, director)
    renewed = {key: fresh[key] for key in ("report_forms", "cases", "interaction_scheme", "roadmap")}
    body = {"items": renewed, "unchanged": ["polozhenie"], "data": package_data(year)}
    refused = api.post(director, path + "/submissions", json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "no_register_version_in_force"
    assert "в реестре нет действующей версии" in refused.json()["detail"]
    assert [e["field"] for e in refused.json()["errors"]] == ["unchanged.polozhenie"]

    recorded = record_version(api, SITE, document_id, "2.0")
    text = recorded["versions"][0]["file"]
    assert recorded["site_id"] == SITE and text["filename"] == "polozhenie-2.0.pdf"
    # The site's director reads the document the package attests (read only: no role in its chain).
    seen = api.get(director, f"/api/qms/documents/{document_id}")
    assert seen.status_code == 200 and seen.json()["my_roles"] == []
    assert api.get("director.1.1.6", f"/api/qms/documents/{document_id}").status_code == 404

    register = api.get(director, path).json()["register"]
    assert register["in_force"]["version"] == "2.0"
    assert (register["in_force"]["approval_number"], register["in_force"]["approved_on"]) == ("15-од", "2024-01-15")
    assert register["in_force"]["enacted_on"] == "2024-01-16"
    assert [v["version"] for v in register["versions"]] == ["2.0"]
    assert register["page"] == f"/qms/documents/{document_id}"

    sent = api.post(director, path + "/submissions", json=body)
    assert sent.status_code == 200, sent.text
    (submitted,) = sent.json()["submissions"]
    assert submitted["unchanged"] == ["polozhenie"]
    assert submitted["items"]["polozhenie"]["file_id"] == text["file_id"]
    assert submitted["attested"]["polozhenie"] == {
        "document_id": document_id,
        "version": "2.0",
        "approval_number": "15-од",
        "approved_on": "2024-01-15",
        "enacted_on": "2024-01-16",
    }
