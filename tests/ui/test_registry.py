"""The registry in the browser (issue 16): the administrator's regions, the organisations of a region as a tree and
a site registered through the form (an end before the start refused beside its field first); then the Vologda
Department's region page, with its own sites and no word of KhMAO; a status end moved later on the card extending
the cycle it had cut, and a beginning moved under that cycle refused."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from tests.support.client import Api, until
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


def test_a_status_end_moved_later_extends_the_cycle_it_cut(visitor: Visitor, api: Api) -> None:
    """D22 in the browser: a platform whose status ends in the middle of its cycle's year has no quarter after the
    end; the administrator moves the end to the year's last day on the site's card, and the cycle's page then lists
    the third and fourth quarters with the sentence that says why. Moving the beginning under that cycle is refused
    beside its field (D28), and nothing is recorded."""
    page = visitor.page
    year = date.today().year + 1
    card = {
        "institution_id": "oktyabrsky-home",
        "direction_title": "Сопровождаемое проживание",
        "status": "methodological_platform",
        "status_since": f"{year - 1}-01-01",
        "status_until": f"{year}-06-30",
    }
    created = api.post("admin", "/api/admin/sites", json={"id": "ui-cut-omp", "region_id": "35", **card})
    assert created.status_code == 201, created.text
    assert api.open_cycle("ui-cut-omp", year, login="admin").status_code in (201, 409)

    def quarters() -> set[str]:
        cycle = api.get("admin", f"/api/sites/ui-cut-omp/cycles/{year}").json()
        return {o["instance"] for o in cycle["obligations"] if o["key"] == "quarterly_monitoring"}

    assert until(quarters, lambda found: found == {"Q1", "Q2"})  # cut at 30 June: no third or fourth quarter

    visitor.sign_in("admin")
    visitor.goto("/admin/sites/ui-cut-omp")
    page.get_by_label("Окончание").fill(f"31.12.{year}")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_contain_text("Изменения сохранены.")
    assert until(quarters, lambda found: found == {"Q1", "Q2", "Q3", "Q4"})
    visitor.goto(f"/sites/ui-cut-omp/cycles/{year}")
    expect(page.get_by_text(f"план цикла, сокращенный по 30.06.{year}, дополнен обязанностями")).to_be_visible()
    visitor.look("cycle-extended")

    visitor.goto("/admin/sites/ui-cut-omp")
    page.get_by_label("Начало").fill(f"01.03.{year}")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".error-summary")).to_contain_text("Начало срока статуса нельзя перенести")
    expect(page.locator("#status_since-error")).to_be_visible()
    visitor.look("start-refused")
    site = api.get("admin", "/api/admin/sites/ui-cut-omp").json()
    assert (site["status_since"], site["status_until"]) == (f"{year - 1}-01-01", f"{year}-12-31")
