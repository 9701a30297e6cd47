"""The two real Vologda platforms in the demo (seeds 002 and 003), played through the API: each platform's head
enters its report as the seed gives it — every indicator, the evidence, «Предложения» — and sends it. The 2022
report (002, unsigned in the seed, D3) waits for «СОГЛАСОВАНО» from the host's director; the 2023 report (003) is
agreed by the host's acting director and approved by the Department's head with the positions and printed names of
its header (dated today: a signature is never dated before the sending), so a user sees a real report, its warnings
— five events claimed, four listed — and its approvals, and the two applications awaited in February as tasks.

The 2023 platform's profile names two participating complex centres (the Sokol and Babushkino centres of 002:40)
before its cycle opens, so the cycle asks each for its figures of every quarter (D11): the Sokol centre's person
(``vologda.centre.1``) has sent the first quarter and the platform's head accepted it; the Babushkino centre's
(``vologda.centre.2``) has sent nothing, and its four requests are overdue. The platform's Q1 summary waits for its
head, its form filled with the Sokol figures and a reason asked for Babushkino."""

from __future__ import annotations

import time
from typing import Any

import httpx

from domain.people import Role
from domain.platform.seed_reports import SEED_REPORTS, SeedReport

# The seed's people sign in with «demo»; an account made through the API needs eight characters at least.
PASSWORD = "demo-omp"
# (login, full name (fictional, D21), role, site or region, acting)
PEOPLE: tuple[tuple[str, str, Role, str, bool], ...] = (
    ("omp.2022", "Смирнова Елена Викторовна", Role.SITE_RESPONSIBLE, "vologda-omp-2022", False),
    ("omp.2022.director", "Кузнецов Андрей Павлович", Role.SITE_DIRECTOR, "vologda-omp-2022", False),
    ("omp.2023", "Лебедева Ирина Сергеевна", Role.SITE_RESPONSIBLE, "vologda-omp-2023", False),
    ("omp.2023.director", "Веревкина Наталья Львовна", Role.SITE_DIRECTOR, "vologda-omp-2023", True),
    ("vologda.head", "Рыжов Николай Леонидович", Role.DEPARTMENT, "35", False),
    # The participating centres' responsible persons: the role on the centre's institution alone (D11).
    ("vologda.centre.1", "Орлова Вера Николаевна", Role.INSTITUTION_RESPONSIBLE, "sokol-kcson", False),
    ("vologda.centre.2", "Попова Нина Ивановна", Role.INSTITUTION_RESPONSIBLE, "babushkino-kcson", False),
)
# The 2023 platform's participating complex centres, named as 002:40 names them (their full names as the region's
# other centres are written): (id, full name, short name, town).
CENTRES: tuple[tuple[str, str, str, str], ...] = (
    (
        "sokol-kcson",
        "БУ СО ВО «Комплексный центр социального обслуживания населения Сокольского района»",
        "Сокольский КЦСОН",
        "Сокол",
    ),
    (
        "babushkino-kcson",
        "БУ СО ВО «Комплексный центр социального обслуживания населения Бабушкинского района»",
        "КЦСОН Бабушкинского района",
        "с. им. Бабушкина",
    ),
)
CENTRES_OF = {"vologda-omp-2023": ("sokol-kcson", "babushkino-kcson")}
# The Sokol centre's first quarter of 2023, as sent and accepted (figures fictional).
SOKOL_Q1 = {
    "families": "64",
    "people": "81",
    "urgent": "23",
    "accompanied": "7",
    "patronage": "5",
    "staff_units": "6.5",
}
PLATFORMS: tuple[tuple[str, int, str], ...] = (
    ("vologda-omp-2022", 2022, "omp.2022"),
    ("vologda-omp-2023", 2023, "omp.2023"),
)


class _Api:
    def __init__(self, http: httpx.Client) -> None:
        self.http = http
        self.tokens: dict[str, str] = {}

    def headers(self, login: str) -> dict[str, str]:
        if login not in self.tokens:
            password = "demo" if login in ("admin", "vologda.department") else PASSWORD
            response = self.http.post("/api/auth/token", data={"username": login, "password": password})
            response.raise_for_status()
            self.tokens[login] = response.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[login]}"}

    def call(self, method: str, login: str, path: str, body: Any = None, ok: tuple[int, ...] = (200,)) -> Any:
        response = self.http.request(method, path, headers=self.headers(login), json=body)
        if response.status_code not in ok:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response.json() if response.content else None


def _people(api: _Api) -> None:
    for login, full_name, role, scope, acting in PEOPLE:
        body = {"login": login, "full_name": full_name, "position": "", "password": PASSWORD}
        created = api.http.post("/api/admin/users", headers=api.headers("admin"), json=body)
        if created.status_code == 409:
            continue  # played before
        created.raise_for_status()
        kind = {Role.DEPARTMENT: "region", Role.INSTITUTION_RESPONSIBLE: "institution"}.get(role, "site")
        grant = {"role": role.value, "scope_kind": kind, "scope_id": scope, "acting": acting}
        api.call("POST", "admin", f"/api/admin/users/{created.json()['user_id']}/grants", grant, ok=(201,))


def _centres(api: _Api) -> None:
    """The complex centres taking part in the 2023 platform, organisations of the region answering to its
    Department."""
    for centre_id, name, short_name, city in CENTRES:
        body = {
            "id": centre_id,
            "region_id": "35",
            "kind": "member",
            "name": name,
            "short_name": short_name,
            "city": city,
            "parent_id": "vologda-dszn",
        }
        api.call("POST", "admin", "/api/admin/organisations", body, ok=(201, 409))


def _profile(api: _Api, site_id: str, year: int) -> None:
    """The platform's profile (паспорт ОМП) with its participating centres, set before its cycle opens: the cycle
    asks each centre for every quarter of the year (D11)."""
    seed = SEED_REPORTS[year]
    login = next(login for s, _year, login in PLATFORMS if s == site_id)
    head = next(p for p in PEOPLE if p[0] == login)
    director = next(p for p in PEOPLE if p[0] == f"{login}.director")
    body = {
        "theme": seed.theme,
        "host_id": "oktyabrsky-home",
        "working_group": [
            {"full_name": director[1], "position": "директор учреждения — базы ОМП"},
            {"full_name": head[1], "position": "руководитель ОМП (ресурсного центра)"},
        ],
        "centre_ids": list(CENTRES_OF[site_id]),
        "active_from": year,
    }
    path = f"/api/sites/{site_id}/platform-profile"
    if api.call("GET", "vologda.department", path)["profile"] is None:  # a profile kept since is left as it is
        api.call("PUT", "vologda.department", path, body)


def _centre_figures(api: _Api, site_id: str, year: int) -> None:
    """The Sokol centre sends its first quarter from its request and the platform's head accepts it; Babushkino's
    requests stay unanswered."""
    path = f"/api/sites/{site_id}/cycles/{year}/obligations/centre_monitoring/Q1-sokol-kcson"
    for _ in range(100):  # the cycle opens the requests of a past year at once: a few hundred milliseconds
        response = api.http.get(path, headers=api.headers("vologda.centre.1"))
        if response.status_code == 200 and response.json()["status"] == "awaiting_submission":
            break
        time.sleep(0.1)
    else:
        return
    data = {"form": "monitoring", "figures": [{"key": k, "amount": v} for k, v in SOKOL_Q1.items()]}
    api.call("POST", "vologda.centre.1", f"{path}/submissions", {"items": {}, "data": data})
    api.call("POST", "omp.2023", f"{path}/decisions", {"action": "approve", "comment": "Сведения приняты."})


def value_body(value: Any) -> dict[str, Any]:
    """A seed report's value as the body of ``PUT …/criteria-report/values/{key}`` (the tests enter them alike)."""
    body: dict[str, Any] = {"narrative": value.narrative, "more_than": value.more_than, "unit": value.unit}
    for field in ("amount", "cumulative"):
        if getattr(value, field) is not None:
            body[field] = str(getattr(value, field))
    if value.flag is not None:
        body["flag"] = value.flag
    if value.nil is not None:
        body["nil"] = value.nil.value
    body["breakdown"] = [
        {"label": p.label, "amount": str(p.amount), "unit": p.unit, "more_than": p.more_than} for p in value.breakdown
    ]
    return body


def _enter(api: _Api, login: str, path: str, seed: SeedReport) -> None:
    for value in seed.values:
        api.call("PUT", login, f"{path}/values/{value.key}", value_body(value))
    for item in seed.evidence:
        body = {
            "id": item.id,
            "kind": item.kind.value,
            "title": item.title,
            "held_on": item.held_on.isoformat() if item.held_on else None,
            "venue": item.venue,
            "quantity": item.quantity,
            "indicators": list(item.indicators),
            "pending": item.pending,
            "expected_by": item.expected_by.isoformat() if item.expected_by else None,
        }
        api.call("POST", login, f"{path}/evidence", body)
    api.call("PUT", login, f"{path}/conclusion", {"text": seed.conclusion, "propose_continue": seed.propose_continue})
    api.call("POST", login, f"{path}/submit")


def _opened(api: _Api, path: str, login: str) -> dict[str, Any] | None:
    """The report once its workflow has opened it (the cycle opens it at once; a few hundred milliseconds)."""
    for _ in range(100):
        response = api.http.get(path, headers=api.headers(login))
        if response.status_code == 200 and response.json().get("catalogue"):
            report: dict[str, Any] = response.json()
            return report
        time.sleep(0.1)
    return None


def play_platforms(base_url: str) -> int:
    """Play the seeds' reports once; returns how many reports were entered now (0 when played before)."""
    entered = 0
    with httpx.Client(base_url=base_url, timeout=60) as http:
        api = _Api(http)
        _centres(api)
        _people(api)
        for site_id, year, login in PLATFORMS:
            if site_id in CENTRES_OF:
                _profile(api, site_id, year)  # before the cycle opens: it asks its centres for every quarter (D11)
            opened = http.post("/api/cycles", headers=api.headers("admin"), json={"site_id": site_id, "year": year})
            if opened.status_code == 409:
                continue  # played before
            opened.raise_for_status()
            if site_id in CENTRES_OF:
                _centre_figures(api, site_id, year)
            path = f"/api/sites/{site_id}/cycles/{year}/criteria-report"
            report = _opened(api, path, login)
            if report is None or report["report_status"] != "draft":
                continue
            seed = SEED_REPORTS[year]
            _enter(api, login, path, seed)
            entered += 1
            if seed.agreed is None or seed.approved is None:
                continue  # 002 carries no signatures (D3): it waits for СОГЛАСОВАНО
            today = api.call("GET", login, path)["today"]
            agree = {
                "position": seed.agreed.position.removeprefix("И.О. "),  # the acting grant says it
                "printed_name": seed.agreed.printed_name,
                "signed_on": today,
            }
            api.call("POST", "omp.2023.director", f"{path}/signatures/agree", agree)
            approve = {
                "position": seed.approved.position,
                "printed_name": seed.approved.printed_name,
                "signed_on": today,
            }
            api.call("POST", "vologda.head", f"{path}/signatures/approve", approve)
    return entered
