"""A KhMAO site's положение kept in the QMS register (QMS D13), through the REST API against the real worker and
Temporal: the package's answer carries the register's versions, «изменений нет» attests the register's version in
force (recorded with its version and approval) and is refused while the register has none."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from docx import Document
from docx.oxml.ns import qn

from api.qms.printed import MEDIA_TYPE
from innocycle.demo_files import package_data, pdf_bytes
from tests.support.client import Api, obligation_path, until
from tests.support.polozhenie import institution_of, record_version, register_polozhenie
from tests.support.stack import Stack

SITE = "1.1.8"


def _wait_open(api: Api, site: str, year: int) -> None:
    package = obligation_path(site, year, "package", "annual")
    until(lambda: api.get("rcrso", package).json().get("status"), lambda status: status == "awaiting_submission", 30)


def test_the_package_attests_the_registers_version_in_force(
    api: Api, dev_stack: Stack, open_cycle: Callable[[str], int]
) -> None:
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
    # ... and the database refuses it too (migration 0022), should two registrations pass the API's check at once
    with pytest.raises(psycopg.errors.UniqueViolation):
        dev_stack.query(
            "INSERT INTO qms_documents (document_id, unit_id, institution_id, region_id, title, document_type, cipher,"
            " state, stream_version, registered_at, changed_at) SELECT 'twin-' || document_id, unit_id,"
            " institution_id, region_id, title, document_type, cipher, state, stream_version, registered_at,"
            " changed_at FROM qms_documents WHERE document_id = %s RETURNING document_id",
            document_id,
        )
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

    # The version's text: downloaded as stored by a reader of the register; the site's director sees the document
    # but not the register (403), another site's director not even the document (404).
    version_text = f"/api/qms/documents/{document_id}/versions/2.0/file"
    downloaded = api.get("admin", version_text)
    assert downloaded.status_code == 200, downloaded.text
    assert downloaded.content == pdf_bytes("Polozhenie 2.0")
    assert "polozhenie-2.0.pdf" in downloaded.headers["content-disposition"]
    assert api.get(director, version_text).status_code == 403
    assert api.get(director, f"/api/qms/documents/{document_id}/versions/2.0/docx").status_code == 403
    assert api.get("director.1.1.6", version_text).status_code == 404
    assert api.get("admin", f"/api/qms/documents/{document_id}/versions/9.0/file").status_code == 404

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


def _cell_texts(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _footer_fields(footer: Any) -> tuple[str, list[str]]:
    """A footer's text and the instructions of its Word fields."""
    xml = footer._element
    text = "".join(t.text or "" for t in xml.iter(qn("w:t")))
    return text, [i.text.strip() for i in xml.iter(qn("w:instrText"))]


def test_the_printed_version_carries_its_footer_and_its_two_sheets_filled_in(api: Api) -> None:
    """QMS D14: the DOCX of a version in force, printed for a numbered controlled copy — the footer of every sheet
    with approval, enactment, version, copy № and «Лист N из M» as PAGE / NUMPAGES fields; «Лист ознакомления» with
    its 26 numbered rows and the two acknowledgments recorded written in; «Лист идентификации изменений» with the
    change logged; a copy the version does not have refused beside the field."""
    unit_id = f"print-{uuid.uuid4().hex[:8]}"
    unit = {"unit_id": unit_id, "institution_id": "berezovsky-kcson", "name": "Отделение сопровождения"}
    assert api.post("admin", "/api/qms/units", json=unit).status_code == 201
    registered = api.post(
        "qms.head",
        "/api/qms/documents",
        json={
            "unit_id": unit_id,
            "document_type": "Положение",
            "title": "Положение об отделении срочного социального обслуживания",
            "cipher_prefix": "СМК-ПСП-",
            "nomenclature_number": "02-15",
        },
    )
    assert registered.status_code == 201, registered.text
    path = f"/api/qms/documents/{registered.json()['document_id']}"
    paper = {
        "version": "3.0",
        "sheets": 18,
        "approval_number": "02",
        "approved_on": "2020-09-30",
        "enacted_on": "2020-10-01",
        "signatures": [{"step": "director", "full_name": "Е. С. Горбунова"}],
    }
    assert api.post("qms.head", f"{path}/recorded-versions", json=paper).status_code == 200
    for login, position in (("qms.employee.1", "специалист по работе с семьей"), ("qms.employee.2", "психолог")):
        joined = api.post("qms.hr", f"/api/qms/units/{unit_id}/staff", json={"login": login, "position": position})
        assert joined.status_code == 201, joined.text
    until(lambda: api.get("qms.head", path).json()["versions"][0]["pending"], lambda pending: len(pending) == 2)
    for login in ("qms.employee.1", "qms.employee.2"):
        assert api.post(login, f"{path}/acknowledgments").status_code == 200
    change = {"identification": "п. 3.2: служба «Социальное такси»"}
    assert api.post("qms.head", f"{path}/changes", json=change).status_code == 200
    assert api.post("qms.head", f"{path}/copies", json={"holder": "Сектор сопровождения"}).status_code == 200

    printed = api.get("qms.head", f"{path}/versions/3.0/docx", params={"copy": 1})
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == MEDIA_TYPE
    disposition = printed.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert quote("Положение об отделении срочного социального обслуживания — версия 3.0") in disposition
    document = Document(io.BytesIO(printed.content))

    (section,) = document.sections
    assert section.different_first_page_header_footer
    for footer, cipher in ((section.first_page_footer, True), (section.footer, False)):
        text, fields = _footer_fields(footer)
        assert fields == ["PAGE", "NUMPAGES"]
        assert "Дата утверждения: 30.09.2020 № 02" in text and "Дата введения в действие: 01.10.2020" in text
        assert "Версия 3.0" in text and "Учтенная копия № 1" in text and "Лист " in text and " из " in text
        assert ("Шифр: СМК-ПСП-02-15" in text) is cipher  # on sheet 1 only (004:40)
    body = "\n".join(p.text for p in document.paragraphs)
    assert "УТВЕРЖДАЮ" in _cell_texts(document.tables[0])[0][1]
    assert "Е. С. Горбунова" in _cell_texts(document.tables[0])[0][1]
    assert "СИСТЕМА МЕНЕДЖМЕНТА КАЧЕСТВА" in body and "ОБ ОТДЕЛЕНИИ СРОЧНОГО СОЦИАЛЬНОГО ОБСЛУЖИВАНИЯ" in body
    assert "Лист ознакомления" in body and "Лист идентификации изменений" in body
    assert "Изменения в настоящей версии документа" in body
    assert "(при смене версии данная таблица не заполняется)" in body

    ack, changes = (_cell_texts(t) for t in document.tables[-2:])
    assert ack[0] == ["№", "Ф.И.О.", "Должность", "Дата", "Подпись"]
    assert [row[0] for row in ack[1:]] == [str(n) for n in range(1, 27)]
    signed = {(row[2], row[4]) for row in ack[1:3]}
    assert signed == {("специалист по работе с семьей", ""), ("психолог", "")}
    assert all(row[1] and re.fullmatch(r"\d\d\.\d\d\.\d{4}", row[3]) for row in ack[1:3])
    assert all(row[1:] == ["", "", "", ""] for row in ack[3:])
    assert changes[0] == ["№", "Идентификация изменения", "ФИО", "Дата", "Подпись"]
    assert [row[0] for row in changes[1:]] == [f"{n}." for n in range(1, 23)]
    assert changes[1][1:3] == ["п. 3.2: служба «Социальное такси»", "Сафонова Наталья Юрьевна"]
    assert all(row[1:] == ["", "", "", ""] for row in changes[2:])

    unknown = api.get("qms.head", f"{path}/versions/3.0/docx", params={"copy": 7})
    assert unknown.status_code == 422 and [e["field"] for e in unknown.json()["errors"]] == ["copy"]
    # the register holds no file of this version's text: its paper is the original
    assert api.get("qms.employee.1", f"{path}/versions/3.0/file").status_code == 404
    assert api.get("director.1.1.6", f"{path}/versions/3.0/docx").status_code == 404


def test_two_registrations_of_one_sites_polozhenie_at_once_leave_one_document_and_no_stranded_workflow(
    api: Api, dev_stack: Stack
) -> None:
    """Both pass the API's check when they arrive together unless they wait for each other: then the second's
    workflow would find its first append refused by the database's unique index (migration 0022) for ever."""
    site = "1.1.4"
    unit = {"unit_id": "race-114-unit", "institution_id": institution_of(site), "name": "Отделение (тест)"}
    assert api.post("admin", "/api/qms/units", json=unit).status_code == 201
    bodies = [
        {
            "unit_id": "race-114-unit",
            "document_id": f"race-114-{n}",
            "document_type": "Положение",
            "title": f"Положение площадки {site}, регистрация {n}",
            "cipher_prefix": "СМК-П-",
            "site_id": site,
        }
        for n in (1, 2)
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda body: api.post("admin", "/api/qms/documents", json=body), bodies))
    assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
    [refused] = [a for a in answers if a.status_code == 409]
    assert refused.json()["code"] == "site_has_document", refused.text
    [kept] = [a.json()["document_id"] for a in answers if a.status_code == 201]
    assert dev_stack.query("SELECT document_id FROM qms_documents WHERE state ->> 'site_id' = %s", site) == [(kept,)]
    # The refused one started no workflow: nothing of it is written, nothing of it waits to be.
    assert dev_stack.query("SELECT DISTINCT stream_id FROM events WHERE stream_id LIKE %s", "qms:race-114-%") == [
        (f"qms:{kept}",)
    ]
