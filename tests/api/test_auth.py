"""Signing in, refreshing and signing out through the real API; repeated failures are refused for a while, and
every attempt is in the audit log."""

from __future__ import annotations

from typing import Any

from tests.support.client import Api


def _sign_in(api: Api, login: str, password: str) -> Any:
    return api.http.post("/api/auth/token", data={"username": login, "password": password})


def _create(api: Api, login: str) -> str:
    body = {"login": login, "full_name": "Орлова Вера Павловна", "password": "correct-horse"}
    response = api.post("admin", "/api/admin/users", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["user_id"])


def test_a_short_lived_access_token_is_refreshed_once_and_logout_ends_the_session(api: Api) -> None:
    user_id = _create(api, "orlova")
    first = _sign_in(api, "orlova", "correct-horse").json()
    assert first["expires_in"] == 600  # ten minutes
    assert first["refresh_expires_in"] == 14 * 86400
    headers = {"Authorization": f"Bearer {first['access_token']}"}
    assert api.http.get("/api/sites", headers=headers).json() == []

    # A new grant reaches the user at the next refresh, without signing in again.
    grant = {"role": "site_director", "scope_kind": "site", "scope_id": "1.1.5"}
    assert api.post("admin", f"/api/admin/users/{user_id}/grants", json=grant).status_code == 201
    second = api.http.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200, second.text
    fresh = {"Authorization": f"Bearer {second.json()['access_token']}"}
    assert [s["id"] for s in api.http.get("/api/sites", headers=fresh).json()] == ["1.1.5"]

    reused = api.http.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert (reused.status_code, reused.json()["code"]) == (401, "invalid_refresh_token")
    assert reused.json()["detail"] == "Сеанс истёк — войдите снова."
    assert api.http.post("/api/auth/logout", json={"refresh_token": second.json()["refresh_token"]}).status_code == 204
    after = api.http.post("/api/auth/refresh", json={"refresh_token": second.json()["refresh_token"]})
    assert after.status_code == 401
    kinds = [e["kind"] for e in api.get("admin", "/api/admin/audit", params={"login": "orlova"}).json()["items"]]
    assert kinds.count("login") == 1
    events = api.get("admin", "/api/admin/audit", params={"kind": "refresh"}).json()["items"]
    assert user_id in {e["user_id"] for e in events}


def test_repeated_failures_are_refused_for_a_while_even_with_the_right_password(api: Api) -> None:
    _create(api, "guessed")
    for _ in range(10):
        wrong = _sign_in(api, "guessed", "letmein")
        assert (wrong.status_code, wrong.json()["code"]) == (401, "invalid_credentials")
    throttled = _sign_in(api, "guessed", "correct-horse")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "too_many_attempts"
    assert throttled.json()["detail"] == "Слишком много неудачных попыток входа; повторите через 15 мин."
    assert 0 < int(throttled.headers["retry-after"]) <= 15 * 60
    # Another login from the same address is not locked out by it.
    assert _sign_in(api, "director.1.1.5", "demo").status_code == 200

    audit = api.get("admin", "/api/admin/audit", params={"login": "guessed", "per_page": 50}).json()["items"]
    kinds = [e["kind"] for e in audit]
    assert kinds[0] == "login_throttled"
    assert kinds.count("login_failed") == 10
    assert "login" not in kinds
    assert all(e["ip"] == "127.0.0.1" for e in audit if e["kind"].startswith("login"))
    assert api.get("department", "/api/admin/audit").status_code == 403
