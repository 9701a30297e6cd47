"""The RCRSO's сборник (order 135-р 3.2): due 1 February, built from the packages the curators accepted; a site
whose package is missing is listed as a gap, never hidden. Its obligation runs as a SubmissionWorkflow of the
region (``compendium:{region}:{year}``); what each endpoint does is in ``api.compendium.service``, shared with
the pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.access.deps import PrincipalDep
from api.commands import STARTS_WORKFLOWS, UPDATES_WORKFLOWS
from api.compendium.service import open_compendium as open_preparation
from api.compendium.service import publish_compendium as publish
from api.compendium.service import read_compendium
from api.paths import Year
from api.runtime import RuntimeDep

router = APIRouter(tags=["compendium"])


class OpenBody(BaseModel):
    region_id: str = Field(max_length=16, description="Регион, например 86")
    year: int = Field(ge=2000, le=2100)


class PublishBody(BaseModel):
    note: str = Field(default="", max_length=4000, description="Сопроводительный текст сборника")


@router.post(
    "/api/compendia", status_code=201, responses=STARTS_WORKFLOWS, summary="Открыть подготовку сборника года (РЦРСО)"
)
async def open_compendium(body: OpenBody, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await open_preparation(runtime, principal, body.region_id, body.year)


@router.get("/api/compendia/{region_id}/{year}", summary="Сборник: срок, состав, отсутствующие пакеты")
async def get_compendium(region_id: str, year: Year, runtime: RuntimeDep, principal: PrincipalDep) -> dict[str, Any]:
    return await read_compendium(runtime, principal, region_id, year)


@router.post(
    "/api/compendia/{region_id}/{year}/publication",
    responses=UPDATES_WORKFLOWS,
    summary="Выпустить сборник с перечнем пробелов",
)
async def publish_compendium(
    region_id: str, year: Year, body: PublishBody, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await publish(runtime, principal, region_id, year, body.note)
