"""Activities of the region's workflow: open the cycles of a year of every site (and the сборник), and check that
every site has a curator — both done by the API, through the same path as a person's opening or a grant's change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from temporalio import activity

from activities.api_client import InternalApi
from domain.region import CuratorCheck, CuratorCheckRequest, RegionOpening, RegionYear


class RegionActivities:
    def __init__(self, api: InternalApi) -> None:
        self._api = api

    async def _post(self, path: str, payload: str | None = None) -> bytes:
        headers = {"Content-Type": "application/json"} if payload is not None else None
        async with self._api.session().post(f"{self._api.base_url}{path}", data=payload, headers=headers) as response:
            body = await response.read()
            response.raise_for_status()  # retried: the API may be starting or down
        return body

    @activity.defn(name="open_region_cycles")
    async def open_region_cycles(self, wanted: RegionYear) -> RegionOpening:
        body = await self._post(f"/internal/regions/{wanted.region_id}/cycles/{wanted.year}")
        return RegionOpening.model_validate_json(body)

    @activity.defn(name="check_curators")
    async def check_curators(self, request: CuratorCheckRequest) -> CuratorCheck:
        path = f"/internal/regions/{request.region_id}/curators/check"
        return CuratorCheck.model_validate_json(await self._post(path, request.model_dump_json(include={"at"})))

    def all(self) -> list[Callable[..., Any]]:
        return [self.open_region_cycles, self.check_curators]
