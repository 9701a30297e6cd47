"""The value of one indicator in a criteria report (значение показателя): a canonical figure of the indicator's
type, a «Результативность» narrative, an optional breakdown and cumulative total, or one of the two nils the
reports write — «не привлекались» (a fact: none) and «-» (nothing stated). An indicator of the year's catalogue
with no value at all is *not reported* and stops the report from being sent (D23)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.common import DomainError
from domain.regulations.model import Indicator, IndicatorType


class Nil(StrEnum):
    """An explicit nil (пустое значение), as the reports write it (D23)."""

    NONE = "none"  # «Не привлекались» (002:175): a statement that there was none — a zero
    DASH = "dash"  # «-» (003:32, 61, 62): the platform states nothing on the indicator


NIL_RU: dict[Nil, str] = {Nil.NONE: "не привлекались (нет)", Nil.DASH: "«-» (сведения не приведены)"}


class Part(BaseModel):
    """One line of a breakdown (разбивка): by channel, by form, a sub-count (003:29, 003:47, 002:190)."""

    model_config = ConfigDict(frozen=True)

    label: str
    amount: Decimal
    unit: str = ""
    more_than: bool = False


class IndicatorValue(BaseModel):
    """What a platform reports on one indicator (D7, D23)."""

    model_config = ConfigDict(frozen=True)

    key: str  # the indicator's key in the year's catalogue: "C1.N1"
    amount: Decimal | None = None  # the canonical figure: a count, FTE (110.95), a percent, a lower bound
    more_than: bool = False  # «более N» (002:142, 187, 190): ``amount`` is a lower bound
    cumulative: Decimal | None = None  # «всего» since the platform began, beside the year's figure (003:46, 66)
    flag: bool | None = None  # a yes/no indicator (C1.Q3, C4.Q1)
    unit: str = ""  # the unit as the report writes it, when it differs from the indicator's («тыс. человек»)
    breakdown: tuple[Part, ...] = ()
    nil: Nil | None = None
    narrative: str = ""  # «Результативность»
    source: str = ""  # where the figure was read from, for the seeds' reports: "003:31"

    def shown_ru(self, indicator: Indicator) -> str:
        """The value as a person reads it: «более 11 публикаций», «110,95 штатных единиц», «да», «-»."""
        if self.nil is not None:
            return "Не привлекались" if self.nil is Nil.NONE else "-"
        if self.flag is not None:
            return "да" if self.flag else "нет"
        if self.amount is None:
            return ""
        unit = self.unit or indicator.unit
        text = ("более " if self.more_than else "") + number_ru(self.amount)
        if self.cumulative is not None:
            text += f" (всего {number_ru(self.cumulative)})"
        if unit == "%":
            return f"{text}%"
        return f"{text} {unit}" if unit and _agrees(self.amount, unit) else text


def _agrees(amount: Decimal, unit: str) -> bool:
    """Whether ``unit`` as the catalogue writes it (a genitive plural: «материалов», «штатных единиц», or an
    abbreviation: «чел.») reads right after ``amount``: «5 материалов», «110,95 штатных единиц», «23 чел.» — but not
    «1 материалов» or «2 технологий», which are shown without the word (the indicator's title says what is counted)."""
    if unit.endswith(".") or amount != amount.to_integral_value():
        return True
    n = int(amount)
    return n % 10 in (0, 5, 6, 7, 8, 9) or 11 <= n % 100 <= 14


def number_ru(amount: Decimal) -> str:
    """A number as Russian writes it: a decimal comma, thousands apart from five digits on — 98\u00a0771; 110,95."""
    normal = amount.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    sign = "-" if normal < 0 else ""
    whole, _, fraction = f"{abs(normal):f}".partition(".")
    if len(whole) > 4:
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = "\u00a0".join([whole, *groups])
    return sign + whole + ("," + fraction if fraction else "")


def check_value(indicator: Indicator, value: IndicatorValue) -> None:
    """Refuse a value its indicator's type cannot hold (``DomainError`` with the field and a Russian reason)."""
    if value.key != indicator.key:
        raise DomainError("wrong_indicator", f"Значение относится к показателю {value.key}, а не {indicator.key}.")
    field = f"values.{indicator.key}"
    if value.nil is not None:
        if value.amount is not None or value.flag is not None or value.cumulative is not None:
            raise DomainError("nil_with_value", "Пустое значение («не привлекались» или «-») не имеет числа.", field)
        return
    kind = indicator.value_type
    if kind is IndicatorType.TEXT:
        if not value.narrative.strip():
            raise DomainError("narrative_required", "Опишите результативность или укажите «-».", field)
        if value.amount is not None or value.flag is not None:
            raise DomainError("text_only", "У качественного показателя нет числа: опишите результат текстом.", field)
        return
    if kind is IndicatorType.BOOLEAN:
        if value.flag is None:
            raise DomainError("flag_required", "Укажите «да» или «нет» (или «-»).", field)
        return
    if value.amount is None:
        raise DomainError("amount_required", "Укажите число или «-» / «не привлекались».", field)
    if value.amount < 0:
        raise DomainError("negative", "Число не может быть отрицательным.", field)
    if kind is IndicatorType.COUNT and value.amount != value.amount.to_integral_value():
        raise DomainError(
            "not_whole",
            f"Показатель считается в целых ({indicator.unit or 'единицах'}); дробное число — у штатных единиц.",
            field,
        )
    if kind is IndicatorType.NUMBER and value.amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise DomainError("too_precise", "Не более двух знаков после запятой (штатные единицы: 110,95).", field)
    if kind is IndicatorType.PERCENT and value.amount > 100:
        raise DomainError("percent_range", "Процент — от 0 до 100.", field)
    if value.more_than and kind is IndicatorType.PERCENT:
        raise DomainError("bound_not_allowed", "«Более N» не применяется к проценту.", field)
    if value.cumulative is not None and value.cumulative < value.amount:
        raise DomainError(
            "cumulative_below_year", "«Всего» не может быть меньше значения за год.", f"{field}.cumulative"
        )
