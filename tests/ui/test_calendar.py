"""Corrections of the production calendar in the browser: an administrator adds one and sees it, a bad one is
refused next to its field and changes nothing, removing it works; anyone else gets the REST API's refusal."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.client import Api
from tests.ui.conftest import Visitor

DAY = "2098-06-02"  # a Monday no cycle reaches


def _overrides(api: Api) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = api.get("admin", "/api/calendar-overrides").json()
    return listed


def test_an_admin_adds_a_correction_and_a_bad_one_changes_nothing(api: Api, visitor: Visitor) -> None:
    api.delete("admin", f"/api/calendar-overrides/{DAY}")  # a run before may have left it
    visitor.sign_in("admin")
    visitor.goto("/admin/calendar?year=2098")
    visitor.look("calendar")

    page = visitor.page
    page.get_by_label("День").fill(DAY)
    page.get_by_label("Нерабочий").check()
    page.get_by_label("Причина").fill("перенос выходного дня (учебный пример)")
    page.get_by_label("Основание").fill("Постановление Правительства РФ (учебный пример) № 7")
    page.get_by_role("button", name="Сохранить поправку").click()
    expect(page.get_by_text("Поправка на 02.06.2098 сохранена")).to_be_visible()
    row = page.locator(f"#override-{DAY}")
    expect(row).to_contain_text("02.06.2098")
    expect(row).to_contain_text("нерабочий")
    expect(row).to_contain_text("№ 7")
    assert any(o["day"] == DAY and o["working"] is False for o in _overrides(api))
    visitor.look("added")

    before = _overrides(api)
    # A Sunday is a day off already; and a reason is required.
    page.get_by_label("День").fill("2098-06-08")
    page.get_by_label("Нерабочий").check()
    page.get_by_label("Причина").fill("")
    page.get_by_label("Основание").fill("Постановление (учебный пример) № 8")
    page.get_by_role("button", name="Сохранить поправку").click()
    expect(page.locator("#reason-error")).to_contain_text("Укажите причину")
    expect(page.get_by_role("alert")).to_contain_text("Поправка не записана.")
    page.get_by_label("Причина").fill("еще один выходной")
    page.get_by_role("button", name="Сохранить поправку").click()
    expect(page.locator("#working-error")).to_contain_text("08.06.2098 и так нерабочий день")
    expect(page.get_by_label("Причина")).to_have_value("еще один выходной")  # what was typed is kept
    assert _overrides(api) == before
    visitor.look("refused")

    page.get_by_role("button", name="Снять поправку на 02.06.2098").click()
    expect(page.get_by_text("Поправка на 02.06.2098 снята")).to_be_visible()
    expect(page.locator(f"#override-{DAY}")).to_have_count(0)
    assert not any(o["day"] == DAY for o in _overrides(api))
    visitor.look("removed")


def test_anyone_but_an_admin_is_refused(visitor: Visitor) -> None:
    visitor.sign_in("curator.1.1.5")
    response = visitor.page.goto("/admin/calendar")
    assert response is not None and response.status == 403
    expect(visitor.page.get_by_text("Изменять производственный календарь может только администратор.")).to_be_visible()
    visitor.look("refused-to-curator")
