"""Commands whose events have landed in this API process, for the request waiting on them.

A workflow appends a command's events only after it has durably accepted the command: the workflow task that
decided them is in Temporal's history, and the append is an activity scheduled by it, whose input carries the
events. So once the append of a command commits, the command can no longer be lost from either side, and its
answer (the obligation as the command left it, read from the projections written in the same transaction) can be
given at once, while Temporal completes the update. The worker marks an append with the update's id
(``command_id`` in the events' metadata); the internal append endpoint reports it here.

The waiting request may say what its answer is (``watch(…, answer=…)``): the append reads it on its own
connection right after its commit, before it tells the worker, so the answer needs no connection of its own and
is read before Temporal's completion of the update (the worker's next workflow task) competes with it for the
processor. A read that fails leaves the request to read its answer itself.

Only an append this process served is seen here; with several API processes the others' appends are not, and the
command answers when the update completes, as it would without the watch.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.store import AfterCommit

log = logging.getLogger(__name__)

# What a waiting request reads as its answer, on the connection of the append that carried its command.
Answer = Callable[[AsyncConnection], Awaitable[Any]]


@dataclass(frozen=True)
class _Watch:
    future: asyncio.Future[Any]
    answer: Answer | None


class Landed:
    def __init__(self) -> None:
        self._watches: dict[str, _Watch] = {}

    @contextmanager
    def watch(self, command_id: str, answer: Answer | None = None) -> Iterator[asyncio.Future[Any]]:
        """A future done when the events of command ``command_id`` have been committed: its result is what
        ``answer`` read on the append's connection, or None when nothing was read for it."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._watches[command_id] = _Watch(future, answer)
        try:
            yield future
        finally:
            self._watches.pop(command_id, None)
            future.cancel()

    def answer_after_commit(self, command_id: str | None) -> AfterCommit | None:
        """What the append of command ``command_id`` reads once committed for the request waiting on it; None when
        no request here waits for that command, it asks for no answer, or it has one already (an activity's retry of an
        append that landed already reads nothing again)."""
        watch = self._watches.get(command_id) if command_id else None
        if watch is None or watch.answer is None or watch.future.done():
            return None
        answer = watch.answer

        async def read(conn: AsyncConnection) -> None:
            try:
                value = await answer(conn)
            except Exception:  # the append has committed whatever happens here; the request reads for itself
                log.exception("reading the answer of command %s after its append", command_id)
                value = None
            if not watch.future.done():
                watch.future.set_result(value)

        return read

    def landed(self, command_id: str) -> None:
        """The events of command ``command_id`` are committed."""
        watch = self._watches.get(command_id)
        if watch is not None and not watch.future.done():
            watch.future.set_result(None)
