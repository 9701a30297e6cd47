"""Reading a decree's corrections of the production calendar from a CSV file, for ``innocycle calendar load``.

Columns: ``day`` (YYYY-MM-DD or DD.MM.YYYY), ``working`` (рабочий / нерабочий, да / нет, true / false, 1 / 0),
``reason``, ``source``. Comma or semicolon separated, UTF-8, a header row first.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from domain.calendar import CalendarOverride

WORKING = {"рабочий", "да", "true", "1", "yes", "working"}
NON_WORKING = {"нерабочий", "выходной", "нет", "false", "0", "no", "off", "non-working"}


class CalendarFileError(ValueError):
    pass


def _day(value: str, line: int) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise CalendarFileError(f"строка {line}: «{value}» — не дата (ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)")


def _working(value: str, line: int) -> bool:
    lowered = value.strip().lower()
    if lowered in WORKING:
        return True
    if lowered in NON_WORKING:
        return False
    raise CalendarFileError(f"строка {line}: «{value}» — укажите «рабочий» или «нерабочий»")


def read_overrides(path: Path) -> list[CalendarOverride]:
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    missing = {"day", "working", "reason", "source"} - set(rows[0].keys() if rows else ())
    if missing:
        raise CalendarFileError(f"нет столбцов: {', '.join(sorted(missing))}")
    return [
        CalendarOverride(
            day=_day(row["day"], line),
            working=_working(row["working"], line),
            reason=row["reason"].strip(),
            source=row["source"].strip(),
        )
        for line, row in enumerate(rows, start=2)
    ]
