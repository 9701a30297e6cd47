"""Demo activity, played through the real API over HTTP as the demo users would: the RCRSO opens the cycle of
the coming year for every site and the сборник of that year, some directors send their package, curators and the
Department accept, agree or return some.

Runs only for cycles it has just opened, so a second ``make run`` keeps whatever happened since."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import httpx

from domain.regulations.khmao.sites import SITES
from innocycle.demo_files import package_data, package_files
from innocycle.seed import DEMO_PASSWORD


@dataclass(frozen=True)
class Scene:
    """What happens to a site's package in the demo: who sends it, then each decision as (login, action, comment)."""

    site_id: str
    submitter: str  # "director" or "responsible"
    decisions: tuple[tuple[str, str, str], ...] = ()


SCENES = (
    Scene("1.1.11", "director", (("curator.1.1.11", "approve", "Пакет принят, документы соответствуют п. 2.3."),)),
    Scene("1.1.7", "responsible", (("curator.1.1.7", "approve", "Принято."),)),
    Scene("1.2.3", "director", (("curator.1.2.3", "approve", "Принято без замечаний."),)),
    # OP15 sends its roadmap for the Department's agreement (001:L3456); the Department returns it.
    Scene(
        "1.2.2",
        "director",
        (
            (
                "department",
                "return",
                "Раздел III плана мероприятий не содержит сроков исполнения; согласование не может быть дано.",
            ),
        ),
    ),
    Scene("1.1.5", "responsible"),  # waits for the curator
    Scene("1.1.9", "director", (("department", "agree", "Согласовано."),)),  # agreed, waits for the curator
)


def demo_year(today: date) -> int:
    """The cycle year whose annual package (due 20 December of the year before) is the next one due."""
    return today.year + 1 if today <= date(today.year, 12, 20) else today.year + 2


class DemoClient:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self._tokens: dict[str, str] = {}

    def headers(self, login: str) -> dict[str, str]:
        if login not in self._tokens:
            response = self.http.post("/api/auth/token", data={"username": login, "password": DEMO_PASSWORD})
            response.raise_for_status()
            self._tokens[login] = response.json()["access_token"]
        return {"Authorization": f"Bearer {self._tokens[login]}"}

    def open_cycle(self, site_id: str, year: int) -> bool:
        response = self.http.post("/api/cycles", headers=self.headers("rcrso"), json={"site_id": site_id, "year": year})
        if response.status_code == 409:
            return False
        response.raise_for_status()
        return True

    def open_compendium(self, region_id: str, year: int) -> None:
        """The RCRSO starts the сборник of the year, due 1 February (order 135-р 3.2)."""
        response = self.http.post(
            "/api/compendia", headers=self.headers("rcrso"), json={"region_id": region_id, "year": year}
        )
        if response.status_code != 409:
            response.raise_for_status()

    def submit_package(self, site_id: str, year: int, login: str) -> None:
        items = {}
        for item, (filename, content) in package_files(site_id, year).items():
            response = self.http.post(
                f"/api/sites/{site_id}/files", headers=self.headers(login), files={"file": (filename, content)}
            )
            response.raise_for_status()
            items[item] = response.json()["file_id"]
        response = self.http.post(
            f"/api/sites/{site_id}/cycles/{year}/obligations/package/annual/submissions",
            headers=self.headers(login),
            json={"items": items, "note": f"Пакет документов на {year} год.", "data": package_data(year)},
        )
        response.raise_for_status()

    def decide(self, site_id: str, year: int, login: str, action: str, comment: str) -> None:
        response = self.http.post(
            f"/api/sites/{site_id}/cycles/{year}/obligations/package/annual/decisions",
            headers=self.headers(login),
            json={"action": action, "comment": comment},
        )
        response.raise_for_status()


def play(base_url: str, today: date) -> tuple[int, int]:
    """Open the demo year's cycles and play the scenes; returns (year, cycles opened now)."""
    year = demo_year(today)
    client = DemoClient(base_url)
    opened = {site.id for site in SITES if client.open_cycle(site.id, year)}
    for scene in SCENES:
        if scene.site_id not in opened:
            continue
        client.submit_package(scene.site_id, year, f"{scene.submitter}.{scene.site_id}")
        for login, action, comment in scene.decisions:
            client.decide(scene.site_id, year, login, action, comment)
    if opened:
        client.open_compendium("86", year)
    return year, len(opened)
