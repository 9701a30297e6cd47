"""A site's own month of sending a product to the Expert Council, in the browser (D53), and what follows the
examination: the cycle page's dated row says which product fulfilled it and leads to it; the row's page keeps the
product as its evidence; the product page's notices give the council's terms from the regulation (D47); an expert's
own task in the inbox has no «Вернуть в общий список»; and once the site's status is revoked, the product page and
the site's products say the examination closed without a conclusion.

The module owns a site of its own (9.9.54, a copy of C1 1.1.14, revoked at the end) and its cycle of this year: the
product is sent today, and the approved roadmap has a row about sending a product in this month."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from api.web.formats import working_days
from domain.periods import MONTHS_NOMINATIVE_RU
from domain.regulations.catalog import regulation
from innocycle.demo_files import docx_bytes
from tests.support.client import Api, obligation_path, region_today, until
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

SITE, LIKE = "9.9.54", "1.1.14"
DIRECTOR, CURATOR, SECRETARY = f"director.{LIKE}", f"curator.{LIKE}", "council.secretary"
TITLE = "Модельная программа «Семейный маршрут»"
ROW = "Направление модельной программы в Экспертный совет РЦРСО"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture(scope="module")
def world(dev_stack: Stack) -> Iterator[dict[str, Any]]:
    api = Api(dev_stack.api_url)
    dev_stack.query(
        "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
        f"regulation_id) SELECT '{SITE}', region_id, institution_id, direction_id, status, 'C54', polozhenie, "
        f"citation, regulation_id FROM sites WHERE id = '{LIKE}' ON CONFLICT DO NOTHING RETURNING 1"
    )
    api.grant(DIRECTOR, "site_director", "site", SITE)
    today = region_today()
    year = today.year
    assert api.open_cycle(SITE, year).status_code == 201
    quota = obligation_path(SITE, year, "product_quota", "Y")
    until(lambda: ok(api.get(DIRECTOR, quota))["status"], lambda s: s == "in_progress", 30)
    roadmap = {
        "form": "package",
        "roadmap": [
            {
                "no": "1",
                "section": "Организационно-методическая деятельность",
                "item": ROW,
                "deadline": MONTHS_NOMINATIVE_RU[today.month - 1],
                "responsible": "Руководитель ресурсного центра",
                "expected_result": "Продукт направлен на экспертизу",
            }
        ],
    }
    assert api.submit(SITE, year, DIRECTOR, api.upload_package(SITE, year, DIRECTOR), data=roadmap).status_code == 200
    assert api.decide(SITE, year, CURATOR, "approve").status_code == 200
    until(lambda: ok(api.get(DIRECTOR, f"/api/sites/{SITE}/cycles/{year}/dated-rows")), lambda r: len(r) == 1, 30)

    body = {
        "site_id": SITE,
        "title": TITLE,
        "kind": "model_program",
        "authors": [{"full_name": "Иванова Анна Петровна"}],
        "abstract": "Сопровождение семьи от обращения до результата.",
    }
    product_id = ok(api.post(DIRECTOR, "/api/products", json=body), 201)["product_id"]
    path = f"/api/products/{product_id}"
    file_id = ok(api.upload(DIRECTOR, SITE, "marshrut.docx", docx_bytes(TITLE)), 201)["file_id"]
    ok(api.post(DIRECTOR, path + "/versions", json={"files": {"product": file_id}}))
    ok(api.post(DIRECTOR, path + "/send", params={"year": year}))
    rows = f"/api/sites/{SITE}/cycles/{year}/dated-rows"
    until(lambda: ok(api.get(DIRECTOR, rows))[0]["status"], lambda s: s == "approved", 30)
    yield {"api": api, "year": year, "product_id": product_id, "path": path, "today": today}
    api.close()


def test_the_row_of_the_month_says_which_product_fulfilled_it(visitor: Visitor, world: dict[str, Any]) -> None:
    page, year = visitor.page, world["year"]
    visitor.sign_in(DIRECTOR)
    visitor.goto(f"/sites/{SITE}/cycles/{year}")
    row = page.locator("table.dated-rows tbody tr").filter(has_text=ROW)
    expect(row).to_contain_text("выполнено")
    expect(row).to_contain_text("продукт направлен в Экспертный совет")
    expect(row).to_contain_text(world["today"].strftime("%d.%m.%Y"))
    visitor.look("cycle-row-fulfilled-by-a-product")
    row.get_by_role("link", name=f"«{TITLE}»").click()
    page.wait_for_url(re.compile(rf"/products/{world['product_id']}$"))
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    # The row's own page: the product's file as its evidence, the product one click away, the rule saying so (D53).
    visitor.goto(f"/sites/{SITE}/cycles/{year}/obligations/roadmap_row/1")
    expect(page.get_by_text("продукт направлен в Экспертный совет").first).to_be_visible()
    expect(page.get_by_role("link", name="marshrut.docx").first).to_be_visible()
    expect(page.get_by_role("link", name="Страница продукта: версии, экспертиза, заключение")).to_be_visible()
    expect(page.get_by_text("выполняется продуктом, направленным в месяце срока (D53)").first).to_be_visible()
    expect(page.get_by_role("heading", name="Отметить выполнение")).to_have_count(0)
    visitor.look("row-page-with-the-product")


def test_the_terms_on_the_product_page_are_the_councils_and_an_expert_keeps_their_task(
    visitor: Visitor, world: dict[str, Any]
) -> None:
    page, api = visitor.page, world["api"]
    council = regulation("khmao-135r").council
    assert council is not None
    respond, review = council.respond_working_days, council.review_working_days
    visitor.sign_in(SECRETARY)
    visitor.goto(f"/products/{world['product_id']}")
    expect(page.get_by_text(f"Срок ответа эксперта на назначение — {working_days(respond)} (D47)")).to_be_visible()
    form = page.locator("section.product-assign")
    form.get_by_label("Член совета").select_option(api.user_id("expert.1"))
    form.get_by_role("button", name="Назначить").click()
    expect(page.locator(".notice--success")).to_contain_text(
        f"Эксперт назначен. У него {working_days(respond)}, чтобы принять назначение."
    )
    visitor.look("assigned-with-the-councils-term")
    visitor.sign_out()

    visitor.sign_in("expert.1")
    visitor.goto(f"/products/{world['product_id']}")
    expect(page.get_by_text(f"срок — {working_days(review)} с принятия назначения (D47)")).to_be_visible()
    visitor.goto("/tasks")
    task = page.locator(".tasks__item").filter(has_text=TITLE)
    expect(task).to_have_count(1)
    expect(task).to_contain_text("Исполнитель: вы")
    expect(task.get_by_role("button", name=re.compile("^Вернуть в общий список"))).to_have_count(0)
    visitor.look("an-experts-own-task")


def test_a_revoked_site_leaves_its_product_withdrawn(visitor: Visitor, world: dict[str, Any]) -> None:
    page, api, today = visitor.page, world["api"], world["today"]
    order = {"order": f"приказ Депсоцразвития Югры от {today:%d.%m.%Y} № 54-р", "effective_on": today.isoformat()}
    ok(api.post("department", f"/api/sites/{SITE}/revocation", json=order))
    product = until(lambda: ok(api.get(DIRECTOR, world["path"])), lambda p: p["status"] == "withdrawn", 30)
    assert product["status_ru"] == "экспертиза закрыта без заключения"
    listed = ok(api.get(DIRECTOR, "/api/products", params={"site_id": SITE, "status": "withdrawn"}))["items"]
    assert [p["product_id"] for p in listed] == [world["product_id"]]
    visitor.sign_in(DIRECTOR)
    visitor.goto(f"/products/{world['product_id']}")
    expect(page.locator("main")).to_contain_text("экспертиза закрыта без заключения")
    visitor.look("product-withdrawn")
    visitor.goto("/products")
    item = page.locator("main li, main tr").filter(has_text=TITLE).first
    expect(item).to_contain_text("экспертиза закрыта без заключения")
    visitor.look("registry-with-a-withdrawn-product")
