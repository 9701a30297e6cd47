"""Consistency warnings (предупреждения о расхождениях) of a criteria report: shown beside the indicator, never a
refusal — the approved 2023 report has them, and the host's director decides whether to sign (D9)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.platform.evidence import EvidenceItem
from domain.platform.values import IndicatorValue, Nil, number_ru
from domain.regulations.model import IndicatorCatalogue, IndicatorType


class WarningKind(StrEnum):
    CLAIMED_VS_LISTED = "claimed_vs_listed"  # «проведено 5 мероприятий», перечислено 4 (003:31)
    UNIT = "unit"  # единица не та, что у показателя, или «тыс.» у числа, уже выписанного целиком (002:64)
    NOT_STATED = "not_stated"  # «-»: по показателю ничего не сказано (003:32)
    PENDING = "pending"  # результат заявки объявят после года (003:40, 45)


class ConsistencyWarning(BaseModel):
    model_config = ConfigDict(frozen=True)

    indicator: str
    kind: WarningKind
    message: str  # Russian


# A multiplier in a unit: «98 771 тыс. человек» would be 98,8 million people (002:64).
MULTIPLIERS = {"тыс.": Decimal(1000), "млн": Decimal(1_000_000)}


def warnings_of(
    catalogue: IndicatorCatalogue, values: Iterable[IndicatorValue], evidence: Iterable[EvidenceItem]
) -> tuple[ConsistencyWarning, ...]:
    """Every warning of a report, in the catalogue's order of indicators."""
    by_key = {value.key: value for value in values}
    items = tuple(evidence)
    found: list[ConsistencyWarning] = []
    for indicator in catalogue.indicators:
        value = by_key.get(indicator.key)
        if value is None:
            continue
        if value.nil is Nil.DASH:
            found.append(
                ConsistencyWarning(
                    indicator=indicator.key,
                    kind=WarningKind.NOT_STATED,
                    message="Указан прочерк «-»: сведений по показателю нет. Если их не было — «не привлекались».",
                )
            )
            continue
        listed = [item for item in items if indicator.key in item.indicators]
        if indicator.value_type is IndicatorType.COUNT and value.amount is not None and not value.more_than and listed:
            total = sum(item.quantity for item in listed)
            if total != value.amount:
                found.append(
                    ConsistencyWarning(
                        indicator=indicator.key,
                        kind=WarningKind.CLAIMED_VS_LISTED,
                        message=(
                            f"Заявлено {number_ru(value.amount)}, а в перечне — {number_ru(Decimal(total))} "
                            f"({', '.join(_listed(item) for item in listed)})."
                        ),
                    )
                )
        found.extend(_unit_warnings(indicator.key, indicator.unit, value))
        for item in listed:
            if item.pending:
                when = f" (ожидается к {item.expected_by:%d.%m.%Y})" if item.expected_by else ""
                found.append(
                    ConsistencyWarning(
                        indicator=indicator.key,
                        kind=WarningKind.PENDING,
                        message=f"Результат «{item.title}» еще не известен{when}: он дополнит отчет после утверждения.",
                    )
                )
    return tuple(found)


def _listed(item: EvidenceItem) -> str:
    return f"{item.quantity} — {item.title}" if item.quantity != 1 else item.title


def _unit_warnings(key: str, unit: str, value: IndicatorValue) -> list[ConsistencyWarning]:
    found = []
    if value.unit and unit and value.amount is not None and _base(value.unit) != _base(unit):
        found.append(
            ConsistencyWarning(
                indicator=key,
                kind=WarningKind.UNIT,
                message=f"Единица «{value.unit}» не совпадает с единицей показателя «{unit}».",
            )
        )
    lines = [(value.amount, value.unit)] + [(part.amount, part.unit) for part in value.breakdown]
    for amount, written in lines:
        multiplier = next((m for word, m in MULTIPLIERS.items() if written.startswith(word)), None)
        if amount is not None and multiplier is not None and amount >= 1000:
            found.append(
                ConsistencyWarning(
                    indicator=key,
                    kind=WarningKind.UNIT,
                    message=(
                        f"«{number_ru(amount)} {written}» — это {number_ru(amount * multiplier)} "
                        f"{written.split(maxsplit=1)[1] if ' ' in written else ''}: проверьте единицу измерения."
                    ).replace("  ", " "),
                )
            )
    return found


def _base(unit: str) -> str:
    """A unit without its multiplier and abbreviation dot: «тыс. чел.» and «чел.» are both people."""
    words = [word for word in unit.replace(".", " ").split() if word not in {"тыс", "млн"}]
    return " ".join(words)[:3]
