"""A Vologda platform's year (seed 003), the story of issue 16 through the REST API against the real worker, on the
Temporal test server: the platform's cycle opens its twelve working meetings and the criteria report with the
catalogue in force; the plan and its plan-schedules are approved; every month but July holds its meeting, and July
escalates; the 2023 figures are entered as the seed gives them and the report shows the seed's own inconsistency
(five events claimed, four listed) beside the indicator; it is sent; the host's acting head agrees (СОГЛАСОВАНО) and
the Department head approves (УТВЕРЖДАЮ), each from their inbox; the two applications whose results come in February
become follow-ups that amend the approved report; the Department decides the platform goes on next year, and the
report is done.

Played once by ``tests/workflows/test_platform_year.py`` and N times, one platform after another (each its own
site, people and year), by ``bench/platform_year.py``. Every instant is reckoned from the server's current time."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from temporalio.testing import WorkflowEnvironment

from domain.platform.seed_reports import REPORT_2023
from domain.regulations.vologda import REGULATION
from innocycle.demo_files import pdf_bytes
from innocycle.demo_platform import value_body
from tests.support.client import Api, until
from tests.support.stack import Stack

REGION = "35"
MSK = ZoneInfo("Europe/Moscow")


def register_the_platform(stack: Stack, api: Api, HOST: str, SITE: str, people_of: tuple[str, str, str]) -> None:
    """Region 35, the host institution and its methodological platform; the platform's head, the host's acting
    director and the Department's head with their grants."""
    stack.query(
        "INSERT INTO regions (id, name, timezone) VALUES (%s, 'Вологодская область', 'Europe/Moscow') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        REGION,
    )
    name = "АУ СО ВО «Октябрьский дом-интернат для престарелых и инвалидов»"
    stack.query(
        "INSERT INTO institutions (id, region_id, name, short_name, city) VALUES (%s, %s, %s, %s, 'Вологда') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        HOST, REGION, name, name,
    )  # fmt: skip
    stack.query(
        "INSERT INTO directions (id, region_id, title) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        SITE, REGION, REPORT_2023.theme,
    )  # fmt: skip
    stack.query(
        "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
        "regulation_id) VALUES (%s, %s, %s, %s, 'methodological_platform', 'ОМП-1', '', 'Отчет ОМП (003:19)', %s) "
        "ON CONFLICT DO NOTHING RETURNING 1",
        SITE, REGION, HOST, SITE, REGULATION.id,
    )  # fmt: skip
    RESPONSIBLE, HEAD, DEPARTMENT = people_of
    people: tuple[tuple[str, str, list[tuple[str, str, str, bool]]], ...] = (
        (RESPONSIBLE, "Соколова Анна Петровна", [("site_responsible", "site", SITE, False)]),
        (HEAD, "Веревокина Наталья Леонидовна", [("site_director", "site", SITE, True)]),
        (DEPARTMENT, "Рындин Николай Леонидович", [("department", "region", REGION, False)]),
    )
    for login, full_name, grants in people:
        body = {"login": login, "full_name": full_name, "position": "", "password": "demo-password"}
        created = api.post("admin", "/api/admin/users", json=body)
        assert created.status_code in (201, 409), created.text  # 409: registered by an earlier test of the module
        api.token(login, "demo-password")
        for role, kind, scope, acting in grants:
            api.grant(login, role, kind, scope, acting=acting)


async def sleep_until(env: WorkflowEnvironment, instant: datetime) -> None:
    now = await env.get_current_time()
    if instant > now:
        await env.sleep(instant - now)


def _file(api: Api, login: str, site_id: str, name: str) -> str:
    response = api.upload(login, site_id, name, pdf_bytes(name))
    assert response.status_code == 201, response.text
    return str(response.json()["file_id"])


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def open_tasks(api: Api, login: str, site: str) -> dict[str, str]:
    items = ok(api.get(login, "/api/tasks"))["items"]
    return {
        t["kind"]: t["title"]
        for t in items
        if t["state"] == "open" and t["site_id"] == site and t["obligation"]["key"] == "annual_report"
    }


@dataclass
class PlayedPlatform:
    site_id: str
    year: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)


class TimedApi(Api):
    """The story's client, timing every write (a command): what the benchmark reports."""

    def __init__(self, api: Api) -> None:
        self.__dict__.update(api.__dict__)
        self.latencies: list[float] = []

    def request(self, method: str, login: str, path: str, **kwargs: Any) -> Any:
        if method == "GET":
            return super().request(method, login, path, **kwargs)
        self.token(login)  # signing in is not the command
        started = time.monotonic()
        response = super().request(method, login, path, **kwargs)
        self.latencies.append(time.monotonic() - started)
        return response


async def play_platform_year(
    skip_env: WorkflowEnvironment, client: Api, skip_stack: Stack, name: str = ""
) -> PlayedPlatform:
    """The whole year of one platform, its site and people named after ``name``; every step checked on the way."""
    started = time.monotonic()
    api = TimedApi(client)
    HOST, SITE = f"vo-year-host{name}", f"vo-year-omp{name}"
    RESPONSIBLE, HEAD, DEPARTMENT = f"vo.year{name}.responsible", f"vo.year{name}.head", f"vo.year{name}.department"
    start = await skip_env.get_current_time()
    year = start.year + 1  # a cycle opened the December before its year, as the platform plans it
    register_the_platform(skip_stack, api, HOST, SITE, (RESPONSIBLE, HEAD, DEPARTMENT))
    assert api.open_cycle(SITE, year, login="admin").status_code == 201
    path = f"/api/sites/{SITE}/cycles/{year}/criteria-report"
    report = until(lambda: api.get(RESPONSIBLE, path).json(), lambda r: r.get("catalogue") is not None, 30)
    cycle = ok(api.get(RESPONSIBLE, f"/api/sites/{SITE}/cycles/{year}"))
    instances = {(o["key"], o["instance"]) for o in cycle["obligations"]}
    assert {i for k, i in instances if k == "working_meetings"} == {f"M{m:02d}" for m in range(1, 13)}
    assert ("continuation_proposal", "Y") not in instances  # the report's «Предложения» (D19)

    # The plan and its plan-schedules, approved in the institution and sent to the complex centres (002:15–19).
    plans = next(i for k, i in instances if k == "annual_plans")
    plan_items = {
        item: _file(api, RESPONSIBLE, SITE, f"{item}.pdf")
        for item in ("work_plan", "seminars_schedule", "publications_schedule", "meetings_schedule")
    }
    sent = api.submit(SITE, year, RESPONSIBLE, plan_items, key="annual_plans", instance=plans)
    assert sent.status_code == 200, sent.text
    approved_plans = api.decide(SITE, year, HEAD, "approve", key="annual_plans", instance=plans)
    assert approved_plans.status_code == 200 and approved_plans.json()["status"] == "approved", approved_plans.text

    # Twelve monthly working meetings (002:79, 003:25): July has none, and its month escalates when it ends (D15).
    for month in range(1, 13):
        await sleep_until(skip_env, datetime(year, month, 20, 9, tzinfo=MSK))
        if month == 7:
            continue
        held = {"form": "meeting", "held_on": date(year, month, 20).isoformat(), "format": "in_person"}
        meeting = api.submit(SITE, year, RESPONSIBLE, {}, data=held, key="working_meetings", instance=f"M{month:02d}")
        assert meeting.status_code == 200, (month, meeting.text)
    statuses = {
        o["instance"]: o["status"]
        for o in ok(api.get(RESPONSIBLE, f"/api/sites/{SITE}/cycles/{year}"))["obligations"]
        if o["key"] == "working_meetings"
    }
    assert statuses.pop("M07") == "awaiting_submission"
    assert set(statuses.values()) == {"approved"}, statuses
    july = [
        e
        for e in ok(api.get(RESPONSIBLE, "/api/escalations", params={"site_id": SITE, "year": year}))
        if e["obligation_id"].endswith(":working_meetings:M07")
    ]
    assert [e["level"] for e in july] == ["overdue"], july
    platform_year = ok(api.get(DEPARTMENT, path))["platform_year"]
    assert (platform_year["held"], platform_year["missed"]) == (11, ["июль"])
    assert [q["period_ru"] for q in platform_year["quarters"]] == ["1 квартал", "полугодие", "9 месяцев", "год"]
    assert report["catalogue"]["id"] == "vologda-omp-2023"  # the latest catalogue not after the year (D4)
    assert [c["no"] for c in report["criteria"]] == [1, 2, 3, 4]
    assert len(report["missing"]) == 25 and report["status"] == "awaiting_submission"
    assert "submit" in open_tasks(api, RESPONSIBLE, SITE)
    # Another region's Department sees nothing of it.
    assert api.get("department", path).status_code == 404

    # Bad input: a 422 names the field; a count with a fraction is the domain's refusal, with the field.
    bad = api.request("PUT", RESPONSIBLE, f"{path}/values/C1.N3", json={"amount": "много"})
    assert bad.status_code == 422, bad.text
    fraction = api.request("PUT", RESPONSIBLE, f"{path}/values/C1.N3", json={"amount": "110.95"})
    assert fraction.status_code == 409 and fraction.json()["code"] == "not_whole", fraction.text
    early = api.post(RESPONSIBLE, f"{path}/submit")
    assert early.status_code == 409 and early.json()["code"] == "not_reported"

    for value in REPORT_2023.values:
        ok(api.request("PUT", RESPONSIBLE, f"{path}/values/{value.key}", json=value_body(value)))
    for item in REPORT_2023.evidence:
        body = {
            "id": item.id,
            "kind": item.kind.value,
            "title": item.title,
            "quantity": item.quantity,
            "indicators": list(item.indicators),
            "pending": item.pending,
            "expected_by": item.expected_by.isoformat() if item.expected_by else None,
            "venue": item.venue,
        }
        ok(api.post(RESPONSIBLE, f"{path}/evidence", json=body))
    report = ok(
        api.request(
            "PUT", RESPONSIBLE, f"{path}/conclusion", json={"text": REPORT_2023.conclusion, "propose_continue": True}
        )
    )
    indicators = {i["key"]: i for c in report["criteria"] for i in c["indicators"]}
    assert indicators["C1.N1"]["warnings"] == [
        "Заявлено 5, а в перечне — 4 (Круглый стол «Опыт организации социальной работы на территории Вологодской "
        "области», Областная методическая консультативная площадка «Социальное проектирование в деятельности "
        "организаций социального обслуживания…», 2 — Стажировки «Социальное проектирование в деятельности ОСО: "
        "опыт и возможности развития проектов»)."
    ]
    assert indicators["C2.N4"]["value"]["shown_ru"] == "2 (всего 4)"
    assert indicators["C1.N2"]["value"]["nil_ru"] == "«-» (сведения не приведены)"
    # One item backs two indicators (003:47 = 003:63).
    assert set(indicators["C2.N5"]["evidence"]) == set(indicators["C4.Q3"]["evidence"]) == {"e12", "e13", "e14"}
    assert report["missing"] == []

    # Who may do what: another region sees nothing; the Department does not write the platform's report.
    sign_body = {"position": "x", "printed_name": "x", "signed_on": "2030-01-01"}
    commands: list[tuple[str, str, dict[str, Any] | None]] = [
        ("PUT", f"{path}/values/C1.N3", {"amount": "23", "narrative": "23 человека"}),
        ("DELETE", f"{path}/values/C1.N3", None),
        ("POST", f"{path}/evidence", {"kind": "event", "title": "Семинар"}),
        ("DELETE", f"{path}/evidence/e1", None),
        ("PUT", f"{path}/conclusion", {"text": "x", "propose_continue": True}),
        ("POST", f"{path}/submit", None),
        ("POST", f"{path}/signatures/agree", sign_body),
        ("POST", f"{path}/returns/agree", {"comment": "x"}),
        ("POST", f"{path}/follow-ups/e9", {"outcome": "won", "known_on": "2030-01-01"}),
        ("POST", f"{path}/continuation", {"continues": True, "decided_on": "2030-01-01"}),
    ]
    for method, url, payload in commands:
        assert api.request(method, "department", url, json=payload).status_code == 404, url
    for method, url, payload in commands[:6]:
        refused = api.request(method, DEPARTMENT, url, json=payload)
        assert refused.status_code == 409 and refused.json()["code"] == "not_allowed", (url, refused.text)

    report = ok(api.post(RESPONSIBLE, f"{path}/submit"))
    assert (report["status"], report["report_status"]) == ("under_review", "submitted")
    for login in (RESPONSIBLE, DEPARTMENT):
        refused = api.post(login, f"{path}/signatures/agree", json=sign_body)
        assert refused.status_code == 409 and refused.json()["code"] == "not_allowed", refused.text
    assert any(w["indicator"] == "C1.N1" for w in report["sent_warnings"])
    assert "agree" in open_tasks(api, HEAD, SITE) and "submit" not in open_tasks(api, RESPONSIBLE, SITE)

    today = (await skip_env.get_current_time()).astimezone(MSK).date()
    sign = {"printed_name": "Н.Л. Веревокина", "signed_on": today.isoformat()}
    too_early = api.post(DEPARTMENT, f"{path}/signatures/approve", json={**sign, "position": "Начальник"})
    assert too_early.status_code == 409 and too_early.json()["code"] == "not_waiting"
    report = ok(
        api.post(
            HEAD,
            f"{path}/signatures/agree",
            json={**sign, "position": "директора АУ СО ВО «Октябрьский дом-интернат для престарелых и инвалидов»"},
        )
    )
    agreed = report["signatures"][0]
    assert agreed["acting"] and agreed["position"].startswith("И.О. директора")
    assert "approve" in open_tasks(api, DEPARTMENT, SITE)
    refused = api.post(HEAD, f"{path}/signatures/approve", json=sign_body)
    assert refused.status_code == 409 and refused.json()["code"] == "not_allowed", refused.text

    approved = REPORT_2023.approved
    assert approved is not None
    report = ok(
        api.post(
            DEPARTMENT,
            f"{path}/signatures/approve",
            json={"position": approved.position, "printed_name": approved.printed_name, "signed_on": today.isoformat()},
        )
    )
    assert report["status"] == "approved"
    assert [(s["step_ru"], s["printed_name"]) for s in report["signatures"]] == [
        ("СОГЛАСОВАНО", "Н.Л. Веревокина"),
        ("УТВЕРЖДАЮ", "Н.Л. Рындин"),
    ]
    assert [f["item_id"] for f in report["follow_ups"]] == ["e8", "e9"]
    until(lambda: open_tasks(api, RESPONSIBLE, SITE), lambda t: "record_outcome" in t, 10)
    assert "decide_continuation" in open_tasks(api, DEPARTMENT, SITE)

    await skip_env.sleep(timedelta(days=30))
    refused = api.post(HEAD, f"{path}/continuation", json={"continues": False, "decided_on": today.isoformat()})
    assert refused.status_code == 409 and refused.json()["code"] == "not_allowed", refused.text
    later = (await skip_env.get_current_time()).astimezone(MSK).date()
    report = ok(api.post(DEPARTMENT, f"{path}/continuation", json={"continues": True, "decided_on": later.isoformat()}))
    assert report["continues"] is True and not report["done"]  # two outcomes still awaited
    for item_id, outcome in (("e8", "not_won"), ("e9", "won")):
        body = {"outcome": outcome, "note": "Итоги объявлены", "known_on": later.isoformat()}
        report = ok(api.post(RESPONSIBLE, f"{path}/follow-ups/{item_id}", json=body))
    assert report["amendments"] == 2 and report["status"] == "approved" and report["done"]
    until(lambda: open_tasks(api, RESPONSIBLE, SITE), lambda t: "record_outcome" not in t, 10)
    assert "decide_continuation" not in open_tasks(api, DEPARTMENT, SITE)
    again = api.post(RESPONSIBLE, f"{path}/follow-ups/e9", json={"outcome": "won", "known_on": later.isoformat()})
    assert again.status_code in (409, 404), again.text  # the report is done: its workflow took its last command
    assert Decimal(indicators["C3.Q2"]["value"]["amount"]) == 100
    return PlayedPlatform(site_id=SITE, year=year, seconds=time.monotonic() - started, latencies=api.latencies)
