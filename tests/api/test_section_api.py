"""A Sverdlovsk methodological section through the REST API, on the real API and PostgreSQL: the composition with
each organisation head's consent (a task in their inbox), the leader's election with its open vote and the tenure
rule, the materials checked against the three requirements, returned, revised and forwarded; who may do what
(role and scope), 422 with the field for bad input, 409 with the domain's Russian reason, and the history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import httpx

from innocycle.demo_files import docx_bytes, pdf_bytes
from tests.support.client import Api, obligation_path
from tests.support.oracle import Clock, ReferenceCalendar
from tests.support.sections import register_section
from tests.support.stack import Stack

SECTION, ORG_1, ORG_2 = "sv-api-section", "sv-api-org-1", "sv-api-org-2"
LEADER, BASE_HEAD, HEAD_1, HEAD_2 = "sv-api.leader", "sv-api.base", "sv-api.head1", "sv-api.head2"


def inbox(api: Api, login: str) -> list[str]:
    response = api.get(login, "/api/tasks")
    assert response.status_code == 200, response.text
    return sorted(t["kind"] for t in response.json()["items"] if t["state"] == "open" and t["site_id"] == SECTION)


def problem(response: Any, status: int, code: str, field: str | None = None) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    if field is not None:
        assert field in {e["field"] for e in body.get("errors") or body.get("invalid_params") or []}, body
    return str(body["detail"])


def test_a_section_from_its_composition_to_its_materials(api: Api, dev_stack: Stack) -> None:
    register_section(dev_stack, api, "sv-api")
    path = f"/api/sections/{SECTION}"

    # -- the composition: one representative per organisation, in force once its head consents (000:38)
    no_position = api.post(LEADER, f"{path}/members", json={"full_name": "Петров П. П.", "organisation_id": ORG_1})
    assert no_position.status_code == 422, no_position.text
    assert "position" in no_position.text
    member = {"full_name": "Петрова Анна Сергеевна", "position": "заведующий отделением", "organisation_id": ORG_1}
    assert api.post(BASE_HEAD, f"{path}/members", json=member).status_code == 403  # the leader forms it
    first = api.post(LEADER, f"{path}/members", json=member)
    assert first.status_code == 201, first.text
    p1 = first.json()["person_id"]
    twice = api.post(LEADER, f"{path}/members", json={**member, "full_name": "Сидоров Иван Ильич"})
    assert "один представитель" in problem(twice, 409, "organisation_represented", "organisation_id")
    second = api.post(
        LEADER, f"{path}/members", json={"full_name": "Лебедев Олег Юрьевич", "position": "специалист по социальной "
        "работе", "organisation_id": ORG_2},
    )  # fmt: skip
    p2 = second.json()["person_id"]
    assert inbox(api, HEAD_1) == [f"consent:{p1}"] and inbox(api, HEAD_2) == [f"consent:{p2}"]
    # no leader yet: the base organisation's head is to hold the election, told of it, until a leader is elected
    assert inbox(api, BASE_HEAD) == ["election"]
    told = api.get(BASE_HEAD, "/api/notifications", params={"limit": 200}).json()["items"]
    assert any("Провести выборы руководителя секции" in n["subject"] for n in told), told
    consent = {"consent": True, "on": date.today().isoformat()}
    # the head of another organisation sees no such section (out of scope answers like none)
    problem(api.post(HEAD_2, f"{path}/members/{p1}/consent", json=consent), 404, "site_not_found")
    problem(api.post(LEADER, f"{path}/members/{p1}/consent", json=consent), 403, "not_allowed")
    assert api.post(HEAD_1, f"{path}/members/{p1}/consent", json=consent).status_code == 200
    assert api.post(HEAD_2, f"{path}/members/{p2}/consent", json=consent).status_code == 200
    assert inbox(api, HEAD_1) == [] and inbox(api, HEAD_2) == []
    section = api.get(LEADER, path).json()
    assert [(m["full_name"], m["status_ru"]) for m in section["members"]] == [
        ("Петрова Анна Сергеевна", "согласован"),
        ("Лебедев Олег Юрьевич", "согласован"),
    ]
    assert api.get(HEAD_1, path).status_code == 404  # a member organisation's head does not read the section

    # -- the leader's election: tenure of a year in the position, the open vote, the majority of votes cast
    opened = api.post(BASE_HEAD, f"{path}/elections", json={"held_on": "2026-03-14"})
    assert opened.status_code == 201, opened.text
    number = opened.json()["election_no"]
    elections = f"{path}/elections/{number}"
    short = {
        "full_name": "Новикова Е. А.",
        "position": "методист",
        "organisation_id": ORG_2,
        "position_since": "2025-04-14",
    }
    assert "11 месяцев" in problem(api.post(BASE_HEAD, f"{elections}/candidates", json=short), 409, "tenure_too_short")
    assert (
        api.post(
            BASE_HEAD, f"{elections}/candidates", json={"person_id": p1, "position_since": "2025-03-14"}
        ).status_code
        == 200
    )
    problem(
        api.post(BASE_HEAD, f"{elections}/votes", json={"voter_id": "nobody", "candidate_id": p1}), 409, "not_a_voter"
    )
    assert api.post(BASE_HEAD, f"{elections}/votes", json={"voter_id": p1, "candidate_id": p1}).status_code == 200
    problem(api.post(BASE_HEAD, f"{elections}/votes", json={"voter_id": p1, "candidate_id": p1}), 409, "already_voted")
    assert api.post(BASE_HEAD, f"{elections}/votes", json={"voter_id": p2, "candidate_id": p1}).status_code == 200
    counted = api.post(BASE_HEAD, f"{elections}/count")
    assert counted.status_code == 200, counted.text
    (result,) = counted.json()["elections"]
    assert result["status"] == "elected" and result["leader"] == "Петрова Анна Сергеевна"
    assert inbox(api, BASE_HEAD) == []  # the election held
    assert [(v["voter_name"], v["candidate_name"]) for v in result["votes"]] == [
        ("Петрова Анна Сергеевна", "Петрова Анна Сергеевна"),
        ("Лебедев Олег Юрьевич", "Петрова Анна Сергеевна"),
    ]
    assert result["rounds"][0]["outcome_ru"] == "избран руководитель секции"

    # -- the plan of the year in the seven columns of Appendix 1: the leader, the composition, the meetings planned
    plans = f"{path}/plans/2026/meetings"
    spring = {"on": "2026-03-14", "format": "in_person", "topic": "Стандарты срочных услуг"}
    assert api.post(BASE_HEAD, plans, json=spring).status_code == 403  # the leader drafts it
    assert api.post(LEADER, plans, json={**spring, "format": "по телефону"}).status_code == 422
    first_meeting = api.post(LEADER, plans, json=spring)
    assert first_meeting.status_code == 201, first_meeting.text
    assert first_meeting.json()["plan"]["halves_without_meeting"] == ["2 полугодие 2026"]
    problem(api.post(LEADER, plans, json=spring), 409, "meeting_planned", "on")
    autumn = api.post(LEADER, plans, json={"on": "2026-10-09", "format": "online", "topic": "Наставничество"})
    the_plan = autumn.json()["plan"]
    assert the_plan["halves_without_meeting"] == [] and len(the_plan["columns"]) == len(the_plan["row"]) == 7
    assert the_plan["row"][2] == "Петрова Анна Сергеевна, заведующий отделением"
    assert the_plan["row"][3] == (
        "Петрова Анна Сергеевна (ГАУ «КЦСОН Октябрьского района»); Лебедев Олег Юрьевич (ГАУ «Дом-интернат № 2»)"
    )
    assert the_plan["row"][4:] == [
        "14.03.2026, 09.10.2026",
        "14.03.2026 — очный; 09.10.2026 — онлайн",
        "14.03.2026 — Стандарты срочных услуг; 09.10.2026 — Наставничество",
    ]
    removed = api.delete(LEADER, f"{plans}/2026-03-14")
    assert removed.json()["plan"]["halves_without_meeting"] == ["1 полугодие 2026"]

    # -- the materials: checked by the base organisation against the three requirements, returned, forwarded
    uploaded = api.upload(LEADER, SECTION, "material.pdf", pdf_bytes("Материал"))
    assert uploaded.status_code == 201, uploaded.text
    materials = f"{path}/materials/2026"
    body = {"title": "Алгоритм срочной помощи", "topic": "Стандарты срочных услуг", "authors": ["Иванова О. П."]}
    missing = api.post(LEADER, materials, json={**body, "file_ids": []})
    assert missing.status_code == 422 and "file_ids" in missing.text
    submitted = api.post(LEADER, materials, json={**body, "file_ids": [uploaded.json()["file_id"]]})
    assert submitted.status_code == 201, submitted.text
    assert inbox(api, BASE_HEAD) == ["check_material:1"]
    unmet = {"current_methods": True, "authorial_interpretation": True, "cited_sources": False}
    problem(api.post(LEADER, f"{materials}/1/check", json={"checks": unmet}), 403, "not_allowed")
    problem(api.post(BASE_HEAD, f"{materials}/1/check", json={"checks": unmet}), 409, "comment_required", "comment")
    returned = api.post(BASE_HEAD, f"{materials}/1/check", json={"checks": unmet, "comment": "Нет ссылок"})
    assert returned.json()["materials"][0]["status_ru"] == "возвращен на доработку"
    assert inbox(api, LEADER) == ["revise_material:1"]
    revised = api.post(LEADER, f"{materials}/1/revision", json={"file_ids": [uploaded.json()["file_id"]]})
    assert revised.status_code == 200, revised.text
    checked = api.post(BASE_HEAD, f"{materials}/1/check", json={"checks": dict.fromkeys(unmet, True)})
    assert checked.json()["may"]["forward"] is True
    assert inbox(api, BASE_HEAD) == ["forward_materials"]
    forwarded = api.post(BASE_HEAD, f"{materials}/forwarding")
    assert forwarded.json()["materials"][0]["status_ru"] == "передан в ОМЦ"
    assert inbox(api, BASE_HEAD) == []

    # -- the history tells it all in Russian, roles as the regime names them
    history = [h["text"] for h in api.get(BASE_HEAD, f"{path}/history").json()]
    assert any("руководитель организации социального обслуживания" in line for line in history)
    assert any(line.startswith("Руководителем секции избран(а) Петрова Анна Сергеевна") for line in history)
    assert any("не выполнено — содержать ссылки на используемые источники информации" in line for line in history)
    removal = "Из плана 2026 года исключено заседание 14.03.2026 — Иванова Ольга Петровна, руководитель методической"
    assert any(line.startswith(removal) for line in history)
    assert any(line.startswith("В план 2026 года внесено заседание 09.10.2026 (онлайн)") for line in history)
    assert not any("РЦРСО" in line or "куратор" in line for line in history)


def _open_tasks(api: Api, login: str, site: str) -> dict[str, dict[str, Any]]:
    response = api.get(login, "/api/tasks")
    assert response.status_code == 200, response.text
    return {t["kind"]: t for t in response.json()["items"] if t["state"] == "open" and t["site_id"] == site}


def _check_terms(stack: Stack, site: str, at: datetime) -> int:
    response = httpx.post(
        f"{stack.api_url}/internal/sections/{site}/terms",
        json={"at": at.isoformat()},
        headers={"Authorization": f"Bearer {stack.env['INNOCYCLE_SERVICE_TOKEN']}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return int(response.json()["raised"])


def test_a_registered_section_asks_for_its_election_and_a_consent_left_past_its_term_escalates(
    api: Api, dev_stack: Stack
) -> None:
    people = register_section(dev_stack, api, "sv-term")
    site = "sv-term-registered"
    # -- registered through the registry without a leader: the base organisation's head is asked for the election
    card = {
        "id": site,
        "region_id": "66",
        "institution_id": people.base_org,
        "direction_title": "Методическая секция заведующих отделениями (проверка сроков)",
        "status": "methodological_section",
        "status_since": "2026-01-01",
    }
    created = api.post("admin", "/api/admin/sites", json=card)
    assert created.status_code == 201, created.text
    api.grant(people.base_head, "site_director", "site", site)
    api.grant(people.leader, "site_responsible", "site", site)
    assert list(_open_tasks(api, people.base_head, site)) == ["election"]

    # -- the consent has a term (D17): 10 working days after the proposal, on the task and on the section's page
    path = f"/api/sections/{site}"
    member = {
        "full_name": "Зайцева Мария Олеговна",
        "position": "заведующий отделением",
        "organisation_id": people.orgs[0],
    }
    proposed = api.post(people.leader, f"{path}/members", json=member)
    assert proposed.status_code == 201, proposed.text
    person = proposed.json()["person_id"]
    (shown,) = proposed.json()["members"]
    assert (
        shown["term"]["explain_ru"]
        == "10 рабочих дней после дня, когда работник предложен в состав секции (решение D17)"
    )
    task = _open_tasks(api, people.heads[0], site)[f"consent:{person}"]
    assert task["due"]["effective"] == shown["term"]["due"] and task["overdue"] is False
    assert task["obligation"]["rule_url"] == "/api/regulations/sverdlovsk-sections#decision-D17"  # its explanation
    ends = datetime.fromisoformat(task["due"]["ends_at"])

    # -- left unanswered past its term: the region's morning digest run finds it overdue — told to the leader and the
    # base organisation, and in the head's digest among what is overdue —; the ОМЦ 5 working days on
    assert _check_terms(dev_stack, site, ends - timedelta(minutes=1)) == 0
    calendar = ReferenceCalendar(range(ends.year, ends.year + 2))
    day = date.fromisoformat(task["due"]["effective"]) + timedelta(days=1)
    while not calendar.working(day):
        day += timedelta(days=1)
    run = httpx.post(
        f"{dev_stack.api_url}/internal/regions/66/digests",
        json={"at": Clock("Asia/Yekaterinburg").at(day, 9).isoformat()},
        headers={"Authorization": f"Bearer {dev_stack.env['INNOCYCLE_SERVICE_TOKEN']}"},
        timeout=120,
    )
    assert run.status_code == 200 and run.json()["working_day"], run.text
    digest = api.get(people.heads[0], f"/api/notifications/digests/{day.isoformat()}").json()
    overdue = [i for part in digest["parts"] if part["section"] == "overdue" for i in part["items"]]
    assert [i["link"] for i in overdue if "Зайцева" in i["title"]] == [f"/sections/{site}"], digest
    assert _check_terms(dev_stack, site, ends + timedelta(days=1)) == 0  # raised once
    rows = dev_stack.query(
        "SELECT level, review, resolved_at FROM escalations WHERE site_id = %s ORDER BY raised_at", site
    )
    assert rows == [("overdue", f"consent:{person}", None)]
    told = api.get(people.leader, "/api/notifications", params={"limit": 200}).json()["items"]
    assert any("Зайцева Мария Олеговна" in n["subject"] and n["kind"] == "overdue" for n in told), told
    assert _check_terms(dev_stack, site, ends + timedelta(days=14)) == 1  # level 2: the ОМЦ
    listed = api.get(people.omc, "/api/region/escalations", params={"site_id": site, "open": True}).json()
    assert sorted(e["level"] for e in listed["items"]) == ["level2", "overdue"], listed
    assert all(e["obligation_title"].startswith("Согласовать включение") for e in listed["items"]), listed
    history = [h["text"] for h in api.get(people.leader, f"{path}/history").json()]
    assert any(line.startswith("Срок ") and "срок нарушен" in line for line in history), history

    # -- the answer closes the task and its escalations
    consent = {"consent": True, "on": date.today().isoformat()}
    assert api.post(people.heads[0], f"{path}/members/{person}/consent", json=consent).status_code == 200
    assert dev_stack.query("SELECT count(*) FROM escalations WHERE site_id = %s AND resolved_at IS NULL", site) == [
        (0,)
    ]

    # -- elected: the election task is done
    opened = api.post(people.base_head, f"{path}/elections", json={"held_on": "2026-03-14"})
    elections = f"{path}/elections/{opened.json()['election_no']}"
    nominee = {"person_id": person, "position_since": "2024-01-10"}
    assert api.post(people.base_head, f"{elections}/candidates", json=nominee).status_code == 200
    vote = {"voter_id": person, "candidate_id": person}
    assert api.post(people.base_head, f"{elections}/votes", json=vote).status_code == 200
    assert api.post(people.base_head, f"{elections}/count").json()["elections"][0]["status"] == "elected"
    assert _open_tasks(api, people.base_head, site) == {}


def test_the_plans_rows_are_approved_with_the_approved_plan_file_and_changed_rows_ask_again(
    api: Api, dev_stack: Stack
) -> None:
    """D18: no approval of the rows without the obligation's approved file; the approval names the file and its
    submission; a row added after it leaves the plan «изменен после утверждения» until approved again."""
    people = register_section(dev_stack, api, "sv-plan")
    site, year = people.site, 2027
    path = f"/api/sections/{site}"
    spring = {"on": f"{year}-03-16", "format": "in_person", "topic": "Стандарты срочных услуг"}
    assert api.post(people.leader, f"{path}/plans/{year}/meetings", json=spring).status_code == 201
    approval = f"{path}/plans/{year}/approval"
    assert api.post(people.leader, approval).status_code == 403  # the base organisation's head approves
    assert "сначала утвердите файл плана" in problem(
        api.post(people.base_head, approval), 409, "plan_file_not_approved", "plan_file"
    )

    # the plan's file sent and approved in the obligation «Состав и годовой план работы методической секции»
    assert api.open_cycle(site, year, login="admin").status_code == 201
    detail = api.get(people.leader, obligation_path(site, year, "annual_plan", "annual")).json()
    items = {}
    for item in detail["items"]:
        if item["required"]:
            uploaded = api.upload(people.leader, site, f"{item['key']}.docx", docx_bytes(item["key"]))
            items[item["key"]] = uploaded.json()["file_id"]
    sent = api.submit(site, year, people.leader, items, key="annual_plan", instance="annual")
    assert sent.status_code == 200, sent.text
    approved = api.decide(site, year, people.base_head, "approve", key="annual_plan", instance="annual")
    assert approved.status_code == 200, approved.text

    view = api.post(people.base_head, approval)
    assert view.status_code == 200, view.text
    state = view.json()["plan"]["approval"]
    assert state["status"] == "approved" and state["needs_reapproval"] is False
    assert state["approved"]["file"]["file_id"] == items["plan"] and state["approved"]["file"]["submission_no"] == 1
    assert state["approved"]["meetings"] == [spring["on"]]
    problem(api.post(people.base_head, approval), 409, "plan_approved")

    autumn = {"on": f"{year}-10-12", "format": "online", "topic": "Наставничество"}
    changed = api.post(people.leader, f"{path}/plans/{year}/meetings", json=autumn).json()["plan"]["approval"]
    assert changed["status"] == "changed" and changed["needs_reapproval"] is True
    assert changed["status_ru"] == "изменен после утверждения — нужно утвердить снова"
    again = api.post(people.base_head, approval).json()["plan"]["approval"]
    assert again["status"] == "approved" and again["approved"]["meetings"] == [spring["on"], autumn["on"]]
    history = [h["text"] for h in api.get(people.base_head, f"{path}/history").json()]
    assert any(
        line.startswith(f"Строки плана {year} года (2 заседания) утверждены вместе с файлом") for line in history
    )
    dev_stack.wait_until_quiet()
