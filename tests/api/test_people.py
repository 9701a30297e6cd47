"""People and access through the real API: an administrator creates users and gives grants, an acting official
(И.О.) signs and the record says so, a colleague stands in during a vacation (замещение) and both inboxes show
the work; every sign-in and change is audited."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from tests.support.client import Api, obligation_path, region_today
from tests.support.stack import Stack

PEOPLE_TABLES = {"users": "id", "grants": "grant_id", "substitutions": "substitution_id"}


def _new_user(api: Api, login: str) -> dict[str, Any]:
    body = {
        "login": login,
        "full_name": "Новикова Анна Сергеевна",
        "position": "ведущий специалист",
        "password": "demo-demo",
    }
    response = api.post("admin", "/api/admin/users", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _sign_in(api: Api, login: str, password: str = "demo-demo") -> dict[str, str]:
    response = api.http.post("/api/auth/token", data={"username": login, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_only_an_administrator_manages_people_and_bad_input_changes_nothing(api: Api) -> None:
    body = {"login": "stranger", "full_name": "Посторонний", "password": "long-enough"}
    refused = api.post("department", "/api/admin/users", json=body)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert api.get("curator.1.1.5", "/api/admin/users").status_code == 403

    user = _new_user(api, "novikova")
    assert user["grants"] == []
    taken = api.post("admin", "/api/admin/users", json={**body, "login": "novikova"})
    assert (taken.status_code, taken.json()["errors"][0]["field"]) == (409, "login")
    malformed = api.post("admin", "/api/admin/users", json={**body, "login": "Новикова", "password": "short"})
    assert malformed.status_code == 422
    assert {e["field"] for e in malformed.json()["errors"]} == {"login", "password"}
    unknown = api.post(
        "admin",
        f"/api/admin/users/{user['user_id']}/grants",
        json={"role": "curator", "scope_kind": "site", "scope_id": "7.7.7"},
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "scope_id")
    backwards = api.post(
        "admin",
        f"/api/admin/users/{user['user_id']}/grants",
        json={
            "role": "curator",
            "scope_kind": "site",
            "scope_id": "1.1.5",
            "valid_from": "2030-01-10",
            "valid_until": "2030-01-01",
        },
    )
    assert (backwards.status_code, backwards.json()["errors"][0]["field"]) == (422, "valid_until")
    assert api.get("admin", f"/api/admin/users/{user['user_id']}").json()["grants"] == []
    found = api.get("admin", "/api/admin/users", params={"search": "novikov"}).json()
    assert [u["login"] for u in found["items"]] == ["novikova"]

    # Without a grant the new user sees nothing; a grant that starts later is not yet in force.
    headers = _sign_in(api, "novikova")
    assert api.http.get("/api/sites", headers=headers).json() == []
    later = {
        "role": "site_director",
        "scope_kind": "site",
        "scope_id": "1.1.5",
        "valid_from": str(region_today() + timedelta(days=3)),
    }
    assert api.post("admin", f"/api/admin/users/{user['user_id']}/grants", json=later).status_code == 201
    assert api.http.get("/api/sites", headers=_sign_in(api, "novikova")).json() == []
    now = {"role": "site_director", "scope_kind": "site", "scope_id": "1.1.5"}
    granted = api.post("admin", f"/api/admin/users/{user['user_id']}/grants", json=now).json()
    assert [s["id"] for s in api.http.get("/api/sites", headers=_sign_in(api, "novikova")).json()] == ["1.1.5"]
    grant_id = next(g["grant_id"] for g in granted["grants"] if g["valid_from"] is None)
    assert api.delete("admin", f"/api/admin/users/{user['user_id']}/grants/{grant_id}").status_code == 204
    assert api.http.get("/api/sites", headers=_sign_in(api, "novikova")).json() == []

    # A deactivated account cannot sign in; an administrator cannot lock themselves out.
    assert api.patch("admin", f"/api/admin/users/{user['user_id']}", json={"active": False}).status_code == 200
    gone = api.http.post("/api/auth/token", data={"username": "novikova", "password": "demo-demo"})
    assert gone.status_code == 401
    own = api.patch("admin", f"/api/admin/users/{api.user_id('admin')}", json={"active": False})
    assert (own.status_code, own.json()["code"]) == (409, "self_deactivation")

    kinds = [e["kind"] for e in api.get("admin", "/api/admin/audit", params={"login": "novikova"}).json()["items"]]
    assert kinds[0] == "login_failed"
    assert {"user_created", "grant_added", "grant_removed", "user_changed", "login"} <= set(kinds)


def test_an_acting_curator_signs_and_the_record_says_acting(api: Api, open_cycle: Callable[[str], int]) -> None:
    user = _new_user(api, "acting.curator.1.1.11")
    grant = {
        "role": "curator",
        "scope_kind": "direction",
        "scope_id": "1.1.11",
        "acting": True,
        "valid_until": str(region_today() + timedelta(days=30)),
    }
    assert api.post("admin", f"/api/admin/users/{user['user_id']}/grants", json=grant).status_code == 201
    me = api.http.get("/api/me", headers=_sign_in(api, "acting.curator.1.1.11")).json()
    assert [(g["role"], g["acting"]) for g in me["grants"]] == [("curator", True)]

    year = open_cycle("1.1.11")
    items = api.upload_package("1.1.11", year, "responsible.1.1.11")
    assert api.submit("1.1.11", year, "responsible.1.1.11", items).status_code == 200
    path = obligation_path("1.1.11", year) + "/decisions"
    approved = api.http.post(
        path, headers=_sign_in(api, "acting.curator.1.1.11"), json={"action": "approve", "comment": ""}
    )
    assert approved.status_code == 200, approved.text
    decision = api.obligation("1.1.11", year, "director.1.1.11")["decisions"][-1]
    assert decision["decided_by"]["user_id"] == user["user_id"]
    assert decision["decided_by"]["acting"] is True


def test_a_colleague_stands_in_during_a_vacation(api: Api, open_cycle: Callable[[str], int]) -> None:
    today = region_today()
    vacation = {
        "substitute_login": "curator.1.1.14",
        "starts_on": str(today),
        "ends_on": str(today + timedelta(days=14)),
        "reason": "отпуск",
    }
    for wrong, field in (
        ({**vacation, "substitute_login": "curator.1.1.7"}, "substitute_login"),
        ({**vacation, "ends_on": str(today - timedelta(days=1))}, "ends_on"),
        ({**vacation, "substitute_login": "nobody.here"}, "substitute_login"),
    ):
        response = api.post("curator.1.1.7", "/api/substitutions", json=wrong)
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == field
    for_other = api.post("curator.1.1.7", "/api/substitutions", json={**vacation, "absent_login": "curator.1.1.13"})
    assert for_other.status_code == 403
    created = api.post("curator.1.1.7", "/api/substitutions", json=vacation)
    assert created.status_code == 201, created.text
    substitution = created.json()
    assert substitution["substitute"]["login"] == "curator.1.1.14"
    for login in ("curator.1.1.7", "curator.1.1.14"):
        listed = api.get(login, "/api/substitutions").json()
        assert substitution["substitution_id"] in {s["substitution_id"] for s in listed}
    assert substitution["substitution_id"] not in {
        s["substitution_id"] for s in api.get("curator.1.1.13", "/api/substitutions").json()
    }

    year = open_cycle("1.1.7")
    items = api.upload_package("1.1.7", year, "responsible.1.1.7")
    assert api.submit("1.1.7", year, "responsible.1.1.7", items).status_code == 200
    api.forget("curator.1.1.14")  # the handover takes effect at the next sign-in

    def review_tasks(login: str) -> list[str]:
        found = api.get(login, "/api/tasks", params={"site_id": "1.1.7", "year": year, "task_kind": "review"}).json()
        return [t["task_id"] for t in found["items"]]

    assert review_tasks("curator.1.1.7") == review_tasks("curator.1.1.14") != []
    me = api.get("curator.1.1.14", "/api/me").json()
    absent_name = api.get("curator.1.1.7", "/api/me").json()["full_name"]
    assert {g["on_behalf_of"] for g in me["grants"] if g["scope_id"] == "1.1.7"} == {absent_name}

    assert api.decide("1.1.7", year, "curator.1.1.14", "approve").status_code == 200
    decided_by = api.obligation("1.1.7", year, "director.1.1.7")["decisions"][-1]["decided_by"]
    assert (decided_by["user_id"], decided_by["on_behalf_of"]) == (api.user_id("curator.1.1.14"), absent_name)

    assert api.delete("curator.1.1.7", f"/api/substitutions/{substitution['substitution_id']}").status_code == 204
    api.forget("curator.1.1.14")
    assert api.get("curator.1.1.14", obligation_path("1.1.7", year)).status_code == 404
    assert review_tasks("curator.1.1.14") == []


def _people(stack: Stack) -> dict[str, list[tuple[Any, ...]]]:
    return {table: stack.query(f"SELECT * FROM {table} ORDER BY {key}") for table, key in PEOPLE_TABLES.items()}


def _cli(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "innocycle.cli", *args], env=stack.env, capture_output=True, text=True, timeout=600
    )


def test_people_are_events_a_rebuild_keeps_and_signing_in_survives_it(api: Api, dev_stack: Stack) -> None:
    # Everything a person's history can hold: a changed name and password, a grant given and one withdrawn, an
    # account switched off, a substitution arranged and one cancelled.
    user = _new_user(api, "rebuilt.person")
    path = f"/api/admin/users/{user['user_id']}"
    changed = api.patch("admin", path, json={"position": "главный специалист", "password": "new-password-1"})
    assert changed.status_code == 200, changed.text
    acting = {
        "role": "curator",
        "scope_kind": "direction",
        "scope_id": "1.1.4",
        "acting": True,
        "valid_until": str(region_today() + timedelta(days=60)),
    }
    assert api.post("admin", f"{path}/grants", json=acting).status_code == 201
    other = api.post("admin", f"{path}/grants", json={"role": "expert", "scope_kind": "region", "scope_id": "86"})
    expert_grant = next(g["grant_id"] for g in other.json()["grants"] if g["role"] == "expert")
    assert api.delete("admin", f"{path}/grants/{expert_grant}").status_code == 204
    leaving = _new_user(api, "rebuilt.leaving")
    assert api.patch("admin", f"/api/admin/users/{leaving['user_id']}", json={"active": False}).status_code == 200
    vacation = {
        "substitute_login": "rebuilt.person",
        "starts_on": str(region_today()),
        "ends_on": str(region_today() + timedelta(days=7)),
        "reason": "отпуск",
    }
    assert api.post("curator.1.1.4", "/api/substitutions", json=vacation).status_code == 201
    cancelled = api.post("curator.1.1.4", "/api/substitutions", json={**vacation, "reason": "командировка"}).json()
    assert api.delete("curator.1.1.4", f"/api/substitutions/{cancelled['substitution_id']}").status_code == 204

    streams = dev_stack.query(
        "SELECT stream_id, event_type FROM events WHERE stream_id = %s ORDER BY stream_version",
        f"user:{user['user_id']}",
    )
    assert [event_type for _, event_type in streams] == [
        "UserRegistered",
        "UserChanged",
        "GrantGiven",
        "GrantGiven",
        "GrantWithdrawn",
    ]
    hashes = dev_stack.query("SELECT count(*) FROM events WHERE data::text LIKE %s", "%$argon2%")
    assert hashes == [(0,)]  # no password hash is ever an event

    before = _people(dev_stack)
    assert before["substitutions"] and all(before.values())
    dev_stack.query("UPDATE users SET full_name = 'испорчено' RETURNING 1")  # a projection gone wrong
    rebuilt = _cli(dev_stack, "rebuild-projections")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert _people(dev_stack) == before

    # The password hashes were kept: the changed password signs in, the old one and a switched-off account do not.
    headers = _sign_in(api, "rebuilt.person", "new-password-1")
    me = api.http.get("/api/me", headers=headers).json()
    assert me["position"] == "главный специалист"
    # Their own grant as acting curator, and the curator's grant of the colleague they stand in for.
    absent = api.get("curator.1.1.4", "/api/me").json()["full_name"]
    held = sorted((g["role"], g["acting"], g["on_behalf_of"]) for g in me["grants"])
    assert held == [("curator", False, absent), ("curator", True, "")]
    for login, password in (("rebuilt.person", "demo-demo"), ("rebuilt.leaving", "demo-demo")):
        refused = api.http.post("/api/auth/token", data={"username": login, "password": password})
        assert refused.status_code == 401
    assert _sign_in(api, "admin", "demo")

    # innocycle verify finds the people projections as a replay of the log makes them.
    verified = _cli(dev_stack, "verify", "--only", "no-such-workflow")
    assert "0 differences" in verified.stdout, verified.stdout + verified.stderr
