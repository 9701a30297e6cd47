"""The forms of the obligation page read into the bodies the REST API takes (``api.obligations.requests``), and the
refusals of those bodies put back next to the fields a person filled in.

A form's field is named as the API names the body's field (``items.roadmap``, ``data.roadmap.0.deadline``,
``data.indicators.I2.ytd_value``, ``comment``), so a refusal's ``errors[].field`` is the form field to mark. Only
what the API's fields cannot say is translated here: text boxes into numbers, dates and yes/no (as the API's JSON
parser would refuse a wrong type), blank roadmap rows dropped (their positions kept, so a refusal of the n-th row
sent marks the row the person sees), and the refusals that name a list (``missing_items``, ``indicators_missing``,
``roadmap_status_missing``) spread over the fields left empty."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from starlette.datastructures import FormData, UploadFile

from api.problems import Problem
from api.web.forms import FormErrors, validation_errors
from domain.payloads import required_form
from domain.regulations.model import Indicator, IndicatorType, Obligation
from domain.roadmap.model import ROW_STATUS_RU, RoadmapRow
from domain.sites import SiteStatus

ROADMAP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("no", "№"),
    ("section", "Раздел"),
    ("item", "Мероприятие"),
    ("deadline", "Срок"),
    ("responsible", "Ответственный"),
    ("expected_result", "Ожидаемый результат"),
)
BLANK_ROWS = 3  # rows of an empty roadmap form
ADD_ROWS = 3  # rows one press of «добавить строки» adds
MAX_ROWS = 300
MEETING_FORMATS: tuple[tuple[str, str], ...] = (
    ("vks", "ВКС"),
    ("in_person", "очно"),
    ("online", "онлайн"),
    ("correspondence", "заочно"),
)
NUMERIC = (IndicatorType.COUNT, IndicatorType.NUMBER, IndicatorType.PERCENT)
DATA_FORMS = (
    "package",
    "report",
    "meeting",
    "compendium",
    "monitoring",
)  # the tag pydantic puts in the location of an error


@dataclass
class FormState:
    """A form as the person left it: which form, what was typed, the files already stored, and what is wrong."""

    name: str = ""
    values: dict[str, str] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)  # item -> {"file_id", "filename"}
    rows: int = BLANK_ROWS
    errors: FormErrors = field(default_factory=FormErrors)

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def typed_values(form: FormData) -> dict[str, str]:
    """What the person typed, to show it again (files and the CSRF token aside)."""
    return {name: value for name, value in form.multi_items() if isinstance(value, str) and name != "csrf_token"}


def uploads(form: FormData, rule: Obligation) -> dict[str, UploadFile]:
    """The files chosen in the form, by document item (an input left empty sends a nameless empty part)."""
    chosen: dict[str, UploadFile] = {}
    for item in rule.items:
        value = form.get(f"items.{item.key}")
        if isinstance(value, UploadFile) and value.filename:
            chosen[item.key] = value
    return chosen


def row_count(form: FormData) -> int:
    raw = text(form, "rows")
    return min(int(raw), MAX_ROWS) if raw.isdigit() else BLANK_ROWS


# --- the structured part of a submission -----------------------------------------------------------------------


@dataclass
class Data:
    """The ``data`` of a submission read from the form; ``positions`` maps each sent roadmap row to its row on the
    form; ``errors`` what could not even be read."""

    value: dict[str, Any] | None = None
    positions: list[int] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def package_data(form: FormData) -> Data:
    rows: list[dict[str, Any]] = []
    positions: list[int] = []
    for index in range(row_count(form)):
        row: dict[str, Any] = {name: text(form, f"data.roadmap.{index}.{name}") for name, _ in ROADMAP_COLUMNS}
        if any(row.values()):
            row["responsible_is_external"] = bool(text(form, f"data.roadmap.{index}.responsible_is_external"))
            rows.append(row)
            positions.append(index)
    return Data(value={"form": "package", "roadmap": rows}, positions=positions)


def _scalar(indicator: Indicator, raw: str, name: str, errors: dict[str, str]) -> Any:
    if not raw:
        return None
    kind = indicator.value_type
    if kind == IndicatorType.BOOLEAN:
        return {"yes": True, "no": False}.get(raw)
    if kind == IndicatorType.COUNT:
        try:
            return int(raw.replace(" ", ""))
        except ValueError:
            errors[name] = "ожидается целое число"
            return None
    if kind in NUMERIC:
        try:
            return float(raw.replace(" ", "").replace(",", "."))
        except ValueError:
            errors[name] = "ожидается число"
            return None
    return raw


def report_data(form: FormData, indicators: tuple[Indicator, ...], roadmap: list[RoadmapRow]) -> Data:
    errors: dict[str, str] = {}
    values = []
    for indicator in indicators:
        base = f"data.indicators.{indicator.key}"
        period = _scalar(indicator, text(form, f"{base}.period_value"), f"{base}.period_value", errors)
        ytd = _scalar(indicator, text(form, f"{base}.ytd_value"), f"{base}.ytd_value", errors)
        if period is None:
            continue  # not filled in: the domain names what is missing
        values.append(
            {"key": indicator.key, "period_value": period, "ytd_value": ytd, "comment": text(form, f"{base}.comment")}
        )
    statuses = []
    for row in roadmap:
        base = f"data.roadmap.{row.no}"
        status = text(form, f"{base}.status")
        if status not in ROW_STATUS_RU:
            continue
        fact = _date(text(form, f"{base}.fact_date"), f"{base}.fact_date", errors)
        account: dict[str, Any] = {
            "no": row.no,
            "status": status,
            "fact_date": fact,
            "result": text(form, f"{base}.result"),
            "moved_to": text(form, f"{base}.moved_to"),
        }
        participants = text(form, f"{base}.participants").replace(" ", "")
        if participants.isdigit():
            account["participants"] = int(participants)
        elif participants:
            errors[f"{base}.participants"] = "ожидается целое неотрицательное число"
        statuses.append(account)
    value = {"form": "report", "indicators": values, "roadmap": statuses, "narrative": text(form, "data.narrative")}
    return Data(value=value, errors=errors)


def _date(raw: str, name: str, errors: dict[str, str]) -> str | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        errors[name] = "укажите дату в формате ДД.ММ.ГГГГ"
        return None


def meeting_data(form: FormData) -> Data:
    errors: dict[str, str] = {}
    value: dict[str, Any] = {
        "form": "meeting",
        "link": text(form, "data.link"),
        "topic": text(form, "data.topic"),
        "format_reason": text(form, "data.format_reason"),
    }
    held_on = _date(text(form, "data.held_on"), "data.held_on", errors)
    if held_on:
        value["held_on"] = held_on
    if text(form, "data.format"):
        value["format"] = text(form, "data.format")
    participants = text(form, "data.participants")
    if participants:
        if participants.isdigit():
            value["participants"] = int(participants)
        else:
            errors["data.participants"] = "ожидается целое неотрицательное число"
    return Data(value=value, errors=errors)


def monitoring_data(form: FormData, rule: Obligation) -> Data:
    """The quarter's figures of a quarterly monitoring (D10): a decimal comma and spaces between thousands read."""
    errors: dict[str, str] = {}
    figures: list[dict[str, str]] = []
    for measure in rule.measures:
        name = f"data.figures.{measure.key}"
        raw = text(form, name).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not raw:
            continue
        try:
            float(raw)
        except ValueError:
            errors[name] = "ожидается число"
            continue
        figures.append({"key": measure.key, "amount": raw})
    value: dict[str, Any] = {"form": "monitoring", "figures": figures}
    prefix = "data.centres_missing."  # why the summary goes without a centre's figures, centre by centre (D11)
    reasons = [
        {"institution_id": name.removeprefix(prefix), "reason": text(form, name)}
        for name in dict.fromkeys(key for key in form if key.startswith(prefix))
        if text(form, name)
    ]
    if reasons:
        value["centres_missing"] = reasons
    return Data(value=value, errors=errors)


def standing_uploads(form: FormData, rule: Obligation) -> dict[str, UploadFile]:
    """The files chosen as evidence of the standing duties a report asks for (D37), by duty."""
    chosen: dict[str, UploadFile] = {}
    for key in rule.standing_duties:
        value = form.get(f"data.standing.{key}.file")
        if isinstance(value, UploadFile) and value.filename:
            chosen[key] = value
    return chosen


def standing_data(form: FormData, rule: Obligation, files: dict[str, str]) -> dict[str, Any]:
    """The standing duties' state (D37) and the reason for missing institutions' forms (D34), as a report's data
    carries them; a duty left without a state is not sent (the region view shows it «не указано»)."""
    states = []
    for key in rule.standing_duties:
        base = f"data.standing.{key}"
        state = text(form, f"{base}.state")
        if not state:
            continue
        states.append(
            {
                "key": key,
                "state": state,
                "comment": text(form, f"{base}.comment"),
                "link": text(form, f"{base}.link"),
                "file_id": files.get(key) or text(form, f"{base}.kept"),
            }
        )
    extra: dict[str, Any] = {"standing": states}
    if rule.awaits_institution_forms:
        extra["institutions_missing_reason"] = text(form, "data.institutions_missing_reason")
    return extra


def submission_data(
    form: FormData,
    rule: Obligation,
    indicators: tuple[Indicator, ...],
    roadmap: list[RoadmapRow],
    standing_files: dict[str, str] | None = None,
) -> Data:
    kind = required_form(rule)
    if kind == "package":
        return package_data(form)
    if kind == "report":
        data = report_data(form, indicators, roadmap)
        if data.value is not None and (rule.standing_duties or rule.awaits_institution_forms):
            data.value.update(standing_data(form, rule, standing_files or {}))
        return data
    if kind == "meeting":
        return meeting_data(form)
    if kind == "monitoring":
        return monitoring_data(form, rule)
    return Data()


# --- refusals put back next to their fields --------------------------------------------------------------------


def _plain_field(name: str) -> str:
    """A validation error's location without the tag pydantic adds inside a tagged union (``data.package.…``)."""
    parts = name.split(".")
    if len(parts) > 1 and parts[0] == "data" and parts[1] in DATA_FORMS:
        parts.pop(1)
    return ".".join(parts)


def from_validation(exc: Any) -> FormErrors:
    errors = validation_errors(exc)
    errors.fields = {_plain_field(name): message for name, message in errors.fields.items()}
    return errors


def from_problem(
    problem: Problem,
    rule: Obligation | None = None,
    site_status: SiteStatus | None = None,
    sent: dict[str, Any] | None = None,
    positions: list[int] | None = None,
) -> FormErrors:
    """A refusal of a command as errors of the form: its fields as the form names them, the lists spread."""
    fields: dict[str, str] = {}
    for error in problem.errors:
        name = _plain_field(error.get("field") or "")
        if name:
            fields.setdefault(_on_form(name, positions), error.get("message", ""))
    sent = sent or {}
    if rule is not None and problem.code == "missing_items":
        given = set(sent.get("items", {})) | set(sent.get("unchanged", []))
        for item in rule.items:
            if item.required_of(site_status) and item.key not in given:
                fields[f"items.{item.key}"] = "приложите файл"
        if any(name.startswith("items.") for name in fields):
            fields.pop("items", None)
    data = sent.get("data") or {}
    if rule is not None and problem.code == "indicators_missing":
        given = {value["key"] for value in data.get("indicators", [])}
        for key in rule.indicators:
            if key not in given:
                fields[f"data.indicators.{key}.period_value"] = "укажите значение"
    if rule is not None and problem.code == "measures_missing":
        given = {figure["key"] for figure in data.get("figures", [])}
        for measure in rule.measures:
            if measure.key not in given:
                fields[f"data.figures.{measure.key}"] = "укажите значение"
    if problem.code == "roadmap_status_missing":
        fields.pop("data.roadmap", None)
        given = {status["no"] for status in data.get("roadmap", [])}
        for no in _listed(problem.detail):
            if no not in given:
                fields[f"data.roadmap.{no}.status"] = "укажите состояние"
    return FormErrors(summary=problem.detail, fields=fields)


def _listed(detail: str) -> list[str]:
    """The row numbers a «…: 1.1, 1.2.» refusal lists."""
    _, _, tail = detail.partition(":")
    return [part.strip(" .") for part in tail.split(",") if part.strip(" .")]


def _on_form(name: str, positions: list[int] | None) -> str:
    """``data.roadmap.{n}.…`` of the n-th row sent, as the row it was on the form."""
    parts = name.split(".")
    if positions and len(parts) >= 3 and parts[:2] == ["data", "roadmap"] and parts[2].isdigit():
        sent = int(parts[2])
        if sent < len(positions):
            parts[2] = str(positions[sent])
    return ".".join(parts)
