"""The daily digest through the API's internal endpoint (issue 15 §3), as the region's digest workflow asks for it,
at an instant the test chooses (the workflow's own clock is in tests/workflows/test_digest.py): a director's open
tasks, each overdue, due this week or waiting, in one digest with its e-mail and its page; a second run of the day
sends nothing more; a holiday or a weekend sends nothing; a person with nothing to be told gets no digest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import httpx

from api.notifications.mail import Letter, compose
from tests.support.client import Api, until
from tests.support.oracle import Clock, ReferenceCalendar
from tests.support.stack import Stack

SITE = "1.1.14"
DIRECTOR = f"director.{SITE}"
CLOCK = Clock("Asia/Yekaterinburg")


def package_link(year: int) -> str:
    return f"/sites/{SITE}/cycles/{year}/obligations/package/annual"


def run_digests(stack: Stack, at: datetime, region: str = "86") -> dict[str, Any]:
    """What the region's digest workflow does at ``at``: ask the API for the digests of that day."""
    response = httpx.post(
        f"{stack.api_url}/internal/regions/{region}/digests",
        json={"at": at.isoformat()},
        headers={"Authorization": f"Bearer {stack.env['INNOCYCLE_SERVICE_TOKEN']}"},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def open_tasks(api: Api, year: int) -> list[dict[str, Any]]:
    found = api.get(DIRECTOR, "/api/tasks", params={"site_id": SITE, "year": year})
    assert found.status_code == 200, found.text
    items: list[dict[str, Any]] = found.json()["items"]
    return items


def links(digest: dict[str, Any], section: str) -> list[str]:
    return [item["link"] for part in digest["parts"] if part["section"] == section for item in part["items"]]


def test_a_directors_digest_holds_what_is_overdue_due_this_week_and_waiting_once_a_day(
    api: Api, dev_stack: Stack, open_cycle: Callable[[str], int]
) -> None:
    first = open_cycle(SITE)  # each package due 20 December of the year before its cycle, far ahead
    years = [first, open_cycle(SITE), open_cycle(SITE)]
    assert years == [first, first + 1, first + 2]
    for year in years:  # each package opens, with its task, as its cycle's workflow records it
        until(lambda y=year: open_tasks(api, y), lambda items: len(items) >= 1, seconds=30)
    calendar = ReferenceCalendar(range(first - 1, first + 3))
    due = calendar.roll(date(first, 12, 20))  # the middle cycle's package
    day = due - timedelta(days=due.weekday())  # the Monday of its week, or the first working day after it
    while not calendar.working(day):
        day += timedelta(days=1)
    at = CLOCK.at(day, 9)

    run = run_digests(dev_stack, at)
    assert (run["day"], run["working_day"]) == (day.isoformat(), True)
    assert run["sent"] >= 1

    digest = api.get(DIRECTOR, f"/api/notifications/digests/{day.isoformat()}")
    assert digest.status_code == 200, digest.text
    body = digest.json()
    assert package_link(years[0]) in links(body, "overdue")
    assert package_link(years[1]) in links(body, "due_this_week")
    assert package_link(years[2]) in links(body, "waiting")
    assert body["subject"].startswith(f"[innocycle] Сводка на {day:%d.%m.%Y}: просрочено — ")
    assert not body["read"]

    # In the bell like any notification, with its link to the page of the digest.
    listed = api.get(DIRECTOR, "/api/notifications").json()["items"]
    [shown] = [n for n in listed if n["notification_id"] == body["notification_id"]]
    assert (shown["kind"], shown["kind_ru"], shown["link"]) == ("digest", "Сводка", f"/notifications/digests/{day}")

    # Asked again — an activity retried, a worker restarted: nothing more.
    again = run_digests(dev_stack, at + timedelta(minutes=3))
    assert again["sent"] == 0 and again["already"] >= run["sent"]
    user_id = api.user_id(DIRECTOR)
    assert dev_stack.query("SELECT count(*) FROM digests WHERE user_id = %s AND day = %s", user_id, day) == [(1,)]
    assert dev_stack.query(
        "SELECT count(*) FROM events WHERE stream_id = %s", f"digest:{user_id}:{day.isoformat()}"
    ) == [(1,)]

    # One e-mail, to the director's address, with every item's link in the web interface.
    [mail] = dev_stack.query(
        "SELECT o.message_id, o.to_address, n.subject, n.details, n.link FROM mail_outbox o "
        "JOIN notifications n USING (notification_id) WHERE n.notification_id = %s "
        "UNION ALL SELECT l.message_id, l.to_address, n.subject, n.details, n.link FROM mail_log l "
        "JOIN notifications n USING (notification_id) WHERE n.notification_id = %s",
        body["notification_id"],
        body["notification_id"],
    )
    assert mail[1] == f"{DIRECTOR}@innocycle.test"
    letter = Letter(
        notification_id=body["notification_id"],
        message_id=mail[0],
        to_address=mail[1],
        full_name="Директор",
        subject=mail[2],
        details=mail[3],
        link=mail[4],
        site_id="",
        institution="",
        on_behalf_name=None,
        acting=False,
    )
    message = compose(letter, "innocycle <innocycle@localhost>", "https://innocycle.example")
    text = message_part(message, "plain")
    html = message_part(message, "html")
    for year in years:
        assert f"https://innocycle.example{package_link(year)}" in text
        assert f'href="https://innocycle.example{package_link(year)}"' in html
    for words in ("Просрочено", "Срок на этой неделе", "Ждут вас"):
        assert words in text and words in html
    assert f"https://innocycle.example/notifications/digests/{day.isoformat()}" in text


def message_part(message: EmailMessage, kind: str) -> str:
    body = message.get_body(preferencelist=(kind,))
    assert body is not None
    return str(body.get_content())


def test_no_digest_on_a_day_off_and_none_for_who_has_nothing_to_be_told(api: Api, dev_stack: Stack) -> None:
    # 4 November, День народного единства; a Saturday; a Sunday: nothing, whoever has tasks.
    for day in (date(2061, 11, 4), date(2061, 11, 5), date(2061, 11, 6)):
        run = run_digests(dev_stack, CLOCK.at(day, 9))
        assert (run["working_day"], run["sent"], run["already"]) == (False, 0, 0), day
        assert dev_stack.query("SELECT count(*) FROM digests WHERE day = %s", day) == [(0,)]

    # A new expert of the region: nothing waits for them, no digest.
    body = {
        "login": "digest.nothing",
        "full_name": "Пустова Нина Олеговна",
        "position": "эксперт",
        "password": "x" * 12,
    }
    created = api.post("admin", "/api/admin/users", json=body)
    assert created.status_code == 201, created.text
    user_id = created.json()["user_id"]
    granted = api.post(
        "admin", f"/api/admin/users/{user_id}/grants", json={"role": "expert", "scope_kind": "region", "scope_id": "86"}
    )
    assert granted.status_code == 201, granted.text
    day = date(2061, 11, 8)  # a Tuesday
    run = run_digests(dev_stack, CLOCK.at(day, 9))
    assert run["working_day"] and run["nothing"] >= 1
    assert dev_stack.query("SELECT count(*) FROM digests WHERE user_id = %s", user_id) == [(0,)]
    assert api.get(DIRECTOR, f"/api/notifications/digests/{date(2061, 11, 4)}").status_code == 404


def test_a_region_without_people_sends_nothing_and_one_unknown_without_its_zone_is_not_found(
    dev_stack: Stack,
) -> None:
    def ask(body: dict[str, str]) -> httpx.Response:
        return httpx.post(
            f"{dev_stack.api_url}/internal/regions/99/digests",
            json=body,
            headers={"Authorization": f"Bearer {dev_stack.env['INNOCYCLE_SERVICE_TOKEN']}"},
            timeout=60,
        )

    # A region of a regulation that nobody works in yet: its workflow gives its zone, and nothing is sent.
    quiet = ask({"at": "2061-11-08T06:00:00Z", "timezone": "Europe/Moscow"})
    assert quiet.status_code == 200, quiet.text
    run = quiet.json()
    assert (run["region_id"], run["day"], run["working_day"], run["sent"], run["already"]) == (
        "99",
        "2061-11-08",
        True,
        0,
        0,
    )  # the administrator, whose grant is over everything, has nothing to be told here
    unknown = ask({"at": "2061-11-08T04:00:00Z"})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "region_not_found")
