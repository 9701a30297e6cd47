"""The QMS acceptance story of issue 16 (seed 004), through the REST API against the real worker, in skipped time on
the Temporal test server: a unit with two employees; the head drafts version 3.0 of its положение and it goes through
the seed's chain — «Разработано», three concurrences, a return for revision by the legal counsel, the chain again,
«УТВЕРЖДАЮ» with the approval number and date — each step a task in the signatory's inbox; it comes into force on its
date and every employee is asked to acknowledge it; one does at once, the other is late, reminded and escalated to the
unit's head and then the deputy director; a newcomer gets the task on arrival; a change is logged within the version;
version 4.0 then supersedes 3.0 on its date, with an empty change log and a new campaign.

Played once by ``tests/workflows/test_qms.py`` and N times, one unit after another, by ``bench/qms_year.py``. Every
instant is reckoned from the server's current time, so a second play follows the first."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from temporalio.testing import WorkflowEnvironment

from tests.support.client import Api, until

ZONE = ZoneInfo("Asia/Yekaterinburg")
HEAD, DEPUTY, HR, LEGAL, DIRECTOR = "qms.head", "qms.deputy", "qms.hr", "qms.legal", "qms.director"
E1, E2, E3 = "qms.employee.1", "qms.employee.2", "qms.employee.3"
SIGNERS = (HEAD, DEPUTY, HR, LEGAL)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def sleep_until(env: WorkflowEnvironment, instant: datetime) -> None:
    now = await env.get_current_time()
    if instant > now:
        await env.sleep(instant - now)


def tasks_of(api: Any, login: str, document_id: str) -> list[dict[str, Any]]:
    items = ok(api.get(login, "/api/tasks", params={"per_page": 100}))["items"]
    return [t for t in items if t["obligation"]["key"] == "qms" and t["obligation"]["instance"] == document_id]


def notices(api: Any, login: str, document_id: str) -> list[str]:
    items = ok(api.get(login, "/api/notifications", params={"per_page": 100}))["items"]
    return [n["subject"] for n in items if n["link"].endswith(f"/qms/documents/{document_id}")]


def version(document: dict[str, Any], number: str) -> dict[str, Any]:
    return next(v for v in document["versions"] if v["version"] == number)


class TimedApi:
    """The API client of the story, timing every write (a command): what the benchmark reports."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.latencies: list[float] = []

    def get(self, login: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.api.get(login, path, **kwargs)

    def _timed(self, method: str, login: str, path: str, **kwargs: Any) -> httpx.Response:
        self.api.token(login)  # signing in is not the command
        started = time.monotonic()
        response = self.api.request(method, login, path, **kwargs)
        self.latencies.append(time.monotonic() - started)
        return response

    def post(self, login: str, path: str, **kwargs: Any) -> httpx.Response:
        return self._timed("POST", login, path, **kwargs)

    def delete(self, login: str, path: str, **kwargs: Any) -> httpx.Response:
        return self._timed("DELETE", login, path, **kwargs)


@dataclass
class PlayedDocument:
    document_id: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)


async def play_document(skip_env: WorkflowEnvironment, client: Api) -> PlayedDocument:
    """The whole story of one controlled document in a unit of its own; every step checked on the way."""
    started = time.monotonic()
    api = TimedApi(client)
    unit_id = f"osg-{uuid.uuid4().hex[:8]}"
    ok(
        api.post(
            "admin",
            "/api/qms/units",
            json={"unit_id": unit_id, "institution_id": "berezovsky-kcson", "name": "Отделение сопровождения"},
        ),
        201,
    )
    for login, position in ((E1, "Специалист по работе с семьей"), (E2, "Специалист по социальной работе")):
        ok(api.post(HR, f"/api/qms/units/{unit_id}/staff", json={"login": login, "position": position}), 201)
    # the KhMAO programme's roles see nothing of it: not the curator, not a site's director
    assert api.get("curator.1.1.3", f"/api/qms/units/{unit_id}").status_code == 404
    document = ok(
        api.post(
            HEAD,
            "/api/qms/documents",
            json={
                "unit_id": unit_id,
                "document_type": "Положение",
                "title": "Положение об отделении социального сопровождения граждан",
                "cipher_prefix": "СМК-ПСП-",
                "nomenclature_number": "02-15",
            },
        ),
        201,
    )
    doc_id = document["document_id"]
    path = f"/api/qms/documents/{doc_id}"
    assert document["cipher"] == "СМК-ПСП-02-15"

    bad = api.post(HEAD, f"{path}/versions", json={"version": "3", "sheets": 18})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "version"
    ok(api.post(HEAD, f"{path}/versions", json={"version": "3.0", "sheets": 18}))
    assert [t["kind"] for t in tasks_of(api, HEAD, doc_id)] == ["sign:developer"]

    # «Разработано», then the deputy director; the HR specialist cannot jump the queue; one person, one step
    ok(api.post(HEAD, f"{path}/signatures"))
    assert tasks_of(api, HEAD, doc_id) == []
    assert [t["kind"] for t in tasks_of(api, DEPUTY, doc_id)] == ["sign:deputy_director"]
    early = api.post(HR, f"{path}/signatures")
    assert early.status_code == 409 and early.json()["code"] == "not_allowed"
    ok(api.post(DEPUTY, f"{path}/signatures"))
    ok(api.post(HR, f"{path}/signatures"))
    # the legal counsel returns it: the signatures go, the developer revises and the chain starts again
    returned = ok(api.post(LEGAL, f"{path}/returns", json={"comment": "Уточнить п. 3.6"}))
    assert (
        version(returned, "3.0")["status"] == "draft" and version(returned, "3.0")["last_return"] == "Уточнить п. 3.6"
    )
    assert any("возвращена на доработку" in s for s in notices(api, HEAD, doc_id))
    for login in SIGNERS:
        ok(api.post(login, f"{path}/signatures"))
    assert [t["kind"] for t in tasks_of(api, DIRECTOR, doc_id)] == ["sign:director"]

    now = await skip_env.get_current_time()
    today = now.astimezone(ZONE).date()
    before = api.post(
        DIRECTOR,
        f"{path}/approval",
        json={
            "approval_number": "02",
            "approved_on": today.isoformat(),
            "enacts_on": (today - timedelta(1)).isoformat(),
        },
    )
    assert before.status_code == 409 and before.json()["code"] == "enactment_before_approval"
    assert before.json()["errors"][0]["field"] == "enacts_on"
    enacts_on = today + timedelta(days=1)
    approved = ok(
        api.post(
            DIRECTOR,
            f"{path}/approval",
            json={"approval_number": "02", "approved_on": today.isoformat(), "enacts_on": enacts_on.isoformat()},
        )
    )
    v3 = version(approved, "3.0")
    assert v3["status"] == "approved" and v3["approval_number"] == "02"
    assert [(row["position"], bool(row["signature"])) for row in v3["sign_off"]] == [
        ("Заведующий отделением", True),
        ("Заместитель директора", True),
        ("Специалист по кадрам", True),
        ("Юрисконсульт", True),
        ("Директор учреждения", True),
    ]
    assert tasks_of(api, DIRECTOR, doc_id) == []
    ok(api.post(HEAD, f"{path}/copies", json={"holder": "Сектор сопровождения социальных контрактов"}))

    # in force at the start of its date: every employee must acknowledge within 5 working days
    await sleep_until(skip_env, datetime.combine(enacts_on, datetime.min.time(), ZONE) + timedelta(minutes=1))
    document = until(lambda: ok(api.get(HEAD, path)), lambda d: d["in_force"] is not None)
    assert document["in_force"]["version"] == "3.0" and document["in_force"]["to_acknowledge"] == 2
    (task,) = tasks_of(api, E1, doc_id)
    assert task["kind"].startswith("acknowledge:") and task["assignee"]["full_name"]
    due = datetime.fromisoformat(task["due"]["ends_at"])
    ok(api.post(E1, f"{path}/acknowledgments"))
    again = api.post(E1, f"{path}/acknowledgments")
    assert again.status_code == 409 and again.json()["code"] == "already_acknowledged"

    # the second is late: reminded, then the unit's head is told, then the deputy director
    await sleep_until(skip_env, due + timedelta(days=9))  # past level 2 (+3 working days)
    until(lambda: notices(api, DEPUTY, doc_id), lambda s: any("заместителю директора" in x for x in s))
    assert any("Напоминание" in s or "напоминание" in s for s in notices(api, E2, doc_id))
    assert any("сообщено заведующему" in s for s in notices(api, HEAD, doc_id))
    v3 = version(ok(api.get(HEAD, path)), "3.0")
    (late,) = v3["pending"]
    # («late» is read against the API's own clock, which skipped time leaves behind: its due date is what counts)
    assert late["escalated"] == "эскалация заместителю директора"
    assert datetime.fromisoformat(late["due"]["ends_at"]) < await skip_env.get_current_time()

    # a newcomer gets the task on arrival
    ok(api.post(HR, f"/api/qms/units/{unit_id}/staff", json={"login": E3, "position": "Юрисконсульт"}), 201)
    until(lambda: tasks_of(api, E3, doc_id), lambda t: len(t) == 1)
    for login in (E2, E3):
        ok(api.post(login, f"{path}/acknowledgments"))
    v3 = version(ok(api.get(HEAD, path)), "3.0")
    assert [row["number"] for row in v3["sheet"]] == [1, 2, 3] and v3["pending"] == []

    # a change within the version: logged, and everyone acknowledges it
    changed = ok(api.post(HEAD, f"{path}/changes", json={"identification": "п. 3.2: служба «Социальное такси»"}))
    assert [c["number"] for c in version(changed, "3.0")["changes"]] == [1]
    assert len(version(changed, "3.0")["pending"]) == 3

    # version 4.0 supersedes 3.0 on its date, its change log empty, a new campaign open
    ok(api.post(HEAD, f"{path}/versions", json={"version": "4.0", "sheets": 20, "summary": "Новая структура"}))
    for login in SIGNERS:
        ok(api.post(login, f"{path}/signatures"))
    now = await skip_env.get_current_time()
    today = now.astimezone(ZONE).date()
    enacts_on = today + timedelta(days=3)
    ok(
        api.post(
            DIRECTOR,
            f"{path}/approval",
            json={"approval_number": "17", "approved_on": today.isoformat(), "enacts_on": enacts_on.isoformat()},
        )
    )
    await sleep_until(skip_env, datetime.combine(enacts_on, datetime.min.time(), ZONE) + timedelta(minutes=1))
    document = until(lambda: ok(api.get(HEAD, path)), lambda d: d["in_force"]["version"] == "4.0")
    old, new = version(document, "3.0"), version(document, "4.0")
    assert (old["status"], old["superseded_by"], old["superseded_on"]) == ("superseded", "4.0", enacts_on.isoformat())
    assert old["copies"][0]["withdrawn_on"] == enacts_on.isoformat() and old["pending"] == []
    assert (new["status"], new["changes"], new["sheet"]) == ("in_force", [], [])
    assert {p["full_name"] for p in new["pending"]} == {t["full_name"] for t in version(changed, "3.0")["pending"]}
    assert [t["title"] for t in tasks_of(api, E1, doc_id)] == [
        "Ознакомиться: Положение об отделении социального сопровождения граждан, версия 4.0"
    ]
    history = ok(api.get(E1, f"{path}/history"))
    assert history[0]["text"].startswith("Документ «Положение об отделении социального сопровождения граждан»")
    assert any(h["text"] == f"Версия 3.0 заменена версией 4.0 с {enacts_on:%d.%m.%Y}." for h in history)
    return PlayedDocument(document_id=doc_id, seconds=time.monotonic() - started, latencies=api.latencies)
