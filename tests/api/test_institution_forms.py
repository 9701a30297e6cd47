"""Every institution reports (order 135-р п. 5.2, decisions D34–D37), through the REST API against the real worker:
each institution named by the site sends its own quarterly forms; the site's quarterly report is not accepted while
one is missing, unless the site said why; the Q4 forms carry a target on the last working day of December, shown as
a target; the standing duties the report evidences appear in the region's view."""

from __future__ import annotations

from typing import Any

from domain.cycle import snapshot_for
from domain.regulations.catalog import regulation
from domain.regulations.khmao.sites import site_by_id
from innocycle.demo_files import pdf_bytes, xlsx_bytes
from tests.support.client import Api, obligation_path
from tests.support.stack import Stack
from tests.support.year_scenario import _value

SITE, YEAR = "1.2.3", 2024  # OP18 names two state institutions in its roadmap (D35)
DIRECTOR, CURATOR, RESPONSIBLE = f"director.{SITE}", f"curator.{SITE}", f"responsible.{SITE}"
MEGION, KHANTY = "megion-kcson", "khanty-mansiysk-family-center"
FORMS = "institution_quarterly_report"


def _upload(api: Api, login: str, name: str) -> str:
    content = pdf_bytes(name) if name.endswith(".pdf") else xlsx_bytes([[name]])
    response = api.upload(login, SITE, name, content)
    assert response.status_code == 201, response.text
    return str(response.json()["file_id"])


def _send_forms(api: Api, institution: str, quarter: str) -> Any:
    login = f"institution.{institution}"
    return api.submit(
        SITE,
        YEAR,
        login,
        {"report_forms": _upload(api, login, f"forms-{quarter}.xlsx")},
        key=FORMS,
        instance=f"{quarter}-{institution}",
    )


def _report(api: Api, quarter: str, **extra: Any) -> Any:
    snapshot = snapshot_for(regulation("khmao-135r"), site_by_id(SITE), YEAR)
    rule = next(o for o in snapshot.obligations if o.key == "quarterly_report")
    indicators = [_value(i, int(quarter[1])) for i in snapshot.indicators if i.key in rule.indicators]
    items = {"report_forms": _upload(api, DIRECTOR, "q.xlsx"), "activity_info": _upload(api, DIRECTOR, "q.pdf")}
    data = {"form": "report", "indicators": indicators, "roadmap": [], **extra}
    return api.submit(SITE, YEAR, DIRECTOR, items, data=data, key="quarterly_report", instance=quarter)


def test_a_site_quarter_with_one_institution_missing(api: Api, dev_stack: Stack) -> None:
    assert api.open_cycle(SITE, YEAR).status_code == 201
    dev_stack.wait_until_quiet()
    cycle = api.get(DIRECTOR, f"/api/sites/{SITE}/cycles/{YEAR}").json()["obligations"]
    forms = sorted(o["instance"] for o in cycle if o["key"] == FORMS)
    assert forms == sorted(f"Q{q}-{i}" for q in range(1, 5) for i in (MEGION, KHANTY))

    # Each institution finds only its own forms in its inbox…
    inbox = api.get(f"institution.{MEGION}", "/api/tasks", params={"site_id": SITE, "year": YEAR, "per_page": 200})
    assert inbox.status_code == 200, inbox.text
    asked = {t["obligation"]["instance"] for t in inbox.json()["items"] if t["obligation"]["key"] == FORMS}
    assert asked == {f"Q{q}-{MEGION}" for q in range(1, 5)}
    # …and sends them; another institution cannot send them for it.
    assert _send_forms(api, MEGION, "Q1").status_code == 200
    assert _send_forms(api, KHANTY, "Q1-other").status_code == 404  # no such instance
    other = api.submit(SITE, YEAR, f"institution.{KHANTY}", {"report_forms": "x"}, key=FORMS, instance=f"Q1-{MEGION}")
    assert other.status_code == 404, other.text

    # The site's Q1 report: the curator cannot accept it while the Ханты-Мансийский центр's forms are missing.
    assert _report(api, "Q1").status_code == 200
    refused = api.decide(SITE, YEAR, CURATOR, "approve", key="quarterly_report", instance="Q1")
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "institution_forms_missing"
    assert "Ханты-Мансийский центр социальной помощи семье и детям" in refused.json()["detail"]
    assert "Мегионский" not in refused.json()["detail"]
    report = api.get(CURATOR, obligation_path(SITE, YEAR, "quarterly_report", "Q1")).json()
    assert report["status"] == "under_review"

    # Once the forms arrive, the report is accepted.
    assert _send_forms(api, KHANTY, "Q1").status_code == 200
    accepted = api.decide(SITE, YEAR, CURATOR, "approve", key="quarterly_report", instance="Q1")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "approved"

    # Q2: one institution never sends; the site says why, and the report is accepted with the reason recorded.
    assert _send_forms(api, MEGION, "Q2").status_code == 200
    reason = "Учреждение не работало по направлению во II квартале (ремонт отделения)"
    order = _upload(api, DIRECTOR, "order.pdf")
    standing = [
        {"key": "responsible_persons", "state": "done", "file_id": order},
        {"key": "public_information", "state": "done", "link": "https://sovrcn.ru/op"},
        {"key": "internship_platforms", "state": "in_progress", "comment": "Договор на согласовании"},
    ]
    bad_file = _report(api, "Q2", standing=[{"key": "responsible_persons", "state": "done", "file_id": "nope"}])
    assert bad_file.status_code == 422, bad_file.text
    assert _report(api, "Q2", standing=standing, institutions_missing_reason=reason).status_code == 200
    accepted = api.decide(SITE, YEAR, CURATOR, "approve", key="quarterly_report", instance="Q2")
    assert accepted.status_code == 200, accepted.text
    timeline = api.get(DIRECTOR, f"/api/sites/{SITE}/cycles/{YEAR}/timeline")
    assert timeline.status_code == 200, timeline.text
    assert reason in timeline.text and "без отчетных форм учреждений" in timeline.text

    # The region sees which standing duties the site evidenced (D37).
    view = api.get("department", f"/api/region/86/standing?year={YEAR}")
    assert view.status_code == 200, view.text
    row = next(s for s in view.json()["sites"] if s["site_id"] == SITE)
    assert row["report_instance"] == "Q2" and row["evidenced"] == 2
    states = {s["key"]: s for s in row["states"]}
    assert states["responsible_persons"]["file_id"] == order
    assert states["public_information"]["link"] == "https://sovrcn.ru/op"
    assert states["internship_platforms"]["state_ru"] == "в работе"
    assert states["unified_structure"]["state_ru"] == "не указано"
    assert api.get(DIRECTOR, f"/api/region/86/standing?year={YEAR}").status_code == 403


def test_q4_forms_show_the_internal_target_before_the_new_year_holidays(api: Api, dev_stack: Stack) -> None:
    year = 2025
    assert api.open_cycle(SITE, year).status_code == 201
    dev_stack.wait_until_quiet()
    path = obligation_path(SITE, year, FORMS, f"Q4-{MEGION}")
    forms = api.get(f"institution.{MEGION}", path)
    assert forms.status_code == 200, forms.text
    due = forms.json()["due"]
    # the legal date stays (1 January, rolled to the first working day, ГК РФ ст. 193); the target is 30.12.2025
    assert due["nominal"] == "2026-01-01" and due["effective"] == "2026-01-12"
    assert due["internal_target"] == "2025-12-30"  # 31.12.2025 is a day off by decree
    assert "решение D36" in forms.json()["why_due"]["target_reason"]  # a target with its reason, not a deadline
