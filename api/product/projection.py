"""Projection of products and their examination: ``products`` (with the registry's Russian full-text index),
``product_versions``, ``product_rounds``, ``product_assignments``, ``product_refusals``,
``product_implementations`` and the council's members (``council_members``). An examination is an obligation: its
events also keep ``obligations.status`` and ``obligations.expertise`` (the round's assignments, from which the tasks
of the experts, the secretary and the chair are derived, api.tasks.projection)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import EventProjector, StoredEvent
from api.obligations.projection import on_cancelled as on_obligation_cancelled
from api.tables import (
    council_members,
    obligations,
    product_assignments,
    product_implementations,
    product_refusals,
    product_rounds,
    product_versions,
    products,
    quota_items,
)
from domain.common import DomainEvent
from domain.obligations import ObligationCancelled
from domain.product.events import (
    AssignmentAccepted,
    AssignmentDeclined,
    AssignmentExpired,
    AssignmentRefused,
    ConclusionRecorded,
    CouncilMemberAppointed,
    CouncilMemberLeft,
    ExaminationStarted,
    ExpertAssigned,
    ExpertRecused,
    ProductApprovedByOrder,
    ProductDescribed,
    ProductDrafted,
    ProductImplemented,
    ProductPiloted,
    ProductRegistered,
    ProductVersionAdded,
    ReviewsCompleted,
    ReviewSubmitted,
)
from domain.product.expertise import ExpertiseStatus
from domain.product.model import AssignmentStatus, ProductStatus

# The product's status while its examination is in a state.
PRODUCT_STATUS: dict[str, str] = {
    ExpertiseStatus.ASSIGNING: ProductStatus.SENT,
    ExpertiseStatus.UNDER_REVIEW: ProductStatus.UNDER_REVIEW,
    ExpertiseStatus.REVIEWS_IN: ProductStatus.REVIEWS_IN,
    ExpertiseStatus.REWORK: ProductStatus.REWORK,
    ExpertiseStatus.POSITIVE: ProductStatus.POSITIVE,
    ExpertiseStatus.NEGATIVE: ProductStatus.NEGATIVE,
    ExpertiseStatus.CANCELLED: ProductStatus.WITHDRAWN,
}
WORKING = (AssignmentStatus.ACCEPTED.value, AssignmentStatus.SUBMITTED.value)


def _product(product_id: str) -> Any:
    return products.c.product_id == product_id


# --- the product's own stream -------------------------------------------------------------------------------------


def _id(stored: StoredEvent) -> str:
    return stored.stream_id.split(":", 1)[1]


async def on_drafted(conn: AsyncConnection, stored: StoredEvent, event: ProductDrafted) -> None:
    await conn.execute(
        insert(products)
        .values(
            product_id=event.product_id,
            title=event.title,
            kind=event.kind.value,
            direction_id=event.direction_id,
            site_id=event.site_id,
            institution_id=event.institution_id,
            region_id=event.region_id,
            authors=[a.model_dump(mode="json") for a in event.authors],
            abstract=event.abstract,
            status=ProductStatus.DRAFT.value,
            drafted_at=event.occurred_at,
            updated_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )


async def on_described(conn: AsyncConnection, stored: StoredEvent, event: ProductDescribed) -> None:
    await conn.execute(
        products.update()
        .where(_product(_id(stored)))
        .values(
            title=event.title,
            kind=event.kind.value,
            authors=[a.model_dump(mode="json") for a in event.authors],
            abstract=event.abstract,
            updated_at=event.occurred_at,
        )
    )


async def on_version_added(conn: AsyncConnection, stored: StoredEvent, event: ProductVersionAdded) -> None:
    product_id = _id(stored)
    await conn.execute(
        insert(product_versions)
        .values(
            product_id=product_id,
            version_no=event.version_no,
            files={key: ref.model_dump(mode="json") for key, ref in event.files.items()},
            note=event.note,
            added_by=event.added_by.model_dump(mode="json"),
            added_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )
    await conn.execute(
        products.update().where(_product(product_id)).values(version_no=event.version_no, updated_at=event.occurred_at)
    )


async def on_piloted(conn: AsyncConnection, stored: StoredEvent, event: ProductPiloted) -> None:
    pilot = {"where": event.where, "since": event.since.isoformat(), "note": event.note}
    status = func.coalesce(
        func.nullif(products.c.status, ProductStatus.DRAFT.value), ProductStatus.PILOTED.value
    )  # a draft becomes piloted; a product already further keeps its status
    await conn.execute(
        products.update().where(_product(_id(stored))).values(pilot=pilot, status=status, updated_at=event.occurred_at)
    )


async def on_approved_by_order(conn: AsyncConnection, stored: StoredEvent, event: ProductApprovedByOrder) -> None:
    await conn.execute(
        products.update()
        .where(_product(_id(stored)))
        .values(order_number=event.order_number, order_date=event.order_date, updated_at=event.occurred_at)
    )


async def on_registered(conn: AsyncConnection, stored: StoredEvent, event: ProductRegistered) -> None:
    await conn.execute(
        products.update()
        .where(_product(_id(stored)))
        .values(
            registry_no=event.registry_no,
            registered_at=event.occurred_at,
            status=ProductStatus.REGISTERED.value,
            updated_at=event.occurred_at,
        )
    )


async def on_implemented(conn: AsyncConnection, stored: StoredEvent, event: ProductImplemented) -> None:
    product_id = _id(stored)
    await conn.execute(
        insert(product_implementations)
        .values(
            product_id=product_id,
            implementation_no=event.implementation_no,
            institution_id=event.institution_id,
            institution_name=event.institution_name,
            since=event.since,
            evidence=event.evidence,
            files={key: ref.model_dump(mode="json") for key, ref in event.files.items()},
            replication=event.replication,
            recorded_by=event.recorded_by.model_dump(mode="json"),
            recorded_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )
    await conn.execute(
        products.update()
        .where(_product(product_id))
        .values(
            implementations=products.c.implementations + 1,
            replications=products.c.replications + (1 if event.replication else 0),
            updated_at=event.occurred_at,
        )
    )


# --- the examination (an obligation's stream) -----------------------------------------------------------------


async def _product_of(conn: AsyncConnection, obligation_id: str) -> str:
    row = (await conn.execute(select(obligations.c.instance).where(obligations.c.obligation_id == obligation_id))).one()
    return str(row.instance)


_ROUND_ASSIGNMENTS = (
    select(product_assignments)
    .where(
        product_assignments.c.obligation_id == bindparam("oid"),
        product_assignments.c.round == bindparam("round"),
    )
    .order_by(product_assignments.c.assignment_no)
)


async def _in_line(conn: AsyncConnection, stored: StoredEvent, event: DomainEvent, status: str | None = None) -> Any:
    """The obligation's status and its round's assignments brought in line with its stream; the product's status
    follows. ``status`` None: the round in progress decides it (enough experts at work or not)."""
    current = (
        await conn.execute(
            select(obligations.c.status, obligations.c.expertise).where(obligations.c.obligation_id == stored.stream_id)
        )
    ).one()
    expertise = dict(current.expertise or {})
    round_no = int(expertise.get("round", 0))
    rows = (await conn.execute(_ROUND_ASSIGNMENTS, {"oid": stored.stream_id, "round": round_no})).all()
    if status is None:
        status = current.status
        if status in (ExpertiseStatus.ASSIGNING, ExpertiseStatus.UNDER_REVIEW):
            working = sum(1 for r in rows if r.status in WORKING)
            needed = int(expertise.get("needed", 0))
            status = ExpertiseStatus.UNDER_REVIEW if working >= needed else ExpertiseStatus.ASSIGNING
    expertise["assignments"] = [
        {
            "no": r.assignment_no,
            "expert_id": r.expert_id,
            "expert_name": r.expert_name,
            "status": r.status,
            "respond_by": r.respond_by.isoformat(),
            "respond_ends_at": r.respond_ends_at.isoformat(),
            "review_due": r.review_due.isoformat() if r.review_due else None,
            "review_ends_at": r.review_ends_at.isoformat() if r.review_ends_at else None,
        }
        for r in rows
    ]
    concluded = status in (ExpertiseStatus.POSITIVE, ExpertiseStatus.NEGATIVE)
    await conn.execute(
        obligations.update()
        .where(obligations.c.obligation_id == stored.stream_id)
        .values(
            status=status,
            expertise=expertise,
            stream_version=stored.stream_version,
            updated_at=event.occurred_at,
            **({"completed_at": event.occurred_at} if concluded else {}),
        )
    )
    await conn.execute(
        products.update()
        .where(products.c.obligation_id == stored.stream_id, products.c.registry_no.is_(None))
        .values(status=PRODUCT_STATUS[status], updated_at=event.occurred_at)
    )
    return None  # the tasks projection reads the obligation as this left it


async def on_examination_started(conn: AsyncConnection, stored: StoredEvent, event: ExaminationStarted) -> Any:
    product = event.product
    year = (
        await conn.execute(select(obligations.c.year).where(obligations.c.obligation_id == stored.stream_id))
    ).scalar_one()
    await conn.execute(
        insert(product_rounds)
        .values(
            product_id=product.product_id,
            round=event.round,
            obligation_id=stored.stream_id,
            version_no=product.version_no,
            experts_needed=event.experts_needed,
            sent_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )
    await conn.execute(
        products.update()
        .where(_product(product.product_id))
        .values(
            obligation_id=stored.stream_id,
            year=func.coalesce(products.c.year, year),
            round=event.round,
            sent_at=func.coalesce(products.c.sent_at, event.occurred_at),
            updated_at=event.occurred_at,
        )
    )
    await conn.execute(
        obligations.update()
        .where(obligations.c.obligation_id == stored.stream_id)
        .values(
            expertise={
                "product_id": product.product_id,
                "title": product.title,
                "round": event.round,
                "needed": event.experts_needed,
                "version_no": product.version_no,
            }
        )
    )
    return await _in_line(conn, stored, event, ExpertiseStatus.ASSIGNING)


async def on_expert_assigned(conn: AsyncConnection, stored: StoredEvent, event: ExpertAssigned) -> Any:
    await conn.execute(
        insert(product_assignments)
        .values(
            obligation_id=stored.stream_id,
            assignment_no=event.assignment_no,
            product_id=await _product_of(conn, stored.stream_id),
            round=event.round,
            expert_id=event.expert.user_id,
            expert_name=event.expert.full_name,
            organisation=event.expert.organisation,
            status=AssignmentStatus.INVITED.value,
            assigned_by=event.assigned_by.model_dump(mode="json"),
            assigned_at=event.occurred_at,
            respond_by=event.respond_by.effective,
            respond_ends_at=event.respond_by.ends_at,
        )
        .on_conflict_do_nothing()
    )
    return await _in_line(conn, stored, event)


async def on_assignment_refused(conn: AsyncConnection, stored: StoredEvent, event: AssignmentRefused) -> Any:
    await conn.execute(
        insert(product_refusals)
        .values(
            obligation_id=stored.stream_id,
            stream_version=stored.stream_version,
            product_id=await _product_of(conn, stored.stream_id),
            round=event.round,
            expert_id=event.expert.user_id,
            expert_name=event.expert.full_name,
            reason=event.reason,
            refused_to=event.refused_to.model_dump(mode="json"),
            refused_at=event.occurred_at,
        )
        .on_conflict_do_nothing()
    )
    return await _in_line(conn, stored, event)


async def _assignment(conn: AsyncConnection, stored: StoredEvent, no: int, **values: Any) -> None:
    await conn.execute(
        product_assignments.update()
        .where(product_assignments.c.obligation_id == stored.stream_id, product_assignments.c.assignment_no == no)
        .values(**values)
    )


async def on_accepted(conn: AsyncConnection, stored: StoredEvent, event: AssignmentAccepted) -> Any:
    await _assignment(
        conn,
        stored,
        event.assignment_no,
        status=AssignmentStatus.ACCEPTED.value,
        answered_at=event.occurred_at,
        review_due=event.review_due.effective,
        review_ends_at=event.review_due.ends_at,
    )
    return await _in_line(conn, stored, event)


async def on_declined(conn: AsyncConnection, stored: StoredEvent, event: AssignmentDeclined) -> Any:
    await _assignment(
        conn,
        stored,
        event.assignment_no,
        status=AssignmentStatus.DECLINED.value,
        answered_at=event.occurred_at,
        reason=event.reason,
    )
    return await _in_line(conn, stored, event)


async def on_recused(conn: AsyncConnection, stored: StoredEvent, event: ExpertRecused) -> Any:
    await _assignment(
        conn,
        stored,
        event.assignment_no,
        status=AssignmentStatus.RECUSED.value,
        answered_at=event.occurred_at,
        reason=event.reason,
    )
    return await _in_line(conn, stored, event)


async def on_expired(conn: AsyncConnection, stored: StoredEvent, event: AssignmentExpired) -> Any:
    await _assignment(conn, stored, event.assignment_no, status=AssignmentStatus.EXPIRED.value)
    return await _in_line(conn, stored, event)


async def on_review_submitted(conn: AsyncConnection, stored: StoredEvent, event: ReviewSubmitted) -> Any:
    review = event.review
    await _assignment(
        conn,
        stored,
        event.assignment_no,
        status=AssignmentStatus.SUBMITTED.value,
        review=review.model_dump(mode="json"),
        total=review.total,
        recommendation=review.recommendation.value,
        submitted_at=event.occurred_at,
        late=event.late,
    )
    return await _in_line(conn, stored, event)


async def on_reviews_completed(conn: AsyncConnection, stored: StoredEvent, event: ReviewsCompleted) -> Any:
    await conn.execute(
        product_rounds.update()
        .where(product_rounds.c.obligation_id == stored.stream_id, product_rounds.c.round == event.round)
        .values(reviews_in_at=event.occurred_at)
    )
    return await _in_line(conn, stored, event, ExpertiseStatus.REVIEWS_IN)


async def on_conclusion(conn: AsyncConnection, stored: StoredEvent, event: ConclusionRecorded) -> Any:
    await conn.execute(
        product_rounds.update()
        .where(product_rounds.c.obligation_id == stored.stream_id, product_rounds.c.round == event.round)
        .values(
            conclusion=event.verdict.value,
            meeting=event.meeting.model_dump(mode="json"),
            vote=event.vote.model_dump(mode="json"),
            conclusion_text=event.text,
            recorded_by=event.recorded_by.model_dump(mode="json"),
            concluded_at=event.occurred_at,
        )
    )
    await conn.execute(
        products.update()
        .where(products.c.obligation_id == stored.stream_id)
        .values(conclusion=event.verdict.value, concluded_at=event.occurred_at)
    )
    product_id = await _product_of(conn, stored.stream_id)
    await conn.execute(
        quota_items.update().where(quota_items.c.product_id == product_id).values(conclusion=event.verdict.value)
    )
    return await _in_line(conn, stored, event, ExpertiseStatus(event.verdict.value))


async def on_cancelled(conn: AsyncConnection, stored: StoredEvent, event: ObligationCancelled) -> Any:
    """An obligation cancelled — the site's status revoked, its cycle and its quota closed: projected as every
    obligation's cancellation (``api.obligations.projection``); when it is a product's examination, the product is
    withdrawn from the council without a conclusion (its status «экспертиза закрыта без заключения»), unless it
    is in the registry already. This projector stands for ``ObligationCancelled`` in ``api.projections``."""
    await on_obligation_cancelled(conn, stored, event)
    await conn.execute(
        products.update()
        .where(products.c.obligation_id == stored.stream_id, products.c.registry_no.is_(None))
        .values(status=ProductStatus.WITHDRAWN.value, updated_at=event.occurred_at)
    )


# --- the council's members ----------------------------------------------------------------------------------------


async def on_member_appointed(conn: AsyncConnection, stored: StoredEvent, event: CouncilMemberAppointed) -> None:
    values = {
        "full_name": event.full_name,
        "organisation": event.organisation,
        "institution_id": event.institution_id,
        "areas": list(event.areas),
        "position": event.position,
        "active": True,
        "appointed_at": event.occurred_at,
    }
    region_id = _id(stored)
    await conn.execute(
        insert(council_members)
        .values(region_id=region_id, user_id=event.user_id, **values)
        .on_conflict_do_update(index_elements=["region_id", "user_id"], set_=values)
    )


async def on_member_left(conn: AsyncConnection, stored: StoredEvent, event: CouncilMemberLeft) -> None:
    await conn.execute(
        council_members.update()
        .where(council_members.c.region_id == _id(stored), council_members.c.user_id == event.user_id)
        .values(active=False)
    )


PROJECTORS: dict[type[DomainEvent], EventProjector] = {
    ProductDrafted: on_drafted,
    ProductDescribed: on_described,
    ProductVersionAdded: on_version_added,
    ProductPiloted: on_piloted,
    ProductApprovedByOrder: on_approved_by_order,
    ProductRegistered: on_registered,
    ProductImplemented: on_implemented,
    ExaminationStarted: on_examination_started,
    ExpertAssigned: on_expert_assigned,
    AssignmentRefused: on_assignment_refused,
    AssignmentAccepted: on_accepted,
    AssignmentDeclined: on_declined,
    ExpertRecused: on_recused,
    AssignmentExpired: on_expired,
    ReviewSubmitted: on_review_submitted,
    ReviewsCompleted: on_reviews_completed,
    ConclusionRecorded: on_conclusion,
    ObligationCancelled: on_cancelled,
    CouncilMemberAppointed: on_member_appointed,
    CouncilMemberLeft: on_member_left,
}
