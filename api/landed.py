"""Appends that have landed in this API process, for a command waiting on them.

A command's answer is the obligation as the command left it, read from the projections. Its events are
committed (through the internal append, by the worker's activity) some milliseconds before Temporal tells the API
that the update completed: the worker still has to report its workflow task and the server to record it. A
command that watches its obligation's stream reads the answer as soon as the append commits, meanwhile.

Only an append this process served is seen here; with several API processes the others' appends are not, and the
command reads after the update completes, as it would without the watch. Nothing depends on the watch for
correctness: the answer is used only when the append seen is at least the version the update reports.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager


class Landed:
    def __init__(self) -> None:
        self._watchers: dict[str, list[asyncio.Future[int]]] = {}

    @contextmanager
    def watch(self, stream_id: str) -> Iterator[asyncio.Future[int]]:
        """A future of the stream version the next append to ``stream_id`` brings the stream to."""
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        watchers = self._watchers.setdefault(stream_id, [])
        watchers.append(future)
        try:
            yield future
        finally:
            watchers.remove(future)
            if not watchers:
                del self._watchers[stream_id]
            future.cancel()

    def landed(self, stream_id: str, version: int) -> None:
        """An append to ``stream_id`` committed; the stream is at ``version``."""
        for future in self._watchers.get(stream_id, ()):
            if not future.done():
                future.set_result(version)
