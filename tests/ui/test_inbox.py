"""«Мои задачи» in the browser: overdue first, filters with and without JavaScript, taking a task and giving it
back, a refusal said next to its task; and the list of sites."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.support.client import Api
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

LATE_SITE = "1.1.11"  # a cycle of a past year (every deadline missed) and one of next year
REVIEW_SITE, REVIEW_YEAR = "1.1.14", 2093  # a package sent for review: the curator's task


def _open(api: Api, site_id: str, year: int) -> None:
    response = api.open_cycle(site_id, year)
    assert response.status_code in (201, 409), response.text


def _sent_for_review(api: Api) -> None:
    _open(api, REVIEW_SITE, REVIEW_YEAR)
    director = f"director.{REVIEW_SITE}"
    found = api.get(director, "/api/tasks", params={"site_id": REVIEW_SITE, "year": REVIEW_YEAR, "kind": "approval"})
    if any(t["obligation"]["key"] == "package" and t["kind"] == "submit" for t in found.json()["items"]):
        items = api.upload_package(REVIEW_SITE, REVIEW_YEAR, director)
        assert api.submit(REVIEW_SITE, REVIEW_YEAR, director, items).status_code == 200


def test_the_inbox_lists_overdue_tasks_first(api: Api, visitor: Visitor) -> None:
    _open(api, LATE_SITE, 2025)
    _open(api, LATE_SITE, 2027)
    visitor.sign_in(f"director.{LATE_SITE}")
    visitor.goto(f"/tasks?site_id={LATE_SITE}&kind=approval")
    items = visitor.page.locator(".tasks__item")
    expect(items.first).to_be_visible()
    late = [("tasks__item--late" in (items.nth(i).get_attribute("class") or "")) for i in range(items.count())]
    assert late[0] and not late[-1], late
    assert late == sorted(late, reverse=True), late  # every overdue task before every other
    first = items.first
    expect(first.get_by_text("просрочена", exact=True)).to_be_visible()
    expect(first.get_by_text(re.compile(r"просрочено на \d+ рабоч"))).to_be_visible()
    expect(items.last.get_by_text(re.compile(r"^до \d\d\.\d\d\.\d{4}, (пн|вт|ср|чт|пт|сб|вс)$"))).to_be_visible()
    link = first.locator("a.tasks__title")
    assert re.fullmatch(rf"/sites/{LATE_SITE}/cycles/2025/obligations/[^/]+/[^/]+", link.get_attribute("href") or "")
    visitor.look("overdue-first")
    visitor.goto("/tasks")
    visitor.look("inbox")


def test_the_filter_works_without_javascript(api: Api, visitor: Visitor, browser: Browser, dev_stack: Stack) -> None:
    _open(api, LATE_SITE, 2025)
    visitor.sign_in(f"director.{LATE_SITE}")
    plain = browser.new_context(base_url=dev_stack.api_url, java_script_enabled=False, locale="ru-RU")
    try:
        plain.add_cookies(visitor.context.cookies())
        page = plain.new_page()
        page.goto("/tasks")
        page.get_by_label("Вид обязанности").select_option("approval")
        page.get_by_label("Только просроченные").check()
        page.get_by_role("button", name="Показать").click()
        page.wait_for_load_state()
        assert "kind=approval" in page.url and "overdue=true" in page.url, page.url
        items = page.locator(".tasks__item")
        assert items.count() >= 1
        for i in range(items.count()):
            assert "tasks__item--late" in (items.nth(i).get_attribute("class") or "")
    finally:
        plain.close()


def test_the_filter_swaps_only_the_list_with_htmx(api: Api, visitor: Visitor) -> None:
    _open(api, LATE_SITE, 2025)
    _open(api, LATE_SITE, 2027)
    visitor.sign_in(f"director.{LATE_SITE}")
    visitor.goto("/tasks")
    visitor.page.evaluate("window.sameDocument = true")
    visitor.page.get_by_label("Вид обязанности").select_option("approval")
    expect(visitor.page).to_have_url(re.compile(r"kind=approval"))
    expect(visitor.page.locator(".tasks__item")).to_have_count(2)  # the packages of 2025 and 2027
    visitor.page.get_by_label("Только просроченные").check()
    expect(visitor.page).to_have_url(re.compile(r"kind=approval&overdue=true"))
    expect(visitor.page.locator(".tasks__item")).to_have_count(1)
    expect(visitor.page.locator(".tasks__item--late")).to_have_count(1)
    assert visitor.page.evaluate("window.sameDocument") is True  # no page load: only the list was swapped
    visitor.look("filtered")
    visitor.page.get_by_label("Вид обязанности").select_option("product_review")  # the experts' kind: nothing here
    expect(visitor.page.get_by_text("По выбранным условиям задач нет.")).to_be_visible()
    visitor.look("nothing-found")


def test_a_curator_takes_a_task_and_gives_it_back(api: Api, visitor: Visitor) -> None:
    _sent_for_review(api)
    visitor.sign_in(f"curator.{REVIEW_SITE}")
    visitor.goto(f"/tasks?site_id={REVIEW_SITE}")
    task = visitor.page.locator(".tasks__item", has_text=f"цикл {REVIEW_YEAR} года").filter(has_text="Рассмотреть")
    expect(task).to_have_count(1)
    expect(task.get_by_text("никто не взял")).to_be_visible()
    visitor.look("review-task")

    task.get_by_role("button", name=re.compile("^Взять в работу")).click()
    expect(visitor.page.get_by_text("Задача взята в работу.")).to_be_visible()
    expect(task.get_by_text("у вас в работе")).to_be_visible()
    expect(task.get_by_text("Исполнитель: вы")).to_be_visible()
    assert "site_id=" in visitor.page.url  # back to the same view
    visitor.look("claimed")

    # The direction has one curator: the hand-over page says so instead of asking for a login nobody knows.
    task.get_by_role("link", name=re.compile("^Передать коллеге")).click()
    expect(visitor.page.get_by_role("heading", name="Передать задачу коллеге")).to_be_visible()
    expect(visitor.page.get_by_text("Передать задачу некому.")).to_be_visible()
    visitor.look("nobody-to-hand-over-to")
    visitor.page.get_by_role("link", name="Вернуться к задачам").click()
    expect(visitor.page).to_have_url(re.compile(r"/tasks\?site_id="))  # back to the same view

    task.get_by_role("button", name=re.compile("^Вернуть в общий список")).click()
    expect(visitor.page.get_by_text("Задача возвращена в общий список.")).to_be_visible()
    expect(task.get_by_text("никто не взял")).to_be_visible()
    mine = api.get(f"curator.{REVIEW_SITE}", "/api/tasks", params={"site_id": REVIEW_SITE, "assigned": "me"}).json()
    assert mine["items"] == []
    visitor.look("released")


def test_a_review_task_shows_its_due_date_like_any_other_task(api: Api, visitor: Visitor) -> None:
    # D30: the curator has 5 working days from the submission; the inbox shows the date, not «без срока».
    _sent_for_review(api)
    found = api.get(f"curator.{REVIEW_SITE}", "/api/tasks", params={"site_id": REVIEW_SITE, "task_kind": "review"})
    (review,) = [t for t in found.json()["items"] if t["year"] == REVIEW_YEAR and t["obligation"]["key"] == "package"]
    assert review["due"] is not None
    day = review["due"]["effective"]  # YYYY-MM-DD
    shown = f"{day[8:10]}.{day[5:7]}.{day[0:4]}"
    visitor.sign_in(f"curator.{REVIEW_SITE}")
    visitor.goto(f"/tasks?site_id={REVIEW_SITE}")
    task = visitor.page.locator(".tasks__item", has_text=f"цикл {REVIEW_YEAR} года").filter(has_text="Рассмотреть")
    expect(task).to_have_count(1)
    expect(task.locator(".tasks__date")).to_have_text(re.compile(rf"^до {re.escape(shown)}, (пн|вт|ср|чт|пт)$"))
    expect(task.get_by_text("без срока")).to_have_count(0)
    visitor.look("review-task-due")


def test_a_director_hands_the_package_to_the_responsible_person(api: Api, visitor: Visitor) -> None:
    site, year = "1.1.12", 2094
    _open(api, site, year)
    visitor.sign_in(f"director.{site}")
    visitor.goto(f"/tasks?site_id={site}&kind=approval")
    task = visitor.page.locator(".tasks__item", has_text=f"цикл {year} года")
    expect(task).to_have_count(1)
    task.get_by_role("link", name=re.compile("^Передать коллеге")).click()
    page = visitor.page
    expect(page.get_by_role("heading", name="Передать задачу коллеге")).to_be_visible()
    colleagues = page.get_by_role("group", name="Кому передать").get_by_role("radio")
    expect(colleagues).to_have_count(1)  # the responsible person; not the director themself, not another site's

    page.get_by_role("button", name="Передать").click()  # nobody chosen
    expect(page.locator(".error-summary")).to_contain_text("Выберите, кому передать задачу.")
    expect(page.locator("#assignee_login-error")).to_contain_text("выберите коллегу")
    visitor.look("handover-nobody-chosen")
    tasks = api.get(f"director.{site}", "/api/tasks", params={"site_id": site, "year": year, "kind": "approval"})
    assert tasks.json()["items"][0]["assignee"] is None  # nothing recorded

    page.get_by_label(re.compile("Ответственное лицо площадки")).check()
    visitor.look("handover")
    page.get_by_role("button", name="Передать").click()
    expect(page.get_by_text("Задача передана коллеге.")).to_be_visible()
    expect(task.locator(".tasks__who")).to_contain_text("Исполнитель:")
    expect(task.locator(".tasks__who")).not_to_contain_text("Исполнитель: вы")
    mine = api.get(f"responsible.{site}", "/api/tasks", params={"site_id": site, "year": year, "assigned": "me"})
    assert [t["obligation"]["key"] for t in mine.json()["items"]] == ["package"]


def test_the_sites_page_groups_what_one_may_read(visitor: Visitor) -> None:
    visitor.sign_in("rcrso")
    visitor.goto("/sites")
    expect(visitor.page.get_by_role("heading", name=re.compile("^Ресурсные центры"))).to_be_visible()
    expect(visitor.page.get_by_role("heading", name=re.compile("^Опорные площадки"))).to_be_visible()
    link = visitor.page.locator("a.sites__name").first
    assert link.get_attribute("href") == "/sites/1.1.1"
    visitor.look("sites")
    visitor.sign_out()
    visitor.sign_in("curator.1.1.5")
    visitor.goto("/sites")
    expect(visitor.page.locator("a.sites__name")).to_have_count(1)
    visitor.look("sites-curator")
