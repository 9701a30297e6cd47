"""Commands whose events have landed in this API process, for the request waiting on them.

A workflow appends a command's events only after it has durably accepted the command: the workflow task that
decided them is in Temporal's history, and the append is an activity scheduled by it, whose input carries the
events. So once the append of a command commits, the command can no longer be lost from either side, and its
answer (the obligation as the command left it, read from the projections written in the same transaction) can be
given at once, while Temporal completes the update. The worker marks an append with the update's id
(``command_id`` in the events' metadata); the internal append endpoint reports it here.

Only an append this process served is seen here; with several API processes the others' appends are not, and the
command answers when the update completes, as it would without the watch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager


class Landed:
    def __init__(self) -> None:
        self._watchers: dict[str, asyncio.Future[None]] = {}

    @contextmanager
    def watch(self, command_id: str) -> Iterator[asyncio.Future[None]]:
        """A future done when the events of command ``command_id`` have been committed."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._watchers[command_id] = future
        try:
            yield future
        finally:
            self._watchers.pop(command_id, None)
            future.cancel()

    def landed(self, command_id: str) -> None:
        """The events of command ``command_id`` are committed."""
        future = self._watchers.get(command_id)
        if future is not None and not future.done():
            future.set_result(None)
