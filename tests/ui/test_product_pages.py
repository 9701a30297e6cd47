"""A methodological product through the pages, from the draft to the registry (order 135-р 2.4.2, D46–D52): the
director drafts it with an expert of the council among its authors, uploads a version and sends it into the quota of
a past year; the secretary's assignment of that author is refused with the reason beside the field and on record,
two other experts are assigned; the first finds the task in the inbox, accepts, and is told every gap of a review
sent half-filled before sending it whole; the chair records the council's conclusion from the desk's agenda; the
secretary enters the product in the registry and records its replication; and the registry's search finds it by
another form of a word of its title.

The module owns the cycle 2024 of OP (1.2.4): opened long after its dates, its quota of products is open at once."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import FilePayload, Page, expect

from innocycle.demo_files import docx_bytes
from tests.support.client import Api, obligation_path, region_today, until
from tests.ui.conftest import Visitor

SITE, YEAR = "1.2.4", 2024  # no other test opens this year of this site
DIRECTOR = f"director.{SITE}"
SECRETARY, CHAIR = "council.secretary", "council.chair"
TITLE = "Модельная программа сопровождения семей участников специальной военной операции"
AUTHOR_EXPERT = "Кудрявцев Артем Ильич"  # expert.3: an author cannot review the product (D48)
EXPERT_1, EXPERT_2 = "Лебедев Виталий Евгеньевич", "Соболева Маргарита Игоревна"
CHAIR_NAME = "Гаврилова Тамара Львовна"
PILOT = "Радужнинский КЦСОН, отделение социального сопровождения"
CRITERIA = ("relevance", "soundness", "novelty", "effect", "replicability")


def docx(name: str) -> FilePayload:
    return {"name": name, "mimeType": "application/octet-stream", "buffer": docx_bytes(name)}


def notice(page: Page, text: str) -> None:
    """The success notice of a command (sending waits for the examination to open: up to 10 s)."""
    expect(page.locator(".notice--success")).to_contain_text(text, timeout=20_000)


def review_body() -> dict[str, Any]:
    return {
        "scores": {key: {"score": 3, "comment": "Подтверждено апробацией в учреждении."} for key in CRITERIA},
        "confidence": "medium",
        "recommendation": "positive",
        "summary": "Программа готова к тиражированию.",
    }


def test_a_product_from_the_draft_to_the_registry_through_the_pages(api: Api, visitor: Visitor) -> None:
    opened = api.open_cycle(SITE, YEAR)
    assert opened.status_code in (201, 409), opened.text
    quota = obligation_path(SITE, YEAR, "product_quota", "Y")
    until(lambda: api.get(DIRECTOR, quota).json().get("status"), lambda status: status == "in_progress", 30)
    page = visitor.page

    # The director drafts the product: a forgotten title is said next to it, the authors typed are kept.
    visitor.sign_in(DIRECTOR)
    visitor.goto("/products")
    expect(page.get_by_role("heading", name=f"Продукты площадки {SITE}")).to_be_visible()
    visitor.look("registry-of-a-director")
    page.get_by_role("link", name="Создать продукт").click()
    expect(page.get_by_role("heading", name="Новый методический продукт")).to_be_visible()
    page.get_by_label("Вид продукта").select_option("model_program")
    page.locator("#draft-authors-0-full_name").fill("Иванова Анна Петровна")
    page.locator("#draft-authors-1-full_name").fill(AUTHOR_EXPERT)
    page.get_by_role("button", name="Добавить автора").click()
    expect(page.locator("#draft-authors-3-full_name")).to_be_visible()  # one row more, what was typed kept
    expect(page.locator("#draft-authors-1-full_name")).to_have_value(AUTHOR_EXPERT)
    page.get_by_label("Аннотация").fill(
        "Единый подход специалистов к социальному сопровождению семей: оценка нужд, план сопровождения, "
        "межведомственное взаимодействие."
    )
    page.get_by_role("button", name="Создать черновик").click()
    expect(page.locator(".error-summary")).to_contain_text("Укажите название продукта")
    expect(page.locator("#draft-title-error")).to_contain_text("Укажите название продукта")
    expect(page.locator("#draft-authors-1-full_name")).to_have_value(AUTHOR_EXPERT)
    visitor.look("draft-without-title")
    page.get_by_label("Название продукта").fill(TITLE)
    page.get_by_role("button", name="Создать черновик").click()
    notice(page, "Черновик продукта создан")
    product_path = re.sub(r"\?.*$", "", page.url.removeprefix(visitor.base_url))
    assert re.fullmatch(r"/products/p[0-9a-f]{10}", product_path), page.url
    product_id = product_path.rsplit("/", 1)[1]
    expect(page.locator(".ob-panel")).to_contain_text("черновик")
    visitor.look("draft")

    # A version: the main file is required; then sent into the quota of the year chosen.
    page.get_by_role("button", name="Добавить версию").click()
    expect(page.locator("#version-files-product-error")).to_contain_text("Приложите основной файл продукта")
    page.set_input_files("#version-files-product", files=[docx("programma-v1.docx")])
    page.get_by_role("button", name="Добавить версию").click()
    notice(page, "Версия продукта добавлена")
    expect(page.get_by_role("link", name="programma-v1.docx")).to_be_visible()
    # The pilot: a date ahead is refused beside the field, nothing recorded.
    page.get_by_label("Где проходила апробация").fill(PILOT)
    page.get_by_label("С какого дня").fill(f"{region_today().year + 1}-03-01")
    page.get_by_role("button", name="Записать апробацию").click()
    expect(page.locator("#pilot-since-error")).to_contain_text("Апробация не может начаться в будущем.")
    expect(page.locator(".error-summary")).to_contain_text("Действие не выполнено")
    expect(page.get_by_label("Где проходила апробация")).to_have_value(PILOT)
    page.get_by_label("С какого дня").fill(f"{YEAR}-03-01")
    page.get_by_role("button", name="Записать апробацию").click()
    notice(page, "Апробация записана")
    expect(page.locator("#about-title + .summary")).to_contain_text(f"с 01.03.{YEAR}")
    page.get_by_label("В норму какого года засчитать продукт").select_option(str(YEAR))
    page.get_by_role("button", name="Направить в Экспертный совет").click()
    notice(page, "Продукт направлен в Экспертный совет")
    expect(page.locator(".ob-panel")).to_contain_text("направлен, назначаются эксперты")
    expect(page.locator(".ob-panel")).to_contain_text(f"{YEAR} года")
    assert api.get(DIRECTOR, quota).json()["progress"]["done"] == 1
    visitor.look("sent")
    visitor.sign_out()

    # The secretary finds the task in the inbox: it leads to the product's page.
    visitor.sign_in(SECRETARY)
    visitor.goto(f"/tasks?site_id={SITE}")
    task = page.locator("a.tasks__title", has_text=TITLE).filter(has_text="Назначить экспертов")
    expect(task).to_have_attribute("href", product_path)
    visitor.look("secretary-inbox")
    task.click()
    expect(page.get_by_role("heading", name="Назначить эксперта")).to_be_visible()
    # An author of the product: refused, the reason beside the field and on top, the refusal on record.
    page.get_by_label("Член совета").select_option(api.user_id("expert.3"))
    page.get_by_role("button", name="Назначить").click()
    expect(page.locator(".error-summary")).to_contain_text("автор продукта")
    expect(page.locator("#assign-expert_id-error")).to_contain_text(f"{AUTHOR_EXPERT} — автор продукта")
    expect(page.locator(".product-refusals")).to_contain_text(AUTHOR_EXPERT)
    visitor.look("conflict-of-interest")
    for login in ("expert.1", "expert.2"):
        page.get_by_label("Член совета").select_option(api.user_id(login))
        page.get_by_role("button", name="Назначить").click()
        notice(page, "Эксперт назначен")
    experts = page.locator(".product-experts")
    expect(experts).to_contain_text(EXPERT_1)
    expect(experts).to_contain_text(EXPERT_2)
    expect(experts.get_by_text("ждет ответа")).to_have_count(2)
    visitor.look("experts-assigned")
    # The examination's obligation page is the product's page.
    visitor.goto(f"/sites/{SITE}/cycles/{YEAR}/obligations/product_expertise/{product_id}")
    assert page.url.endswith(product_path), page.url
    visitor.sign_out()

    # The first expert answers from the inbox and reviews: a half-filled review says every gap at once.
    visitor.sign_in("expert.1")
    visitor.goto(f"/tasks?site_id={SITE}")
    task = page.locator(".tasks__item", has_text=TITLE)
    expect(task.locator(".tasks__date")).to_contain_text("до ")  # the answer's due date (3 working days, D47)
    visitor.look("expert-inbox")
    task.locator("a.tasks__title").click()
    expect(page.get_by_role("heading", name="Вас назначили экспертом")).to_be_visible()
    visitor.look("invited")
    with page.expect_download() as download:  # the council reads the files of a product sent to it
        page.locator(".product-versions").get_by_role("link", name="programma-v1.docx").click()
    assert download.value.suggested_filename == "programma-v1.docx"
    page.get_by_label("Принимаю назначение").check()
    page.get_by_role("button", name="Отправить ответ").click()
    notice(page, "Вы приняли назначение")
    form = page.locator("form.product-review-form")
    for key in CRITERIA:
        form.locator(f"input[name='review.scores.{key}.score'][value='2']").check()
        if key != "novelty":
            form.locator(f"#review-scores-{key}-comment").fill("Обосновано опытом апробации.")
    form.get_by_label("высокая").check()
    form.get_by_role("button", name="Отправить рецензию").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Прокомментируйте оценку по критерию «Новизна».")
    expect(summary).to_contain_text("Выберите, что вы рекомендуете совету.")
    expect(summary).to_contain_text("Напишите общее резюме рецензии.")
    expect(page.locator("#review-scores-novelty-comment-error")).to_be_visible()
    expect(page.locator("#review-scores-relevance-comment")).to_have_value("Обосновано опытом апробации.")
    expect(form.locator("input[name='review.scores.novelty.score'][value='2']")).to_be_checked()
    visitor.look("review-half-filled")
    summary.get_by_role("link", name="Прокомментируйте оценку по критерию «Новизна».").click()
    expect(page.locator("#review-scores-novelty-comment")).to_be_focused()
    page.locator("#review-scores-novelty-comment").fill("Подход новый для КЦСОН округа.")
    form.get_by_label("положительное заключение").check()
    form.get_by_label("Общее резюме").fill("Программа применима в КЦСОН округа; критерии оценки нужд ясны.")
    form.get_by_role("button", name="Отправить рецензию").click()
    notice(page, "Рецензия отправлена")
    expect(page.locator(".product-review")).to_contain_text("10 баллов из 15")
    visitor.look("reviewed")
    visitor.goto("/council")  # the expert's own assignments on the council's page
    expect(page.get_by_text(re.compile(r"^Завершенные назначения \(\d+\)$"))).to_be_visible()
    visitor.look("expert-on-the-council-page")
    visitor.sign_out()

    # The second expert answers and reviews through the REST API.
    path = f"/api/products/{product_id}"
    expert_2 = api.user_id("expert.2")
    mine = next(a for a in api.get("expert.2", path).json()["rounds"][-1]["assignments"] if a["expert_id"] == expert_2)
    no = mine["assignment_no"]
    assert api.post("expert.2", f"{path}/assignments/{no}/response", json={"accept": True}).status_code == 200
    reviewed = api.post("expert.2", f"{path}/assignments/{no}/review", json=review_body())
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "reviews_in", reviewed.text

    # The chair finds the product on the council's agenda and records the conclusion.
    visitor.sign_in(CHAIR)
    visitor.goto("/council")
    agenda = page.locator(".council-agenda")
    expect(agenda).to_contain_text(TITLE)
    expect(page.locator("#members-title")).to_be_visible()
    visitor.look("council-desk")
    agenda.locator(f"a[href='{product_path}']").click()
    expect(page.get_by_role("heading", name="Заключение совета")).to_be_visible()
    expect(page.locator(".product-review")).to_have_count(2)  # the council reads both reviews, with the names
    visitor.look("conclusion-form")
    page.get_by_label("положительное заключение").check()
    page.get_by_label("Номер протокола").fill("7")
    for name in (CHAIR_NAME, EXPERT_1, EXPERT_2):
        page.get_by_role("checkbox", name=name).check()
    page.get_by_label("За", exact=True).fill("3")
    page.get_by_label("Против").fill("0")
    page.get_by_label("Текст заключения").fill("Рекомендовать к внедрению в КЦСОН округа.")
    page.get_by_role("button", name="Записать заключение").click()
    notice(page, "Заключение совета записано")
    conclusion = page.locator(".product-conclusion")
    expect(conclusion).to_contain_text("Протокол № 7")
    expect(conclusion).to_contain_text("за — 3, против — 0")
    visitor.look("concluded")
    visitor.sign_out()

    # The secretary enters it in the registry and records a replication in another institution.
    visitor.sign_in(SECRETARY)
    visitor.goto(product_path)
    page.get_by_role("button", name="Внести в реестр").click()
    notice(page, "Продукт внесен в реестр")
    expect(page.locator(".ob-panel")).to_contain_text(f"РМП-{YEAR}-")
    page.get_by_label("Учреждение").select_option("megion-kcson")
    page.get_by_label("Применяется с").fill(f"{YEAR}-12-01")
    page.get_by_label("Подтверждение").fill("Приказ учреждения от 01.12.2024 № 15-о")
    page.get_by_role("button", name="Записать внедрение").click()
    notice(page, "Внедрение записано")
    expect(page.locator("#implementations-title + .table-wrap")).to_contain_text("тиражирование")
    visitor.look("registered")
    visitor.sign_out()

    # Anybody finds it in the registry by another form of the words of its title.
    visitor.sign_in("department")
    visitor.goto("/products?q=" + "модельной программе сопровождения")
    found = page.locator(".product-table")
    row = found.locator("tr", has=page.locator(f"a[href='{product_path}']"))
    expect(row).to_contain_text(f"РМП-{YEAR}-")
    expect(row).to_contain_text("тиражирований: 1")
    visitor.look("found-in-the-registry")
    visitor.goto(f"/council?year={YEAR}")
    figures = page.locator(f".council-figures tbody tr[data-site='{SITE}']")
    expect(figures.locator("td")).to_have_text(["1", "1", "1", "1"])
    visitor.look("council-figures")


def test_the_council_is_not_a_site_directors_page(visitor: Visitor) -> None:
    visitor.sign_in(DIRECTOR)
    response = visitor.page.goto("/council")
    assert response is not None and response.status == 404
    expect(visitor.page.get_by_role("navigation", name="Основные разделы")).not_to_contain_text("Экспертный совет")
    missing = visitor.page.goto("/products/p0000000000")
    assert missing is not None and missing.status == 404
