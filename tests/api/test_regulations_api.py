"""Regulations are readable with their citations, and every obligation of a cycle links to its clause."""

from __future__ import annotations

from collections.abc import Callable

from tests.support.client import Api


def test_regulations_are_listed_and_readable(api: Api) -> None:
    assert api.http.get("/api/regulations").status_code == 401
    listed = {r["id"]: r for r in api.get("director.1.1.5", "/api/regulations").json()}
    assert "khmao-135r" in listed
    assert listed["khmao-135r"]["document"] == "Приказ Депсоцразвития Югры от 04.02.2022 № 135-р"
    regulation = api.get("curator.1.1.5", "/api/regulations/khmao-135r").json()
    package = next(o for o in regulation["obligations"] if o["key"] == "package")
    assert package["citation"]["clause"] == "2.3"
    assert package["citation"]["source"].startswith("001:L130")
    assert package["deadline"]["text_ru"] == "ежегодно до 20 декабря предшествующего года; в 2022 году — до 10.02.2022"
    assert [s["level"] for s in package["ladder"]] == ["reminder", "overdue", "level2", "level3"]
    assert package["ladder"][0]["when_ru"] == "за 5 рабочих дней до срока"
    monitoring = next(o for o in regulation["obligations"] if o["key"] == "institution_monitoring")
    assert (monitoring["kind"], monitoring["kind_ru"]) == ("coverage", "охват мониторингом")  # 4.1
    assert api.get("rcrso", "/api/regulations/nowhere").status_code == 404


def test_a_regulation_is_read_by_the_people_of_its_region_only(api: Api) -> None:
    """Issue 16: another region's regulation answers as one that does not exist; the administrator reads all."""
    missing = api.get("sverdlovsk.omc", "/api/regulations/nowhere")
    for path in ("/api/regulations/khmao-135r", "/api/regulations/khmao-135r/obligations/package"):
        other = api.get("sverdlovsk.omc", path)
        assert (other.status_code, other.json()) == (404, missing.json()), path
    assert api.get("sverdlovsk.omc", "/api/regulations/sverdlovsk-sections").status_code == 200
    assert [r["id"] for r in api.get("sverdlovsk.omc", "/api/regulations").json()] == ["sverdlovsk-sections"]
    assert api.get("curator.1.1.5", "/api/regulations/vologda-omp").status_code == 404
    assert {r["id"] for r in api.get("admin", "/api/regulations").json()} >= {"khmao-135r", "vologda-omp"}
    assert api.get("admin", "/api/regulations/vologda-omp").status_code == 200


def test_a_cycle_obligation_links_to_its_clause(api: Api, open_cycle: Callable[[str], int]) -> None:
    year = open_cycle("1.1.14")
    cycle = api.get("director.1.1.14", f"/api/sites/1.1.14/cycles/{year}").json()
    package = next(o for o in cycle["obligations"] if o["key"] == "package")
    assert package["rule"]["clause"] == "2.3"
    rule = api.get("director.1.1.14", package["rule"]["url"])
    assert rule.status_code == 200
    assert rule.json()["citation"]["clause"] == "2.3"
    assert rule.json()["deadline"]["text_ru"] == package["rule"]["deadline_ru"]
