"""Commands on a product and its examination, one function each, called alike by the REST routes and the pages.

The product's own life (draft, description, versions, pilot, the approving order, the registry, implementations) is
decided by ``domain.product.lifecycle`` and appended here to ``product:{id}``: no workflow owns a product. Sending
is a command on the site's quota of the year (``record_item`` with the product): the quota counts it once (D7, D51)
and opens its examination, ``ExpertiseWorkflow``; the secretary's, the experts' and the chair's steps, and a
reworked version, are updates of that workflow. The council's members are appended to ``council:{region}``."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.access.principal import Principal
from api.eventlog.store import StreamConflict, read_stream, stream_version
from api.problems import Problem, refused
from api.product.requests import (
    AssignBody,
    ConclusionBody,
    DraftBody,
    ImplementationBody,
    MeetingBody,
    MemberBody,
    OrderBody,
    PilotBody,
    ProductDescription,
    RecusalBody,
    ResponseBody,
    ReviewBody,
    VersionBody,
)
from api.product.views import product_row, product_view
from api.runtime import Runtime
from api.sites.service import load_site
from api.tables import council_members, files, institutions, obligations, products, users
from api.today import service_today
from domain.common import DomainError, DomainEvent, event_from_stored
from domain.cycle import Runner
from domain.eventlog import new_event
from domain.files import FileFormat, FileRef, formats_ru
from domain.obligations import cycle_id
from domain.people import Role
from domain.periods import parse_period_key
from domain.product import council, expertise, lifecycle
from domain.product.expertise import ExpertiseStatus
from domain.product.model import PRODUCT_KIND_RU, Author, Confidence, Meeting, Review, Score, Vote
from domain.quota import RecordItem
from domain.sites import Site

ATTEMPTS = 3
MAIN_QUOTA = "product_quota"  # order 135-р 2.4.2: sending the product here opens its examination
SENT_WAIT_SECONDS = 10.0  # how long the answer to «send» waits for the examination to open


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _refusal(error: DomainError) -> Problem:
    return refused(409, error.code, error.message, error.field)


async def _state(conn: AsyncConnection, product_id: str) -> lifecycle.ProductState:
    stored = await read_stream(conn, lifecycle.product_stream(product_id))
    return lifecycle.state_of([event_from_stored(e.event_type, e.data, e.schema_version) for e in stored])


def _examination(row: Any) -> ExpertiseStatus | None:
    """The examination's state as the product shows it (None: never sent)."""
    if row.obligation_id is None:
        return None
    return {
        "sent": ExpertiseStatus.ASSIGNING,
        "under_review": ExpertiseStatus.UNDER_REVIEW,
        "reviews_in": ExpertiseStatus.REVIEWS_IN,
        "rework": ExpertiseStatus.REWORK,
        "positive": ExpertiseStatus.POSITIVE,
        "negative": ExpertiseStatus.NEGATIVE,
        "registered": ExpertiseStatus.POSITIVE,
        "withdrawn": ExpertiseStatus.CANCELLED,
    }.get(row.status, ExpertiseStatus.ASSIGNING)


async def _site(conn: AsyncConnection, site_id: str) -> Site:
    site = await load_site(conn, site_id)
    if site is None:
        raise Problem(404, "site_not_found", "Площадка не найдена.")
    return site


async def _append(runtime: Runtime, stream_id: str, decide: Any) -> None:
    """Decide on the stream as stored and append after its version; decided again when another writer moved it."""
    for _ in range(ATTEMPTS):
        async with runtime.reads.connect() as conn:
            version = await stream_version(conn, stream_id)
            try:
                decided: list[DomainEvent] = await decide(conn)
            except DomainError as error:
                raise _refusal(error) from None
        if not decided:
            return
        try:
            await runtime.eventlog.append(stream_id, version, [new_event(e, str(uuid.uuid4()), {}) for e in decided])
        except StreamConflict:
            continue
        return
    raise Problem(409, "try_again", "Продукт изменился во время команды; повторите.")


async def _file_refs(
    conn: AsyncConnection, site_id: str, named: dict[str, str], allowed: set[str]
) -> dict[str, FileRef]:
    """The files ``named`` (item → id of a file uploaded to the site), each refused unless it is the site's and of a
    format the product takes (the formats of order 135-р 2.4.2's item)."""
    refs: dict[str, FileRef] = {}
    for item, file_id in named.items():
        if item not in allowed:
            raise refused(422, "unknown_item", f"Неизвестный файл «{item}».", f"files.{item}")
        row = (
            (await conn.execute(select(files).where(files.c.id == file_id, files.c.site_id == site_id))).one_or_none()
            if is_uuid(file_id)
            else None
        )
        if row is None:
            raise refused(422, "file_not_found", "Файл не найден среди файлов площадки.", f"files.{item}")
        file_format = FileFormat(row.format)
        if file_format not in lifecycle.FORMATS:
            raise refused(
                422,
                "wrong_format",
                f"Файл «{row.filename}» — {file_format.value.upper()}; продукт принимается в форматах "
                f"{formats_ru(lifecycle.FORMATS)}.",
                f"files.{item}",
            )
        refs[item] = FileRef(
            file_id=str(row.id), filename=row.filename, format=file_format, size=row.size, sha256=row.sha256
        )
    return refs


def _authors(body: ProductDescription) -> tuple[Author, ...]:
    return tuple(Author(full_name=a.full_name, user_id=a.user_id) for a in body.authors)


# --- the product's own life -----------------------------------------------------------------------------------------


async def draft(runtime: Runtime, principal: Principal, body: DraftBody) -> dict[str, Any]:
    product_id = f"p{uuid.uuid4().hex[:10]}"
    async with runtime.reads.connect() as conn:
        site = await load_site(conn, body.site_id)
        if site is None or not principal.can_read(site):
            raise refused(404, "site_not_found", "Площадка не найдена.", "site_id")
    try:
        events = lifecycle.draft(
            product_id,
            principal.actor_on(site),
            title=body.title,
            kind=body.kind,
            site_id=site.id,
            direction_id=site.direction_id,
            institution_id=site.institution_id,
            region_id=site.region_id,
            authors=_authors(body),
            abstract=body.abstract,
            now=datetime.now(UTC),
        )
    except DomainError as error:
        raise _refusal(error) from None
    await runtime.eventlog.append(
        lifecycle.product_stream(product_id), 0, [new_event(e, str(uuid.uuid4()), {}) for e in events]
    )
    return await read(runtime, principal, product_id)


async def read(runtime: Runtime, principal: Principal, product_id: str) -> dict[str, Any]:
    async with runtime.reads.connect() as conn:
        return await product_view(conn, principal, product_id)


async def _on_product(runtime: Runtime, principal: Principal, product_id: str, decide: Any) -> dict[str, Any]:
    """Decide ``decide(conn, row, site, state)`` on the product as stored and append it."""
    async with runtime.reads.connect() as conn:
        await product_row(conn, principal, product_id)

    async def decided(conn: AsyncConnection) -> list[DomainEvent]:
        row = await product_row(conn, principal, product_id)
        site = await _site(conn, row.site_id)
        events: list[DomainEvent] = await decide(conn, row, site, await _state(conn, product_id))
        return events

    await _append(runtime, lifecycle.product_stream(product_id), decided)
    return await read(runtime, principal, product_id)


async def describe(runtime: Runtime, principal: Principal, product_id: str, body: ProductDescription) -> dict[str, Any]:
    async def decide(conn: AsyncConnection, row: Any, site: Site, state: lifecycle.ProductState) -> list[DomainEvent]:
        return lifecycle.describe(
            state,
            principal.actor_on(site),
            _examination(row),
            title=body.title,
            kind=body.kind,
            authors=_authors(body),
            abstract=body.abstract,
            now=datetime.now(UTC),
        )

    return await _on_product(runtime, principal, product_id, decide)


async def add_version(runtime: Runtime, principal: Principal, product_id: str, body: VersionBody) -> dict[str, Any]:
    async def decide(conn: AsyncConnection, row: Any, site: Site, state: lifecycle.ProductState) -> list[DomainEvent]:
        actor = principal.actor_on(site)
        actor.role_among(lifecycle.SITE_SIDE, "добавлять версию продукта")
        refs = await _file_refs(conn, site.id, body.files, {lifecycle.MAIN_FILE, lifecycle.ANNEX})
        return lifecycle.add_version(state, actor, _examination(row), refs, body.note, datetime.now(UTC))

    return await _on_product(runtime, principal, product_id, decide)


async def record_pilot(runtime: Runtime, principal: Principal, product_id: str, body: PilotBody) -> dict[str, Any]:
    async def decide(conn: AsyncConnection, row: Any, site: Site, state: lifecycle.ProductState) -> list[DomainEvent]:
        return lifecycle.record_pilot(
            state, principal.actor_on(site), body.where, body.since, body.note, service_today(), datetime.now(UTC)
        )

    return await _on_product(runtime, principal, product_id, decide)


async def approve_by_order(runtime: Runtime, principal: Principal, product_id: str, body: OrderBody) -> dict[str, Any]:
    async def decide(conn: AsyncConnection, row: Any, site: Site, state: lifecycle.ProductState) -> list[DomainEvent]:
        return lifecycle.approve_by_order(
            state,
            principal.actor_on(site),
            _examination(row),
            body.order_number,
            body.order_date,
            service_today(),
            datetime.now(UTC),
        )

    return await _on_product(runtime, principal, product_id, decide)


async def register(runtime: Runtime, principal: Principal, product_id: str) -> dict[str, Any]:
    async def decide(conn: AsyncConnection, row: Any, site: Site, state: lifecycle.ProductState) -> list[DomainEvent]:
        year = row.year or service_today().year
        count = (
            await conn.execute(
                select(func.count())
                .select_from(products)
                .where(products.c.region_id == row.region_id, products.c.registry_no.like(f"РМП-{year}-%"))
            )
        ).scalar_one()
        number = f"РМП-{year}-{count + 1:03d}"
        return lifecycle.register(state, principal.actor_on(site), _examination(row), number, datetime.now(UTC))

    return await _on_product(runtime, principal, product_id, decide)


async def record_implementation(
    runtime: Runtime, principal: Principal, product_id: str, body: ImplementationBody
) -> dict[str, Any]:
    async def decide(conn: AsyncConnection, row: Any, site: Site, state: lifecycle.ProductState) -> list[DomainEvent]:
        institution = (
            await conn.execute(
                select(institutions.c.id, institutions.c.name, institutions.c.region_id).where(
                    institutions.c.id == body.institution_id
                )
            )
        ).one_or_none()
        if institution is None or institution.region_id != row.region_id:
            raise refused(422, "unknown_institution", "Учреждение не найдено в регионе.", "institution_id")
        actor = principal.actor_on(site)
        if not actor.holds_any(lifecycle.IMPLEMENTERS):
            # the implementing institution's own people, wherever the product was made
            roles = {g.role for g in principal.grants if g.scope_id in (institution.id, row.region_id)}
            actor = actor.model_copy(update={"roles": frozenset(roles) & frozenset(lifecycle.IMPLEMENTERS)})
        refs = await _file_refs(conn, row.site_id, body.files, {"evidence"}) if body.files else {}
        return lifecycle.record_implementation(
            state,
            actor,
            institution_id=institution.id,
            institution_name=institution.name,
            since=body.since,
            evidence=body.evidence,
            files=refs,
            today=service_today(),
            now=datetime.now(UTC),
        )

    return await _on_product(runtime, principal, product_id, decide)


# --- sending and the examination ------------------------------------------------------------------------------------


async def send(runtime: Runtime, principal: Principal, product_id: str, year: int | None = None) -> dict[str, Any]:
    """Send the product to the council: the first time through the site's quota of ``year`` (this year when None;
    counted once, D51), after a conclusion «на доработку» as a new round of its examination."""
    async with runtime.reads.connect() as conn:
        row = await product_row(conn, principal, product_id)
        site = await _site(conn, row.site_id)
        state = await _state(conn, product_id)
        actor = principal.actor_on(site)
        examination = _examination(row)
        if examination == ExpertiseStatus.REWORK:
            try:
                card = state.card()
            except DomainError as error:
                raise _refusal(error) from None
            await _update(
                runtime, row.obligation_id, "send_new_version", expertise.SendNewVersion(actor=actor, product=card)
            )
            return await read(runtime, principal, product_id)
        try:
            card = lifecycle.ready_to_send(state, actor, examination)
        except DomainError as error:
            raise _refusal(error) from None
        today = service_today()
        year = year or today.year
        quotas = (
            await conn.execute(
                select(
                    obligations.c.obligation_id, obligations.c.key, obligations.c.status, obligations.c.period_key
                ).where(
                    obligations.c.cycle_id == cycle_id(site.id, year),
                    obligations.c.runner == Runner.QUOTA.value,
                    obligations.c.status.in_(("in_progress", "approved")),
                    or_(
                        obligations.c.key == MAIN_QUOTA,
                        obligations.c.rule["counts_products"].as_boolean(),
                    ),
                )
            )
        ).all()
    main = next((q for q in quotas if q.key == MAIN_QUOTA), None)
    if main is None:
        raise Problem(
            409,
            "no_quota",
            f"Норма площадки {site.id} на {year} год не открыта: продукт засчитывается в норму года (п. 2.4.2).",
        )
    item = {"product": card.files[lifecycle.MAIN_FILE]}
    command = RecordItem(actor=actor, title=card.title, item_kind=PRODUCT_KIND_RU[card.kind], items=item, product=card)
    await _update(runtime, main.obligation_id, "record_item", command)
    # The site's own stricter cadence (1.1.7: at least one a quarter) counts the product in the period it is sent.
    for cadence in quotas:
        if cadence.key == MAIN_QUOTA or not cadence.period_key or year != today.year:
            continue
        period = parse_period_key(year, cadence.period_key)
        if not period.start <= today <= period.end:
            continue
        counted = command.model_copy(update={"items": {}})
        try:
            await _update(runtime, cadence.obligation_id, "record_item", counted)
        except Problem as problem:
            if problem.status != 409:  # counted already, or closed meanwhile: the main quota has it
                raise
    await _opened(runtime, product_id)
    return await read(runtime, principal, product_id)


async def _opened(runtime: Runtime, product_id: str) -> None:
    """Wait until the examination the quota opens is in the projection, so the answer shows the product as sent."""
    loop = asyncio.get_running_loop()
    until = loop.time() + SENT_WAIT_SECONDS
    while loop.time() < until:
        async with runtime.reads.connect() as conn:
            sent = (
                await conn.execute(select(products.c.obligation_id).where(products.c.product_id == product_id))
            ).scalar_one_or_none()
        if sent is not None:
            return
        await asyncio.sleep(0.05)


async def _update(runtime: Runtime, obligation_id: str, update: str, command: BaseModel) -> None:
    await runtime.commands.update(obligation_id, update, command)


async def _examined(runtime: Runtime, principal: Principal, product_id: str) -> tuple[Any, Site]:
    async with runtime.reads.connect() as conn:
        row = await product_row(conn, principal, product_id)
        if row.obligation_id is None:
            raise Problem(409, "not_sent", "Продукт еще не направлен в Экспертный совет.")
        return row, await _site(conn, row.site_id)


async def assign(runtime: Runtime, principal: Principal, product_id: str, body: AssignBody) -> dict[str, Any]:
    row, site = await _examined(runtime, principal, product_id)
    async with runtime.reads.connect() as conn:
        member = (
            await conn.execute(
                select(council_members).where(
                    council_members.c.region_id == row.region_id,
                    council_members.c.user_id == body.expert_id,
                    council_members.c.active,
                )
            )
        ).one_or_none()
    if member is None:
        raise refused(422, "not_a_member", "Эксперт назначается из членов Экспертного совета.", "expert_id")
    profile = council.profile(member.user_id, member.full_name, member.organisation, member.institution_id)
    await _update(
        runtime,
        row.obligation_id,
        "assign_expert",
        expertise.AssignExpert(actor=principal.actor_on(site), expert=profile),
    )
    return await read(runtime, principal, product_id)


async def respond(
    runtime: Runtime, principal: Principal, product_id: str, assignment_no: int, body: ResponseBody
) -> dict[str, Any]:
    row, site = await _examined(runtime, principal, product_id)
    command = expertise.RespondToAssignment(
        actor=principal.actor_on(site), assignment_no=assignment_no, accept=body.accept, reason=body.reason
    )
    await _update(runtime, row.obligation_id, "respond", command)
    return await read(runtime, principal, product_id)


async def recuse(
    runtime: Runtime, principal: Principal, product_id: str, assignment_no: int, body: RecusalBody
) -> dict[str, Any]:
    row, site = await _examined(runtime, principal, product_id)
    command = expertise.Recuse(actor=principal.actor_on(site), assignment_no=assignment_no, reason=body.reason)
    await _update(runtime, row.obligation_id, "recuse", command)
    return await read(runtime, principal, product_id)


async def submit_review(
    runtime: Runtime, principal: Principal, product_id: str, assignment_no: int, body: ReviewBody
) -> dict[str, Any]:
    row, site = await _examined(runtime, principal, product_id)
    review = Review(
        scores={key: Score(score=s.score, comment=s.comment) for key, s in body.scores.items()},
        confidence=Confidence(body.confidence),
        recommendation=body.recommendation,
        summary=body.summary,
    )
    command = expertise.SubmitReview(actor=principal.actor_on(site), assignment_no=assignment_no, review=review)
    await _update(runtime, row.obligation_id, "submit_review", command)
    return await read(runtime, principal, product_id)


async def conclude(runtime: Runtime, principal: Principal, product_id: str, body: ConclusionBody) -> dict[str, Any]:
    row, site = await _examined(runtime, principal, product_id)
    command = expertise.RecordConclusion(
        actor=principal.actor_on(site),
        verdict=body.verdict,
        meeting=Meeting(number=body.meeting_number.strip(), held_on=body.held_on, present=tuple(body.present)),
        vote=Vote(votes_for=body.votes_for, votes_against=body.votes_against, abstained=body.abstained),
        text=body.text,
    )
    await _update(runtime, row.obligation_id, "record_conclusion", command)
    return await read(runtime, principal, product_id)


# --- the council's members ------------------------------------------------------------------------------------------

APPOINTERS = (Role.ADMIN, Role.RCRSO_DIRECTOR)


async def appoint_member(runtime: Runtime, principal: Principal, region_id: str, body: MemberBody) -> None:
    if not principal.has_role(*APPOINTERS):
        raise Problem(403, "forbidden", "Состав совета ведет администратор или директор РЦРСО.")
    async with runtime.reads.connect() as conn:
        user = (
            await conn.execute(select(users.c.id, users.c.full_name).where(users.c.id == body.user_id))
            if is_uuid(body.user_id)
            else None
        )
        found = user.one_or_none() if user is not None else None
    if found is None:
        raise refused(422, "user_not_found", "Пользователь не найден.", "user_id")
    try:
        events = council.appoint(
            user_id=str(found.id),
            full_name=found.full_name,
            organisation=body.organisation,
            institution_id=body.institution_id,
            areas=tuple(body.areas),
            position=body.position,
            by=principal.user_id,
            now=datetime.now(UTC),
        )
    except DomainError as error:
        raise _refusal(error) from None
    stream = council.council_stream(region_id)
    async with runtime.reads.connect() as conn:
        version = await stream_version(conn, stream)
    await runtime.eventlog.append(stream, version, [new_event(e, str(uuid.uuid4()), {}) for e in events])


async def record_meeting(runtime: Runtime, principal: Principal, body: MeetingBody) -> list[dict[str, Any]]:
    """The chair records a meeting: each product's decision is a conclusion of its own examination (D50). One
    refused decision does not hold up the others; the answer says, per product, what was recorded or why not."""
    results: list[dict[str, Any]] = []
    for decision in body.decisions:
        conclusion = ConclusionBody(
            verdict=decision.verdict,
            meeting_number=body.meeting_number,
            held_on=body.held_on,
            present=body.present,
            votes_for=decision.votes_for,
            votes_against=decision.votes_against,
            abstained=decision.abstained,
            text=decision.text,
        )
        try:
            product = await conclude(runtime, principal, decision.product_id, conclusion)
        except Problem as problem:
            results.append(
                {"product_id": decision.product_id, "recorded": False, "code": problem.code, "detail": str(problem)}
            )
            continue
        results.append({"product_id": decision.product_id, "recorded": True, "status": product["status"]})
    return results
