"""Talking to the real API over HTTP as the demo users."""

from __future__ import annotations

from typing import Any

import httpx

from innocycle.demo_files import package_data, package_files


def obligation_path(site_id: str, year: int, key: str = "package", instance: str = "annual") -> str:
    return f"/api/sites/{site_id}/cycles/{year}/obligations/{key}/{instance}"


class Api:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=120)
        self._tokens: dict[str, str] = {}

    def close(self) -> None:
        self.http.close()

    def token(self, login: str) -> str:
        if login not in self._tokens:
            response = self.http.post("/api/auth/token", data={"username": login, "password": "demo"})
            assert response.status_code == 200, response.text
            self._tokens[login] = response.json()["access_token"]
        return self._tokens[login]

    def headers(self, login: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(login)}"}

    def get(self, login: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(path, headers=self.headers(login), **kwargs)

    def post(self, login: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.post(path, headers=self.headers(login), **kwargs)

    def open_cycle(self, site_id: str, year: int, login: str = "rcrso") -> httpx.Response:
        return self.post(login, "/api/cycles", json={"site_id": site_id, "year": year})

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
