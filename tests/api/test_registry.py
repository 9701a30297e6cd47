"""Regions, organisations and sites as data (issue 16): the administrator registers and changes them through REST,
every refusal in Russian with its field (422) or as a conflict (409); nobody else writes or reads the registry
here; a site's cycles follow its status period (D22, D28); the demo's Vologda and Sverdlovsk regions and their
officials see their own region only, with no word of KhMAO."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.support.client import Api, until
from tests.support.stack import Stack

KHMAO_WORDS = ("РЦРСО", "Депсоцразвития", "Югр", "135-р", "Ханты-Мансийск")


def _put(api: Api, login: str, path: str, body: dict[str, Any]) -> httpx.Response:
    return api.request("PUT", login, path, json=body)


def _refused(response: httpx.Response, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    problem: dict[str, Any] = response.json()
    if field is not None:
        assert [e["field"] for e in problem["errors"]] == [field], problem
        assert re.search("[а-яА-Я]", problem["errors"][0]["message"]), problem
    return problem


def test_only_the_administrator_reads_and_writes_the_registry(api: Api) -> None:
    region = {"id": "98", "name": "Проверочная область", "timezone": "Europe/Moscow"}
    for login in ("department", "rcrso", "director.1.1.5", "vologda.department"):
        assert api.get(login, "/api/admin/regions").status_code == 403
        assert api.get(login, "/api/admin/organisations", params={"region_id": "35"}).status_code == 403
        assert api.get(login, "/api/admin/sites").status_code == 403
        assert api.post(login, "/api/admin/regions", json=region).status_code == 403
    assert api.get("vologda.department", "/admin/regions").status_code in (302, 303, 403)


def test_the_demo_regions_with_their_authority_and_regulation(api: Api) -> None:
    regions = {r["id"]: r for r in api.get("admin", "/api/admin/regions").json()}
    assert regions["86"]["authority_name"].startswith("Департамент социального развития")
    assert regions["86"]["regulation_id"] == "khmao-135r" and regions["86"]["site_count"] >= 18
    assert regions["35"]["timezone"] == "Europe/Moscow"
    assert regions["35"]["authority_name"] == "Департамент социальной защиты населения Вологодской области"
    assert regions["66"]["timezone"] == "Asia/Yekaterinburg"
    assert regions["66"]["authority_name"] == "Министерство социальной политики Свердловской области"
    # Sverdlovsk: Ministry → ОМЦ → the district's base organisation, which holds the two sections.
    # The tiers above the sections are sites of their own (D10); the district's member organisations answer to the
    # Ministry.
    [ministry] = api.get("admin", "/api/admin/organisations", params={"region_id": "66"}).json()
    assert ministry["kind"] == "authority"
    children = {c["kind"]: c for c in ministry["children"]}
    omc = children["coordinating_centre"]
    assert omc["name"] == "ГКУ СО «Организационно-методический центр социальной помощи»"
    assert [s["id"] for s in omc["sites"]] == ["sverdlovsk-omc"]
    assert all("(условное название)" in c["name"] for c in ministry["children"] if c["kind"] == "member")
    [base] = omc["children"]
    assert "(условное название)" in base["name"]
    assert sorted(s["id"] for s in base["sites"]) == [
        "sverdlovsk-south-1",
        "sverdlovsk-south-2",
        "sverdlovsk-south-base",
    ]
    cards = {c["id"]: c for c in api.get("admin", "/api/admin/sites", params={"region_id": "35"}).json()}
    assert cards["vologda-omp-2022"]["direction_title"] == "Развитие деятельности участковой социальной службы"
    assert cards["vologda-omp-2023"]["institution_name"] == (
        "АУ СО ВО «Октябрьский дом-интернат для престарелых и инвалидов»"
    )
    assert cards["vologda-omp-2023"]["status_since"] == "2023-01-01"


def test_regions_and_organisations_are_checked_in_russian(api: Api) -> None:
    bad_zone = api.post("admin", "/api/admin/regions", json={"id": "97", "name": "Область", "timezone": "Mars/Base"})
    _refused(bad_zone, 422, "timezone")
    _refused(api.post("admin", "/api/admin/regions", json={"id": "35", "name": "Вологодская", "timezone": "UTC"}), 409)
    created = api.post("admin", "/api/admin/regions", json={"id": "97", "name": "Проверочная", "timezone": "UTC"})
    assert created.status_code in (201, 409), created.text
    assert api.get("admin", "/api/admin/regions/97").json()["regulation_id"] is None

    unit = {
        "id": "test-unit",
        "region_id": "35",
        "kind": "unit",
        "name": "Отделение срочных услуг",
        "short_name": "ОСУ",
    }
    _refused(api.post("admin", "/api/admin/organisations", json=unit), 422, "parent_id")
    elsewhere = api.post("admin", "/api/admin/organisations", json={**unit, "parent_id": "rcrso"})
    assert "того же региона" in _refused(elsewhere, 422, "parent_id")["detail"]
    member = {
        "id": "test-kcson",
        "region_id": "35",
        "kind": "member",
        "name": "БУ СО ВО «КЦСОН проверочного района»",
        "short_name": "КЦСОН проверочного района",
        "parent_id": "vologda-dszn",
    }
    assert api.post("admin", "/api/admin/organisations", json=member).status_code in (201, 409)
    assert api.post("admin", "/api/admin/organisations", json={**unit, "parent_id": "test-kcson"}).status_code in (
        201,
        409,
    )
    _refused(api.post("admin", "/api/admin/organisations", json=member), 409)
    # The member under its own unit: a circle.
    circle = {k: v for k, v in member.items() if k not in ("id", "region_id")} | {"parent_id": "test-unit"}
    _refused(_put(api, "admin", "/api/admin/organisations/test-kcson", circle), 422, "parent_id")
    tree = api.get("admin", "/api/admin/organisations", params={"region_id": "35"}).json()
    [department] = tree
    kcson = next(c for c in department["children"] if c["id"] == "test-kcson")
    assert [c["id"] for c in kcson["children"]] == ["test-unit"]

    # A change of kind is checked as a registration is: the member under the host cannot answer to a member.
    host = {**member, "id": "test-host", "kind": "host", "name": "БУ СО ВО «Проверочный центр»", "short_name": "ПЦ"}
    assert api.post("admin", "/api/admin/organisations", json=host).status_code in (201, 409)
    under = {**member, "id": "test-member-under-host", "name": "БУ СО ВО «КЦСОН под центром»", "parent_id": "test-host"}
    assert api.post("admin", "/api/admin/organisations", json=under).status_code in (201, 409)
    demoted = {k: v for k, v in host.items() if k not in ("id", "region_id")} | {"kind": "member"}
    refusal = _refused(_put(api, "admin", "/api/admin/organisations/test-host", demoted), 422, "kind")
    assert "«БУ СО ВО «КЦСОН под центром»» — организация-участник" in refusal["detail"], refusal
    assert api.get("admin", "/api/admin/organisations/test-host").json()["kind"] == "host"  # nothing changed


def _cycle_status(api: Api, site_id: str, year: int) -> str:
    return str(api.get("admin", f"/api/sites/{site_id}/cycles/{year}").json().get("status"))


def test_a_sites_cycles_follow_its_status_period(api: Api, dev_stack: Stack) -> None:
    site: dict[str, Any] = {
        "id": "test-omp",
        "region_id": "35",
        "institution_id": "oktyabrsky-home",
        "direction_title": "Проверочное направление",
        "status": "resource_center",  # KhMAO's status: Vologda's regulation does not know it
        "status_since": "2024-03-01",
    }
    assert (
        "опорно-методическая площадка"
        in _refused(api.post("admin", "/api/admin/sites", json=site), 422, "status")["detail"]
    )
    site["status"] = "methodological_platform"
    _refused(api.post("admin", "/api/admin/sites", json={**site, "status_until": "2024-02-01"}), 422, "status_until")
    _refused(api.post("admin", "/api/admin/sites", json={**site, "institution_id": "rcrso"}), 422, "institution_id")
    _refused(api.post("admin", "/api/admin/sites", json={**site, "institution_id": "vologda-dszn"}), 422)
    _refused(api.post("admin", "/api/admin/sites", json={**site, "region_id": "97"}), 422, "region_id")
    assert api.post("department", "/api/admin/sites", json=site).status_code == 403
    created = api.post("admin", "/api/admin/sites", json=site)
    assert created.status_code == 201, created.text
    _refused(api.post("admin", "/api/admin/sites", json=site), 409)

    # No cycle of a year the period does not cover; from its start date in its first year (D28).
    early = api.post("admin", "/api/cycles", json={"site_id": "test-omp", "year": 2023})
    assert _refused(early, 422, "year")["code"] == "status_not_in_force"
    assert api.open_cycle("test-omp", 2024, login="admin").status_code == 201
    starts = dev_stack.query(
        "SELECT data->>'starts_on' FROM events WHERE stream_id = 'cycle:test-omp:2024' AND event_type = 'CycleStarted'"
    )
    assert starts == [("2024-03-01",)]

    # The period ends (30.06.2024, long past): the running cycle closes as a revocation closes it.
    change = {k: v for k, v in site.items() if k not in ("id", "region_id")} | {"status_until": "2024-06-30"}
    changed = _put(api, "admin", "/api/admin/sites/test-omp", change)
    assert changed.status_code == 200, changed.text
    assert changed.json()["closing"] == ["cycle:test-omp:2024"]
    until(lambda: _cycle_status(api, "test-omp", 2024), lambda s: s == "closed", 30)
    closed = api.get("admin", "/api/sites/test-omp/cycles/2024").json()
    assert closed["closed_reason"] == "Срок действия статуса площадки истек 30.06.2024"
    late = api.post("admin", "/api/cycles", json={"site_id": "test-omp", "year": 2025})
    assert "по 30.06.2024" in _refused(late, 422, "year")["detail"]
    # The end moved later, or removed, once the cycle it cut is closed: refused, as a closed cycle does not open again
    # (a running one would plan what the new end covers, D22: tests/workflows/test_status_end_moved.py).
    later = _put(api, "admin", "/api/admin/sites/test-omp", change | {"status_until": "2024-12-31"})
    refused = _refused(later, 422, "status_until")
    assert refused["code"] == "status_end_cut"
    assert "на 31.12.2024: цикл 2024 года закрыт по прежнему сроку и снова не открывается" in refused["detail"]
    assert "зарегистрируйте площадку по этому приказу как новую" in refused["detail"]
    endless = _put(api, "admin", "/api/admin/sites/test-omp", change | {"status_until": None})
    assert "до бессрочного: цикл 2024 года закрыт" in _refused(endless, 422, "status_until")["detail"]
    # The beginning moved under the cycle planned from it (D28): refused; one that changes no cycle's year is not.
    moved = _put(api, "admin", "/api/admin/sites/test-omp", change | {"status_since": "2024-01-01"})
    refused = _refused(moved, 422, "status_since")
    assert refused["code"] == "status_start_planned"
    assert "с 01.03.2024 на 01.01.2024: цикл 2024 года уже открыт по прежнему началу" in refused["detail"]
    # Nothing changed: nothing recorded.
    again = _put(api, "admin", "/api/admin/sites/test-omp", change)
    assert again.status_code == 200 and again.json()["closing"] == []
    assert dev_stack.query("SELECT count(*) FROM events WHERE stream_id = 'site:test-omp'") == [(2,)]
    dev_stack.wait_until_quiet()


@pytest.mark.parametrize(
    ("login", "own", "region"),
    [
        ("vologda.department", "vologda-omp-2023", "Вологодская область"),
        ("sverdlovsk.ministry", "sverdlovsk-south-1", "Свердловская область"),
        ("sverdlovsk.omc", "sverdlovsk-south-2", "Свердловская область"),
    ],
)
def test_the_officials_of_a_region_see_their_own_sites_and_nothing_of_khmao(
    api: Api, dev_stack: Stack, login: str, own: str, region: str
) -> None:
    sites = {s["id"] for s in api.get(login, "/api/sites").json()}
    assert own in sites
    assert not any(s.startswith("1.") for s in sites)
    with httpx.Client(base_url=dev_stack.api_url, timeout=30) as browser:
        form = browser.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None, form.text[:500]
        answer = browser.post("/login", data={"username": login, "password": "demo", "csrf_token": token.group(1)})
        assert answer.status_code in (200, 303), answer.text[:500]
        home = browser.get("/region")
        assert home.status_code == 200 and region in home.text
        # Every page their navigation and region page lead to: there, and nothing of KhMAO on it.
        links = set(re.findall(r'href="(/[^"#?]*)', home.text)) - {"/", "/logout", "/docs"}
        links = {link for link in links if not link.startswith("/static")}
        assert {"/region/discipline", "/region/escalations", "/regulations", "/me", f"/sites/{own}"} <= links
        assert not links & {"/council", "/products", "/region/curators", "/region/standing"}, links
        for path in sorted(links):
            page = browser.get(path)
            assert page.status_code == 200, (path, page.text[:500])
            leaked = [word for word in KHMAO_WORDS if word in page.text]
            assert not leaked, (path, leaked)
        assert browser.get("/region/curators").status_code == 404  # no curators rule in this regulation


def test_the_automatic_opening_covers_every_region_with_a_regulation(dev_stack: Stack) -> None:
    """The region's workflow opens a year of Sverdlovsk's sections and of the tiers above them (the base organisation
    and the ОМЦ, D10) by the same internal call as KhMAO's (D26)."""
    opened = httpx.post(
        f"{dev_stack.api_url}/internal/regions/66/cycles/2091",
        headers={"Authorization": f"Bearer {dev_stack.env['INNOCYCLE_SERVICE_TOKEN']}"},
        timeout=60,
    )
    assert opened.status_code == 200, opened.text
    assert {"sverdlovsk-omc", "sverdlovsk-south-1", "sverdlovsk-south-2", "sverdlovsk-south-base"} == {
        site for site in opened.json()["opened"] if site.startswith("sverdlovsk-")
    }
    assert opened.json()["compendium"] == "none"  # the RCRSO's сборник is KhMAO's
    dev_stack.wait_until_quiet()


def test_a_period_ending_mid_year_gives_a_cycle_without_the_periods_after_it(api: Api, dev_stack: Stack) -> None:
    site = {
        "id": "test-omp-short",
        "region_id": "35",
        "institution_id": "sheksna-kcson",
        "direction_title": "Проверочное направление на полгода",
        "status": "methodological_platform",
        "status_since": "2025-01-01",
        "status_until": "2025-04-30",
    }
    assert api.post("admin", "/api/admin/sites", json=site).status_code == 201
    assert api.open_cycle("test-omp-short", 2025, login="admin").status_code == 201
    rows = until(
        lambda: dev_stack.query(
            "SELECT instance, period_key FROM obligations WHERE site_id = 'test-omp-short' AND year = 2025"
        ),
        lambda found: len(found) > 0,
        30,
    )
    instances = {instance for instance, _period in rows}
    assert "Q1" in instances or "H1" in instances or "annual" in instances, instances
    assert not instances & {"Q3", "Q4", "M05", "M12"}, instances  # monthly and quarterly periods after 30.04
    dev_stack.wait_until_quiet()
