"""A missed deadline in skipped time reaches people by e-mail: every step of the package's ladder (the reminder,
the overdue, levels 2 and 3) sends exactly one message to each person of its level — resolved from the grants in
force that day — with the sortable subject, the date and the link to the obligation's page, delivered by the real
mailer process to a real SMTP server (aiosmtpd) on loopback. The site's director is on vacation over the due date:
the colleague substituting for them gets what the director would, marked as standing in for the director, and the
director nothing. The escalation's «who was told» and the timeline name the people and what reached each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from innocycle.devstack.mailsink import MailSink
from innocycle.devstack.postgres import PostgresCluster
from tests.support.client import Api, until
from tests.support.mail_world import MailWorld, mail_world
from tests.support.oracle import Clock, ReferenceCalendar

pytestmark = pytest.mark.slow

CLOCK = Clock("Asia/Yekaterinburg")
SITE = "1.1.8"
DIRECTOR, RESPONSIBLE, CURATOR = f"director.{SITE}", f"responsible.{SITE}", f"curator.{SITE}"
PUBLIC_URL = "https://innocycle.example.ru"
LOGIN_OF_ROLE = {
    "site_director": DIRECTOR,
    "site_responsible": RESPONSIBLE,
    "curator": CURATOR,
    "rcrso_director": "rcrso",
    "department": "department",
}


def address(login: str) -> str:
    return f"{login}@innocycle.test"


@pytest.fixture(scope="module")
async def ladder_world(pg_cluster: PostgresCluster, work_dir: Path) -> AsyncIterator[MailWorld]:
    # Its own time-skipping server: it skips a ladder past the New Year and leaves the cycle running.
    retries = {"INNOCYCLE_MAIL_RETRY_SECONDS": "0.1", "INNOCYCLE_MAIL_RETRY_MAX_SECONDS": "1"}
    async with mail_world("innocycle_ladder", pg_cluster, work_dir, PUBLIC_URL, **retries) as world:
        yield world


async def sleep_until(env: WorkflowEnvironment, instant: datetime) -> None:
    now = await env.get_current_time()
    if instant > now:
        await env.sleep(instant - now)


def letters(sink: MailSink, year: int, word: str) -> list[EmailMessage]:
    """The messages of the site's package of ``year`` whose subject starts with ``word``."""
    link = f"{PUBLIC_URL}/sites/{SITE}/cycles/{year}/obligations/package/annual"
    found = []
    for message in list(sink.messages):
        text = message.get_body(preferencelist=("plain",))
        if (
            str(message["Subject"]).startswith(f"[innocycle] {word}: ")
            and text is not None
            and link in text.get_content()
        ):
            found.append(message)
    return found


def recipients(messages: list[EmailMessage]) -> list[str]:
    return sorted(str(message["To"]).split("<")[-1].rstrip(">") for message in messages)


def full_name(api: Api, login: str) -> str:
    me = api.get(login, "/api/me")
    assert me.status_code == 200, me.text
    return str(me.json()["full_name"])


def plain(message: EmailMessage) -> str:
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    return str(text.get_content())


def escalation(api: Api, year: int, level: str) -> dict[str, Any]:
    rows = api.get(CURATOR, "/api/escalations", params={"site_id": SITE, "year": year}).json()
    [row] = [r for r in rows if r["obligation_id"] == f"cycle:{SITE}:{year}:package:annual" and r["level"] == level]
    return dict(row)


async def test_every_step_of_a_missed_deadline_reaches_its_people_once(ladder_world: MailWorld) -> None:
    skip_env, skip_stack, sink = ladder_world
    api = Api(skip_stack.api_url)
    start = await skip_env.get_current_time()
    calendar = ReferenceCalendar(range(start.year - 1, start.year + 5))
    year = start.year + 1
    while True:  # the next cycle whose reminder lies ahead and that no other test of this stack opened
        effective = calendar.roll(date(year - 1, 12, 20))
        reminder_at = CLOCK.at(calendar.shift(effective, -5), 9)
        if reminder_at > start + timedelta(hours=1):
            opened = api.open_cycle(SITE, year)
            if opened.status_code == 201:
                break
            assert opened.status_code == 409, opened.text
        year += 1
    nominal = date(year - 1, 12, 20)
    overdue_at = CLOCK.end_of(effective)
    level2_at = CLOCK.end_of(calendar.shift(effective, 5))
    level3_at = CLOCK.end_of(calendar.shift(effective, 10))

    # The director is on vacation from the reminder's day over the due date; the responsible person stands in.
    vacation = {
        "substitute_login": RESPONSIBLE,
        "starts_on": CLOCK.day_of(reminder_at).isoformat(),
        "ends_on": CLOCK.day_of(overdue_at).isoformat(),
        "reason": "отпуск",
    }
    arranged = api.post(DIRECTOR, "/api/substitutions", json=vacation)
    assert arranged.status_code == 201, arranged.text
    director_name = full_name(api, DIRECTOR)

    # -- the reminder, 5 working days before, at 09:00: the director's substitute is the responsible person, who
    # gets it once (in their own right), the director nothing.
    await sleep_until(skip_env, reminder_at + timedelta(minutes=1))
    until(lambda: letters(sink, year, "Напоминание"), lambda found: len(found) >= 1, seconds=30)
    reminders = letters(sink, year, "Напоминание")
    assert recipients(reminders) == [address(RESPONSIBLE)]
    body = plain(reminders[0])
    assert f"Срок: {effective:%d.%m.%Y}" in body
    if nominal != effective:
        assert f"по правилу {nominal:%d.%m.%Y}" in body  # why that date
    assert f"Площадка: {SITE}" in body

    # -- overdue, when the due date ends: the curator, and the substitute for the director, marked as standing in.
    await sleep_until(skip_env, overdue_at + timedelta(minutes=1))
    until(lambda: letters(sink, year, "Просрочено"), lambda found: len(found) >= 2, seconds=30)
    overdue = letters(sink, year, "Просрочено")
    assert recipients(overdue) == sorted([address(CURATOR), address(RESPONSIBLE)])
    for message in overdue:
        subject = str(message["Subject"])
        assert f" {SITE}" in subject
        link = f"{PUBLIC_URL}/sites/{SITE}/cycles/{year}/obligations/package/annual"
        assert link in plain(message)
        if address(RESPONSIBLE) in str(message["To"]):
            assert subject.endswith(f"(замещение: {director_name})")
            assert f"потому что замещаете сотрудника: {director_name}" in plain(message)
        else:
            assert "замещение" not in subject
    told = escalation(api, year, "overdue")["told"]
    assert sorted(t["full_name"] for t in told) == sorted([full_name(api, CURATOR), full_name(api, RESPONSIBLE)])
    [standing_in] = [t for t in told if t["on_behalf_of"]]
    assert standing_in["on_behalf_of"]["full_name"] == director_name
    until(
        lambda: escalation(api, year, "overdue")["told"],
        lambda people: all(t["email"]["state"] == "sent" for t in people),
    )

    # -- level 2 (the RCRSO director) and level 3 (the Department), each once, the substitution over by then.
    await sleep_until(skip_env, level2_at + timedelta(minutes=1))
    until(lambda: letters(sink, year, "Эскалация 2-го уровня"), lambda found: len(found) >= 1, seconds=30)
    await sleep_until(skip_env, level3_at + timedelta(minutes=1))
    until(lambda: letters(sink, year, "Эскалация 3-го уровня"), lambda found: len(found) >= 1, seconds=30)
    # Each to the people of the roles its step names (the ladder's data), the director back from vacation.
    for level, word in (("level2", "Эскалация 2-го уровня"), ("level3", "Эскалация 3-го уровня")):
        roles = [n["role"] for n in escalation(api, year, level)["notified"]]
        assert "rcrso_director" in roles or "department" in roles, roles
        expected = sorted(address(LOGIN_OF_ROLE[role]) for role in roles)
        assert recipients(letters(sink, year, word)) == expected, (level, roles)

    # Exactly once each, however long the mailer ran: every step's messages counted again at the end.
    skip_stack.wait_until_quiet()
    steps = (("reminder", "Напоминание"), ("overdue", "Просрочено"), ("level2", "Эскалация 2-го уровня"))
    for level, word in (*steps, ("level3", "Эскалация 3-го уровня")):
        sent = recipients(letters(sink, year, word))
        assert len(sent) == len(set(sent)) == len(escalation(api, year, level)["told"]), word
    assert address(DIRECTOR) not in recipients(letters(sink, year, "Просрочено"))

    # The timeline names the people told of each step, and what reached them.
    timeline = api.get(CURATOR, f"/api/sites/{SITE}/cycles/{year}/timeline", params={"limit": 500}).json()
    raised = [e for e in timeline["entries"] if e["event_type"] == "EscalationRaised"]
    assert raised and all(e["told"].startswith("Сообщено: ") for e in raised)
    assert any(f"замещение: {director_name}" in e["told"] for e in raised)
