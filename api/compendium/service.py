"""The RCRSO's сборник (order 135-р 3.2) as the REST routes and the pages both use it: who compiles it and who
reads it, what goes into it (the packages the curators accepted) and which sites are gaps, and the three things
one does with it — open its preparation, read it, publish it with its gaps named. Its obligation runs as a
SubmissionWorkflow of the region (``compendium:{region}:{year}``)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from api.access.principal import Principal
from api.calendar.service import calendar_for
from api.obligations.detail import read_back
from api.problems import Problem
from api.runtime import Runtime
from api.sites.service import sites_where
from api.tables import obligations, site_revocations, sites, submissions
from domain.common import Actor
from domain.deadlines import FixedAnnualDate
from domain.files import FileRef
from domain.obligations import ObligationRef, obligation_id, region_owner
from domain.payloads import CompendiumData, CompendiumEntry, CompendiumGap
from domain.people import Role, ScopeKind
from domain.regulations.catalog import REGULATIONS
from domain.regulations.model import Obligation, Regulation
from domain.submission.model import SubmitDocuments
from workflows.obligation import ObligationInput
from workflows.submission import SubmissionWorkflow

COMPILERS = frozenset({Role.RCRSO_DIRECTOR, Role.ADMIN})
GAP_STATE_RU = {
    "no_cycle": "цикл не открыт",
    "planned": "пакет ещё не открыт",
    "awaiting_submission": "пакет не представлен",
    "under_review": "пакет на рассмотрении",
    "returned": "пакет возвращен на доработку",
    "cancelled": "статус площадки прекращен",
}
NOT_OPENED_CODE = "compendium_not_found"


def compendium_id(region_id: str, year: int) -> str:
    return f"compendium:{region_id}:{year}"


def not_opened(year: int) -> Problem:
    return Problem(404, NOT_OPENED_CODE, f"Подготовка сборника {year} года не открыта.")


def regulation_of(region_id: str) -> tuple[Regulation, Obligation]:
    """The region's regulation and its сборник; 404 when the region's regulation has none."""
    for regulation in REGULATIONS.values():
        if regulation.region_id == region_id:
            try:
                return regulation, regulation.obligation("compendium")
            except KeyError:
                break
    raise Problem(404, NOT_OPENED_CODE, "В регламенте региона нет сборника.")


def _compiler_roles(principal: Principal, region_id: str) -> frozenset[Role]:
    return frozenset(g.role for g in principal.grants if g.scope_kind.value == "global" or g.scope_id == region_id)


def can_compile(principal: Principal, region_id: str) -> bool:
    """Whether the caller compiles the region's сборник (the RCRSO director, an administrator)."""
    return bool(_compiler_roles(principal, region_id) & COMPILERS)


def compiler(principal: Principal, region_id: str) -> Actor:
    roles = _compiler_roles(principal, region_id)
    if not roles & COMPILERS:
        raise Problem(403, "forbidden", "Сборник формирует РЦРСО.")
    return Actor(user_id=principal.user_id, full_name=principal.full_name, roles=roles)


async def region_sites(conn: Any, region_id: str) -> list[str]:
    """The region's sites whose status was not revoked: those the сборник is expected to cover."""
    revoked = select(site_revocations.c.site_id)
    query = select(sites.c.id).where(sites.c.region_id == region_id, sites.c.id.not_in(revoked)).order_by(sites.c.id)
    return list((await conn.execute(query)).scalars())


async def composition(conn: Any, region_id: str, year: int) -> CompendiumData:
    """Which packages go into the сборник of ``year`` and which sites are gaps, from the projections."""
    included, gaps = [], []
    for site_id in await region_sites(conn, region_id):
        oid = obligation_id(site_id, year, "package", "annual")
        row = (await conn.execute(select(obligations).where(obligations.c.obligation_id == oid))).one_or_none()
        if row is None or row.status != "approved":
            gaps.append(CompendiumGap(site_id=site_id, state=row.status if row else "no_cycle"))
            continue
        accepted = (
            await conn.execute(
                select(submissions)
                .where(submissions.c.obligation_id == oid)
                .order_by(submissions.c.submission_no.desc())
                .limit(1)
            )
        ).one()
        files = {key: FileRef.model_validate(ref) for key, ref in accepted.items.items()}
        included.append(CompendiumEntry(site_id=site_id, submission_no=accepted.submission_no, files=files))
    return CompendiumData(included=tuple(included), gaps=tuple(gaps))


def gap_view(gap: CompendiumGap) -> dict[str, Any]:
    return {**gap.model_dump(mode="json"), "state_ru": GAP_STATE_RU.get(gap.state, gap.state)}


def _nominal(obligation: Obligation, year: int) -> Any:
    if not isinstance(obligation.deadline, FixedAnnualDate):
        raise Problem(500, "compendium_rule", "Срок сборника в регламенте задан не датой.")
    return obligation.deadline.nominal_for(year)


async def reads_region(conn: Any, principal: Principal, region_id: str) -> bool:
    """Whoever works in the region reads its сборник: region-wide roles, and anyone with a site, direction or
    institution there."""
    for grant in principal.grants:
        if grant.scope_kind == ScopeKind.GLOBAL or (
            grant.scope_kind == ScopeKind.REGION and grant.scope_id == region_id
        ):
            return True
    own = await sites_where(conn, principal, set(Role))
    in_region = select(sites.c.id).where(sites.c.region_id == region_id, sites.c.id.in_(own))
    return (await conn.execute(in_region)).first() is not None


async def read_compendium(runtime: Runtime, principal: Principal, region_id: str, year: int) -> dict[str, Any]:
    """The сборник's obligation with its histories and its composition as of now; 404 when its preparation was
    not opened or the caller works elsewhere."""
    wid = compendium_id(region_id, year)
    async with runtime.engine.connect() as conn:
        if not await reads_region(conn, principal, region_id):
            raise not_opened(year)
        exists = (await conn.execute(select(obligations.c.status).where(obligations.c.obligation_id == wid))).first()
        current = await composition(conn, region_id, year)
    if exists is None:
        raise not_opened(year)
    detail = await read_back(runtime, wid)
    return {
        **detail,
        "composition": {
            "included": [e.model_dump(mode="json") for e in current.included],
            "gaps": [gap_view(g) for g in current.gaps],
            "as_of": datetime.now(UTC),
        },
    }


async def open_compendium(runtime: Runtime, principal: Principal, region_id: str, year: int) -> dict[str, Any]:
    """Start the сборник's workflow of ``year`` (409 when it is already open) and answer it as read back."""
    compiler(principal, region_id)
    wid = await start_preparation(runtime, region_id, year)
    for _ in range(100):
        async with runtime.engine.connect() as conn:
            if (await conn.execute(select(obligations.c.status).where(obligations.c.obligation_id == wid))).first():
                return await read_compendium(runtime, principal, region_id, year)
        await asyncio.sleep(0.05)
    raise Problem(503, "workflow_unavailable", "Сборник открывается; обновите страницу позже.")


async def start_preparation(runtime: Runtime, region_id: str, year: int) -> str:
    """Start the сборник's workflow of ``year`` (409 when it is already open): by the RCRSO, or by the region's
    workflow on the date the cycles of ``year`` open (D26). Answers the workflow's id."""
    regulation, obligation = regulation_of(region_id)
    if year < regulation.first_year:
        raise Problem(422, "year_out_of_range", f"Сборники начинаются с {regulation.first_year} года.")
    wid = compendium_id(region_id, year)
    async with runtime.engine.connect() as conn:
        expected = await region_sites(conn, region_id)
        calendar = await calendar_for(conn, range(year - 1, year + 2))
    inp = ObligationInput(
        ref=ObligationRef(
            obligation_id=wid,
            cycle_id=wid,
            site_id=region_owner(region_id),
            year=year,
            key=obligation.key,
            instance="annual",
        ),
        obligation=obligation,
        nominal_due=_nominal(obligation, year),
        expected_sites=tuple(expected),
        regulation_id=regulation.id,
        regulation_version=regulation.version,
        calendar=calendar,
        timezone=regulation.timezone,
    )
    await runtime.commands.start(SubmissionWorkflow.run, inp, wid, "Подготовка сборника этого года уже открыта.")
    return wid


async def publish_compendium(
    runtime: Runtime, principal: Principal, region_id: str, year: int, note: str
) -> dict[str, Any]:
    """Send the сборник as it stands now, its gaps named, and answer it as read back."""
    actor = compiler(principal, region_id)
    wid = compendium_id(region_id, year)
    async with runtime.engine.connect() as conn:
        data = await composition(conn, region_id, year)
    await runtime.commands.update(wid, "submit", SubmitDocuments(actor=actor, items={}, note=note, data=data))
    return await read_compendium(runtime, principal, region_id, year)
