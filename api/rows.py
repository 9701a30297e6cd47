"""Inserting several rows in one statement that SQLAlchemy compiles once per number of rows.

A multi-row ``insert().values([...])`` or a ``values()`` construct cannot be cached by SQLAlchemy, so it is
compiled again on every execution — a millisecond on the command path. ``SELECT :r0_a, :r0_b UNION ALL SELECT
:r1_a, :r1_b …`` of typed parameters can, and an ``INSERT … SELECT`` of it inserts the same rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, select, union_all


def parameter_rows(table: Table, columns: Sequence[str], count: int, where: ColumnElement[bool] | None = None) -> Any:
    """``count`` rows of ``columns`` of ``table`` as parameters ``r{i}_{column}``, each row kept only ``where``."""
    selects = []
    for i in range(count):
        row = select(*(bindparam(f"r{i}_{name}", type_=table.c[name].type) for name in columns))
        selects.append(row.where(where) if where is not None else row)
    return selects[0] if count == 1 else union_all(*selects)


def row_parameters(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The parameters of ``parameter_rows`` for ``rows``."""
    return {f"r{i}_{name}": row[name] for i, row in enumerate(rows) for name in columns}
