"""Errors as RFC 9457 problem details: a machine-readable ``code``, a Russian ``detail`` fit for the UI, and the
fields at fault in ``errors``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors or []
        self.headers = headers


TITLES = {
    400: "Некорректный запрос",
    401: "Требуется вход в систему",
    403: "Недостаточно прав",
    404: "Не найдено",
    405: "Метод не поддерживается",
    409: "Действие невозможно в текущем состоянии",
    413: "Слишком большой файл",
    415: "Неподдерживаемый тип файла",
    422: "Ошибка в данных запроса",
    429: "Слишком много запросов",
    500: "Внутренняя ошибка",
    503: "Сервис временно недоступен",
}


def not_found(what: str = "Объект не найден.") -> Problem:
    return Problem(404, "not_found", what)


def problem_response(problem: Problem) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://innocycle.ru/problems/{problem.code}",
        "title": TITLES.get(problem.status, "Ошибка"),
        "status": problem.status,
        "detail": problem.detail,
        "code": problem.code,
    }
    if problem.errors:
        body["errors"] = problem.errors
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers)


VALIDATION_MESSAGES = {
    "missing": "обязательное поле",
    "json_invalid": "некорректный JSON",
    "string_too_short": "слишком короткое значение",
    "string_too_long": "слишком длинное значение",
    "int_parsing": "ожидается целое число",
    "int_type": "ожидается целое число",
    "string_type": "ожидается строка",
    "dict_type": "ожидается объект",
    "list_type": "ожидается список",
    "model_attributes_type": "ожидается объект",
    "literal_error": "недопустимое значение",
    "enum": "недопустимое значение",
    "greater_than_equal": "значение слишком мало",
    "less_than_equal": "значение слишком велико",
    "uuid_parsing": "ожидается идентификатор (UUID)",
    "uuid_type": "ожидается идентификатор (UUID)",
    "extra_forbidden": "неизвестное поле",
    "value_error": "недопустимое значение",
}


def _field(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or "body"


def validation_problem(exc: RequestValidationError) -> Problem:
    errors = []
    for error in exc.errors():
        message = VALIDATION_MESSAGES.get(error["type"], "недопустимое значение")
        if error["type"] == "json_invalid":
            context = error.get("ctx", {}).get("error", "")
            message = f"некорректный JSON ({context})" if context else message
        errors.append({"field": _field(tuple(error["loc"])), "message": message})
    if any(e["message"].startswith("некорректный JSON") for e in errors):
        return Problem(422, "malformed_json", "Тело запроса — некорректный JSON.", errors)
    listed = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return Problem(422, "invalid_request", f"Проверьте данные запроса — {listed}.", errors)


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(validation_problem(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(exc.status_code, "http_error")
        detail = {404: "Ресурс не найден.", 405: "Метод не поддерживается для этого адреса."}.get(
            exc.status_code, str(exc.detail)
        )
        return problem_response(Problem(exc.status_code, code, detail, headers=getattr(exc, "headers", None)))
