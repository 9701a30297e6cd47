"""The obligation page in the browser: why a date is what it is, an item forgotten said next to it with nothing
recorded, and the page of an obligation out of the person's scope answered as one that does not exist."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from playwright.sync_api import expect

from innocycle.demo_files import docx_bytes, package_files, pdf_bytes, roadmap_rows, xlsx_bytes
from tests.support.client import Api, obligation_path, until
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

# 20 December 2065 is a Sunday: the package of the cycle 2066, due «20 December of the year before», moves to
# Monday 21 December (ГК РФ ст. 193).
SUNDAY_SITE, SUNDAY_YEAR = "1.2.3", 2066
assert date(SUNDAY_YEAR - 1, 12, 20).weekday() == 6


def page_of(site: str, year: int, key: str = "package", instance: str = "annual") -> str:
    return f"/sites/{site}/cycles/{year}/obligations/{key}/{instance}"


def wait_open(api: Api, site: str, year: int) -> None:
    path = obligation_path(site, year)
    until(lambda: api.get("rcrso", path).json().get("status"), lambda status: status == "awaiting_submission", 30)


def file_payload(name: str, content: bytes) -> dict[str, object]:
    return {"name": name, "mimeType": "application/octet-stream", "buffer": content}


def test_why_this_date_names_the_sunday_and_the_monday_it_moves_to(api: Api, visitor: Visitor) -> None:
    opened = api.open_cycle(SUNDAY_SITE, SUNDAY_YEAR)
    assert opened.status_code in (201, 409), opened.text
    visitor.sign_in(f"director.{SUNDAY_SITE}")
    visitor.goto(page_of(SUNDAY_SITE, SUNDAY_YEAR))
    why = visitor.page.locator("section.ob-why")
    expect(why).to_contain_text("20.12.2065 — воскресенье, срок переносится на 21.12.2065 (пн)")
    expect(why).to_contain_text("ГК РФ ст. 193")
    expect(why).to_contain_text("до 20 декабря предшествующего года")
    expect(why).not_to_contain_text("в 2022 году")  # the first year's exception is not this year's rule
    rule_link = why.get_by_role("link", name="Правило в регламенте")
    assert rule_link.get_attribute("href") == "/regulations/khmao-135r#obligation-package"
    # The status panel names the effective date, the day of the week, and links to the explanation.
    panel = visitor.page.locator(".ob-panel")
    expect(panel).to_contain_text("21.12.2065")
    expect(panel).to_contain_text("(пн)")
    # The REST answer carries the same explanation.
    body = api.get(f"director.{SUNDAY_SITE}", obligation_path(SUNDAY_SITE, SUNDAY_YEAR)).json()
    assert body["why_due"]["moved"]["text_ru"] == "20.12.2065 — воскресенье, срок переносится на 21.12.2065 (пн)"
    assert [d["day"] for d in body["why_due"]["moved"]["days"]] == ["2065-12-20"]
    visitor.look("why-sunday")


def test_a_forgotten_item_is_said_next_to_it_and_nothing_is_recorded(
    api: Api, dev_stack: Stack, visitor: Visitor, open_cycle: Callable[[str], int]
) -> None:
    site = "1.1.4"
    year = open_cycle(site)
    wait_open(api, site, year)
    path = obligation_path(site, year)
    before = api.get(f"director.{site}", path).json()
    stream = f"cycle:{site}:{year}:package:annual"
    events_before = dev_stack.query("SELECT count(*) FROM events WHERE stream_id = %s", stream)[0][0]

    visitor.sign_in(f"director.{site}")
    visitor.goto(page_of(site, year))
    page = visitor.page
    files = package_files(site, year)
    for key, (name, content) in files.items():
        if key != "interaction_scheme":  # forgotten
            page.set_input_files(f"#items-{key}", files=[file_payload(name, content)])
    row = roadmap_rows(year)[0]
    for name in ("no", "section", "item", "deadline", "responsible", "expected_result"):
        page.locator(f"#data-roadmap-0-{name}").fill(str(row[name]))
    page.get_by_role("button", name="Направить на рассмотрение").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Не хватает документов: 2.3.4")
    message = page.locator("#items-interaction_scheme-error")
    expect(message).to_contain_text("приложите файл")
    # The files chosen are kept for the next try; the forgotten one is the only one asked for.
    expect(page.locator(".ob-dropzone__kept")).to_have_count(4)
    expect(page.locator("#data-roadmap-0-item")).to_have_value(str(row["item"]))
    visitor.look("forgotten-item")

    after = api.get(f"director.{site}", path).json()
    assert after["status"] == before["status"] == "awaiting_submission"
    assert after["submissions"] == before["submissions"] == []
    events_after = dev_stack.query("SELECT count(*) FROM events WHERE stream_id = %s", stream)[0][0]
    assert events_after == events_before


def test_a_file_over_the_limit_is_refused_with_a_page_and_nothing_is_recorded(
    api: Api, dev_stack: Stack, visitor: Visitor, open_cycle: Callable[[str], int]
) -> None:
    site = "1.1.2"
    year = open_cycle(site)
    wait_open(api, site, year)
    files_before = dev_stack.query("SELECT count(*) FROM files")[0][0]
    limit = int(dev_stack.env["INNOCYCLE_MAX_UPLOAD_BYTES"])
    visitor.sign_in(f"director.{site}")
    visitor.goto(page_of(site, year))
    page = visitor.page
    # Just over the limit: said next to the file by the form.
    page.set_input_files("#items-polozhenie", files=[file_payload("polozhenie.pdf", pdf_bytes("big") + b"0" * limit)])
    page.get_by_role("button", name="Направить на рассмотрение").click()
    expect(page.locator("#items-polozhenie-error")).to_contain_text("больше допустимых 1 МБ")
    visitor.look("file-over-the-limit")

    # Far over what a form may carry: refused before it is read, with a page in Russian (not the REST API's JSON)
    # and a way back to the form.
    huge = pdf_bytes("huge") + b"0" * (13 * limit)
    page.set_input_files("#items-polozhenie", files=[file_payload("polozhenie.pdf", huge)])
    page.get_by_role("button", name="Направить на рассмотрение").click()
    expect(page.get_by_role("heading", name="Слишком большой файл")).to_be_visible()
    expect(page.get_by_text(re.compile("каждый файл — до 1 МБ"))).to_be_visible()
    visitor.look("form-too-large")
    page.get_by_role("link", name="Вернуться на предыдущую страницу").click()
    expect(page.get_by_role("button", name="Направить на рассмотрение")).to_be_visible()
    assert dev_stack.query("SELECT count(*) FROM files")[0][0] == files_before
    assert api.obligation(site, year, f"director.{site}")["status"] == "awaiting_submission"


def test_an_obligation_out_of_scope_is_not_found(visitor: Visitor, api: Api) -> None:
    opened = api.open_cycle(SUNDAY_SITE, SUNDAY_YEAR)
    assert opened.status_code in (201, 409), opened.text
    visitor.sign_in("director.1.1.5")
    response = visitor.page.goto(page_of(SUNDAY_SITE, SUNDAY_YEAR))
    assert response is not None and response.status == 404
    missing = visitor.page.goto(page_of("1.1.5", SUNDAY_YEAR, "no_such_duty"))
    assert missing is not None and missing.status == 404
    expect(visitor.page.get_by_role("heading", name="Не найдено")).to_be_visible()


def test_an_obligation_not_open_yet_or_without_a_date_says_so_and_offers_no_form(api: Api, visitor: Visitor) -> None:
    opened = api.open_cycle(SUNDAY_SITE, SUNDAY_YEAR)
    assert opened.status_code in (201, 409), opened.text
    visitor.sign_in(f"director.{SUNDAY_SITE}")
    visitor.goto(page_of(SUNDAY_SITE, SUNDAY_YEAR, "quarterly_report", "Q1"))
    page = visitor.page
    expect(page.locator(".ob-panel")).to_contain_text("запланировано")
    expect(page.locator(".ob-actions")).to_contain_text(f"она откроется 01.04.{SUNDAY_YEAR}")
    expect(page.locator("form[action$='/submit']")).to_have_count(0)
    expect(page.locator("section.ob-why")).to_contain_text(f"05.04.{SUNDAY_YEAR}")
    visitor.look("planned")
    visitor.goto(page_of(SUNDAY_SITE, SUNDAY_YEAR, "public_information", "standing"))
    expect(page.locator(".ob-panel")).to_contain_text("без срока")
    expect(page.locator("section.ob-why")).to_contain_text("У этой обязанности нет срока: постоянно")


# --- every kind of form, on a cycle of a past year (everything of it is open) ------------------------------------

PAST_SITE = "1.1.9"  # a resource centre: its public reports carry monitoring results, it monitors institutions
PAST_YEAR = 2023  # no other test opens this year of these sites
REGISTRY_SITE = "1.1.10"  # keeps a registry of the identified every working day


def open_past_cycle(api: Api, key: str, instance: str, site: str = PAST_SITE) -> str:
    """The past year's cycle of ``site`` (opened once for the session), and the page of one obligation once it is
    open."""
    opened = api.open_cycle(site, PAST_YEAR)
    assert opened.status_code in (201, 409), opened.text
    path = obligation_path(site, PAST_YEAR, key, instance)
    until(lambda: api.get("rcrso", path).json().get("status"), lambda status: status not in (None, "planned"), 30)
    return page_of(site, PAST_YEAR, key, instance)


def past_obligation(api: Api, key: str, instance: str) -> dict[str, Any]:
    body: dict[str, Any] = api.get("rcrso", obligation_path(PAST_SITE, PAST_YEAR, key, instance)).json()
    return body


def test_the_quarterly_report_takes_its_indicators_for_the_period_and_the_year_to_date(
    api: Api, visitor: Visitor
) -> None:
    path = open_past_cycle(api, "quarterly_report", "Q1")
    visitor.sign_in(f"director.{PAST_SITE}")
    visitor.goto(path)
    page = visitor.page
    expect(page.locator("#data-indicators")).to_contain_text(f"за 1 квартал {PAST_YEAR}")
    page.locator("#data-indicators-I1-period_value").select_option("yes")
    for key, (period, ytd) in {"I2": ("4", "4"), "I3": ("12", "3"), "I4": ("6", "6"), "I6": ("3", "3")}.items():
        page.locator(f"#data-indicators-{key}-period_value").fill(period)
        page.locator(f"#data-indicators-{key}-ytd_value").fill(ytd)
    page.locator("#data-indicators-I7-period_value").fill("1")
    page.locator("#data-indicators-I7-ytd_value").fill("1")
    page.locator("#data-indicators-I5-period_value").fill("Сформирована база методических материалов")
    page.set_input_files("#items-report_forms", files=[file_payload("forma.xlsx", xlsx_bytes([["I2", "4"]]))])
    page.set_input_files("#items-activity_info", files=[file_payload("svedeniya.docx", docx_bytes("Сведения"))])
    page.get_by_role("button", name="Направить на рассмотрение").click()
    # I3: 12 for the quarter but 3 since January — said next to I3, nothing recorded.
    expect(page.locator("#data-indicators-I3-error")).to_contain_text("значение с начала года меньше")
    expect(page.locator("#data-indicators-I3-ytd_value")).to_have_value("3")
    assert past_obligation(api, "quarterly_report", "Q1")["submissions"] == []
    visitor.look("report-error")
    page.locator("#data-indicators-I3-ytd_value").fill("12")
    page.get_by_role("button", name="Направить на рассмотрение").click()
    expect(page.locator(".notice--success")).to_contain_text("Решение принимает: куратор направления")
    visitor.look("report-submitted")
    (sent,) = past_obligation(api, "quarterly_report", "Q1")["submissions"]
    values = {v["key"]: (v["period_value"], v["ytd_value"]) for v in sent["data"]["indicators"]}
    assert values["I1"] == (True, None) and values["I3"] == (12, 12) and values["I5"][0].startswith("Сформирована")


def test_more_time_is_asked_for_and_granted_and_the_original_date_is_kept(
    api: Api, visitor: Visitor, second_visitor: Visitor
) -> None:
    path = open_past_cycle(api, "quarterly_report", "Q2")
    original = past_obligation(api, "quarterly_report", "Q2")["due"]
    until_day = date(PAST_YEAR, 7, 20)  # a Monday or not: the page says which working day it becomes
    visitor.sign_in(f"responsible.{PAST_SITE}")
    visitor.goto(path)
    page = visitor.page
    page.get_by_text("Не успеваете? Попросить продлить срок").click()
    page.get_by_label("Новый срок").fill(until_day.isoformat())
    page.get_by_label("Причина").fill("Отчетные формы учреждений поступили с опозданием")
    page.get_by_role("button", name="Попросить продлить срок").click()
    expect(page.locator(".notice--success")).to_contain_text("Просьба о продлении срока направлена")
    expect(page.locator(".ob-panel")).to_contain_text("запрошено продление")

    second_visitor.sign_in(f"curator.{PAST_SITE}")
    second_visitor.goto(path)
    curator = second_visitor.page
    expect(curator.get_by_role("heading", name="Просьба о продлении срока")).to_be_visible()
    expect(curator.locator("#until")).to_have_value(until_day.isoformat())
    second_visitor.look("extension-asked")
    curator.get_by_label("Продлить", exact=True).check()
    curator.get_by_role("button", name="Отправить решение").click()
    expect(curator.locator(".notice--success")).to_contain_text("Срок продлен")

    visitor.goto(path)
    why = page.locator("section.ob-why")
    expect(why).to_contain_text(f"Срок продлен до {until_day:%d.%m.%Y}")
    expect(why).to_contain_text(f"Первоначальный срок — {date.fromisoformat(original['effective']):%d.%m.%Y}")
    expect(page.locator(".ob-history")).to_contain_text(f"Срок продлен до {until_day:%d.%m.%Y}")
    visitor.look("extension-granted")
    due = past_obligation(api, "quarterly_report", "Q2")["due"]
    assert due["nominal"] == until_day.isoformat() and due["original_nominal"] == original["nominal"]


def test_a_public_report_is_recorded_with_its_date_format_link_and_presentation(api: Api, visitor: Visitor) -> None:
    path = open_past_cycle(api, "public_report", "Q1")
    visitor.sign_in(f"director.{PAST_SITE}")
    visitor.goto(path)
    page = visitor.page
    page.get_by_label("Дата проведения").fill(f"{PAST_YEAR}-02-15")
    page.get_by_label("Формат").select_option("vks")
    page.set_input_files("#items-presentation", files=[file_payload("prezentaciya.pdf", pdf_bytes("Otchet"))])
    page.set_input_files("#items-monitoring_results", files=[file_payload("monitoring.pdf", pdf_bytes("Itogi"))])
    page.get_by_role("button", name="Направить").click()
    expect(page.locator("#data-link-error")).to_contain_text("укажите ссылку")
    visitor.look("meeting-error")
    page.get_by_label("Ссылка").fill("https://vk.com/video-1_2")
    page.get_by_role("button", name="Направить").click()
    expect(page.locator(".notice--success")).to_contain_text("Обязанность выполнена")
    expect(page.locator(".ob-panel")).to_contain_text("выполнено")
    visitor.look("meeting-recorded")
    (sent,) = past_obligation(api, "public_report", "Q1")["submissions"]
    assert sent["data"]["format"] == "vks" and sent["data"]["held_on"] == f"{PAST_YEAR}-02-15"


def test_products_the_monitoring_plan_and_a_completed_monitoring(api: Api, visitor: Visitor) -> None:
    products = open_past_cycle(api, "product_quota", "Y")
    done = past_obligation(api, "product_quota", "Y")["progress"]["done"]
    # A product is sent from its own page (issue 14): the quota's page lists what the site may send, and what it
    # counted links to the product.
    director = f"director.{PAST_SITE}"
    body = {
        "site_id": PAST_SITE,
        "title": "Модельная программа «Семейный наставник»",
        "kind": "model_program",
        "authors": [{"full_name": "Кравцова Лидия Павловна"}],
        "abstract": "Наставничество замещающих семей.",
    }
    ready = api.post(director, "/api/products", json=body).json()
    visitor.sign_in(director)
    visitor.goto(products)
    page = visitor.page
    expect(page.get_by_role("link", name="Модельная программа «Семейный наставник»")).to_have_attribute(
        "href", f"/products/{ready['product_id']}"
    )
    expect(page.get_by_role("link", name="Создать продукт")).to_have_attribute("href", "/products/new")
    file_id = api.upload(director, PAST_SITE, "programma.docx", docx_bytes("Программа")).json()["file_id"]
    path = f"/api/products/{ready['product_id']}"
    assert api.post(director, path + "/versions", json={"files": {"product": file_id}}).status_code == 200
    assert api.post(director, path + "/send", params={"year": PAST_YEAR}).status_code == 200
    visitor.goto(products)
    expect(page.locator(".ob-panel")).to_contain_text(f"{done + 1} из 2")
    expect(page.locator(".ob-history")).to_contain_text("Модельная программа «Семейный наставник»")
    page.get_by_role("link", name="Страница продукта: версии, экспертиза, заключение").first.click()
    expect(page.locator("h1")).to_contain_text("Модельная программа «Семейный наставник»")
    visitor.look("product")

    coverage = open_past_cycle(api, "institution_monitoring", "Y")
    visitor.goto(coverage)
    if not past_obligation(api, "institution_monitoring", "Y")["targets"]:
        page.get_by_label("Учреждения плана").fill("КЦСОН «Милосердие»\nКЦСОН «Радуга»")
        page.set_input_files("#items-monitoring_plan", files=[file_payload("plan.pdf", pdf_bytes("Plan"))])
        page.get_by_role("button", name="Утвердить план").click()
        expect(page.locator(".notice--success")).to_contain_text("План мониторинга утвержден")
    page.get_by_label("Учреждение", exact=True).select_option("КЦСОН «Радуга»")
    page.get_by_label("Дата завершения").fill(f"{PAST_YEAR}-03-10")
    page.get_by_role("button", name="Отметить", exact=True).click()
    expect(page.locator(".notice--success")).to_contain_text("Завершение мониторинга отмечено")
    expect(page.locator(".ob-history")).to_contain_text("Мониторинг завершен: КЦСОН «Радуга»")
    visitor.look("monitoring")


def test_the_director_confirms_a_document_unchanged_instead_of_attaching_it(
    api: Api, visitor: Visitor, open_cycle: Callable[[str], int]
) -> None:
    site, director = "1.1.13", "director.1.1.13"
    earlier = open_cycle(site)
    wait_open(api, site, earlier)
    assert api.submit(site, earlier, director, api.upload_package(site, earlier, director)).status_code == 200
    assert api.decide(site, earlier, f"curator.{site}", "approve", "Принято").status_code == 200
    year = open_cycle(site)
    wait_open(api, site, year)

    visitor.sign_in(director)
    visitor.goto(page_of(site, year))
    page = visitor.page
    files = package_files(site, year)
    for key in ("report_forms", "cases", "roadmap"):
        name, content = files[key]
        page.set_input_files(f"#items-{key}", files=[file_payload(name, content)])
    page.locator("#unchanged-polozhenie").check()
    page.locator("#unchanged-interaction_scheme").check()
    row = roadmap_rows(year)[0]
    for name in ("no", "item", "deadline", "responsible"):
        page.locator(f"#data-roadmap-0-{name}").fill(str(row[name]))
    visitor.look("unchanged-checked")
    page.get_by_role("button", name="Направить на рассмотрение").click()
    expect(page.locator(".notice--success")).to_contain_text("Направлено на рассмотрение")
    expect(page.locator(".ob-history")).to_contain_text("изменений нет")
    (sent,) = api.obligation(site, year, director)["submissions"]
    assert sorted(sent["unchanged"]) == ["interaction_scheme", "polozhenie"]
    earlier_files = api.obligation(site, earlier, director)["submissions"][0]["items"]
    assert sent["items"]["polozhenie"]["file_id"] == earlier_files["polozhenie"]["file_id"]


def test_a_registry_update_is_recorded(api: Api, visitor: Visitor) -> None:
    path = open_past_cycle(api, "registry_identified_daily", "year", REGISTRY_SITE)
    visitor.sign_in(f"responsible.{REGISTRY_SITE}")
    visitor.goto(path)
    page = visitor.page
    page.set_input_files("#items-registry", files=[file_payload("reestr.xlsx", xlsx_bytes([["ФИО", "Дата"]]))])
    page.get_by_label("Записей в реестре сейчас").fill("много")
    page.get_by_role("button", name="Отметить актуализацию").click()
    expect(page.locator("#entries-error")).to_contain_text("ожидается целое число")
    expect(page.locator(".ob-dropzone__kept")).to_contain_text("reestr.xlsx")
    page.get_by_label("Записей в реестре сейчас").fill("17")
    page.get_by_role("button", name="Отметить актуализацию").click()
    expect(page.locator(".notice--success")).to_contain_text("Актуализация реестра отмечена")
    expect(page.locator(".ob-history")).to_contain_text("Записей в реестре: 17.")
    visitor.look("registry")


def test_a_report_accounts_for_every_row_of_the_approved_roadmap(api: Api, visitor: Visitor) -> None:
    site, director = "1.1.4", "director.1.1.4"  # the standard indicators I1–I6
    opened = api.open_cycle(site, PAST_YEAR)
    assert opened.status_code in (201, 409), opened.text
    package = obligation_path(site, PAST_YEAR)
    until(lambda: api.get("rcrso", package).json().get("status"), lambda status: status != "planned", 30)
    if api.get("rcrso", package).json()["status"] != "approved":
        items = api.upload_package(site, PAST_YEAR, director)
        assert api.submit(site, PAST_YEAR, director, items).status_code == 200
        assert api.decide(site, PAST_YEAR, f"curator.{site}", "approve").status_code == 200
    rows = roadmap_rows(PAST_YEAR)
    path = page_of(site, PAST_YEAR, "quarterly_report", "Q3")
    visitor.sign_in(director)
    visitor.goto(path)
    page = visitor.page
    statuses = page.locator("#data-roadmap")
    expect(statuses).to_contain_text(str(rows[0]["item"]))
    page.locator("#data-indicators-I1-period_value").select_option("no")
    for key in ("I2", "I3", "I4", "I6"):
        page.locator(f"#data-indicators-{key}-period_value").fill("2")
        page.locator(f"#data-indicators-{key}-ytd_value").fill("5")
    page.locator("#data-indicators-I5-period_value").fill("Базовый уровень")
    page.set_input_files("#items-report_forms", files=[file_payload("forma.xlsx", xlsx_bytes([["I2", "2"]]))])
    page.set_input_files("#items-activity_info", files=[file_payload("info.pdf", pdf_bytes("Info"))])
    for row in rows[:-1]:
        page.locator(f"#data-roadmap-{str(row['no']).replace('.', '-')}-status").select_option("in_progress")
    page.get_by_role("button", name="Направить на рассмотрение").click()
    last = str(rows[-1]["no"]).replace(".", "-")
    expect(page.locator(f"#data-roadmap-{last}-status-error")).to_contain_text("укажите состояние")
    visitor.look("roadmap-status-missing")
    page.locator(f"#data-roadmap-{last}-status").select_option("done")
    page.locator(f"#data-roadmap-{last}-fact_date").fill(f"{PAST_YEAR}-09-15")
    page.get_by_role("button", name="Направить на рассмотрение").click()
    expect(page.locator(".notice--success")).to_contain_text("Направлено на рассмотрение")
    sent = api.get(director, obligation_path(site, PAST_YEAR, "quarterly_report", "Q3")).json()["submissions"][-1]
    by_row = {s["no"]: (s["status"], s["fact_date"]) for s in sent["data"]["roadmap"]}
    assert by_row[str(rows[-1]["no"])] == ("done", f"{PAST_YEAR}-09-15")
    assert len(by_row) == len(rows)
