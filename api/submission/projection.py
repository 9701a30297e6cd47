"""Projection of submission events: the obligation's state in ``obligations``, every submission (each version
kept, with its structured content) in ``submissions``, every review decision with its comment in ``decisions``,
requests for more time in ``extensions``, and the roadmap approved with the package — with the status of each
row as the accepted quarterly reports give it — in ``roadmap_rows``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Table, Text, bindparam, cast, func, literal, select
from sqlalchemy.dialects.postgresql import JSONB, JSONPATH, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.projection import row_wanted
from api.eventlog.store import EventProjector, StoredEvent
from api.obligations.rules import known_rule, rule_of
from api.rows import parameter, value_parameter, value_parameters
from api.tables import decisions, extensions, obligations, roadmap_rows, submissions
from api.tasks.projection import OBLIGATION_ROW
from domain.common import DomainEvent
from domain.deadlines import Deadline
from domain.payloads import PackageData, ReportData
from domain.regulations.model import Obligation, review_parts
from domain.submission.events import (
    EXTENSION,
    DeadlineRecomputed,
    DocumentsSubmitted,
    ExtensionGranted,
    ExtensionRefused,
    ExtensionRequested,
    ReviewDeadlineSet,
    SubmissionAgreed,
    SubmissionApproved,
    SubmissionPartApproved,
    SubmissionReturned,
    SubmissionStatus,
    review_key,
)


async def _spec(conn: AsyncConnection, obligation_id: str) -> Obligation:
    query = select(obligations.c.obligation_id, obligations.c.rule).where(obligations.c.obligation_id == obligation_id)
    return rule_of((await conn.execute(query)).one())


def _due_now(deadline: Deadline) -> dict[str, Any]:
    """The obligation's current due date (the original one stays as it was opened)."""
    return {"nominal_due": deadline.nominal, "effective_due": deadline.effective, "due_ends_at": deadline.ends_at}


@dataclass(frozen=True)
class Recorded:
    """A row of an obligation's history (a submission, a review decision) that its projector writes with the
    obligation's state: inserted by a CTE of the obligation's UPDATE, one statement instead of two. Nothing the
    UPDATE sets or returns reads the history tables, so it need not see the row."""

    table: Table
    values: dict[str, Any]


async def _update(
    conn: AsyncConnection,
    stored: StoredEvent,
    *,
    roles_at: str | None = None,
    next_phase: bool = False,
    recorded: Recorded | None = None,
    **values: Any,
) -> Any:
    """Write the obligation's state; its row as the event left it, for the tasks projection. ``roles_at`` names the
    next actors by a JSON path into the obligation's own rule, read in the UPDATE itself so that the projector
    need not read the rule first; ``next_phase`` starts a new phase of its ladder; ``recorded`` is the history row
    the event adds, written by the same statement."""
    table = recorded.table if recorded is not None else None
    statement = _update_statement(tuple(sorted(values)), roles_at is not None, next_phase, row_wanted(), table)
    params = _values(**values)
    params.update(oid=stored.stream_id, v_stream_version=stored.stream_version, roles_path=roles_at)
    if recorded is not None:
        params.update({f"{_RECORDED}{column}": value for column, value in recorded.values.items()})
    return (await conn.execute(statement, params)).one_or_none()


# What an UPDATE returns when its row is not handed to the tasks projection (row_wanted): enough to read the rule.
_NARROW_ROW = (obligations.c.obligation_id, obligations.c.rule, obligations.c.stream_version)
_RECORDED = "h_"  # the parameters of the history row an UPDATE inserts: h_{column}


@cache
def _update_statement(
    columns: tuple[str, ...], roles: bool, next_phase: bool, whole: bool, recorded: Table | None
) -> Any:
    """The UPDATE of ``_update`` for this set of columns, built once (api.rows); ``whole``: it returns the row with
    its open tasks (OBLIGATION_ROW), else the narrow row; ``recorded``: the history table whose row a CTE of it
    inserts, once (a replayed event inserts nothing again)."""
    assigned: dict[str, Any] = {c: value_parameter(obligations, c) for c in ("stream_version", *columns)}
    if roles:
        path = cast(bindparam("roles_path", type_=Text), JSONPATH)
        assigned["next_actor"] = func.jsonb_path_query_array(obligations.c.rule, path)
    if next_phase:
        assigned["phase"] = obligations.c.phase + 1
    statement = (
        obligations.update()
        .where(obligations.c.obligation_id == bindparam("oid"))
        .values(assigned)
        .returning(*(OBLIGATION_ROW if whole else _NARROW_ROW))
    )
    if recorded is None:
        return statement
    row = {c.name: parameter(recorded, c.name, f"{_RECORDED}{c.name}") for c in recorded.c}
    return statement.add_cte(insert(recorded).values(row).on_conflict_do_nothing().cte("recorded"))


def _values(**values: Any) -> dict[str, Any]:
    return value_parameters(values)


_REVIEW_STATE = select(
    obligations.c.obligation_id,
    obligations.c.rule,
    obligations.c.review_step,
    obligations.c.review_parts,
    obligations.c.reviews,
).where(obligations.c.obligation_id == bindparam("oid"))


async def _review_state(conn: AsyncConnection, obligation_id: str) -> Any:
    return (await conn.execute(_REVIEW_STATE, {"oid": obligation_id})).one()


def awaited_roles(rule: Obligation, step: int, parts: dict[str, Any] | None) -> list[str]:
    """Whose decision a submission under review awaits: the role at the step of each part not approved yet (D33);
    ``parts`` holds the progress of the parts as ``obligations.review_parts`` does."""
    roles: list[str] = []
    for part in review_parts(rule):
        progress = (parts or {}).get(part.key, step if not part.key else 0)
        if progress == "approved" or not part.chain:
            continue
        role = part.chain[min(int(progress), len(part.chain) - 1)].role.value
        if role not in roles:
            roles.append(role)
    return roles


def _without(reviews: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    rest = {k: v for k, v in (reviews or {}).items() if k != key}
    return rest or None


async def on_submitted(conn: AsyncConnection, stored: StoredEvent, event: DocumentsSubmitted) -> Any:
    submission = Recorded(
        submissions,
        dict(
            obligation_id=stored.stream_id,
            submission_no=event.submission_no,
            items={key: ref.model_dump(mode="json") for key, ref in event.items.items()},
            submitted_by=event.submitted_by.model_dump(mode="json"),
            submitted_at=event.occurred_at,
            data=event.data.model_dump(mode="json") if event.data else None,
            note=event.note,
            late=event.late,
            due_effective=event.due_effective,
            unchanged=list(event.unchanged),
            attested={key: version.model_dump(mode="json") for key, version in event.attested.items()},
        ),
    )
    state: dict[str, Any] = {
        "status": SubmissionStatus.UNDER_REVIEW.value,
        "review_step": 0,
        "review_parts": None,
        "reviews": None,  # the review clocks start again from this submission (ReviewDeadlineSet follows)
        "submissions": event.submission_no,
        "last_submitted_at": event.occurred_at,
        "updated_at": event.occurred_at,
    }
    known = known_rule(stored.stream_id)
    if known is not None:  # every part awaits its first step (D33); no roles when sending fulfils
        return await _update(conn, stored, next_actor=awaited_roles(known, 0, None), recorded=submission, **state)
    row = await _update(conn, stored, roles_at="$.review_chain[0].role", recorded=submission, **state)
    if row is None:
        return None
    rule = rule_of(row)
    if len(review_parts(rule)) > 1:  # items with chains of their own (D33): every part awaits its first step
        return await _update(conn, stored, next_actor=awaited_roles(rule, 0, None))
    return row


def _decision(
    stored: StoredEvent,
    event: SubmissionAgreed | SubmissionApproved | SubmissionPartApproved | SubmissionReturned,
    action: str,
) -> Recorded:
    """The review decision ``event`` records, as a row of ``decisions`` for the obligation's UPDATE to write."""
    resubmit = event.resubmit_deadline if isinstance(event, SubmissionReturned) else None
    return Recorded(
        decisions,
        dict(
            obligation_id=stored.stream_id,
            submission_no=event.submission_no,
            step=event.step,
            action=action,
            comment=event.comment,
            decided_by=event.decided_by.model_dump(mode="json"),
            decided_at=event.occurred_at,
            resubmit_nominal_due=resubmit.nominal if resubmit else None,
            resubmit_effective_due=resubmit.effective if resubmit else None,
            part=event.part,
        ),
    )


async def on_agreed(conn: AsyncConnection, stored: StoredEvent, event: SubmissionAgreed) -> Any:
    current = await _review_state(conn, stored.stream_id)
    rule = rule_of(current)
    reviews = _without(current.reviews, review_key(event.part))
    if len(review_parts(rule)) > 1:
        parts = dict(current.review_parts or {})
        step = current.review_step
        if event.part:
            parts[event.part] = event.step + 1
        else:
            step = event.step + 1
        return await _update(
            conn,
            stored,
            review_step=step,
            review_parts=parts or None,
            next_actor=awaited_roles(rule, step, parts),
            reviews=reviews,
            updated_at=event.occurred_at,
            recorded=_decision(stored, event, "agree"),
        )
    return await _update(
        conn,
        stored,
        review_step=event.step + 1,
        roles_at=f"$.review_chain[{event.step + 1}].role",
        reviews=reviews,
        updated_at=event.occurred_at,
        recorded=_decision(stored, event, "agree"),
    )


async def on_part_approved(conn: AsyncConnection, stored: StoredEvent, event: SubmissionPartApproved) -> Any:
    current = await _review_state(conn, stored.stream_id)
    parts = {**(current.review_parts or {}), event.part: "approved"}
    return await _update(
        conn,
        stored,
        review_parts=parts,
        next_actor=awaited_roles(rule_of(current), current.review_step, parts),
        reviews=_without(current.reviews, review_key(event.part)),
        updated_at=event.occurred_at,
        recorded=_decision(stored, event, "approve"),
    )


# One statement: the review is added to those the obligation awaits, without reading them first.
_SET_REVIEW = (
    obligations.update()
    .where(obligations.c.obligation_id == bindparam("oid"))
    .values(
        stream_version=value_parameter(obligations, "stream_version"),
        updated_at=value_parameter(obligations, "updated_at"),
        reviews=func.coalesce(obligations.c.reviews, cast(literal("{}"), JSONB)).op("||")(
            bindparam("review", type_=JSONB)
        ),
    )
)
_SET_REVIEW_RETURNING = {True: _SET_REVIEW.returning(*OBLIGATION_ROW), False: _SET_REVIEW.returning(*_NARROW_ROW)}


async def on_review_deadline_set(conn: AsyncConnection, stored: StoredEvent, event: ReviewDeadlineSet) -> Any:
    review = {
        "role": event.role.value,
        "title": event.title,
        "part": event.part,
        "step": event.step,
        "working_days": event.working_days,
        "due_nominal": event.deadline.nominal.isoformat(),
        "due_effective": event.deadline.effective.isoformat(),
        "due_ends_at": event.deadline.ends_at.isoformat(),
        "set_at": event.occurred_at.isoformat(),
    }
    params = {
        "oid": stored.stream_id,
        "v_stream_version": stored.stream_version,
        "v_updated_at": event.occurred_at,
        "review": {event.review: review},
    }
    return (await conn.execute(_SET_REVIEW_RETURNING[row_wanted()], params)).one_or_none()


async def on_approved(conn: AsyncConnection, stored: StoredEvent, event: SubmissionApproved) -> Any:
    spec = await _spec(conn, stored.stream_id)
    await _project_accepted_content(conn, stored, event)
    return await _update(
        conn,
        stored,
        status=SubmissionStatus.APPROVED.value,
        next_actor=[],
        reviews=None,
        completed_at=event.occurred_at,
        updated_at=event.occurred_at,
        recorded=_decision(stored, event, "approve") if spec.review_chain else None,
    )


async def on_returned(conn: AsyncConnection, stored: StoredEvent, event: SubmissionReturned) -> Any:
    return await _update(
        conn,
        stored,
        status=SubmissionStatus.RETURNED.value,
        review_step=0,
        review_parts=None,
        reviews=None,
        roles_at="$.submitters[*]",
        **_due_now(event.resubmit_deadline),
        next_phase=True,
        updated_at=event.occurred_at,
        recorded=_decision(stored, event, "return"),
    )


async def _project_accepted_content(conn: AsyncConnection, stored: StoredEvent, event: SubmissionApproved) -> None:
    """An accepted package brings its roadmap; an accepted report, the status of each roadmap row."""
    query = select(submissions.c.data).where(
        submissions.c.obligation_id == stored.stream_id, submissions.c.submission_no == event.submission_no
    )
    raw = (await conn.execute(query)).scalar_one_or_none()
    if not raw:
        return
    owner = (
        await conn.execute(
            select(obligations.c.cycle_id, obligations.c.period_key).where(
                obligations.c.obligation_id == stored.stream_id
            )
        )
    ).one()
    if raw.get("form") == "package":
        package = PackageData.model_validate(raw)
        await conn.execute(roadmap_rows.delete().where(roadmap_rows.c.cycle_id == owner.cycle_id))
        await conn.execute(
            roadmap_rows.insert(),
            [
                {
                    "cycle_id": owner.cycle_id,
                    "no": row.no,
                    "position": position,
                    "section": row.section,
                    "item": row.item,
                    "deadline": row.deadline,
                    "reading": row.reading.model_dump(mode="json") if row.reading else None,
                    "responsible": row.responsible,
                    "responsible_is_external": row.responsible_is_external,
                    "expected_result": row.expected_result,
                }
                for position, row in enumerate(package.roadmap)
            ],
        )
    elif raw.get("form") == "report" and raw.get("roadmap"):
        report = ReportData.model_validate(raw)
        for status in report.roadmap:
            await conn.execute(
                roadmap_rows.update()
                .where(roadmap_rows.c.cycle_id == owner.cycle_id, roadmap_rows.c.no == status.no)
                .values(
                    status=status.status,
                    status_period=owner.period_key,
                    fact_date=status.fact_date,
                    result=status.result,
                    moved_to=status.moved_to,
                    participants=status.participants,
                )
            )


async def on_extension_requested(conn: AsyncConnection, stored: StoredEvent, event: ExtensionRequested) -> Any:
    count = (
        await conn.execute(select(func.count()).where(extensions.c.obligation_id == stored.stream_id))
    ).scalar_one()
    request = {
        "until": event.until.isoformat(),
        "reason": event.reason,
        "requested_by": event.requested_by.model_dump(mode="json"),
        "requested_at": event.occurred_at.isoformat(),
    }
    await conn.execute(
        insert(extensions)
        .values(
            obligation_id=stored.stream_id,
            seq=count + 1,
            requested_until=event.until,
            reason=event.reason,
            requested_by=event.requested_by.model_dump(mode="json"),
            requested_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )
    return await _update(conn, stored, pending_extension=request, updated_at=event.occurred_at)


async def _decide_last_extension(conn: AsyncConnection, stored: StoredEvent, **values: Any) -> None:
    last = (
        await conn.execute(select(func.max(extensions.c.seq)).where(extensions.c.obligation_id == stored.stream_id))
    ).scalar_one()
    await conn.execute(
        extensions.update()
        .where(extensions.c.obligation_id == stored.stream_id, extensions.c.seq == last)
        .values(**values)
    )


async def on_extension_granted(conn: AsyncConnection, stored: StoredEvent, event: ExtensionGranted) -> Any:
    await _decide_last_extension(
        conn,
        stored,
        decision="granted",
        granted_until=event.deadline.nominal,
        granted_effective=event.deadline.effective,
        comment=event.comment,
        decided_by=event.decided_by.model_dump(mode="json"),
        decided_at=event.occurred_at,
    )
    current = await _review_state(conn, stored.stream_id)
    return await _update(
        conn,
        stored,
        pending_extension=None,
        reviews=_without(current.reviews, EXTENSION),
        **_due_now(event.deadline),
        next_phase=True,
        updated_at=event.occurred_at,
    )


async def on_extension_refused(conn: AsyncConnection, stored: StoredEvent, event: ExtensionRefused) -> Any:
    await _decide_last_extension(
        conn,
        stored,
        decision="refused",
        comment=event.comment,
        decided_by=event.decided_by.model_dump(mode="json"),
        decided_at=event.occurred_at,
    )
    current = await _review_state(conn, stored.stream_id)
    return await _update(
        conn,
        stored,
        pending_extension=None,
        reviews=_without(current.reviews, EXTENSION),
        updated_at=event.occurred_at,
    )


async def on_deadline_recomputed(conn: AsyncConnection, stored: StoredEvent, event: DeadlineRecomputed) -> Any:
    return await _update(
        conn,
        stored,
        **_due_now(event.deadline),
        updated_at=event.occurred_at,
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    ExtensionRequested: on_extension_requested,
    ExtensionGranted: on_extension_granted,
    ExtensionRefused: on_extension_refused,
    DeadlineRecomputed: on_deadline_recomputed,
    DocumentsSubmitted: on_submitted,
    SubmissionAgreed: on_agreed,
    SubmissionPartApproved: on_part_approved,
    SubmissionApproved: on_approved,
    SubmissionReturned: on_returned,
    ReviewDeadlineSet: on_review_deadline_set,
}
