"""The registry in the browser (issue 16): the administrator's regions, the organisations of a region as a tree and
a site registered through the form (an end before the start refused beside its field first); then the Vologda
Department's region page, with its own sites and no word of KhMAO."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.ui.conftest import Visitor

KHMAO_WORDS = ("РЦРСО", "Депсоцразвития", "Югр", "135-р")


def test_registry(visitor: Visitor) -> None:
    page = visitor.page
    visitor.sign_in("admin")
    visitor.goto("/admin/regions")
    expect(page.get_by_role("link", name="Регионы", exact=True)).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("cell", name="Департамент социальной защиты населения Вологодской области")).to_be_visible()
    visitor.look("regions")

    visitor.goto("/admin/organisations?region=66")
    omc = page.locator("#org-sverdlovsk-omc")
    expect(omc.locator("#org-sverdlovsk-south-base")).to_contain_text("(условное название)")
    expect(omc.get_by_role("link", name="методическая секция sverdlovsk-south-2")).to_be_visible()
    visitor.look("tree")

    visitor.goto("/admin/sites/new?region=35")
    page.get_by_label("Код площадки").fill("ui-omp")
    page.get_by_label("Организация", exact=True).select_option("oktyabrsky-home")
    page.get_by_label("Направление (тема)").fill("Наставничество в организациях социального обслуживания")
    page.get_by_label("Статус", exact=True).select_option("methodological_platform")
    page.get_by_label("Начало").fill("01.09.2026")
    page.get_by_label("Окончание").fill("31.08.2026")
    page.get_by_role("button", name="Добавить площадку").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Окончание срока статуса (31.08.2026) раньше его начала (01.09.2026).")
    expect(page.locator("#status_until-error")).to_be_visible()
    visitor.look("site-refused")

    page.get_by_label("Окончание").fill("31.08.2028")
    page.get_by_role("button", name="Добавить площадку").click()
    expect(page.get_by_role("status")).to_contain_text("Запись создана.")
    expect(page.get_by_label("Окончание")).to_have_value("31.08.2028")
    visitor.goto("/admin/sites?region=35")
    # the row whose code is exactly ui-omp: the criteria report's page test registers a «vo-ui-omp» in the same region
    row = page.locator("tr", has=page.get_by_role("link", name="ui-omp", exact=True))
    expect(row).to_contain_text("с 01.09.2026 по 31.08.2028")
    visitor.look("sites")

    visitor.sign_out()
    visitor.sign_in("vologda.department")
    visitor.goto("/region")
    expect(page.locator("h1")).to_be_visible()
    text = page.content()
    assert "Вологодская область" in text
    assert not [word for word in KHMAO_WORDS if word in text]
    visitor.look("vologda-region")
