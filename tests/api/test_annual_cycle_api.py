"""The obligations of a whole year through the REST API, against the real worker: reports with indicators and
the roadmap, public reports, products, monitoring and its справки, institutions' forms, extensions, a decree's
calendar moving open deadlines, the director's overview and the RCRSO's сборник."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from innocycle.demo_files import docx_bytes, pdf_bytes, xlsx_bytes
from tests.support.client import Api, obligation_path, until
from tests.support.stack import Stack


def _file(api: Api, login: str, site_id: str, name: str) -> str:
    content = {"pdf": pdf_bytes(name), "docx": docx_bytes(name), "xlsx": xlsx_bytes([[name]])}[name.rsplit(".", 1)[1]]
    response = api.upload(login, site_id, name, content)
    assert response.status_code == 201, response.text
    return str(response.json()["file_id"])


INDICATORS = [
    {"key": "I1", "period_value": True},
    {"key": "I2", "period_value": 4, "ytd_value": 4},
    {"key": "I3", "period_value": 11, "ytd_value": 11},
    {"key": "I4", "period_value": 3, "ytd_value": 3},
    {"key": "I5", "period_value": "Сформирована база методических материалов"},
    {"key": "I6", "period_value": 5, "ytd_value": 5},
]


def test_a_year_of_a_resource_centre(api: Api, dev_stack: Stack) -> None:
    # Излучинский дом-интернат (C8, 1.1.4), 2022: every obligation of the year opens at once, being long due.
    site, year, director, curator = "1.1.4", 2022, "director.1.1.4", "curator.1.1.4"
    assert api.open_cycle(site, year).status_code == 201
    dev_stack.wait_until_quiet()

    # The package brings its structured roadmap; once accepted, the Q1 report must account for every row.
    items = api.upload_package(site, year, director)
    assert api.submit(site, year, director, items).status_code == 200
    assert api.decide(site, year, curator, "approve").status_code == 200
    roadmap_nos = ["1.1", "1.2", "2.1", "3.1", "3.2"]

    report_files = {
        "report_forms": _file(api, director, site, "q1.xlsx"),
        "activity_info": _file(api, director, site, "q1.docx"),
    }
    statuses = [{"no": no, "status": "in_progress"} for no in roadmap_nos]
    q1 = {"form": "report", "indicators": INDICATORS, "roadmap": statuses}

    def submit_q1(data: dict[str, Any]) -> Any:
        return api.submit(site, year, director, report_files, data=data, key="quarterly_report", instance="Q1")

    missing_rows = submit_q1({**q1, "roadmap": statuses[:2]})
    assert missing_rows.status_code == 409
    assert missing_rows.json()["code"] == "roadmap_status_missing"
    assert "1.2" not in missing_rows.json()["detail"] and "2.1" in missing_rows.json()["detail"]
    missing_indicator = submit_q1({**q1, "indicators": INDICATORS[:5]})
    assert missing_indicator.json()["code"] == "indicators_missing" and "I6" in missing_indicator.json()["detail"]
    bad_ytd = submit_q1(
        {**q1, "indicators": [*INDICATORS[:1], {"key": "I2", "period_value": 4, "ytd_value": 2}, *INDICATORS[2:]]}
    )
    assert bad_ytd.json()["code"] == "ytd_below_period"
    done_without_date = submit_q1({**q1, "roadmap": [{"no": "1.1", "status": "done"}, *statuses[1:]]})
    assert done_without_date.json()["code"] == "fact_date_required"
    statuses[0] = {"no": "1.1", "status": "done", "fact_date": "2022-02-15", "result": "Положение утверждено"}
    accepted = submit_q1({**q1, "roadmap": statuses})
    assert accepted.status_code == 200, accepted.text
    assert api.decide(site, year, curator, "approve", key="quarterly_report", instance="Q1").status_code == 200
    rows = api.get(director, f"/api/sites/{site}/cycles/{year}/roadmap").json()
    assert [(r["no"], r["status"]) for r in rows][:2] == [("1.1", "done"), ("1.2", "in_progress")]
    assert rows[0]["fact_date"] == "2022-02-15" and rows[0]["status_period"] == "Q1"
    assert rows[3]["responsible_is_external"] is True and rows[3]["reading"]["kind"] == "recurring"

    # A resource centre's public report carries the monitoring results (п. 4.3).
    public = {"presentation": _file(api, director, site, "public-q1.pdf")}
    meeting = {"form": "meeting", "held_on": "2022-03-24", "format": "vks", "link": "https://vks.example/room/42"}
    no_results = api.submit(site, year, director, public, data=meeting, key="public_report", instance="Q1")
    assert no_results.json()["code"] == "missing_items" and "4.3" in no_results.json()["detail"]
    public["monitoring_results"] = _file(api, director, site, "monitoring-q1.pdf")
    outside = api.submit(
        site, year, director, public, data={**meeting, "held_on": "2022-04-02"}, key="public_report", instance="Q1"
    )
    assert outside.json()["code"] == "meeting_outside_period"
    held = api.submit(site, year, director, public, data=meeting, key="public_report", instance="Q1")
    assert held.status_code == 200 and held.json()["status"] == "approved"  # nobody reviews a public report

    # Two products a year (п. 2.4.2): counted as they are sent; the positive conclusions come later.
    quota_path = obligation_path(site, year, "product_quota", "Y")
    for number, title in enumerate(
        ("Модельная программа сопровождаемого проживания", "Технология «Тренировочная квартира»"), 1
    ):
        sent = api.post(
            director,
            quota_path + "/products",
            json={
                "title": title,
                "item_kind": "программа",
                "items": {"product": _file(api, director, site, f"product-{number}.docx")},
            },
        )
        assert sent.status_code == 200, sent.text
        assert sent.json()["progress"] == {"done": number, "target": 2}
    assert sent.json()["status"] == "approved"
    assert sent.json()["products"][0]["title"] == "Модельная программа сопровождаемого проживания"

    # Monitoring (п. 4.1): the plan names the institutions; each completed monitoring owes a справка in 10 working
    # days (п. 4.2) — 14.10.2022 gives 28.10.2022 (domain brief §6.8).
    monitoring = obligation_path(site, year, "institution_monitoring", "Y")
    plan = {
        "targets": ["БУ «Сургутский центр социальной помощи семье и детям»", "БУ «Мегионский КЦСОН»"],
        "items": {"monitoring_plan": _file(api, director, site, "plan.pdf")},
    }
    assert api.post(director, monitoring + "/monitoring-plan", json=plan).status_code == 200
    stranger = api.post(
        director, monitoring + "/monitorings", json={"target": "БУ «Неизвестный центр»", "completed_on": "2022-10-14"}
    )
    assert stranger.json()["code"] == "not_in_plan"
    done = api.post(
        director, monitoring + "/monitorings", json={"target": plan["targets"][0], "completed_on": "2022-10-14"}
    )
    assert done.status_code == 200, done.text
    assert done.json()["progress"] == {"done": 1, "target": 2}
    assert (done.json()["kind"], done.json()["kind_ru"], done.json()["runner"]) == (
        "coverage",
        "охват мониторингом",
        "coverage",
    )
    assert done.json()["monitorings"][0]["spravka_due"] == "2022-10-28"
    # The справка opens as an obligation of its own a moment after the monitoring is recorded.
    spravki = until(
        lambda: [o for o in _cycle(api, director, site, year) if o["key"] == "monitoring_spravka" and o["due"]],
        lambda found: len(found) == 1,
    )
    spravka_key = spravki[0]
    assert spravka_key["due"]["nominal"] == "2022-10-28"
    spravka = api.submit(
        site,
        year,
        director,
        {"spravka": _file(api, director, site, "spravka.pdf")},
        key="monitoring_spravka",
        instance=spravka_key["instance"],
    )
    assert spravka.status_code == 200, spravka.text
    assert spravka.json()["status"] == "under_review"

    # An institution sends its quarterly forms (п. 5.2); the site's responsible person accepts them.
    institution = "institution.megion-kcson"
    form = api.upload(institution, site, "forms-q2.xlsx", xlsx_bytes([["Показатель", "Значение"]]))
    assert form.status_code == 201, form.text
    sent_forms = api.submit(
        site,
        year,
        institution,
        {"report_forms": form.json()["file_id"]},
        key="institution_quarterly_report",
        instance="Q2",
    )
    assert sent_forms.status_code == 200, sent_forms.text
    assert (
        api.decide(
            site, year, f"responsible.{site}", "approve", key="institution_quarterly_report", instance="Q2"
        ).json()["status"]
        == "approved"
    )
    # …and sees nothing else of the site.
    assert api.get(institution, f"/api/sites/{site}/cycles/{year}").status_code == 404
    assert api.get(institution, obligation_path(site, year)).status_code == 404


def _cycle(api: Api, login: str, site: str, year: int) -> list[dict[str, Any]]:
    return list(api.get(login, f"/api/sites/{site}/cycles/{year}").json()["obligations"])


def test_an_extension_is_asked_and_granted_the_original_date_kept(api: Api, open_cycle: Callable[[str], int]) -> None:
    year = open_cycle("1.1.6")
    path = obligation_path("1.1.6", year) + "/extension-requests"
    due = api.obligation("1.1.6", year, "director.1.1.6")["due"]
    asked = api.post(
        "director.1.1.6", path, json={"until": f"{year - 1}-12-28", "reason": "Смена руководителя учреждения"}
    )
    assert asked.status_code == 200, asked.text
    assert asked.json()["pending_extension"]["reason"] == "Смена руководителя учреждения"
    decide = obligation_path("1.1.6", year) + "/extension-decisions"
    assert api.post("director.1.1.6", decide, json={"grant": True}).json()["code"] == "not_allowed"
    granted = api.post("curator.1.1.6", decide, json={"grant": True, "comment": "Продлено до 28 декабря"})
    assert granted.status_code == 200, granted.text
    body = granted.json()
    assert body["due"]["nominal"] == f"{year - 1}-12-28"
    assert body["due"]["original_nominal"] == due["nominal"]
    assert [e["decision"] for e in body["extensions"]] == ["granted"]
    again = api.post("director.1.1.6", path, json={"until": f"{year}-01-20", "reason": "Праздники"})
    refused = api.post("curator.1.1.6", decide, json={"grant": False, "comment": "Срок установлен приказом"})
    assert again.status_code == refused.status_code == 200
    assert refused.json()["due"]["nominal"] == f"{year - 1}-12-28"
    assert [e["decision"] for e in refused.json()["extensions"]] == ["granted", "refused"]


def test_a_decree_moves_the_open_deadlines_of_running_cycles(api: Api) -> None:
    # 20.12.2030 is a Friday: the 2031 package is due that day, until a decree makes it a day off.
    assert api.open_cycle("1.1.13", 2031).status_code == 201
    before = api.obligation("1.1.13", 2031, "director.1.1.13")["due"]
    assert (before["nominal"], before["effective"]) == ("2030-12-20", "2030-12-20")
    body = {"working": False, "reason": "перенос выходного дня", "source": "Постановление (учебный пример) № 3"}
    moved = api.http.put("/api/calendar-overrides/2030-12-20", json=body, headers=api.headers("admin"))
    assert moved.status_code == 200 and moved.json()["cycles_notified"] >= 1
    try:
        after = until(
            lambda: api.obligation("1.1.13", 2031, "director.1.1.13")["due"], lambda d: d["effective"] == "2030-12-23"
        )
        assert after["nominal"] == "2030-12-20"
    finally:
        assert api.http.delete("/api/calendar-overrides/2030-12-20", headers=api.headers("admin")).status_code == 204
    until(lambda: api.obligation("1.1.13", 2031, "director.1.1.13")["due"], lambda d: d["effective"] == "2030-12-20")


def test_the_directors_overview_shows_both_statuses_of_the_gerontology_centre(api: Api) -> None:
    for site in ("1.1.13", "1.2.1"):
        api.open_cycle(site, 2027)
    overview = api.get("director.1.2.1", "/api/overview").json()
    assert [entry["site_id"] for entry in overview] == ["1.1.13", "1.2.1"]
    for entry in overview:
        [cycle] = [c for c in entry["cycles"] if c["year"] == 2027]
        package = next(o for o in cycle["obligations"] if o["key"] == "package")
        assert package["status"] == "awaiting_submission"
        assert cycle["summary"]["planned"] > 0
    # Monitoring of institutions is a resource centre's duty only (order 135-р п. 4).
    keys = {entry["site_id"]: {o["key"] for c in entry["cycles"] for o in c["obligations"]} for entry in overview}
    assert "institution_monitoring" in keys["1.1.13"] and "institution_monitoring" not in keys["1.2.1"]
    assert [e["site_id"] for e in api.get("curator.1.1.5", "/api/overview").json()] == ["1.1.5"]


def test_the_compendium_lists_the_missing_packages(api: Api) -> None:
    year = 2047
    for site in ("1.1.11", "1.2.3"):
        assert api.open_cycle(site, year).status_code == 201
    items = api.upload_package("1.1.11", year, "director.1.1.11")
    assert api.submit("1.1.11", year, "director.1.1.11", items).status_code == 200
    assert api.decide("1.1.11", year, "curator.1.1.11", "approve").status_code == 200
    assert api.post("director.1.1.11", "/api/compendia", json={"region_id": "86", "year": year}).status_code == 403
    opened = api.post("rcrso", "/api/compendia", json={"region_id": "86", "year": year})
    assert opened.status_code == 201, opened.text
    compendium = opened.json()
    assert compendium["due"]["nominal"] == f"{year}-02-01"
    assert [e["site_id"] for e in compendium["composition"]["included"]] == ["1.1.11"]
    gaps = {g["site_id"]: g["state_ru"] for g in compendium["composition"]["gaps"]}
    assert len(gaps) == 17
    assert gaps["1.2.3"] == "пакет не представлен" and gaps["1.1.5"] == "цикл не открыт"
    published = api.post("rcrso", f"/api/compendia/86/{year}/publication", json={"note": "Сборник 2047"})
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "approved"
    data = published.json()["submissions"][0]["data"]
    assert len(data["included"]) == 1 and len(data["gaps"]) == 17
