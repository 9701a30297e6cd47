"""The Department's and the RCRSO's region views: cycles and escalations across sites (filters, pages,
visibility), the matrix of sites × obligations and performance discipline, against the real worker.

The scenario owns these cycles: 1.1.8/2049 (package sent and accepted now: on time), 1.2.4/2049 (nothing sent:
open, not yet due) and 1.1.7/2022 (opened long after its 10.02.2022 deadline: everything overdue at once; the
package is sent and accepted now, so it is late by the working days from 10.02.2022 to today)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from tests.support.client import Api, until
from tests.support.stack import Stack

REGION = "86"
YEAR, LATE_YEAR = 2049, 2022
ON_TIME, OPEN, LATE = "1.1.8", "1.2.4", "1.1.7"
PACKAGE_LEVELS = {"overdue", "level2", "level3"}


def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _escalations(api: Api, login: str, **params: Any) -> dict[str, Any]:
    return dict(_ok(api.get(login, "/api/region/escalations", params=params)))


def _package_escalations(api: Api) -> list[dict[str, Any]]:
    page = _escalations(api, "rcrso", site_id=LATE, year=LATE_YEAR, per_page=200)
    return [e for e in page["items"] if e["obligation_id"].endswith(":package:annual")]


def _accept_package(api: Api, site_id: str, year: int) -> None:
    items = api.upload_package(site_id, year, f"director.{site_id}")
    assert api.submit(site_id, year, f"director.{site_id}", items).status_code == 200
    accepted = api.decide(site_id, year, f"curator.{site_id}", "approve", "Принято")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "approved"


@pytest.fixture(scope="module")
def scenario(dev_stack: Stack) -> Iterator[Api]:
    api = Api(dev_stack.api_url)
    for site_id in (ON_TIME, OPEN):
        assert api.open_cycle(site_id, YEAR).status_code == 201
    _accept_package(api, ON_TIME, YEAR)
    assert api.open_cycle(LATE, LATE_YEAR).status_code == 201
    dev_stack.wait_until_quiet()  # every obligation of 2022 opens at once and climbs its ladder
    # The overdue package climbs its ladder at once; sending it resolves every step.
    until(lambda: _package_escalations(api), lambda rows: {e["level"] for e in rows} == PACKAGE_LEVELS, 30)
    _accept_package(api, LATE, LATE_YEAR)
    until(lambda: _package_escalations(api), lambda rows: not any(e["open"] for e in rows), 30)
    dev_stack.wait_until_quiet()
    yield api
    api.close()


def _working_days(api: Api, start: date, end: date) -> int:
    """An oracle from the calendar the API publishes: working days in (start, end]."""
    days: dict[int, dict[str, Any]] = {}
    for year in range(start.year, end.year + 1):
        days[year] = _ok(api.get("admin", f"/api/calendar/{year}"))
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        calendar = days[day.year]
        off = {item["day"] for item in calendar["non_working_days"]}
        working = day.isoformat() in calendar["working_weekends"] or (day.weekday() < 5 and day.isoformat() not in off)
        count += working
    return count


def _cycles(api: Api, login: str, **params: Any) -> dict[str, Any]:
    return dict(_ok(api.get(login, "/api/cycles", params=params)))


# --- GET /api/cycles ---------------------------------------------------------------------------------------------


def test_cycles_are_paged_and_sorted(scenario: Api) -> None:
    first = _cycles(scenario, "rcrso", year=YEAR, sort="site_id", per_page=1)
    second = _cycles(scenario, "rcrso", year=YEAR, sort="site_id", per_page=1, page=2)
    beyond = _cycles(scenario, "rcrso", year=YEAR, sort="site_id", per_page=1, page=3)
    assert (first["total"], first["page"], first["per_page"]) == (2, 1, 1)
    assert [c["site_id"] for c in first["items"] + second["items"]] == [ON_TIME, OPEN]
    assert (beyond["items"], beyond["total"]) == ([], 2)

    everything = _cycles(scenario, "rcrso", per_page=200, sort="-year")
    years = [c["year"] for c in everything["items"]]
    assert years == sorted(years, reverse=True)
    ascending = [c["year"] for c in _cycles(scenario, "rcrso", per_page=200, sort="year")["items"]]
    assert ascending == sorted(ascending)
    by_site = [c["site_id"] for c in _cycles(scenario, "rcrso", year=YEAR, sort="site_id")["items"]]
    assert by_site == sorted(by_site)

    for bad in ({"per_page": 0}, {"per_page": 201}, {"page": 0}, {"sort": "title"}, {"status": "open"}):
        response = scenario.get("rcrso", "/api/cycles", params=bad)
        assert response.status_code == 422, (bad, response.text)


def test_cycles_carry_their_site_and_counts(scenario: Api) -> None:
    items = {c["site_id"]: c for c in _cycles(scenario, "department", year=YEAR)["items"]}
    on_time, waiting = items[ON_TIME], items[OPEN]
    assert on_time["cycle_id"] == f"cycle:{ON_TIME}:{YEAR}" and on_time["status"] == "active"
    assert on_time["site_code"] == "C7" and on_time["site_status"] == "resource_center"
    assert on_time["institution_short_name"] and on_time["region_id"] == REGION
    assert on_time["regulation"]["id"] == "khmao-135r"
    # The accepted package is done; what stays open are the four dated rows of its roadmap (D42: «февраль», «июнь,
    # ноябрь», «октябрь» — due later in 2049), each an obligation of its own until it is marked done.
    rows = _ok(scenario.get("rcrso", f"/api/sites/{ON_TIME}/cycles/{YEAR}/dated-rows"))
    assert [(r["instance"], r["status"]) for r in rows] == [
        ("1.1", "in_progress"),
        ("1.2-1", "in_progress"),
        ("3.2", "in_progress"),
        ("1.2-2", "in_progress"),
    ]
    assert on_time["counts"] == {"open": len(rows), "overdue": 0, "done": 1, "open_escalations": 0}
    assert waiting["site_status"] == "support_platform"
    assert waiting["counts"] == {"open": 1, "overdue": 0, "done": 0, "open_escalations": 0}

    # The late cycle: its counts agree with the cycle as the site reads it.
    late = _cycles(scenario, "rcrso", site_id=LATE, year=LATE_YEAR)
    assert late["total"] == 1
    counts = late["items"][0]["counts"]
    detail = _ok(scenario.get("rcrso", f"/api/sites/{LATE}/cycles/{LATE_YEAR}"))
    obligations = detail["obligations"]
    actionable = ("awaiting_submission", "returned", "under_review", "in_progress")
    assert counts == {
        "open": sum(o["status"] in actionable for o in obligations),
        "overdue": sum(o["overdue"] for o in obligations),
        "done": sum(o["status"] == "approved" for o in obligations),
        "open_escalations": len(detail["open_escalations"]),
    }
    assert counts["overdue"] > 0 and counts["open_escalations"] > 0 and counts["done"] == 1


def test_cycles_are_filtered(scenario: Api) -> None:
    def sites(**params: Any) -> list[str]:
        return [c["site_id"] for c in _cycles(scenario, "rcrso", sort="site_id", per_page=200, **params)["items"]]

    assert sites(year=YEAR) == [ON_TIME, OPEN]
    assert sites(year=YEAR, region_id=REGION) == [ON_TIME, OPEN]
    assert sites(year=YEAR, region_id="99") == []
    assert sites(year=YEAR, status="active") == [ON_TIME, OPEN]
    assert sites(year=YEAR, status="completed") == []
    assert sites(year=YEAR, site_id=OPEN) == [OPEN]
    assert sites(year=YEAR, direction_id=ON_TIME) == [ON_TIME]
    assert sites(year=YEAR, with_open_escalations=True) == []
    assert sites(year=YEAR, with_open_escalations=False) == [ON_TIME, OPEN]
    assert LATE in sites(year=LATE_YEAR, with_open_escalations=True)
    assert LATE not in sites(year=LATE_YEAR, with_open_escalations=False)


def test_a_director_sees_only_their_own_sites_cycles(scenario: Api) -> None:
    own = _cycles(scenario, f"director.{ON_TIME}", year=YEAR)
    assert ([c["site_id"] for c in own["items"]], own["total"]) == ([ON_TIME], 1)
    other = _cycles(scenario, f"director.{ON_TIME}", site_id=OPEN)
    assert (other["items"], other["total"]) == ([], 0)
    gerontology = _cycles(scenario, "director.1.1.13", per_page=200)
    assert {c["site_id"] for c in gerontology["items"]} <= {"1.1.13", "1.2.1"}
    assert gerontology["total"] == len(gerontology["items"])
    # A curator sees their direction; an institution's responsible person sees no site's cycles at all.
    curator = _cycles(scenario, f"curator.{OPEN}", year=YEAR)
    assert [c["site_id"] for c in curator["items"]] == [OPEN]
    assert _cycles(scenario, "institution.megion-kcson", year=YEAR)["total"] == 0
    assert scenario.http.get("/api/cycles").status_code == 401


# --- GET /api/region/escalations ---------------------------------------------------------------------------------


def test_escalations_are_filtered_paged_and_newest_first(scenario: Api) -> None:
    mine = {"site_id": LATE, "year": LATE_YEAR}
    everything = _escalations(scenario, "rcrso", per_page=200, **mine)
    total = everything["total"]
    items = everything["items"]
    assert total == len(items) > 3
    assert all((e["site_id"], e["year"]) == (LATE, LATE_YEAR) for e in items)
    raised = [e["raised_at"] for e in items]
    assert raised == sorted(raised, reverse=True)

    # The package's ladder was resolved by its submission; the other obligations' steps are still open.
    package = [e for e in items if e["obligation_id"].endswith(":package:annual")]
    assert {e["level"] for e in package} == PACKAGE_LEVELS
    assert all(not e["open"] and e["resolution"] == "submitted" for e in package)
    opened = _escalations(scenario, "rcrso", open=True, per_page=200, **mine)
    closed = _escalations(scenario, "rcrso", open=False, per_page=200, **mine)
    assert all(e["open"] for e in opened["items"]) and all(not e["open"] for e in closed["items"])
    assert opened["total"] + closed["total"] == total
    assert {e["escalation_id"] for e in package} <= {e["escalation_id"] for e in closed["items"]}

    level3 = _escalations(scenario, "rcrso", level="level3", per_page=200, **mine)
    assert level3["total"] > 0 and {e["level"] for e in level3["items"]} == {"level3"}
    assert level3["items"][0]["level_ru"] == "эскалация в Департамент"
    assert {n["role"] for n in level3["items"][0]["notified"]} >= {"department"}

    since = min(raised)
    assert _escalations(scenario, "rcrso", since=since, **mine)["total"] == total
    assert _escalations(scenario, "rcrso", since="2100-01-01T00:00:00+05:00", **mine)["total"] == 0

    pages = [_escalations(scenario, "rcrso", per_page=2, page=n, **mine) for n in (1, 2)]
    assert [p["total"] for p in pages] == [total, total]
    assert [e["escalation_id"] for p in pages for e in p["items"]] == [e["escalation_id"] for e in items[:4]]

    assert scenario.get("rcrso", "/api/region/escalations", params={"level": "panic"}).status_code == 422


def test_escalations_have_the_shape_of_the_old_list_and_its_visibility(scenario: Api) -> None:
    old = _ok(scenario.get(f"curator.{LATE}", "/api/escalations", params={"site_id": LATE, "year": LATE_YEAR}))
    new = _escalations(scenario, f"curator.{LATE}", site_id=LATE, year=LATE_YEAR, per_page=200)
    assert sorted(old, key=lambda e: e["escalation_id"]) == sorted(new["items"], key=lambda e: e["escalation_id"])
    # Another site's director sees nothing of it, not even a count.
    hidden = _escalations(scenario, f"director.{ON_TIME}", site_id=LATE, year=LATE_YEAR)
    assert (hidden["items"], hidden["total"]) == ([], 0)
    region_wide = _escalations(scenario, f"director.{ON_TIME}", region_id=REGION, per_page=200)
    assert {e["site_id"] for e in region_wide["items"]} <= {ON_TIME}


# --- GET /api/region/{region}/matrix and /discipline ---------------------------------------------------------------


def _matrix(api: Api, login: str, year: int, **params: Any) -> dict[str, Any]:
    return dict(_ok(api.get(login, f"/api/region/{REGION}/matrix", params={"year": year, **params})))


def _discipline(api: Api, login: str, year: int, **params: Any) -> dict[str, Any]:
    return dict(_ok(api.get(login, f"/api/region/{REGION}/discipline", params={"year": year, **params})))


def _cell(matrix: dict[str, Any], site_id: str, key: str) -> list[dict[str, Any]]:
    row = next(r for r in matrix["rows"] if r["site_id"] == site_id)
    return list(next(c for c in row["cells"] if c["key"] == key)["instances"])


def test_the_matrix_of_a_year(scenario: Api) -> None:
    matrix = _matrix(scenario, "department", YEAR)
    columns = {c["key"]: c for c in matrix["columns"]}
    assert columns["package"]["clause"] == "2.3" and columns["package"]["title"]
    assert "quarterly_report" in columns
    for row in matrix["rows"]:
        assert [c["key"] for c in row["cells"]] == [c["key"] for c in matrix["columns"]]
    rows = {r["site_id"]: r for r in matrix["rows"]}
    assert rows[ON_TIME]["code"] == "C7" and rows[ON_TIME]["status_ru"] == "ресурсный центр"
    assert rows[ON_TIME]["cycle_status"] == "active"
    # Every site of the region is a row; those without a cycle of the year have empty cells.
    assert len(rows) >= 18
    assert rows["1.1.2"]["cycle_status"] is None and all(not c["instances"] for c in rows["1.1.2"]["cells"])

    [accepted] = _cell(matrix, ON_TIME, "package")
    assert (accepted["instance"], accepted["status"], accepted["outcome"]) == ("annual", "approved", "on_time")
    assert accepted["lateness_working_days"] == 0 and accepted["fulfilled_on"] == matrix["as_of"]
    assert accepted["effective_due"] == "2048-12-21"  # 20.12.2048 is a Sunday
    [waiting] = _cell(matrix, OPEN, "package")
    assert (waiting["status"], waiting["outcome"], waiting["overdue"]) == ("awaiting_submission", "not_due", False)
    quarters = _cell(matrix, ON_TIME, "quarterly_report")
    assert [q["instance"] for q in quarters] == ["Q1", "Q2", "Q3", "Q4"]
    assert {(q["status"], q["outcome"]) for q in quarters} == {("planned", None)}

    platforms = _matrix(scenario, "rcrso", YEAR, status="support_platform")
    assert OPEN in {r["site_id"] for r in platforms["rows"]}
    assert {r["status"] for r in platforms["rows"]} == {"support_platform"}
    assert [r["site_id"] for r in _matrix(scenario, "admin", YEAR, direction_id=ON_TIME)["rows"]] == [ON_TIME]


def test_lateness_is_counted_in_working_days(scenario: Api) -> None:
    matrix = _matrix(scenario, "rcrso", LATE_YEAR, direction_id=LATE)
    today = date.fromisoformat(matrix["as_of"])
    [package] = _cell(matrix, LATE, "package")
    assert (package["status"], package["outcome"], package["fulfilled_on"]) == ("approved", "late", matrix["as_of"])
    assert package["effective_due"] == "2022-02-10"
    late_by = _working_days(scenario, date(2022, 2, 10), today)
    assert package["lateness_working_days"] == late_by > 1000

    q1 = next(q for q in _cell(matrix, LATE, "quarterly_report") if q["instance"] == "Q1")
    assert (q1["status"], q1["outcome"], q1["overdue"]) == ("awaiting_submission", "overdue", True)
    due = date.fromisoformat(q1["effective_due"])
    assert q1["lateness_working_days"] == _working_days(scenario, due, today)

    discipline = _discipline(scenario, "department", LATE_YEAR, direction_id=LATE)
    [row] = discipline["sites"]
    counts = row["discipline"]
    assert row["site_id"] == LATE
    assert (counts["on_time"], counts["late"], counts["under_review"]) == (0, 1, 0)
    assert counts["average_lateness_working_days"] == late_by
    assert counts["open_overdue"] > 0 and counts["open"] == counts["open_overdue"] + counts["open_not_due"]
    assert counts["worst"]["site_id"] == LATE and counts["worst"]["lateness_working_days"] >= late_by
    assert discipline["totals"] == counts
    # The discipline counts what the site owes: the institutions' forms (5.2) are in the matrix, not in it.
    owed = {c["key"] for c in matrix["columns"] if c["obligor"] in ("site_director", "site_responsible")}
    assert "package" in owed and "institution_quarterly_report" not in owed
    overdue = [q for key in owed for q in _cell(matrix, LATE, key) if q["outcome"] == "overdue"]
    assert counts["open_overdue"] == len(overdue)
    assert any(q["outcome"] == "overdue" for q in _cell(matrix, LATE, "institution_quarterly_report"))


def test_discipline_of_a_year(scenario: Api) -> None:
    discipline = _discipline(scenario, "rcrso", YEAR)
    assert "рабочих днях" in discipline["definition_ru"]
    rows = {r["site_id"]: r["discipline"] for r in discipline["sites"]}
    # The package was on time; the four dated rows of its roadmap (D42) are owed by the site too, open, not yet due.
    assert rows[ON_TIME] == {
        "on_time": 1,
        "late": 0,
        "open": 4,
        "open_not_due": 4,
        "open_overdue": 0,
        "under_review": 0,
        "average_lateness_working_days": None,
        "worst": None,
    }
    assert (rows[OPEN]["open"], rows[OPEN]["open_not_due"], rows[OPEN]["on_time"]) == (1, 1, 0)
    totals = discipline["totals"]
    for field in ("on_time", "late", "open", "open_not_due", "open_overdue", "under_review"):
        assert totals[field] == sum(row[field] for row in rows.values()), field
    platforms = _discipline(scenario, "admin", YEAR, status="support_platform")
    assert {r["status"] for r in platforms["sites"]} == {"support_platform"}
    assert platforms["totals"]["on_time"] == sum(r["discipline"]["on_time"] for r in platforms["sites"])


def test_only_the_department_the_rcrso_and_admins_read_a_region(scenario: Api) -> None:
    for login in (f"curator.{ON_TIME}", f"director.{ON_TIME}", "institution.megion-kcson"):
        for view in ("matrix", "discipline"):
            response = scenario.get(login, f"/api/region/{REGION}/{view}", params={"year": YEAR})
            assert response.status_code == 403, (login, view, response.text)
            assert response.json()["code"] == "region_forbidden"
            assert "Департаменту" in response.json()["detail"]
    # Another region: not governed by the region's Department (403); unknown even to an administrator (404).
    assert scenario.get("department", "/api/region/99/matrix", params={"year": YEAR}).status_code == 403
    assert scenario.get("admin", "/api/region/99/discipline", params={"year": YEAR}).status_code == 404
    assert scenario.get("admin", f"/api/region/{REGION}/matrix").status_code == 422  # the year is required
    assert scenario.http.get(f"/api/region/{REGION}/matrix", params={"year": YEAR}).status_code == 401


def test_the_region_views_are_described_in_the_openapi_schema(scenario: Api) -> None:
    schema = _ok(scenario.http.get("/openapi.json"))
    expected = {
        "/api/cycles": "CyclePage",
        "/api/region/escalations": "EscalationPage",
        "/api/region/{region_id}/matrix": "Matrix",
        "/api/region/{region_id}/discipline": "Discipline",
    }
    for path, model in expected.items():
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["$ref"].endswith(f"/{model}"), path
