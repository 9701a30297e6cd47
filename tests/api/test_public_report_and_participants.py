"""Through the REST API with the real worker: the public report is by video conference unless the site says why
(2.4.3, L148; decision D38), and C12's roadmap events fall short of their participant minimums visibly (L2816–2842;
D40). Сургутский реабилитационный центр (C12, 1.1.3), 2022: every obligation of the year is open at once."""

from __future__ import annotations

from typing import Any

from innocycle.demo_files import docx_bytes, pdf_bytes, xlsx_bytes
from tests.support.client import Api
from tests.support.stack import Stack

SITE, YEAR, DIRECTOR, CURATOR = "1.1.3", 2022, "director.1.1.3", "curator.1.1.3"
INDICATORS = [  # C12's set is the standard one (I1–I6)
    {"key": "I1", "period_value": True},
    {"key": "I2", "period_value": 4, "ytd_value": 4},
    {"key": "I3", "period_value": 11, "ytd_value": 11},
    {"key": "I4", "period_value": 3, "ytd_value": 3},
    {"key": "I5", "period_value": "Сформирована база методических материалов"},
    {"key": "I6", "period_value": 5, "ytd_value": 5},
]

C12_ROADMAP = [
    {
        "no": "6",
        "section": "Организационно-методическое направление",
        "item": "Проведение обучающих мероприятий в рамках стажировочных площадок",
        "deadline": "ежеквартально",
        "responsible": "Куратор Ресурсного центра",
        "expected_result": "количество специалистов, охваченных мероприятиями, не менее 50 человек",
    },
    {
        "no": "19",
        "section": "Научно-исследовательское направление",
        "item": "Проведение информационно-дискуссионной площадки для инструкторов по адаптивной физической культуре",
        "deadline": "02.03.2022 30.08.2022",
        "responsible": "Куратор Ресурсного центра, методист",
        "expected_result": "Участие не менее 25 сотрудников организаций разных ведомств",
    },
    {
        "no": "23",
        "section": "Научно-исследовательское направление",
        "item": "Проведение информационно-дискуссионной площадки для психологов, работающих с людьми с РАС",
        "deadline": "16.02.2022 13.04.2022 13.07.2022 12.10.2022",
        "responsible": "Куратор Ресурсного центра, методист",
        "expected_result": "Участие не менее 25 сотрудников организаций разных ведомств",
    },
]


def _file(api: Api, name: str) -> str:
    content = {"pdf": pdf_bytes(name), "docx": docx_bytes(name), "xlsx": xlsx_bytes([[name]])}[name.rsplit(".", 1)[1]]
    response = api.upload(DIRECTOR, SITE, name, content)
    assert response.status_code == 201, response.text
    return str(response.json()["file_id"])


def approve_c12_package(api: Api, year: int = YEAR) -> None:
    """C12's package of ``year`` with the roadmap rows that carry participant minimums, through its whole chain."""
    items = api.upload_package(SITE, year, DIRECTOR)
    submitted = api.submit(SITE, year, DIRECTOR, items, data={"form": "package", "roadmap": C12_ROADMAP})
    assert submitted.status_code == 200, submitted.text
    for _ in range(6):  # the site's chain: the Department's согласование of the roadmap (D5, D33), the curator
        body = api.obligation(SITE, year, DIRECTOR)
        if body["status"] == "approved":
            return
        for role in sorted({a["role"] for a in body["next_actor"]}):
            login = "department" if role == "department" else CURATOR
            decided = api.decide(SITE, year, login, "agree" if role == "department" else "approve")
            if decided.status_code == 409 and decided.json()["code"] == "wrong_action":
                decided = api.decide(SITE, year, login, "approve")
            assert decided.status_code == 200, decided.text
    assert api.obligation(SITE, year, DIRECTOR)["status"] == "approved"


def test_public_report_by_vks_and_c12_participants(api: Api, dev_stack: Stack) -> None:
    assert api.open_cycle(SITE, YEAR).status_code == 201
    dev_stack.wait_until_quiet()

    # --- the public report (2.4.3): ВКС with its link, another format only with a reason -----------------------
    public = {"presentation": _file(api, "public-q1.pdf"), "monitoring_results": _file(api, "monitoring-q1.pdf")}

    def hold(data: dict[str, Any]) -> Any:
        meeting = {"form": "meeting", "held_on": "2022-03-24", **data}
        return api.submit(SITE, YEAR, DIRECTOR, public, data=meeting, key="public_report", instance="Q1")

    no_link = hold({"format": "vks"})
    assert no_link.status_code in (409, 422) and no_link.json()["code"] == "link_required"
    in_person = hold({"format": "in_person"})
    assert in_person.status_code in (409, 422), in_person.text
    refused = in_person.json()
    assert refused["code"] == "format_reason_required"
    assert refused["errors"][0]["field"] == "data.format_reason"
    assert "формате ВКС (п. 2.4.3)" in refused["detail"] and "D38" in refused["detail"]
    state = api.get(DIRECTOR, f"/api/sites/{SITE}/cycles/{YEAR}/obligations/public_report/Q1").json()
    assert state["status"] != "approved"  # nothing recorded
    reason = "Отчет проведен очно на выездном заседании Совета директоров в г. Сургуте"
    held = hold({"format": "in_person", "format_reason": reason, "participants": 40})
    assert held.status_code == 200, held.text
    assert held.json()["status"] == "approved"
    submissions = held.json().get("submissions") or []
    assert any((s.get("data") or {}).get("format_reason") == reason for s in submissions), held.json()

    # --- C12's participant minimums (D40): the rows carry a count, a shortfall shows ---------------------------
    approve_c12_package(api)
    rows = api.get(DIRECTOR, f"/api/sites/{SITE}/cycles/{YEAR}/roadmap").json()
    assert [r["participants_check"]["minimum"] for r in rows] == [50, 25, 25]
    assert not any(r["participants_check"]["short"] for r in rows)  # nothing reported yet

    files = {"report_forms": _file(api, "q1.xlsx"), "activity_info": _file(api, "q1.docx")}
    statuses = [
        {"no": "6", "status": "done", "fact_date": "2022-03-20", "participants": 64},
        {"no": "19", "status": "done", "fact_date": "2022-03-02", "participants": 18},
        {"no": "23", "status": "done", "fact_date": "2022-02-16"},
    ]
    report = {"form": "report", "indicators": INDICATORS, "roadmap": statuses}
    sent = api.submit(SITE, YEAR, DIRECTOR, files, data=report, key="quarterly_report", instance="Q1")
    assert sent.status_code == 200, sent.text  # a shortfall is shown, never a reason to refuse
    assert api.decide(SITE, YEAR, CURATOR, "approve", key="quarterly_report", instance="Q1").status_code == 200
    rows = {r["no"]: r for r in api.get(CURATOR, f"/api/sites/{SITE}/cycles/{YEAR}/roadmap").json()}
    assert rows["6"]["participants"] == 64 and not rows["6"]["participants_check"]["short"]
    assert rows["19"]["participants"] == 18
    short = rows["19"]["participants_check"]
    assert short["short"] and short["source"] == "001:L2836"
    assert short["text"].startswith("Участников 18 — меньше нормы: не менее 25") and "недостает 7" in short["text"]
    assert rows["23"]["participants_check"]["short"]  # done, but nobody counted
    assert rows["23"]["participants_check"]["text"].startswith("Число участников не указано")
