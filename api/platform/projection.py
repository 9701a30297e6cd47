"""A criteria report's state in the ``obligations`` projection, which the cycle page, the region's views and the
inbox read, in the words every obligation has: ``status`` (awaiting_submission, returned, under_review — with
``review_step`` 0 for СОГЛАСОВАНО, 1 for УТВЕРЖДАЮ —, approved, with ``completed_at`` the day of УТВЕРЖДАЮ),
``next_actor`` (the roles whose step it is: the authors, the host's head, the Department — after the approval, the
Department until it decides the next year), and, once approved, ``target`` (outcomes awaited) and ``progress``
(outcomes recorded)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.tables import obligations
from domain.common import DomainEvent
from domain.people import Role
from domain.platform.criteria_report import AUTHORS
from domain.platform.events import (
    ConclusionWritten,
    ContinuationDecided,
    CriteriaReportAmended,
    CriteriaReportOpened,
    CriteriaReportReturned,
    CriteriaReportSigned,
    CriteriaReportSubmitted,
    EvidenceRecorded,
    EvidenceRemoved,
    FollowUpOpened,
    IndicatorValueCleared,
    IndicatorValueSet,
    SignStep,
)

T = obligations.c
AUTHOR_ROLES = [role.value for role in AUTHORS]


async def _update(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent, **values: Any) -> None:
    await conn.execute(
        obligations.update()
        .where(T.obligation_id == stored.stream_id)
        .values(updated_at=event.occurred_at, stream_version=stored.stream_version, **values)
    )


async def on_touched(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent) -> None:
    """A draft changed: nothing of the obligation's state moves but its version."""
    await _update(conn, stored, event)


async def on_submitted(conn: AsyncConnection, stored: StoredEvent, event: CriteriaReportSubmitted) -> None:
    await _update(
        conn,
        stored,
        event,
        status="under_review",
        review_step=0,
        next_actor=[Role.SITE_DIRECTOR.value],
        submissions=T.submissions + 1,
        last_submitted_at=event.occurred_at,
    )


async def on_returned(conn: AsyncConnection, stored: StoredEvent, event: CriteriaReportReturned) -> None:
    await _update(conn, stored, event, status="returned", next_actor=AUTHOR_ROLES)


async def on_signed(conn: AsyncConnection, stored: StoredEvent, event: CriteriaReportSigned) -> None:
    if event.signature.step is SignStep.AGREE:
        await _update(conn, stored, event, review_step=1, next_actor=[Role.DEPARTMENT.value])
    else:  # УТВЕРЖДАЮ: the Department decides the next year; the outcomes awaited are counted as they open
        await _update(
            conn,
            stored,
            event,
            status="approved",
            next_actor=[Role.DEPARTMENT.value],
            target=0,
            progress=0,
            completed_at=event.occurred_at,
        )


async def on_follow_up(conn: AsyncConnection, stored: StoredEvent, event: FollowUpOpened) -> None:
    await _update(conn, stored, event, target=T.target + 1)


async def on_amended(conn: AsyncConnection, stored: StoredEvent, event: CriteriaReportAmended) -> None:
    await _update(conn, stored, event, progress=T.progress + 1)


async def on_decided(conn: AsyncConnection, stored: StoredEvent, event: ContinuationDecided) -> None:
    await _update(conn, stored, event, next_actor=[])


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    CriteriaReportOpened: on_touched,
    IndicatorValueSet: on_touched,
    IndicatorValueCleared: on_touched,
    EvidenceRecorded: on_touched,
    EvidenceRemoved: on_touched,
    ConclusionWritten: on_touched,
    CriteriaReportSubmitted: on_submitted,
    CriteriaReportReturned: on_returned,
    CriteriaReportSigned: on_signed,
    FollowUpOpened: on_follow_up,
    CriteriaReportAmended: on_amended,
    ContinuationDecided: on_decided,
}
