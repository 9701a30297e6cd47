"""Segregation of duties in the administrator's pages (decisions D12, D39): a grant that would make C14's curator
also its responsible person is refused beside the role with the Russian reason, nothing given; an overlap written
around the rule (a substitution, then a grant to the absent colleague) is named on the page of users."""

from __future__ import annotations

import uuid
from datetime import timedelta

from playwright.sync_api import expect

from tests.support.client import Api, region_today
from tests.ui.conftest import Visitor


def test_a_c14_grant_overlap_is_refused_and_an_existing_one_is_named(api: Api, visitor: Visitor) -> None:
    curator = api.user_id("curator.1.1.1")
    before = api.get("admin", f"/api/admin/users/{curator}").json()["grants"]
    visitor.sign_in("admin")
    visitor.goto(f"/admin/users/{curator}")
    page = visitor.page
    page.get_by_label("Роль", exact=True).select_option("site_responsible")
    page.get_by_label("Область действия").select_option("site:1.1.1")
    page.get_by_role("button", name="Выдать роль").click()
    expect(page.locator("#role-error")).to_contain_text("Разделение обязанностей (решения D12, D39)")
    expect(page.locator("#role-error")).to_contain_text("куратором площадки 1.1.1")
    expect(page.locator(".error-summary")).to_contain_text("Роль не выдана")
    assert api.get("admin", f"/api/admin/users/{curator}").json()["grants"] == before  # nothing given
    visitor.look("refused")

    # Around the rule: the curator stands in for a colleague, who is then made director of 1.1.1.
    login = f"ui.segregation.{uuid.uuid4().hex[:6]}"
    created = api.post(
        "admin",
        "/api/admin/users",
        json={"login": login, "full_name": "Заменяемая Ольга Игоревна", "password": "x" * 12},
    )
    assert created.status_code == 201, created.text
    colleague = created.json()["user_id"]
    vacation = {
        "absent_login": login,
        "substitute_login": "curator.1.1.1",
        "starts_on": str(region_today()),
        "ends_on": str(region_today() + timedelta(days=10)),
        "reason": "отпуск",
    }
    arranged = api.post("admin", "/api/substitutions", json=vacation)
    assert arranged.status_code == 201, arranged.text
    director = {"role": "site_director", "scope_kind": "site", "scope_id": "1.1.1"}
    granted = api.post("admin", f"/api/admin/users/{colleague}/grants", json=director)
    assert granted.status_code == 201, granted.text
    try:
        visitor.goto("/admin/users")
        notice = page.locator("#segregation-conflicts")
        expect(notice).to_contain_text("Нарушено разделение обязанностей")
        expect(notice).to_contain_text("curator.1.1.1")
        expect(notice).to_contain_text(
            "площадка 1.1.1: куратор направления и директор площадки (по замещению: Заменяемая Ольга Игоревна)"
        )
        visitor.look("overlap-named")
    finally:
        assert api.delete("admin", f"/api/substitutions/{arranged.json()['substitution_id']}").status_code == 204
        grant_id = next(g["grant_id"] for g in granted.json()["grants"] if g["role"] == "site_director")
        assert api.delete("admin", f"/api/admin/users/{colleague}/grants/{grant_id}").status_code == 204
    visitor.goto("/admin/users")
    expect(page.locator("#segregation-conflicts")).to_have_count(0)
