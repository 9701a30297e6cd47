"""The matrix of a region's year (``GET /api/region/{region_id}/matrix``): sites × obligation keys, each cell the
instances of the key with their state, effective due date and lateness in working days."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.region.performance import DEFINITION_RU, OUTCOME_RU, Performance
from api.region.schemas import Matrix, MatrixCell, MatrixColumn, MatrixInstance, MatrixRow
from api.region.year import Assessed, AssessedYear, RegionYear, by_site, natural_key, site_head
from domain.people import ROLE_RU, Role
from domain.regulations.model import KIND_RU, ObligationKind
from domain.submission.events import STATUS_RU


def matrix(wanted: RegionYear, read: AssessedYear) -> Matrix:
    """One row per site of the region, one column per obligation key of the year."""
    columns = matrix_columns([item.row for item in read.obligations])
    grouped = by_site(read.obligations)
    return Matrix(
        region_id=wanted.region_id,
        year=wanted.year,
        as_of=read.today,
        columns=columns,
        rows=[matrix_row(site, columns, grouped.get(site.id, [])) for site in read.sites],
        definition_ru=DEFINITION_RU,
    )


def matrix_columns(rows: Sequence[Any]) -> list[MatrixColumn]:
    """One column per obligation key of the year, in the order of the clauses that set them."""
    first: dict[str, Any] = {}
    for row in rows:
        first.setdefault(row.key, row)
    ordered = sorted(first.values(), key=lambda row: (natural_key(row.citation["clause"]), row.key))
    return [
        MatrixColumn(
            key=row.key,
            title=row.title,
            clause=row.citation["clause"],
            document=row.citation["document"],
            kind=row.kind,
            kind_ru=KIND_RU[ObligationKind(row.kind)],
            obligor=row.rule["obligor"],
            obligor_ru=ROLE_RU[Role(row.rule["obligor"])],
        )
        for row in ordered
    ]


def matrix_instance(row: Any, performance: Performance, lateness: int) -> MatrixInstance:
    return MatrixInstance(
        obligation_id=row.obligation_id,
        instance=row.instance,
        period=row.period_key,
        status=row.status,
        status_ru=STATUS_RU.get(row.status, row.status),
        effective_due=row.effective_due,
        original_effective_due=row.original_effective_due,
        overdue=performance.outcome == "overdue",
        outcome=performance.outcome,
        outcome_ru=OUTCOME_RU[performance.outcome] if performance.outcome else None,
        fulfilled_on=performance.fulfilled_on,
        lateness_working_days=lateness,
    )


def matrix_row(site: Any, columns: Sequence[MatrixColumn], items: Sequence[Assessed]) -> MatrixRow:
    by_key: dict[str, list[MatrixInstance]] = {}
    for item in items:
        by_key.setdefault(item.row.key, []).append(matrix_instance(item.row, item.performance, item.lateness))
    cells = [MatrixCell(key=column.key, instances=by_key.get(column.key, [])) for column in columns]
    return MatrixRow(**site_head(site), cells=cells)
