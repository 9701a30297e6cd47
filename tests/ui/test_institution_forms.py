"""Every institution reports (order 135-р п. 5.2, decisions D34–D37), in the browser: an institution's responsible
person sends its own quarterly forms through the page; the curator sees on the site's report which institutions
have sent and which have not, and cannot accept it without them; the Q4 forms show their target before the New Year
holidays as a target; the Department sees which sites evidenced their standing duties."""

from __future__ import annotations

from playwright.sync_api import expect

from innocycle.demo_files import pdf_bytes, xlsx_bytes
from tests.api.test_institution_forms import KHANTY, MEGION
from tests.support.client import Api, obligation_path, until
from tests.support.stack import Stack
from tests.support.year_scenario import _value
from tests.ui.conftest import Visitor
from tests.ui.test_obligation_page import file_payload, page_of

SITE, YEAR = "1.2.3", 2026
FORMS = "institution_quarterly_report"


def _director_sends_q1(api: Api) -> None:
    from domain.cycle import snapshot_for
    from domain.regulations.catalog import regulation
    from domain.regulations.khmao.sites import site_by_id

    director = f"director.{SITE}"
    snapshot = snapshot_for(regulation("khmao-135r"), site_by_id(SITE), YEAR)
    rule = next(o for o in snapshot.obligations if o.key == "quarterly_report")
    items = {}
    for key, name, content in (
        ("report_forms", "q1.xlsx", xlsx_bytes([["q1"]])),
        ("activity_info", "q1.pdf", pdf_bytes("q1")),
    ):
        response = api.upload(director, SITE, name, content)
        assert response.status_code == 201, response.text
        items[key] = response.json()["file_id"]
    order = api.upload(director, SITE, "prikaz.pdf", pdf_bytes("prikaz")).json()["file_id"]
    data = {
        "form": "report",
        "indicators": [_value(i, 1) for i in snapshot.indicators if i.key in rule.indicators],
        "roadmap": [],
        "standing": [
            {"key": "responsible_persons", "state": "done", "file_id": order},
            {"key": "public_information", "state": "done", "link": "https://sovrcn.ru/op"},
            {"key": "internship_platforms", "state": "in_progress"},
        ],
    }
    sent = api.submit(SITE, YEAR, director, items, data=data, key="quarterly_report", instance="Q1")
    assert sent.status_code == 200, sent.text


def test_institutions_send_their_forms_and_the_site_sees_who_has_not(
    api: Api, dev_stack: Stack, visitor: Visitor, second_visitor: Visitor
) -> None:
    opened = api.open_cycle(SITE, YEAR)
    assert opened.status_code in (201, 409), opened.text
    dev_stack.wait_until_quiet()
    own = obligation_path(SITE, YEAR, FORMS, f"Q1-{MEGION}")
    until(lambda: api.get(f"institution.{MEGION}", own).json().get("status"), lambda s: s == "awaiting_submission")

    # The Мегионский КЦСОН's responsible person sends its Q1 forms through the page.
    institution = visitor
    institution.sign_in(f"institution.{MEGION}")
    institution.goto(page_of(SITE, YEAR, FORMS, f"Q1-{MEGION}"))
    page = institution.page
    expect(page.get_by_role("heading", name="Что нужно сделать сейчас")).to_be_visible()
    expect(page.locator(".ob-forms-of")).to_contain_text("Мегионский комплексный центр")
    institution.look("forms-to-send")
    page.set_input_files("#items-report_forms", files=[file_payload("formy-q1.xlsx", xlsx_bytes([["I1", "5"]]))])
    page.get_by_role("button", name="Направить на рассмотрение").click()
    expect(page.locator(".notice--success")).to_be_visible()
    # …and sees the target of its Q4 forms, the last working day of December, as a target, not the legal date.
    institution.goto(page_of(SITE, YEAR, FORMS, f"Q4-{MEGION}"))
    why = page.locator("section.ob-why")
    expect(why).to_contain_text("30.12.2026 — ориентир, а не срок по приказу")
    expect(why).to_contain_text("решение D36")
    institution.look("q4-target")

    # The site's report: the curator sees who has sent and cannot accept it without the missing institution.
    _director_sends_q1(api)
    curator = second_visitor
    curator.sign_in(f"curator.{SITE}")
    curator.goto(page_of(SITE, YEAR, "quarterly_report", "Q1"))
    review = curator.page
    listed = review.locator("section.ob-institutions")
    expect(listed).to_contain_text("Не прислали: 1 из 2")
    expect(listed.locator(f'[data-institution="{KHANTY}"]')).to_contain_text("не прислано")
    expect(listed.locator(f'[data-institution="{MEGION}"]')).to_contain_text("прислано")
    review.get_by_label("Принять").check()
    review.get_by_role("button", name="Отправить решение").click()
    expect(review.locator("body")).to_contain_text("не поступили отчетные формы учреждений")
    curator.look("report-refused")

    # The Department sees which standing duties the site evidenced.
    curator.sign_out()
    curator.sign_in("department")
    curator.goto(f"/region/standing?year={YEAR}")
    row = review.locator(f'tr[data-site="{SITE}"]')
    expect(row).to_contain_text("2 из 7")
    expect(review.locator('tr[data-site="1.1.4"]')).to_contain_text("не представлен")
    expect(row.locator('[data-duty="public_information"]')).to_contain_text("исполняется")
    expect(row.locator('[data-duty="unified_structure"]')).to_contain_text("не указано")
    curator.look("region-standing")
