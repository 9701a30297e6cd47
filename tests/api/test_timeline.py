"""The history of a cycle through the REST API, against the real worker and Temporal: the timeline in words from
the event log, and the state of the cycle as of a past instant or date."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.support.client import Api, region_today, until

PACKAGE = "Пакет документов ресурсного центра, опорной площадки"


def short(full_name: str) -> str:
    last, first, middle = full_name.split()
    return f"{last} {first[0]}. {middle[0]}."


def who(api: Api, login: str, role_ru: str) -> str:
    return f"{short(api.get(login, '/api/me').json()['full_name'])} ({role_ru})"


def ru(iso_day: str) -> str:
    return date.fromisoformat(iso_day).strftime("%d.%m.%Y")


def due_words(due: dict[str, str]) -> str:
    if due["nominal"] == due["effective"]:
        return ru(due["effective"])
    return f"{ru(due['effective'])} (перенесен с нерабочего дня {ru(due['nominal'])})"


def timeline(api: Api, login: str, site: str, year: int, **params: Any) -> Any:
    return api.get(login, f"/api/sites/{site}/cycles/{year}/timeline", params=params)


def state(api: Api, login: str, site: str, year: int, at: str) -> Any:
    return api.get(login, f"/api/sites/{site}/cycles/{year}/state", params={"at": at})


def by_key(body: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(o["key"], o["instance"]): o for o in body["obligations"]}


def test_the_story_of_a_returned_and_approved_package(api: Api, open_cycle: Callable[[str], int]) -> None:
    site, director, curator = "1.1.8", "director.1.1.8", "curator.1.1.8"
    year = open_cycle(site)
    package_id = f"cycle:{site}:{year}:package:annual"
    due = api.obligation(site, year, director)["due"]
    first = api.upload_package(site, year, director)
    assert api.submit(site, year, director, first).status_code == 200
    comment = "Дорожная карта без сроков по разделу III"
    returned = api.decide(site, year, curator, "return", comment)
    assert returned.status_code == 200, returned.text
    new_due = returned.json()["due"]
    second = api.upload_package(site, year, director)
    assert api.submit(site, year, director, second).status_code == 200
    assert api.decide(site, year, curator, "approve", "Принято").json()["status"] == "approved"
    # The approved roadmap's dated rows open as obligations of their own (D42), each in its own stream a moment
    # later: the whole cycle is read once they have.
    dated = f"/api/sites/{site}/cycles/{year}/dated-rows"
    until(lambda: api.get(director, dated).json(), lambda rows: len(rows) == 4)

    # The package's story, in order, in words.
    response = timeline(api, director, site, year, obligation=package_id)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["timezone"] == "Asia/Yekaterinburg"
    entries = body["entries"]
    assert [e["event_type"] for e in entries] == [
        "ObligationPlanned",
        "ObligationOpened",
        "DocumentsSubmitted",
        "ReviewDeadlineSet",
        "SubmissionReturned",
        "DocumentsSubmitted",
        "ReviewDeadlineSet",
        "SubmissionApproved",
    ]
    assert {e["obligation_id"] for e in entries} == {package_id}
    # Each submission gives the curator its term of review (D30), in words.
    whole_story = entries
    terms = [e for e in entries if e["event_type"] == "ReviewDeadlineSet"]
    entries = [e for e in entries if e["event_type"] != "ReviewDeadlineSet"]
    for number, term in enumerate(terms, 1):
        assert term["text"].startswith(
            f"Срок рассмотрения «Принятие куратором направления РЦРСО»: {PACKAGE} (представление № {number}) — до "
        ), term["text"]
        assert term["text"].endswith("(5 рабочих дней); ожидается решение: куратор направления."), term["text"]
    assert {e["obligation_title"] for e in entries} == {PACKAGE}
    director_is = who(api, director, "директор площадки")
    curator_is = who(api, curator, "куратор направления")
    assert [e["text"] for e in entries[1:]] == [
        f"Открыта обязанность: {PACKAGE} со сроком {due_words(due)}.",
        f"{director_is} — представлены документы: {PACKAGE} (представление № 1).",
        f'{curator_is} — возвращено на доработку: {PACKAGE} (представление № 1) с комментарием: "{comment}"; '
        f"новый срок — {due_words(new_due)}.",
        f"{director_is} — представлены документы: {PACKAGE} (представление № 2).",
        f'{curator_is} — принято: {PACKAGE} (представление № 2). Обязанность выполнена. Комментарий: "Принято".',
    ]
    assert entries[0]["text"].startswith(f"Запланирована обязанность: {PACKAGE}; срок — {due_words(due)}")
    assert entries[2]["actor"]["full_name"] == api.get(director, "/api/me").json()["full_name"]
    assert entries[2]["actor"]["role_ru"] == "директор площадки"
    assert entries[3]["actor"]["role"] == "curator"
    assert entries[0]["actor"] is None
    # Business time in the region's local time (UTC+5), in order.
    assert all(e["at"].endswith("+05:00") for e in entries)
    instants = [datetime.fromisoformat(e["at"]) for e in entries]
    assert instants == sorted(instants)

    # The whole cycle: it starts with the cycle itself, then pages forward with `after`.
    whole = timeline(api, "rcrso", site, year, limit=1000).json()
    assert whole["next_after"] is None
    assert whole["entries"][0]["event_type"] == "CycleStarted"
    planned = sum(1 for e in whole["entries"] if e["event_type"] == "ObligationPlanned")
    assert whole["entries"][0]["text"] == f"Открыт годовой цикл {year} года: обязанностей в плане — {planned}."
    positions = [e["position"] for e in whole["entries"]]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    paged: list[int] = []
    after = 0
    while True:
        page = timeline(api, "rcrso", site, year, limit=7, after=after).json()
        paged += [e["position"] for e in page["entries"]]
        if page["next_after"] is None:
            break
        assert len(page["entries"]) == 7
        after = page["next_after"]
    assert paged == positions
    assert timeline(api, "rcrso", site, year, after=positions[-1]).json()["entries"] == []
    # Within the cycle, an obligation may be named by its key and instance.
    assert timeline(api, director, site, year, obligation="package/annual").json()["entries"] == whole_story

    # The state between the return and the resubmission: returned, one submission, the new deadline.
    at_return = entries[3]["at"]
    returned_at, resubmitted_at = (datetime.fromisoformat(e["at"]) for e in entries[3:5])
    then = state(api, director, site, year, (returned_at + (resubmitted_at - returned_at) / 2).isoformat())
    assert then.status_code == 200, then.text
    package_then = by_key(then.json())[("package", "annual")]
    assert then.json()["status"] == "active"
    assert (package_then["status"], package_then["status_ru"]) == ("returned", "возвращено на доработку")
    assert package_then["submissions"] == 1
    assert package_then["due"]["effective"] == new_due["effective"]
    assert package_then["due"]["original_effective"] == due["effective"]
    # Just before the return it was still under review.
    before = (datetime.fromisoformat(at_return) - timedelta(microseconds=1)).isoformat()
    assert by_key(state(api, director, site, year, before).json())[("package", "annual")]["status"] == "under_review"

    # As of now: approved after two submissions; the rest of the year is planned, as the projections say.
    now = state(api, director, site, year, datetime.now(UTC).isoformat()).json()
    package_now = by_key(now)[("package", "annual")]
    assert (package_now["status"], package_now["submissions"]) == ("approved", 2)
    assert package_now["open_escalations"] == []
    assert by_key(now)[("quarterly_report", "Q1")]["status"] == "planned"
    projected = {
        (o["key"], o["instance"]): o
        for o in api.get(director, f"/api/sites/{site}/cycles/{year}").json()["obligations"]
    }
    assert {k: (o["status"], o["submissions"]) for k, o in by_key(now).items()} == {
        k: (o["status"], o["submissions"]) for k, o in projected.items()
    }
    # A date means the end of that local day in the region: today's state includes everything so far.
    today = datetime.now(ZoneInfo("Asia/Yekaterinburg")).date()
    assert by_key(state(api, director, site, year, today.isoformat()).json())[("package", "annual")]["status"] == (
        "approved"
    )

    # Before the cycle opened: nothing to show.
    early = state(api, director, site, year, (today - timedelta(days=2)).isoformat())
    assert early.status_code == 404
    assert early.json()["detail"] == "Цикл ещё не был открыт на эту дату."


def test_another_sites_director_sees_nothing(api: Api, open_cycle: Callable[[str], int]) -> None:
    site = "1.1.2"
    year = open_cycle(site)
    assert timeline(api, "director.1.1.2", site, year).status_code == 200
    for response in (
        timeline(api, "director.1.1.9", site, year),
        state(api, "director.1.1.9", site, year, region_today().isoformat()),
        timeline(api, "director.1.1.9", "9.9.9", year),
    ):
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "site_not_found"
        assert response.json()["detail"] == "Площадка не найдена."


def test_bad_parameters(api: Api, open_cycle: Callable[[str], int]) -> None:
    site = "1.2.2"
    year = open_cycle(site)
    for at in ("вчера", "2027-13-01", "2027-03-01T12:00:00"):
        response = state(api, "director.1.2.2", site, year, at)
        assert response.status_code == 422, (at, response.text)
        assert response.json()["errors"][0]["field"] == "at"
    assert timeline(api, "director.1.2.2", site, year, limit=1001).status_code == 422
    assert timeline(api, "director.1.2.2", site, year, limit=0).status_code == 422
    unknown = timeline(api, "director.1.2.2", site, year, obligation="package:nonexistent")
    assert unknown.status_code == 404 and unknown.json()["code"] == "obligation_not_found"
    not_opened = timeline(api, "director.1.2.2", site, 2099)
    assert not_opened.status_code == 404 and not_opened.json()["code"] == "cycle_not_found"
    # An instant with its offset, the '+' encoded or (carelessly) not.
    now = datetime.now(UTC).astimezone().isoformat()
    assert state(api, "director.1.2.2", site, year, now).status_code == 200
    raw = api.http.get(
        f"/api/sites/{site}/cycles/{year}/state?at={datetime.now(UTC).isoformat()}", headers=api.headers("rcrso")
    )
    assert raw.status_code == 200, raw.text


def test_a_late_cycle_escalates_and_the_submission_resolves_it(api: Api) -> None:
    # 1.1.5 in 2022: the package was due long ago, so every step of its ladder is raised at once.
    site, year, director = "1.1.5", 2022, "director.1.1.5"
    opened = api.open_cycle(site, year)
    assert opened.status_code == 201, opened.text
    package = next(o for o in opened.json()["obligations"] if o["key"] == "package")
    due_on = ru(package["due"]["effective"])

    def package_entries() -> list[dict[str, Any]]:
        response = timeline(api, director, site, year, obligation=package["obligation_id"])
        assert response.status_code == 200, response.text
        return list(response.json()["entries"])

    for _ in range(150):
        entries = package_entries()
        if sum(1 for e in entries if e["event_type"] == "EscalationRaised") == 3:
            break
        time.sleep(0.1)
    raised = [e for e in entries if e["event_type"] == "EscalationRaised"]
    assert [e["text"] for e in raised] == [
        f"Срок нарушен: {PACKAGE} (срок {due_on}). Уведомлены: директор площадки, куратор направления.",
        f"Эскалация директору РЦРСО: {PACKAGE} (срок {due_on}). Уведомлены: директор РЦРСО, куратор направления.",
        f"Эскалация в Департамент: {PACKAGE} (срок {due_on}). Уведомлены: Департамент, директор РЦРСО.",
    ]
    assert all(e["actor"] is None for e in raised)

    # As of the last step, three escalations are open.
    escalated = state(api, "curator.1.1.5", site, year, raised[-1]["at"]).json()
    package_then = by_key(escalated)[("package", "annual")]
    assert package_then["status"] == "awaiting_submission"
    assert [e["level"] for e in package_then["open_escalations"]] == ["overdue", "level2", "level3"]
    assert [e["raised_at"] for e in package_then["open_escalations"]] == [e["at"] for e in raised]
    assert package_then["open_escalations"][0]["level_ru"] == "срок нарушен"

    # The late submission resolves every one of them.
    items = api.upload_package(site, year, director)
    assert api.submit(site, year, director, items).status_code == 200
    entries = package_entries()
    submitted = next(e for e in entries if e["event_type"] == "DocumentsSubmitted")
    assert submitted["text"] == (
        f"{who(api, director, 'директор площадки')} — представлены документы: {PACKAGE} (представление № 1). "
        f"Представлено с нарушением срока ({due_on})."
    )
    resolved = [e["text"] for e in entries if e["event_type"] == "EscalationResolved"]
    assert resolved == [
        f"Эскалация «{level}» снята: {PACKAGE} — документы представлены."
        for level in ("срок нарушен", "эскалация директору РЦРСО", "эскалация в Департамент")
    ]
    now = by_key(state(api, "curator.1.1.5", site, year, datetime.now(UTC).isoformat()).json())
    assert (now[("package", "annual")]["status"], now[("package", "annual")]["open_escalations"]) == (
        "under_review",
        [],
    )
    # The business time of the whole story is when it was recorded, not 2022: in 2022 the cycle did not exist yet.
    assert state(api, "curator.1.1.5", site, year, "2022-03-01").status_code == 404
