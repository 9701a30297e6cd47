"""The annual package (order 135-р 2.3) through the REST API, against the real worker and Temporal."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from api.calendar.service import production_calendar
from innocycle.demo_files import package_data, package_files
from tests.support.client import Api, obligation_path, until
from tests.support.stack import Stack


def test_opening_a_cycle_shows_the_package_with_its_deadline(api: Api) -> None:
    response = api.open_cycle("1.1.6", 2027)
    assert response.status_code == 201, response.text
    cycle = response.json()
    assert cycle["cycle_id"] == "cycle:1.1.6:2027"
    by_id = {(o["key"], o["instance"]): o for o in cycle["obligations"]}
    package = by_id[("package", "annual")]
    assert package["citation"]["clause"] == "2.3"
    assert package["status"] == "awaiting_submission"
    # 20 December 2026 is a Sunday: the package is effectively due on Monday 21 December (ГК РФ ст. 193),
    # and late from 00:00 of 22 December in Asia/Yekaterinburg (UTC+5).
    assert package["due"]["nominal"] == "2026-12-20"
    assert package["due"]["effective"] == "2026-12-21"
    assert package["due"]["ends_at"] in ("2026-12-21T19:00:00Z", "2026-12-21T19:00:00+00:00")
    assert [actor["role"] for actor in package["next_actor"]] == ["site_director", "site_responsible"]
    # The rest of the year is planned and visible: the Q1 report opens when the quarter ends and is due by the
    # 5th of April; the undated duties are listed as such.
    q1 = by_id[("quarterly_report", "Q1")]
    assert (q1["status"], q1["due"]["nominal"]) == ("planned", "2027-04-05")
    assert q1["opens_at"] in ("2027-03-31T19:00:00Z", "2027-03-31T19:00:00+00:00")
    assert by_id[("product_quota", "Y")]["status"] == "planned"
    assert by_id[("product_quota", "Y")]["progress"] == {"done": 0, "target": 2}  # nothing sent yet, not "None of 2"
    assert by_id[("public_information", "standing")]["status"] == "standing"
    assert by_id[("public_information", "standing")]["due"] is None
    assert ("institution_monitoring", "Y") in by_id  # 1.1.6 is a resource centre

    again = api.open_cycle("1.1.6", 2027)
    assert again.status_code == 409
    assert again.json()["code"] == "already_started"


def test_submit_return_resubmit_approve_keeps_every_version_and_the_comment(
    api: Api, dev_stack: Stack, open_cycle: Callable[[str], int]
) -> None:
    year = open_cycle("1.1.10")
    first = api.upload_package("1.1.10", year, "director.1.1.10")
    response = api.submit("1.1.10", year, "director.1.1.10", first, note="Пакет на согласование")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "under_review"
    assert [a["role"] for a in response.json()["next_actor"]] == ["curator"]

    returned = api.decide("1.1.10", year, "curator.1.1.10", "return", "Дорожная карта без сроков по разделу III")
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned"

    second = api.upload_package("1.1.10", year, "responsible.1.1.10")
    assert api.submit("1.1.10", year, "responsible.1.1.10", second).json()["status"] == "under_review"
    approved = api.decide("1.1.10", year, "curator.1.1.10", "approve", "Принято")
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "approved"
    assert body["next_actor"] == []

    assert [s["submission_no"] for s in body["submissions"]] == [1, 2]
    assert body["submissions"][0]["items"]["roadmap"]["file_id"] == first["roadmap"]
    assert body["submissions"][1]["items"]["roadmap"]["file_id"] == second["roadmap"]
    assert body["submissions"][0]["note"] == "Пакет на согласование"
    assert body["submissions"][1]["submitted_by"]["role"] == "site_responsible"
    assert [(d["action"], d["comment"]) for d in body["decisions"]] == [
        ("return", "Дорожная карта без сроков по разделу III"),
        ("approve", "Принято"),
    ]
    # The returned version's files are still there, byte for byte.
    download = api.get("director.1.1.10", f"/api/files/{first['roadmap']}")
    assert download.status_code == 200
    expected = package_files("1.1.10", year)["roadmap"][1]
    assert hashlib.sha256(download.content).hexdigest() == hashlib.sha256(expected).hexdigest()
    assert download.headers["x-content-sha256"] == body["submissions"][0]["items"]["roadmap"]["sha256"]

    # Events: opened, submitted (with the curator's term of review, D30), returned, submitted (a new term),
    # approved — exactly once each.
    stream = f"cycle:1.1.10:{year}:package:annual"
    types = [row[0] for row in dev_stack.query("SELECT event_type FROM events WHERE stream_id = %s ORDER BY 1", stream)]
    assert sorted(types) == sorted(
        [
            "ObligationOpened",
            "DocumentsSubmitted",
            "ReviewDeadlineSet",
            "SubmissionReturned",
            "DocumentsSubmitted",
            "ReviewDeadlineSet",
            "SubmissionApproved",
        ]
    )
    # The rest of the cycle goes on.
    assert api.get("rcrso", f"/api/sites/1.1.10/cycles/{year}").json()["status"] == "active"


def test_a_cycle_opened_after_its_deadline_escalates_at_once(api: Api) -> None:
    # The first year of order 135-р: the package was due 10.02.2022 (Thursday), long past.
    response = api.open_cycle("1.2.4", 2022)
    assert response.status_code == 201, response.text
    package = next(o for o in response.json()["obligations"] if o["key"] == "package")
    assert package["due"]["nominal"] == "2022-02-10"
    assert package["due"]["effective"] == "2022-02-10"
    assert package["overdue"] is True

    def package_escalations() -> list[dict[str, Any]]:
        rows = api.get("curator.1.2.4", "/api/escalations", params={"site_id": "1.2.4", "year": 2022}).json()
        return [e for e in rows if e["obligation_id"] == package["obligation_id"]]

    for _ in range(100):
        escalations = package_escalations()
        if len(escalations) == 3:
            break
        time.sleep(0.1)
    # Overdue, then level 2 and level 3; no reminder of a deadline already past when the cycle opened.
    assert [e["level"] for e in escalations] == ["overdue", "level2", "level3"]
    assert all(e["open"] for e in escalations)
    director_view = api.get("director.1.2.4", obligation_path("1.2.4", 2022)).json()
    assert {e["level"] for e in director_view["escalations"]} == {"overdue", "level2", "level3"}
    # Every other obligation of 2022 opened at once too: the Q4 report of 2022 is overdue as well.
    q4 = api.get("director.1.2.4", obligation_path("1.2.4", 2022, "quarterly_report", "Q4")).json()
    assert q4["status"] == "awaiting_submission" and q4["overdue"] is True


def test_the_department_agrees_the_roadmap_alone_and_every_review_has_its_term(
    api: Api, open_cycle: Callable[[str], int]
) -> None:
    # Югорский КЦСОН (C4, 1.1.12) sends its plan "на согласование в Депсоцразвития Югры" (001:L943): the Department
    # agrees the roadmap, not the package (D33); the curator accepts the other documents without waiting for it.
    # Every review has its term (D30): the curator 5 working days, the Department 10, from the submission.
    year = open_cycle("1.1.12")
    items = api.upload_package("1.1.12", year, "director.1.1.12")
    submitted = api.submit("1.1.12", year, "director.1.1.12", items)
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert sorted(a["role"] for a in body["next_actor"]) == ["curator", "department"]
    assert [s["action"] for s in body["review_chain"]] == ["approve"]
    assert [s["action"] for s in body["item_review_chains"]["roadmap"]] == ["agree", "approve"]
    today = datetime.now(ZoneInfo("Asia/Yekaterinburg")).date()
    calendar = production_calendar(range(today.year, today.year + 2))
    reviews = {r["review"]: r for r in body["reviews"]}
    assert reviews["review"]["awaited"][0]["role"] == "curator"
    assert reviews["review"]["due"]["nominal"] == calendar.add_working_days(today, 5).isoformat()
    assert reviews["review:roadmap"]["awaited"][0]["role"] == "department"
    assert reviews["review:roadmap"]["due"]["nominal"] == calendar.add_working_days(today, 10).isoformat()

    # The inbox shows each review task with its due date, like any other task.
    def review_tasks(login: str) -> list[dict[str, Any]]:
        page = api.get(login, "/api/tasks", params={"site_id": "1.1.12", "per_page": 100}).json()
        return [t for t in page["items"] if t["obligation"]["obligation_id"] == body["obligation_id"]]

    (curators,) = review_tasks("curator.1.1.12")
    assert curators["kind"] == "review"
    assert curators["due"]["nominal"] == reviews["review"]["due"]["nominal"]
    departments = [t for t in review_tasks("department") if t["kind"] == "review_item"]
    assert len(departments) == 1 and "дорожн" in departments[0]["title"]
    assert departments[0]["due"]["nominal"] == reviews["review:roadmap"]["due"]["nominal"]

    # The curator accepts the other documents; the package waits for the roadmap.
    others = api.decide("1.1.12", year, "curator.1.1.12", "approve", "Положение, формы, кейсы и схема приняты")
    assert others.status_code == 200, others.text
    assert others.json()["status"] == "under_review"
    assert [a["role"] for a in others.json()["next_actor"]] == ["department"]
    not_yet = api.decide("1.1.12", year, "curator.1.1.12", "approve")
    assert not_yet.status_code == 409
    assert "Депсоцразвития" in not_yet.json()["detail"]
    agreed = api.decide("1.1.12", year, "department", "agree", "Согласовано")
    assert agreed.status_code == 200, agreed.text
    assert [a["role"] for a in agreed.json()["next_actor"]] == ["curator"]
    assert [r["review"] for r in agreed.json()["reviews"]] == ["review:roadmap"]  # now the curator's, 5 days
    assert agreed.json()["reviews"][0]["awaited"][0]["role"] == "curator"
    approved = api.decide("1.1.12", year, "curator.1.1.12", "approve")
    assert approved.json()["status"] == "approved"
    assert approved.json()["reviews"] == []
    assert [(d["action"], d["decided_by"]["role"], d["part"]) for d in approved.json()["decisions"]] == [
        ("approve", "curator", ""),
        ("agree", "department", "roadmap"),
        ("approve", "curator", "roadmap"),
    ]
    assert review_tasks("curator.1.1.12") == [] and review_tasks("department") == []


def test_a_package_without_its_own_roadmap_chain_is_accepted_by_the_curator_alone(
    api: Api, open_cycle: Callable[[str], int]
) -> None:
    year = open_cycle("1.1.11")  # C2: the curator's chain alone (D5)
    items = api.upload_package("1.1.11", year, "director.1.1.11")
    submitted = api.submit("1.1.11", year, "director.1.1.11", items).json()
    assert [a["role"] for a in submitted["next_actor"]] == ["curator"]
    assert submitted["item_review_chains"] == {}
    assert [r["review"] for r in submitted["reviews"]] == ["review"]
    assert api.decide("1.1.11", year, "department", "agree").status_code == 409
    assert api.decide("1.1.11", year, "curator.1.1.11", "approve").json()["status"] == "approved"


def _wait_open(api: Api, site: str, year: int) -> None:
    package = obligation_path(site, year, "package", "annual")
    until(lambda: api.get("rcrso", package).json().get("status"), lambda status: status == "awaiting_submission", 30)


def test_the_director_confirms_documents_unchanged_instead_of_attaching_them_again(api: Api) -> None:
    # Decision D25: «изменений нет — подтверждаю действующую редакцию» is a valid annual submission. (Years of
    # its own: the open_cycle fixture counts up from 2060.)
    site, director, curator = "1.1.10", "director.1.1.10", "curator.1.1.10"
    for year in (2053, 2054):
        assert api.open_cycle(site, year).status_code == 201
        _wait_open(api, site, year)
    nothing_in_force = api.post(
        director, obligation_path(site, 2053, "package", "annual") + "/submissions", json={"unchanged": ["polozhenie"]}
    )
    assert nothing_in_force.status_code == 422, nothing_in_force.text
    assert nothing_in_force.json()["code"] == "no_version_in_force"
    assert [e["field"] for e in nothing_in_force.json()["errors"]] == ["unchanged.polozhenie"]

    accepted = api.upload_package(site, 2053, director)
    assert api.submit(site, 2053, director, accepted).json()["status"] == "under_review"
    assert api.decide(site, 2053, curator, "approve", "Принято").json()["status"] == "approved"

    fresh = api.upload_package(site, 2054, director)
    renewed = {key: fresh[key] for key in ("report_forms", "cases", "roadmap")}
    path = obligation_path(site, 2054, "package", "annual") + "/submissions"
    body = {"items": renewed, "unchanged": ["polozhenie", "interaction_scheme"], "data": package_data(2054)}
    both = api.post(director, path, json={**body, "items": {**renewed, "polozhenie": fresh["polozhenie"]}})
    assert both.status_code == 422 and both.json()["code"] == "unchanged_and_attached", both.text
    by_responsible = api.post("responsible.1.1.10", path, json=body)
    assert by_responsible.status_code == 409 and by_responsible.json()["code"] == "attestation_by_director"

    response = api.post(director, path, json=body)
    assert response.status_code == 200, response.text
    (submitted,) = response.json()["submissions"]
    assert submitted["unchanged"] == ["polozhenie", "interaction_scheme"]
    assert submitted["items"]["polozhenie"]["file_id"] == accepted["polozhenie"]
    assert submitted["items"]["interaction_scheme"]["file_id"] == accepted["interaction_scheme"]
    assert submitted["items"]["roadmap"]["file_id"] == fresh["roadmap"]
    story = api.get(director, f"/api/sites/{site}/cycles/2054/timeline").json()["entries"]
    (sent,) = [e["text"] for e in story if e["event_type"] == "DocumentsSubmitted"]
    assert "Изменений нет, руководитель подтвердил действующую редакцию" in sent
