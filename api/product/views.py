"""Products as the REST API and the pages show them: one product with its versions, rounds, reviews, conclusions and
implementations; the registry (searched in Russian); the council's desk (products under examination, late experts,
the agenda); an expert's assignments; the council's members; and the figures per site and year."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.problems import Problem
from api.product.access import PRODUCT_NOT_FOUND, is_council, is_site_side, visible_products
from api.tables import (
    council_members,
    directions,
    escalations,
    institutions,
    product_assignments,
    product_implementations,
    product_refusals,
    product_rounds,
    product_versions,
    products,
    sites,
)
from domain.escalation import EscalationLevel
from domain.people import Role
from domain.product.council import POSITION_RU, Position
from domain.product.model import (
    ASSIGNMENT_STATUS_RU,
    CONFIDENCE_RU,
    PRODUCT_KIND_RU,
    PRODUCT_STATUS_RU,
    VERDICT_RU,
    AssignmentStatus,
    Confidence,
    ProductKind,
    ProductStatus,
    Verdict,
)
from domain.regulations.catalog import REGULATIONS
from domain.regulations.model import CouncilRules

PAGE = 20


def council_rules(region_id: str) -> CouncilRules | None:
    return next((r.council for r in REGULATIONS.values() if r.region_id == region_id and r.council), None)


def _ru(mapping: dict[Any, str], value: str | None) -> str:
    if value is None:
        return ""
    for key, label in mapping.items():
        if key == value:
            return label
    return value


_PRODUCT_ROW = select(
    products,
    sites.c.code.label("site_code"),
    institutions.c.name.label("institution_name"),
    directions.c.title.label("direction_title"),
).select_from(
    products.join(sites, sites.c.id == products.c.site_id)
    .join(institutions, institutions.c.id == products.c.institution_id)
    .join(directions, directions.c.id == products.c.direction_id)
)


def product_summary(row: Any) -> dict[str, Any]:
    return {
        "product_id": row.product_id,
        "title": row.title,
        "kind": row.kind,
        "kind_ru": PRODUCT_KIND_RU[ProductKind(row.kind)],
        "status": row.status,
        "status_ru": PRODUCT_STATUS_RU[ProductStatus(row.status)],
        "site_id": row.site_id,
        "institution_id": row.institution_id,
        "institution_name": row.institution_name,
        "direction_id": row.direction_id,
        "direction_title": row.direction_title,
        "authors": [a["full_name"] for a in row.authors],
        "abstract": row.abstract,
        "year": row.year,
        "round": row.round,
        "version_no": row.version_no,
        "conclusion": row.conclusion,
        "conclusion_ru": _ru(VERDICT_RU, row.conclusion),
        "order": {"number": row.order_number, "date": row.order_date} if row.order_number else None,
        "registry_no": row.registry_no,
        "implementations": row.implementations,
        "replications": row.replications,
        "url": f"/products/{row.product_id}",
    }


async def product_row(conn: AsyncConnection, principal: Principal, product_id: str) -> Any:
    """The product's row when the caller may see it; a product out of sight is answered as one that is not."""
    row = (
        await conn.execute(_PRODUCT_ROW.where(products.c.product_id == product_id, visible_products(principal)))
    ).one_or_none()
    if row is None:
        raise Problem(404, "product_not_found", PRODUCT_NOT_FOUND)
    return row


def _files(files: dict[str, Any]) -> list[dict[str, Any]]:
    labels = {"product": "Основной файл", "annex": "Приложение", "evidence": "Подтверждение"}
    return [
        {
            "item": key,
            "label": labels.get(key, key),
            "file_id": ref["file_id"],
            "filename": ref["filename"],
            "size": ref["size"],
            "url": f"/api/files/{ref['file_id']}",
        }
        for key, ref in files.items()
    ]


def _review_view(row: Any, rules: CouncilRules | None, named: bool, label: str) -> dict[str, Any] | None:
    if row.review is None:
        return None
    titles = {c.key: c.title for c in rules.criteria} if rules else {}
    maxima = {c.key: c.max_score for c in rules.criteria} if rules else {}
    review = row.review
    return {
        "expert": row.expert_name if named else label,
        "scores": [
            {
                "criterion": key,
                "title": titles.get(key, key),
                "score": value["score"],
                "max_score": maxima.get(key, 3),
                "comment": value["comment"],
            }
            for key, value in review["scores"].items()
        ],
        "total": row.total,
        "max_total": sum(maxima.values()),
        "confidence": review["confidence"],
        "confidence_ru": CONFIDENCE_RU[Confidence(review["confidence"])],
        "recommendation": review["recommendation"],
        "recommendation_ru": VERDICT_RU[Verdict(review["recommendation"])],
        "summary": review["summary"],
        "submitted_at": row.submitted_at,
        "late": row.late,
    }


async def _ladders(conn: AsyncConnection, obligation_id: str | None) -> dict[str, dict[str, Any]]:
    """Per assignment (``assignment:N``): reminders sent and the highest level of its ladder still open."""
    if obligation_id is None:
        return {}
    rows = (
        await conn.execute(
            select(escalations.c.review, escalations.c.level, escalations.c.resolved_at).where(
                escalations.c.obligation_id == obligation_id, escalations.c.review.is_not(None)
            )
        )
    ).all()
    ladders: dict[str, dict[str, Any]] = {}
    for row in rows:
        ladder = ladders.setdefault(row.review, {"reminders": 0, "escalated": None})
        if row.level == EscalationLevel.REMINDER.value:
            ladder["reminders"] += 1
        elif row.resolved_at is None:
            order = (EscalationLevel.OVERDUE.value, EscalationLevel.LEVEL2.value)
            if ladder["escalated"] is None or order.index(row.level) > order.index(ladder["escalated"]):
                ladder["escalated"] = row.level
    return ladders


ESCALATED_RU = {
    EscalationLevel.OVERDUE.value: "просрочена: сообщено секретарю",
    EscalationLevel.LEVEL2.value: "просрочена: сообщено председателю",
}


def _assignment_view(row: Any, ladder: dict[str, Any], now: datetime) -> dict[str, Any]:
    late = (
        (row.status == AssignmentStatus.INVITED and now >= row.respond_ends_at)
        or (row.status == AssignmentStatus.ACCEPTED and row.review_ends_at is not None and now >= row.review_ends_at)
        or ladder.get("escalated") is not None  # the workflow found it late: its ladder is open
    )
    return {
        "assignment_no": row.assignment_no,
        "round": row.round,
        "expert_id": row.expert_id,
        "expert_name": row.expert_name,
        "organisation": row.organisation,
        "status": row.status,
        "status_ru": ASSIGNMENT_STATUS_RU[AssignmentStatus(row.status)],
        "assigned_at": row.assigned_at,
        "respond_by": row.respond_by,
        "answered_at": row.answered_at,
        "reason": row.reason,
        "review_due": row.review_due,
        "submitted_at": row.submitted_at,
        "late": late,
        "reminders": ladder.get("reminders", 0),
        "escalated": ladder.get("escalated"),
        "escalated_ru": ESCALATED_RU.get(ladder.get("escalated") or "", ""),
    }


async def product_view(conn: AsyncConnection, principal: Principal, product_id: str) -> dict[str, Any]:
    row = await product_row(conn, principal, product_id)
    council = is_council(principal, row)
    site_side = is_site_side(principal, row)
    rules = council_rules(row.region_id)
    now = datetime.now(UTC)
    versions = (
        await conn.execute(
            select(product_versions)
            .where(product_versions.c.product_id == product_id)
            .order_by(product_versions.c.version_no)
        )
    ).all()
    rounds = (
        await conn.execute(
            select(product_rounds).where(product_rounds.c.product_id == product_id).order_by(product_rounds.c.round)
        )
    ).all()
    assignments = (
        await conn.execute(
            select(product_assignments)
            .where(product_assignments.c.product_id == product_id)
            .order_by(product_assignments.c.assignment_no)
        )
    ).all()
    refusals = (
        await conn.execute(
            select(product_refusals)
            .where(product_refusals.c.product_id == product_id)
            .order_by(product_refusals.c.refused_at)
        )
    ).all()
    implementations = (
        await conn.execute(
            select(product_implementations)
            .where(product_implementations.c.product_id == product_id)
            .order_by(product_implementations.c.implementation_no)
        )
    ).all()
    ladders = await _ladders(conn, row.obligation_id)
    only_expert = principal_is_only_expert(principal)
    round_views = []
    for r in rounds:
        mine = [a for a in assignments if a.round == r.round]
        everything_in = r.reviews_in_at is not None
        own = [a for a in mine if a.expert_id == principal.user_id]
        reviews = []
        for number, a in enumerate([a for a in mine if a.review is not None], start=1):
            if council and (
                everything_in or a.expert_id == principal.user_id or not principal_is_only_expert(principal)
            ):
                reviews.append(_review_view(a, rules, True, ""))
            elif site_side and r.conclusion is not None:
                reviews.append(_review_view(a, rules, False, f"Эксперт {number}"))
        round_views.append(
            {
                "round": r.round,
                "version_no": r.version_no,
                "sent_at": r.sent_at,
                "experts_needed": r.experts_needed,
                "reviews_in_at": r.reviews_in_at,
                "conclusion": r.conclusion,
                "conclusion_ru": _ru(VERDICT_RU, r.conclusion),
                "meeting": r.meeting,
                "vote": r.vote,
                "conclusion_text": r.conclusion_text or "",
                "concluded_at": r.concluded_at,
                "assignments": [
                    _assignment_view(a, ladders.get(f"assignment:{a.assignment_no}", {}), now)
                    # an expert alone learns who else reviews the round once every review is in (D46, D49)
                    for a in (mine if council and (everything_in or not only_expert) else own)
                ],
                "refusals": [
                    {"expert_name": f.expert_name, "reason": f.reason, "refused_at": f.refused_at}
                    for f in refusals
                    if f.round == r.round
                ]
                if council
                else [],
                "reviews": [review for review in reviews if review is not None],
            }
        )
    return {
        **product_summary(row),
        "authors_detail": [dict(a) for a in row.authors],
        "region_id": row.region_id,
        "obligation_id": row.obligation_id,
        "pilot": row.pilot,
        "sent_at": row.sent_at,
        "concluded_at": row.concluded_at,
        "registered_at": row.registered_at,
        "drafted_at": row.drafted_at,
        "versions": [
            {"version_no": v.version_no, "files": _files(v.files), "note": v.note, "added_at": v.added_at}
            for v in versions
        ],
        "rounds": round_views,
        "implementation_list": [
            {
                "implementation_no": i.implementation_no,
                "institution_id": i.institution_id,
                "institution_name": i.institution_name,
                "since": i.since,
                "evidence": i.evidence,
                "files": _files(i.files),
                "replication": i.replication,
            }
            for i in implementations
        ],
        "viewer": {"council": council, "site_side": site_side},
        "criteria": [c.model_dump() for c in rules.criteria] if rules else [],
    }


def principal_is_only_expert(principal: Principal) -> bool:
    """An expert who is not also the secretary or the chair: reads others' reviews only once all are in."""
    roles = {g.role for g in principal.grants}
    return Role.EXPERT in roles and not roles & {Role.COUNCIL_SECRETARY, Role.COUNCIL_CHAIR}


# --- the registry -------------------------------------------------------------------------------------------------


async def registry(
    conn: AsyncConnection,
    principal: Principal,
    *,
    q: str = "",
    direction_id: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    status: str | None = None,
    site_id: str | None = None,
    page: int = 1,
) -> dict[str, Any]:
    """Products the caller may see, searched in Russian over the title and the abstract (PostgreSQL full-text
    search, configuration ``russian``: «программы» finds «программа»), the best matches first; without ``status``,
    the registry itself — the registered products."""
    conditions = [visible_products(principal)]
    rank = None
    if q.strip():
        query = func.websearch_to_tsquery("russian", q.strip())
        conditions.append(products.c.search.op("@@")(query))
        rank = func.ts_rank(products.c.search, query)
    if status:
        conditions.append(products.c.status == status)
    else:
        conditions.append(products.c.registry_no.is_not(None))
    if direction_id:
        conditions.append(products.c.direction_id == direction_id)
    if kind:
        conditions.append(products.c.kind == kind)
    if year:
        conditions.append(products.c.year == year)
    if site_id:
        conditions.append(products.c.site_id == site_id)
    where = and_(*conditions)
    total = (await conn.execute(select(func.count()).select_from(products).where(where))).scalar_one()
    order = [rank.desc()] if rank is not None else []
    rows = (
        await conn.execute(
            _PRODUCT_ROW.where(where)
            .order_by(*order, products.c.registered_at.desc().nulls_last(), products.c.updated_at.desc())
            .limit(PAGE)
            .offset((max(page, 1) - 1) * PAGE)
        )
    ).all()
    return {"total": total, "page": page, "per_page": PAGE, "items": [product_summary(r) for r in rows]}


# --- the council's desk -------------------------------------------------------------------------------------------


async def council_desk(conn: AsyncConnection, principal: Principal) -> dict[str, Any]:
    """For the secretary and the chair: the products under examination with their experts (late ones marked), and
    the agenda — the products whose reviews are in (D50)."""
    now = datetime.now(UTC)
    rows = (
        await conn.execute(
            _PRODUCT_ROW.where(
                visible_products(principal),
                products.c.status.in_(
                    (ProductStatus.SENT.value, ProductStatus.UNDER_REVIEW.value, ProductStatus.REVIEWS_IN.value)
                ),
            ).order_by(products.c.sent_at)
        )
    ).all()
    ids = [r.product_id for r in rows]
    assignments = (
        await conn.execute(
            select(product_assignments)
            .where(product_assignments.c.product_id.in_(ids))
            .order_by(product_assignments.c.assignment_no)
        )
        if ids
        else None
    )
    by_product: dict[str, list[Any]] = {}
    for a in assignments.all() if assignments is not None else []:
        by_product.setdefault(a.product_id, []).append(a)
    examinations = []
    for r in rows:
        ladders = await _ladders(conn, r.obligation_id)
        current = [a for a in by_product.get(r.product_id, []) if a.round == r.round]
        views = [_assignment_view(a, ladders.get(f"assignment:{a.assignment_no}", {}), now) for a in current]
        examinations.append({**product_summary(r), "assignments": views, "late": any(v["late"] for v in views)})
    return {
        "examinations": [e for e in examinations if e["status"] != ProductStatus.REVIEWS_IN.value],
        "agenda": [e for e in examinations if e["status"] == ProductStatus.REVIEWS_IN.value],
        "late": sum(1 for e in examinations for a in e["assignments"] if a["late"]),
    }


async def my_assignments(conn: AsyncConnection, principal: Principal) -> list[dict[str, Any]]:
    """The caller's assignments as an expert, the open ones first."""
    now = datetime.now(UTC)
    rows = (
        await conn.execute(
            select(product_assignments, products.c.title, products.c.status.label("product_status"))
            .select_from(product_assignments.join(products, products.c.product_id == product_assignments.c.product_id))
            .where(product_assignments.c.expert_id == principal.user_id)
            .order_by(
                case((product_assignments.c.status.in_(("invited", "accepted")), 0), else_=1),
                product_assignments.c.assigned_at.desc(),
            )
        )
    ).all()
    return [
        {
            **_assignment_view(r, {}, now),
            "product_id": r.product_id,
            "title": r.title,
            "url": f"/products/{r.product_id}",
        }
        for r in rows
    ]


async def members(conn: AsyncConnection, region_id: str) -> list[dict[str, Any]]:
    rows = (
        await conn.execute(
            select(council_members)
            .where(council_members.c.region_id == region_id, council_members.c.active)
            .order_by(
                case(
                    (council_members.c.position == "chair", 0), (council_members.c.position == "secretary", 1), else_=2
                ),
                council_members.c.full_name,
            )
        )
    ).all()
    return [
        {
            "user_id": r.user_id,
            "full_name": r.full_name,
            "organisation": r.organisation,
            "institution_id": r.institution_id,
            "areas": list(r.areas),
            "position": r.position,
            "position_ru": POSITION_RU[Position(r.position)],
        }
        for r in rows
    ]


# --- figures ------------------------------------------------------------------------------------------------------


async def figures(conn: AsyncConnection, principal: Principal, region_id: str, year: int) -> dict[str, Any]:
    """Per site of the region, for products sent in ``year``: sent, examined (concluded), positive, implemented;
    and the council's own discipline — reviews on time, and the days from sending to a conclusion."""
    per_site = (
        await conn.execute(
            select(
                sites.c.id.label("site_id"),
                sites.c.code,
                institutions.c.short_name,
                func.count(products.c.product_id).label("sent"),
                func.count(products.c.conclusion).label("examined"),
                func.count().filter(products.c.conclusion == Verdict.POSITIVE.value).label("positive"),
                func.count().filter(products.c.implementations > 0).label("implemented"),
            )
            .select_from(
                sites.join(institutions, institutions.c.id == sites.c.institution_id).outerjoin(
                    products, and_(products.c.site_id == sites.c.id, products.c.year == year)
                )
            )
            .where(sites.c.region_id == region_id)
            .group_by(sites.c.id, sites.c.code, institutions.c.short_name)
            .order_by(sites.c.id)
        )
    ).all()
    reviews = (
        await conn.execute(
            select(
                func.count().label("submitted"),
                func.count().filter(~product_assignments.c.late).label("on_time"),
            )
            .select_from(product_assignments.join(products, products.c.product_id == product_assignments.c.product_id))
            .where(
                products.c.region_id == region_id,
                products.c.year == year,
                product_assignments.c.status == AssignmentStatus.SUBMITTED.value,
            )
        )
    ).one()
    days = (
        await conn.execute(
            select(
                func.avg(
                    func.extract("epoch", product_rounds.c.concluded_at - product_rounds.c.sent_at).cast(Integer)
                    / 86400.0
                )
            )
            .select_from(product_rounds.join(products, products.c.product_id == product_rounds.c.product_id))
            .where(
                products.c.region_id == region_id,
                products.c.year == year,
                product_rounds.c.concluded_at.is_not(None),
            )
        )
    ).scalar_one()
    rules = council_rules(region_id)
    targets = rules.positive_targets if rules else {}
    return {
        "year": year,
        "sites": [
            {
                "site_id": r.site_id,
                "code": r.code,
                "institution": r.short_name,
                "sent": r.sent,
                "examined": r.examined,
                "positive": r.positive,
                "positive_target": targets.get(r.site_id),  # the site's own target (1.1.7: two, D7)
                "implemented": r.implemented,
            }
            for r in per_site
        ],
        "reviews_submitted": reviews.submitted,
        "reviews_on_time": reviews.on_time,
        "reviews_on_time_share": round(reviews.on_time / reviews.submitted, 3) if reviews.submitted else None,
        "average_days_to_conclusion": round(float(days), 1) if days is not None else None,
    }


async def meetings(conn: AsyncConnection, principal: Principal, region_id: str) -> list[dict[str, Any]]:
    """The council's minutes: each meeting (number and date) with its members present and the decision on each
    product, the latest first."""
    rows = (
        await conn.execute(
            select(product_rounds, products.c.title, products.c.site_id)
            .select_from(product_rounds.join(products, products.c.product_id == product_rounds.c.product_id))
            .where(
                products.c.region_id == region_id, product_rounds.c.meeting.is_not(None), visible_products(principal)
            )
            .order_by(product_rounds.c.concluded_at)
        )
    ).all()
    by_meeting: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        key = (r.meeting["number"], r.meeting["held_on"])
        meeting = by_meeting.setdefault(
            key,
            {"number": key[0], "held_on": key[1], "present": r.meeting["present"], "decisions": []},
        )
        meeting["decisions"].append(
            {
                "product_id": r.product_id,
                "title": r.title,
                "site_id": r.site_id,
                "round": r.round,
                "verdict": r.conclusion,
                "verdict_ru": _ru(VERDICT_RU, r.conclusion),
                "vote": r.vote,
                "text": r.conclusion_text or "",
            }
        )
    return sorted(by_meeting.values(), key=lambda m: (m["held_on"], m["number"]), reverse=True)
