"""A controlled document of a unit's quality management system through the pages (issue 16, seed 004): the unit's
head finds the task in the inbox and signs «Разработано» on the document's page; the deputy director and the HR
specialist agree (through the API); the legal counsel agrees from the page; the director's approval with an
enactment date before the approval is refused with the reason beside the field, then given with today's date, and
the version comes into force; the employee finds the acknowledgment in the inbox and acknowledges it; the register
shows the version in force, and the head issues a numbered controlled copy and downloads its printed form. No page
of it shows anything of the innovation programme."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from playwright.sync_api import expect

from innocycle.demo import DemoClient
from innocycle.demo_documents import play_documents
from tests.support.client import Api, region_today, until
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

HEAD, DEPUTY, HR, LEGAL, DIRECTOR, EMPLOYEE = (
    "qms.head",
    "qms.deputy",
    "qms.hr",
    "qms.legal",
    "qms.director",
    "qms.employee.1",
)
TITLE = "Положение об отделении социального сопровождения граждан"


def test_the_sign_off_and_an_acknowledgment_through_the_pages(api: Api, visitor: Visitor) -> None:
    unit_id = f"ui-{uuid.uuid4().hex[:8]}"
    unit = {"unit_id": unit_id, "institution_id": "berezovsky-kcson", "name": "Отделение социального сопровождения"}
    assert api.post("admin", "/api/qms/units", json=unit).status_code == 201
    staff = {"login": EMPLOYEE, "position": "Специалист по работе с семьей"}
    assert api.post(HR, f"/api/qms/units/{unit_id}/staff", json=staff).status_code == 201
    body = {"unit_id": unit_id, "document_type": "Положение", "title": TITLE, "cipher_prefix": "СМК-ПСП-"}
    created = api.post(HEAD, "/api/qms/documents", json=body)
    assert created.status_code == 201, created.text
    path = f"/qms/documents/{created.json()['document_id']}"
    assert api.post(HEAD, f"/api{path}/versions", json={"version": "3.0", "sheets": 18}).status_code == 200
    page = visitor.page

    # The head finds the signature in the inbox; the navigation offers nothing of the programme's sites.
    visitor.sign_in(HEAD)
    visitor.goto("/tasks")
    nav = page.get_by_role("navigation", name="Основные разделы")
    expect(nav).to_contain_text("Документы СМК")
    expect(nav).not_to_contain_text("Площадки")
    page.get_by_role("link", name=f"Подписать «Разработано»: {TITLE}, версия 3.0").click()
    page.wait_for_url(f"**{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    visitor.look("draft")
    page.get_by_role("button", name="Подписать «Разработано»").click()
    expect(page.locator(".notice--success")).to_contain_text("Подпись записана")
    visitor.sign_out()

    for login in (DEPUTY, HR):
        assert api.post(login, f"/api{path}/signatures").status_code == 200
    visitor.sign_in(LEGAL)
    visitor.goto(path)
    visitor.look("legal-counsel")
    page.get_by_role("button", name="Согласовать").click()
    expect(page.locator(".notice--success")).to_contain_text("Подпись записана")
    visitor.sign_out()

    # «УТВЕРЖДАЮ»: an enactment before the approval is refused beside its field, nothing recorded.
    today = region_today()
    visitor.sign_in(DIRECTOR)
    visitor.goto(path)
    page.get_by_label("Номер утверждения (приказа)").fill("02")
    page.get_by_label("Дата утверждения").fill(today.isoformat())
    page.get_by_label("Дата введения в действие").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Утвердить").click()
    expect(page.locator(".error-summary")).to_contain_text("не может быть раньше даты утверждения")
    expect(page.locator("#enacts_on-error")).to_be_visible()
    visitor.look("approval-refused")
    page.get_by_label("Дата введения в действие").fill(today.isoformat())
    page.get_by_role("button", name="Утвердить").click()
    expect(page.locator(".notice--success")).to_contain_text("Версия утверждена")
    visitor.sign_out()

    # In force today: the employee acknowledges from the inbox.
    until(lambda: api.get(HEAD, f"/api{path}").json()["in_force"], lambda v: v is not None, 30)
    visitor.sign_in(EMPLOYEE)
    visitor.goto("/tasks")
    visitor.look("employee-inbox")
    page.get_by_role("link", name=f"Ознакомиться: {TITLE}, версия 3.0", exact=True).click()
    page.wait_for_url(f"**{path}")
    page.get_by_role("button", name="Ознакомлен(а) с версией 3.0").click()
    expect(page.locator(".notice--success")).to_contain_text("Ознакомление записано")
    sheet = page.get_by_role("table", name="Лист ознакомления с версией 3.0")
    expect(sheet).to_contain_text("Специалист по работе с семьей")
    visitor.look("acknowledged")
    visitor.sign_out()

    visitor.sign_in(HEAD)
    visitor.goto(f"/qms/units/{unit_id}")
    expect(page.get_by_role("table", name="Управляемые документы отделения")).to_contain_text("версия 3.0")
    visitor.look("register")
    visitor.goto(path)
    page.get_by_text("Выдать учтенную копию версии 3.0").click()
    page.get_by_label("Держатель копии").fill("Сектор сопровождения социальных контрактов")
    page.get_by_role("button", name="Выдать копию № 1").click()
    expect(page.locator(".notice--success")).to_contain_text("Учтенная копия выдана")
    expect(page.get_by_role("table", name="Учтенные копии версии 3.0")).to_contain_text("Сектор сопровождения")
    visitor.look("document-in-force")
    # The printed form of the copy (D14), for a reader of the register: a DOCX under the document's Russian name.
    with page.expect_download() as download:
        page.get_by_role("link", name="печатная форма копии № 1").click()
    assert download.value.suggested_filename == f"{TITLE} — версия 3.0, учтенная копия № 1.docx"


def test_the_seed_document_in_the_register(dev_stack: Stack, visitor: Visitor) -> None:
    """Seed 004's положение as the demo enters it (D12): version 3.0 from the paper with its requisites of 2020,
    the newcomer still to acknowledge it, version 4.0 waiting for the deputy director, who agrees from the page."""
    client = DemoClient(dev_stack.api_url)
    play_documents(client)  # once per stack: the demo of `make run` may have played it already
    page = visitor.page
    visitor.sign_in(DEPUTY)
    visitor.goto("/qms")  # one unit: its register at once; several (the first test's too): the list of them
    if "/qms/units/" not in page.url:
        page.get_by_role("link", name="Отделение социального сопровождения граждан", exact=True).click()
    page.wait_for_url("**/qms/units/berezovsky-osg")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/qms/documents/polozhenie-osg")
    expect(page.locator("dl.summary")).to_contain_text("30.09.2020 № 02")
    expect(page.get_by_role("table", name="Кто еще не ознакомился с версией 3.0")).to_contain_text("Никонов")
    visitor.look("seed-document")


def test_a_paper_version_entered_through_the_pages(api: Api, visitor: Visitor) -> None:
    """The head enters a document in the register from the unit's page, then its version in force from the paper: an
    enactment still ahead is refused beside its field, nothing recorded; the HR specialist records someone leaving."""
    unit_id = f"ui-{uuid.uuid4().hex[:8]}"
    unit = {"unit_id": unit_id, "institution_id": "berezovsky-kcson", "name": "Отделение срочных услуг"}
    assert api.post("admin", "/api/qms/units", json=unit).status_code == 201
    staff = {"login": "qms.employee.2", "position": "Специалист по социальной работе"}
    assert api.post(HR, f"/api/qms/units/{unit_id}/staff", json=staff).status_code == 201
    page = visitor.page
    visitor.sign_in(HEAD)
    visitor.goto(f"/qms/units/{unit_id}")
    page.get_by_label("Наименование").fill("Инструкция по делопроизводству отделения")
    page.get_by_role("button", name="Внести в реестр").click()
    expect(page.locator(".notice--success")).to_contain_text("Документ внесен в реестр", timeout=20_000)
    page.get_by_text("Внести действующую версию с бумаги").click()
    page.get_by_label("Версия", exact=True).fill("2.1")
    page.get_by_label("Число листов").fill("6")
    page.get_by_label("Номер утверждения (приказа)").fill("14")
    page.get_by_label("Дата утверждения").fill("2021-03-01")
    page.get_by_label("Дата введения в действие").fill((region_today() + timedelta(days=30)).isoformat())
    page.get_by_label("«УТВЕРЖДАЮ» — расшифровка подписи директора").fill("И. В. Лаптева")
    page.get_by_role("button", name="Внести версию").click()
    expect(page.locator("#enacted_on-error")).to_contain_text("уже введенная в действие")
    visitor.look("paper-version-refused")
    page.get_by_label("Дата введения в действие").fill("2021-03-02")
    page.get_by_role("button", name="Внести версию").click()
    expect(page.locator(".notice--success")).to_contain_text("Действующая версия внесена с бумаги")
    expect(page.locator("dl.summary")).to_contain_text("01.03.2021 № 14")
    visitor.sign_out()

    visitor.sign_in(HR)
    visitor.goto(f"/qms/units/{unit_id}")
    page.get_by_role("button", name=re.compile(r"Выбыл\(а\).*Голубева Анна Викторовна")).click()
    expect(page.locator(".notice--success")).to_contain_text("Работник выбыл из отделения")
    expect(page.get_by_role("table", name="Работники отделения")).to_have_count(0)
