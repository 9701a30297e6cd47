"""A Sverdlovsk methodological section through its pages (issue 16, seed 000): the leader proposes representatives
of two organisations; the head of one finds the consent in the inbox and gives it on a page that shows nothing else
of the section; the head of the base organisation opens the election, nominates, records the open vote and counts it;
the leader submits a material with its file; the base organisation's head checks it — a requirement left unticked
without a comment is refused beside its field, then the material is returned; the ОМЦ's control page. Every page
passes axe and is photographed at 1280 and 390 px; none names anything of KhMAO."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from innocycle.demo_files import docx_bytes, pdf_bytes
from tests.support.client import Api, obligation_path, region_today
from tests.support.sections import PASSWORD, register_section
from tests.support.stack import Stack
from tests.ui.conftest import Visitor

KHMAO = ("РЦРСО", "Югр", "135-р", "куратор")


def settle(visitor: Visitor) -> None:
    """Wait for the page's last boosted answer to be swapped in before the next click (signing out)."""
    visitor.page.wait_for_load_state("networkidle")


def no_khmao(visitor: Visitor) -> None:
    text = visitor.page.locator("main").inner_text()
    for word in KHMAO:
        assert word not in text, word


def test_a_section_composition_election_and_material_through_the_pages(
    api: Api, dev_stack: Stack, visitor: Visitor
) -> None:
    section = register_section(dev_stack, api, "sv-ui")
    path = f"/sections/{section.site}"
    page = visitor.page
    year = region_today().year
    opened = api.open_cycle(section.site, year, login="admin")
    assert opened.status_code == 201, opened.text

    # -- the leader proposes a representative of each organisation
    visitor.sign_in(section.leader, PASSWORD)
    visitor.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Методическая секция специалистов отделений срочного социального обслуживания"
    )
    expect(page.locator("#reports tbody tr")).to_have_count(4)
    expect(page.locator("#reports tbody tr").first).to_contain_text(f"1 квартал {year}")
    if region_today().month > 4:  # Q1's report was due by 5 April (rolled): still awaited, it is overdue
        expect(page.locator("#reports tbody tr").first).to_contain_text("просрочено")
    expect(page.locator("#duties-title")).to_have_text(f"Обязанности {year} года")
    # by the organisation's id: another test's section may hold organisations of the same names
    for full_name, position, organisation in (
        ("Петрова Анна Сергеевна", "заведующий отделением срочного социального обслуживания", section.orgs[0]),
        ("Лебедев Олег Юрьевич", "специалист по социальной работе", section.orgs[1]),
    ):
        page.get_by_label("Ф.И.О.").fill(full_name)
        page.get_by_label("Должность").fill(position)
        page.get_by_label("Организация").select_option(value=organisation)
        page.get_by_role("button", name="Предложить").click()
        expect(page.locator(".notice--success")).to_contain_text("Работник предложен")
    expect(page.locator("#members table")).to_contain_text("ждет согласования руководителя организации")
    no_khmao(visitor)
    settle(visitor)
    visitor.sign_out()

    # -- the head of the first organisation consents from the inbox; she sees nothing else of the section
    visitor.sign_in(section.heads[0], PASSWORD)
    visitor.goto("/tasks")
    page.locator("a.tasks__title", has_text="Согласовать включение в состав методической секции: Петрова").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Согласование состава методической секции")
    expect(page.locator("main")).not_to_contain_text("Лебедев")
    visitor.look("consent")
    page.get_by_role("button", name="Согласовать", exact=True).click()
    expect(page.locator(".notice--success")).to_contain_text("Согласование записано")
    settle(visitor)
    visitor.sign_out()
    section_path = f"/api/sections/{section.site}"
    members = {m["full_name"]: m["person_id"] for m in api.get(section.leader, section_path).json()["members"]}
    consent = {"consent": True, "on": region_today().isoformat()}
    assert (
        api.post(
            section.heads[1], f"{section_path}/members/{members['Лебедев Олег Юрьевич']}/consent", json=consent
        ).status_code
        == 200
    )

    # -- the base organisation's head runs the election at a meeting: the open vote voter by voter, the count
    visitor.sign_in(section.base_head, PASSWORD)
    visitor.goto(path)
    page.get_by_role("button", name="Открыть выборы").click()
    expect(page.locator(".notice--success")).to_contain_text("Выборы открыты")
    page.get_by_label("Кандидат — член секции").select_option(label="Петрова Анна Сергеевна")
    today = region_today()
    page.get_by_label("В занимаемой должности с").fill(date(today.year - 1, today.month, 1).isoformat())
    page.get_by_role("button", name="Выдвинуть").click()
    expect(page.locator(".notice--success")).to_contain_text("Кандидат выдвинут")
    for voter in ("Петрова Анна Сергеевна", "Лебедев Олег Юрьевич"):
        page.get_by_label("Член секции", exact=True).select_option(label=voter)
        page.get_by_label("Голос", exact=True).select_option(label="Петрова Анна Сергеевна")
        page.get_by_role("button", name="Записать голос").click()
        expect(page.locator(".notice--success")).to_contain_text("Голос записан")
    page.get_by_role("button", name="Подвести итоги тура 1").click()
    expect(page.locator("#election")).to_contain_text("Избран(а): Петрова Анна Сергеевна")
    expect(page.locator("#election table").last).to_contain_text("Лебедев Олег Юрьевич")
    visitor.look("elected")
    no_khmao(visitor)
    settle(visitor)
    visitor.sign_out()

    # -- the leader plans the year's meetings: the plan's row in the seven columns of Appendix 1
    visitor.sign_in(section.leader, PASSWORD)
    visitor.goto(path)
    plan = page.locator("#plan")
    for on, form_ru, topic in (
        (date(year, 3, 14), "очный", "Стандарты срочных социальных услуг"),
        (date(year, 10, 9), "онлайн", "Наставничество в отделениях срочного обслуживания"),
    ):
        plan.get_by_label("Дата заседания").fill(on.isoformat())
        plan.get_by_label("Форма проведения").select_option(label=form_ru)
        plan.get_by_label("Тема заседания").fill(topic)
        plan.get_by_role("button", name="Внести в план").click()
        expect(page.locator(".notice--success")).to_contain_text("Заседание внесено в план")
    expect(plan.locator("table th")).to_have_count(7)
    expect(plan.locator("table td").nth(6)).to_contain_text(f"09.10.{year} — Наставничество")
    visitor.look("plan")

    # -- the leader submits a material with its file
    page.get_by_label("Название").fill("Алгоритм срочной социальной помощи")
    page.get_by_label("Тема заседания, которую отражает материал").fill("Стандарты срочных социальных услуг")
    page.get_by_label("Авторы").fill("Петрова А. С., Иванова О. П.")
    page.get_by_label("Файл материала").set_input_files(
        {"name": "algoritm.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("Алгоритм")}
    )
    page.get_by_role("button", name="Представить", exact=True).click()
    expect(page.locator(".notice--success")).to_contain_text("Материал представлен")
    settle(visitor)
    visitor.sign_out()

    # -- the plan's file sent and approved in its obligation; the base organisation's head approves the rows with it
    detail = api.get(section.leader, obligation_path(section.site, year, "annual_plan", "annual")).json()
    files = {}
    for item in detail["items"]:
        if item["required"]:
            uploaded = api.upload(section.leader, section.site, f"{item['key']}.docx", docx_bytes(item["key"]))
            files[item["key"]] = uploaded.json()["file_id"]
    sent = api.submit(section.site, year, section.leader, files, key="annual_plan", instance="annual")
    assert sent.status_code == 200, sent.text
    decided = api.decide(section.site, year, section.base_head, "approve", key="annual_plan", instance="annual")
    assert decided.status_code == 200, decided.text
    visitor.sign_in(section.base_head, PASSWORD)
    visitor.goto(path)
    expect(page.locator("#plan-approval")).to_contain_text("Строки еще не утверждены с ним")
    page.get_by_role("button", name="Утвердить строки плана с файлом").click()
    expect(page.locator(".notice--success")).to_contain_text("Строки плана утверждены вместе с файлом")
    expect(page.locator("#plan-approval")).to_contain_text("plan.docx, представление № 1")
    expect(page.locator("#plan-approval")).to_contain_text("утвержден вместе с файлом")
    visitor.look("plan-approved")

    # -- the base organisation's head checks the material: a requirement unmet needs a comment, then it goes back
    page.get_by_label("иллюстрировать актуальные методики", exact=False).check()
    page.get_by_label("обладать авторской интерпретацией").check()
    page.get_by_role("button", name="Записать проверку").click()
    expect(page.locator(".error-summary")).to_contain_text("Материал возвращается: напишите, что доработать.")
    visitor.look("check-refused")
    expect(page.get_by_label("обладать авторской интерпретацией")).to_be_checked()  # the ticks are kept
    expect(page.get_by_label("содержать ссылки на используемые источники информации")).not_to_be_checked()
    page.get_by_label("Что доработать").fill("Добавьте ссылки на источники.")
    page.get_by_role("button", name="Записать проверку").click()
    expect(page.locator("#materials")).to_contain_text("возвращен на доработку")
    settle(visitor)
    visitor.sign_out()

    # -- the ОМЦ's control of the region's sections
    visitor.sign_in(section.omc, PASSWORD)
    visitor.goto(f"/sections/control/66?year={today.year}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Методические секции, {today.year} год")
    expect(page.locator("main")).to_contain_text("Методическая секция специалистов отделений срочного")
    visitor.look("control")
    no_khmao(visitor)
