"""Activities of the daily digest: ask the API to compose and send the digests of a region's day. The API does it
all (who, what, one a person a day); the activity only carries the workflow's instant there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
from temporalio import activity

from activities.api_client import InternalApi
from domain.notifications import DigestRequest, DigestRun

# A region's digests take the API a while (each person's inbox is read): longer than a single event's append.
TIMEOUT = aiohttp.ClientTimeout(total=540)


class NotificationActivities:
    def __init__(self, api: InternalApi) -> None:
        self._api = api

    @activity.defn(name="send_digests")
    async def send_digests(self, request: DigestRequest) -> DigestRun:
        url = f"{self._api.base_url}/internal/regions/{request.region_id}/digests"
        payload = request.model_dump_json(include={"at", "timezone"})
        headers = {"Content-Type": "application/json"}
        async with self._api.session().post(url, data=payload, headers=headers, timeout=TIMEOUT) as response:
            body = await response.read()
            response.raise_for_status()  # retried: the API may be starting or down
        return DigestRun.model_validate_json(body)

    def all(self) -> list[Callable[..., Any]]:
        return [self.send_digests]
