"""The annual package (order 135-р, 2.3) in the browser, from the director's files to the curator's acceptance:
submitted with its roadmap, returned with a comment, read by the director, sent again, accepted — and the
cycle's timeline tells those four steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from innocycle.demo_files import package_files, roadmap_rows
from tests.support.client import Api
from tests.ui.conftest import Visitor
from tests.ui.test_obligation_page import file_payload, page_of, wait_open

SITE = "1.1.6"
DIRECTOR, CURATOR = f"director.{SITE}", f"curator.{SITE}"
COMMENT = "В дорожной карте нет срока по разделу III: укажите месяц социологического исследования."
COLUMNS = ("no", "section", "item", "deadline", "responsible", "expected_result")


def fill_row(page: Page, index: int, row: dict[str, Any]) -> None:
    for name in COLUMNS:
        page.locator(f"#data-roadmap-{index}-{name}").fill(str(row[name]))
    if row.get("responsible_is_external"):
        page.locator(f"#data-roadmap-{index}-responsible_is_external").check()


def test_the_package_is_submitted_returned_resubmitted_and_approved(
    api: Api, visitor: Visitor, second_visitor: Visitor, open_cycle: Callable[[str], int]
) -> None:
    year = open_cycle(SITE)
    wait_open(api, SITE, year)
    page_path = page_of(SITE, year)
    rows = roadmap_rows(year)

    # The director: five files, one drop zone each, and the roadmap's rows, three blank rows and three more.
    director = visitor
    director.sign_in(DIRECTOR)
    director.goto(page_path)
    page = director.page
    expect(page.get_by_role("heading", name="Что нужно сделать сейчас")).to_be_visible()
    assert page.locator("#items-polozhenie").get_attribute("accept") == ".pdf"
    director.look("empty-form")
    for key, (name, content) in package_files(SITE, year).items():
        page.set_input_files(f"#items-{key}", files=[file_payload(name, content)])
    for index, row in enumerate(rows[:3]):
        fill_row(page, index, row)
    page.get_by_role("button", name="Добавить строки").click()
    expect(page.locator("#data-roadmap-5-no")).to_be_visible()
    # The files chosen before survive the new rows: stored once, kept by the form.
    expect(page.locator(".ob-dropzone__kept")).to_have_count(5)
    expect(page.locator("#data-roadmap-2-item")).to_have_value(str(rows[2]["item"]))
    for index, row in enumerate(rows[3:], start=3):  # row 3.2 without its deadline
        fill_row(page, index, {**row, "deadline": "" if row["no"] == "3.2" else row["deadline"]})
    page.get_by_role("button", name="Направить на рассмотрение").click()

    # A row without its deadline is refused next to that cell, nothing recorded.
    expect(page.locator("#data-roadmap-4-deadline-error")).to_contain_text("не указано «срок»")
    assert api.obligation(SITE, year, DIRECTOR)["submissions"] == []
    director.look("error")
    page.locator("#data-roadmap-4-deadline").fill("октябрь")
    page.get_by_role("button", name="Направить на рассмотрение").click()
    expect(page.locator(".notice--success")).to_contain_text("Направлено")
    expect(page.locator(".ob-panel")).to_contain_text("на рассмотрении")
    expect(page.locator(".ob-history")).to_contain_text("Версия 1 направлена")
    director.look("submitted")

    # The curator reads the version and returns it with a comment.
    curator = second_visitor
    curator.sign_in(CURATOR)
    curator.goto(page_path)
    review = curator.page
    expect(review.get_by_role("heading", name="Принятие куратором направления РЦРСО")).to_be_visible()
    expect(review.locator(".ob-action")).to_contain_text(package_files(SITE, year)["roadmap"][0])
    curator.look("to-review")
    review.get_by_label("Вернуть на доработку").check()
    review.get_by_label("Комментарий").fill(COMMENT)
    review.get_by_role("button", name="Отправить решение").click()
    expect(review.locator(".notice--success")).to_contain_text("возвращено на доработку")
    expect(review.locator(".ob-panel")).to_contain_text("возвращено на доработку")

    # The director sees the comment at the top, the form filled with the version that came back.
    director.goto(page_path)
    expect(page.locator(".ob-returned")).to_contain_text(COMMENT)
    expect(page.get_by_role("heading", name="Направить исправленную версию")).to_be_visible()
    expect(page.locator(".ob-dropzone__kept")).to_have_count(5)
    expect(page.locator("#data-roadmap-4-deadline")).to_have_value("октябрь")
    director.look("returned")
    page.locator("#data-roadmap-4-deadline").fill(f"октябрь {year}")
    name, content = package_files(SITE, year)["roadmap"]
    page.set_input_files("#items-roadmap", files=[file_payload(name.replace(".pdf", "-v2.pdf"), content)])
    page.get_by_role("button", name="Направить исправленную версию").click()
    expect(page.locator(".notice--success")).to_contain_text("Направлено")

    # The curator accepts the second version.
    curator.goto(page_path)
    review.get_by_label("Принять").check()
    review.get_by_role("button", name="Отправить решение").click()
    expect(review.locator(".notice--success")).to_contain_text("Обязанность выполнена")
    expect(review.locator(".ob-panel")).to_contain_text("выполнено")
    director.goto(page_path)
    expect(page.locator(".ob-panel")).to_contain_text("выполнено")
    history = page.locator(".ob-history")
    expect(history).to_contain_text("Версия 2 направлена")
    expect(history).to_contain_text("Принято (версия 2)")
    link = history.get_by_role("link", name=name.replace(".pdf", "-v2.pdf"))
    expect(link).to_be_visible()
    download = director.context.request.get(link.get_attribute("href") or "")
    assert download.status == 200 and download.body() == content
    director.look("approved")

    body = api.obligation(SITE, year, DIRECTOR)
    assert [s["submission_no"] for s in body["submissions"]] == [1, 2]
    assert body["submissions"][1]["items"]["roadmap"]["filename"] == name.replace(".pdf", "-v2.pdf")
    assert body["submissions"][1]["items"]["polozhenie"] == body["submissions"][0]["items"]["polozhenie"]
    assert [r["deadline"] for r in body["submissions"][1]["data"]["roadmap"]][-1] == f"октябрь {year}"
    first = body["decisions"][0]
    assert (first["action"], first["comment"]) == ("return", COMMENT)

    # The cycle's timeline: the four steps of the package, in order, each submission with the curator's term (D30).
    timeline = api.get(DIRECTOR, f"/api/sites/{SITE}/cycles/{year}/timeline").json()["entries"]
    package_id = f"cycle:{SITE}:{year}:package:annual"
    steps = [
        e["event_type"] for e in timeline if e["obligation_id"] == package_id and e["event_type"] != "ObligationOpened"
    ]
    steps = [s for s in steps if not s.startswith(("Escalation", "ObligationPlanned"))]
    assert steps == [
        "DocumentsSubmitted",
        "ReviewDeadlineSet",
        "SubmissionReturned",
        "DocumentsSubmitted",
        "ReviewDeadlineSet",
        "SubmissionApproved",
    ]
