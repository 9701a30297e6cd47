"""A Vologda platform's criteria report through its page (seed 003): the platform's head sees every indicator of
the year's catalogue by criterion with the seed's figures, the warning «five claimed, four listed» beside C1.N1 and
the evidence each indicator cites; a fraction typed into a count is refused beside the field, a whole number is
kept; the report is sent; the host's acting head signs СОГЛАСОВАНО and the Department's head УТВЕРЖДАЮ, each with
position, printed name and date, and the approval block shows both signatures. And a participating centre's quarter
(D11): the centre's responsible person sends the figures from the request in the inbox, and the platform's summary
page shows which centres' figures are accepted, the form filled with their sum and a reason asked for the other."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from domain.platform.seed_reports import REPORT_2023
from domain.regulations.vologda import REGULATION
from innocycle.demo_platform import value_body
from tests.support.client import Api, until
from tests.support.platform_year import register_the_platform
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

REGION = "35"
HOST, SITE, YEAR = "vo-ui-host", "vo-ui-omp", 2061  # no other test opens this site
RESPONSIBLE, HEAD, DEPARTMENT = "vo.ui.responsible", "vo.ui.head", "vo.ui.department"
PASSWORD = "demo-password"


def register(stack: Stack, api: Api) -> None:
    register_the_platform(stack, api, HOST, SITE, (RESPONSIBLE, HEAD, DEPARTMENT))


def fill_from_the_seed(api: Api, path: str) -> None:
    """What the platform typed over the year: the seed's values (C1.N3 left for the page) and evidence."""
    for value in REPORT_2023.values:
        if value.key != "C1.N3":
            response = api.request("PUT", RESPONSIBLE, f"{path}/values/{value.key}", json=value_body(value))
            assert response.status_code == 200, response.text
    for item in REPORT_2023.evidence:
        body: dict[str, Any] = {
            "id": item.id,
            "kind": item.kind.value,
            "title": item.title,
            "quantity": item.quantity,
            "indicators": list(item.indicators),
            "pending": item.pending,
            "expected_by": item.expected_by.isoformat() if item.expected_by else None,
            "venue": item.venue,
        }
        assert api.post(RESPONSIBLE, f"{path}/evidence", json=body).status_code == 200
    body = {"text": REPORT_2023.conclusion, "propose_continue": True}
    assert api.request("PUT", RESPONSIBLE, f"{path}/conclusion", json=body).status_code == 200


def test_a_criteria_report_is_filled_signed_and_approved_on_its_page(
    api: Api, dev_stack: Stack, visitor: Visitor
) -> None:
    register(dev_stack, api)
    opened = api.open_cycle(SITE, YEAR, login="admin")
    assert opened.status_code in (201, 409), opened.text
    rest = f"/api/sites/{SITE}/cycles/{YEAR}/criteria-report"
    until(lambda: api.get(RESPONSIBLE, rest).json(), lambda r: r.get("catalogue") is not None, 30)
    fill_from_the_seed(api, rest)
    page = visitor.page
    url = f"/sites/{SITE}/cycles/{YEAR}/criteria-report"

    visitor.sign_in(RESPONSIBLE, PASSWORD)
    # The cycle's and the inbox's links lead to the obligation's page, which is the report's own page.
    cycle = api.get(RESPONSIBLE, f"/api/sites/{SITE}/cycles/{YEAR}").json()
    instance = next(o["instance"] for o in cycle["obligations"] if o["key"] == "annual_report")
    visitor.goto(f"/sites/{SITE}/cycles/{YEAR}/obligations/annual_report/{instance}")
    expect(page).to_have_url(re.compile(r"/criteria-report$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Отчет по результатам деятельности ОМП за {YEAR} год")
    c1n1 = page.locator("#indicator-C1-N1")
    expect(c1n1.locator(".notice--warning")).to_contain_text("Заявлено 5, а в перечне — 4")
    expect(page.locator("#indicator-C2-N4")).to_contain_text("2 (всего 4)")
    expect(page.locator("#indicator-C1-N3")).to_contain_text("не заполнен")
    expect(page.locator("#submit")).to_contain_text("Не заполнено показателей: 1 (C1.N3)")
    year = page.locator("#platform-year")
    expect(year).to_contain_text("Проведено: 0 из 12")
    expect(year.locator("#monitoring-quarters tbody tr")).to_have_count(4)
    expect(year.locator("#monitoring-quarters tbody tr").nth(1)).to_contain_text("полугодие")
    # The figures of the «Сводная информация»: typed per quarter, the cumulative periods computed (D10) — empty
    # while no quarter has been sent.
    figures = year.locator("#monitoring-figures")
    expect(figures.locator("thead")).to_contain_text("9 месяцев")
    expect(figures.locator("tbody tr")).to_have_count(6)
    expect(figures.locator("tbody th").first).to_have_text("Обслужено семей")  # the unit is in the title
    for foreign in ("РЦРСО", "куратор направления", "Депсоцразвития", "Югр", "135-р"):  # nothing of KhMAO
        expect(page.locator("main")).not_to_contain_text(foreign)
    visitor.look("draft")

    # A fraction in a count of people: refused beside the number; a whole number is kept.
    c1n3 = page.locator("#indicator-C1-N3")
    c1n3.locator("summary").click()
    c1n3.get_by_label("Число (чел.)").fill("23,5")
    c1n3.get_by_label("Результативность").fill("23 человека")
    c1n3.get_by_role("button", name="Сохранить C1.N3").click()
    expect(page.locator("#C1-N3-amount-error")).to_contain_text("в целых")
    visitor.look("refused")
    c1n3 = page.locator("#indicator-C1-N3")
    c1n3.get_by_label("Число (чел.)").fill("23")
    c1n3.get_by_role("button", name="Сохранить C1.N3").click()
    expect(page.locator(".notice--success")).to_contain_text("Показатель сохранен")
    expect(page.locator("#indicator-C1-N3")).to_contain_text("23 чел.")

    page.get_by_role("button", name="Направить директору учреждения — базы ОМП").click()
    expect(page.locator(".notice--success")).to_contain_text("направлен на согласование")
    visitor.sign_out()

    visitor.sign_in(HEAD, PASSWORD)
    visitor.goto(url)
    # The platform's profile (паспорт ОМП): the host's director fills it through its form, as an event.
    expect(page.locator("#platform-profile")).to_contain_text("Паспорт не заполнен")
    profile = page.locator("#profile")
    profile.locator("summary").click()
    profile.get_by_label("Тема ОМП").fill(REPORT_2023.theme)
    profile.get_by_label("Рабочая группа").fill(
        "Веревокина Наталья Леонидовна — директор\nСоколова Анна Петровна — руководитель ОМП"
    )
    profile.locator("input[name=centre_ids]").first.check()
    profile.get_by_role("button", name="Сохранить паспорт").click()
    expect(page.locator(".notice--success")).to_contain_text("Паспорт ОМП сохранен")
    card = page.locator("#platform-profile")
    expect(card).to_contain_text("Соколова Анна Петровна — руководитель ОМП")
    expect(card).to_contain_text(f"с {YEAR} года")
    # The plan of the year is not approved yet: the centre of the profile has not received it (002:15).
    expect(page.locator("#plan-distribution")).to_contain_text("План на год еще не утвержден")
    expect(page.locator("#plan-distribution tbody")).to_contain_text("не направлен")
    visitor.look("profile")
    form = page.locator("#sign-agree")
    form.get_by_label("Должность, как в грифе").fill(
        "директора АУ СО ВО «Октябрьский дом-интернат для престарелых и инвалидов»"
    )
    form.get_by_label("Расшифровка подписи").fill("Н.Л. Веревокина")
    visitor.look("to-agree")
    form.get_by_role("button", name="Подписать").click()
    expect(page.locator("#signature-agree")).to_contain_text("И.О. директора АУ СО ВО")
    visitor.sign_out()

    visitor.sign_in(DEPARTMENT, PASSWORD)
    visitor.goto(url)
    form = page.locator("#sign-approve")
    form.get_by_label("Должность, как в грифе").fill(
        "Начальник Департамента социальной защиты населения Вологодской области, руководитель Экспертного совета "
        "по инновационной деятельности"
    )
    form.get_by_label("Расшифровка подписи").fill("Н.Л. Рындин")
    form.get_by_role("button", name="Подписать").click()
    expect(page.locator(".notice--success")).to_contain_text("утвержден")
    expect(page.locator("#signature-approve")).to_contain_text("Н.Л. Рындин")
    expect(page.locator("#signature-agree")).to_contain_text("Н.Л. Веревокина")
    expect(page.locator("#continuation")).to_contain_text(f"в {YEAR + 1} году")
    visitor.look("approved")


# --- the participating centres' quarterly figures (D11) -------------------------------------------------------------

# A past year, its status from 6 October: only the fourth quarter is owed (D28), and its requests are open at once.
CENTRE_SITE, CENTRE_YEAR, CENTRE_SINCE = "vo-ui-ctr-omp", 2024, "2024-10-06"
SOKOL, BABUSHKINO = "vo-ui-ctr-sokol", "vo-ui-ctr-babushkino"
CENTRE_NAMES = {
    SOKOL: "БУ СО ВО «Комплексный центр социального обслуживания населения Сокольского района»",
    BABUSHKINO: "БУ СО ВО «Комплексный центр социального обслуживания населения Бабушкинского района»",
}
CENTRE_PEOPLE = (
    ("vo.ui.ctr.responsible", "Белова Ольга Ивановна", "site_responsible", "site", CENTRE_SITE),
    ("vo.ui.ctr.department", "Рындин Николай Леонидович", "department", "region", REGION),
    ("vo.ui.ctr.sokol", "Орлова Вера Николаевна", "institution_responsible", "institution", SOKOL),
)
FIGURES = {"families": "60", "people": "75", "urgent": "20", "accompanied": "6", "patronage": "4"}


def test_a_centre_sends_its_quarter_from_its_task_and_the_platform_sees_who_sent(
    api: Api, dev_stack: Stack, visitor: Visitor
) -> None:
    register(dev_stack, api)
    for org, name in CENTRE_NAMES.items():
        dev_stack.query(
            "INSERT INTO institutions (id, region_id, name, short_name, city) VALUES (%s, %s, %s, %s, 'Вологда') "
            "ON CONFLICT DO NOTHING RETURNING 1",
            org, REGION, name, name,
        )  # fmt: skip
    dev_stack.query(
        "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
        "regulation_id, status_since) VALUES (%s, %s, %s, %s, 'methodological_platform', 'ОМП-UI-Ц', '', "
        "'Отчет ОМП (002:87)', %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        CENTRE_SITE, REGION, HOST, SITE, REGULATION.id, CENTRE_SINCE,
    )  # fmt: skip
    for login, full_name, role, kind, scope in CENTRE_PEOPLE:
        body = {"login": login, "full_name": full_name, "position": "", "password": PASSWORD}
        created = api.post("admin", "/api/admin/users", json=body)
        assert created.status_code in (201, 409), created.text
        api.token(login, PASSWORD)
        api.grant(login, role, kind, scope)
    responsible, department, sokol = (person[0] for person in CENTRE_PEOPLE)
    profile = {
        "theme": "Развитие деятельности участковой социальной службы",
        "host_id": HOST,
        "centre_ids": [SOKOL, BABUSHKINO],
        "active_from": CENTRE_YEAR,
    }
    saved = api.request("PUT", department, f"/api/sites/{CENTRE_SITE}/platform-profile", json=profile)
    assert saved.status_code == 200, saved.text
    opened = api.open_cycle(CENTRE_SITE, CENTRE_YEAR, login="admin")  # opens with the profile's two centres
    assert opened.status_code in (201, 409), opened.text
    page = visitor.page

    # The centre's person: the Q4 request from the inbox, its form, sent.
    visitor.sign_in(sokol, PASSWORD)
    q4 = f"Q4-{SOKOL}"
    until(
        lambda: api.get(sokol, "/api/tasks", params={"site_id": CENTRE_SITE}).json()["items"],
        lambda items: any(t["obligation"]["instance"] == q4 for t in items),
    )
    visitor.goto("/tasks")
    page.locator(f"a[href$='/centre_monitoring/{q4}']").first.click()
    expect(page.locator(".ob-forms-of")).to_contain_text(CENTRE_NAMES[SOKOL])
    # Its way back is its inbox: the platform's pages are not the centre's to read (they would answer 404).
    crumbs = page.locator(".breadcrumbs")
    expect(crumbs.get_by_role("link", name="Мои задачи")).to_be_visible()
    expect(crumbs.get_by_role("link")).to_have_count(1)
    for key, amount in FIGURES.items():
        page.locator(f"[name='data.figures.{key}']").fill(amount)
    page.locator("[name='data.figures.staff_units']").fill("55,5")
    visitor.look("centre-form")
    page.get_by_role("button", name=re.compile("^Направить")).click()
    expect(page.locator(".notice--success")).to_be_visible()
    visitor.sign_out()
    # Returned by the platform, the figures come back to the centre's person alone, who sends them again.
    back = api.decide(CENTRE_SITE, CENTRE_YEAR, responsible, "return", "Проверьте штатные единицы",
                      key="centre_monitoring", instance=q4)  # fmt: skip
    assert back.status_code == 200, back.text
    tasks = api.get(sokol, "/api/tasks", params={"site_id": CENTRE_SITE, "state": "open"}).json()["items"]
    assert (q4, "revise") in {(t["obligation"]["instance"], t["kind"]) for t in tasks}
    data = {
        "form": "monitoring",
        "figures": [{"key": k, "amount": v} for k, v in {**FIGURES, "staff_units": "55.5"}.items()],
    }
    again = api.submit(CENTRE_SITE, CENTRE_YEAR, sokol, {}, data=data, key="centre_monitoring", instance=q4)
    assert again.status_code == 200, again.text
    accepted = api.decide(CENTRE_SITE, CENTRE_YEAR, responsible, "approve", key="centre_monitoring", instance=q4)
    assert accepted.status_code == 200, accepted.text

    # The platform's quarter: which centres' figures are accepted, the form filled with their sum, a reason asked
    # for the centre missing.
    visitor.sign_in(responsible, PASSWORD)
    visitor.goto(f"/sites/{CENTRE_SITE}/cycles/{CENTRE_YEAR}/obligations/quarterly_monitoring/Q4")
    centres = page.locator(".ob-institutions")
    expect(centres.locator(f"[data-institution='{SOKOL}']")).to_contain_text("сведения приняты")
    expect(centres.locator(f"[data-institution='{BABUSHKINO}']")).to_contain_text("сведения не приняты")
    expect(centres).to_contain_text("Не приняты сведения: 1 из 2")
    expect(centres.locator("[data-measure='people']")).to_contain_text("75")
    expect(page.locator("[name='data.figures.people']")).to_have_value("75")
    expect(page.locator("[name='data.figures.staff_units']")).to_have_value("55,5")
    expect(page.get_by_label(re.compile("Бабушкинского района"))).to_be_visible()
    for foreign in ("РЦРСО", "Депсоцразвития", "Югр", "135-р", "п. 5.2"):  # nothing of KhMAO
        expect(page.locator("main")).not_to_contain_text(foreign)
    visitor.look("platform-quarter")
