"""In the browser: the public report's form asks for the ВКС link and takes another format only with the site's
reason (2.4.3, L148; D38); C12's roadmap shows an event short of its participant minimum, and its report form asks
for the count beside the norm (L2816–2842; D40). Сургутский реабилитационный центр (C12, 1.1.3), 2023."""

from __future__ import annotations

from playwright.sync_api import FilePayload, expect

from innocycle.demo_files import docx_bytes, pdf_bytes, xlsx_bytes
from tests.api.test_public_report_and_participants import CURATOR, DIRECTOR, INDICATORS, SITE, approve_c12_package
from tests.support.client import Api, obligation_path, until
from tests.ui.conftest import Visitor

YEAR = 2023  # no other test opens this year of C12


def _open(api: Api, key: str, instance: str) -> str:
    opened = api.open_cycle(SITE, YEAR)
    assert opened.status_code in (201, 409), opened.text
    path = obligation_path(SITE, YEAR, key, instance)
    until(lambda: api.get("rcrso", path).json().get("status"), lambda status: status not in (None, "planned"), 30)
    return f"/sites/{SITE}/cycles/{YEAR}/obligations/{key}/{instance}"


def _file(name: str, content: bytes) -> FilePayload:
    return FilePayload(name=name, mimeType="application/octet-stream", buffer=content)


def test_a_public_report_not_by_vks_needs_its_reason(api: Api, visitor: Visitor) -> None:
    path = _open(api, "public_report", "Q1")
    visitor.sign_in(DIRECTOR)
    visitor.goto(path)
    page = visitor.page
    reason_field = page.get_by_label("Причина, если отчет проведен не по ВКС")
    expect(reason_field).to_be_visible()
    expect(page.locator("#data-format_reason-hint")).to_contain_text("По п. 2.4.3 отчет проводится в формате ВКС")
    page.get_by_label("Дата проведения").fill(f"{YEAR}-03-16")
    page.get_by_label("Формат", exact=True).select_option("in_person")
    page.set_input_files("#items-presentation", files=[_file("prezentaciya.pdf", pdf_bytes("Otchet"))])
    page.set_input_files("#items-monitoring_results", files=[_file("monitoring.pdf", pdf_bytes("Itogi"))])
    page.get_by_role("button", name="Направить").click()
    expect(page.locator("#data-format_reason-error")).to_contain_text("формате ВКС (п. 2.4.3)")
    expect(page.locator(".error-summary")).to_contain_text("решение D38")
    state = api.get("rcrso", obligation_path(SITE, YEAR, "public_report", "Q1")).json()
    assert state["submissions"] == []  # nothing recorded
    visitor.look("no-reason")

    reason = "Проведен очно на выездном заседании Совета директоров: ВКС-площадка была недоступна"
    page.get_by_label("Причина, если отчет проведен не по ВКС").fill(reason)
    page.set_input_files("#items-presentation", files=[_file("prezentaciya.pdf", pdf_bytes("Otchet"))])
    page.set_input_files("#items-monitoring_results", files=[_file("monitoring.pdf", pdf_bytes("Itogi"))])
    page.get_by_role("button", name="Направить").click()
    expect(page.locator(".notice--success")).to_contain_text("Обязанность выполнена")
    page.locator(".ob-history__data summary").first.click()
    expect(page.locator(".ob-history")).to_contain_text(reason)
    visitor.look("with-reason")
    (sent,) = api.get("rcrso", obligation_path(SITE, YEAR, "public_report", "Q1")).json()["submissions"]
    assert sent["data"]["format"] == "in_person" and sent["data"]["format_reason"] == reason


def test_an_event_short_of_participants_shows_on_the_roadmap(api: Api, visitor: Visitor) -> None:
    _open(api, "package", "annual")
    approve_c12_package(api, YEAR)
    files = {}
    for name, content in (("q1.xlsx", xlsx_bytes([["q1"]])), ("q1.docx", docx_bytes("q1"))):
        uploaded = api.upload(DIRECTOR, SITE, name, content)
        assert uploaded.status_code == 201, uploaded.text
        files["report_forms" if name.endswith("xlsx") else "activity_info"] = uploaded.json()["file_id"]
    statuses = [
        {"no": "6", "status": "done", "fact_date": f"{YEAR}-03-20", "participants": 52},
        {"no": "19", "status": "done", "fact_date": f"{YEAR}-03-02", "participants": 18},
        {"no": "23", "status": "in_progress"},
    ]
    report = {"form": "report", "indicators": INDICATORS, "roadmap": statuses}
    sent = api.submit(SITE, YEAR, DIRECTOR, files, data=report, key="quarterly_report", instance="Q1")
    assert sent.status_code == 200, sent.text

    # The curator sees the shortfall while deciding, in the report's history.
    visitor.sign_in(CURATOR)
    visitor.goto(f"/sites/{SITE}/cycles/{YEAR}/obligations/quarterly_report/Q1")
    page = visitor.page
    page.locator(".ob-history__data summary").first.click()
    expect(page.locator(".ob-history")).to_contain_text("участников 18 — меньше нормы")
    visitor.look("report-under-review")
    assert api.decide(SITE, YEAR, CURATOR, "approve", key="quarterly_report", instance="Q1").status_code == 200

    visitor.goto(f"/sites/{SITE}/cycles/{YEAR}/roadmap")
    short = page.locator(".participants--short")
    expect(short).to_have_count(1)
    expect(short).to_contain_text("недобор участников")
    expect(short).to_contain_text("Участников 18 — меньше нормы: не менее 25")
    expect(short).to_contain_text("001:L2836")
    expect(page.locator(".cycle-roadmap").first).to_contain_text("Участников 52 — норма выполнена")
    visitor.look("roadmap-short")

    # The next report asks for the count beside the norm of each row that has one.
    visitor.sign_out()
    visitor.sign_in(DIRECTOR)
    _open(api, "quarterly_report", "Q2")
    visitor.goto(f"/sites/{SITE}/cycles/{YEAR}/obligations/quarterly_report/Q2")
    expect(page.locator("#data-roadmap-19-participants-hint")).to_contain_text("Норма: не менее 25")
    expect(page.locator("#data-roadmap-6-participants-hint")).to_contain_text("не менее 50 специалистов за квартал")
    visitor.look("report-form")
