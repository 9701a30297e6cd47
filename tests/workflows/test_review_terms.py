"""Reviews run on their terms (decisions D30–D32), in skipped time on the Temporal test server: a package left unread
by its curator is reminded, overdue, escalated to the RCRSO director and then to the Department, each on its
working day; the curator's decision resolves every escalation of the review; a request for more time left
undecided escalates too, and its decision resolves it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.support.client import Api, obligation_path, until
from tests.support.oracle import Clock, ReferenceCalendar

pytestmark = pytest.mark.slow

CLOCK = Clock("Asia/Yekaterinburg")


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def sleep_until(env: WorkflowEnvironment, instant: datetime) -> None:
    now = await env.get_current_time()
    if instant > now:
        await env.sleep(instant - now)


def late_reviews(api: Api, login: str, site_id: str, year: int, key: str = "package", instance: str = "annual") -> Any:
    """The escalations of late reviews of one obligation (its own deadline's are left out)."""
    response = api.get(login, "/api/escalations", params={"site_id": site_id, "year": year})
    assert response.status_code == 200, response.text
    oid = f"cycle:{site_id}:{year}:{key}:{instance}"
    return [row for row in response.json() if row["obligation_id"] == oid and row["review"]]


async def test_a_package_left_unread_climbs_the_review_ladder_and_the_decision_resolves_it(
    skip_env: WorkflowEnvironment, skip_api: Api
) -> None:
    api = skip_api
    start = await skip_env.get_current_time()
    year = start.year + 1
    calendar = ReferenceCalendar(range(start.year - 1, start.year + 3))
    site = "1.1.6"
    assert api.open_cycle(site, year).status_code == 201
    until(lambda: api.get("rcrso", obligation_path(site, year)).json().get("status"), lambda s: s is not None, 30)
    items = api.upload_package(site, year, f"director.{site}")
    submitted = api.submit(site, year, f"director.{site}", items)
    assert submitted.status_code == 200, submitted.text
    submitted_at = parse(submitted.json()["submissions"][0]["submitted_at"])

    # The curator has 5 working days from the day of the submission (D30).
    due = calendar.shift(CLOCK.day_of(submitted_at), 5)
    (review,) = submitted.json()["reviews"]
    assert (review["review"], review["due"]["effective"]) == ("review", due.isoformat())
    assert review["awaited"][0]["role"] == "curator"
    tasks = api.get(f"curator.{site}", "/api/tasks", params={"site_id": site, "year": year, "task_kind": "review"})
    (task,) = [t for t in tasks.json()["items"] if t["obligation"]["key"] == "package"]
    assert task["due"]["effective"] == due.isoformat()

    reminder_at = CLOCK.at(calendar.shift(due, -1), 9)
    overdue_at = CLOCK.end_of(due)
    level2_at = CLOCK.end_of(calendar.shift(due, 2))
    level3_at = CLOCK.end_of(calendar.shift(due, 5))

    await sleep_until(skip_env, reminder_at + timedelta(minutes=1))
    rows = until(lambda: late_reviews(api, f"curator.{site}", site, year), lambda r: len(r) == 1)
    assert rows[0]["level"] == "reminder"
    assert parse(rows[0]["raised_at"]).replace(microsecond=0) == reminder_at
    assert [n["role"] for n in rows[0]["notified"]] == ["curator"]

    # Left unread: overdue, then the RCRSO director, then the Department.
    await sleep_until(skip_env, level3_at + timedelta(minutes=1))
    rows = until(lambda: late_reviews(api, "department", site, year), lambda r: len(r) == 4)
    assert [(r["level"], parse(r["raised_at"]).replace(microsecond=0)) for r in rows] == [
        ("reminder", reminder_at),
        ("overdue", overdue_at),
        ("level2", level2_at),
        ("level3", level3_at),
    ]
    assert {n["role"] for n in rows[2]["notified"]} == {"curator", "rcrso_director"}
    assert {n["role"] for n in rows[3]["notified"]} == {"curator", "department", "rcrso_director"}
    for row in rows:
        assert row["due"]["effective"] == due.isoformat()
        assert row["review"]["title"] == "Принятие куратором направления РЦРСО"
        assert [a["role"] for a in row["review"]["awaited"]] == ["curator"]
        assert row["open"]
    # The RCRSO director sees them on the region's escalations page, with the review's term.
    region = api.get("rcrso", "/api/region/escalations", params={"year": year, "site_id": site, "open": True})
    assert region.status_code == 200, region.text
    assert any(item["review"] and item["level"] == "level3" for item in region.json()["items"])

    # The curator decides: every escalation of the review is resolved, none comes after.
    approved = api.decide(site, year, f"curator.{site}", "approve", "Принято")
    assert approved.status_code == 200, approved.text
    decided_at = parse(approved.json()["decisions"][-1]["decided_at"])
    rows = late_reviews(api, "department", site, year)
    assert [(r["level"], r["resolution"]) for r in rows] == [
        ("reminder", "reviewed"),
        ("overdue", "reviewed"),
        ("level2", "reviewed"),
        ("level3", "reviewed"),
    ]
    assert all(parse(r["resolved_at"]) == decided_at for r in rows)
    timeline = api.get(f"director.{site}", f"/api/sites/{site}/cycles/{year}/timeline")
    assert timeline.status_code == 200, timeline.text
    assert "Срок рассмотрения «Принятие куратором направления РЦРСО»" in timeline.text
    assert "ожидается решение: куратор направления" in timeline.text


async def test_a_request_for_more_time_left_undecided_escalates_until_it_is_decided(
    skip_env: WorkflowEnvironment, skip_api: Api
) -> None:
    api = skip_api
    start = await skip_env.get_current_time()
    year = start.year + 2  # a package due a year ahead: its own ladder stays quiet
    calendar = ReferenceCalendar(range(start.year - 1, start.year + 4))
    site = "1.1.7"
    assert api.open_cycle(site, year).status_code == 201
    path = obligation_path(site, year)
    until(lambda: api.get("rcrso", path).json().get("status"), lambda s: s == "awaiting_submission", 30)
    package = api.get("rcrso", path).json()
    until_day = date.fromisoformat(package["due"]["nominal"]) + timedelta(days=10)
    asked = api.post(
        f"director.{site}", path + "/extension-requests", json={"until": until_day.isoformat(), "reason": "Болезнь"}
    )
    assert asked.status_code == 200, asked.text
    asked_at = parse(asked.json()["extensions"][-1]["requested_at"])
    (review,) = asked.json()["reviews"]
    due = calendar.shift(CLOCK.day_of(asked_at), 2)  # D32: 2 working days to decide
    assert (review["review"], review["due"]["effective"]) == ("extension", due.isoformat())
    assert review["awaited"][0]["role"] == "curator"

    await sleep_until(skip_env, CLOCK.end_of(calendar.shift(due, 2)) + timedelta(minutes=1))
    rows = until(lambda: late_reviews(api, f"curator.{site}", site, year), lambda r: len(r) == 3)
    assert [r["level"] for r in rows] == ["reminder", "overdue", "level2"]
    assert rows[0]["review"]["key"] == "extension"

    granted = api.post(f"curator.{site}", path + "/extension-decisions", json={"grant": True})
    assert granted.status_code == 200, granted.text
    rows = late_reviews(api, f"curator.{site}", site, year)
    assert {r["resolution"] for r in rows} == {"decided"}
    assert granted.json()["reviews"] == []
