"""The annual package across a real 20 December, in skipped time on the Temporal test server: the reminder, the
overdue escalation and its resolution, a return for revision with a new deadline, and the full ladder for a site
that never sends its package — each on its date, in order, through the real worker, API and PostgreSQL."""

from __future__ import annotations

import gzip
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.support.client import Api, obligation_path, until
from tests.support.oracle import Clock, ReferenceCalendar
from tests.support.stack import Stack

pytestmark = pytest.mark.slow

CLOCK = Clock("Asia/Yekaterinburg")
at_local = CLOCK.at
end_of = CLOCK.end_of


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def raised(value: str) -> datetime:
    """When an escalation was raised, to the second (a timer fires a few milliseconds after its instant)."""
    return parse(value).replace(microsecond=0)


async def sleep_until(env: WorkflowEnvironment, instant: datetime) -> None:
    now = await env.get_current_time()
    if instant > now:
        await env.sleep(instant - now)


def escalations(api: Api, login: str, site_id: str, year: int) -> list[dict[str, Any]]:
    """The escalations of the site's annual package (the cycle's other obligations escalate on their own)."""
    response = api.get(login, "/api/escalations", params={"site_id": site_id, "year": year})
    assert response.status_code == 200, response.text
    package = f"cycle:{site_id}:{year}:package:annual"
    return [row for row in response.json() if row["obligation_id"] == package]


def levels(rows: list[dict[str, Any]]) -> list[tuple[str, int | None]]:
    return [(row["level"], int(row["escalation_id"].split(":")[-2])) for row in rows]


async def test_package_across_20_december(skip_env: WorkflowEnvironment, skip_api: Api, skip_stack: Stack) -> None:
    api = skip_api
    start = await skip_env.get_current_time()
    year = start.year + 1
    calendar = ReferenceCalendar(range(start.year - 1, start.year + 4))
    # The next cycle whose reminder still lies ahead of the test server's clock.
    while at_local(calendar.shift(calendar.roll(date(year - 1, 12, 20)), -5), 9) <= start + timedelta(hours=1):
        year += 1
    nominal = date(year - 1, 12, 20)
    effective = calendar.roll(nominal)
    reminder_at = at_local(calendar.shift(effective, -5), 9)
    overdue_at = end_of(effective)
    level2_at = end_of(calendar.shift(effective, 5))
    level3_at = end_of(calendar.shift(effective, 10))
    if year == 2027:
        # Pinned by hand: Sunday 20.12.2026 rolls to Monday 21.12; level 3 counts past 31.12.2026 (a day off by
        # decree) and the New Year holidays 1–8.01.2027 to Wednesday 13.01.2027.
        assert effective == date(2026, 12, 21)
        assert reminder_at == datetime(2026, 12, 14, 4, tzinfo=UTC)
        assert level2_at == end_of(date(2026, 12, 28))
        assert level3_at == end_of(date(2027, 1, 13))

    prompt, silent = "1.1.11", "1.1.1"  # C2 answers late; C14 never sends its package
    for site_id in (prompt, silent):
        opened = api.open_cycle(site_id, year)
        assert opened.status_code == 201, opened.text
        package = next(o for o in opened.json()["obligations"] if o["key"] == "package")
        assert (package["due"]["nominal"], package["due"]["effective"]) == (nominal.isoformat(), effective.isoformat())

    # -- 5 working days before: a reminder to the director and the responsible person, at 09:00 local.
    await sleep_until(skip_env, reminder_at + timedelta(minutes=1))
    for site_id in (prompt, silent):
        rows = until(lambda s=site_id: escalations(api, f"director.{s}", s, year), lambda r: len(r) == 1)
        assert rows[0]["level"] == "reminder"
        assert raised(rows[0]["raised_at"]) == reminder_at
        assert {n["role"] for n in rows[0]["notified"]} == {"site_director", "site_responsible"}
    # A director sees the reminders of their own site only.
    assert escalations(api, f"director.{prompt}", silent, year) == []

    # -- the effective due date ends: overdue, visible to the director and to the curator.
    await sleep_until(skip_env, overdue_at + timedelta(minutes=1))
    for login in (f"director.{prompt}", f"curator.{prompt}"):
        rows = until(lambda lg=login: escalations(api, lg, prompt, year), lambda r: len(r) == 2)
        assert [r["level"] for r in rows] == ["reminder", "overdue"]
        assert raised(rows[1]["raised_at"]) == overdue_at
        assert {n["role"] for n in rows[1]["notified"]} == {"site_director", "curator"}
        assert all(r["open"] for r in rows)

    # -- the package arrives late: every open escalation of the site is resolved.
    items = api.upload_package(prompt, year, f"director.{prompt}")
    submitted = api.submit(prompt, year, f"director.{prompt}", items, note="Направляем с опозданием")
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert body["submissions"][0]["late"] is True
    submitted_at = parse(body["submissions"][0]["submitted_at"])
    assert submitted_at >= overdue_at
    assert [(e["level"], e["resolution"]) for e in body["escalations"]] == [
        ("reminder", "submitted"),
        ("overdue", "submitted"),
    ]
    assert all(parse(e["resolved_at"]) == submitted_at for e in body["escalations"])

    # -- the curator returns it: at least 5 working days to revise, never less than the original deadline.
    returned = api.decide(prompt, year, f"curator.{prompt}", "return", "Схема взаимодействия не подписана")
    assert returned.status_code == 200, returned.text
    returned_at = parse(returned.json()["decisions"][0]["decided_at"])
    revision_due = calendar.roll(max(nominal, calendar.shift(CLOCK.day_of(returned_at), 5)))
    assert returned.json()["due"]["effective"] == revision_due.isoformat()
    assert returned.json()["due"]["original_effective"] == effective.isoformat()
    assert returned.json()["decisions"][0]["resubmit_due"]["effective"] == revision_due.isoformat()

    # -- the revision deadline passes too: a new overdue escalation of the second phase.
    revision_overdue_at = end_of(revision_due)
    await sleep_until(skip_env, revision_overdue_at + timedelta(minutes=1))
    rows = until(lambda: escalations(api, f"curator.{prompt}", prompt, year), lambda r: ("overdue", 1) in levels(r))
    assert levels(rows) == [("reminder", 0), ("overdue", 0), ("reminder", 1), ("overdue", 1)]
    assert raised(rows[2]["raised_at"]) == at_local(calendar.shift(revision_due, -5), 9)
    assert raised(rows[3]["raised_at"]) == revision_overdue_at

    # -- resubmitted and approved: both versions and the comment stay on record.
    second = api.upload_package(prompt, year, f"responsible.{prompt}")
    assert api.submit(prompt, year, f"responsible.{prompt}", second).status_code == 200
    approved = api.decide(prompt, year, f"curator.{prompt}", "approve", "Принято")
    assert approved.status_code == 200, approved.text
    final = approved.json()
    assert final["status"] == "approved"
    assert [s["items"]["roadmap"]["file_id"] for s in final["submissions"]] == [items["roadmap"], second["roadmap"]]
    assert [(d["action"], d["comment"]) for d in final["decisions"]] == [
        ("return", "Схема взаимодействия не подписана"),
        ("approve", "Принято"),
    ]
    assert all(not e["open"] for e in final["escalations"])

    # -- the silent site climbs the whole ladder: the RCRSO director, then the Department.
    await sleep_until(skip_env, level3_at + timedelta(minutes=1))
    rows = until(lambda: escalations(api, "department", silent, year), lambda r: len(r) == 4)
    assert [(r["level"], raised(r["raised_at"])) for r in rows] == [
        ("reminder", reminder_at),
        ("overdue", overdue_at),
        ("level2", level2_at),
        ("level3", level3_at),
    ]
    assert {n["role"] for n in rows[2]["notified"]} == {"rcrso_director", "curator"}
    assert {n["role"] for n in rows[3]["notified"]} == {"department", "rcrso_director"}
    assert all(r["open"] for r in rows)
    # The prompt site, approved, climbed no further.
    assert levels(escalations(api, "department", prompt, year))[-1] == ("overdue", 1)
    silent_view = api.get(f"director.{silent}", obligation_path(silent, year)).json()
    assert silent_view["status"] == "awaiting_submission"
    assert [e["level"] for e in silent_view["escalations"]] == ["reminder", "overdue", "level2", "level3"]

    await record_histories(skip_env, [f"cycle:{prompt}:{year}", f"cycle:{prompt}:{year}:package:annual"])


async def record_histories(env: WorkflowEnvironment, workflow_ids: list[str]) -> None:
    """With INNOCYCLE_RECORD_HISTORIES=<dir>, keep the histories for the replay tests (tests/workflows/histories)."""
    target = os.environ.get("INNOCYCLE_RECORD_HISTORIES")
    if not target:
        return
    for workflow_id in workflow_ids:
        history = await env.client.get_workflow_handle(workflow_id).fetch_history()
        name = workflow_id.replace(":", "_").replace(".", "-")
        (Path(target) / f"{name}.json.gz").write_bytes(gzip.compress(history.to_json().encode()))
