"""Forms of the web interface read into the same pydantic models the REST routes take, with the same Russian
messages; a refusal (``Problem``) becomes errors shown next to their fields and in the error summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from api.problems import VALIDATION_MESSAGES, Problem

M = TypeVar("M", bound=BaseModel)


@dataclass
class FormErrors:
    """What is wrong with a submitted form: a message per field and a summary for the top of the page."""

    summary: str = ""
    fields: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.summary or self.fields)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


def errors_of(problem: Problem) -> FormErrors:
    fields: dict[str, str] = {}
    for error in problem.errors:
        fields.setdefault(error.get("field") or "", error.get("message", ""))
    fields.pop("", None)
    return FormErrors(summary=problem.detail, fields=fields)


def validation_errors(exc: ValidationError) -> FormErrors:
    fields: dict[str, str] = {}
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "form"
        fields.setdefault(name, VALIDATION_MESSAGES.get(error["type"], "недопустимое значение"))
    return FormErrors(summary="Проверьте выделенные поля.", fields=fields)


def blank_to_none(data: dict[str, Any]) -> dict[str, Any]:
    """An empty text box means «not given», as an absent JSON field does."""
    return {key: (None if value == "" else value) for key, value in data.items()}


def parsed(model: type[M], data: dict[str, Any]) -> M | FormErrors:
    """``data`` as ``model``, or what is wrong with it."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        return validation_errors(exc)
