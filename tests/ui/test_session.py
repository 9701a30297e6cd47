"""Signing in and out in the browser, the front door, and forms refused without their CSRF token."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import expect

from tests.support.stack import Stack
from tests.ui.conftest import Visitor


def test_the_front_door_asks_to_sign_in_and_lists_the_demo_logins(visitor: Visitor) -> None:
    visitor.goto("/")
    assert visitor.page.url.endswith("/login")
    assert visitor.page.get_by_role("heading", name="Вход в innocycle").is_visible()
    assert visitor.page.get_by_text("director.1.1.5").is_visible()
    visitor.look("login")


def test_a_wrong_password_is_said_in_russian(visitor: Visitor) -> None:
    visitor.goto("/login")
    visitor.page.get_by_label("Логин").fill("director.1.1.5")
    visitor.page.get_by_label("Пароль").fill("wrong-password")
    visitor.page.get_by_role("button", name="Войти").click()
    expect(visitor.page.get_by_text("Неверный логин или пароль.")).to_be_visible()
    visitor.look("wrong-password")


def test_each_person_lands_where_their_work_is(visitor: Visitor, second_visitor: Visitor) -> None:
    visitor.sign_in("director.1.1.5")
    assert re.search(r"/sites/[^/]+$", visitor.page.url), visitor.page.url
    second_visitor.sign_in("department")
    assert second_visitor.page.url.endswith("/region")


def test_a_page_asked_for_before_signing_in_opens_after_it(visitor: Visitor) -> None:
    visitor.goto("/tasks")
    assert "/login?next=%2Ftasks" in visitor.page.url
    visitor.page.get_by_label("Логин").fill("curator.1.1.5")
    visitor.page.get_by_label("Пароль").fill("demo")
    visitor.page.get_by_role("button", name="Войти").click()
    visitor.page.wait_for_url(re.compile(r"/tasks$"))


def test_signing_out_ends_the_session(visitor: Visitor) -> None:
    visitor.sign_in("curator.1.1.5")
    visitor.sign_out()
    visitor.goto("/tasks")
    assert "/login" in visitor.page.url


def test_the_session_cookie_is_httponly_and_lax(visitor: Visitor) -> None:
    visitor.sign_in("curator.1.1.5")
    cookies = {c["name"]: c for c in visitor.context.cookies()}
    for name in ("innocycle_access", "innocycle_refresh", "innocycle_sid"):
        assert cookies[name]["httpOnly"], name
        assert cookies[name]["sameSite"] == "Lax", name


def test_the_session_is_renewed_unseen_when_the_access_token_is_gone(visitor: Visitor) -> None:
    visitor.sign_in("curator.1.1.5")
    visitor.context.clear_cookies(name="innocycle_access")
    visitor.goto("/tasks")
    assert visitor.page.url.endswith("/tasks")
    assert any(c["name"] == "innocycle_access" for c in visitor.context.cookies())


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(visitor: Visitor, dev_stack: Stack) -> None:
    visitor.sign_in("curator.1.1.5")
    cookies = {c["name"]: c["value"] for c in visitor.context.cookies()}
    with httpx.Client(base_url=dev_stack.api_url, cookies=cookies) as http:
        refused = http.post("/logout", data={})
        assert refused.status_code == 403
        assert "Обновите страницу" in refused.text
    # The session survived the forged sign-out.
    visitor.goto("/tasks")
    assert visitor.page.url.endswith("/tasks")
