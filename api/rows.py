"""Statements built once, with their values as typed parameters, so that SQLAlchemy finds them compiled without
working out a cache key for new values on every execution; and inserting several rows in one statement that
SQLAlchemy compiles once per number of rows.

A multi-row ``insert().values([...])`` or a ``values()`` construct cannot be cached by SQLAlchemy, so it is
compiled again on every execution — a millisecond on the command path. ``SELECT :r0_a, :r0_b UNION ALL SELECT
:r1_a, :r1_b …`` of typed parameters can, and an ``INSERT … SELECT`` of it inserts the same rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Table, bindparam, select, union_all
from sqlalchemy.dialects.postgresql import JSONB


def parameter(table: Table, column: str, name: str | None = None) -> BindParameter[Any]:
    """A parameter (``name``, by default the column's) typed as ``column`` of ``table``. None is SQL NULL in a JSON
    column too, as it is when given to ``values()`` directly."""
    kind = table.c[column].type
    return bindparam(name or column, type_=JSONB(none_as_null=True) if isinstance(kind, JSONB) else kind)


def value_parameter(table: Table, column: str) -> BindParameter[Any]:
    """The parameter ``v_{column}`` of a statement built once for one row's values (``value_parameters``)."""
    return parameter(table, column, f"v_{column}")


def value_parameters(values: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters of ``value_parameter`` for one row's ``values``, by column."""
    return {f"v_{column}": value for column, value in values.items()}


def parameter_rows(table: Table, columns: Sequence[str], count: int, where: ColumnElement[bool] | None = None) -> Any:
    """``count`` rows of ``columns`` of ``table`` as parameters ``r{i}_{column}``, each row kept only ``where``."""
    selects = []
    for i in range(count):
        row = select(*(parameter(table, name, f"r{i}_{name}") for name in columns))
        selects.append(row.where(where) if where is not None else row)
    return selects[0] if count == 1 else union_all(*selects)


def row_parameters(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The parameters of ``parameter_rows`` for ``rows``."""
    return {f"r{i}_{name}": row[name] for i, row in enumerate(rows) for name in columns}
