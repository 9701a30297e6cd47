"""The daily digest in skipped time (issue 15 §3), through the region's digest workflow, the real worker, API,
PostgreSQL, mailer process and an SMTP server (aiosmtpd) on loopback.

A curator has three packages of their site to review: one overdue, one due this week, one due next week; they keep
reminders and task arrivals for the digest. The digest workflow, started on a Friday after nine, sends nothing over
the weekend and, at 09:00 in Khanty-Mansiysk on Monday, one digest with the three reviews in their sections, the
overdue step and the reminder it reports, by e-mail with the links of the web interface. A second start of the
workflows and the day's digests asked again send nothing more. The administrator makes Tuesday a day off: no digest
that day, the next on Wednesday at nine."""

from __future__ import annotations

import gzip
import os
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from innocycle.devstack.mailsink import MailSink
from innocycle.devstack.postgres import PostgresCluster
from innocycle.worker import start_digest_workflows
from tests.support.client import Api, until
from tests.support.mail_world import MailWorld, mail_world
from tests.support.oracle import Clock, ReferenceCalendar
from tests.support.stack import Stack

pytestmark = pytest.mark.slow

CLOCK = Clock("Asia/Yekaterinburg")
SITE = "1.1.6"
DIRECTOR, CURATOR = f"director.{SITE}", f"curator.{SITE}"
PUBLIC_URL = "https://innocycle.example.ru"
World = MailWorld


@pytest.fixture(scope="module")
async def digest_world(pg_cluster: PostgresCluster, work_dir: Path) -> AsyncIterator[World]:
    async with mail_world("innocycle_digest", pg_cluster, work_dir, PUBLIC_URL) as world:
        yield world


async def sleep_until(env: WorkflowEnvironment, instant: datetime) -> None:
    now = await env.get_current_time()
    if instant > now:
        await env.sleep(instant - now)


def clean_monday(calendar: ReferenceCalendar, after: date) -> date:
    """A Monday whose Friday ten days before lies after ``after``, with only plain weeks around it (no holiday, no
    working weekend), so that five working days are five weekdays."""
    first = after + timedelta(days=11)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    while not all(
        calendar.working(d) == (d.weekday() < 5) for d in (monday + timedelta(days=n) for n in range(-11, 9))
    ):
        monday += timedelta(days=7)
    return monday


def link(year: int) -> str:
    return f"/sites/{SITE}/cycles/{year}/obligations/package/annual"


def submit(api: Api, year: int) -> date:
    """The director sends the year's package; answers the curator's review due date."""
    submitted = api.submit(SITE, year, DIRECTOR, api.upload_package(SITE, year, DIRECTOR))
    assert submitted.status_code == 200, submitted.text
    (review,) = submitted.json()["reviews"]
    return date.fromisoformat(review["due"]["effective"])


def digests_of(stack: Stack, day: date) -> dict[str, datetime]:
    """KhMAO's digests of ``day`` by login (another region's people have digests of their own: a Sverdlovsk consent
    has a term, D17, and shows in its head's digest)."""
    rows = stack.query(
        "SELECT u.login, d.composed_at FROM digests d JOIN users u ON u.id = d.user_id"
        " WHERE day = %s AND d.region_id = '86'",
        day,
    )
    return dict(rows)


def section(digest: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [item for part in digest["parts"] if part["section"] == name for item in part["items"]]


def digest_letters(sink: MailSink, login: str, day: date) -> list[EmailMessage]:
    return [
        m
        for m in list(sink.messages)
        if str(m["Subject"]).startswith(f"[innocycle] Сводка на {day:%d.%m.%Y}: ")
        and f"<{login}@innocycle.test>" in str(m["To"])
    ]


def text_of(message: EmailMessage, kind: str) -> str:
    body = message.get_body(preferencelist=(kind,))
    assert body is not None
    return str(body.get_content())


async def test_the_digest_arrives_at_nine_on_working_days_and_once(digest_world: World) -> None:
    env, stack, sink = digest_world
    api = Api(stack.api_url)
    start = await env.get_current_time()
    calendar = ReferenceCalendar(range(start.year - 1, start.year + 3))
    monday = clean_monday(calendar, CLOCK.day_of(start))
    years = [start.year + 2, start.year + 3, start.year + 4]  # packages due far ahead: only their reviews are dated
    for year in years:
        assert api.open_cycle(SITE, year).status_code == 201
    shown = api.get(CURATOR, "/api/me/notification-preferences").json()
    chosen = api.request(
        "PUT", CURATOR, "/api/me/notification-preferences", json={**shown, "reminders": "digest", "tasks": "digest"}
    )
    assert chosen.status_code == 200, chosen.text

    # Friday ten days before: the first package; the curator's review is due the Friday before Monday.
    await sleep_until(env, CLOCK.at(monday - timedelta(days=10), 12))
    assert submit(api, years[0]) == monday - timedelta(days=3)

    # The digest workflows start on that Friday after nine, once whatever the number of workers.
    await sleep_until(env, CLOCK.at(monday - timedelta(days=3), 10))
    client = Client(env.client.service_client, namespace=env.client.namespace, data_converter=pydantic_data_converter)
    assert "digest:86" in await start_digest_workflows(client, "innocycle")
    assert await start_digest_workflows(client, "innocycle") == []

    # Saturday: the second package, its review due Friday of the week; Monday before nine: the third, due next week.
    await sleep_until(env, CLOCK.at(monday - timedelta(days=2), 12))
    assert submit(api, years[1]) == monday + timedelta(days=4)
    await sleep_until(env, CLOCK.at(monday, 8))
    assert digests_of(stack, monday - timedelta(days=2)) == {} and digests_of(stack, monday - timedelta(days=1)) == {}
    assert submit(api, years[2]) == monday + timedelta(days=7)

    # Monday 09:00 in the region: the curator's digest.
    nine = CLOCK.at(monday, 9)
    await sleep_until(env, nine + timedelta(seconds=30))
    sent = until(lambda: digests_of(stack, monday), lambda found: CURATOR in found, seconds=60)
    assert all(nine <= at < nine + timedelta(minutes=1) for at in sent.values()), sent
    assert DIRECTOR not in sent  # the director waits for nothing: no digest
    digest = api.get(CURATOR, f"/api/notifications/digests/{monday.isoformat()}")
    assert digest.status_code == 200, digest.text
    body = digest.json()
    assert [(i["link"], i["new"]) for i in section(body, "overdue")] == [(link(years[0]), False)]
    assert [(i["link"], i["new"]) for i in section(body, "due_this_week")] == [(link(years[1]), True)]
    assert [(i["link"], i["new"]) for i in section(body, "waiting")] == [(link(years[2]), True)]
    assert [(i["link"], i["what"]) for i in section(body, "escalations")] == [(link(years[0]), "просрочено")]
    assert [i["link"] for i in section(body, "reminders")] == [link(years[0])]

    # One e-mail, HTML and plain text, with the links of the web interface.
    [letter] = until(lambda: digest_letters(sink, CURATOR, monday), lambda found: len(found) == 1, seconds=30)
    assert str(letter["Subject"]) == body["subject"]
    for kind in ("plain", "html"):
        words = text_of(letter, kind)
        for year in years:
            assert f"{PUBLIC_URL}{link(year)}" in words
        for title in ("Просрочено", "Срок на этой неделе", "Ждут вас", "Эскалации с прошлой сводки", "Напоминания"):
            assert title in words

    # Another worker starts (its start of the digest workflows is a no-op), and the day's digests are asked again —
    # what a retried activity or a workflow run again from the start would do: nothing more. (A worker process is
    # not restarted here: on the time-skipping test server, a workflow task sent to a stopped worker's sticky queue
    # holds the skipped clock until the skip's RPC times out; tests/faults restart workers on the dev server.)
    assert await start_digest_workflows(client, "innocycle") == []
    again = httpx.post(
        f"{stack.api_url}/internal/regions/86/digests",
        json={"at": nine.isoformat()},
        headers={"Authorization": f"Bearer {stack.env['INNOCYCLE_SERVICE_TOKEN']}"},
        timeout=120,
    )
    assert again.status_code == 200, again.text
    assert (again.json()["sent"], again.json()["already"]) == (0, len(sent))
    await sleep_until(env, CLOCK.at(monday, 12))
    stack.wait_until_quiet()
    assert digests_of(stack, monday) == sent
    assert len(digest_letters(sink, CURATOR, monday)) == 1

    # The administrator makes Tuesday a day off: no digest then; Wednesday at nine.
    tuesday, wednesday = monday + timedelta(days=1), monday + timedelta(days=2)
    corrected = api.request(
        "PUT",
        "admin",
        f"/api/calendar-overrides/{tuesday.isoformat()}",
        json={"working": False, "reason": "перенос выходного дня", "source": "постановление (тест сводки)"},
    )
    assert corrected.status_code in (200, 201), corrected.text
    await sleep_until(env, CLOCK.at(wednesday, 9) + timedelta(seconds=30))
    until(lambda: digests_of(stack, wednesday), lambda found: CURATOR in found, seconds=60)
    assert digests_of(stack, tuesday) == {}
    wednesday_digest = api.get(CURATOR, f"/api/notifications/digests/{wednesday.isoformat()}").json()
    assert section(wednesday_digest, "reminders") == []  # reported on Monday: not again
    until(lambda: digest_letters(sink, CURATOR, wednesday), lambda found: len(found) == 1, seconds=30)

    await record_history(env, "digest:86")


async def record_history(env: WorkflowEnvironment, workflow_id: str) -> None:
    """With INNOCYCLE_RECORD_HISTORIES=<dir>, keep the history for the replay tests (tests/workflows/histories)."""
    target = os.environ.get("INNOCYCLE_RECORD_HISTORIES")
    if not target:
        return
    history = await env.client.get_workflow_handle(workflow_id).fetch_history()
    name = workflow_id.replace(":", "_")
    (Path(target) / f"{name}.json.gz").write_bytes(gzip.compress(history.to_json().encode()))
