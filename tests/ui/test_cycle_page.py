"""A cycle's page in the browser: its timeline in words after the annual package is sent, the «состояние на дату»
control showing the cycle as it stood at a past moment (htmx swaps the section; the same GET works without
JavaScript), and the roadmap approved with the package.

The module owns a cycle of OP18 (1.2.3) in a far year (the first of 2080–2089 free in this session: no deadline
fires); the package opens with the cycle and is sent a few seconds later through the REST API."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from api.web.formats import date_long_ru, date_ru, weekday_ru
from innocycle.demo_files import roadmap_rows
from tests.support.client import Api, until
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

SITE = "1.2.3"
DIRECTOR, CURATOR = f"director.{SITE}", f"curator.{SITE}"
PACKAGE = "Пакет документов ресурсного центра, опорной площадки"


def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def cycle(dev_stack: Stack) -> Iterator[dict[str, Any]]:
    """The cycle's year, and when its package opened and was sent (local instants of the region)."""
    api = Api(dev_stack.api_url)
    year = next(y for y in range(2080, 2090) if api.open_cycle(SITE, y).status_code == 201)
    time.sleep(2.5)  # whole seconds pass between the package opening and its sending
    items = api.upload_package(SITE, year, DIRECTOR)
    sent = api.submit(SITE, year, DIRECTOR, items)
    assert sent.status_code == 200, sent.text
    entries = _ok(api.get(DIRECTOR, f"/api/sites/{SITE}/cycles/{year}/timeline", params={"limit": 1000}))["entries"]
    package = [e for e in entries if e["obligation_id"] == f"cycle:{SITE}:{year}:package:annual"]
    opened = next(e for e in package if e["event_type"] == "ObligationOpened")
    submitted = next(e for e in package if e["event_type"] == "DocumentsSubmitted")
    yield {
        "year": year,
        "opened_at": datetime.fromisoformat(opened["at"]),
        "submitted": submitted,
        "submitted_at": datetime.fromisoformat(submitted["at"]),
        "api": api,
    }
    api.close()


def package_row(page: Page) -> Locator:
    return page.locator("#state tbody tr", has=page.get_by_role("link", name=PACKAGE, exact=True))


def show_state(page: Page, day: str, clock: str = "") -> None:
    page.get_by_label("Дата", exact=True).fill(day)
    page.get_by_label("Время").fill(clock)
    page.get_by_role("button", name="Показать").click()


def test_the_cycle_page_tells_who_did_what_and_how_the_cycle_stood_before(
    visitor: Visitor, cycle: dict[str, Any]
) -> None:
    page, year = visitor.page, cycle["year"]
    visitor.sign_in(DIRECTOR)
    assert page.url.endswith(f"/sites/{SITE}"), page.url
    page.get_by_role("link", name=re.compile(rf"Хронология и состояние на дату\W+цикл {year} года")).click()
    page.wait_for_url(re.compile(f"/sites/{re.escape(SITE)}/cycles/{year}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Цикл {year} года")

    # The timeline: the sending in words, with the person, at its local time in the region.
    submitted = cycle["submitted"]
    assert submitted["text"].endswith(f"(директор площадки) — представлены документы: {PACKAGE} (представление № 1).")
    entry = page.locator("#timeline li", has_text=submitted["text"])
    expect(entry).to_have_count(1)
    expect(entry.locator("time")).to_have_text(cycle["submitted_at"].strftime("%H:%M"))
    expect(entry.get_by_role("link")).to_have_attribute(
        "href", f"/sites/{SITE}/cycles/{year}/obligations/package/annual"
    )
    day = cycle["submitted_at"].date()
    expect(page.locator("#timeline h3", has_text=f"{date_long_ru(day)}, {weekday_ru(day)}")).to_have_count(1)
    visitor.look("cycle")

    # The state a second before the sending: the package was open and not yet sent.
    before = (cycle["submitted_at"] - timedelta(seconds=1)).replace(microsecond=0)
    assert before >= cycle["opened_at"]
    show_state(page, before.date().isoformat(), before.strftime("%H:%M:%S"))
    expect(page).to_have_url(re.compile(r"[?&]at=\d{4}-\d\d-\d\d&time=\d\d(%3A|:)\d\d(%3A|:)\d\d"))
    row = package_row(page)
    expect(row.locator("td").nth(0)).to_have_text("ожидает представления")
    expect(row.locator("td").nth(2)).to_have_text("0")
    expect(page.locator("#state")).to_contain_text(f"На {date_ru(before)} {before.strftime('%H:%M:%S')} цикл идет")
    visitor.look("state-before-sending")

    # A second after it: sent once, with the reviewer.
    after = (cycle["submitted_at"] + timedelta(seconds=1)).replace(microsecond=0)
    show_state(page, after.date().isoformat(), after.strftime("%H:%M:%S"))
    expect(row.locator("td").nth(0)).to_have_text("на рассмотрении")
    expect(row.locator("td").nth(2)).to_have_text("1")

    # A day before the cycle opened: there was no cycle yet.
    show_state(page, (cycle["opened_at"] - timedelta(days=1)).date().isoformat())
    expect(page.locator("#state .inset")).to_contain_text("Цикл ещё не был открыт на эту дату.")
    expect(package_row(page)).to_have_count(0)

    # The same form works without JavaScript: a plain GET answers the whole page with the state in it.
    plain = visitor.context.request.get(
        f"/sites/{SITE}/cycles/{year}", params={"at": before.date().isoformat(), "time": before.strftime("%H:%M:%S")}
    )
    assert plain.status == 200
    html = plain.text()
    assert 'id="state"' in html and "ожидает представления" in html and "<html" in html


def test_a_wrong_date_is_said_next_to_the_field(visitor: Visitor, cycle: dict[str, Any]) -> None:
    page, year = visitor.page, cycle["year"]
    visitor.sign_in(DIRECTOR)
    response = page.goto(f"/sites/{SITE}/cycles/{year}?at=2027-02-30")
    assert response is not None and response.status == 422
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Дата: ожидается дата ГГГГ-ММ-ДД"))).to_have_attribute(
        "href", "#at"
    )
    expect(page.locator("#at-error")).to_contain_text("ожидается дата ГГГГ-ММ-ДД")
    visitor.look("wrong-date")
    response = page.goto(f"/sites/{SITE}/cycles/{year}?at={cycle['submitted_at'].date().isoformat()}&time=25:99")
    assert response is not None and response.status == 422
    expect(page.locator("#time-error")).to_contain_text("ожидается время ЧЧ:ММ или ЧЧ:ММ:СС")


def test_the_roadmap_approved_with_the_package_is_a_readable_table(visitor: Visitor, cycle: dict[str, Any]) -> None:
    page, year, api = visitor.page, cycle["year"], cycle["api"]
    path = f"/sites/{SITE}/cycles/{year}"
    if api.obligation(SITE, year, DIRECTOR)["status"] != "approved":
        assert api.decide(SITE, year, CURATOR, "approve", "Принято без замечаний.").status_code == 200
    until(lambda: api.get(DIRECTOR, f"/api/sites/{SITE}/cycles/{year}/roadmap").json(), bool)
    visitor.sign_in(DIRECTOR)
    visitor.goto(path)
    expect(page.locator("#timeline")).to_contain_text(f"принято: {PACKAGE} (представление № 1). Обязанность выполнена.")
    page.get_by_role("link", name="Утвержденная дорожная карта").click()
    page.wait_for_url(re.compile(f"{re.escape(path)}/roadmap$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Дорожная карта на {year} год")
    for row in roadmap_rows(year):
        line = page.locator("tr", has=page.get_by_role("rowheader", name=str(row["item"]), exact=True))
        expect(line).to_have_count(1)
        expect(line).to_contain_text(str(row["deadline"]))
        expect(line).to_contain_text(str(row["responsible"]))
        expect(line).to_contain_text("не отчитывались")
    visitor.look("roadmap")
