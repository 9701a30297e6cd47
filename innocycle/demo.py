"""Demo activity, played through the real API over HTTP as the demo users would: the RCRSO opens the cycle of
the coming year for every site and the сборник of that year, some directors send their package, curators and the
Department accept, agree or return some; two sites prepare methodological products for the expert council (drafted,
with their files and pilot; they are sent once the year of their quota has begun); and a unit of the Berezovsky
complex centre keeps its положение under document control (``demo_documents.py``); the Sverdlovsk tiers' cycles
open and a section is composed, elects its leader and plans its year (``demo_sections.py``).

Runs only for cycles it has just opened, so a second ``make run`` keeps whatever happened since."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import httpx

from domain.regulations.khmao.sites import SITES
from innocycle.demo_documents import play_documents, play_site_polozhenia
from innocycle.demo_files import docx_bytes, package_data, package_files
from innocycle.demo_platform import play_platforms
from innocycle.demo_sections import play_sections
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


@dataclass(frozen=True)
class DemoProduct:
    site_id: str
    title: str
    kind: str
    authors: tuple[str, ...]
    abstract: str
    piloted_at: str  # where it was piloted
    piloted_since: date


PRODUCTS = (
    DemoProduct(
        "1.1.3",
        "Модельная программа социального сопровождения семей, заключивших социальный контракт",
        "model_program",
        ("Сафонова Алла Викторовна", "Миронов Денис Олегович"),
        "Единый подход специалистов к сопровождению получателей социального контракта: выявление потребностей семьи, "
        "индивидуальный план, мотивационные встречи, оценка результата через шесть месяцев.",
        "отделение социального сопровождения Нижневартовского КЦСОН",
        date(2026, 3, 1),
    ),
    DemoProduct(
        "1.1.7",
        "Технология наставничества для молодых специалистов учреждений социального обслуживания",
        "technology",
        ("Белова Ирина Сергеевна",),
        "Наставничество в первый год работы: закрепление наставника, план адаптации, разбор случаев, итоговая "
        "аттестация молодого специалиста.",
        "Мегионский КЦСОН",
        date(2026, 9, 1),
    ),
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

    def prepare_product(self, product: DemoProduct) -> None:
        """The site's director drafts the product, attaches its file and records its pilot."""
        login = f"director.{product.site_id}"
        body = {
            "site_id": product.site_id,
            "title": product.title,
            "kind": product.kind,
            "authors": [{"full_name": name} for name in product.authors],
            "abstract": product.abstract,
        }
        drafted = self.http.post("/api/products", headers=self.headers(login), json=body)
        drafted.raise_for_status()
        path = f"/api/products/{drafted.json()['product_id']}"
        uploaded = self.http.post(
            f"/api/sites/{product.site_id}/files",
            headers=self.headers(login),
            files={"file": ("программа.docx", docx_bytes(product.title))},
        )
        uploaded.raise_for_status()
        files = {"product": uploaded.json()["file_id"]}
        self.http.post(f"{path}/versions", headers=self.headers(login), json={"files": files}).raise_for_status()
        pilot = {"where": product.piloted_at, "since": product.piloted_since.isoformat()}
        self.http.post(f"{path}/pilot", headers=self.headers(login), json=pilot).raise_for_status()

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
        for product in PRODUCTS:
            if product.site_id in opened:
                client.prepare_product(product)
    play_documents(client)  # a unit's controlled documents (seed 004): played once, whatever the year
    play_site_polozhenia(client)  # 1.1.12's and 1.1.7's положение in the register (QMS D13): played once
    play_platforms(base_url)  # the two Vologda platforms' reports (seeds 002, 003): played once
    play_sections(base_url, year)  # the Sverdlovsk sections: composition, election, plan; played once
    return year, len(opened)
