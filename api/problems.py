"""Errors as RFC 9457 problem details: a machine-readable ``code``, a Russian ``detail`` fit for the UI, and the
fields at fault in ``errors``."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.common import DomainError

PROBLEM_JSON = "application/problem+json"
PROBLEM_SCHEMA = "ProblemDetails"


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
    202: "Команда принята",
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


class FieldError(BaseModel):
    field: str = Field(description="Поле запроса, например items.roadmap или year")
    message: str = Field(description="Что с ним не так, по-русски")


class ProblemDetails(BaseModel):
    """How every error of the API is answered (RFC 9457, ``application/problem+json``)."""

    type: str = Field(description="URI вида ошибки")
    title: str = Field(description="Вид ошибки по статусу, по-русски")
    status: int = Field(description="HTTP-статус")
    detail: str = Field(description="Сообщение для пользователя, по-русски")
    code: str = Field(description="Машинный код ошибки")
    errors: list[FieldError] = Field(default_factory=list, description="Поля с ошибками (если есть)")


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a route for the problems only it answers with (the common ones are added to every
    operation by :func:`install`)."""
    return {status: _problem_response(status) for status in statuses}


def _problem_response(status: int) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{PROBLEM_SCHEMA}"}
    return {"description": TITLES.get(status, "Ошибка"), "content": {PROBLEM_JSON: {"schema": schema}}}


def refused(status: int, code: str, message: str, field: str | None = None) -> Problem:
    """The domain's refusal (code, message in Russian, the field at fault if it names one) as a problem."""
    return Problem(status, code, message, [{"field": field, "message": message}] if field else None)


def role_refused(error: DomainError) -> Problem:
    """A domain refusal where who may act is the domain's to say (its role check): a refusal of the role is 403,
    any other 409."""
    return refused(403 if error.code == "not_allowed" else 409, error.code, error.message, error.field)


def field_problem(status: int, code: str, detail: str, field: str, short: str) -> Problem:
    """A problem with one field at fault: ``short`` says what is wrong with it in a few words."""
    return Problem(status, code, detail, [{"field": field, "message": short}])


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


NUL = "\x00"
NUL_MESSAGE = "недопустимый символ с кодом 0"


def _nul_fields(value: Any, path: str) -> Iterator[str]:
    """The fields of a parsed JSON value whose text (or key) holds U+0000."""
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield path or "body"
            else:
                yield from _nul_fields(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_fields(item, f"{path}.{index}" if path else str(index))


async def refuse_nul_characters(request: Request) -> None:
    """U+0000 in any text of a request is refused at the boundary: PostgreSQL cannot store it in text or JSONB, so
    it would otherwise fail a query (a 500) or, inside an event, the workflow that records it."""
    fields = [name for name, value in request.path_params.items() if isinstance(value, str) and NUL in value]
    fields += [
        name.replace(NUL, "") or "query" for name, value in request.query_params.multi_items() if NUL in name + value
    ]
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        # A file's content may hold any byte; its name and the text fields may not.
        for name, value in (await request.form()).multi_items():
            text = (value.filename or "") if isinstance(value, UploadFile) else value
            if NUL in name + text:
                fields.append(name.replace(NUL, "") or "body")
    elif request.method in ("POST", "PUT", "PATCH"):
        body = await request.body()
        if b"\\u0000" in body:
            with contextlib.suppress(ValueError):  # not JSON: the route's own parsing answers for it
                fields += _nul_fields(json.loads(body), "")
    if fields:
        errors = [{"field": field, "message": NUL_MESSAGE} for field in dict.fromkeys(fields)]
        listed = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        raise Problem(422, "invalid_request", f"Проверьте данные запроса — {listed}.", errors)


def _document_problems(schema: dict[str, Any]) -> None:
    """Declare in the OpenAPI schema the problems every operation may answer with, by what it takes: a body may be
    unreadable (400), a token missing or expired (401) or a signed-in caller's role not enough (403), an object the
    request names missing (404), a change conflict with the state (409), a POST be too large (413) and any input be
    invalid (422, in place of FastAPI's own shape, which this API never sends)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}))
    components[PROBLEM_SCHEMA] = problem
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            security = [name for requirement in operation.get("security", []) for name in requirement]
            signed_in = "OAuth2PasswordBearer" in security
            has_body = "requestBody" in operation
            statuses = {
                400: has_body,
                401: bool(security),
                403: signed_in,
                404: "{" in path or (has_body and signed_in),
                409: method != "get" and bool(security),
                413: method == "post",
                422: has_body or bool(operation.get("parameters")),
            }
            responses = operation.setdefault("responses", {})
            for status in sorted(s for s, applies in statuses.items() if applies):
                declared = responses.get(str(status), {})
                if PROBLEM_JSON not in declared.get("content", {}):
                    responses[str(status)] = _problem_response(status)
    if "HTTPValidationError" not in json.dumps(schema.get("paths", {})):
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)


PageRenderer = Callable[[Request, Problem], Response]


def install(app: FastAPI, page: PageRenderer | None = None, is_page: Callable[[Request], bool] | None = None) -> None:
    """Answer every error as a problem document; on a page of the web interface (``is_page``), as ``page``
    renders it."""
    generate = app.openapi

    def answer(request: Request, problem: Problem) -> Response:
        if page is not None and is_page is not None and is_page(request):
            return page(request, problem)
        return problem_response(problem)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _document_problems(generate())
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return answer(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, validation_problem(exc))

    @app.exception_handler(OperationalError)
    async def _database_down(request: Request, exc: OperationalError) -> Response:
        # PostgreSQL restarting or unreachable. A connection lost at COMMIT leaves unknown whether it committed.
        detail = (
            "База данных временно недоступна. Обновите страницу, чтобы увидеть текущее состояние, и повторите позже."
        )
        return answer(request, Problem(503, "database_unavailable", detail))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = {400: "malformed_body", 404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(
            exc.status_code, "http_error"
        )
        detail = {
            400: "Тело запроса не удалось разобрать: проверьте его формат и заголовок Content-Type.",
            404: "Ресурс не найден.",
            405: "Метод не поддерживается для этого адреса.",
        }.get(exc.status_code, str(exc.detail))
        return answer(request, Problem(exc.status_code, code, detail, headers=getattr(exc, "headers", None)))
