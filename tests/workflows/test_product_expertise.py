"""A methodological product from its draft to the registry (order 135-р 2.4.2, decisions D46–D52), through the REST
API against the real worker, in skipped time on the Temporal test server: the site sends it through its quota of the
year; the secretary's assignment of an author is refused and recorded; two experts accept, one reviews on time and
the other is reminded twice and escalated to the secretary before reviewing late; the council sends it back for
rework by vote; the reworked version is a second round that ends in a positive conclusion; the secretary enters it
in the registry, which finds it by a Russian word form; another institution implements it (replication); and the
council's figures agree with a count kept by the test. With INNOCYCLE_RECORD_HISTORIES, the histories of the
examination and of the quota that opened it are kept for the replay tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from innocycle.demo_files import docx_bytes
from tests.support.client import Api, obligation_path, region_today, until
from tests.support.oracle import Clock, ReferenceCalendar
from tests.workflows.test_package_timeline import record_histories

pytestmark = pytest.mark.slow

CLOCK = Clock("Asia/Yekaterinburg")
SITE = "1.1.3"  # C4, Нижневартовский КЦСОН
DIRECTOR = f"director.{SITE}"
SECRETARY, CHAIR = "council.secretary", "council.chair"
PRESENT = ["Гаврилова Тамара Львовна", "Лебедев Виталий Евгеньевич", "Соболева Маргарита Игоревна"]


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def sleep_until(env: WorkflowEnvironment, instant: datetime) -> None:
    now = await env.get_current_time()
    if instant > now:
        await env.sleep(instant - now)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def review(verdict: str = "positive") -> dict[str, Any]:
    criteria = ("relevance", "soundness", "novelty", "effect", "replicability")
    return {
        "scores": {key: {"score": 2, "comment": "Обосновано опытом апробации."} for key in criteria},
        "confidence": "high",
        "recommendation": verdict,
        "summary": "Программа применима в КЦСОН округа.",
    }


def upload(api: Api, name: str) -> str:
    return str(ok(api.upload(DIRECTOR, SITE, name, docx_bytes(name)), 201)["file_id"])


def assignment(product: dict[str, Any], expert_id: str) -> dict[str, Any]:
    current = product["rounds"][-1]["assignments"]
    return next(a for a in current if a["expert_id"] == expert_id)


async def test_a_product_from_draft_to_the_registry(skip_env: WorkflowEnvironment, skip_api: Api) -> None:
    api = skip_api
    start = await skip_env.get_current_time()
    year = start.year
    calendar = ReferenceCalendar(range(year - 1, year + 3))
    assert api.open_cycle(SITE, year).status_code == 201
    quota_path = obligation_path(SITE, year, "product_quota", "Y")
    until(lambda: api.get(DIRECTOR, quota_path).json().get("status"), lambda s: s == "in_progress", 30)
    experts = {login: api.user_id(login) for login in ("expert.1", "expert.2", "expert.3")}

    # The site drafts its product, with one of the council's experts among its authors, and pilots it.
    drafted = ok(
        api.post(
            DIRECTOR,
            "/api/products",
            json={
                "site_id": SITE,
                "title": "Модельная программа социального сопровождения получателей социального контракта",
                "kind": "model_program",
                "authors": [
                    {"full_name": "Иванова Анна Петровна"},
                    {"full_name": "Кудрявцев Артем Ильич", "user_id": experts["expert.3"]},
                ],
                "abstract": "Единый подход специалистов к сопровождению семей, заключивших социальный контракт.",
            },
        ),
        201,
    )
    product_id = drafted["product_id"]
    path = f"/api/products/{product_id}"
    assert drafted["status"] == "draft"
    unsent = api.post(DIRECTOR, path + "/send", params={"year": year})
    assert unsent.status_code == 409 and unsent.json()["code"] == "no_version", unsent.text
    ok(api.post(DIRECTOR, path + "/versions", json={"files": {"product": upload(api, "programma-v1.docx")}}))
    piloted = ok(api.post(DIRECTOR, path + "/pilot", json={"where": "КЦСОН «Радуга»", "since": f"{year}-03-01"}))
    assert piloted["status"] == "piloted"
    # Experts see nothing of a product before it is sent.
    assert api.get("expert.1", path).status_code == 404

    sent = ok(api.post(DIRECTOR, path + "/send", params={"year": year}))
    assert sent["status"] == "sent" and sent["year"] == year
    quota = ok(api.get(DIRECTOR, quota_path))
    assert quota["progress"]["done"] == 1
    again = api.post(DIRECTOR, path + "/send", params={"year": year})
    assert again.status_code == 409 and again.json()["code"] == "already_sent"

    # An author cannot review the product: refused with the reason, and the refusal is on record.
    conflict = api.post(SECRETARY, path + "/assignments", json={"expert_id": experts["expert.3"]})
    assert conflict.status_code == 409 and conflict.json()["code"] == "conflict_of_interest", conflict.text
    assert "автор продукта" in conflict.json()["detail"]
    refusals = ok(api.get(SECRETARY, path))["rounds"][0]["refusals"]
    assert [r["expert_name"] for r in refusals] == ["Кудрявцев Артем Ильич"]

    for login in ("expert.1", "expert.2"):
        ok(api.post(SECRETARY, path + "/assignments", json={"expert_id": experts[login]}))
    # Each expert finds their own assignment in their inbox, not the other's.
    inbox = ok(api.get("expert.1", "/api/tasks", params={"year": year}))["items"]
    mine = [t for t in inbox if t["obligation"]["instance"] == product_id]
    assert [t["kind"] for t in mine] == ["respond:1"]
    # An expert sees their own assignment, not who else reviews the round (D46: independent reviews).
    seen_by_one = ok(api.get("expert.1", path))["rounds"][0]["assignments"]
    assert [a["expert_id"] for a in seen_by_one] == [experts["expert.1"]]
    for login in ("expert.1", "expert.2"):
        answer = api.get(login, path)
        no = assignment(ok(answer), experts[login])["assignment_no"]
        accepted = ok(api.post(login, f"{path}/assignments/{no}/response", json={"accept": True}))
    assert accepted["status"] == "under_review"
    late = assignment(accepted, experts["expert.2"])
    due = calendar.shift(CLOCK.day_of(parse(late["answered_at"])), 10)  # 10 working days (D47)
    assert late["review_due"] == due.isoformat()

    # expert.1 reviews at once; expert.2 is reminded 3 and 1 working days before, then the secretary is told.
    ok(api.post("expert.1", f"{path}/assignments/1/review", json=review("rework")))
    await sleep_until(skip_env, CLOCK.end_of(due) + timedelta(minutes=5))

    def ladder() -> dict[str, Any]:
        return assignment(ok(api.get(SECRETARY, path)), experts["expert.2"])

    seen = until(ladder, lambda a: a["escalated"] == "overdue" and a["reminders"] == 2)
    assert seen["late"] and seen["escalated_ru"] == "просрочена: сообщено секретарю"
    desk = ok(api.get(SECRETARY, "/api/regions/86/council"))
    assert desk["late"] >= 1 and any(e["product_id"] == product_id for e in desk["examinations"])
    escalations = ok(api.get("rcrso", "/api/escalations", params={"site_id": SITE, "year": year}))
    oid = f"cycle:{SITE}:{year}:product_expertise:{product_id}"
    raised = [(e["level"], [n["role"] for n in e["notified"]]) for e in escalations if e["obligation_id"] == oid]
    assert [level for level, _ in raised] == ["reminder", "reminder", "overdue"]
    assert "council_secretary" in raised[2][1]

    reviewed = ok(api.post("expert.2", f"{path}/assignments/2/review", json=review("rework")))
    assert reviewed["status"] == "reviews_in"
    assert assignment(reviewed, experts["expert.2"])["escalated"] is None  # resolved by the review
    tie = {
        "verdict": "positive",
        "meeting_number": "4",
        "held_on": CLOCK.day_of(await skip_env.get_current_time()).isoformat(),
        "present": [*PRESENT, "Кудрявцев Артем Ильич"],
        "votes_for": 2,
        "votes_against": 2,
    }
    no_majority = api.post(CHAIR, path + "/conclusion", json=tie)
    assert no_majority.status_code == 409 and no_majority.json()["code"] == "no_majority"
    rework = ok(api.post(CHAIR, path + "/conclusion", json={**tie, "verdict": "rework", "text": "Уточнить критерии"}))
    assert rework["status"] == "rework" and rework["conclusion_ru"] == "на доработку"
    # The site reads the reviews without the experts' names, once the council has concluded.
    site_view = ok(api.get(DIRECTOR, path))
    assert [r["expert"] for r in site_view["rounds"][0]["reviews"]] == ["Эксперт 1", "Эксперт 2"]

    # The reworked version is a second round: the first stays readable.
    ok(api.post(DIRECTOR, path + "/versions", json={"files": {"product": upload(api, "programma-v2.docx")}}))
    resent = ok(api.post(DIRECTOR, path + "/send", params={"year": year}))
    assert resent["round"] == 2 and resent["status"] == "sent"
    assert ok(api.get(DIRECTOR, quota_path))["progress"]["done"] == 1  # counted once (D51)
    for login in ("expert.1", "expert.2"):
        ok(api.post(SECRETARY, path + "/assignments", json={"expert_id": experts[login]}))
        no = assignment(ok(api.get(login, path)), experts[login])["assignment_no"]
        ok(api.post(login, f"{path}/assignments/{no}/response", json={"accept": True}))
        concluded = ok(api.post(login, f"{path}/assignments/{no}/review", json=review()))
    assert concluded["status"] == "reviews_in"
    # The next meeting decides on its agenda, product by product; its minutes list both meetings.
    agenda = ok(api.get(CHAIR, "/api/regions/86/council"))["agenda"]
    assert product_id in [p["product_id"] for p in agenda]
    meeting = {
        "meeting_number": "5",
        "held_on": tie["held_on"],
        "present": PRESENT,
        "decisions": [{"product_id": product_id, "verdict": "positive", "votes_for": 3, "votes_against": 0}],
    }
    (recorded,) = ok(api.post(CHAIR, "/api/regions/86/council/meetings", json=meeting))
    assert recorded == {"product_id": product_id, "recorded": True, "status": "positive"}
    done = ok(api.get(DIRECTOR, path))
    assert done["status"] == "positive" and [r["conclusion"] for r in done["rounds"]] == ["rework", "positive"]
    minutes = ok(api.get(SECRETARY, "/api/regions/86/council/meetings"))
    ours = [(m["number"], d["verdict"], d["vote"]["votes_for"]) for m in minutes for d in m["decisions"]]
    assert ("4", "rework", 2) in ours and ("5", "positive", 3) in ours

    # Into the registry, found by another form of a word of its title; implemented elsewhere — a replication.
    registered = ok(api.post(SECRETARY, path + "/registry"))
    assert registered["status"] == "registered" and registered["registry_no"].startswith(f"РМП-{year}-")
    found = ok(api.get("expert.1", "/api/products", params={"q": "модельной программе сопровождения"}))
    assert product_id in [p["product_id"] for p in found["items"]]
    unrelated = ok(api.get("expert.1", "/api/products", params={"q": "реабилитация"}))
    assert product_id not in [p["product_id"] for p in unrelated["items"]]
    implemented = ok(
        api.post(
            SECRETARY,
            path + "/implementations",
            json={"institution_id": "megion-kcson", "since": f"{year}-12-01", "evidence": "Приказ № 15-о"},
        )
    )
    assert implemented["replications"] == 1

    # The figures of the year, against the test's own count.
    figures = ok(api.get("rcrso", "/api/regions/86/products/figures", params={"year": year}))
    row = next(s for s in figures["sites"] if s["site_id"] == SITE)
    assert (row["sent"], row["examined"], row["positive"], row["implemented"]) == (1, 1, 1, 1)
    assert (figures["reviews_submitted"], figures["reviews_on_time"]) == (4, 3)
    await record_histories(skip_env, [oid, f"cycle:{SITE}:{year}:product_quota:Y"])


async def test_a_product_counts_in_the_sites_own_cadence_and_a_negative_conclusion_is_no_positive(
    skip_env: WorkflowEnvironment, skip_api: Api
) -> None:
    """C10 (1.1.7) sends at least one product a quarter, with a target of two positive conclusions a year: a product
    sent counts in the quarter's quota and the year's; a negative conclusion examines it without a positive one."""
    api = skip_api
    site, director = "1.1.7", "director.1.1.7"
    # The cadence counts the period the product is sent in, by the region's date of the API (the real one).
    today = region_today()
    year, quarter = today.year, f"Q{(today.month - 1) // 3 + 1}"
    assert api.open_cycle(site, year).status_code == 201
    quarterly = obligation_path(site, year, "products_quarterly", quarter)
    until(lambda: api.get(director, quarterly).json().get("status"), lambda s: s == "in_progress", 30)
    experts = {login: api.user_id(login) for login in ("expert.1", "expert.2")}

    product = ok(
        api.post(
            director,
            "/api/products",
            json={
                "site_id": site,
                "title": "Технология наставничества для молодых специалистов",
                "kind": "technology",
                "authors": [{"full_name": "Петрова Ольга Ивановна"}],
                "abstract": "Наставничество в учреждениях социального обслуживания.",
            },
        ),
        201,
    )
    path = f"/api/products/{product['product_id']}"
    file_id = ok(api.upload(director, site, "tech.docx", docx_bytes("tech")), 201)["file_id"]
    ok(api.post(director, path + "/versions", json={"files": {"product": file_id}}))
    assert ok(api.post(director, path + "/send", params={"year": year}))["status"] == "sent"
    assert ok(api.get(director, quarterly))["status"] == "approved"  # the quarter's one product is in
    assert ok(api.get(director, obligation_path(site, year, "product_quota", "Y")))["progress"]["done"] == 1

    for login in ("expert.1", "expert.2"):
        ok(api.post(SECRETARY, path + "/assignments", json={"expert_id": experts[login]}))
        no = assignment(ok(api.get(login, path)), experts[login])["assignment_no"]
        ok(api.post(login, f"{path}/assignments/{no}/response", json={"accept": True}))
        ok(api.post(login, f"{path}/assignments/{no}/review", json=review("negative")))
    negative = {
        "verdict": "negative",
        "meeting_number": "6",
        "held_on": CLOCK.day_of(await skip_env.get_current_time()).isoformat(),
        "present": PRESENT,
        "votes_for": 3,
        "votes_against": 0,
    }
    assert ok(api.post(CHAIR, path + "/conclusion", json=negative))["status"] == "negative"
    registry = api.post(SECRETARY, path + "/registry")
    assert registry.status_code == 409 and registry.json()["code"] == "not_positive"
    figures = ok(api.get("rcrso", "/api/regions/86/products/figures", params={"year": year}))
    row = next(s for s in figures["sites"] if s["site_id"] == site)
    assert (row["sent"], row["examined"], row["positive"], row["positive_target"]) == (1, 1, 0, 2)


def _send_new(api: Api, site: str, year: int, title: str) -> Any:
    director = f"director.{site}"
    body = {
        "site_id": site,
        "title": title,
        "kind": "project",
        "authors": [{"full_name": "Иванова Анна Петровна"}],
        "abstract": "Проект площадки.",
    }
    path = f"/api/products/{ok(api.post(director, '/api/products', json=body), 201)['product_id']}"
    file_id = ok(api.upload(director, site, "project.docx", docx_bytes(title)), 201)["file_id"]
    ok(api.post(director, path + "/versions", json={"files": {"product": file_id}}))
    return ok(api.post(director, path + "/send", params={"year": year}))


async def test_products_sent_turn_a_quota_at_risk_into_met(skip_env: WorkflowEnvironment, skip_api: Api) -> None:
    """The quota of next year is at risk when its third quarter ends with nothing sent (D41); two products sent make
    it met (D7) and resolve the risk. Last in this file: it skips most of a year."""
    api = skip_api
    site, director = "1.1.2", "director.1.1.2"
    year = (await skip_env.get_current_time()).year + 1
    assert api.open_cycle(site, year).status_code == 201
    quota_path = obligation_path(site, year, "product_quota", "Y")
    await sleep_until(skip_env, CLOCK.at(date(year, 10, 1), 12))
    quota = until(lambda: ok(api.get(director, quota_path)), lambda q: q["escalations"])
    assert quota["status"] == "in_progress" and [e["level"] for e in quota["escalations"] if e["open"]] == ["risk"]
    assert _send_new(api, site, year, "Проект «Серебряный волонтер»")["status"] == "sent"
    assert _send_new(api, site, year, "Проект «Школа ухода»")["status"] == "sent"
    quota = ok(api.get(director, quota_path))
    assert quota["status"] == "approved" and quota["progress"]["done"] == 2
    assert [(e["level"], e["open"]) for e in quota["escalations"]] == [("risk", False)]
