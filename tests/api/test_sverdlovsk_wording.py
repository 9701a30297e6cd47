"""No KhMAO words for Sverdlovsk people (issue 16): an escalation of a Sverdlovsk section names its roles as the
section's regulation does (`Regulation.role_titles`) in `/api/escalations`, `/api/region/escalations` and on
`/region/escalations`, and the refusal to open a cycle names the ОМЦ's head, not «директор РЦРСО». The escalation
is a projection row of its own, removed afterwards: what is tested is how it is read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from tests.support.client import Api
from tests.support.stack import Stack

KHMAO_WORDS = ("РЦРСО", "куратор направления", "Депсоцразвития", "Югр", "135-р")
SITE, YEAR = "sverdlovsk-south-1", 2061
ESCALATION = f"cycle:{SITE}:{YEAR}:section_report:Q1:level2"


@pytest.fixture
def escalation(dev_stack: Stack) -> Iterator[str]:
    dev_stack.query(
        "INSERT INTO escalations (escalation_id, obligation_id, cycle_id, site_id, year, obligation_title, level, "
        "phase, due_nominal, due_effective, notify, raised_at) VALUES (%s, %s, %s, %s, %s, 'Отчет секции за I "
        "квартал', 'level2', 2, '2061-04-05', '2061-04-05', "
        "'[\"site_responsible\", \"site_director\", \"curator\", \"rcrso_director\", \"department\"]', now()) "
        "RETURNING 1",
        ESCALATION, f"cycle:{SITE}:{YEAR}:section_report:Q1", f"cycle:{SITE}:{YEAR}", SITE, YEAR,
    )  # fmt: skip
    try:
        yield ESCALATION
    finally:
        dev_stack.query("DELETE FROM escalations WHERE escalation_id = %s RETURNING 1", ESCALATION)


def _clean(text: str) -> None:
    leaked = [word for word in KHMAO_WORDS if word in text]
    assert not leaked, (leaked, text[:2000])


def test_a_sverdlovsk_official_reads_escalations_and_refusals_in_the_regions_own_words(
    api: Api, dev_stack: Stack, escalation: str
) -> None:
    for login in ("sverdlovsk.ministry", "sverdlovsk.omc"):
        listed = api.get(login, "/api/escalations", params={"site_id": SITE, "year": YEAR})
        assert [e["escalation_id"] for e in listed.json()] == [escalation], listed.text
        roles = [r["role_ru"] for r in listed.json()[0]["notified"]]
        assert "руководитель Организационно-методического центра" in roles, roles
        _clean(listed.text)
        paged = api.get(login, "/api/region/escalations", params={"region_id": "66", "year": YEAR})
        assert [e["escalation_id"] for e in paged.json()["items"]] == [escalation], paged.text
        _clean(paged.text)
    refused = api.post("sverdlovsk.ministry", "/api/cycles", json={"site_id": SITE, "year": YEAR})
    assert refused.status_code == 403, refused.text
    assert "руководитель Организационно-методического центра" in refused.json()["detail"]
    _clean(refused.text)
    with httpx.Client(base_url=dev_stack.api_url, timeout=30) as browser:
        form = browser.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None, form.text[:500]
        data = {"username": "sverdlovsk.ministry", "password": "demo", "csrf_token": token.group(1)}
        assert browser.post("/login", data=data).status_code in (200, 303)
        page = browser.get("/region/escalations", params={"region": "66", "year": str(YEAR)})
        assert page.status_code == 200 and "Отчет секции за I квартал" in page.text, page.text[:1000]
        _clean(page.text)


def test_the_refusal_to_open_a_khmao_cycle_still_names_the_rcrso(api: Api) -> None:
    refused = api.post("department", "/api/cycles", json={"site_id": "1.1.5", "year": 2061})
    assert refused.status_code == 403 and "директор РЦРСО" in refused.json()["detail"], refused.text


PAGE_WORDS = ("РЦРСО", "Депсоцразвития", "Югр", "135-р", "Экспертный совет РЦРСО")
OMP_LOGIN, OMP_PASSWORD = "omp.wording.director", "demo-omp-wording"


@contextmanager
def _browser(dev_stack: Stack, login: str, password: str = "demo") -> Iterator[httpx.Client]:
    with httpx.Client(base_url=dev_stack.api_url, timeout=30) as browser:
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
        assert token is not None
        data = {"username": login, "password": password, "csrf_token": token.group(1)}
        answer = browser.post("/login", data=data)
        assert answer.status_code in (200, 303), answer.text[:500]
        yield browser


def _omp_director(api: Api) -> None:
    """A Vologda platform's director, as the people of innocycle/demo_platform.py: a grant on the site alone."""
    body = {"login": OMP_LOGIN, "full_name": "Проверочный Директор ОМП", "position": "", "password": OMP_PASSWORD}
    created = api.post("admin", "/api/admin/users", json=body)
    if created.status_code == 201:
        grant = {"role": "site_director", "scope_kind": "site", "scope_id": "vologda-omp-2023"}
        given = api.post("admin", f"/api/admin/users/{created.json()['user_id']}/grants", json=grant)
        assert given.status_code == 201, given.text
    else:
        assert created.status_code == 409, created.text


def test_people_of_a_site_or_organisation_of_another_region_find_nothing_of_khmao(api: Api, dev_stack: Stack) -> None:
    """Issue 16: a person whose grants are a site's or an organisation's of Sverdlovsk or Vologda finds neither
    the products nor the council of order 135-р; their regulations list is their region's alone."""
    _omp_director(api)
    for login, password in (("sverdlovsk.base", "demo"), ("sverdlovsk.leader.1", "demo"), (OMP_LOGIN, OMP_PASSWORD)):
        with _browser(dev_stack, login, password) as browser:
            home = browser.get("/tasks")
            assert home.status_code == 200, home.text[:500]
            nav = home.text[home.text.index("<nav") : home.text.index("</nav>")]
            links = set(re.findall(r'href="(/[^"#?]*)', nav)) - {"/", "/logout", "/docs"}
            assert "/regulations" in links and not links & {"/products", "/council"}, (login, links)
            for path in sorted(links | {"/regulations"}):
                page = browser.get(path)
                assert page.status_code == 200, (login, path, page.text[:500])
                leaked = [word for word in PAGE_WORDS if word in page.text]
                assert not leaked, (login, path, leaked)
            assert browser.get("/products").status_code == 404
            assert browser.get("/council").status_code == 404
    with _browser(dev_stack, "director.1.1.4") as browser:
        home = browser.get("/tasks").text
        assert 'href="/products"' in home
        regulations = browser.get("/regulations").text
        assert "135-р" in regulations and "vologda-omp" not in regulations and "sverdlovsk" not in regulations
