"""Segregation of duties through the real path: nobody accepts their own submission, even holding both roles; and
nobody holds the curator's grant of a site together with a director's or responsible person's grant of it
(decisions D12, D39) — the administration refuses it, and an overlap written around the rule is reported."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from typing import Any

from tests.support.client import Api, region_today
from tests.support.stack import Stack


def test_a_reviewer_who_submitted_cannot_accept(api: Api) -> None:
    # The Department agrees the roadmap of Югорский КЦСОН (C4, 1.1.12). Make a Department official also a
    # responsible person of the site (no curator's grant: D39 allows it) and let them send the package.
    grant_id = api.grant("department", "site_responsible", "site", "1.1.12")
    try:
        year = 2038
        assert api.open_cycle("1.1.12", year).status_code == 201
        items = api.upload_package("1.1.12", year, "department")
        assert api.submit("1.1.12", year, "department", items).status_code == 200
        own = api.decide("1.1.12", year, "department", "agree")
        assert own.status_code == 409
        assert own.json()["code"] == "own_submission"
        assert own.json()["detail"] == "Нельзя рассматривать собственное представление."
        assert api.obligation("1.1.12", year, "director.1.1.12")["status"] == "under_review"
    finally:
        api.revoke_grant("department", grant_id)


def _grants(api: Api, login: str) -> list[tuple[str, str, str]]:
    user = api.get("admin", f"/api/admin/users/{api.user_id(login)}").json()
    return sorted((g["role"], g["scope_kind"], g["scope_id"]) for g in user["grants"])


def _refused(response: Any, field: str) -> str:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["code"] == "segregation_of_duties"
    assert body["errors"][0]["field"] == field
    detail: str = body["detail"]
    assert detail.startswith("Разделение обязанностей (решения D12, D39)")
    return detail


def test_the_curator_of_c14_cannot_also_be_on_the_sites_side(api: Api) -> None:
    # C14 (1.1.1) is the RCRSO's own resource centre: its curator works for the RCRSO too.
    before = _grants(api, "curator.1.1.1")
    path = f"/api/admin/users/{api.user_id('curator.1.1.1')}/grants"
    as_responsible = api.post(
        "admin", path, json={"role": "site_responsible", "scope_kind": "site", "scope_id": "1.1.1"}
    )
    detail = _refused(as_responsible, "role")
    assert "куратором площадки 1.1.1" in detail and "«куратор направления»" in detail
    # A director's grant by the institution (the RCRSO) covers the site just the same.
    as_director = {"role": "site_director", "scope_kind": "institution", "scope_id": "rcrso", "acting": True}
    _refused(api.post("admin", path, json=as_director), "role")
    assert _grants(api, "curator.1.1.1") == before  # nothing recorded

    # The other way round: the site's responsible person cannot become the curator of its direction.
    other = f"/api/admin/users/{api.user_id('responsible.1.1.1')}/grants"
    as_curator = api.post("admin", other, json={"role": "curator", "scope_kind": "direction", "scope_id": "1.1.1"})
    assert "«ответственное лицо площадки»" in _refused(as_curator, "role")
    # A period that does not meet the curator's is no overlap: a grant that starts after another ended.
    later = {"role": "curator", "scope_kind": "direction", "scope_id": "1.1.2"}
    allowed = api.post("admin", other, json=later)
    assert allowed.status_code == 201, allowed.text
    api.revoke_grant(
        "responsible.1.1.1", next(g["grant_id"] for g in allowed.json()["grants"] if g["role"] == "curator")
    )

    # Nor through a substitution: the curator would hold the director's grant for the period.
    vacation = {
        "substitute_login": "curator.1.1.1",
        "starts_on": str(region_today() + timedelta(days=30)),
        "ends_on": str(region_today() + timedelta(days=44)),
        "reason": "отпуск",
    }
    handed = api.post("director.1.1.1", "/api/substitutions", json=vacation)
    assert "по замещению" in _refused(handed, "substitute_login")


def _cli(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "innocycle.cli", *args], env=stack.env, capture_output=True, text=True, timeout=600
    )


def test_an_overlap_written_around_the_rule_is_reported(api: Api, dev_stack: Stack) -> None:
    # The curator of 1.1.1 stands in for a colleague; the colleague is then made director of 1.1.1. Neither command
    # alone breaks the rule, together they do: innocycle verify reports it until one of the two is undone. (Without
    # its workflows and projections: a replay of the whole session's log twice cost 20 s, and is test_rebuild's.)
    created = api.post(
        "admin",
        "/api/admin/users",
        json={"login": "segregation.colleague", "full_name": "Коллегова Анна Петровна", "password": "x" * 12},
    )
    assert created.status_code == 201, created.text
    colleague = created.json()["user_id"]
    vacation = {
        "absent_login": "segregation.colleague",
        "substitute_login": "curator.1.1.1",
        "starts_on": str(region_today()),
        "ends_on": str(region_today() + timedelta(days=14)),
        "reason": "отпуск",
    }
    arranged = api.post("admin", "/api/substitutions", json=vacation)
    assert arranged.status_code == 201, arranged.text
    substitution = arranged.json()["substitution_id"]
    granted = api.post(
        "admin",
        f"/api/admin/users/{colleague}/grants",
        json={"role": "site_director", "scope_kind": "site", "scope_id": "1.1.1"},
    )
    assert granted.status_code == 201, granted.text
    try:
        verified = _cli(dev_stack, "verify", "--only", "no-such-workflow", "--workflows-only")
        assert verified.returncode == 1, verified.stdout + verified.stderr
        assert (
            "segregation of duties, curator.1.1.1: площадка 1.1.1: куратор направления и директор площадки "
            "(по замещению: Коллегова Анна Петровна) одновременно"
        ) in verified.stdout
        # (The administrator's page of users names it too: tests/ui/test_people.py.)
    finally:
        assert api.delete("admin", f"/api/substitutions/{substitution}").status_code == 204
    verified = _cli(dev_stack, "verify", "--only", "no-such-workflow", "--workflows-only")
    assert "segregation" not in verified.stdout, verified.stdout
    director_grant = next(g["grant_id"] for g in granted.json()["grants"] if g["role"] == "site_director")
    assert api.delete("admin", f"/api/admin/users/{colleague}/grants/{director_grant}").status_code == 204
