"""People in the browser: the administrator creates a user and gives and withdraws a grant through the forms, a
login already taken is said next to its field with nothing created, anyone else is refused the administrator's
pages as the REST API refuses them, the audit log reads in Russian, and «Мой профиль» shows a person's roles."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from playwright.sync_api import expect

from tests.support.client import Api, region_today
from tests.ui.conftest import Visitor


def _users_named(api: Api, search: str) -> list[dict[str, object]]:
    found = api.get("admin", "/api/admin/users", params={"search": search})
    assert found.status_code == 200, found.text
    items: list[dict[str, object]] = found.json()["items"]
    return items


def test_an_administrator_creates_a_user_and_gives_a_grant_through_the_forms(api: Api, visitor: Visitor) -> None:
    login = f"ui.ivanova.{uuid.uuid4().hex[:6]}"
    until = region_today() + timedelta(days=90)
    visitor.sign_in("admin")
    visitor.goto("/admin/users")
    page = visitor.page
    expect(page.get_by_role("heading", name="Пользователи", exact=True)).to_be_visible()
    expect(page.locator(".people-table")).to_contain_text("Куратор направления, направление 1.1.5")
    visitor.look("users")
    page.get_by_label("Логин или ФИО").fill("curator.1.1")
    page.get_by_role("button", name="Найти").click()
    expect(page.locator(".inbox__count")).to_contain_text("По запросу «curator.1.1»")
    visitor.look("users-search")

    page.get_by_role("link", name="Создать пользователя").click()
    expect(page.get_by_role("heading", name="Новый пользователь")).to_be_visible()
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Фамилия, имя, отчество").fill("Иванова Елена Андреевна")
    page.get_by_label("Должность").fill("методист отдела методического сопровождения")
    page.get_by_label("Пароль").fill("short")
    page.get_by_role("button", name="Создать пользователя").click()
    expect(page.locator("#password-error")).to_contain_text("Пароль — не короче 8 знаков.")
    expect(page.get_by_label("Логин")).to_have_value(login)  # what was typed stays, the password does not
    assert _users_named(api, login) == []
    visitor.look("new-user-error")
    page.get_by_label("Пароль").fill("long-enough-1")
    page.get_by_role("button", name="Создать пользователя").click()
    expect(page.locator(".notice--success")).to_contain_text("Пользователь создан")
    expect(page.get_by_role("heading", name="Иванова Елена Андреевна")).to_be_visible()
    visitor.look("user-created")
    [created] = _users_named(api, login)
    user_id = str(created["user_id"])
    assert page.url.split("?")[0].endswith(f"/admin/users/{user_id}")

    # A grant without its role is refused beside the field; then the acting curator of direction 1.1.5, for a period.
    page.get_by_label("Область действия").select_option("direction:1.1.5")
    page.get_by_role("button", name="Выдать роль").click()
    expect(page.locator("#role-error")).to_contain_text("Выберите роль.")
    expect(page.get_by_label("Область действия")).to_have_value("direction:1.1.5")
    visitor.look("grant-error")
    page.get_by_label("Роль", exact=True).select_option("curator")
    page.get_by_label("По", exact=True).fill(until.isoformat())
    page.get_by_label("Исполняющий обязанности (И.О.)").check()
    page.get_by_role("button", name="Выдать роль").click()
    expect(page.locator(".notice--success")).to_contain_text("Роль выдана")
    grants = page.locator(".grants-table")
    expect(grants).to_contain_text("Куратор направления")
    expect(grants).to_contain_text("И.О.")
    expect(grants).to_contain_text(f"по {until:%d.%m.%Y}")
    expect(grants).to_contain_text("действует")
    visitor.look("granted")
    [grant] = api.get("admin", f"/api/admin/users/{user_id}").json()["grants"]
    assert (grant["role"], grant["scope_kind"], grant["scope_id"], grant["acting"]) == (
        "curator",
        "direction",
        "1.1.5",
        True,
    )
    assert grant["valid_until"] == until.isoformat()

    # A second grant, withdrawn with its button.
    page.get_by_label("Роль", exact=True).select_option("expert")
    page.get_by_label("Область действия").select_option("region:86")
    page.get_by_role("button", name="Выдать роль").click()
    expect(grants.locator("tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Отозвать роль «Эксперт»").click()
    expect(page.locator(".notice--success")).to_contain_text("Роль отозвана")
    expect(grants.locator("tbody tr")).to_have_count(1)
    assert [g["role"] for g in api.get("admin", f"/api/admin/users/{user_id}").json()["grants"]] == ["curator"]

    # The new person's data changed, and they sign in with their password.
    page.get_by_label("Должность").fill("старший методист")
    page.get_by_role("button", name="Сохранить изменения").click()
    expect(page.locator(".notice--success")).to_contain_text("Изменения сохранены")
    assert api.get("admin", f"/api/admin/users/{user_id}").json()["position"] == "старший методист"
    me = api.http.post("/api/auth/token", data={"username": login, "password": "long-enough-1"})
    assert me.status_code == 200, me.text


def test_a_taken_login_is_said_next_to_the_field_and_nothing_is_created(api: Api, visitor: Visitor) -> None:
    visitor.sign_in("admin")
    visitor.goto("/admin/users/new")
    page = visitor.page
    page.get_by_label("Логин").fill("curator.1.1.5")
    page.get_by_label("Фамилия, имя, отчество").fill("Двойникова Мария Петровна")
    page.get_by_label("Пароль").fill("long-enough-1")
    page.get_by_role("button", name="Создать пользователя").click()
    expect(page.locator("#login-error")).to_contain_text("Логин «curator.1.1.5» уже занят.")
    expect(page.locator(".error-summary")).to_contain_text("Логин «curator.1.1.5» уже занят.")
    expect(page.get_by_label("Фамилия, имя, отчество")).to_have_value("Двойникова Мария Петровна")
    visitor.look("login-taken")
    assert _users_named(api, "Двойникова") == []
    assert len(_users_named(api, "curator.1.1.5")) == 1


def test_anyone_but_an_administrator_is_refused_the_administrators_pages(visitor: Visitor) -> None:
    visitor.sign_in("curator.1.1.5")
    for path in ("/admin/users", "/admin/users/new", "/admin/audit"):
        response = visitor.page.goto(path)
        assert response is not None and response.status == 403, path
        expect(visitor.page.get_by_role("heading", name="Недостаточно прав")).to_be_visible()
        expect(visitor.page.get_by_text("Управлять пользователями может только администратор.")).to_be_visible()
    visitor.look("refused")


def test_the_audit_log_lists_sign_ins_and_changes_in_russian(api: Api, visitor: Visitor) -> None:
    refused = api.http.post("/api/auth/token", data={"username": "expert.2", "password": "wrong-password"})
    assert refused.status_code == 401
    visitor.sign_in("admin")
    visitor.goto("/admin/audit")
    page = visitor.page
    table = page.locator(".audit-table")
    expect(table).to_contain_text("вход")
    expect(page.locator(".inbox__count")).to_contain_text("Время — Екатеринбург, UTC+5")
    visitor.look("audit")
    page.get_by_label("Логин").fill("expert.2")
    page.get_by_label("Событие").select_option("login_failed")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator(".audit-table tbody tr").first).to_contain_text("неудачный вход")
    for row in page.locator(".audit-table tbody tr").all():
        expect(row).to_contain_text("expert.2")
    assert "login=expert.2" in page.url and "kind=login_failed" in page.url
    visitor.look("audit-filtered")


def test_my_profile_shows_my_roles_in_russian(visitor: Visitor) -> None:
    visitor.sign_in("director.1.1.5")
    visitor.goto("/me")
    page = visitor.page
    expect(page.get_by_role("heading", name="Мой профиль")).to_be_visible()
    expect(page.locator(".summary")).to_contain_text("director.1.1.5")
    roles = page.locator(".people-held")
    expect(roles).to_contain_text("Директор площадки — площадка 1.1.5")
    expect(page.get_by_role("heading", name="Передать свои задачи на время отсутствия (замещение)")).to_be_visible()
    visitor.look("me")


def test_a_substitution_to_an_unknown_colleague_is_refused_beside_the_field(api: Api, visitor: Visitor) -> None:
    visitor.sign_in("curator.1.2.4")
    visitor.goto("/me")
    page = visitor.page
    page.get_by_label("Логин коллеги, который будет замещать").fill("nobody.here")
    page.get_by_label("По", exact=True).fill((region_today() + timedelta(days=7)).isoformat())
    page.get_by_label("Причина").fill("отпуск")
    page.get_by_role("button", name="Назначить замещение").click()
    expect(page.locator("#substitute_login-error")).to_contain_text("Пользователь «nobody.here» не найден.")
    expect(page.get_by_label("Причина")).to_have_value("отпуск")
    visitor.look("substitute-unknown")
    assert api.get("curator.1.2.4", "/api/substitutions").json() == []


def test_an_administrator_arranges_a_substitution_for_someone_else_and_cancels_it(api: Api, visitor: Visitor) -> None:
    ends = region_today() + timedelta(days=3)
    visitor.sign_in("admin")
    visitor.goto("/me")
    page = visitor.page
    page.get_by_label("Чьи задачи передать").fill("expert.1")
    page.get_by_label("Логин коллеги, который будет замещать").fill("expert.2")
    page.get_by_label("По", exact=True).fill(ends.isoformat())
    page.get_by_label("Причина").fill("командировка")
    page.get_by_role("button", name="Назначить замещение").click()
    expect(page.locator(".notice--success")).to_contain_text("Замещающий увидит задачи")
    others = page.locator(".people-others")
    others.locator("summary").click()
    expect(others).to_contain_text("expert.2")
    expect(others).to_contain_text(f"по {ends:%d.%m.%Y}, командировка")
    visitor.look("admin-arranged")

    # Other tests hand expert.1's tasks on too (the authorization matrix does, for 2099): this one is told by its
    # reason and its end.
    def this_one() -> dict[str, Any]:
        [found] = [
            s
            for s in api.get("expert.1", "/api/substitutions").json()
            if s["reason"] == "командировка" and s["ends_on"] == ends.isoformat()
        ]
        return found

    arranged = this_one()
    assert (arranged["absent"]["login"], arranged["substitute"]["login"]) == ("expert.1", "expert.2")
    assert arranged["cancelled_at"] is None
    mine = others.locator(".standins__item").filter(has_text="expert.1").filter(has_text="командировка")
    mine.get_by_role("button", name="Отменить замещение").click()
    expect(page.locator(".notice--success")).to_contain_text("Замещение отменено.")
    assert this_one()["cancelled_at"] is not None
