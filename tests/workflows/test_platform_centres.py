"""A Vologda platform's participating complex centres and its quarterly summary (decision D11), through the REST
API against the real worker, on the Temporal test server. The platform's cycle opens before its profile names any
centre; the director saves the profile with two centres and the running cycle plans each one's quarterly request. In
April the Sokol centre's responsible person finds the Q1 request in her inbox and sends the figures, which the
platform accepts; the Babushkino centre never sends: reminded, overdue, escalated to the Department's curator, its
person told. The platform's summary starts from the centres' sum, the platform corrects one figure; the curator may
not accept it while the Babushkino figures are missing and no reason is given — refused naming the centre —,
returns it, and accepts it sent again with the reason. The sum, the figure sent and the difference show in the API.
In May the profile drops Babushkino and adds Totma: Babushkino's unsent requests are withdrawn with the reason, Totma
owes only the quarters still ahead."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from temporalio.testing import WorkflowEnvironment

from api.calendar.service import library_calendar
from domain.regulations.vologda import REGULATION
from tests.api.test_annual_cycle_api import _file
from tests.support.client import Api, obligation_path, until
from tests.support.stack import Stack
from tests.workflows.test_package_timeline import record_histories, sleep_until

pytestmark = pytest.mark.slow

REGION = "35"
MSK = ZoneInfo("Europe/Moscow")
HOST, SITE = "vo-ctr-host", "vo-ctr-omp"
SOKOL, BABUSHKINO, TOTMA = "vo-ctr-sokol", "vo-ctr-babushkino", "vo-ctr-totma"
NAMES = {
    HOST: "БУ СО ВО «Комплексный центр социального обслуживания населения Шекснинского района»",
    SOKOL: "БУ СО ВО «Комплексный центр социального обслуживания населения Сокольского района»",
    BABUSHKINO: "БУ СО ВО «Комплексный центр социального обслуживания населения Бабушкинского района»",
    TOTMA: "БУ СО ВО «Комплексный центр социального обслуживания населения Тотемского района»",
}
DIRECTOR, RESPONSIBLE, CURATOR = "vo.ctr.director", "vo.ctr.responsible", "vo.ctr.curator"
CENTRE = {SOKOL: "vo.ctr.sokol", BABUSHKINO: "vo.ctr.babushkino", TOTMA: "vo.ctr.totma"}
FIGURES = {
    "families": "60",
    "people": "75",
    "urgent": "20",
    "accompanied": "6",
    "patronage": "4",
    "staff_units": "55.5",
}
CENTRES = "centre_monitoring"
SUMMARY = "quarterly_monitoring"


def register(stack: Stack, api: Api) -> None:
    stack.query(
        "INSERT INTO regions (id, name, timezone) VALUES (%s, 'Вологодская область', 'Europe/Moscow') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        REGION,
    )
    for org, name in NAMES.items():
        stack.query(
            "INSERT INTO institutions (id, region_id, name, short_name, city) VALUES (%s, %s, %s, %s, 'Вологда') "
            "ON CONFLICT DO NOTHING RETURNING 1",
            org, REGION, name, name,
        )  # fmt: skip
    stack.query(
        "INSERT INTO directions (id, region_id, title) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        SITE, REGION, "Развитие деятельности участковой социальной службы",
    )  # fmt: skip
    stack.query(
        "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
        "regulation_id) VALUES (%s, %s, %s, %s, 'methodological_platform', 'ОМП-Ц', '', 'Отчет ОМП (002:87)', %s) "
        "ON CONFLICT DO NOTHING RETURNING 1",
        SITE, REGION, HOST, SITE, REGULATION.id,
    )  # fmt: skip
    people = [
        (DIRECTOR, "Кузнецов Андрей Павлович", "site_director", "site", SITE),
        (RESPONSIBLE, "Белова Ольга Ивановна", "site_responsible", "site", SITE),
        (CURATOR, "Смирнова Елена Викторовна", "curator", "region", REGION),
        # A centre's responsible person: the role on the centre's institution alone (D11, as KhMAO's D34).
        (CENTRE[SOKOL], "Орлова Вера Николаевна", "institution_responsible", "institution", SOKOL),
        (CENTRE[BABUSHKINO], "Попова Нина Ивановна", "institution_responsible", "institution", BABUSHKINO),
        (CENTRE[TOTMA], "Зайцева Ольга Петровна", "institution_responsible", "institution", TOTMA),
    ]
    for login, full_name, role, kind, scope in people:
        body = {"login": login, "full_name": full_name, "position": "", "password": "demo-password"}
        created = api.post("admin", "/api/admin/users", json=body)
        assert created.status_code == 201, created.text
        api.token(login, "demo-password")
        api.grant(login, role, kind, scope)


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def profile(year: int, *centres: str) -> dict[str, Any]:
    return {
        "theme": "Развитие деятельности участковой социальной службы",
        "host_id": HOST,
        "working_group": [{"full_name": "Белова Ольга Ивановна", "position": "руководитель ОМП"}],
        "centre_ids": list(centres),
        "active_from": year,
    }


def figures(values: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {"form": "monitoring", "figures": [{"key": k, "amount": v} for k, v in values.items()], **extra}


async def test_two_centres_one_late_and_the_summary_with_a_reason(
    skip_env: WorkflowEnvironment, skip_api: Api, skip_stack: Stack
) -> None:
    api = skip_api
    year = (await skip_env.get_current_time()).year + 1
    register(skip_stack, api)
    assert api.open_cycle(SITE, year, login="admin").status_code == 201
    cycle_path = f"/api/sites/{SITE}/cycles/{year}"

    def instances(status: str | None = None) -> dict[str, str]:
        found = ok(api.get(RESPONSIBLE, cycle_path))["obligations"]
        return {o["instance"]: o["status"] for o in found if o["key"] == CENTRES and status in (None, o["status"])}

    assert instances() == {}  # no centre named yet: nothing asked of anybody (D11)

    # The director names the two centres; the running cycle learns them and plans each one's quarters.
    ok(api.request("PUT", DIRECTOR, f"/api/sites/{SITE}/platform-profile", json=profile(year, SOKOL, BABUSHKINO)))
    planned = until(instances, lambda found: len(found) == 8)
    assert set(planned) == {f"Q{q}-{c}" for q in range(1, 5) for c in (SOKOL, BABUSHKINO)}
    assert set(planned.values()) == {"planned"}

    # April: each centre's person finds its own Q1 request in the inbox, and only that.
    await sleep_until(skip_env, datetime(year, 4, 1, 9, tzinfo=MSK))
    until(lambda: instances("awaiting_submission"), lambda found: len(found) == 2)
    inbox = ok(api.get(CENTRE[SOKOL], "/api/tasks", params={"site_id": SITE, "year": year}))["items"]
    assert [(t["obligation"]["key"], t["obligation"]["instance"], t["kind"]) for t in inbox] == [
        (CENTRES, f"Q1-{SOKOL}", "submit")
    ]
    assert api.get(CENTRE[SOKOL], obligation_path(SITE, year, CENTRES, f"Q1-{BABUSHKINO}")).status_code == 404
    assert api.get(CENTRE[SOKOL], cycle_path).status_code == 404  # the platform's cycle is not theirs to read
    sent = api.submit(SITE, year, CENTRE[SOKOL], {}, data=figures(FIGURES), key=CENTRES, instance=f"Q1-{SOKOL}")
    assert sent.status_code == 200 and sent.json()["status"] == "under_review", sent.text
    accepted = api.decide(SITE, year, RESPONSIBLE, "approve", key=CENTRES, instance=f"Q1-{SOKOL}")
    assert accepted.status_code == 200 and accepted.json()["status"] == "approved", accepted.text

    # Babushkino never sends: reminded, overdue once 5 April has passed, the Department's curator once the fifth
    # working day after it has. The days come from the calendar: the shared time-skipping stack's year varies with
    # the tests run before (in 2031 the 5th is a Saturday and the curator's step waits until the 14th has passed).
    calendar = library_calendar([year])
    level3 = calendar.add_working_days(calendar.roll_forward(date(year, 4, 5)), 5)
    await sleep_until(skip_env, datetime.combine(level3 + timedelta(days=1), time(10), tzinfo=MSK))
    # (The skip ends when the timer fires; the step it raises is recorded by an activity a moment later.)
    late = until(
        lambda: ok(api.get(CURATOR, obligation_path(SITE, year, CENTRES, f"Q1-{BABUSHKINO}"))),
        lambda found: len(found["escalations"]) >= 3,
    )
    assert [e["level"] for e in late["escalations"]] == ["reminder", "overdue", "level3"]
    told = ok(api.get(CENTRE[BABUSHKINO], "/api/notifications", params={"limit": 50}))["items"]
    assert {"reminder", "overdue"} <= {n["kind"] for n in told}, told  # its own person, by the grant on the centre
    assert not [n for n in ok(api.get(CENTRE[SOKOL], "/api/notifications"))["items"] if BABUSHKINO in n["link"]]

    # The summary starts from the centres' accepted figures; the platform corrects «Обслужено граждан».
    quarter_path = f"{cycle_path}/monitoring/Q1"
    quarter = ok(api.get(RESPONSIBLE, quarter_path))
    assert api.get(CENTRE[SOKOL], quarter_path).status_code == 404  # a centre reads its own request, not the sum
    sums = {m["key"]: m["centres_sum"] for m in quarter["measures"]}
    assert sums == {**FIGURES, "staff_units": "55.5"} and quarter["summed"] == [NAMES[SOKOL]]
    assert (quarter["accepted"], quarter["total"], quarter["missing"]) == (1, 2, [NAMES[BABUSHKINO]])
    corrected = {**sums, "people": "80"}
    summary = _file(api, RESPONSIBLE, SITE, "svodnaya-q1.xlsx")
    first = api.submit(
        SITE, year, RESPONSIBLE, {"summary": summary}, data=figures(corrected), key=SUMMARY, instance="Q1"
    )
    assert first.status_code == 200, first.text
    refused = api.decide(SITE, year, CURATOR, "approve", key=SUMMARY, instance="Q1")
    assert refused.status_code == 409 and refused.json()["code"] == "centre_figures_missing", refused.text
    assert NAMES[BABUSHKINO] in refused.json()["detail"] and NAMES[SOKOL] not in refused.json()["detail"]
    back = api.decide(SITE, year, CURATOR, "return", "Укажите, почему нет сведений Бабушкинского центра",
                      key=SUMMARY, instance="Q1")  # fmt: skip
    assert back.status_code == 200, back.text
    reason = "Центр не представил сведения: отделение участковой службы на реорганизации"
    data = figures(corrected, centres_missing=[{"institution_id": BABUSHKINO, "reason": reason}])
    again = api.submit(SITE, year, RESPONSIBLE, {"summary": summary}, data=data, key=SUMMARY, instance="Q1")
    assert again.status_code == 200, again.text
    accepted = api.decide(SITE, year, CURATOR, "approve", key=SUMMARY, instance="Q1")
    assert accepted.status_code == 200 and accepted.json()["status"] == "approved", accepted.text

    # The correction stays visible: the centres' sum beside the figure sent and the difference.
    quarter = ok(api.get(CURATOR, quarter_path))
    people = next(m for m in quarter["measures"] if m["key"] == "people")
    assert (people["centres_sum"], people["sent"], people["difference"], people["corrected"]) == ("75", "80", "5", True)
    assert people["difference_ru"] == "+5" and quarter["corrected"] == ["Обслужено граждан"]
    assert {c["institution_id"]: c["missing_reason"] for c in quarter["centres"]} == {SOKOL: "", BABUSHKINO: reason}
    report = ok(api.get(CURATOR, f"{cycle_path}/criteria-report"))
    q1 = report["platform_year"]["quarters"][0]
    assert q1["centres"]["corrected"] == ["Обслужено граждан"] and q1["centres"]["missing"] == [NAMES[BABUSHKINO]]
    timeline = api.get(RESPONSIBLE, f"{cycle_path}/timeline")
    assert timeline.status_code == 200 and reason in timeline.text, timeline.text[:500]
    # The curator who returned the summary, named as the Vologda regulation names them (nothing of KhMAO's words).
    assert "(куратор ОМП в Департаменте) — возвращено на доработку" in timeline.text
    assert "куратор направления" not in timeline.text

    # May: the profile drops Babushkino and takes Totma. Babushkino's unsent Q1 is cancelled and its coming quarters
    # withdrawn, with the reason; Totma joined after the Q1 deadline and owes Q2 to Q4 only.
    await sleep_until(skip_env, datetime(year, 5, 12, 10, tzinfo=MSK))
    ok(api.request("PUT", DIRECTOR, f"/api/sites/{SITE}/platform-profile", json=profile(year, SOKOL, TOTMA)))

    def settled(found: dict[str, str]) -> bool:
        # Totma's quarters are planned by the cycle itself, Babushkino's unsent Q1 is cancelled by its own workflow:
        # the two land in either order.
        unsettled = [i for i, status in found.items() if i.endswith(BABUSHKINO) and status != "cancelled"]
        return sum(1 for i in found if i.endswith(TOTMA)) == 3 and not unsettled

    after = until(instances, settled)
    assert {i: s for i, s in after.items() if i.endswith(BABUSHKINO)} == {
        f"Q{q}-{BABUSHKINO}": "cancelled" for q in range(1, 5)
    }
    assert sorted(i for i in after if i.endswith(TOTMA)) == [f"Q{q}-{TOTMA}" for q in (2, 3, 4)]
    assert after[f"Q1-{SOKOL}"] == "approved" and after[f"Q2-{SOKOL}"] == "planned"
    withdrawn = ok(api.get(CURATOR, obligation_path(SITE, year, CENTRES, f"Q1-{BABUSHKINO}")))
    assert not any(e["open"] for e in withdrawn["escalations"])
    timeline = api.get(RESPONSIBLE, f"{cycle_path}/timeline").text
    assert "исключен из участников ОМП" in timeline and "запрос сведений отозван" in timeline

    await record_histories(
        skip_env,
        [f"cycle:{SITE}:{year}", f"cycle:{SITE}:{year}:{CENTRES}:Q1-{BABUSHKINO}", f"cycle:{SITE}:{year}:{SUMMARY}:Q1"],
    )
