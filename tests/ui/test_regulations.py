"""The regulations in the browser: each clause with its rule in words, anchored so an obligation can link to it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.ui.conftest import Visitor


def test_a_regulation_shows_a_clause_and_its_rule_in_words(visitor: Visitor) -> None:
    visitor.sign_in("curator.1.1.5")
    visitor.goto("/regulations")
    visitor.look("list")
    visitor.page.get_by_role("link", name=re.compile("^Об организации инновационной деятельности")).click()
    visitor.page.wait_for_url(re.compile(r"/regulations/khmao-135r$"))
    package = visitor.page.locator("#obligation-package")
    expect(package.get_by_role("heading", name=re.compile(r"п\. 2\.3"))).to_be_visible()
    expect(package.get_by_text("ежегодно до 20 декабря предшествующего года", exact=False)).to_be_visible()
    reminder = package.locator("li", has_text=re.compile(r"^Напоминание о сроке — за 5 рабочих дней до срока;"))
    expect(reminder).to_contain_text("директор площадки")
    expect(package.get_by_text("Приказ Депсоцразвития Югры от 04.02.2022 № 135-р, п. 2.3")).to_be_visible()
    visitor.look("khmao-135r")

    # A site's own rule is on the page with its own citation; decisions are anchored.
    expect(visitor.page.locator("#site-1\\.1\\.5 .rule--override").first).to_be_visible()
    expect(visitor.page.locator("#decision-D1")).to_contain_text("5-е число")

    visitor.goto("/regulations/khmao-135r/obligations/quarterly_report")
    expect(visitor.page.get_by_role("heading", level=1)).to_contain_text("Ежеквартальн")
    expect(visitor.page.get_by_role("heading", name="Поправки площадок")).to_be_visible()
    visitor.look("quarterly-report")

    # Another region's regulation is not a KhMAO curator's: 404, as one that does not exist (issue 16); Vologda's
    # Department reads it.
    other = visitor.page.goto("/regulations/vologda-omp")
    assert other is not None and other.status == 404
    visitor.sign_out()
    visitor.sign_in("vologda.department")
    visitor.goto("/regulations/vologda-omp")
    expect(visitor.page.locator("#obligation-annual_report")).to_contain_text("ежегодно до 15 января следующего года")
    visitor.look("vologda")


def test_an_unknown_regulation_is_not_found(visitor: Visitor) -> None:
    visitor.sign_in("expert.1")
    response = visitor.page.goto("/regulations/nowhere")
    assert response is not None and response.status == 404
    expect(visitor.page.get_by_text("Регламент не найден.")).to_be_visible()
    visitor.look("not-found")
