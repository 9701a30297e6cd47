"""Webhooks in the browser (issue 15, §5): the Department registers an endpoint of its region — a server not allowed
refused beside the field, the secret shown once — then a return reaches the real receiver on loopback through the
real sender process (the first attempt answered 500, the retry 200), both attempts and their answers listed on the
endpoint's page; the delivery replayed by hand; the endpoint switched off and on again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.client import Api, until
from tests.support.stack import ManagedProcess, Stack
from tests.support.webhook_receiver import Receiver
from tests.ui.conftest import Visitor

SITE = "1.1.10"
SENDER_SETTINGS = {
    "INNOCYCLE_WEBHOOK_POLL_SECONDS": "0.1",
    "INNOCYCLE_WEBHOOK_RETRY_SECONDS": "0.5",
    "INNOCYCLE_WEBHOOK_RETRY_MAX_SECONDS": "1",
}


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def sender(dev_stack: Stack, work_dir: Path) -> Iterator[ManagedProcess]:
    process = ManagedProcess(
        ["webhook-sender"], {**dev_stack.env, **SENDER_SETTINGS}, work_dir / "logs" / "webhook-sender-ui.log"
    )
    process.start()
    yield process
    process.stop()


def test_the_department_registers_an_endpoint_and_sees_its_deliveries(
    api: Api,
    visitor: Visitor,
    receiver: Receiver,
    sender: ManagedProcess,
    open_cycle: Callable[[str], int],
) -> None:
    page = visitor.page
    visitor.sign_in("department")
    page.get_by_role("navigation", name="Основные разделы").get_by_role("link", name="Вебхуки").click()
    page.wait_for_url("**/webhooks")
    expect(page.get_by_role("heading", name="Вебхуки", exact=True)).to_be_visible()
    visitor.look("list")

    page.get_by_label("Адрес (URL)").fill("https://example.com/innocycle")
    page.get_by_role("button", name="Зарегистрировать адрес").click()
    expect(page.locator(".error-summary")).to_contain_text("не входит в список разрешенных")
    expect(page.locator("#url-error")).to_contain_text("сервер example.com не разрешен")
    expect(page.get_by_label("Адрес (URL)")).to_have_value("https://example.com/innocycle")
    visitor.look("refused")

    url = receiver.url("/ui")
    page.get_by_label("Адрес (URL)").fill(url)
    for label in ("Эскалации", "Согласования и утверждения", "Заключения экспертного совета"):
        page.get_by_label(label).uncheck()
    page.get_by_label("Описание (необязательно)").fill("АИС Департамента: возвраты")
    page.get_by_role("button", name="Зарегистрировать адрес").click()
    expect(page.get_by_role("heading", name="Секрет подписи")).to_be_visible()
    secret = page.get_by_label("Секрет").input_value()
    assert secret.startswith("whsec_")
    receiver.secrets["/ui"] = secret
    receiver.answers["/ui"] = [500, 200]
    visitor.look("secret-shown-once")

    page.get_by_role("link", name="К странице адреса").click()
    page.wait_for_url("**/webhooks/wh_*")
    endpoint_path = page.url.removeprefix(visitor.base_url)
    endpoint_id = endpoint_path.rsplit("/", 1)[-1]
    expect(page.locator("body")).not_to_contain_text(secret)
    expect(page.locator(".summary")).to_contain_text("возвраты на доработку")

    year = open_cycle(SITE)
    items = api.upload_package(SITE, year, f"responsible.{SITE}")
    assert api.submit(SITE, year, f"responsible.{SITE}", items).status_code == 200
    assert api.decide(SITE, year, f"curator.{SITE}", "return", "Нет сроков в разделе III").status_code == 200
    until(
        lambda: api.get("department", f"/api/webhooks/{endpoint_id}/deliveries").json()["items"],
        lambda found: bool(found) and found[0]["state"] == "delivered",
        30,
    )
    visitor.goto(endpoint_path)
    delivery = page.locator(".delivery").first
    expect(delivery).to_contain_text("доставлено")
    expect(delivery).to_contain_text("Возвращено на доработку")
    attempts = delivery.locator(".attempts-table tbody tr")
    expect(attempts).to_have_count(2)
    expect(attempts.nth(0)).to_contain_text("200")
    expect(attempts.nth(1)).to_contain_text("500")
    expect(attempts.nth(1)).to_contain_text("ошибка приемника")
    delivery.locator("summary").click()  # folded once delivered: opened to be seen
    visitor.look("delivered-after-a-retry")

    delivery.get_by_role("button", name="Повторить доставку").click()
    expect(page.locator(".notice--success")).to_contain_text("поставлена на повтор")
    until(
        lambda: api.get("department", f"/api/webhooks/{endpoint_id}/deliveries").json()["items"][0],
        lambda found: found["attempts"] == 3 and found["state"] == "delivered",
        30,
    )
    visitor.goto(endpoint_path)
    delivery = page.locator(".delivery").first
    delivery.locator("summary").click()
    expect(delivery.locator(".attempts-table tbody tr").first).to_contain_text("вручную")
    assert len({r.webhook_id for r in receiver.at("/ui")}) == 1 and len(receiver.at("/ui")) == 3
    visitor.look("replayed")

    page.get_by_role("button", name="Отключить адрес").click()
    expect(page.locator(".notice--warning")).to_contain_text("Адрес отключен")
    expect(page.locator(".notice--warning")).to_contain_text("отключен вручную")
    visitor.look("switched-off")
    page.get_by_role("button", name="Включить адрес").click()
    expect(page.locator(".notice--success")).to_contain_text("Адрес включен")
    expect(page.locator(".summary")).to_contain_text("включен")
