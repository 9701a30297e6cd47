"""What a submission says besides its files, by obligation: the structured roadmap of the annual package
(план мероприятий, «дорожная карта»), a periodic report's indicator values and the status of each roadmap row,
a meeting's evidence (date, format, link). Validation here turns a sloppy submission into a clear refusal.
The roadmap's rows and row statuses themselves are modelled in ``domain.roadmap.model``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.common import DomainError
from domain.files import FileRef
from domain.periods import Period
from domain.regulations.model import Indicator, IndicatorType, Obligation, ObligationKind
from domain.roadmap.model import RoadmapRow, RoadmapRowStatus, sends_product
from domain.roadmap.reading import normalize_deadline

IndicatorScalar = bool | int | float | str


class IndicatorValue(BaseModel):
    """A target indicator's value for the period and for the year to date (нарастающим итогом)."""

    model_config = ConfigDict(frozen=True)

    key: str
    period_value: IndicatorScalar
    ytd_value: IndicatorScalar | None = None
    comment: str = ""


class PackageData(BaseModel):
    model_config = ConfigDict(frozen=True)

    form: Literal["package"] = "package"
    roadmap: tuple[RoadmapRow, ...]


class StandingDutyState(BaseModel):
    """The state of a standing duty at the end of the quarter (D37), with an optional file (the order appointing
    the responsible persons…) or link (the site's tab on its official website)."""

    model_config = ConfigDict(frozen=True)

    key: str
    state: Literal["done", "in_progress", "not_started"]
    comment: str = ""
    file_id: str = ""  # a file the site uploaded
    link: str = ""


STANDING_STATE_RU = {"done": "исполняется", "in_progress": "в работе", "not_started": "не начато"}


class ReportData(BaseModel):
    model_config = ConfigDict(frozen=True)

    form: Literal["report"] = "report"
    indicators: tuple[IndicatorValue, ...] = ()
    roadmap: tuple[RoadmapRowStatus, ...] = ()
    narrative: str = ""
    standing: tuple[StandingDutyState, ...] = ()  # the standing duties' state (D37)
    # Why the report comes without some institutions' forms (5.2, D34): lets the curator accept it nonetheless.
    institutions_missing_reason: str = ""


class MeetingData(BaseModel):
    model_config = ConfigDict(frozen=True)

    form: Literal["meeting"] = "meeting"
    held_on: date
    format: Literal["vks", "in_person", "online", "correspondence"]  # ВКС, очно, онлайн, заочно
    link: str = ""
    participants: int | None = None
    topic: str = ""
    # Why the meeting was held in a format other than the one the regulation sets (ВКС for a public report, D38).
    format_reason: str = ""


class Figure(BaseModel):
    """One measure of a quarterly monitoring, for the quarter alone (D10)."""

    model_config = ConfigDict(frozen=True)

    key: str
    amount: Decimal


class MissingCentre(BaseModel):
    """A participating centre whose figures of the quarter were not accepted when the platform sent its summary, and
    the platform's reason for sending without them (Vologda D11)."""

    model_config = ConfigDict(frozen=True)

    institution_id: str
    reason: str


class MonitoringData(BaseModel):
    """The figures of a quarterly monitoring («Сводная информация…», Vologda 002:87), typed once for the quarter; the
    cumulative periods (1 квартал, полугодие, 9 месяцев, год) are computed from the quarters, never typed (D10).

    A platform's summary starts from the participating centres' accepted figures added up (D11): ``consolidated`` is
    that sum as it stood when the summary was sent and ``summed`` the centres it adds up — both put there by the API
    from the centres' accepted submissions, never typed —, so a figure the platform corrected stays visible beside the
    sum. ``centres_missing``: why the summary goes without a centre's figures, centre by centre."""

    model_config = ConfigDict(frozen=True)

    form: Literal["monitoring"] = "monitoring"
    figures: tuple[Figure, ...] = ()
    consolidated: tuple[Figure, ...] = ()
    summed: tuple[str, ...] = ()
    centres_missing: tuple[MissingCentre, ...] = ()

    def reason_of(self, institution_id: str) -> str:
        return next((m.reason for m in self.centres_missing if m.institution_id == institution_id), "")


class CompendiumEntry(BaseModel):
    """A site's accepted package, as it goes into the сборник."""

    model_config = ConfigDict(frozen=True)

    site_id: str
    submission_no: int
    files: dict[str, FileRef]


class CompendiumGap(BaseModel):
    """A site whose package is missing from the сборник, and why: listed, never hidden."""

    model_config = ConfigDict(frozen=True)

    site_id: str
    state: str  # "not_submitted", "under_review", "returned", "no_cycle"


class CompendiumData(BaseModel):
    model_config = ConfigDict(frozen=True)

    form: Literal["compendium"] = "compendium"
    included: tuple[CompendiumEntry, ...]
    gaps: tuple[CompendiumGap, ...]


SubmissionData = Annotated[
    PackageData | ReportData | MeetingData | CompendiumData | MonitoringData, Field(discriminator="form")
]

FORM_RU = {
    "compendium": "состав сборника",
    "package": "структурированная дорожная карта",
    "report": "показатели отчета",
    "meeting": "сведения о проведении",
    "monitoring": "показатели за квартал",
}


class DataContext(BaseModel):
    """What checking a submission's content needs to know."""

    model_config = ConfigDict(frozen=True)

    plan_year: int
    period: Period | None = None
    today: date
    indicators: tuple[Indicator, ...] = ()  # definitions of the indicators the obligation asks for
    roadmap: tuple[RoadmapRow, ...] = ()  # the approved roadmap the report accounts for
    expected_sites: tuple[str, ...] = ()  # every site a сборник must account for


def required_form(obligation: Obligation) -> str | None:
    """Which structured content an obligation asks for, if any."""
    if obligation.kind == ObligationKind.MEETING:
        return "meeting"
    if obligation.kind == ObligationKind.PERIODIC_REPORT and obligation.measures:
        return "monitoring"
    if obligation.kind == ObligationKind.PERIODIC_REPORT and obligation.indicators:
        return "report"
    if obligation.kind == ObligationKind.APPROVAL and obligation.item("roadmap") is not None:
        return "package"
    if obligation.kind == ObligationKind.COLLECTION and obligation.item("compendium") is not None:
        return "compendium"
    return None


def checked_data(obligation: Obligation, data: SubmissionData | None, ctx: DataContext) -> SubmissionData | None:
    """The submission's content, validated and completed (roadmap readings), or a DomainError saying what is
    wrong."""
    form = required_form(obligation)
    if form is None:
        if data is not None:
            raise DomainError("unexpected_data", "Эта обязанность не принимает структурированных сведений.", "data")
        return None
    if data is None or data.form != form:
        raise DomainError("data_required", f"Заполните раздел «{FORM_RU[form]}».", "data")
    if isinstance(data, PackageData):
        return _checked_package(data, ctx)
    if isinstance(data, ReportData):
        return _checked_report(obligation, data, ctx)
    if isinstance(data, CompendiumData):
        return _checked_compendium(data, ctx)
    if isinstance(data, MonitoringData):
        return _checked_monitoring(obligation, data)
    return _checked_meeting(obligation, data, ctx)


def _checked_monitoring(obligation: Obligation, data: MonitoringData) -> MonitoringData:
    """Every measure once, as a number its measure can hold: whole and not negative (staff units: up to two
    decimals, 110,95)."""
    measures = {measure.key: measure for measure in obligation.measures}
    given: dict[str, Figure] = {}
    for figure in data.figures:
        field = f"data.figures.{figure.key}"
        measure = measures.get(figure.key)
        if measure is None:
            raise DomainError("unknown_measure", f"Показателя «{figure.key}» в сводной информации нет.", field)
        if figure.key in given:
            raise DomainError("measure_twice", f"«{measure.title}» указан дважды.", field)
        if not figure.amount.is_finite() or figure.amount < 0:
            raise DomainError("measure_value", f"«{measure.title}»: число не может быть отрицательным.", field)
        if not measure.fractional and figure.amount != figure.amount.to_integral_value():
            raise DomainError("measure_value", f"«{measure.title}»: ожидается целое число ({measure.unit}).", field)
        if measure.fractional and figure.amount.as_tuple().exponent < -2:  # type: ignore[operator]
            raise DomainError("measure_value", f"«{measure.title}»: не более двух знаков после запятой.", field)
        given[figure.key] = figure
    missing = [measure.title for measure in obligation.measures if measure.key not in given]
    if missing:
        raise DomainError(
            "measures_missing", f"Не заполнены показатели за квартал: {', '.join(missing)}.", "data.figures"
        )
    reasons: dict[str, MissingCentre] = {}
    for entry in data.centres_missing:  # a reason left blank says nothing: dropped
        reason = " ".join(entry.reason.split())
        if not reason:
            continue
        if entry.institution_id in reasons:
            raise DomainError(
                "centre_twice", "Причина для одного комплексного центра указана дважды.", "data.centres_missing"
            )
        reasons[entry.institution_id] = MissingCentre(institution_id=entry.institution_id, reason=reason)
    return data.model_copy(
        update={
            "figures": tuple(given[measure.key] for measure in obligation.measures),
            "centres_missing": tuple(reasons.values()),
        }
    )


def _checked_compendium(data: CompendiumData, ctx: DataContext) -> CompendiumData:
    included = [entry.site_id for entry in data.included]
    gaps = [gap.site_id for gap in data.gaps]
    listed = included + gaps
    if len(set(listed)) != len(listed):
        raise DomainError("compendium_duplicate", "Площадка указана в сборнике дважды.", "data")
    missing = sorted(set(ctx.expected_sites) - set(listed))
    if missing:
        raise DomainError(
            "compendium_incomplete",
            f"Сборник должен назвать каждую площадку — включенной или отсутствующей: {', '.join(missing)}.",
            "data.gaps",
        )
    unknown = sorted(set(listed) - set(ctx.expected_sites))
    if unknown:
        raise DomainError("compendium_unknown_site", f"Неизвестные площадки: {', '.join(unknown)}.", "data")
    return data


def _checked_package(data: PackageData, ctx: DataContext) -> PackageData:
    if not data.roadmap:
        raise DomainError("roadmap_empty", "В дорожной карте нет ни одной строки.", "data.roadmap")
    seen: set[str] = set()
    rows = []
    for index, row in enumerate(data.roadmap):
        field = f"data.roadmap.{index}"
        if not row.no.strip() or row.no.strip() in seen:
            raise DomainError("roadmap_row_number", f"Строка {index + 1}: номер пуст или повторяется.", f"{field}.no")
        seen.add(row.no.strip())
        for name, title in (("item", "мероприятие"), ("deadline", "срок"), ("responsible", "ответственный")):
            if not getattr(row, name).strip():
                raise DomainError(
                    "roadmap_row_incomplete", f"Строка {row.no}: не указано «{title}».", f"{field}.{name}"
                )
        reading = normalize_deadline(row.deadline, ctx.plan_year)
        # Whether the row sends a product to the Expert Council: as the site says, or as its text reads (D53).
        product = row.sends_product if row.sends_product is not None else sends_product(row.item)
        rows.append(row.model_copy(update={"no": row.no.strip(), "reading": reading, "sends_product": product}))
    return data.model_copy(update={"roadmap": tuple(rows)})


def _checked_report(obligation: Obligation, data: ReportData, ctx: DataContext) -> ReportData:
    definitions = {indicator.key: indicator for indicator in ctx.indicators}
    given = {value.key: value for value in data.indicators}
    for key in given:
        if key not in obligation.indicators:
            raise DomainError("unknown_indicator", f"Показатель {key} не входит в набор площадки.", "data.indicators")
    missing = [key for key in obligation.indicators if key not in given]
    if missing:
        raise DomainError("indicators_missing", f"Не заполнены показатели: {', '.join(missing)}.", "data.indicators")
    for key in obligation.indicators:
        definition = definitions.get(key)
        if definition is not None:
            _check_value(definition, given[key])
    _check_row_statuses(data.roadmap, ctx)
    _check_standing(obligation, data.standing)
    return data


def _check_standing(obligation: Obligation, states: tuple[StandingDutyState, ...]) -> None:
    """Each state names a standing duty the report asks for, once; a link is a web address (D37)."""
    seen: set[str] = set()
    for state in states:
        field = f"data.standing.{state.key}"
        if state.key not in obligation.standing_duties:
            raise DomainError("unknown_standing_duty", f"Постоянной обязанности «{state.key}» в отчете нет.", field)
        if state.key in seen:
            raise DomainError("standing_duty_twice", f"Состояние обязанности «{state.key}» указано дважды.", field)
        seen.add(state.key)
        if state.link.strip() and not URL.match(state.link.strip()):
            raise DomainError("standing_link", "Ссылка должна начинаться с http:// или https://.", f"{field}.link")


def _check_value(indicator: Indicator, value: IndicatorValue) -> None:
    field = f"data.indicators.{indicator.key}"
    kind = indicator.value_type
    values = [("period_value", value.period_value)]
    if kind in (IndicatorType.COUNT, IndicatorType.NUMBER, IndicatorType.PERCENT):
        if value.ytd_value is None:
            raise DomainError(
                "ytd_required", f"{indicator.key}: укажите значение с начала года (нарастающим итогом).", field
            )
        values.append(("ytd_value", value.ytd_value))
    for name, scalar in values:
        _check_scalar(indicator, scalar, f"{field}.{name}")
    period, ytd = value.period_value, value.ytd_value
    numeric = isinstance(ytd, int | float) and isinstance(period, int | float)
    if kind in (IndicatorType.COUNT, IndicatorType.NUMBER) and numeric and ytd < period:  # type: ignore[operator]
        message = f"{indicator.key}: значение с начала года меньше значения за период."
        raise DomainError("ytd_below_period", message, field)


def _check_scalar(indicator: Indicator, scalar: IndicatorScalar | None, field: str) -> None:
    kind = indicator.value_type
    wrong = DomainError("indicator_value", f"{indicator.key}: {_expected(kind)}.", field)
    if kind == IndicatorType.BOOLEAN:
        if not isinstance(scalar, bool):
            raise wrong
    elif kind == IndicatorType.COUNT:
        if isinstance(scalar, bool) or not isinstance(scalar, int) or scalar < 0:
            raise wrong
    elif kind in (IndicatorType.NUMBER, IndicatorType.PERCENT):
        if isinstance(scalar, bool) or not isinstance(scalar, int | float) or scalar < 0:
            raise wrong
        if kind == IndicatorType.PERCENT and scalar > 100:
            raise wrong
    elif not isinstance(scalar, str) or not scalar.strip():
        raise wrong


def _expected(kind: IndicatorType) -> str:
    return {
        IndicatorType.BOOLEAN: "ожидается «да» или «нет»",
        IndicatorType.COUNT: "ожидается целое неотрицательное число",
        IndicatorType.NUMBER: "ожидается неотрицательное число",
        IndicatorType.PERCENT: "ожидается процент от 0 до 100",
        IndicatorType.LEVEL: "опишите достигнутый уровень",
        IndicatorType.TEXT: "опишите результат",
    }[kind]


def _check_row_statuses(statuses: tuple[RoadmapRowStatus, ...], ctx: DataContext) -> None:
    if not ctx.roadmap:
        return
    known = {row.no for row in ctx.roadmap}
    given = {status.no: status for status in statuses}
    unknown = sorted(set(given) - known)
    if unknown:
        raise DomainError("roadmap_row_unknown", f"В дорожной карте нет строк: {', '.join(unknown)}.", "data.roadmap")
    missing = [row.no for row in ctx.roadmap if row.no not in given]
    if missing:
        raise DomainError(
            "roadmap_status_missing",
            f"Укажите состояние строк дорожной карты: {', '.join(missing)}.",
            "data.roadmap",
        )
    for status in statuses:
        field = f"data.roadmap.{status.no}"
        if status.status == "done" and status.fact_date is None:
            raise DomainError("fact_date_required", f"Строка {status.no}: укажите дату выполнения.", field)
        if status.status == "moved" and not status.moved_to.strip():
            raise DomainError("moved_to_required", f"Строка {status.no}: укажите новый срок.", field)
        if status.fact_date is not None and status.fact_date > ctx.today:
            raise DomainError("fact_date_future", f"Строка {status.no}: дата выполнения ещё не наступила.", field)
        if status.participants is not None and status.participants < 0:
            raise DomainError(
                "participants", f"Строка {status.no}: число участников не может быть отрицательным.", field
            )


URL = re.compile(r"^https?://\S+$")


MEETING_FORMAT_RU = {"vks": "ВКС", "in_person": "очно", "online": "онлайн", "correspondence": "заочно"}


def _checked_meeting(obligation: Obligation, data: MeetingData, ctx: DataContext) -> MeetingData:
    if data.held_on > ctx.today:
        raise DomainError("meeting_in_future", "Дата проведения ещё не наступила.", "data.held_on")
    if ctx.period is not None and not ctx.period.start <= data.held_on <= ctx.period.end:
        raise DomainError(
            "meeting_outside_period",
            f"Дата проведения должна быть в пределах периода «{ctx.period.title_ru()}».",
            "data.held_on",
        )
    if data.format in ("vks", "online") and not URL.match(data.link.strip()):
        raise DomainError(
            "link_required", "Для ВКС и онлайн-формата укажите ссылку (http:// или https://).", "data.link"
        )
    if data.participants is not None and data.participants < 0:
        raise DomainError("participants", "Число участников не может быть отрицательным.", "data.participants")
    required = obligation.required_format
    if required is not None and data.format != required and not data.format_reason.strip():
        named = MEETING_FORMAT_RU.get(required, required)
        raise DomainError(
            "format_reason_required",
            f"Отчет проводится в формате {named} (п. {obligation.citation.clause}): укажите ссылку на {named} или "
            "причину, по которой выбран другой формат (решение D38).",
            "data.format_reason",
        )
    return data
