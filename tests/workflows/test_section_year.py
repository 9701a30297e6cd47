"""A year of one Sverdlovsk methodological section (seed 000) in skipped time on the Temporal test server, through
the real worker, API and PostgreSQL, with the tiers above it as sites of their own (D10): the section's plan
approved by the head of the base organisation; the first quarter's report climbing its three tiers — the section to
the base organisation, the district to the ОМЦ, the ОМЦ's generalised data to the Ministry — each a task with its
own date nested in the one above; a meeting in the first half-year and none in the second, which escalates when the
half-year ends; the materials accepted, forwarded and gathered into the collection."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from domain.regulations.sverdlovsk import REGULATION
from tests.api.test_annual_cycle_api import _file
from tests.support.client import Api, obligation_path, until
from tests.support.oracle import Clock, ReferenceCalendar
from tests.support.stack import Stack
from tests.workflows.test_package_timeline import sleep_until

pytestmark = pytest.mark.slow

CLOCK = Clock("Asia/Yekaterinburg")
REGION = "66"
SECTION, BASE, OMC = "sv-year-section", "sv-year-base", "sv-year-omc"
BASE_ORG, OMC_ORG = "sv-year-base-org", "sv-year-omc-org"
LEADER, BASE_HEAD, OMC_HEAD, OMC_SPECIALIST, MINISTRY = (
    "sv.year.leader",
    "sv.year.base",
    "sv.year.omc",
    "sv.year.specialist",
    "sv.year.ministry",
)


def register_the_tiers(stack: Stack, api: Api) -> None:
    """The region, its base organisation and ОМЦ, and the three sites: the section at the base organisation, the
    base organisation's own site and the ОМЦ's; their people with their grants."""
    stack.query(
        "INSERT INTO regions (id, name, timezone) VALUES (%s, 'Свердловская область', 'Asia/Yekaterinburg') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        REGION,
    )
    for org, name in (
        (BASE_ORG, "ГАУ «КЦСОН Южного округа» (базовая методическая организация)"),
        (OMC_ORG, "ГКУ СО «Организационно-методический центр социальной помощи»"),
    ):
        stack.query(
            "INSERT INTO institutions (id, region_id, name, short_name, city) VALUES (%s, %s, %s, %s, 'Екатеринбург') "
            "ON CONFLICT DO NOTHING RETURNING 1",
            org, REGION, name, name,
        )  # fmt: skip
    for site, org, status, title in (
        (
            SECTION,
            BASE_ORG,
            "methodological_section",
            "Секция специалистов отделений срочного социального обслуживания",
        ),
        (BASE, BASE_ORG, "base_methodological_organisation", "Методическая работа Южного управленческого округа"),
        (OMC, OMC_ORG, "methodological_centre", "Координация методических секций Свердловской области"),
    ):
        stack.query(
            "INSERT INTO directions (id, region_id, title) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
            site, REGION, title,
        )  # fmt: skip
        stack.query(
            "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
            "regulation_id) VALUES (%s, %s, %s, %s, %s, %s, '', 'Рекомендации (000:34–48)', %s) "
            "ON CONFLICT DO NOTHING RETURNING 1",
            site, REGION, org, site, status, site.upper(), REGULATION.id,
        )  # fmt: skip
    people = (
        (LEADER, "Иванова Ольга Петровна", [("site_responsible", "site", SECTION)]),
        (BASE_HEAD, "Смирнов Петр Ильич", [("site_director", "site", SECTION), ("site_director", "site", BASE)]),
        (OMC_HEAD, "Белова Татьяна Сергеевна", [("rcrso_director", "region", REGION), ("site_director", "site", OMC)]),
        (OMC_SPECIALIST, "Орлова Дарья Игоревна", [("curator", "region", REGION)]),
        (MINISTRY, "Журавлев Андрей Николаевич", [("department", "region", REGION)]),
    )
    for login, name, grants in people:
        body = {"login": login, "full_name": name, "position": "", "password": "demo-password"}
        created = api.post("admin", "/api/admin/users", json=body)
        assert created.status_code == 201, created.text
        api.token(login, "demo-password")
        for role, kind, scope in grants:
            api.grant(login, role, kind, scope)


def send(
    api: Api, login: str, site: str, year: int, key: str, instance: str, data: dict[str, Any] | None = None
) -> None:
    obligation = api.get(login, obligation_path(site, year, key, instance)).json()
    items = {
        item["key"]: _file(api, login, site, f"{key}-{instance}.docx")
        for item in obligation["items"]
        if item["required"]
    }
    response = api.submit(site, year, login, items, data=data, key=key, instance=instance)
    assert response.status_code == 200, response.text


def accept(api: Api, login: str, site: str, year: int, key: str, instance: str) -> None:
    response = api.decide(site, year, login, "approve", key=key, instance=instance)
    assert response.status_code == 200, response.text


def status(api: Api, login: str, site: str, year: int, key: str, instance: str) -> str:
    return str(api.get(login, obligation_path(site, year, key, instance)).json()["status"])


def tasks(api: Api, login: str) -> list[tuple[str, str, str]]:
    response = api.get(login, "/api/tasks")
    assert response.status_code == 200, response.text
    return sorted(
        (t["site_id"], t["obligation"]["key"], t["obligation"]["instance"])
        for t in response.json()["items"]
        if t["state"] == "open"
    )


def escalations_of(api: Api, login: str, site: str, year: int, key: str) -> list[dict[str, Any]]:
    response = api.get(login, "/api/escalations", params={"site_id": site, "year": year})
    assert response.status_code == 200, response.text
    return [row for row in response.json() if row["obligation_id"].startswith(f"cycle:{site}:{year}:{key}:")]


async def test_a_year_of_a_section_and_the_tiers_above_it(
    skip_env: WorkflowEnvironment, skip_api: Api, skip_stack: Stack
) -> None:
    api = skip_api
    start = await skip_env.get_current_time()
    year = start.year + 1
    calendar = ReferenceCalendar(range(year - 1, year + 2))
    register_the_tiers(skip_stack, api)
    for site in (SECTION, BASE, OMC):
        opened = api.open_cycle(site, year, login="admin")
        assert opened.status_code == 201, opened.text

    # -- each tier has its own cycle: the section's duties, the district's, the region's (D10)
    def keys(site: str) -> set[str]:
        cycle = api.get("admin", f"/api/sites/{site}/cycles/{year}").json()
        return {o["key"] for o in cycle["obligations"]}

    assert keys(SECTION) == {
        "annual_plan", "section_meetings", "quarterly_report", "methodological_materials", "leader_election"
    }  # fmt: skip
    assert keys(BASE) == {"district_quarterly_report", "district_materials"}
    assert keys(OMC) == {"plan_collection", "regional_quarterly_data", "materials_collection", "sections_control"}

    # -- the plan: drafted by the leader, approved by the head of the base organisation (000:44, 52)
    assert (SECTION, "annual_plan", "annual") in until(lambda: tasks(api, LEADER), lambda t: bool(t))
    send(api, LEADER, SECTION, year, "annual_plan", "annual")
    assert (SECTION, "annual_plan", "annual") in until(lambda: tasks(api, BASE_HEAD), lambda t: bool(t))
    refused = api.decide(SECTION, year, LEADER, "approve", key="annual_plan", instance="annual")
    assert refused.status_code in (403, 409), refused.text  # the leader never approves their own plan
    accept(api, BASE_HEAD, SECTION, year, "annual_plan", "annual")
    assert status(api, OMC_HEAD, SECTION, year, "annual_plan", "annual") == "approved"

    # -- the first quarter: three tiers, each a task with its date nested in the one above (D2)
    await sleep_until(skip_env, CLOCK.at(date(year, 4, 2)))
    tiers = ((SECTION, "quarterly_report"), (BASE, "district_quarterly_report"), (OMC, "regional_quarterly_data"))
    dues = [api.get(MINISTRY, obligation_path(site, year, key, "Q1")).json()["due"]["effective"] for site, key in tiers]
    expected = [calendar.roll(date(year, 4, day)).isoformat() for day in (5, 12, 20)]
    assert dues == expected and dues == sorted(dues)
    meeting = {"form": "meeting", "held_on": f"{year}-03-14", "format": "in_person", "topic": "Стандарты срочных услуг"}
    send(api, LEADER, SECTION, year, "section_meetings", "H1", data=meeting)
    assert status(api, LEADER, SECTION, year, "section_meetings", "H1") == "approved"
    send(api, LEADER, SECTION, year, "quarterly_report", "Q1")
    accept(api, BASE_HEAD, SECTION, year, "quarterly_report", "Q1")
    assert (BASE, "district_quarterly_report", "Q1") in tasks(api, BASE_HEAD)
    send(api, BASE_HEAD, BASE, year, "district_quarterly_report", "Q1")
    assert (BASE, "district_quarterly_report", "Q1") in until(lambda: tasks(api, OMC_SPECIALIST), lambda t: bool(t))
    accept(api, OMC_SPECIALIST, BASE, year, "district_quarterly_report", "Q1")
    send(api, OMC_HEAD, OMC, year, "regional_quarterly_data", "Q1")
    accept(api, MINISTRY, OMC, year, "regional_quarterly_data", "Q1")
    assert status(api, MINISTRY, OMC, year, "regional_quarterly_data", "Q1") == "approved"

    # -- the second quarter's district report is not sent: it climbs the district's ladder, not the section's
    await sleep_until(skip_env, CLOCK.end_of(calendar.roll(date(year, 7, 12))) + timedelta(minutes=1))
    late = until(
        lambda: escalations_of(api, OMC_SPECIALIST, BASE, year, "district_quarterly_report"), lambda e: bool(e)
    )
    assert {e["level"] for e in late} >= {"reminder", "overdue"}

    # -- the materials of the year: accepted by the base organisation before 15 December (D4)
    send(api, LEADER, SECTION, year, "methodological_materials", "annual")
    accept(api, BASE_HEAD, SECTION, year, "methodological_materials", "annual")

    # -- no meeting in the second half-year: overdue when it ends, to the leader and the base organisation (000:68)
    assert escalations_of(api, BASE_HEAD, SECTION, year, "section_meetings") == [] or all(
        e["level"] == "reminder" for e in escalations_of(api, BASE_HEAD, SECTION, year, "section_meetings")
    )
    # 31 December, or the first working day after it when it is not one (ГК РФ ст. 193), by the independent oracle: the
    # year is the shared test server's, whichever earlier tests have skipped to, so the day is not always a holiday
    h2_due = calendar.roll(date(year, 12, 31))
    await sleep_until(skip_env, CLOCK.end_of(h2_due) + timedelta(minutes=1))
    h2 = until(
        lambda: escalations_of(api, BASE_HEAD, SECTION, year, "section_meetings"),
        lambda e: any(row["level"] == "overdue" for row in e),
    )
    assert {row["obligation_id"] for row in h2} == {f"cycle:{SECTION}:{year}:section_meetings:H2"}
    overdue = next(row for row in h2 if row["level"] == "overdue")
    assert overdue["due"]["effective"] == h2_due.isoformat()
    assert {person["full_name"] for person in overdue["told"]} == {"Иванова Ольга Петровна", "Смирнов Петр Ильич"}
    meetings = api.get(BASE_HEAD, obligation_path(SECTION, year, "section_meetings", "H2")).json()
    (late_meeting,) = [e for e in meetings["escalations"] if e["level"] == "overdue"]
    # the regime's names of the roles, never KhMAO's («ответственное лицо площадки», «директор площадки»)
    assert [n["role_ru"] for n in late_meeting["notified"]] == [
        "руководитель методической секции",
        "руководитель базовой методической организации",
    ]
    assert status(api, LEADER, SECTION, year, "section_meetings", "H1") == "approved"

    # -- the ОМЦ's control (000:66): the plan is in, the reports not sent by their date, the half-year without a meeting
    on = (h2_due + timedelta(days=1)).isoformat()
    params = {"year": year, "on": on}
    assert api.get(LEADER, f"/api/regions/{REGION}/sections/control", params=params).status_code == 404
    control = api.get(OMC_SPECIALIST, f"/api/regions/{REGION}/sections/control", params=params)
    assert control.status_code == 200, control.text
    view = control.json()
    assert SECTION not in {gap["site_id"] for gap in view["without_plan"]}
    late = {(gap["site_id"], gap["period"]) for gap in view["missing_reports"]}
    assert {(SECTION, f"2 квартал {year}"), (SECTION, f"3 квартал {year}"), (BASE, f"2 квартал {year}")} <= late
    assert (SECTION, f"1 квартал {year}") not in late and (OMC, f"1 квартал {year}") not in late
    halves = [(gap["site_id"], gap["period"]) for gap in view["halves_without_meeting"] if gap["site_id"] == SECTION]
    assert halves == [(SECTION, f"2 полугодие {year}")]

    # -- the district forwards the materials, the ОМЦ sends the collection (000:64, 76)
    send(api, BASE_HEAD, BASE, year, "district_materials", "annual")
    assert status(api, BASE_HEAD, BASE, year, "district_materials", "annual") == "approved"
    send(api, OMC_HEAD, OMC, year, "materials_collection", "annual")
    assert status(api, OMC_HEAD, OMC, year, "materials_collection", "annual") == "approved"
