"""A Vologda platform's quarterly monitoring through the REST API against the real worker, on the Temporal test
server: each quarter's «Сводная информация» to the Department carries the figures of its measures for that quarter
alone, typed once; the cumulative periods (1 квартал, полугодие, 9 месяцев, год) are computed from the quarters
(D10) — a sum for the people and services, the latest quarter for the staff units — shown on the platform's year
in the REST answer; the Department's curator accepts or returns it like any periodic report, and a returned
quarter counts for nothing until it is sent again."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from temporalio.testing import WorkflowEnvironment

from domain.regulations.vologda import REGULATION
from tests.api.test_annual_cycle_api import _file
from tests.support.client import Api
from tests.support.stack import Stack
from tests.workflows.test_package_timeline import sleep_until

pytestmark = pytest.mark.slow

REGION = "35"
HOST, SITE = "vo-mon-host", "vo-mon-omp"
RESPONSIBLE, CURATOR = "vo.mon.responsible", "vo.mon.curator"
MSK = ZoneInfo("Europe/Moscow")
Q1 = {"families": "120", "people": "150", "urgent": "40", "accompanied": "12", "patronage": "8", "staff_units": "110.5"}
Q2 = {
    "families": "130",
    "people": "160",
    "urgent": "35",
    "accompanied": "10",
    "patronage": "9",
    "staff_units": "110.95",
}


def register(stack: Stack, api: Api) -> None:
    stack.query(
        "INSERT INTO regions (id, name, timezone) VALUES (%s, 'Вологодская область', 'Europe/Moscow') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        REGION,
    )
    name = "БУ СО ВО «Комплексный центр социального обслуживания населения города Вологды»"
    stack.query(
        "INSERT INTO institutions (id, region_id, name, short_name, city) VALUES (%s, %s, %s, %s, 'Вологда') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        HOST, REGION, name, name,
    )  # fmt: skip
    stack.query(
        "INSERT INTO directions (id, region_id, title) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        SITE, REGION, "Участковая социальная служба",
    )  # fmt: skip
    stack.query(
        "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
        "regulation_id) VALUES (%s, %s, %s, %s, 'methodological_platform', 'ОМП-2', '', 'Отчет ОМП (002:87)', %s) "
        "ON CONFLICT DO NOTHING RETURNING 1",
        SITE, REGION, HOST, SITE, REGULATION.id,
    )  # fmt: skip
    people = (
        (RESPONSIBLE, "Белова Ольга Ивановна", ("site_responsible", "site", SITE)),
        (CURATOR, "Смирнова Елена Викторовна", ("curator", "region", REGION)),
    )
    for login, full_name, (role, kind, scope) in people:
        body = {"login": login, "full_name": full_name, "position": "", "password": "demo-password"}
        created = api.post("admin", "/api/admin/users", json=body)
        assert created.status_code == 201, created.text
        api.token(login, "demo-password")
        api.grant(login, role, kind, scope)


def figures(values: dict[str, str]) -> dict[str, Any]:
    return {"form": "monitoring", "figures": [{"key": k, "amount": v} for k, v in values.items()]}


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


async def test_quarters_typed_once_and_the_cumulative_periods_computed(
    skip_env: WorkflowEnvironment, skip_api: Api, skip_stack: Stack
) -> None:
    api = skip_api
    year = (await skip_env.get_current_time()).year + 1
    register(skip_stack, api)
    assert api.open_cycle(SITE, year, login="admin").status_code == 201
    path = f"/api/sites/{SITE}/cycles/{year}/criteria-report"

    def send(instance: str, values: dict[str, str]) -> Any:
        summary = _file(api, RESPONSIBLE, SITE, f"svodnaya-{instance}.xlsx")
        return api.submit(
            SITE, year, RESPONSIBLE, {"summary": summary}, data=figures(values),
            key="quarterly_monitoring", instance=instance,
        )  # fmt: skip

    await sleep_until(skip_env, datetime(year, 4, 3, 9, tzinfo=MSK))
    # Typed as each measure allows: people are whole, staff units up to two decimals; all six are asked for.
    fraction = send("Q1", {**Q1, "people": "150.5"})
    assert fraction.status_code == 409 and fraction.json()["code"] == "measure_value", fraction.text
    assert "целое" in fraction.json()["detail"]
    missing = send("Q1", {k: v for k, v in Q1.items() if k != "patronage"})
    assert missing.status_code == 409 and missing.json()["code"] == "measures_missing", missing.text
    assert "На социальном патронаже" in missing.json()["detail"]
    without = api.submit(SITE, year, RESPONSIBLE, {"summary": _file(api, RESPONSIBLE, SITE, "s.xlsx")},
                         key="quarterly_monitoring", instance="Q1")  # fmt: skip
    assert without.status_code in (409, 422), without.text
    assert send("Q1", Q1).status_code == 200
    accepted = api.decide(SITE, year, CURATOR, "approve", key="quarterly_monitoring", instance="Q1")
    assert accepted.status_code == 200 and accepted.json()["status"] == "approved", accepted.text

    await sleep_until(skip_env, datetime(year, 7, 3, 9, tzinfo=MSK))
    assert send("Q2", Q2).status_code == 200
    monitoring = ok(api.get(CURATOR, path))["platform_year"]["monitoring"]
    rows = {row["key"]: row for row in monitoring["measures"]}
    assert [p["title"] for p in monitoring["periods"]] == ["1 квартал", "полугодие", "9 месяцев", "год"]
    assert rows["people"]["quarters"] == {"Q1": "150", "Q2": "160", "Q3": None, "Q4": None}
    assert rows["people"]["cumulative"] == {"Q1": "150", "H1": "310", "9M": None, "Y": None}
    assert rows["staff_units"]["cumulative"] == {"Q1": "110.5", "H1": "110.95", "9M": None, "Y": None}
    assert rows["staff_units"]["cumulative_ru"]["H1"] == "110,95"

    # Returned, the quarter counts for nothing until it is sent again; sent again, the half-year adds up anew.
    returned = api.decide(SITE, year, CURATOR, "return", "Проверьте число семей", key="quarterly_monitoring",
                          instance="Q2")  # fmt: skip
    assert returned.status_code == 200, returned.text
    rows = {row["key"]: row for row in ok(api.get(CURATOR, path))["platform_year"]["monitoring"]["measures"]}
    assert rows["families"]["quarters"]["Q2"] is None and rows["families"]["cumulative"]["H1"] is None
    assert send("Q2", {**Q2, "families": "131"}).status_code == 200
    accepted = api.decide(SITE, year, CURATOR, "approve", key="quarterly_monitoring", instance="Q2")
    assert accepted.status_code == 200 and accepted.json()["status"] == "approved", accepted.text
    year_view = ok(api.get(CURATOR, path))["platform_year"]
    rows = {row["key"]: row for row in year_view["monitoring"]["measures"]}
    assert rows["families"]["cumulative"]["H1"] == "251"
    assert [q["status_ru"] for q in year_view["quarters"][:2]] == ["принята", "принята"]
