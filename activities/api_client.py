"""The worker's HTTP client of the API's internal endpoints. Activities reach the database only through the API,
so every write goes through the one place that appends events and updates projections.

The client is aiohttp: every command's events travel through ``record_events``, and a request costs aiohttp about
half a millisecond of the worker's time where httpx spends well over one (docs, "Dependencies")."""

from __future__ import annotations

import aiohttp


class InternalApi:
    def __init__(self, api_url: str, service_token: str, timeout: float = 8.0) -> None:
        self.base_url = api_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {service_token}"}
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        # Made on first use, inside the worker's event loop, and kept: its connections are reused.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(headers=self._headers, timeout=self._timeout)
        return self._session

    async def get(self, path: str, params: list[tuple[str, int]] | dict[str, int] | None = None) -> bytes:
        """The body of a GET of ``path``; an error status raises (activities retry it)."""
        async with self.session().get(f"{self.base_url}{path}", params=params) as response:
            body = await response.read()
            response.raise_for_status()
        return body

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
