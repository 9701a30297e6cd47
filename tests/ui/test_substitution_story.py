"""A curator on vacation hands over to a colleague, who sees and acts on the task — in the browser only: the
curator of 1.1.5 arranges the substitution on «Мой профиль», the colleague (the curator of another direction) signs
in, finds the package to review in «Мои задачи», takes it and accepts it on the obligation page, and the record
says on whose behalf; back from vacation, the curator cancels the substitution."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from playwright.sync_api import expect

from tests.support.client import Api, region_today, until
from tests.ui.conftest import Visitor
from tests.ui.test_obligation_page import page_of, wait_open

SITE = "1.1.5"
DIRECTOR, CURATOR = f"director.{SITE}", f"curator.{SITE}"
COLLEAGUE = "curator.1.2.3"  # the curator of another direction, in no other story


def _review_tasks(api: Api, login: str, year: int) -> list[dict[str, Any]]:
    found = api.get(login, "/api/tasks", params={"site_id": SITE, "year": year, "task_kind": "review"})
    assert found.status_code == 200, found.text
    items: list[dict[str, Any]] = found.json()["items"]
    return items


def test_a_curator_on_vacation_hands_over_to_a_colleague_who_acts_on_the_task(
    api: Api, visitor: Visitor, second_visitor: Visitor, open_cycle: Callable[[str], int]
) -> None:
    # Before the story: the director has sent the annual package, so a review task waits for the curator.
    year = open_cycle(SITE)
    wait_open(api, SITE, year)
    items = api.upload_package(SITE, year, DIRECTOR)
    assert api.submit(SITE, year, DIRECTOR, items).status_code == 200
    [task] = until(lambda: _review_tasks(api, CURATOR, year), lambda found: len(found) == 1)
    assert task["assignee"] is None
    today = region_today()
    back_on = today + timedelta(days=14)

    # The curator hands her tasks over for her vacation.
    curator = visitor
    curator.sign_in(CURATOR)
    curator.goto("/me")
    page = curator.page
    expect(page.locator(".people-held")).to_contain_text(f"Куратор направления — направление {SITE}")
    curator.look("me-before")
    page.get_by_label("Логин коллеги, который будет замещать").fill(COLLEAGUE)
    expect(page.get_by_label("С", exact=True)).to_have_value(today.isoformat())
    page.get_by_label("По", exact=True).fill(back_on.isoformat())
    page.get_by_label("Причина").fill("отпуск")
    page.get_by_role("button", name="Назначить замещение").click()
    expect(page.locator(".notice--success")).to_contain_text("Замещение назначено")
    mine = page.locator(".standins").first
    expect(mine).to_contain_text(COLLEAGUE)
    expect(mine).to_contain_text(f"с {today:%d.%m.%Y} по {back_on:%d.%m.%Y}, отпуск")
    expect(mine).to_contain_text("действует")
    curator.look("handed-over")
    curator_name = api.get(CURATOR, "/api/me").json()["full_name"]
    # From now on the colleague is whom the review could be handed to, as her substitute.
    offered = api.get(CURATOR, f"/api/tasks/{task['task_id']}/colleagues").json()
    assert (COLLEAGUE, curator_name) in [(c["login"], c["on_behalf_of"]) for c in offered]

    # The colleague signs in: the substitution is in their grants, and the curator's task is in their inbox.
    colleague = second_visitor
    colleague.sign_in(COLLEAGUE)
    colleague.goto("/me")
    desk = colleague.page
    held = desk.locator(".people-held--for")
    expect(held).to_contain_text(f"Замещаю: {curator_name}")
    expect(held).to_contain_text(f"направление {SITE}")
    expect(desk.locator(".standins")).to_contain_text(CURATOR)
    colleague.look("colleague-me")

    colleague.goto(f"/tasks?site_id={SITE}&task_kind=review")
    item = desk.locator(f"[id='task-{task['task_id']}']")
    expect(item).to_contain_text(f"цикл {year} года")
    expect(item).to_contain_text("никто не взял")
    colleague.look("colleague-inbox")
    item.get_by_role("button", name="Взять в работу").click()
    expect(desk.locator(".notice--success")).to_contain_text("Задача взята в работу.")
    expect(desk.locator(f"[id='task-{task['task_id']}']")).to_contain_text("у вас в работе")
    colleague.look("colleague-claimed")
    colleague_id = api.user_id(COLLEAGUE)
    [claimed] = _review_tasks(api, CURATOR, year)
    assert claimed["assignee"]["user_id"] == colleague_id

    # The colleague accepts the package on the obligation page, on the curator's behalf.
    colleague.goto(page_of(SITE, year))
    expect(desk.get_by_role("heading", name="Принятие куратором направления РЦРСО")).to_be_visible()
    colleague.look("colleague-to-review")
    desk.get_by_label("Принять").check()
    desk.get_by_role("button", name="Отправить решение").click()
    expect(desk.locator(".notice--success")).to_contain_text("Обязанность выполнена")
    colleague.look("colleague-approved")
    decided_by = api.obligation(SITE, year, DIRECTOR)["decisions"][-1]["decided_by"]
    assert (decided_by["user_id"], decided_by["on_behalf_of"]) == (colleague_id, curator_name)

    # Back from vacation, the curator cancels the substitution.
    curator.goto("/me")
    page.get_by_role("button", name="Отменить замещение").click()
    expect(page.locator(".notice--success")).to_contain_text("Замещение отменено.")
    expect(page.locator(".standins").first).to_contain_text("отменено")
    curator.look("cancelled")
    listed = api.get(CURATOR, "/api/substitutions").json()
    assert [s["cancelled_at"] is not None for s in listed if s["substitute"]["login"] == COLLEAGUE] == [True]
