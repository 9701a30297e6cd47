"""The RCRSO's сборник (order 135-р 3.2): due 1 February, built from the packages the curators accepted; a site
whose package is missing is listed as a gap, never hidden. Its obligation runs as a SubmissionWorkflow of the
region (``compendium:{region}:{year}``)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import select

from api.access.deps import PrincipalDep
from api.access.principal import Principal
from api.calendar.service import calendar_for
from api.commands import STARTS_WORKFLOWS, UPDATES_WORKFLOWS
from api.obligations.detail import read_back
from api.paths import Year
from api.problems import Problem
from api.runtime import RuntimeDep
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

router = APIRouter(tags=["compendium"])

COMPILERS = frozenset({Role.RCRSO_DIRECTOR, Role.ADMIN})
GAP_STATE_RU = {
    "no_cycle": "цикл не открыт",
    "planned": "пакет ещё не открыт",
    "awaiting_submission": "пакет не представлен",
    "under_review": "пакет на рассмотрении",
    "returned": "пакет возвращен на доработку",
    "cancelled": "статус площадки прекращен",
}


class OpenBody(BaseModel):
    region_id: str = Field(max_length=16, description="Регион, например 86")
    year: int = Field(ge=2000, le=2100)


class PublishBody(BaseModel):
    note: str = Field(default="", max_length=4000, description="Сопроводительный текст сборника")


def compendium_id(region_id: str, year: int) -> str:
    return f"compendium:{region_id}:{year}"


def _regulation(region_id: str) -> tuple[Regulation, Obligation]:
    for regulation in REGULATIONS.values():
        if regulation.region_id == region_id:
            try:
                return regulation, regulation.obligation("compendium")
            except KeyError:
                break
    raise Problem(404, "compendium_not_found", "В регламенте региона нет сборника.")


def _compiler(principal: Any, region_id: str) -> Actor:
    roles = frozenset(g.role for g in principal.grants if g.scope_kind.value == "global" or g.scope_id == region_id)
    if not roles & COMPILERS:
        raise Problem(403, "forbidden", "Сборник формирует РЦРСО.")
    return Actor(user_id=principal.user_id, full_name=principal.full_name, roles=roles)


async def _region_sites(conn: Any, region_id: str) -> list[str]:
    revoked = select(site_revocations.c.site_id)
    query = select(sites.c.id).where(sites.c.region_id == region_id, sites.c.id.not_in(revoked)).order_by(sites.c.id)
    return list((await conn.execute(query)).scalars())


async def composition(conn: Any, region_id: str, year: int) -> CompendiumData:
    """Which packages go into the сборник of ``year`` and which sites are gaps, from the projections."""
    included, gaps = [], []
    for site_id in await _region_sites(conn, region_id):
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


def _nominal(obligation: Obligation, year: int) -> Any:
    if not isinstance(obligation.deadline, FixedAnnualDate):
        raise Problem(500, "compendium_rule", "Срок сборника в регламенте задан не датой.")
    return obligation.deadline.nominal_for(year)


@router.post(
    "/api/compendia", status_code=201, responses=STARTS_WORKFLOWS, summary="Открыть подготовку сборника года (РЦРСО)"
)
async def open_compendium(body: OpenBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    _compiler(principal, body.region_id)
    regulation, obligation = _regulation(body.region_id)
    if body.year < regulation.first_year:
        raise Problem(422, "year_out_of_range", f"Сборники начинаются с {regulation.first_year} года.")
    wid = compendium_id(body.region_id, body.year)
    async with runtime.engine.connect() as conn:
        expected = await _region_sites(conn, body.region_id)
        calendar = await calendar_for(conn, range(body.year - 1, body.year + 2))
    inp = ObligationInput(
        ref=ObligationRef(
            obligation_id=wid,
            cycle_id=wid,
            site_id=region_owner(body.region_id),
            year=body.year,
            key=obligation.key,
            instance="annual",
        ),
        obligation=obligation,
        nominal_due=_nominal(obligation, body.year),
        expected_sites=tuple(expected),
        regulation_id=regulation.id,
        regulation_version=regulation.version,
        calendar=calendar,
        timezone=regulation.timezone,
    )
    await runtime.commands.start(SubmissionWorkflow.run, inp, wid, "Подготовка сборника этого года уже открыта.")
    for _ in range(100):
        async with runtime.engine.connect() as conn:
            if (await conn.execute(select(obligations.c.status).where(obligations.c.obligation_id == wid))).first():
                return await get_compendium(body.region_id, body.year, runtime, principal)
        await asyncio.sleep(0.05)
    raise Problem(503, "workflow_unavailable", "Сборник открывается; обновите страницу позже.")


async def _reads_region(conn: Any, principal: Principal, region_id: str) -> bool:
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


@router.get("/api/compendia/{region_id}/{year}", summary="Сборник: срок, состав, отсутствующие пакеты")
async def get_compendium(region_id: str, year: Year, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    wid = compendium_id(region_id, year)
    async with runtime.engine.connect() as conn:
        if not await _reads_region(conn, principal, region_id):
            raise Problem(404, "compendium_not_found", f"Подготовка сборника {year} года не открыта.")
        exists = (await conn.execute(select(obligations.c.status).where(obligations.c.obligation_id == wid))).first()
        current = await composition(conn, region_id, year)
    if exists is None:
        raise Problem(404, "compendium_not_found", f"Подготовка сборника {year} года не открыта.")
    detail = await read_back(runtime, wid)
    return {
        **detail,
        "composition": {
            "included": [e.model_dump(mode="json") for e in current.included],
            "gaps": [
                {**g.model_dump(mode="json"), "state_ru": GAP_STATE_RU.get(g.state, g.state)} for g in current.gaps
            ],
            "as_of": datetime.now(UTC),
        },
    }


def _gap_view(gap: CompendiumGap) -> dict[str, Any]:
    return {**gap.model_dump(mode="json"), "state_ru": GAP_STATE_RU.get(gap.state, gap.state)}


@router.post(
    "/api/compendia/{region_id}/{year}/publication",
    responses=UPDATES_WORKFLOWS,
    summary="Выпустить сборник с перечнем пробелов",
)
async def publish_compendium(
    region_id: str, year: Year, body: PublishBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    actor = _compiler(principal, region_id)
    wid = compendium_id(region_id, year)
    async with runtime.engine.connect() as conn:
        data = await composition(conn, region_id, year)
    await runtime.commands.update(wid, "submit", SubmitDocuments(actor=actor, items={}, note=body.note, data=data))
    return await get_compendium(region_id, year, runtime, principal)
