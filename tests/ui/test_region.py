"""The region's pages in the browser: the matrix of a year, performance discipline, open escalations by level and
the сборник, for the Department and the RCRSO; what a curator sees of them and that a site's director is refused.

The scenario owns the year 2025 of two sites, opened long after its dates: everything of 1.1.12 is open and
overdue at once (its quarterly reports climb their ladders to level 3); 1.1.8's package is sent and accepted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.client import Api, until
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

YEAR = 2025
LATE, DONE = "1.1.12", "1.1.8"
Q1 = f"/sites/{LATE}/cycles/{YEAR}/obligations/quarterly_report/Q1"


def _matrix_instance(api: Api, site_id: str, key: str, instance: str) -> dict[str, Any]:
    response = api.get("rcrso", "/api/region/86/matrix", params={"year": YEAR, "direction_id": site_id})
    assert response.status_code == 200, response.text
    [row] = response.json()["rows"]
    cell = next(c for c in row["cells"] if c["key"] == key)
    return next((i for i in cell["instances"] if i["instance"] == instance), {})


def _level3(api: Api) -> list[dict[str, Any]]:
    params = {"site_id": LATE, "year": YEAR, "level": "level3", "open": "true", "per_page": 200}
    return list(api.get("rcrso", "/api/region/escalations", params=params).json()["items"])


@pytest.fixture(scope="module")
def late_year(dev_stack: Stack) -> Iterator[Api]:
    api = Api(dev_stack.api_url)
    for site_id in (LATE, DONE):
        opened = api.open_cycle(site_id, YEAR)
        assert opened.status_code in (201, 409), opened.text
    package = until(lambda: api.obligation(DONE, YEAR, "rcrso"), lambda o: o["status"] != "planned", 30)
    if package["status"] == "awaiting_submission":
        items = api.upload_package(DONE, YEAR, f"director.{DONE}")
        assert api.submit(DONE, YEAR, f"director.{DONE}", items).status_code == 200
        accepted = api.decide(DONE, YEAR, f"curator.{DONE}", "approve", "Принято")
        assert accepted.status_code == 200 and accepted.json()["status"] == "approved", accepted.text
    until(lambda: _matrix_instance(api, LATE, "quarterly_report", "Q1"), lambda q: q.get("outcome") == "overdue", 30)
    until(lambda: _level3(api), lambda rows: any(r["obligation_id"].endswith(":quarterly_report:Q1") for r in rows), 60)
    dev_stack.wait_until_quiet()
    yield api
    api.close()


def _site_row(page: Page, site_id: str) -> Any:
    return page.locator(f'#region-results tbody tr[data-site="{site_id}"]')


def test_an_overdue_quarterly_report_shows_red_on_the_region_matrix(visitor: Visitor, late_year: Api) -> None:
    visitor.sign_in("department")
    assert visitor.page.url.endswith("/region")
    page = visitor.page
    expect(page.get_by_role("heading", name="Матрица исполнения обязанностей")).to_be_visible()

    # The year is chosen in the filter; htmx swaps the matrix in and keeps the address.
    page.get_by_label("Год цикла").select_option(str(YEAR))
    page.wait_for_url(re.compile(rf"year={YEAR}"))
    expect(page.locator("#region-results h2")).to_contain_text(f"{YEAR} год")
    expect(page.get_by_role("link", name="Исполнительская дисциплина")).to_have_attribute(
        "href", re.compile(f"year={YEAR}")
    )
    expect(page).to_have_title(re.compile(f"{YEAR} год"))
    late_row = _site_row(page, LATE)
    chip = late_row.locator(f'a[href="{Q1}"]')
    expect(chip).to_have_class(re.compile(r"\bchip--overdue\b"))
    expect(chip).to_contain_text("I кв.")
    expect(chip).to_contain_text("просрочено")
    assert "просрочка" in (chip.get_attribute("title") or "")
    expect(late_row.locator(".region-matrix__overdue")).to_contain_text("просрочено:")
    # The accepted package of the other site is green and says so; a site without a cycle says that too.
    done = _site_row(page, DONE).locator(f'a[href="/sites/{DONE}/cycles/{YEAR}/obligations/package/annual"]')
    expect(done).to_have_class(re.compile(r"\bchip--done(-late)?\b"))
    expect(done).to_contain_text("выполнено")
    expect(page.locator("#unopened")).to_contain_text(f"Цикл {YEAR} года не открыт")
    expect(page.locator('#unopened a[data-site="1.1.5"]')).to_have_attribute("href", "/sites/1.1.5")
    expect(page.locator(".legend")).to_contain_text("просрочено")
    visitor.look("matrix")
    # Only the table scrolls sideways, never the page: at 390 px the first column stays in view.
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})

    # Only the sites with something overdue, then one direction.
    page.get_by_label("Только с просрочкой").check()
    page.wait_for_url(re.compile(r"overdue=1"))
    expect(page.locator("#unopened")).to_have_count(0)
    expect(_site_row(page, LATE)).to_have_count(1)
    page.get_by_label("Направление").select_option(LATE)
    page.wait_for_url(re.compile(rf"direction_id={re.escape(LATE)}"))
    expect(page.locator("#region-results tbody tr")).to_have_count(1)
    visitor.look("matrix-one-direction")

    # The cell opens the obligation.
    _site_row(page, LATE).locator(f'a[href="{Q1}"]').click()
    page.wait_for_url(re.compile(re.escape(Q1) + "$"))


def test_the_filters_work_without_javascript(browser: Browser, dev_stack: Stack, late_year: Api) -> None:
    context = browser.new_context(base_url=dev_stack.api_url, java_script_enabled=False, locale="ru-RU")
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("Логин").fill("rcrso")
        page.get_by_label("Пароль").fill("demo")
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url(re.compile(r"/region$"))
        page.get_by_label("Год цикла").select_option(str(YEAR))
        page.get_by_label("Статус площадки").select_option("resource_center")
        page.get_by_label("Только с просрочкой").check()
        page.get_by_role("button", name="Показать").click()
        page.wait_for_url(re.compile(rf"/region\?year={YEAR}&direction_id=&status=resource_center&overdue=1$"))
        expect(page.get_by_label("Год цикла")).to_have_value(str(YEAR))
        expect(page.get_by_label("Только с просрочкой")).to_be_checked()
        expect(page.locator("#unopened")).to_have_count(0)
        expect(_site_row(page, LATE).get_by_role("link").first).to_have_attribute("href", f"/sites/{LATE}")
        expect(page.locator("#region-nav a[aria-current=page]")).to_have_text("Матрица исполнения")
    finally:
        context.close()


def test_discipline_counts_what_is_overdue(visitor: Visitor, late_year: Api) -> None:
    visitor.sign_in("rcrso")
    visitor.goto(f"/region?year={YEAR}")
    visitor.page.get_by_role("link", name="Исполнительская дисциплина").click()
    page = visitor.page
    page.wait_for_url(re.compile(rf"/region/discipline\?year={YEAR}"))
    expect(page.get_by_role("heading", name="Исполнительская дисциплина")).to_be_visible()
    late_row = _site_row(page, LATE)
    expect(late_row.locator(".tag--red")).to_be_visible()
    expect(late_row).to_contain_text("рабочих дн")
    expect(page.locator("tfoot")).to_contain_text("Итого по региону")
    visitor.look("discipline")


def test_open_escalations_are_listed_by_level(visitor: Visitor, late_year: Api) -> None:
    visitor.sign_in("department")
    visitor.goto(f"/region/escalations?year={YEAR}")
    page = visitor.page
    expect(page.get_by_role("heading", name="Открытые эскалации")).to_be_visible()
    level3 = page.locator("section.escalation-level--level3")
    row = level3.locator("tr").filter(has=page.locator(f'a[href="{Q1}"]'))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("I квартал")
    expect(row).to_contain_text(re.compile(r"просрочено на \d+ рабоч(ий день|их дня|их дней)"))
    # Each obligation once, at its highest step: the Q1 report is not listed again at level 1.
    expect(page.locator("section.escalation-level--overdue").locator(f'a[href="{Q1}"]')).to_have_count(0)
    visitor.look("escalations")


def test_a_curator_sees_only_their_direction(visitor: Visitor, late_year: Api) -> None:
    visitor.sign_in(f"curator.{LATE}")
    visitor.goto(f"/region?year={YEAR}")
    page = visitor.page
    expect(page.get_by_role("heading", name="Площадки моего направления")).to_be_visible()
    expect(page.locator("#region-results tbody tr")).to_have_count(1)
    expect(_site_row(page, LATE).locator(".tag--red")).to_contain_text("просрочено")
    expect(_site_row(page, DONE)).to_have_count(0)
    expect(page.locator("#region-nav")).not_to_contain_text("Исполнительская дисциплина")
    visitor.look("curator-direction")

    visitor.goto(f"/region/escalations?year={YEAR}")
    expect(page.locator(f'a[href="{Q1}"]')).to_have_count(1)
    expect(page.locator(f'#region-results a[href^="/sites/{DONE}/"]')).to_have_count(0)
    visitor.look("curator-escalations")

    # The discipline ranks every site of the region: not the curator's business (the REST route refuses too).
    response = page.goto(f"/region/discipline?year={YEAR}")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Недостаточно прав")).to_be_visible()


def test_a_director_is_refused_the_region(visitor: Visitor, late_year: Api) -> None:
    visitor.sign_in(f"director.{LATE}")
    expect(visitor.page.get_by_role("navigation", name="Основные разделы")).not_to_contain_text("Регион")
    response = visitor.page.goto("/region")
    assert response is not None and response.status == 403
    expect(visitor.page.get_by_role("heading", name="Недостаточно прав")).to_be_visible()
    expect(visitor.page.get_by_text("Раздел «Регион» доступен Департаменту")).to_be_visible()
    visitor.look("director-refused")


def test_the_rcrso_builds_the_compendium_with_its_gaps_named(visitor: Visitor, late_year: Api) -> None:
    visitor.sign_in("rcrso")
    visitor.goto(f"/region?year={YEAR}")
    visitor.page.get_by_role("link", name=f"Сборник {YEAR} года").click()
    page = visitor.page
    page.wait_for_url(re.compile(rf"/compendia/86/{YEAR}$"))
    expect(page.get_by_role("heading", name=f"Сборник {YEAR} года")).to_be_visible()
    opening = page.get_by_role("button", name=f"Открыть подготовку сборника {YEAR} года")
    if opening.count():
        visitor.look("compendium-not-opened")
        opening.click()
    gaps = page.locator("table").filter(has=page.get_by_role("columnheader", name=re.compile("Почему пакета нет")))
    expect(gaps.locator("tr").filter(has_text=f"{LATE}")).to_contain_text("пакет не представлен")
    expect(gaps.locator("tr").filter(has_text="1.1.5")).to_contain_text("цикл не открыт")
    included = page.locator("table").filter(has=page.get_by_role("columnheader", name="Версия пакета"))
    expect(included.locator("tbody tr")).to_have_count(1)
    expect(included).to_contain_text(DONE)
    visitor.look("compendium")

    publish = page.get_by_role("button", name="Выпустить сборник с перечнем пробелов")
    if publish.count():
        page.get_by_label("Сопроводительный текст (необязательно)").fill("Направлен в учреждения письмом РЦРСО.")
        publish.click()
    expect(page.locator("dl.summary")).to_contain_text("выпущен")
    expect(page.locator("dl.summary")).to_contain_text("В выпущенном сборнике")
    visitor.look("compendium-published")


def test_the_department_reads_the_compendium_but_does_not_build_it(visitor: Visitor, late_year: Api) -> None:
    visitor.sign_in("department")
    visitor.goto(f"/compendia/86/{YEAR + 40}")
    expect(visitor.page.get_by_role("heading", name="Не найдено")).to_be_visible()
    expect(visitor.page.get_by_role("button", name=re.compile("Открыть подготовку"))).to_have_count(0)
