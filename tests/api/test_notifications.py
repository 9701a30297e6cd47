"""Notifications people actually receive, on the real API and worker: a task arriving, a return and a decision
told to the people of the grants (not to roles), the bell's list read one and all, a person's choices; and their
e-mail delivered by the real mailer process to a real SMTP server (aiosmtpd) on loopback — every message once
after the server was down for a while, a 4xx tried again until it passes, a 5xx failed for good and shown to the
administrator."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import httpx
import pytest

from innocycle.devstack.mailsink import MailSink
from innocycle.devstack.processes import free_port
from tests.support.client import Api, until
from tests.support.stack import ManagedProcess, Stack

SITE = "1.1.6"  # its package goes to the curator alone (no Department's agreement of the roadmap, D33)
ADDRESS = "{login}@innocycle.test"  # the demo people's addresses (innocycle/seed.py)


def package_link(site_id: str, year: int) -> str:
    return f"/sites/{site_id}/cycles/{year}/obligations/package/annual"


def mine(api: Api, login: str, **params: Any) -> dict[str, Any]:
    response = api.get(login, "/api/notifications", params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def about(api: Api, login: str, link: str, kind: str) -> list[dict[str, Any]]:
    return [n for n in mine(api, login)["items"] if n["link"] == link and n["kind"] == kind]


@pytest.fixture(scope="module")
def smtp_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def mailer(dev_stack: Stack, smtp_port: int) -> Iterator[ManagedProcess]:
    """The mailer as a process of its own, delivering the stack's outbox to 127.0.0.1:``smtp_port``, trying again
    quickly (a tenth of a second, doubled up to a second) so that a test need not wait half a minute."""
    env = {
        **dev_stack.env,
        "INNOCYCLE_SMTP_HOST": "127.0.0.1",
        "INNOCYCLE_SMTP_PORT": str(smtp_port),
        "INNOCYCLE_SMTP_TIMEOUT_SECONDS": "5",
        "INNOCYCLE_MAIL_POLL_SECONDS": "0.1",
        "INNOCYCLE_MAIL_RETRY_SECONDS": "0.1",
        "INNOCYCLE_MAIL_RETRY_MAX_SECONDS": "1",
        "INNOCYCLE_PUBLIC_URL": "https://innocycle.example.ru",
    }
    process = ManagedProcess(["mailer"], env, dev_stack.api.log_path.parent / "notifications-mailer.log")
    process.start()
    yield process
    process.stop()


def outbox(stack: Stack, ids: list[str]) -> list[tuple[Any, ...]]:
    return stack.query(
        "SELECT notification_id, attempts, last_error FROM mail_outbox WHERE notification_id = ANY(%s)", ids
    )


def logged(stack: Stack, ids: list[str]) -> dict[str, tuple[str, str | None, int]]:
    rows = stack.query(
        "SELECT notification_id, outcome, error, attempts FROM mail_log WHERE notification_id = ANY(%s)", ids
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def emailed(stack: Stack, site_id: str, year: int) -> dict[str, str]:
    """The notifications of a cycle's package that go by e-mail at once: id -> Message-ID (waiting or done)."""
    rows = stack.query(
        "SELECT n.notification_id, coalesce(o.message_id, l.message_id) FROM notifications n "
        "LEFT JOIN mail_outbox o USING (notification_id) LEFT JOIN mail_log l USING (notification_id) "
        "WHERE n.link = %s AND n.email = 'immediate'",
        package_link(site_id, year),
    )
    return {row[0]: row[1] for row in rows if row[1] is not None}


def caught_ids(sink: MailSink) -> Counter[str]:
    return Counter(str(message["Message-ID"]) for message in list(sink.messages))


def signed_in(stack: Stack, login: str) -> httpx.Client:
    """A client with the session of ``login`` signed in through the form, as a browser would (cookies, CSRF)."""
    client = httpx.Client(base_url=stack.api_url, timeout=30)
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None, form.text[:500]
    answer = client.post("/login", data={"username": login, "password": "demo", "csrf_token": token.group(1)})
    assert answer.status_code in (200, 303), answer.text[:500]
    return client


def test_a_task_a_return_and_a_decision_reach_the_people_of_the_grants(
    api: Api, dev_stack: Stack, open_cycle: Callable[[str], int]
) -> None:
    year = open_cycle(SITE)
    link = package_link(SITE, year)
    director, responsible, curator = f"director.{SITE}", f"responsible.{SITE}", f"curator.{SITE}"

    # The package opens at once: its people are told of the task, by name, with the page to open.
    for login in (director, responsible):
        [task] = until(lambda lg=login: about(api, lg, link, "task"), lambda found: len(found) == 1)
        assert task["subject"].startswith("[innocycle] Новая задача: ")
        assert task["subject"].endswith(f"{SITE} на {year} год"), task["subject"]
        assert task["read"] is False
        assert task["on_behalf_of"] is None
    assert about(api, curator, link, "task") == []  # nothing for the curator to do yet

    items = api.upload_package(SITE, year, director)
    assert api.submit(SITE, year, director, items).status_code == 200
    [review] = until(lambda: about(api, curator, link, "task"), lambda found: len(found) == 1)
    assert review["title"].startswith("Принятие куратором"), review

    returned = api.decide(SITE, year, curator, "return", "Схема взаимодействия не подписана")
    assert returned.status_code == 200, returned.text
    for login in (director, responsible):
        [back] = about(api, login, link, "returned")
        assert back["subject"].startswith("[innocycle] Возвращено на доработку: ")
        assert back["comment"] == "Схема взаимодействия не подписана"
        assert "новый срок" in back["due"]
        # The return says what to do: no second notification of the task to revise.
        assert len(about(api, login, link, "task")) == 1

    assert api.submit(SITE, year, director, items).status_code == 200
    approved = api.decide(SITE, year, curator, "approve", "Принято")
    assert approved.status_code == 200, approved.text
    [decision] = until(lambda: about(api, director, link, "decision"), lambda found: len(found) == 1)
    assert decision["subject"].startswith("[innocycle] Решение: принято")
    dev_stack.wait_until_quiet()  # the approved roadmap's dated rows open their tasks, told too

    # Read one: the count falls by one; another's notification is as unknown as one that never was.
    before = mine(api, director)["unread"]
    marked = api.post(director, f"/api/notifications/{decision['notification_id']}/read")
    assert marked.status_code == 200, marked.text
    assert marked.json() == {"marked": 1, "unread": before - 1}
    again = api.post(director, f"/api/notifications/{decision['notification_id']}/read")
    assert again.json() == {"marked": 0, "unread": before - 1}  # read already: nothing recorded
    others = api.post(director, f"/api/notifications/{review['notification_id']}/read")
    nobodys = api.post(director, "/api/notifications/nope/read")
    assert (others.status_code, others.json()) == (nobodys.status_code, nobodys.json())
    assert others.status_code == 404
    assert about(api, curator, link, "task")[0]["read"] is False  # the curator's stays unread

    # Read all: nothing unread, and the facts are events a rebuild replays.
    everything = api.post(director, "/api/notifications/read")
    assert everything.json() == {"marked": before - 1, "unread": 0}
    assert mine(api, director, unread=True)["items"] == []
    reads = dev_stack.query("SELECT count(*) FROM events WHERE event_type = 'NotificationsRead'")[0][0]
    assert reads >= 2


def test_choices_of_delivery(api: Api, dev_stack: Stack, open_cycle: Callable[[str], int]) -> None:
    responsible = "responsible.1.1.4"
    shown = api.get(responsible, "/api/me/notification-preferences").json()
    assert shown["email"] == ADDRESS.format(login=responsible)
    assert (shown["reminders"], shown["tasks"]) == ("immediate", "immediate")

    bad = api.request("PUT", responsible, "/api/me/notification-preferences", json={**shown, "email": "не адрес"})
    assert bad.status_code == 422, bad.text
    assert bad.json()["errors"][0]["field"] == "email"
    digest = api.request("PUT", responsible, "/api/me/notification-preferences", json={**shown, "reminders": "digest"})
    assert digest.status_code == 200, digest.text  # the daily digest (tests/workflows/test_digest.py)
    assert digest.json()["reminders"] == "digest"

    off = api.request("PUT", responsible, "/api/me/notification-preferences", json={**shown, "tasks": "off"})
    assert off.status_code == 200, off.text
    try:
        year = open_cycle("1.1.4")
        link = package_link("1.1.4", year)
        [task] = until(lambda: about(api, responsible, link, "task"), lambda found: len(found) == 1)
        assert task["email"]["state"] == "off"  # still in the bell, no e-mail
        [director_task] = about(api, "director.1.1.4", link, "task")
        assert director_task["email"]["state"] in ("queued", "sent")
        assert dev_stack.query(
            "SELECT count(*) FROM mail_outbox WHERE notification_id = %s", task["notification_id"]
        ) == [(0,)]
    finally:
        assert api.request("PUT", responsible, "/api/me/notification-preferences", json=shown).status_code == 200


def test_the_smtp_server_down_then_back_every_message_once(
    api: Api, dev_stack: Stack, mailer: ManagedProcess, smtp_port: int, open_cycle: Callable[[str], int]
) -> None:
    sites = ("1.1.8", "1.1.10")
    years = {site: open_cycle(site) for site in sites}
    expected: dict[str, str] = {}
    for site, year in years.items():
        found = until(lambda s=site, y=year: emailed(dev_stack, s, y), lambda ids: len(ids) >= 2)
        expected.update(found)
    ids = list(expected)
    # Nobody listens: every message stays in the outbox, tried again and again with the error recorded.
    until(lambda: outbox(dev_stack, ids), lambda rows: len(rows) == len(ids) and all(r[1] >= 2 for r in rows))
    assert all(row[2] for row in outbox(dev_stack, ids))
    assert logged(dev_stack, ids) == {}
    assert mailer.alive

    sink = MailSink(smtp_port)
    sink.start()
    try:
        # The mailer works through the whole session's outbox of its stack first (under load, more than 30 s once).
        until(lambda: logged(dev_stack, ids), lambda done: len(done) == len(ids), seconds=90)
        assert outbox(dev_stack, ids) == []  # the outbox never holds a delivered message
        assert {outcome for outcome, _, _ in logged(dev_stack, ids).values()} == {"sent"}
        caught = caught_ids(sink)
        assert {expected[i]: caught[expected[i]] for i in ids} == {expected[i]: 1 for i in ids}  # none lost or doubled
        # What a message says: the sortable subject, the person, the link to the page, in plain text and HTML.
        site, year = sites[0], years[sites[0]]
        to_director = [
            m for m in sink.messages if m["Message-ID"] in expected.values() and f"director.{site}@" in str(m["To"])
        ]
        [message] = to_director
        assert str(message["Subject"]).startswith("[innocycle] Новая задача: ")
        assert isinstance(message, EmailMessage)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        assert text is not None and html is not None
        url = f"https://innocycle.example.ru{package_link(site, year)}"
        assert url in text.get_content()
        assert f'href="{url}"' in html.get_content()
        assert "Площадка: 1.1.8" in text.get_content()
    finally:
        sink.stop()


def test_a_4xx_is_tried_again_and_a_5xx_fails_for_good_on_the_administrators_page(
    api: Api, dev_stack: Stack, mailer: ManagedProcess, smtp_port: int, open_cycle: Callable[[str], int]
) -> None:
    site = "1.1.11"
    sink = MailSink(smtp_port)
    sink.handler.refuse.add(ADDRESS.format(login=f"director.{site}"))
    sink.handler.defer.add(ADDRESS.format(login=f"responsible.{site}"))
    sink.start()
    try:
        year = open_cycle(site)
        expected = until(lambda: emailed(dev_stack, site, year), lambda ids: len(ids) >= 2)
        by_login = {
            login: next(i for i in expected if i.endswith(api.user_id(login)))
            for login in (f"director.{site}", f"responsible.{site}")
        }
        refused = by_login[f"director.{site}"]
        deferred = by_login[f"responsible.{site}"]
        until(lambda: logged(dev_stack, [refused]), lambda done: refused in done)
        outcome, error, attempts = logged(dev_stack, [refused])[refused]
        assert (outcome, attempts) == ("failed", 1)
        assert error is not None and error.startswith("550")
        # 451: tried again, kept with its error, until the server takes it.
        until(lambda: outbox(dev_stack, [deferred]), lambda rows: bool(rows) and rows[0][1] >= 2)
        assert "451" in outbox(dev_stack, [deferred])[0][2]
        sink.handler.defer.clear()
        until(lambda: logged(dev_stack, [deferred]), lambda done: deferred in done)
        assert logged(dev_stack, [deferred])[deferred][0] == "sent"
        assert caught_ids(sink)[expected[deferred]] == 1
        assert caught_ids(sink)[expected[refused]] == 0

        overview = api.get("admin", "/api/admin/mail")
        assert overview.status_code == 200, overview.text
        failed = [m for m in overview.json()["failed"] if m["notification_id"] == refused]
        assert failed and failed[0]["error"].startswith("550")
        assert failed[0]["to"] == ADDRESS.format(login=f"director.{site}")
        page = signed_in(dev_stack, "admin").get("/admin/mail")
        assert page.status_code == 200, page.text
        assert "Не доставлено" in page.text
        assert ADDRESS.format(login=f"director.{site}") in page.text
        assert "550" in page.text
        # What each person was told, and what reached them, as the notification itself says.
        [told] = about(api, f"director.{site}", package_link(site, year), "task")
        assert told["email"]["state"] == "failed"
        assert api.get(f"director.{site}", "/api/admin/mail").status_code == 403
    finally:
        sink.stop()
