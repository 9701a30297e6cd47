"""Projection of Approval events: the obligation's state in ``obligations``, every submission (each version
kept) in ``submissions`` and every review decision with its comment in ``decisions``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventstore import EventProjector, StoredEvent
from api.tables import decisions, obligations, submissions
from domain.approval import (
    ApprovalStatus,
    DocumentsSubmitted,
    SubmissionAgreed,
    SubmissionApproved,
    SubmissionReturned,
)
from domain.common import DomainEvent
from domain.regulations.model import Obligation


async def _spec(conn: AsyncConnection, obligation_id: str) -> Obligation:
    rule = (
        await conn.execute(select(obligations.c.rule).where(obligations.c.obligation_id == obligation_id))
    ).scalar_one()
    return Obligation.model_validate(rule)


async def _update(conn: AsyncConnection, stored: StoredEvent, **values: Any) -> None:
    await conn.execute(
        obligations.update()
        .where(obligations.c.obligation_id == stored.stream_id)
        .values(stream_version=stored.stream_version, **values)
    )


async def on_submitted(conn: AsyncConnection, stored: StoredEvent, event: DocumentsSubmitted) -> None:
    spec = await _spec(conn, stored.stream_id)
    await conn.execute(
        insert(submissions)
        .values(
            obligation_id=stored.stream_id,
            submission_no=event.submission_no,
            items={key: ref.model_dump(mode="json") for key, ref in event.items.items()},
            submitted_by=event.submitted_by.model_dump(mode="json"),
            submitted_at=event.occurred_at,
            note=event.note,
            late=event.late,
            due_effective=event.due_effective,
        )
        .on_conflict_do_nothing()
    )
    await _update(
        conn,
        stored,
        status=ApprovalStatus.UNDER_REVIEW.value,
        review_step=0,
        next_actor=[spec.review_chain[0].role.value],
        submissions=event.submission_no,
        last_submitted_at=event.occurred_at,
        updated_at=event.occurred_at,
    )


async def _record_decision(
    conn: AsyncConnection,
    stored: StoredEvent,
    event: SubmissionAgreed | SubmissionApproved | SubmissionReturned,
    action: str,
) -> None:
    resubmit = event.resubmit_deadline if isinstance(event, SubmissionReturned) else None
    await conn.execute(
        insert(decisions)
        .values(
            obligation_id=stored.stream_id,
            submission_no=event.submission_no,
            step=event.step,
            action=action,
            comment=event.comment,
            decided_by=event.decided_by.model_dump(mode="json"),
            decided_at=event.occurred_at,
            resubmit_nominal_due=resubmit.nominal if resubmit else None,
            resubmit_effective_due=resubmit.effective if resubmit else None,
        )
        .on_conflict_do_nothing()
    )


async def on_agreed(conn: AsyncConnection, stored: StoredEvent, event: SubmissionAgreed) -> None:
    spec = await _spec(conn, stored.stream_id)
    await _record_decision(conn, stored, event, "agree")
    await _update(
        conn,
        stored,
        review_step=event.step + 1,
        next_actor=[spec.review_chain[event.step + 1].role.value],
        updated_at=event.occurred_at,
    )


async def on_approved(conn: AsyncConnection, stored: StoredEvent, event: SubmissionApproved) -> None:
    await _record_decision(conn, stored, event, "approve")
    await _update(
        conn,
        stored,
        status=ApprovalStatus.APPROVED.value,
        next_actor=[],
        completed_at=event.occurred_at,
        updated_at=event.occurred_at,
    )


async def on_returned(conn: AsyncConnection, stored: StoredEvent, event: SubmissionReturned) -> None:
    spec = await _spec(conn, stored.stream_id)
    await _record_decision(conn, stored, event, "return")
    await _update(
        conn,
        stored,
        status=ApprovalStatus.RETURNED.value,
        review_step=0,
        next_actor=[role.value for role in spec.submitters],
        nominal_due=event.resubmit_deadline.nominal,
        effective_due=event.resubmit_deadline.effective,
        due_ends_at=event.resubmit_deadline.ends_at,
        phase=obligations.c.phase + 1,
        updated_at=event.occurred_at,
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    DocumentsSubmitted: on_submitted,
    SubmissionAgreed: on_agreed,
    SubmissionApproved: on_approved,
    SubmissionReturned: on_returned,
}
