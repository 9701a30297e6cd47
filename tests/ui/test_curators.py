"""The region's curators in the browser (order 135-р 3.1, decision D29): the RCRSO director sees each site with
its curator; a site whose curator's grant was withdrawn shows «куратор не назначен» since that day, stands among
the level-2 escalations of the year with a link back to the list, and is in order again once a curator is granted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.support.client import Api
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

SITE, LOGIN = "1.1.9", "curator.1.1.9"


@pytest.fixture
def curator_left(dev_stack: Stack) -> Iterator[tuple[Api, str]]:
    """1.1.9's curator leaves (her grant is withdrawn); she is appointed again after the test, whatever happens."""
    api = Api(dev_stack.api_url)
    user = api.get("admin", f"/api/admin/users/{api.user_id(LOGIN)}").json()
    grant = next(g for g in user["grants"] if g["role"] == "curator")
    api.revoke_grant(LOGIN, grant["grant_id"])
    yield api, grant["scope_id"]
    held = api.get("admin", f"/api/admin/users/{api.user_id(LOGIN)}").json()["grants"]
    if not any(g["role"] == "curator" for g in held):
        api.grant(LOGIN, "curator", grant["scope_kind"], grant["scope_id"])
    api.close()


def test_a_site_without_a_curator_is_shown_to_the_rcrso_director(
    visitor: Visitor, curator_left: tuple[Api, str]
) -> None:
    api, direction = curator_left
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Yekaterinburg")).date()
    page = visitor.page
    visitor.sign_in("rcrso")
    visitor.goto("/region/curators")
    expect(page.get_by_role("heading", level=1)).to_have_text("Кураторы площадок")
    row = page.locator(f'#region-results tbody tr[data-site="{SITE}"]')
    expect(row).to_contain_text("куратор не назначен")
    expect(row).to_contain_text(f"с {today:%d.%m.%Y}")
    expect(page.locator(".notice--warning")).to_contain_text("Без куратора")
    expect(page.locator('#region-results tbody tr[data-site="1.1.5"]')).to_contain_text("Ширяева Марина Анатольевна")
    expect(page.get_by_role("link", name="Кураторы")).to_have_attribute("aria-current", "page")
    visitor.look("curator-missing")

    # Among the escalations of the year, at level 2 (the RCRSO director), leading back to the list.
    visitor.goto(f"/region/escalations?year={today.year}")
    level2 = page.locator("section.escalation-level--level2")
    link = level2.get_by_role("link", name="Куратор РЦРСО не назначен (п. 3.1)")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", "/region/curators")
    gap = level2.locator("tr", has=page.get_by_role("link", name="Куратор РЦРСО не назначен (п. 3.1)"))
    expect(gap).to_contain_text("без куратора с сегодняшнего дня")  # no term runs late: only since when
    expect(gap).to_contain_text("назначить куратора (п. 3.1)")
    expect(gap).not_to_contain_text("срок не наступил")
    visitor.look("curator-escalation")

    # A curator is appointed: the site is in order again.
    api.grant(LOGIN, "curator", "direction", direction)
    visitor.goto("/region/curators")
    expect(row).not_to_contain_text("куратор не назначен")
    expect(page.get_by_text("У всех площадок есть куратор")).to_be_visible()
    visitor.goto(f"/region/escalations?year={today.year}")
    expect(
        page.locator("section.escalation-level--level2").get_by_role("link", name="Куратор РЦРСО не назначен (п. 3.1)")
    ).to_have_count(0)

    # A site's director does not read the region's curators.
    visitor.sign_out()
    visitor.sign_in(f"director.{SITE}")
    response = page.goto("/region/curators")
    assert response is not None and response.status == 403
