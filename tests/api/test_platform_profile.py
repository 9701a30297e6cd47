"""A Vologda platform's profile (паспорт ОМП) through the REST API: the platform's director sets the theme, the host,
the working group and the participating centres of the region; the Department changes it; the responsible person
may not; an organisation of another region is refused on its field; another region's people see nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.regulations.vologda import REGULATION
from tests.api.test_annual_cycle_api import _file
from tests.support.client import Api, until
from tests.support.stack import Stack

REGION = "35"
HOST, CENTRES, SITE = "vo-prof-host", ("vo-prof-c1", "vo-prof-c2"), "vo-prof-omp"
HEAD, RESPONSIBLE, DEPARTMENT = "vo.prof.head", "vo.prof.responsible", "vo.prof.department"
PATH = f"/api/sites/{SITE}/platform-profile"


def register(stack: Stack, api: Api) -> None:
    stack.query(
        "INSERT INTO regions (id, name, timezone) VALUES (%s, 'Вологодская область', 'Europe/Moscow') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        REGION,
    )
    for org, name in ((HOST, "БУ СО ВО «КЦСОН г. Вологды»"), (CENTRES[0], "БУ СО ВО «КЦСОН Сокольского округа»"),
                      (CENTRES[1], "БУ СО ВО «КЦСОН Тотемского округа»")):  # fmt: skip
        stack.query(
            "INSERT INTO institutions (id, region_id, name, short_name, city) VALUES (%s, %s, %s, %s, 'Вологда') "
            "ON CONFLICT DO NOTHING RETURNING 1",
            org, REGION, name, name,
        )  # fmt: skip
    stack.query(
        "INSERT INTO directions (id, region_id, title) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        SITE, REGION, "Участковая социальная служба",
    )  # fmt: skip
    stack.query(
        "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
        "regulation_id) VALUES (%s, %s, %s, %s, 'methodological_platform', 'ОМП-П', '', 'Отчет ОМП (002:11)', %s) "
        "ON CONFLICT DO NOTHING RETURNING 1",
        SITE, REGION, HOST, SITE, REGULATION.id,
    )  # fmt: skip
    for login, full_name, role, kind, scope in (
        (HEAD, "Веревокина Наталья Леонидовна", "site_director", "site", SITE),
        (RESPONSIBLE, "Белова Ольга Ивановна", "site_responsible", "site", SITE),
        (DEPARTMENT, "Рындин Николай Леонидович", "department", "region", REGION),
    ):
        body = {"login": login, "full_name": full_name, "position": "", "password": "demo-password"}
        created = api.post("admin", "/api/admin/users", json=body)
        assert created.status_code in (201, 409), created.text
        api.token(login, "demo-password")
        api.grant(login, role, kind, scope)


BODY: dict[str, Any] = {
    "theme": "Участковая социальная служба",
    "host_id": HOST,
    "working_group": [
        {"full_name": "Белова Ольга Ивановна", "position": "заведующий отделением"},
        {"full_name": "Соколова Анна Петровна", "position": "специалист по социальной работе"},
    ],
    "centre_ids": list(CENTRES),
    "active_from": 2022,
}


def test_the_director_and_the_department_keep_the_profile(api: Api, dev_stack: Stack) -> None:
    register(dev_stack, api)
    empty = api.get(HEAD, PATH)
    assert empty.status_code == 200 and empty.json()["profile"] is None and empty.json()["may_edit"], empty.text
    assert api.get(RESPONSIBLE, PATH).json()["may_edit"] is False

    set_ = api.request("PUT", HEAD, PATH, json=BODY)
    assert set_.status_code == 200, set_.text
    profile = set_.json()["profile"]
    assert profile["host"]["name"] == "БУ СО ВО «КЦСОН г. Вологды»"
    assert [c["institution_id"] for c in profile["centres"]] == list(CENTRES)
    assert profile["working_group"][1]["position"] == "специалист по социальной работе"
    assert profile["years_ru"] == "с 2022 года"

    changed = api.request("PUT", DEPARTMENT, PATH, json={**BODY, "centre_ids": [CENTRES[0]], "active_to": 2024})
    assert changed.status_code == 200, changed.text
    seen = api.get(HEAD, PATH).json()
    assert seen["updated_by"] == "Рындин Николай Леонидович" and seen["profile"]["years_ru"] == "2022–2024 гг."
    assert len(seen["profile"]["centres"]) == 1

    refused = api.request("PUT", RESPONSIBLE, PATH, json=BODY)
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed", refused.text
    foreign = api.request("PUT", HEAD, PATH, json={**BODY, "centre_ids": ["no-such-org"]})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "centre_ids.0", foreign.text
    wrong = api.request("PUT", HEAD, PATH, json={**BODY, "active_to": 2020})
    assert wrong.status_code == 409 and wrong.json()["code"] == "years_order", wrong.text
    assert api.get("department", PATH).status_code == 404  # another region's Department


def test_the_approved_plan_is_sent_to_each_participating_centre(api: Api, dev_stack: Stack) -> None:
    """002:15: the approved plan and plan-schedules are sent to every participating centre; the page lists the
    centres and the day each received them."""
    register(dev_stack, api)
    assert api.request("PUT", HEAD, PATH, json=BODY).status_code == 200
    year = datetime.now(UTC).year + 1
    assert api.open_cycle(SITE, year, login="admin").status_code in (201, 409)
    sent_path = f"/api/sites/{SITE}/cycles/{year}/plan-distribution"
    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Moscow")).date()
    early = api.post(RESPONSIBLE, sent_path, json={"sent_on": today.isoformat()})
    assert early.status_code == 409 and early.json()["code"] == "plan_not_approved", early.text

    instance = until(
        lambda: api.get(RESPONSIBLE, f"/api/sites/{SITE}/cycles/{year}").json().get("obligations") or [],
        lambda obligations: any(o["key"] == "annual_plans" for o in obligations),
        30,
    )
    plans = next(o["instance"] for o in instance if o["key"] == "annual_plans")
    items = {
        item: _file(api, RESPONSIBLE, SITE, f"{item}.pdf")
        for item in ("work_plan", "seminars_schedule", "publications_schedule", "meetings_schedule")
    }
    assert api.submit(SITE, year, RESPONSIBLE, items, key="annual_plans", instance=plans).status_code == 200
    approved = api.decide(SITE, year, HEAD, "approve", key="annual_plans", instance=plans)
    assert approved.status_code == 200 and approved.json()["status"] == "approved", approved.text

    view = api.get(HEAD, sent_path).json()
    assert view["approved_on"] == today.isoformat() and len(view["waiting"]) == 2
    before = api.post(RESPONSIBLE, sent_path, json={"sent_on": (today - timedelta(days=1)).isoformat()})
    assert before.status_code == 409 and before.json()["code"] == "sent_before_approval", before.text
    one = api.post(RESPONSIBLE, sent_path, json={"sent_on": today.isoformat(), "centre_ids": [CENTRES[0]]})
    assert one.status_code == 200, one.text
    sent = {c["institution_id"]: c["sent_on"] for c in one.json()["centres"]}
    assert sent == {CENTRES[0]: today.isoformat(), CENTRES[1]: None}
    again = api.post(RESPONSIBLE, sent_path, json={"sent_on": today.isoformat(), "centre_ids": [CENTRES[0]]})
    assert again.status_code == 409 and again.json()["code"] == "already_sent", again.text
    refused = api.post(DEPARTMENT, sent_path, json={"sent_on": today.isoformat()})
    assert refused.status_code == 403, refused.text
    rest = api.post(HEAD, sent_path, json={"sent_on": today.isoformat()})  # the rest: every centre not yet sent
    assert rest.status_code == 200 and rest.json()["waiting"] == [], rest.text
    done = api.post(HEAD, sent_path, json={"sent_on": today.isoformat()})
    assert done.status_code == 409 and done.json()["code"] == "all_sent", done.text
    assert api.get("department", sent_path).status_code == 404  # another region's Department
