"""Two curators deciding the same submission at the same moment: exactly one decision is recorded, the other
curator is told it was already decided (409), and nothing is half-done."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import httpx

from tests.support.client import Api


def _both_at_once(api: Api, calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    start = threading.Barrier(len(calls))
    results: list[httpx.Response | None] = [None] * len(calls)

    def run(index: int) -> None:
        start.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(r is not None for r in results)
    return [r for r in results if r is not None]


def test_two_curators_decide_the_same_submission_at_once(api: Api, open_cycle: Callable[[str], int]) -> None:
    body = {"login": "curator2.1.1.13", "full_name": "Фомина Лариса Олеговна", "password": "second-curator"}
    created = api.post("admin", "/api/admin/users", json=body)
    assert created.status_code == 201, created.text
    grant = {"role": "curator", "scope_kind": "direction", "scope_id": "1.1.13"}
    assert api.post("admin", f"/api/admin/users/{created.json()['user_id']}/grants", json=grant).status_code == 201
    second = Api(str(api.http.base_url))
    second.token("curator2.1.1.13", "second-curator")
    try:
        year = open_cycle("1.1.13")
        items = api.upload_package("1.1.13", year, "responsible.1.1.13")
        api.token("curator.1.1.13")
        for round_no, last in enumerate([False, False, False, True], start=1):
            assert api.submit("1.1.13", year, "responsible.1.1.13", items).status_code == 200
            action = "approve" if last else "return"
            responses = _both_at_once(
                api,
                [
                    partial(api.decide, "1.1.13", year, "curator.1.1.13", action, "Первый куратор"),
                    partial(second.decide, "1.1.13", year, "curator2.1.1.13", action, "Второй куратор"),
                ],
            )
            codes = sorted(r.status_code for r in responses)
            assert codes == [200, 409], [r.text for r in responses]
            loser = next(r for r in responses if r.status_code == 409).json()
            # Too late for the review; after the approval, too late for the obligation, which is fulfilled.
            assert loser["code"] in ({"nothing_to_review", "obligation_closed"} if last else {"nothing_to_review"})
            winner = next(r for r in responses if r.status_code == 200).json()
            decisions = api.obligation("1.1.13", year, "director.1.1.13")["decisions"]
            assert len(decisions) == round_no
            assert decisions[-1]["comment"] == winner["decisions"][-1]["comment"]
        assert api.obligation("1.1.13", year, "director.1.1.13")["status"] == "approved"
    finally:
        second.close()
