"""Bad input gets a clear error — status, code, field, reason in Russian — and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import jwt

from innocycle.demo_files import docx_bytes, pdf_bytes
from tests.support.client import Api, obligation_path
from tests.support.stack import Stack


def _stream(site_id: str, year: int) -> str:
    return f"cycle:{site_id}:{year}:package:annual"


def test_a_package_with_a_missing_item_is_refused_and_records_nothing(
    api: Api, dev_stack: Stack, open_cycle: Callable[[str], int]
) -> None:
    # Югорский КЦСОН (C4) lists only four documents in its положение (001:L949–957); the Order asks for five.
    year = open_cycle("1.1.12")
    items = api.upload_package("1.1.12", year, "director.1.1.12")
    del items["roadmap"]
    before = dev_stack.event_count(_stream("1.1.12", year))
    response = api.submit("1.1.12", year, "director.1.1.12", items)
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "missing_items"
    assert "2.3.5" in problem["detail"] and "дорожная карта" in problem["detail"]
    assert problem["errors"][0]["field"] == "items"
    assert dev_stack.event_count(_stream("1.1.12", year)) == before
    assert api.obligation("1.1.12", year, "director.1.1.12")["status"] == "awaiting_submission"


def test_an_item_in_the_wrong_format_is_refused(api: Api, dev_stack: Stack, open_cycle: Callable[[str], int]) -> None:
    year = open_cycle("1.1.2")
    items = api.upload_package("1.1.2", year, "director.1.1.2")
    docx = api.upload("director.1.1.2", "1.1.2", "polozhenie.docx", docx_bytes("Положение"))
    assert docx.status_code == 201
    items["polozhenie"] = docx.json()["file_id"]
    before = dev_stack.event_count(_stream("1.1.2", year))
    response = api.submit("1.1.2", year, "director.1.1.2", items)
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_format"
    assert "PDF" in response.json()["detail"] and "2.3.1" in response.json()["detail"]
    assert response.json()["errors"] == [{"field": "items.polozhenie", "message": response.json()["detail"]}]
    assert dev_stack.event_count(_stream("1.1.2", year)) == before


def test_a_file_of_another_site_or_none_at_all_is_not_found(
    api: Api, dev_stack: Stack, open_cycle: Callable[[str], int]
) -> None:
    year = open_cycle("1.1.4")
    items = api.upload_package("1.1.4", year, "director.1.1.4")
    theirs = api.upload("director.1.1.5", "1.1.5", "polozhenie.pdf", pdf_bytes("Положение другой площадки"))
    assert theirs.status_code == 201
    before = dev_stack.event_count(_stream("1.1.4", year))
    for wrong in (theirs.json()["file_id"], "00000000-0000-4000-8000-000000000000", "not-a-file-id"):
        response = api.submit("1.1.4", year, "director.1.1.4", {**items, "cases": wrong})
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "file_not_found"
        assert response.json()["errors"] == [{"field": "items.cases", "message": "файл не найден"}]
    assert dev_stack.event_count(_stream("1.1.4", year)) == before
    assert api.obligation("1.1.4", year, "director.1.1.4")["status"] == "awaiting_submission"


def test_an_oversized_file_is_refused_and_not_stored(api: Api, dev_stack: Stack) -> None:
    before = dev_stack.query("SELECT count(*) FROM files")[0][0]
    limit = int(dev_stack.env["INNOCYCLE_MAX_UPLOAD_BYTES"])
    just_over = pdf_bytes("big") + b"0" * limit
    response = api.upload("director.1.1.3", "1.1.3", "polozhenie.pdf", just_over)
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert "1 МБ" in response.json()["detail"]
    far_over = api.upload("director.1.1.3", "1.1.3", "polozhenie.pdf", b"%PDF-" + b"0" * (3 * limit))
    assert far_over.status_code == 413
    assert dev_stack.query("SELECT count(*) FROM files")[0][0] == before


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(api: Api, dev_stack: Stack) -> None:
    before = dev_stack.query("SELECT count(*) FROM files")[0][0]
    disguised = api.upload("director.1.1.3", "1.1.3", "polozhenie.pdf", docx_bytes("Положение"))
    assert disguised.status_code == 415
    assert disguised.json()["code"] == "file_content_mismatch"
    assert "DOCX" in disguised.json()["detail"]
    garbage = api.upload("director.1.1.3", "1.1.3", "otchet.xlsx", b"just some text, not a workbook")
    assert garbage.status_code == 415
    assert "не является документом" in garbage.json()["detail"]
    executable = api.upload("director.1.1.3", "1.1.3", "setup.exe", b"MZ\x90\x00")
    assert executable.status_code == 415
    assert executable.json()["code"] == "unsupported_file_type"
    assert dev_stack.query("SELECT count(*) FROM files")[0][0] == before


def test_malformed_json_is_refused_with_the_reason(
    api: Api, dev_stack: Stack, open_cycle: Callable[[str], int]
) -> None:
    year = open_cycle("1.1.4")
    before = dev_stack.event_count(_stream("1.1.4", year))
    response = api.http.post(
        obligation_path("1.1.4", year) + "/submissions",
        content=b'{"items": {"polozhenie": ',
        headers={**api.headers("director.1.1.4"), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "malformed_json"
    assert response.json()["errors"][0]["message"].startswith("некорректный JSON")
    wrong_shape = api.post("director.1.1.4", obligation_path("1.1.4", year) + "/submissions", json={"items": "all"})
    assert wrong_shape.status_code == 422
    assert wrong_shape.json()["errors"] == [{"field": "items", "message": "ожидается объект"}]
    assert dev_stack.event_count(_stream("1.1.4", year)) == before


def test_an_unknown_site_is_not_found(api: Api) -> None:
    for response in (
        api.get("rcrso", "/api/sites/9.9.9"),
        api.get("rcrso", "/api/sites/9.9.9/cycles/2027"),
        api.open_cycle("9.9.9", 2027),
        api.upload("rcrso", "9.9.9", "a.pdf", pdf_bytes("a")),
    ):
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "site_not_found"


def test_another_sites_director_learns_nothing(api: Api, open_cycle: Callable[[str], int]) -> None:
    year = open_cycle("1.1.10")
    items = api.upload_package("1.1.10", year, "director.1.1.10")
    intruder = "director.1.1.3"
    unknown = api.get(intruder, "/api/sites/9.9.9/cycles/2027").json()
    for response in (
        api.get(intruder, "/api/sites/1.1.10"),
        api.get(intruder, f"/api/sites/1.1.10/cycles/{year}"),
        api.get(intruder, obligation_path("1.1.10", year)),
        api.submit("1.1.10", year, intruder, items),
        api.upload(intruder, "1.1.10", "a.pdf", pdf_bytes("a")),
    ):
        assert response.status_code == 404, response.text
        assert response.json() == unknown  # word for word what a site that does not exist gets
    hidden_file = api.get(intruder, f"/api/files/{items['polozhenie']}")
    assert hidden_file.status_code == 404
    assert "1.1.10" not in {site["id"] for site in api.get(intruder, "/api/sites").json()}
    assert api.get(intruder, "/api/escalations", params={"site_id": "1.1.10"}).json() == []


def test_an_expired_token_is_refused(api: Api, dev_stack: Stack) -> None:
    user_id = api.get("director.1.1.5", "/api/me").json()["user_id"]
    issued = datetime.now(UTC) - timedelta(hours=2)
    expired = jwt.encode(
        {"sub": user_id, "type": "access", "iat": issued, "exp": issued + timedelta(minutes=60)},
        dev_stack.env["INNOCYCLE_JWT_SECRET"],
        algorithm="HS256",
    )
    response = api.http.get("/api/sites", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"
    assert response.headers["www-authenticate"] == "Bearer"
    forged = jwt.encode(
        {"sub": user_id, "type": "access", "exp": datetime.now(UTC) + timedelta(hours=1)},
        "a-guessed-key-of-thirty-two-bytes!",
    )
    assert api.http.get("/api/sites", headers={"Authorization": f"Bearer {forged}"}).json()["code"] == "invalid_token"
    assert api.http.get("/api/sites").status_code == 401
    wrong_password = api.http.post("/api/auth/token", data={"username": "director.1.1.5", "password": "nope"})
    assert wrong_password.status_code == 401
    assert wrong_password.json()["detail"] == "Неверный логин или пароль."


def test_illegal_steps_are_refused_by_the_workflow_with_a_reason(
    api: Api, dev_stack: Stack, open_cycle: Callable[[str], int]
) -> None:
    year = open_cycle("1.1.8")
    stream = _stream("1.1.8", year)

    def refused(response: object, code: str) -> None:
        assert response.status_code == 409, response.text  # type: ignore[attr-defined]
        assert response.json()["code"] == code, response.text  # type: ignore[attr-defined]

    count = dev_stack.event_count(stream)
    refused(api.decide("1.1.8", year, "curator.1.1.8", "approve"), "nothing_to_review")
    items = api.upload_package("1.1.8", year, "responsible.1.1.8")
    refused(api.submit("1.1.8", year, "rcrso", items), "not_allowed")  # the RCRSO does not submit a site's package
    assert dev_stack.event_count(stream) == count

    assert api.submit("1.1.8", year, "responsible.1.1.8", items).status_code == 200
    count = dev_stack.event_count(stream)
    refused(api.submit("1.1.8", year, "director.1.1.8", items), "under_review")
    director_approves = api.decide("1.1.8", year, "director.1.1.8", "approve")
    refused(director_approves, "not_allowed")
    assert "куратор" in director_approves.json()["detail"]
    no_comment = api.decide("1.1.8", year, "curator.1.1.8", "return", "  ")
    refused(no_comment, "comment_required")
    assert no_comment.json()["errors"][0]["field"] == "comment"
    refused(api.decide("1.1.8", year, "curator.1.1.8", "agree"), "wrong_action")
    assert dev_stack.event_count(stream) == count

    assert api.decide("1.1.8", year, "curator.1.1.8", "approve").status_code == 200
    count = dev_stack.event_count(stream)
    refused(api.submit("1.1.8", year, "director.1.1.8", items), "obligation_closed")
    refused(api.decide("1.1.8", year, "curator.1.1.8", "return", "Ещё раз"), "obligation_closed")
    assert dev_stack.event_count(stream) == count
