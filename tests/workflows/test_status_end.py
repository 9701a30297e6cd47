"""The end of a site's status period (D22) takes effect by itself on its day, in skipped time on the Temporal test
server through the real worker, API and PostgreSQL: a cycle that knows the end — from its input when it opened, or
told by the site's card when the administrator set, moved or removed it — closes itself at the end of that day in
the region, as a revocation closes it (what is open is cancelled, nothing escalates), and not a minute before; an
end removed before its day leaves the cycle running; an end moved later closes it on the new day."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from tests.support.client import Api, until
from tests.support.oracle import Clock
from tests.support.stack import Stack
from tests.workflows.test_package_timeline import record_histories, sleep_until

pytestmark = pytest.mark.slow

CLOCK = Clock("Europe/Moscow")  # Vologda: a methodological platform owes nothing dated before its first month ends


def _card(until_day: date | None) -> dict[str, Any]:
    return {
        "institution_id": "sheksna-kcson",
        "direction_title": "Проверочное направление со сроком статуса",
        "status": "methodological_platform",
        "status_since": "2020-01-01",
        "status_until": until_day.isoformat() if until_day else None,
    }


def _set_end(api: Api, site_id: str, until_day: date | None) -> None:
    changed = api.request("PUT", "admin", f"/api/admin/sites/{site_id}", json=_card(until_day))
    assert changed.status_code == 200, changed.text
    assert changed.json()["closing"] == []  # the end is ahead: nothing closes at once


def _pages(stack: Stack, *paths: str) -> list[str]:
    """The pages as the administrator's browser gets them."""
    with httpx.Client(base_url=stack.api_url, timeout=30) as browser:
        form = browser.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None, form.text[:500]
        signed = browser.post("/login", data={"username": "admin", "password": "demo", "csrf_token": token.group(1)})
        assert signed.status_code in (200, 303), signed.text[:500]
        pages = [browser.get(path) for path in paths]
    assert all(page.status_code == 200 for page in pages), [page.text[:500] for page in pages]
    return [page.text for page in pages]


def _status(api: Api, site_id: str, year: int) -> str:
    return str(api.get("admin", f"/api/sites/{site_id}/cycles/{year}").json()["status"])


def _ends_told(stack: Stack, site_id: str, year: int) -> list[str | None]:
    rows = stack.query(
        "SELECT data->>'ends_on' FROM events WHERE stream_id = %s AND event_type = 'CycleEndScheduled' "
        "ORDER BY stream_version",
        f"cycle:{site_id}:{year}",
    )
    return [row[0] for row in rows]


async def test_a_status_end_closes_the_cycle_on_its_day(
    skip_env: WorkflowEnvironment, skip_api: Api, skip_stack: Stack
) -> None:
    api = skip_api
    year = CLOCK.day_of(await skip_env.get_current_time()).year + 1
    first, third = date(year, 1, 1), date(year, 1, 3)
    # ends-input: the end known when the cycle opens; ends-removed and ends-moved: set on the card after it opened.
    for site_id, until_day in (("ends-input", first), ("ends-removed", None), ("ends-moved", None)):
        created = api.post("admin", "/api/admin/sites", json={"id": site_id, "region_id": "35", **_card(until_day)})
        assert created.status_code == 201, created.text
        assert api.open_cycle(site_id, year, login="admin").status_code == 201
    _set_end(api, "ends-removed", first)
    _set_end(api, "ends-moved", first)
    for site_id in ("ends-input", "ends-removed", "ends-moved"):
        until(lambda s=site_id: _ends_told(skip_stack, s, year), lambda told: told == [first.isoformat()])
    _set_end(api, "ends-removed", None)
    _set_end(api, "ends-moved", third)
    until(lambda: _ends_told(skip_stack, "ends-removed", year), lambda told: told == [first.isoformat(), None])
    until(lambda: _ends_told(skip_stack, "ends-moved", year), lambda told: told[-1:] == [third.isoformat()])

    cycle = api.get("admin", f"/api/sites/ends-moved/cycles/{year}").json()
    assert cycle["status"] == "active" and cycle["status_ends_on"] == third.isoformat()
    cycle_page, site_page, sites_page = _pages(
        skip_stack, f"/sites/ends-moved/cycles/{year}", "/sites/ends-moved", "/admin/sites?region=35"
    )
    assert f"Истекает {third:%d.%m.%Y}: в конце этого дня цикл будет закрыт" in cycle_page
    assert f"Срок действия статуса — по {third:%d.%m.%Y}: в конце этого дня открытые циклы" in site_page
    assert f"по {third:%d.%m.%Y}; в конце этого дня циклы площадки закрываются" in sites_page

    # -- the last minute of the day: still running.
    await sleep_until(skip_env, CLOCK.end_of(first) - timedelta(minutes=1))
    assert [_status(api, s, year) for s in ("ends-input", "ends-removed", "ends-moved")] == ["active"] * 3

    # -- the day is over: the cycle that ends that day closes, as a revocation closes it.
    await sleep_until(skip_env, CLOCK.end_of(first) + timedelta(minutes=1))
    until(lambda: _status(api, "ends-input", year), lambda s: s == "closed", 30)
    closed = api.get("admin", f"/api/sites/ends-input/cycles/{year}").json()
    assert closed["closed_reason"] == f"Срок действия статуса площадки истек {first:%d.%m.%Y}"
    assert closed["obligations"] and {o["status"] for o in closed["obligations"] if o["opened_at"]} == {"cancelled"}
    escalated = api.get("admin", "/api/escalations", params={"site_id": "ends-input", "year": year}).json()
    assert not [e for e in escalated if e["open"] or e["level"] != "reminder"], escalated
    assert [_status(api, s, year) for s in ("ends-removed", "ends-moved")] == ["active", "active"]

    # -- the moved end closes its cycle on the new day; the removed one never.
    await sleep_until(skip_env, CLOCK.end_of(third) - timedelta(minutes=1))
    assert _status(api, "ends-moved", year) == "active"
    await sleep_until(skip_env, CLOCK.end_of(third) + timedelta(minutes=1))
    until(lambda: _status(api, "ends-moved", year), lambda s: s == "closed", 30)
    assert _status(api, "ends-removed", year) == "active"

    # -- the timeline says what happened.
    timeline = api.get("admin", f"/api/sites/ends-moved/cycles/{year}/timeline", params={"limit": 1000}).json()
    texts = [entry["text"] for entry in timeline["entries"]]
    assert any(t.startswith(f"Срок действия статуса площадки истекает {first:%d.%m.%Y}: в конце") for t in texts)
    assert any(t.startswith(f"Срок действия статуса площадки истекает {third:%d.%m.%Y}: в конце") for t in texts)
    assert any(t.startswith(f"Годовой цикл {year} года закрыт досрочно. Срок действия") for t in texts)
    removed = api.get("admin", f"/api/sites/ends-removed/cycles/{year}/timeline", params={"limit": 1000}).json()
    assert "Срок действия статуса площадки больше не ограничен датой: цикл продолжается." in [
        entry["text"] for entry in removed["entries"]
    ]
    await record_histories(skip_env, [f"cycle:ends-input:{year}", f"cycle:ends-moved:{year}"])
