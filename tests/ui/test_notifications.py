"""The bell in the browser: a task arrives, the count on the bell of every page rises, the notification is in the
list with its link, marked read the count falls, all read it is zero; the choices of delivery on «Мой профиль» (an
address that is no address said beside its field); the administrator's page of the e-mail."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect

from tests.support.client import Api, until
from tests.ui.conftest import Visitor

SITE = "1.1.7"
DIRECTOR = f"director.{SITE}"


def unread(api: Api, login: str) -> int:
    return int(api.get(login, "/api/notifications", params={"limit": 1}).json()["unread"])


def test_the_bell_counts_what_arrives_and_what_is_read(
    api: Api, visitor: Visitor, open_cycle: Callable[[str], int]
) -> None:
    page = visitor.page
    api.post(DIRECTOR, "/api/notifications/read")  # start from nothing unread
    visitor.sign_in(DIRECTOR)
    visitor.goto("/tasks")
    bell = page.locator(".bell__count")
    expect(bell).to_have_text("0")

    year = open_cycle(SITE)  # the package opens at once: a task for the director
    until(lambda: unread(api, DIRECTOR), lambda count: count >= 1)
    arrived = unread(api, DIRECTOR)
    visitor.goto("/tasks")
    expect(bell).to_have_text(str(arrived))
    expect(page.locator(".bell")).to_have_class("bell bell--unread")
    visitor.look("bell-on-the-inbox")

    page.locator(".bell").click()
    page.wait_for_url("**/notifications")
    expect(page.get_by_role("heading", name="Уведомления", exact=True)).to_be_visible()
    item = page.locator(".notifications__item--unread").filter(has_text=f"{SITE}").first
    expect(item).to_contain_text("Новая задача")
    link = item.locator(".notifications__subject a")
    expect(link).to_have_attribute("href", f"/sites/{SITE}/cycles/{year}/obligations/package/annual")
    visitor.look("list")

    item.get_by_role("button", name="Прочитано").click()
    expect(page.locator(".notice--success")).to_contain_text("Уведомление отмечено прочитанным")
    expect(bell).to_have_text(str(arrived - 1))
    visitor.look("one-read")
    if arrived > 1:
        page.get_by_role("button", name="Отметить все прочитанными").click()
        expect(page.locator(".notice--success")).to_contain_text("Все уведомления отмечены прочитанными")
    expect(bell).to_have_text("0")
    expect(page.locator(".bell")).to_have_class("bell")
    assert unread(api, DIRECTOR) == 0

    # The link leads to the obligation's page, where the bell says the same.
    page.goto("/notifications")
    page.locator(".notifications__subject a").filter(has_text=SITE).first.click()
    page.wait_for_url(f"**/sites/{SITE}/cycles/{year}/obligations/package/annual")
    expect(bell).to_have_text("0")


def test_choices_of_delivery_on_my_profile(api: Api, visitor: Visitor) -> None:
    login = "responsible.1.1.7"
    before = api.get(login, "/api/me/notification-preferences").json()
    page = visitor.page
    visitor.sign_in(login)
    visitor.goto("/me")
    section = page.locator("#notifications").locator("xpath=..")
    expect(page.get_by_label("Адрес электронной почты")).to_have_value(before["email"])
    expect(section).to_contain_text("Всегда приходят сразу и не отключаются")
    page.get_by_label("Адрес электронной почты").fill("не адрес")
    page.get_by_role("button", name="Сохранить настройки уведомлений").click()
    expect(page.locator("#email-error")).to_contain_text("Адрес электронной почты указан неверно")
    visitor.look("refused")
    page.get_by_label("Адрес электронной почты").fill("ahmetova@example.ru")
    page.get_by_label("Новые задачи").select_option("off")
    page.get_by_role("button", name="Сохранить настройки уведомлений").click()
    expect(page.locator(".notice--success")).to_contain_text("Настройки уведомлений сохранены")
    visitor.look("saved")
    chosen = api.get(login, "/api/me/notification-preferences").json()
    assert (chosen["email"], chosen["tasks"], chosen["reminders"]) == ("ahmetova@example.ru", "off", "immediate")
    restored = api.request("PUT", login, "/api/me/notification-preferences", json=before)
    assert restored.status_code == 200, restored.text


def test_the_administrators_page_of_the_mail(visitor: Visitor) -> None:
    page = visitor.page
    visitor.sign_in("admin")
    visitor.goto("/admin/mail")
    expect(page.get_by_role("heading", name="Почта", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Не доставлено")).to_be_visible()
    expect(page.get_by_role("heading", name="Ждут отправки")).to_be_visible()
    visitor.look("admin-mail")
