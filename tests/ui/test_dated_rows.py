"""The dated rows of the approved roadmap in the browser (D42–D44): the cycle page lists them with their due dates
and state; a row's page offers «Отметить выполнение», refuses a mark without evidence next to the field, and records
one with a note; the cycle page then shows the row done by the site.

The module owns a cycle of C3 (1.1.5) in a far year (the first of 2090–2099 free in this session: no deadline
fires); its package is sent and accepted through the REST API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support.client import Api, region_today, until
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

SITE = "1.1.5"
DIRECTOR, CURATOR = f"director.{SITE}", f"curator.{SITE}"
FIRST_ROW = "Актуализация положения, алгоритма взаимодействия и отчетных форм"


@pytest.fixture(scope="module")
def cycle(dev_stack: Stack) -> Iterator[dict[str, Any]]:
    api = Api(dev_stack.api_url)
    year = next(y for y in range(2090, 2100) if api.open_cycle(SITE, y).status_code == 201)
    items = api.upload_package(SITE, year, DIRECTOR)
    assert api.submit(SITE, year, DIRECTOR, items).status_code == 200
    assert api.decide(SITE, year, CURATOR, "approve").status_code == 200
    path = f"/api/sites/{SITE}/cycles/{year}/dated-rows"
    until(lambda: api.get(DIRECTOR, path).json(), lambda rows: len(rows) == 4)
    yield {"year": year, "api": api}
    api.close()


def test_the_cycle_page_lists_dated_rows_and_a_row_is_marked_done(visitor: Visitor, cycle: dict[str, Any]) -> None:
    page, year = visitor.page, cycle["year"]
    visitor.sign_in(DIRECTOR)
    visitor.goto(f"/sites/{SITE}/cycles/{year}")
    expect(page.get_by_role("heading", name="Мероприятия дорожной карты со сроком")).to_be_visible()
    table = page.locator("table.dated-rows")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(4)
    first = rows.nth(0)
    expect(first).to_contain_text("1.1")
    expect(first).to_contain_text(FIRST_ROW)
    february = date(year, 3, 1) - timedelta(days=1)  # nominal; an effective date rolled off a weekend shows beside it
    expect(first).to_contain_text(february.strftime("%d.%m.%Y"))
    expect(first).to_contain_text("в работе")
    expect(rows.nth(3)).to_contain_text(f"30.11.{year}")
    visitor.look("cycle-dated-rows")

    # The row's page: «Отметить выполнение»; without a file or a note the mark is refused next to the field.
    first.get_by_role("link", name=FIRST_ROW).click()
    page.wait_for_url(re.compile(r"/obligations/roadmap_row/1\.1$"))
    form = page.locator("section.ob-action", has=page.get_by_role("heading", name="Отметить выполнение"))
    today = region_today().isoformat()
    form.get_by_label("Дата выполнения").fill(today)
    form.get_by_role("button", name="Отметить выполнение").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Приложите подтверждающий файл или опишите, что сделано").first).to_be_visible()
    visitor.look("row-done-refused")

    form = page.locator("section.ob-action", has=page.get_by_role("heading", name="Отметить выполнение"))
    form.get_by_label("Дата выполнения").fill(today)
    form.get_by_label("Что сделано").fill("Положение и алгоритм утверждены приказом директора")
    form.get_by_role("button", name="Отметить выполнение").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Выполнение мероприятия отмечено.")).to_be_visible()
    expect(page.get_by_role("heading", name="Отметить выполнение")).to_have_count(0)
    visitor.look("row-done")

    visitor.goto(f"/sites/{SITE}/cycles/{year}")
    first = page.locator("table.dated-rows tbody tr").nth(0)
    expect(first).to_contain_text("выполнено")
    expect(first).to_contain_text("отмечено площадкой")

    # The row's rule is the regulation's template of a dated row, shown on the regulation's page.
    first.get_by_role("link", name=FIRST_ROW).click()
    page.get_by_role("link", name="правило в регламенте").first.click()
    page.wait_for_url(re.compile(r"/regulations/khmao-135r#obligation-roadmap_row$"))
    rule = page.locator("#obligation-roadmap_row")
    expect(rule).to_contain_text("Мероприятие дорожной карты со сроком")
    expect(rule).to_be_in_viewport()
