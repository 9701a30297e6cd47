"""A site's dashboard in the browser: the director signs in and lands on it, and reads at once what is late, what
is due soon and what is done — every obligation of the current cycle and of the next one (opened in December)
with its status, due date and working days left, its highest open escalation, and the year on a strip of months.
A director of another site gets exactly the page a site that does not exist gets.

The module owns the cycles of C1 (1.1.14) of this year and the next: this year's opens with every date so far
already passed (everything late at once, its ladders climbed), next year's with its annual package due in
December."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from api.web.formats import MONTHS, date_ru, days_left, weekday_ru
from tests.support.client import Api
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

SITE = "1.1.14"
DIRECTOR = f"director.{SITE}"
OTHER_DIRECTOR = "director.1.1.5"
NOWHERE = "9.9.99"
ZONE = ZoneInfo("Asia/Yekaterinburg")


def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def overview(dev_stack: Stack) -> Iterator[dict[str, Any]]:
    """This year's and next year's cycles of the site, open and settled; the overview as the REST API gives it."""
    api = Api(dev_stack.api_url)
    this_year = datetime.now(ZONE).year
    for year in (this_year, this_year + 1):
        opened = api.open_cycle(SITE, year)
        assert opened.status_code in (201, 409), opened.text  # 409: already open in this session
    dev_stack.wait_until_quiet()  # this year's obligations open at once and climb their ladders
    yield _ok(api.get(DIRECTOR, f"/api/sites/{SITE}/overview")) | {"site": _ok(api.get(DIRECTOR, f"/api/sites/{SITE}"))}
    api.close()


def working_days(api: Api, start: date, end: date) -> int:
    """An oracle from the calendar the API publishes: working days in (start, end]."""
    calendars = {year: _ok(api.get("admin", f"/api/calendar/{year}")) for year in range(start.year, end.year + 1)}
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        calendar = calendars[day.year]
        off = {item["day"] for item in calendar["non_working_days"]}
        count += day.isoformat() in calendar["working_weekends"] or (day.weekday() < 5 and day.isoformat() not in off)
    return count


def cycle_of(overview: dict[str, Any], year: int) -> dict[str, Any]:
    return next(c for c in overview["cycles"] if c["year"] == year)


def package_of(cycle: dict[str, Any]) -> dict[str, Any]:
    return next(o for o in cycle["obligations"] if (o["key"], o["instance"]) == ("package", "annual"))


def test_the_director_lands_on_the_dashboard_and_reads_every_date_at_once(
    visitor: Visitor, overview: dict[str, Any], api: Api
) -> None:
    page = visitor.page
    this_year = datetime.now(ZONE).year
    today = datetime.now(ZONE).date()
    visitor.sign_in(DIRECTOR)
    assert page.url.endswith(f"/sites/{SITE}"), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(overview["site"]["institution"]["name"])
    visitor.look("dashboard")

    # The counts first: what is late, due within five working days, under review and done, over both cycles.
    counters = page.locator(".site-counts")
    overdue = sum(c["summary"]["overdue"] for c in overview["cycles"])
    due_soon = sum(c["summary"]["due_soon"] for c in overview["cycles"])
    assert overdue > 0  # everything of this year so far is late
    expect(counters.locator(".site-count").nth(0)).to_have_text(re.compile(rf"^\s*{overdue}\s+просрочен[аоы]\s*$"))
    expect(counters.locator(".site-count").nth(1)).to_have_text(
        re.compile(rf"^\s*{due_soon}\s+срок в ближайшие 5 рабочих дней")
    )

    for year in (this_year, this_year + 1):
        heading = page.get_by_role("heading", name=re.compile(f"Цикл {year} года"))
        section = page.locator("section.site-cycle", has=heading)
        expect(section).to_have_count(1)
        cycle = cycle_of(overview, year)
        # Every obligation is on the page, with its link to the obligation's own page.
        links = section.locator(".task-list a")
        assert links.count() == len(cycle["obligations"])
        package = package_of(cycle)
        item = section.locator(".task-list__item", has=page.get_by_role("link", name=package["title"], exact=True))
        expect(item).to_have_count(1)
        expect(item.get_by_role("link")).to_have_attribute(
            "href", f"/sites/{SITE}/cycles/{year}/obligations/package/annual"
        )
        due = date.fromisoformat(package["due"]["effective"])
        expect(item).to_contain_text(f"Срок: {date_ru(due)}, {weekday_ru(due)}")
        expect(item).to_contain_text(package["status_ru"])
        # The working days left, on the production calendar the deadlines are computed with.
        left = package["working_days_left"]
        if due >= today:
            assert left == working_days(api, today, due)
            expect(item).to_contain_text(days_left(left))
        else:
            assert package["overdue"] and left == -working_days(api, due, today)
            expect(item).to_contain_text(days_left(left) if left < 0 else "срок истек")
            expect(item.locator(".late")).to_be_visible()
        expect(item).to_contain_text("Ждет действия: директор площадки или ответственное лицо площадки")
        # Its highest open escalation, as a tag.
        levels = [e for e in cycle["open_escalations"] if e["obligation_id"] == package["obligation_id"]]
        if levels:
            order = ["reminder", "internal_target", "risk", "overdue", "level2", "level3"]
            top = max(levels, key=lambda e: order.index(e["level"]))
            expect(item.locator(".task-list__status")).to_contain_text(top["level_ru"])

        # The year view: the package on the strip in the month it is due, coloured like its light.
        strip = section.locator(".strip")
        month = strip.locator(
            ".strip__month", has=page.locator(f'a[href$="/cycles/{year}/obligations/package/annual"]')
        )
        expect(month).to_have_count(1)
        expect(month.locator("h4")).to_contain_text(MONTHS[due.month - 1])
        dated = sum(1 for o in cycle["obligations"] if o["due"])
        expect(strip.locator(".strip__item")).to_have_count(dated)
        if package["overdue"]:  # red light, red words, red on the strip
            expect(item.locator(".light--red")).to_have_count(1)
            expect(month.locator(".year--red")).not_to_have_count(0)

    # This year's package is late since December of last year.
    assert package_of(cycle_of(overview, this_year))["overdue"]
    # Open the cycle's page from its section.
    page.get_by_role("link", name=re.compile(rf"Хронология и состояние на дату\W+цикл {this_year + 1} года")).click()
    page.wait_for_url(re.compile(f"/sites/{re.escape(SITE)}/cycles/{this_year + 1}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Цикл {this_year + 1} года")
    visitor.look("next-cycle")


def test_another_sites_director_gets_the_page_of_a_site_that_does_not_exist(
    visitor: Visitor, overview: dict[str, Any]
) -> None:
    year = datetime.now(ZONE).year
    visitor.sign_in(OTHER_DIRECTOR)
    for path in ("/sites/{}", "/sites/{}/cycles/" + str(year), "/sites/{}/cycles/" + str(year) + "/roadmap"):
        answers = []
        for site in (SITE, NOWHERE):
            response = visitor.page.goto(path.format(site))
            assert response is not None
            visitor.page.wait_for_load_state("networkidle")
            answers.append((response.status, visitor.page.title(), visitor.page.locator("main").inner_text()))
        assert answers[0] == answers[1], answers
        assert answers[0][0] == 404
        assert "Площадка не найдена." in answers[0][2]
    visitor.look("not-found")
