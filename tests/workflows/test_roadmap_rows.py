"""Dated rows of the approved roadmap (D42–D45) in skipped time on the Temporal test server, through the real
worker, API and PostgreSQL: the rows dated by a day or a month open once the package is approved; a row nobody
marks climbs its ladder on its exact instants and is closed by the accepted Q1 report that says it was done; a
row the director marks done with its evidence («отметить выполнение») closes at once, after clear refusals of a
mark without evidence, with a future date, or by the curator; the inbox, the list of dated rows and the timeline
show it all."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from domain.regulations.catalog import regulation
from tests.api.test_annual_cycle_api import INDICATORS, _file
from tests.support.client import Api, obligation_path, until
from tests.support.oracle import Clock, ReferenceCalendar, ladder_instants
from tests.workflows.test_package_timeline import raised, sleep_until

pytestmark = pytest.mark.slow

CLOCK = Clock("Asia/Yekaterinburg")
SITE = "1.1.4"  # C8, the standard indicators of the Q1 report
DIRECTOR, CURATOR = f"director.{SITE}", f"curator.{SITE}"


def dated(api: Api, login: str, year: int) -> list[dict[str, Any]]:
    response = api.get(login, f"/api/sites/{SITE}/cycles/{year}/dated-rows")
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


def row_escalations(api: Api, year: int, instance: str) -> list[dict[str, Any]]:
    response = api.get(CURATOR, "/api/escalations", params={"site_id": SITE, "year": year})
    assert response.status_code == 200, response.text
    oid = f"cycle:{SITE}:{year}:roadmap_row:{instance}"
    return [row for row in response.json() if row["obligation_id"] == oid]


def perform_tasks(api: Api) -> list[str]:
    response = api.get(DIRECTOR, "/api/tasks", params={"site_id": SITE})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    return sorted(t["obligation"]["instance"] for t in items if t["kind"] == "perform" and t["state"] == "open")


async def test_dated_roadmap_rows(skip_env: WorkflowEnvironment, skip_api: Api) -> None:
    api = skip_api
    start = await skip_env.get_current_time()
    year = start.year + 1
    calendar = ReferenceCalendar(range(year - 1, year + 2))
    ladder = regulation("khmao-135r").roadmap_row
    assert ladder is not None and ladder.ladder is not None

    assert api.open_cycle(SITE, year).status_code == 201
    items = api.upload_package(SITE, year, DIRECTOR)
    assert api.submit(SITE, year, DIRECTOR, items).status_code == 200
    assert api.decide(SITE, year, CURATOR, "approve").status_code == 200

    # -- the rows dated by a month open: «февраль», «июнь, ноябрь» (two dates), «октябрь»; not «постоянно», not
    # the quarterly row another organisation performs.
    february = date(year, 3, 1) - timedelta(days=1)  # the last day of February, 29th in a leap year
    rows = until(lambda: dated(api, DIRECTOR, year), lambda r: len(r) == 4)
    assert [(r["no"], r["instance"], r["due"]["nominal"]) for r in rows] == [
        ("1.1", "1.1", february.isoformat()),
        ("1.2", "1.2-1", f"{year}-06-30"),
        ("3.2", "3.2", f"{year}-10-31"),
        ("1.2", "1.2-2", f"{year}-11-30"),
    ]
    assert rows[0]["due"]["effective"] == calendar.roll(february).isoformat()
    assert {r["status"] for r in rows} == {"in_progress"}
    assert until(lambda: perform_tasks(api), lambda t: len(t) == 4) == ["1.1", "1.2-1", "1.2-2", "3.2"]

    # -- nobody marks row 1.1: reminder, overdue and level 2, each on its instant, to whom the ladder names.
    steps = ladder_instants(ladder.ladder, february, calendar, CLOCK)
    assert [level for level, _ in steps] == ["reminder", "overdue", "level2"]
    await sleep_until(skip_env, steps[-1][1] + timedelta(minutes=1))
    raised_rows = until(lambda: row_escalations(api, year, "1.1"), lambda r: len(r) == 3)
    assert [(r["level"], raised(r["raised_at"])) for r in raised_rows] == steps
    assert {n["role"] for n in raised_rows[1]["notified"]} == {"site_director", "curator"}
    assert {n["role"] for n in raised_rows[2]["notified"]} == {"rcrso_director", "curator"}
    assert all(r["open"] for r in raised_rows)

    # -- the Q1 report says row 1.1 was done on 26 February; once accepted, the row is done and its escalations close.
    await sleep_until(skip_env, CLOCK.end_of(date(year, 3, 31)) + timedelta(hours=12))
    report_files = {
        "report_forms": _file(api, DIRECTOR, SITE, "q1.xlsx"),
        "activity_info": _file(api, DIRECTOR, SITE, "q1.docx"),
    }
    statuses: list[dict[str, Any]] = [{"no": no, "status": "in_progress"} for no in ("1.2", "2.1", "3.1", "3.2")]
    q1 = {
        "form": "report",
        "indicators": INDICATORS,
        "roadmap": [{"no": "1.1", "status": "done", "fact_date": f"{year}-02-26"}, *statuses],
    }
    q1_path = obligation_path(SITE, year, "quarterly_report", "Q1")
    until(lambda: api.get(DIRECTOR, q1_path).json()["status"], lambda s: s == "awaiting_submission")
    sent = api.submit(SITE, year, DIRECTOR, report_files, data=q1, key="quarterly_report", instance="Q1")
    assert sent.status_code == 200, sent.text
    accepted = api.decide(SITE, year, CURATOR, "approve", key="quarterly_report", instance="Q1")
    assert accepted.status_code == 200, accepted.text
    first = until(lambda: dated(api, DIRECTOR, year)[0], lambda r: r["status"] == "approved")
    assert first["done"]["on"] == f"{year}-02-26" and first["done"]["source"] == "report"
    assert first["done"]["report_id"] == f"cycle:{SITE}:{year}:quarterly_report:Q1"
    closed = until(lambda: row_escalations(api, year, "1.1"), lambda r: not any(e["open"] for e in r))
    assert {e["resolution"] for e in closed} == {"done"}
    # The report closed the row due in its quarter only: June's and the later dates stay open.
    assert [r["status"] for r in dated(api, DIRECTOR, year)[1:]] == ["in_progress"] * 3
    assert until(lambda: perform_tasks(api), lambda t: len(t) == 3) == ["1.2-1", "1.2-2", "3.2"]

    # -- June's row: the reminder comes three working days before; the director marks it done with evidence.
    june = ladder_instants(ladder.ladder, date(year, 6, 30), calendar, CLOCK)
    await sleep_until(skip_env, june[0][1] + timedelta(minutes=1))
    assert [r["level"] for r in until(lambda: row_escalations(api, year, "1.2-1"), lambda r: len(r) == 1)] == [
        "reminder"
    ]
    done_path = obligation_path(SITE, year, "roadmap_row", "1.2-1") + "/done"
    today = CLOCK.day_of(await skip_env.get_current_time())
    no_evidence = api.post(DIRECTOR, done_path, json={"fact_date": today.isoformat()})
    assert no_evidence.status_code == 409, no_evidence.text
    assert no_evidence.json()["code"] == "evidence_required"
    assert no_evidence.json()["errors"][0]["field"] == "note"
    future = api.post(DIRECTOR, done_path, json={"fact_date": (today + timedelta(days=3)).isoformat(), "note": "x"})
    assert future.json()["code"] == "fact_date_future"
    by_curator = api.post(CURATOR, done_path, json={"fact_date": today.isoformat(), "note": "Сделано"})
    assert by_curator.status_code in (403, 409) and by_curator.json()["code"] in ("not_allowed", "forbidden")
    evidence = _file(api, DIRECTOR, SITE, "programs.pdf")
    marked = api.post(
        DIRECTOR,
        done_path,
        json={"fact_date": today.isoformat(), "items": {"evidence": evidence}, "note": "Две программы направлены"},
    )
    assert marked.status_code == 200, marked.text
    assert marked.json()["status"] == "approved"
    assert marked.json()["marks"][0]["done_by"]["role"] == "site_director"
    assert [(e["level"], e["resolution"]) for e in marked.json()["escalations"]] == [("reminder", "done")]
    again = api.post(DIRECTOR, done_path, json={"fact_date": today.isoformat(), "note": "ещё раз"})
    assert again.status_code == 409 and again.json()["code"] in ("closed", "obligation_closed")
    june_row = next(r for r in dated(api, DIRECTOR, year) if r["instance"] == "1.2-1")
    assert june_row["done"]["source"] == "site" and june_row["done"]["evidence"] is True
    assert until(lambda: perform_tasks(api), lambda t: len(t) == 2) == ["1.2-2", "3.2"]

    # -- the timeline tells both in words.
    timeline = api.get(DIRECTOR, f"/api/sites/{SITE}/cycles/{year}/timeline", params={"limit": 1000}).json()
    texts = [entry["text"] for entry in timeline["entries"]]
    assert any(t.startswith("По принятому ежеквартальному отчету мероприятие выполнено") for t in texts)
    assert any("отмечено выполнение" in t and "Подтверждение приложено" in t for t in texts)
