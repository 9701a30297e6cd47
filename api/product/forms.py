"""The forms of the product pages read into the bodies the REST API takes (``api.product.requests``), and what is
wrong with them put back next to the fields a person filled in.

Every form of a page has a name (``describe``, ``assign``, ``review``…) and its fields are named ``{form}.{field}``
after the body's field (``describe.title``, ``review.scores.novelty.comment``): several forms share one page, and a
refusal's ``field`` names the form field to mark once the form's name is put before it. Each message is a whole
sentence, the same beside the field and in the error summary at the top of the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from api.problems import VALIDATION_MESSAGES, Problem
from api.product.requests import ReviewBody
from api.web.forms import FormErrors
from domain.product.model import Confidence, Verdict
from domain.regulations.model import ReviewCriterion

B = TypeVar("B", bound=BaseModel)

AUTHOR_ROWS = 3  # rows of authors on an empty form
MAX_AUTHORS = 20  # as many as a product takes (``ProductDescription.authors``)

# What is wrong with a field the body refused, as a sentence, by the body's field (list positions left out): when it
# is missing or too short, too long, or not of its kind (a number, a date).
REQUIRED = {
    "site_id": "Выберите площадку, которая разрабатывает продукт.",
    "title": "Укажите название продукта.",
    "kind": "Выберите вид продукта.",
    "authors": "Укажите хотя бы одного автора продукта.",
    "abstract": "Напишите аннотацию продукта.",
    "files.product": "Приложите основной файл продукта.",
    "where": "Укажите, где проходила апробация.",
    "since": "Укажите дату.",
    "year": "Выберите год, в норму которого засчитывается продукт.",
    "expert_id": "Выберите эксперта из членов совета.",
    "accept": "Ответьте, принимаете ли вы назначение.",
    "reason": "Укажите причину.",
    "verdict": "Выберите решение совета.",
    "meeting_number": "Укажите номер протокола.",
    "held_on": "Укажите дату заседания.",
    "present": "Отметьте членов совета, присутствовавших на заседании.",
    "votes_for": "Укажите число голосов «за».",
    "votes_against": "Укажите число голосов «против».",
    "order_number": "Укажите номер приказа.",
    "order_date": "Укажите дату приказа.",
    "institution_id": "Выберите учреждение, которое внедрило продукт.",
}
TOO_LONG = {
    "title": "Название продукта — не длиннее 300 знаков.",
    "authors": "Авторов — не больше 20.",
    "authors.full_name": "ФИО автора — не длиннее 200 знаков.",
    "abstract": "Аннотация — не длиннее 4000 знаков.",
    "note": "Не длиннее 2000 знаков.",
    "where": "Где проходила апробация — не длиннее 500 знаков.",
    "reason": "Причина — не длиннее 2000 знаков.",
    "meeting_number": "Номер протокола — не длиннее 40 знаков.",
    "text": "Текст заключения — не длиннее 8000 знаков.",
    "order_number": "Номер приказа — не длиннее 50 знаков.",
    "evidence": "Подтверждение — не длиннее 2000 знаков.",
}
MALFORMED = {
    "since": "Укажите дату в формате ДД.ММ.ГГГГ.",
    "held_on": "Укажите дату заседания в формате ДД.ММ.ГГГГ.",
    "order_date": "Укажите дату приказа в формате ДД.ММ.ГГГГ.",
    "votes_for": "Число голосов «за» — целое число от 0.",
    "votes_against": "Число голосов «против» — целое число от 0.",
    "abstained": "Число воздержавшихся — целое число от 0.",
}
EMPTY = ("missing", "string_too_short", "too_short")
LONG = ("string_too_long", "too_long")


@dataclass
class FormState:
    """A form of a page as the person left it: which form, what was typed (and ticked), what is wrong."""

    name: str = ""
    values: dict[str, str] = field(default_factory=dict)
    ticked: dict[str, list[str]] = field(default_factory=dict)
    errors: FormErrors = field(default_factory=FormErrors)
    authors: int = AUTHOR_ROWS
    refused: bool = False  # the service refused the command (rather than the form being incomplete)

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def chosen(self, name: str) -> list[str]:
        return self.ticked.get(name, [])

    def errors_of(self, form: str) -> FormErrors | None:
        """The errors, when ``form`` is the form they belong to."""
        return self.errors if self.name == form and self.errors else None


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def upload(form: FormData, name: str) -> UploadFile | None:
    """The file chosen in an input (an input left empty sends a nameless empty part)."""
    value = form.get(name)
    return value if isinstance(value, UploadFile) and value.filename else None


def state_of(form_name: str, form: FormData) -> FormState:
    """What the person typed and ticked, to show it again (files and the CSRF token aside)."""
    values: dict[str, str] = {}
    ticked: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str) and name != "csrf_token":
            values.setdefault(name, value)
            ticked.setdefault(name, []).append(value)
    return FormState(name=form_name, values=values, ticked=ticked, authors=author_rows(form, form_name))


def _sentence(location: list[str], kind: str) -> str:
    general = ".".join(part for part in location if not part.isdigit())
    said = (REQUIRED if kind in EMPTY else TOO_LONG if kind in LONG else MALFORMED).get(general)
    if said is None:
        said = MALFORMED.get(general) or REQUIRED.get(general)
    if said is None:
        said = VALIDATION_MESSAGES.get(kind, "недопустимое значение")
        said = said[:1].upper() + said[1:] + "."
    return said


def body(model: type[B], form_name: str, data: dict[str, Any]) -> B | FormErrors:
    """``data`` as the REST body ``model`` (blank text boxes are fields not given), or what is wrong with it, by the
    form's field names."""
    try:
        return model.model_validate({key: value for key, value in data.items() if value not in ("", None)})
    except ValidationError as exc:
        fields: dict[str, str] = {}
        for error in exc.errors():
            location = [str(part) for part in error["loc"]]
            fields.setdefault(".".join([form_name, *location]), _sentence(location, error["type"]))
        return FormErrors(fields=fields)


def refusal(form_name: str, problem: Problem, renamed: dict[str, str] | None = None) -> FormErrors:
    """A refusal of the service: its Russian message beside the field it names (``renamed`` when the form names
    the field otherwise than the refusal does) and on top."""
    fields: dict[str, str] = {}
    for error in problem.errors:
        name = error.get("field") or ""
        if not name:
            continue
        name = (renamed or {}).get(name, name)
        message = problem.detail if len(problem.errors) == 1 else error.get("message", problem.detail)
        fields.setdefault(f"{form_name}.{name}", message)
    return FormErrors(summary=problem.detail, fields=fields)


# --- the authors of a product ------------------------------------------------------------------------------------


def author_rows(form: FormData, form_name: str) -> int:
    raw = text(form, f"{form_name}.author_rows")
    return min(int(raw), MAX_AUTHORS) if raw.isdigit() and int(raw) > 0 else AUTHOR_ROWS


def authors(form: FormData, form_name: str, rows: int) -> list[dict[str, str]]:
    """The authors named on the form, blank rows left out (a user of the system keeps its id across an edit)."""
    named = []
    for index in range(rows):
        full_name = text(form, f"{form_name}.authors.{index}.full_name")
        if full_name:
            named.append({"full_name": full_name, "user_id": text(form, f"{form_name}.authors.{index}.user_id")})
    return named


def description(form: FormData, form_name: str, rows: int) -> dict[str, Any]:
    """The fields of ``ProductDescription`` as the form gives them."""
    return {
        "title": text(form, f"{form_name}.title"),
        "kind": text(form, f"{form_name}.kind"),
        "authors": authors(form, form_name, rows) or None,
        "abstract": text(form, f"{form_name}.abstract"),
    }


# --- a review -------------------------------------------------------------------------------------------------------


def review(form: FormData, criteria: tuple[ReviewCriterion, ...]) -> ReviewBody | FormErrors:
    """The review form read whole: every criterion scored in range with a comment, the confidence, the
    recommendation and the summary (D49) — each one missing said next to its field at once."""
    fields: dict[str, str] = {}
    scores: dict[str, dict[str, Any]] = {}
    for criterion in criteria:
        base = f"review.scores.{criterion.key}"
        raw, comment = text(form, f"{base}.score"), text(form, f"{base}.comment")
        if not raw.isdigit() or int(raw) > criterion.max_score:
            fields[f"{base}.score"] = f"Оцените критерий «{criterion.title}»: от 0 до {criterion.max_score} баллов."
        if not comment:
            fields[f"{base}.comment"] = f"Прокомментируйте оценку по критерию «{criterion.title}»."
        scores[criterion.key] = {"score": int(raw) if raw.isdigit() else 0, "comment": comment}
    confidence, recommendation = text(form, "review.confidence"), text(form, "review.recommendation")
    if confidence not in {c.value for c in Confidence}:
        fields["review.confidence"] = "Укажите, насколько вы уверены в своей оценке."
    if recommendation not in {v.value for v in Verdict}:
        fields["review.recommendation"] = "Выберите, что вы рекомендуете совету."
    summary = text(form, "review.summary")
    if not summary:
        fields["review.summary"] = "Напишите общее резюме рецензии."
    if fields:
        return FormErrors(fields=fields)
    return body(
        ReviewBody,
        "review",
        {"scores": scores, "confidence": confidence, "recommendation": recommendation, "summary": summary},
    )


def review_refusal(problem: Problem) -> FormErrors:
    """The domain's refusal of a review names a criterion (``scores.{key}``): its comment or its score."""
    part = "comment" if problem.code == "comment_required" else "score"
    renamed = {
        error["field"]: f"{error['field']}.{part}"
        for error in problem.errors
        if (error.get("field") or "").startswith("scores.")
    }
    return refusal("review", problem, renamed)
