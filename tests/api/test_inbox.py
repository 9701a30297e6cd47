"""The inbox through the real API: what each person is asked to do, by when, and taking, giving back and handing
over tasks; a task completes when its obligation is acted on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.client import Api


def _tasks(api: Api, login: str, **params: Any) -> list[dict[str, Any]]:
    response = api.get(login, "/api/tasks", params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _package_task(api: Api, login: str, site_id: str, year: int, **params: Any) -> dict[str, Any]:
    found = [t for t in _tasks(api, login, site_id=site_id, year=year, **params) if t["obligation"]["key"] == "package"]
    assert len(found) == 1, found
    return found[0]


def test_the_package_task_asks_the_site_and_moves_to_the_curator(api: Api, open_cycle: Callable[[str], int]) -> None:
    year = open_cycle("1.1.6")
    task = _package_task(api, "responsible.1.1.6", "1.1.6", year)
    assert task["kind"] == "submit"
    assert task["title"].startswith("Представить: ")
    assert {r["role"] for r in task["candidate_roles"]} >= {"site_director", "site_responsible"}
    assert task["assignee"] is None
    assert task["state"] == "open"
    assert task["due"]["nominal"] == f"{year - 1}-12-20"
    assert task["due"]["effective"] is not None
    assert task["follow_up"] < task["due"]["effective"]
    assert task["overdue"] is False
    assert api.get("responsible.1.1.6", task["obligation"]["url"]).status_code == 200
    assert api.get("responsible.1.1.6", task["obligation"]["rule_url"]).status_code == 200
    assert _package_task(api, "director.1.1.6", "1.1.6", year)["task_id"] == task["task_id"]
    # The curator is not asked to submit, and a stranger sees nothing of the site.
    assert not [t for t in _tasks(api, "curator.1.1.6", site_id="1.1.6", year=year) if t["kind"] == "submit"]
    assert _tasks(api, "director.1.1.7", site_id="1.1.6", year=year) == []

    items = api.upload_package("1.1.6", year, "responsible.1.1.6")
    assert api.submit("1.1.6", year, "responsible.1.1.6", items).status_code == 200
    assert not [
        t for t in _tasks(api, "responsible.1.1.6", site_id="1.1.6", year=year) if t["task_id"] == task["task_id"]
    ]
    done = _package_task(api, "responsible.1.1.6", "1.1.6", year, state="completed")
    assert (done["task_id"], done["state"]) == (task["task_id"], "completed")
    assert done["completed_at"] is not None
    review = _package_task(api, "curator.1.1.6", "1.1.6", year)
    assert review["kind"] == "review"
    assert [r["role"] for r in review["candidate_roles"]] == ["curator"]

    assert api.decide("1.1.6", year, "curator.1.1.6", "return", "Нет подписи на положении").status_code == 200
    assert _package_task(api, "curator.1.1.6", "1.1.6", year, state="completed")["kind"] == "review"
    revise = _package_task(api, "responsible.1.1.6", "1.1.6", year)
    assert revise["kind"] == "revise"
    assert revise["title"].startswith("Доработать и представить: ")


def test_claim_release_and_assign_within_scope(api: Api, open_cycle: Callable[[str], int]) -> None:
    year = open_cycle("1.1.9")
    task = _package_task(api, "responsible.1.1.9", "1.1.9", year)
    path = f"/api/tasks/{task['task_id']}"

    claimed = api.post("responsible.1.1.9", path + "/claim")
    assert claimed.status_code == 200, claimed.text
    responsible = api.user_id("responsible.1.1.9")
    assert claimed.json()["assignee"]["user_id"] == responsible
    mine = _tasks(api, "responsible.1.1.9", site_id="1.1.9", year=year, assigned="me")
    assert [t["task_id"] for t in mine] == [task["task_id"]]
    # The director still sees the task, now with its assignee, and cannot take it from under them.
    assert _package_task(api, "director.1.1.9", "1.1.9", year)["assignee"]["user_id"] == responsible
    taken = api.post("director.1.1.9", path + "/claim")
    assert (taken.status_code, taken.json()["code"]) == (409, "taken")
    assert _tasks(api, "director.1.1.9", site_id="1.1.9", year=year, assigned="unassigned") == [
        t for t in _tasks(api, "director.1.1.9", site_id="1.1.9", year=year) if t["assignee"] is None
    ]

    assert api.post("director.1.1.9", path + "/release").json()["assignee"] is None
    # Whom the director may hand it to: the site's responsible person, not themself, nobody of another site.
    colleagues = api.get("director.1.1.9", path + "/colleagues")
    assert colleagues.status_code == 200, colleagues.text
    assert [(c["login"], c["role"]) for c in colleagues.json()] == [("responsible.1.1.9", "site_responsible")]
    assert api.get("director.1.1.7", path + "/colleagues").status_code == 404
    handed = api.post("director.1.1.9", path + "/assign", json={"assignee_login": "responsible.1.1.9"})
    assert handed.status_code == 200, handed.text
    assert handed.json()["assignee"]["user_id"] == responsible

    # Out of scope: a colleague of another site is told the task does not exist, in the same words as a made-up id.
    unknown = api.post("director.1.1.7", "/api/tasks/cycle:1.1.9:1900:package:annual:submit:1/claim")
    for login in ("director.1.1.7", "curator.1.1.7"):
        for action in ("claim", "release"):
            response = api.post(login, f"{path}/{action}")
            assert response.status_code == 404
            assert response.json() == unknown.json()
    # Handing to someone who is no candidate, or to nobody, is refused and changes nothing.
    to_curator = api.post("director.1.1.9", path + "/assign", json={"assignee_login": "curator.1.1.9"})
    assert to_curator.status_code == 409
    assert to_curator.json()["errors"][0]["field"] == "assignee_login"
    nobody = api.post("director.1.1.9", path + "/assign", json={"assignee_login": "no.such.person"})
    assert (nobody.status_code, nobody.json()["errors"][0]["field"]) == (422, "assignee_login")
    assert _package_task(api, "director.1.1.9", "1.1.9", year)["assignee"]["user_id"] == responsible

    # Acting on the obligation completes the task whoever held it.
    items = api.upload_package("1.1.9", year, "director.1.1.9")
    assert api.submit("1.1.9", year, "director.1.1.9", items).status_code == 200
    assert _package_task(api, "responsible.1.1.9", "1.1.9", year, state="completed")["task_id"] == task["task_id"]
    closed = api.post("responsible.1.1.9", path + "/release")
    assert (closed.status_code, closed.json()["code"]) == (409, "task_closed")
    assert api.get("director.1.1.9", path + "/colleagues").status_code == 409


def test_filters_sorting_and_pages(api: Api) -> None:
    # A late cycle: every obligation of 2024 is open at once, most of them overdue.
    year = 2024
    assert api.open_cycle("1.1.10", year).status_code == 201
    every = _tasks(api, "director.1.1.10", site_id="1.1.10", year=year, per_page=200)
    assert len(every) > 5
    dues = [t["due"]["effective"] for t in every if t["due"]]
    assert dues == sorted(dues)
    latest_first = _tasks(api, "director.1.1.10", site_id="1.1.10", year=year, per_page=200, sort="-due")
    assert [t["due"]["effective"] for t in latest_first if t["due"]] == sorted(dues, reverse=True)

    params = {"site_id": "1.1.10", "year": year, "per_page": 2, "page": 2}
    body = api.get("director.1.1.10", "/api/tasks", params=params).json()
    assert (body["total"], body["page"], body["per_page"]) == (len(every), 2, 2)
    assert [t["task_id"] for t in body["items"]] == [t["task_id"] for t in every[2:4]]
    beyond = api.get("director.1.1.10", "/api/tasks", params={**params, "page": 1000}).json()
    assert (beyond["items"], beyond["total"]) == ([], len(every))
    asked_to_submit = _tasks(api, "director.1.1.10", site_id="1.1.10", year=year, task_kind="submit", per_page=200)
    assert asked_to_submit and {t["kind"] for t in asked_to_submit} == {"submit"}
    assert _tasks(api, "director.1.1.10", site_id="1.1.10", year=year, assigned="me") == []
    assert len(_tasks(api, "director.1.1.10", site_id="1.1.10", year=year, assigned="unassigned", per_page=200)) == len(
        every
    )

    approvals = _tasks(api, "director.1.1.10", site_id="1.1.10", year=year, kind="approval")
    assert approvals and all(t["obligation"]["kind"] == "approval" for t in approvals)
    assert len(approvals) < len(every)
    early = _tasks(api, "director.1.1.10", site_id="1.1.10", year=year, due_before=f"{year}-01-01")
    assert [t["obligation"]["key"] for t in early] == ["package"]
    late = _tasks(api, "director.1.1.10", site_id="1.1.10", year=year, overdue=True)
    assert late and all(t["overdue"] and t["priority"] == "high" for t in late)
    in_time = _tasks(api, "director.1.1.10", site_id="1.1.10", year=year, overdue=False, per_page=200)
    assert len(late) + len(in_time) == len(every)
    # Every page, and a page past the last, says how many of those found are overdue.
    assert body["overdue"] == beyond["overdue"] == sum(t["overdue"] for t in every) == len(late)
    assert _tasks(api, "director.1.1.10", site_id="1.1.10", year=year, role="curator") == []

    bad = api.get("director.1.1.10", "/api/tasks", params={"kind": "holiday", "per_page": 0})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"kind", "per_page"}
