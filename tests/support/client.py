"""Talking to the real API over HTTP as the demo users."""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import httpx

from innocycle.demo_files import package_data, package_files


def region_today() -> date:
    """Today as the service counts it: in the region's time (UTC+5), already tomorrow after 19:00 UTC."""
    return datetime.now(ZoneInfo("Asia/Yekaterinburg")).date()


def until(fetch: Callable[[], Any], ready: Callable[[Any], bool], seconds: float = 20) -> Any:
    """``fetch()`` again until ``ready`` says yes: what the workflows record on their own takes real milliseconds."""
    deadline = time.monotonic() + seconds
    value = fetch()
    while not ready(value) and time.monotonic() < deadline:
        time.sleep(0.1)
        value = fetch()
    assert ready(value), value
    return value


def obligation_path(site_id: str, year: int, key: str = "package", instance: str = "annual") -> str:
    return f"/api/sites/{site_id}/cycles/{year}/obligations/{key}/{instance}"


# Built once: httpx reads the system's certificates for every client it makes (some 30 ms), though the tests speak
# plain HTTP on loopback, and the suite makes hundreds of clients.
TLS = ssl.create_default_context()


class Api:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=120, verify=TLS)
        self._tokens: dict[str, str] = {}

    def close(self) -> None:
        self.http.close()

    passwords: ClassVar[dict[str, str]] = {}  # of accounts made in tests; every demo account's password is "demo"

    def token(self, login: str, password: str | None = None) -> str:
        if password is not None:
            Api.passwords[login] = password
        if login not in self._tokens:
            data = {"username": login, "password": Api.passwords.get(login, "demo")}
            response = self.http.post("/api/auth/token", data=data)
            assert response.status_code == 200, response.text
            self._tokens[login] = response.json()["access_token"]
        return self._tokens[login]

    def forget(self, login: str) -> None:
        """Sign in afresh next time: the access token carries the grants of the moment it was issued."""
        self._tokens.pop(login, None)

    def headers(self, login: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(login)}"}

    def request(self, method: str, login: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self.http.request(method, path, headers=self.headers(login), **kwargs)
        if response.status_code == 401 and response.json().get("code") == "token_expired":
            self.forget(login)
            response = self.http.request(method, path, headers=self.headers(login), **kwargs)
        return response

    def get(self, login: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", login, path, **kwargs)

    def post(self, login: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", login, path, **kwargs)

    def patch(self, login: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", login, path, **kwargs)

    def delete(self, login: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", login, path, **kwargs)

    def user_id(self, login: str) -> str:
        return str(self.get(login, "/api/me").json()["user_id"])

    def grant(self, login: str, role: str, scope_kind: str, scope_id: str = "", **extra: Any) -> str:
        """Give ``login`` a role as the administrator; returns the grant's id. The user must sign in again."""
        body = {"role": role, "scope_kind": scope_kind, "scope_id": scope_id, **extra}
        response = self.post("admin", f"/api/admin/users/{self.user_id(login)}/grants", json=body)
        assert response.status_code == 201, response.text
        self.forget(login)
        added = [g for g in response.json()["grants"] if (g["role"], g["scope_id"]) == (role, scope_id)]
        return str(added[-1]["grant_id"])

    def revoke_grant(self, login: str, grant_id: str) -> None:
        response = self.delete("admin", f"/api/admin/users/{self.user_id(login)}/grants/{grant_id}")
        assert response.status_code == 204, response.text
        self.forget(login)

    def open_cycle(self, site_id: str, year: int, login: str = "rcrso") -> httpx.Response:
        """Open a cycle as a person would: when the API answers 202 «starting» (its workflow took longer than the
        API waits, on a loaded machine), wait until what opens at once has opened and ask again — the 409 «already
        open» that comes back says the cycle is there, as a caller that opened it a moment before would see."""
        body = {"site_id": site_id, "year": year}
        response = self.post(login, "/api/cycles", json=body)
        if response.status_code != 202:
            return response
        now = datetime.now(UTC)

        def opened(cycle: httpx.Response) -> bool:
            obligations: list[dict[str, Any]] = (
                cycle.json().get("obligations") or [] if cycle.status_code == 200 else []
            )
            return bool(obligations) and not any(
                o["status"] == "planned" and (o.get("opens_at") is None or datetime.fromisoformat(o["opens_at"]) <= now)
                for o in obligations
            )

        until(lambda: self.get(login, f"/api/sites/{site_id}/cycles/{year}"), opened, 120)
        return self.post(login, "/api/cycles", json=body)

    def upload(self, login: str, site_id: str, filename: str, content: bytes) -> httpx.Response:
        return self.post(login, f"/api/sites/{site_id}/files", files={"file": (filename, content)})

    def upload_package(self, site_id: str, year: int, login: str) -> dict[str, str]:
        ids = {}
        for item, (filename, content) in package_files(site_id, year).items():
            response = self.upload(login, site_id, filename, content)
            assert response.status_code == 201, response.text
            ids[item] = response.json()["file_id"]
        return ids

    def submit(
        self,
        site_id: str,
        year: int,
        login: str,
        items: dict[str, str],
        note: str = "",
        data: dict[str, Any] | None = None,
        key: str = "package",
        instance: str = "annual",
    ) -> httpx.Response:
        """Submit to an obligation; the annual package carries its structured roadmap unless told otherwise."""
        if data is None and key == "package":
            data = package_data(year)
        body = {"items": items, "note": note, "data": data}
        return self.post(login, obligation_path(site_id, year, key, instance) + "/submissions", json=body)

    def decide(
        self,
        site_id: str,
        year: int,
        login: str,
        action: str,
        comment: str = "",
        key: str = "package",
        instance: str = "annual",
    ) -> httpx.Response:
        path = obligation_path(site_id, year, key, instance) + "/decisions"
        return self.post(login, path, json={"action": action, "comment": comment})

    def obligation(self, site_id: str, year: int, login: str) -> dict[str, Any]:
        response = self.get(login, obligation_path(site_id, year))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body
