"""Projection of an obligation's life into ``obligations``: planned (or undated), opened, cancelled."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.rows import value_parameter, value_parameters
from api.tables import obligations
from domain.common import DomainEvent
from domain.cycle import Runner, runner_for
from domain.deadlines import Deadline
from domain.obligations import (
    ObligationCancelled,
    ObligationOpened,
    ObligationPlanned,
    ObligationRef,
    ObligationWithdrawn,
)
from domain.regulations.model import Obligation

# What the projection shows for each runner before and while it runs.
OPEN_STATUS: dict[str, str] = {
    Runner.SUBMISSION: "awaiting_submission",
    Runner.QUOTA: "in_progress",
    Runner.COVERAGE: "in_progress",
    Runner.EXPERTISE: "assigning",
    Runner.CRITERIA_REPORT: "awaiting_submission",  # a Vologda criteria report: drafted until it is sent
}


def _row(ref: ObligationRef, rule: Obligation, regulation_id: str, version: int, runner: str) -> dict[str, Any]:
    return {
        "obligation_id": ref.obligation_id,
        "cycle_id": ref.cycle_id,
        "site_id": ref.site_id,
        "year": ref.year,
        "key": ref.key,
        "instance": ref.instance,
        "kind": rule.kind.value,
        "runner": runner,
        "title": rule.title,
        "citation": rule.citation.model_dump(mode="json"),
        "rule": rule.model_dump(mode="json"),
        "regulation_id": regulation_id,
        "regulation_version": version,
        "phase": 0,
        "review_step": 0,
        "next_actor": [role.value for role in rule.submitters],
        "submissions": 0,
        "target": rule.quota,
    }


def _due(deadline: Deadline | None) -> dict[str, Any]:
    if deadline is None:
        return {}
    return {
        "nominal_due": deadline.nominal,
        "effective_due": deadline.effective,
        "due_ends_at": deadline.ends_at,
        "original_nominal_due": deadline.nominal,
        "original_effective_due": deadline.effective,
    }


# The upserts of a planned and an opened obligation, built once for each set of columns (with a due date or
# without), their values as parameters: a cycle's plan projects dozens of them in one append, and a statement built
# anew with its values is worked out and compiled again by SQLAlchemy every time.


def _upsert(
    columns: tuple[str, ...],
    updated: tuple[str, ...],
    cleared: tuple[str, ...] = (),
    where: ColumnElement[bool] | None = None,
) -> Any:
    """INSERT of ``columns``; on a row already there, ``updated`` set to the new values and ``cleared`` to NULL."""
    statement = insert(obligations).values({c: value_parameter(obligations, c) for c in columns})
    assigned: dict[str, Any] = {c: statement.excluded[c] for c in updated} | {c: None for c in cleared}
    return statement.on_conflict_do_update(index_elements=["obligation_id"], set_=assigned, where=where)


@cache
def _planned_statement(columns: tuple[str, ...]) -> Any:
    """Planned again after it was withdrawn before it opened (a centre back in its platform's profile, D11): planned
    anew; any other row stays as it is."""
    return _upsert(
        columns,
        tuple(c for c in columns if c != "obligation_id"),
        ("completed_at",),
        (obligations.c.status == "cancelled") & obligations.c.opened_at.is_(None),
    )


@cache
def _opened_statement(columns: tuple[str, ...]) -> Any:
    """A planned row becomes an open one; an obligation opened without being planned (a справка) is inserted."""
    return _upsert(columns, tuple(c for c in columns if c not in ("obligation_id", "opens_at")))


async def on_planned(conn: AsyncConnection, stored: StoredEvent, event: ObligationPlanned) -> None:
    values = {
        **_row(event.ref, event.obligation, event.regulation_id, event.regulation_version, event.runner),
        **_due(event.deadline),
        "status": "standing" if event.runner == Runner.NONE else "planned",
        "period_key": event.period.key if event.period else None,
        "opens_at": event.opens_at,
        "updated_at": event.occurred_at,
        "stream_version": 0,
    }
    await conn.execute(_planned_statement(tuple(values)), value_parameters(values))


async def on_opened(conn: AsyncConnection, stored: StoredEvent, event: ObligationOpened) -> None:
    runner = event.runner or runner_for(event.obligation).value
    values = {
        **_row(event.ref, event.obligation, event.regulation_id, event.regulation_version, runner),
        **_due(event.deadline),
        "status": OPEN_STATUS.get(runner, "in_progress"),
        "period_key": event.period.key if event.period else None,
        "internal_target": event.internal_target.effective if event.internal_target else None,
        "opened_at": event.occurred_at,
        "updated_at": event.occurred_at,
        "stream_version": stored.stream_version,
    }
    await conn.execute(_opened_statement(tuple(values)), value_parameters(values))


async def on_cancelled(conn: AsyncConnection, stored: StoredEvent, event: ObligationCancelled) -> None:
    await conn.execute(
        obligations.update()
        .where(obligations.c.obligation_id == stored.stream_id)
        .values(
            status="cancelled",
            next_actor=[],
            completed_at=event.occurred_at,
            updated_at=event.occurred_at,
            stream_version=stored.stream_version,
        )
    )


async def on_withdrawn(conn: AsyncConnection, stored: StoredEvent, event: ObligationWithdrawn) -> None:
    """A planned instance dropped before it opened (D11): shown closed, never opened."""
    await conn.execute(
        obligations.update()
        .where(obligations.c.obligation_id == event.ref.obligation_id, obligations.c.opened_at.is_(None))
        .values(status="cancelled", next_actor=[], completed_at=event.occurred_at, updated_at=event.occurred_at)
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    ObligationPlanned: on_planned,
    ObligationWithdrawn: on_withdrawn,
    ObligationOpened: on_opened,
    ObligationCancelled: on_cancelled,
}
