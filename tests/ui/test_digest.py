"""The daily digest in the browser (issue 15 §3): in the bell like any notification, its page with its sections and
the links of each line; «в ежедневной сводке» chosen on «Мой профиль»."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import httpx
from playwright.sync_api import expect

from tests.support.client import Api, until
from tests.support.oracle import Clock, ReferenceCalendar
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

SITE = "1.2.4"
DIRECTOR = f"director.{SITE}"
CLOCK = Clock("Asia/Yekaterinburg")


def test_a_digest_in_the_bell_and_on_its_page(
    api: Api, dev_stack: Stack, visitor: Visitor, open_cycle: Callable[[str], int]
) -> None:
    year = open_cycle(SITE)
    until(lambda: api.get(DIRECTOR, "/api/tasks", params={"site_id": SITE, "year": year}).json()["items"], bool)
    day = ReferenceCalendar(range(year - 1, year + 1)).roll(date(year - 1, 12, 20))  # the package's due day
    response = httpx.post(
        f"{dev_stack.api_url}/internal/regions/86/digests",
        json={"at": CLOCK.at(day, 9).isoformat()},
        headers={"Authorization": f"Bearer {dev_stack.env['INNOCYCLE_SERVICE_TOKEN']}"},
        timeout=120,
    )
    assert response.status_code == 200 and response.json()["working_day"], response.text

    page = visitor.page
    visitor.sign_in(DIRECTOR)
    visitor.goto("/notifications")
    item = page.locator(".notifications__item").filter(has_text=f"Сводка на {day:%d.%m.%Y}").first
    expect(item).to_contain_text("Сводка")
    item.locator(".notifications__subject a").click()
    page.wait_for_url(f"**/notifications/digests/{day.isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Сводка на {day:%d.%m.%Y}")
    due = page.locator("section").filter(has=page.get_by_role("heading", name="Срок на этой неделе"))
    expect(due.locator(f'a[href="/sites/{SITE}/cycles/{year}/obligations/package/annual"]')).to_be_visible()
    visitor.look("digest")

    # A day without a digest: not found, as for anyone.
    visitor.goto("/notifications/digests/2099-01-05")
    expect(page.locator("main")).to_contain_text("Сводки на 05.01.2099 нет.")


def test_the_digest_chosen_on_my_profile(api: Api, visitor: Visitor) -> None:
    login = "responsible.1.2.4"
    page = visitor.page
    visitor.sign_in(login)
    visitor.goto("/me")
    page.get_by_label("Напоминания о сроках").select_option("digest")
    page.get_by_role("button", name="Сохранить настройки уведомлений").click()
    expect(page.locator(".notice--success")).to_contain_text("Настройки уведомлений сохранены")
    chosen = api.get(login, "/api/me/notification-preferences").json()
    assert chosen["reminders"] == "digest"
    restored = api.request("PUT", login, "/api/me/notification-preferences", json={**chosen, "reminders": "immediate"})
    assert restored.status_code == 200, restored.text
