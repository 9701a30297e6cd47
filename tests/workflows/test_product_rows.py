"""The sites' own months of sending products to the Expert Council (D53) in skipped time on the Temporal test server,
through the real worker, API and PostgreSQL: the demo roadmap's row «Направление модельных программ в Экспертный
совет» («июнь, ноябрь») is done by the product the site sends in June, with the product as its evidence, and never
escalates; November passes with no product and its date climbs its ladder. A product sent before the roadmap is
approved fulfils the row of its month once the row opens, and an expert cannot give their own task back to nobody
(409). (A revoked site's product withdrawn: tests/ui/test_product_rows_page.py, on a site of its own.)"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from domain.periods import MONTHS_NOMINATIVE_RU
from domain.regulations.catalog import regulation
from innocycle.demo_files import docx_bytes, roadmap_rows
from tests.support.client import Api, obligation_path, until
from tests.support.oracle import Clock, ReferenceCalendar, ladder_instants
from tests.workflows.test_package_timeline import raised, record_histories, sleep_until

pytestmark = pytest.mark.slow

CLOCK = Clock("Asia/Yekaterinburg")
SITE = "1.1.14"  # C1: no stricter dates of its own, no other test of skipped time uses it
OTHER = "1.1.13"  # C11: neither
DIRECTOR, CURATOR, SECRETARY = f"director.{SITE}", f"curator.{SITE}", "council.secretary"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def dated(api: Api, site: str, year: int, login: str = DIRECTOR) -> dict[str, dict[str, Any]]:
    rows = ok(api.get(login, f"/api/sites/{site}/cycles/{year}/dated-rows"))
    return {row["instance"]: row for row in rows}


def row_escalations(api: Api, site: str, year: int, instance: str) -> list[dict[str, Any]]:
    rows = ok(api.get(CURATOR, "/api/escalations", params={"site_id": site, "year": year}))
    return [row for row in rows if row["obligation_id"] == f"cycle:{site}:{year}:roadmap_row:{instance}"]


def drafted(api: Api, site: str, title: str, login: str = DIRECTOR) -> str:
    body = {
        "site_id": site,
        "title": title,
        "kind": "model_program",
        "authors": [{"full_name": "Иванова Анна Петровна"}],
        "abstract": "Программа сопровождения семей участников специальной военной операции.",
    }
    path = f"/api/products/{ok(api.post(login, '/api/products', json=body), 201)['product_id']}"
    file_id = ok(api.upload(login, site, "programma.docx", docx_bytes(title)), 201)["file_id"]
    ok(api.post(login, path + "/versions", json={"files": {"product": file_id}}))
    return path


async def test_a_product_sent_in_june_fulfils_junes_row_and_november_without_one_escalates(
    skip_env: WorkflowEnvironment, skip_api: Api
) -> None:
    api = skip_api
    now = await skip_env.get_current_time()
    # The first year of C1 not opened yet (the region's workflow opens the next year's cycles on 1 November).
    year = next(y for y in range(now.year + 1, now.year + 6) if api.open_cycle(SITE, y).status_code == 201)
    calendar = ReferenceCalendar(range(year - 1, year + 2))
    template = regulation("khmao-135r").roadmap_row
    assert template is not None and template.ladder is not None

    assert api.submit(SITE, year, DIRECTOR, api.upload_package(SITE, year, DIRECTOR)).status_code == 200
    assert api.decide(SITE, year, CURATOR, "approve").status_code == 200
    rows = until(lambda: dated(api, SITE, year), lambda r: len(r) == 4)
    assert {i for i in rows} == {"1.1", "1.2-1", "1.2-2", "3.2"}
    path = drafted(api, SITE, "Модельная программа «Вместе»")

    # -- 10 June: the product goes to the council through the quota of the year; June's row is done by it at once.
    await sleep_until(skip_env, CLOCK.at(date(year, 6, 10), 12))
    quota = obligation_path(SITE, year, "product_quota", "Y")
    until(lambda: ok(api.get(DIRECTOR, quota))["status"], lambda s: s == "in_progress")
    sent = ok(api.post(DIRECTOR, path + "/send", params={"year": year}))
    assert sent["status"] == "sent"
    june = until(lambda: dated(api, SITE, year)["1.2-1"], lambda r: r["status"] == "approved")
    assert june["done"]["on"] == f"{year}-06-10" and june["done"]["source"] == "product"
    assert june["done"]["source_ru"] == "продукт направлен в Экспертный совет"
    assert june["done"]["product"] == {"product_id": sent["product_id"], "title": "Модельная программа «Вместе»"}
    assert june["done"]["evidence"] is True and june["done"]["report_id"] is None
    # Only June's date: November's and the other rows stay open.
    assert {i: r["status"] for i, r in dated(api, SITE, year).items() if i != "1.1"} == {
        "1.2-1": "approved",
        "1.2-2": "in_progress",
        "3.2": "in_progress",
    }
    # The row's page keeps the product as its evidence and leads to it; the timeline says it in words.
    row = ok(api.get(DIRECTOR, obligation_path(SITE, year, "roadmap_row", "1.2-1")))
    (mark,) = row["marks"]
    assert mark["source"] == "product" and mark["report_id"] == sent["product_id"]
    assert mark["items"]["evidence"]["filename"] == "programma.docx"
    timeline = ok(api.get(DIRECTOR, f"/api/sites/{SITE}/cycles/{year}/timeline", params={"limit": 1000}))
    assert any("«Модельная программа «Вместе»» направлен в Экспертный совет" in e["text"] for e in timeline["entries"])

    # -- June's date passes with nothing raised: its ladder never starts.
    june_steps = ladder_instants(template.ladder, date(year, 6, 30), calendar, CLOCK)
    await sleep_until(skip_env, june_steps[-1][1] + timedelta(minutes=5))
    assert row_escalations(api, SITE, year, "1.2-1") == []

    # -- November: no product sent; its date is reminded, then overdue, on its instants.
    november = ladder_instants(template.ladder, date(year, 11, 30), calendar, CLOCK)
    await sleep_until(skip_env, november[1][1] + timedelta(minutes=5))
    raised_rows = until(lambda: row_escalations(api, SITE, year, "1.2-2"), lambda r: len(r) == 2)
    assert [(r["level"], raised(r["raised_at"])) for r in raised_rows] == november[:2]
    assert dated(api, SITE, year)["1.2-2"]["status"] == "in_progress"
    cycle = f"cycle:{SITE}:{year}"
    await record_histories(skip_env, [cycle, f"{cycle}:product_quota:Y", f"{cycle}:roadmap_row:1.2-1"])


def _month_row(day: date) -> dict[str, Any]:
    return {
        "no": "4.1",
        "section": "Организационно-методическая деятельность",
        "item": "Направление модельной программы в Экспертный совет РЦРСО",
        "deadline": MONTHS_NOMINATIVE_RU[day.month - 1],
        "responsible": "Руководитель ресурсного центра",
    }


async def test_a_product_sent_before_the_roadmap_fulfils_its_row_and_an_expert_keeps_their_own_task(
    skip_env: WorkflowEnvironment, skip_api: Api
) -> None:
    api = skip_api
    site, director, curator = OTHER, f"director.{OTHER}", f"curator.{OTHER}"
    now = await skip_env.get_current_time()
    await sleep_until(skip_env, CLOCK.at(CLOCK.day_of(now) + timedelta(days=1), 12))
    today = CLOCK.day_of(await skip_env.get_current_time())
    # This year if it is free (its quota of products is open at once), else the next free one from 15 January.
    year = next(y for y in range(today.year, today.year + 5) if api.open_cycle(site, y).status_code == 201)
    if year > today.year:
        await sleep_until(skip_env, CLOCK.at(date(year, 1, 15), 12))
        today = date(year, 1, 15)
    quota = obligation_path(site, year, "product_quota", "Y")
    until(lambda: ok(api.get(director, quota))["status"], lambda s: s == "in_progress")

    # The product goes first; the roadmap with this month's row about sending a product is approved after it.
    path = drafted(api, site, "Модельная программа «Опора»", director)
    product_id = ok(api.post(director, path + "/send", params={"year": year}))["product_id"]
    roadmap = {"form": "package", "roadmap": [*roadmap_rows(year)[:1], _month_row(today)]}
    items = api.upload_package(site, year, director)
    assert api.submit(site, year, director, items, data=roadmap).status_code == 200
    assert api.decide(site, year, curator, "approve").status_code == 200
    row = until(lambda: dated(api, site, year, director).get("4.1") or {}, lambda r: r.get("status") == "approved")
    assert row["done"]["product"]["product_id"] == product_id and row["done"]["on"] == today.isoformat()

    # An expert's own task: giving it back would leave it to nobody — refused, with the reason in Russian.
    expert = api.user_id("expert.1")
    ok(api.post(SECRETARY, path + "/assignments", json={"expert_id": expert}))

    def expert_tasks() -> list[dict[str, Any]]:
        items = ok(api.get("expert.1", "/api/tasks"))["items"]
        return [t for t in items if t["obligation"]["instance"] == product_id and t["state"] == "open"]

    tasks = until(expert_tasks, lambda t: len(t) == 1)
    assert tasks[0]["candidate_roles"] == [] and tasks[0]["assignee"]["user_id"] == expert
    released = api.post("expert.1", f"/api/tasks/{tasks[0]['task_id']}/release")
    assert released.status_code == 409 and released.json()["code"] == "personal_task", released.text
    assert "вернуть её в общий список нельзя" in released.json()["detail"]
    by_rcrso = api.post("rcrso", f"/api/tasks/{tasks[0]['task_id']}/release")
    assert by_rcrso.status_code == 409 and by_rcrso.json()["code"] == "personal_task", by_rcrso.text
    assert expert_tasks()[0]["assignee"]["user_id"] == expert  # still theirs
