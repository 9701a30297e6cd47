"""Corrections of the production calendar in the browser: an administrator adds one and sees it, a bad one is
refused next to its field and changes nothing, removing it works; anyone else gets the REST API's refusal. A change
saved while Temporal was out of reach is said on every page an administrator opens until the cycles have it."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.support.client import Api
from tests.support.stack import Stack
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


def test_an_admin_is_told_of_changes_that_have_not_reached_the_cycles(
    dev_stack: Stack, visitor: Visitor, second_visitor: Visitor
) -> None:
    # What a correction saved while the Temporal server was down leaves in the outbox: a signal tried once, failed,
    # waiting for its next attempt. Its workflow does not exist, so once it is tried again it ends as not_running.
    (signal_id,) = dev_stack.query(
        "INSERT INTO workflow_signals (workflow_id, signal, args, cause_event_id, cause_position, created_at,"
        " attempts, next_attempt_at, last_error) VALUES ('cycle:ui-signals:2098', 'calendar_updated', '[]',"
        " 'ui-signals', 0, '2098-01-12 06:40+00', 1, now() + interval '1 hour', 'RPCError: connection refused')"
        " RETURNING signal_id"
    )[0]
    try:
        visitor.sign_in("admin")
        visitor.goto("/admin/users")
        banner = visitor.page.locator("[data-signals-waiting]")
        expect(banner).to_contain_text(
            "Сервис исполнения процессов не отвечает: 1 изменение, сохранённое 12.01.2098 11:40, ещё не передано"
            " идущим циклам."
        )
        expect(banner).to_contain_text("повторять действия не нужно")
        visitor.look("signals-waiting")

        second_visitor.sign_in("director.1.1.10")
        second_visitor.goto("/sites/1.1.10")
        expect(second_visitor.page.locator("[data-signals-waiting]")).to_have_count(0)  # for administrators only

        # Its next attempt is due: the API's delivery loop takes it, and the banner is gone.
        dev_stack.query(
            "UPDATE workflow_signals SET next_attempt_at = now() WHERE signal_id = %s RETURNING 1", signal_id
        )
        deadline = time.monotonic() + 20
        while dev_stack.query("SELECT 1 FROM workflow_signals WHERE signal_id = %s AND sent_at IS NULL", signal_id):
            assert time.monotonic() < deadline, "the API never retried the waiting signal"
            time.sleep(0.2)
        assert dev_stack.query("SELECT outcome FROM workflow_signals WHERE signal_id = %s", signal_id) == [
            ("not_running",)
        ]
        visitor.goto("/admin/users")
        expect(visitor.page.locator("[data-signals-waiting]")).to_have_count(0)
    finally:
        dev_stack.query("DELETE FROM workflow_signals WHERE signal_id = %s RETURNING 1", signal_id)
