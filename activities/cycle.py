"""Activities of the cycle: what an obligation needs of its cycle's approved package (the roadmap's rows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter
from temporalio import activity

from activities.api_client import InternalApi
from domain.roadmap.model import RoadmapRow

_ROADMAP = TypeAdapter(list[RoadmapRow])


class CycleActivities:
    def __init__(self, api: InternalApi) -> None:
        self._api = api

    @activity.defn(name="approved_roadmap")
    async def approved_roadmap(self, cycle_id: str) -> list[RoadmapRow]:
        return _ROADMAP.validate_json(await self._api.get(f"/internal/cycles/{cycle_id}/roadmap"))

    def all(self) -> list[Callable[..., Any]]:
        return [self.approved_roadmap]
