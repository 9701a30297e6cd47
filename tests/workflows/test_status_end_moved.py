"""A status end moved later, or removed, extends the plan it had cut (D22), in skipped time on the Temporal test
server through the real worker, API and PostgreSQL: a site whose status ends in the middle of a year opens a cycle
with nothing of the months after that end; the administrator moves the end later (or removes it) on the site's card,
which the card no longer refuses; the running cycle plans the months and quarters the new end covers, opens each at
its instant like any other, and one that is not done escalates when its day is over."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.support.client import Api, until
from tests.support.oracle import Clock
from tests.support.stack import Stack
from tests.workflows.test_package_timeline import record_histories, sleep_until
from tests.workflows.test_status_end import _pages

pytestmark = pytest.mark.slow

CLOCK = Clock("Europe/Moscow")  # Vologda
MONTHLY = "working_meetings"  # a Vologda platform's meeting of every month, escalated when its month ends without one
QUARTERLY = "quarterly_monitoring"


def _month_after(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _last_day(first: date) -> date:
    return _month_after(first) - timedelta(days=1)


def _card(since: date, until_day: date | None) -> dict[str, Any]:
    return {
        "institution_id": "sheksna-kcson",
        "direction_title": "Проверочное направление, срок статуса продлен",
        "status": "methodological_platform",
        "status_since": since.isoformat(),
        "status_until": until_day.isoformat() if until_day else None,
    }


def _cycle(api: Api, site_id: str, year: int) -> dict[str, Any]:
    response = api.get("admin", f"/api/sites/{site_id}/cycles/{year}")
    assert response.status_code == 200, response.text
    cycle: dict[str, Any] = response.json()
    return cycle


def _instances(api: Api, site_id: str, year: int, key: str) -> list[str]:
    return sorted(o["instance"] for o in _cycle(api, site_id, year)["obligations"] if o["key"] == key)


def _obligation(api: Api, site_id: str, year: int, key: str, instance: str) -> dict[str, Any]:
    obligations: list[dict[str, Any]] = _cycle(api, site_id, year)["obligations"]
    found = [o for o in obligations if (o["key"], o["instance"]) == (key, instance)]
    assert len(found) == 1, found
    return found[0]


def _months(first: date, last: date) -> list[str]:
    return [f"M{month:02d}" for month in range(first.month, last.month + 1)]


def _quarters(year: int, since: date, until_day: date) -> list[str]:
    """The quarters a status from ``since`` to ``until_day`` owes a report on: begun by its end, due (the 15th of
    the month after the quarter) on or after its start."""
    owed = []
    for quarter in range(1, 5):
        begins = date(year, 3 * quarter - 2, 1)
        due = date(year + quarter // 4, (3 * quarter) % 12 + 1, 15)
        if begins <= until_day and due >= since:
            owed.append(f"Q{quarter}")
    return owed


def _timeline(api: Api, site_id: str, year: int) -> list[str]:
    response = api.get("admin", f"/api/sites/{site_id}/cycles/{year}/timeline", params={"limit": 1000})
    assert response.status_code == 200, response.text
    return [entry["text"] for entry in response.json()["entries"]]


def _page(stack: Stack, path: str) -> str:
    """The page as the administrator's browser gets it."""
    [page] = _pages(stack, path)
    return page


def _move_end(api: Api, site_id: str, since: date, until_day: date | None) -> None:
    changed = api.request("PUT", "admin", f"/api/admin/sites/{site_id}", json=_card(since, until_day))
    assert changed.status_code == 200, changed.text  # no longer refused: the running cycle extends its plan
    assert changed.json()["closing"] == []


async def test_a_status_end_moved_later_or_removed_extends_the_cut_plan(
    skip_env: WorkflowEnvironment, skip_api: Api, skip_stack: Stack
) -> None:
    api = skip_api
    # The status begins on the first day of next month (nothing owed before it, D28) and ends with that month; moved,
    # it ends two months later. Dates come from the test server's clock, which the tests run before have moved on.
    first = _month_after(CLOCK.day_of(await skip_env.get_current_time()))
    if first.month > 9:  # the moved end stays inside the year
        first = date(first.year + 1, 1, 1)
    year = first.year
    cut = _last_day(first)
    second = _month_after(first)
    third = _month_after(second)
    moved = _last_day(third)
    for site_id in ("ends-later", "ends-lifted"):
        created = api.post("admin", "/api/admin/sites", json={"id": site_id, "region_id": "35", **_card(first, cut)})
        assert created.status_code == 201, created.text
        assert api.open_cycle(site_id, year, login="admin").status_code == 201
        # The plan is cut at the end: the month and quarter it began in, nothing after.
        assert _instances(api, site_id, year, MONTHLY) == _months(first, first)
        assert _instances(api, site_id, year, QUARTERLY) == _quarters(year, first, cut)
    planned_before = len(_cycle(api, "ends-later", year)["obligations"])
    assert f"Всего {planned_before}," in _page(skip_stack, f"/sites/ends-later/cycles/{year}")
    third_href = f"/cycles/{year}/obligations/{MONTHLY}/M{third.month:02d}"
    assert third_href not in _page(skip_stack, "/sites/ends-later")

    # -- the administrator moves one end two months later, and removes the other.
    _move_end(api, "ends-later", first, moved)
    _move_end(api, "ends-lifted", first, None)
    # (Recorded in appends of a few events each: read until the last has landed.)
    until(lambda: _instances(api, "ends-later", year, QUARTERLY), lambda got: got == _quarters(year, first, moved), 30)
    assert _instances(api, "ends-later", year, MONTHLY) == _months(first, third)
    whole = _quarters(year, first, date(year, 12, 31))
    until(lambda: _instances(api, "ends-lifted", year, QUARTERLY), lambda got: got == whole, 30)
    assert _instances(api, "ends-lifted", year, MONTHLY) == _months(first, date(year, 12, 1))
    # The report by criteria of the year, due in January, is owed again and opens when the status begins (D28) — at
    # once for a status from 1 January —, as in a cycle that planned its whole year.
    report = _obligation(api, "ends-lifted", year, "annual_report", "annual")
    assert report["due"]["nominal"] == date(year + 1, 1, 15).isoformat()
    if first == date(year, 1, 1):
        until(lambda: _obligation(api, "ends-lifted", year, "annual_report", "annual"), lambda o: o["opened_at"], 30)
    else:
        assert datetime.fromisoformat(report["opens_at"]) == CLOCK.at(first)
    assert _cycle(api, "ends-later", year)["status_ends_on"] == moved.isoformat()

    # -- the cycle's page counts them and its timeline says the plan was extended, from which day, and lists what was
    # added; the site's page lists them with their dates.
    planned_after = len(_cycle(api, "ends-later", year)["obligations"])
    added = planned_after - planned_before
    assert added >= 2 * len(_months(second, third))  # the months' meetings and press releases, and more
    extended = (
        f"Срок действия статуса площадки теперь — по {moved:%d.%m.%Y}: план цикла, сокращенный по {cut:%d.%m.%Y}, "
        f"дополнен обязанностями после этой даты — {added}, они перечислены ниже."
    )
    assert extended in _timeline(api, "ends-later", year)
    cycle_page = _page(skip_stack, f"/sites/ends-later/cycles/{year}")
    assert f"Всего {planned_after}," in cycle_page and extended in cycle_page
    assert f"Запланировано обязанностей: {added}." in cycle_page
    assert third_href in _page(skip_stack, "/sites/ends-later")
    lifted = f"Срок действия статуса площадки больше не ограничен датой: план цикла, сокращенный по {cut:%d.%m.%Y}"
    assert any(text.startswith(lifted) for text in _timeline(api, "ends-lifted", year))

    # -- a month the old end dropped opens at its instant, not before; the cycle did not close at the old end.
    added_month = _obligation(api, "ends-later", year, MONTHLY, f"M{second.month:02d}")
    assert added_month["status"] == "planned" and added_month["opens_at"] is not None
    await sleep_until(skip_env, CLOCK.at(second) - timedelta(minutes=1))
    assert _obligation(api, "ends-later", year, MONTHLY, f"M{second.month:02d}")["status"] == "planned"
    await sleep_until(skip_env, CLOCK.at(second) + timedelta(minutes=1))
    opened = until(
        lambda: _obligation(api, "ends-later", year, MONTHLY, f"M{second.month:02d}"),
        lambda o: o["status"] == "awaiting_submission",
        30,
    )
    assert _cycle(api, "ends-later", year)["status"] == "active"
    assert opened["due"]["nominal"] == _last_day(second).isoformat()

    # -- nobody records the month's meeting: when its day is over it is overdue, as any month is.
    due_ends = CLOCK.end_of(date.fromisoformat(opened["due"]["effective"]))
    await sleep_until(skip_env, due_ends + timedelta(minutes=1))
    month_id = f"cycle:ends-later:{year}:{MONTHLY}:M{second.month:02d}"

    def overdue() -> list[dict[str, Any]]:
        rows = api.get("admin", "/api/escalations", params={"site_id": "ends-later", "year": year}).json()
        return [row for row in rows if row["obligation_id"] == month_id and row["level"] == "overdue"]

    until(overdue, lambda rows: len(rows) == 1 and rows[0]["open"], 30)
    assert _obligation(api, "ends-later", year, MONTHLY, f"M{second.month:02d}")["status"] == "awaiting_submission"

    # -- the new end closes the cycle on its day; the one whose end was removed runs on.
    await sleep_until(skip_env, CLOCK.end_of(moved) + timedelta(minutes=1))
    until(lambda: _cycle(api, "ends-later", year)["status"], lambda status: status == "closed", 30)
    assert _cycle(api, "ends-later", year)["closed_reason"] == f"Срок действия статуса площадки истек {moved:%d.%m.%Y}"
    assert _cycle(api, "ends-lifted", year)["status"] == "active"
    await record_histories(skip_env, [f"cycle:ends-later:{year}", f"cycle:ends-lifted:{year}"])
