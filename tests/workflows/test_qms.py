"""QMS document control end to end (issue 16, seed 004), through the REST API against the real worker, in skipped
time on the Temporal test server: a unit with two employees; the head drafts version 3.0 of its положение and it goes
through the seed's chain — «Разработано», three concurrences, a return for revision by the legal counsel, the chain
again, «УТВЕРЖДАЮ» with the approval number and date — each step a task in the signatory's inbox; it comes into force
on its date and every employee is asked to acknowledge it; one does at once, the other is late, reminded and escalated
to the unit's head and then the deputy director; a newcomer gets the task on arrival; a change is logged within the
version; version 4.0 then supersedes 3.0 on its date, with an empty change log and a new campaign. With
INNOCYCLE_RECORD_HISTORIES, the document's history is kept for the replay tests. The story itself is
``tests/support/qms_story.py``, which ``bench/qms_year.py`` plays too."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from api.calendar.service import production_calendar
from domain.calendar import CalendarOverride
from innocycle.devstack.postgres import PostgresCluster
from tests.conftest import time_skipping_server
from tests.support.client import Api, until
from tests.support.qms_story import E2, HEAD, HR, ok, play_document, sleep_until, tasks_of, version
from tests.support.stack import Stack
from tests.workflows.test_package_timeline import record_histories

pytestmark = pytest.mark.slow


async def test_a_controlled_document_signed_off_enacted_acknowledged_and_superseded(
    skip_env: WorkflowEnvironment, skip_api: Api
) -> None:
    played = await play_document(skip_env, skip_api)
    await record_histories(skip_env, [f"qms:{played.document_id}"])


@pytest.fixture
async def calendar_world(pg_cluster: PostgresCluster, work_dir: Path) -> AsyncIterator[tuple[WorkflowEnvironment, Api]]:
    """A time-skipping server and a stack of the test's own: a calendar correction is signalled to every running
    workflow, and on the session's shared stack that was every cycle of the session — the skip waited on them until
    its call timed out, and the next skipped-time tests of the process with it."""
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=time_skipping_server())
    stack = Stack.start(
        "innocycle_qms_calendar",
        pg_cluster,
        env.client.service_client.config.target_host,
        work_dir / "logs",
        cheap_demo_passwords=True,
    )
    api = Api(stack.api_url)
    yield env, api
    api.close()
    stack.stop()
    await env.shutdown()


async def test_a_holiday_added_inside_an_acknowledgment_term_moves_its_due_date(
    calendar_world: tuple[WorkflowEnvironment, Api],
) -> None:
    """A calendar correction moves the due date already set (D8 counted again, QmsAcknowledgmentDueMoved): the last
    day of a newcomer's term declared a holiday, the task falls due the next working day, and the ladder's overdue
    step waits for that day's end instead of the old one's (its timer armed anew)."""
    skip_env, api = calendar_world
    unit_id = f"cal-{uuid.uuid4().hex[:8]}"
    unit = {"unit_id": unit_id, "institution_id": "berezovsky-kcson", "name": "Отделение (календарь)"}
    ok(api.post("admin", "/api/qms/units", json=unit), 201)
    body = {"unit_id": unit_id, "document_type": "Положение", "title": "Положение (календарь)", "cipher_prefix": "СМК-"}
    doc_id = ok(api.post(HEAD, "/api/qms/documents", json=body), 201)["document_id"]
    path = f"/api/qms/documents/{doc_id}"
    paper = {
        "version": "1.0",
        "sheets": 4,
        "approval_number": "7",
        "approved_on": "2020-01-10",
        "enacted_on": "2020-01-13",
    }
    ok(api.post(HEAD, f"{path}/recorded-versions", json=paper))
    ok(api.post(HR, f"/api/qms/units/{unit_id}/staff", json={"login": E2, "position": "Психолог"}), 201)
    (task,) = until(lambda: tasks_of(api, E2, doc_id), lambda found: len(found) == 1)
    due = date.fromisoformat(task["due"]["effective"])

    holiday = {"working": False, "reason": "перенос выходного дня", "source": "постановление (тест СМК)"}
    ok(api.request("PUT", "admin", f"/api/calendar-overrides/{due.isoformat()}", json=holiday))
    try:
        overrides = [CalendarOverride.model_validate(o) for o in ok(api.get("admin", "/api/calendar-overrides"))]
        moved_to = production_calendar((due.year, due.year + 1), overrides).roll_forward(due + timedelta(days=1))
        (moved,) = until(
            lambda: tasks_of(api, E2, doc_id), lambda found: found and found[0]["due"]["effective"] != due.isoformat()
        )
        assert moved["due"]["effective"] == moved_to.isoformat()
        (pending,) = version(ok(api.get(HEAD, path)), "1.0")["pending"]
        assert pending["due"]["effective"] == moved_to.isoformat()
        history = [h["text"] for h in ok(api.get(HEAD, f"{path}/history"))]
        assert (
            f"перенесен с {due:%d.%m.%Y} на {moved_to:%d.%m.%Y}: исправлен производственный календарь." in (history[-1])
        )

        # the overdue step comes at the end of the new due day, not of the old one
        new_end = datetime.fromisoformat(moved["due"]["ends_at"])
        await sleep_until(skip_env, new_end + timedelta(minutes=1))
        told = until(
            lambda: overdue_notices(api, doc_id),
            lambda found: any("сообщено заведующему" in n["subject"] for n in found),
        )
        overdue = next(n for n in told if "сообщено заведующему" in n["subject"])
        assert datetime.fromisoformat(overdue["created_at"]) >= new_end
    finally:
        api.request("DELETE", "admin", f"/api/calendar-overrides/{due.isoformat()}")


def overdue_notices(api: Api, document_id: str) -> list[dict[str, Any]]:
    items = ok(api.get(HEAD, "/api/notifications", params={"per_page": 100}))["items"]
    return [n for n in items if n["link"].endswith(f"/qms/documents/{document_id}")]
