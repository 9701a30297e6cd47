"""A KhMAO site's положение kept in the QMS register (QMS D13), on the package's page: the register's versions and the
version in force, «изменений нет» naming that version, the submission recording it, and the way to the document's
page in the register for a new version."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import expect

from innocycle.demo_files import package_files, pdf_bytes, roadmap_rows
from tests.support.client import Api
from tests.support.polozhenie import register_polozhenie
from tests.ui.conftest import Visitor
from tests.ui.test_obligation_page import file_payload, page_of, wait_open

SITE = "1.1.1"


def test_the_package_page_shows_the_registers_versions_and_attests_the_one_in_force(
    api: Api, visitor: Visitor, open_cycle: Callable[[str], int]
) -> None:
    director = f"director.{SITE}"
    year = open_cycle(SITE)
    wait_open(api, SITE, year)
    document_id = register_polozhenie(api, SITE, "polozhenie-111-ui")

    # The version in force is entered from the paper on the document's page, with the PDF of its text (D12, D13).
    visitor.sign_in("admin")
    visitor.goto(f"/qms/documents/{document_id}")
    page = visitor.page
    page.get_by_text("Внести действующую версию с бумаги").click()
    form = page.locator("form[action$='/recorded-versions']")
    form.get_by_label("Версия").fill("2.0")
    form.get_by_label("Число листов").fill("12")
    form.get_by_label("Номер утверждения (приказа)").fill("15-од")
    form.get_by_label("Дата утверждения").fill("2024-01-15")
    form.get_by_label("Дата введения в действие").fill("2024-01-16")
    form.get_by_label("«УТВЕРЖДАЮ» — расшифровка подписи директора").fill("И. И. Иванова")
    form.locator("#file-record").set_input_files(
        files=[file_payload("polozhenie-2.0.pdf", pdf_bytes("Polozhenie 2.0"))]
    )
    form.get_by_role("button", name="Внести версию").click()
    expect(page.locator(".notice--success")).to_contain_text("Действующая версия внесена с бумаги")
    expect(page.get_by_text("Текст версии: polozhenie-2.0.pdf")).to_be_visible()
    visitor.sign_out()

    visitor.sign_in(director)
    visitor.goto(page_of(SITE, year))
    register = page.locator("section.ob-register")
    expect(register).to_contain_text("Действует версия 2.0")
    expect(register).to_contain_text("утверждена 15.01.2024 № 15-од, действует с 16.01.2024")
    expect(register.locator("tbody tr")).to_have_count(1)
    expect(register.get_by_role("link", name="страница документа в реестре")).to_have_attribute(
        "href", f"/qms/documents/{document_id}"
    )
    label = page.locator("label[for=unchanged-polozhenie]")
    expect(label).to_contain_text("версия 2.0 реестра СМК, утверждена 15.01.2024 № 15-од")

    files = package_files(SITE, year)
    for key in ("report_forms", "cases", "interaction_scheme", "roadmap"):
        name, content = files[key]
        page.set_input_files(f"#items-{key}", files=[file_payload(name, content)])
    page.locator("#unchanged-polozhenie").check()
    row = roadmap_rows(year)[0]
    for name in ("no", "item", "deadline", "responsible"):
        page.locator(f"#data-roadmap-0-{name}").fill(str(row[name]))
    visitor.look("register-versions")
    page.get_by_role("button", name="Направить на рассмотрение").click()
    expect(page.locator(".notice--success")).to_contain_text("Направлено на рассмотрение")
    expect(page.locator(".ob-history")).to_contain_text(
        "изменений нет, подтверждена действующая редакция (версия 2.0 реестра СМК, утверждена 15.01.2024 № 15-од, "
        "действует с 16.01.2024)"
    )
    visitor.look("attested")

    # The document's page in the register opens for the site's director, read only.
    page.locator("section.ob-register").get_by_role("link", name="страница документа в реестре").click()
    expect(page.locator("h1")).to_contain_text(f"Положение о деятельности площадки {SITE}")
    expect(page.locator("dl.summary")).to_contain_text(f"Положение площадки{SITE}")
    expect(page.get_by_text("Текст версии: polozhenie-2.0.pdf")).to_be_visible()
    visitor.look("document")
    expect(page.locator(".breadcrumbs")).not_to_contain_text("Документы СМК")  # the unit's register is not theirs
    page.locator(".breadcrumbs").get_by_role("link", name=f"Площадка {SITE}").click()
    expect(page).to_have_url(re.compile(rf"/sites/{re.escape(SITE)}$"))
    expect(page.locator("h1")).not_to_contain_text("не найден")
