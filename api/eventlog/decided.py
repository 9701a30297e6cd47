"""The API's own write path (DESIGN, "Two write paths"): a fact no workflow owns is decided by a ``domain`` function
on what the database holds and appended after the stream's version; when another writer moved the stream in
between, it is decided again on the new state. Every context that writes this way goes through here."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager

from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.log import EventLog
from api.eventlog.store import StreamConflict, stream_version
from api.problems import Problem
from domain.common import DomainError, DomainEvent
from domain.eventlog import new_event

ATTEMPTS = 3


async def append_decided(
    eventlog: EventLog,
    connect: Callable[[], AbstractAsyncContextManager[AsyncConnection]],
    stream_id: str,
    decide: Callable[[AsyncConnection], Awaitable[Sequence[DomainEvent]]],
    refusal: Callable[[DomainError], Problem],
    busy: str,
) -> list[DomainEvent]:
    """The events appended to ``stream_id`` (none when the decision changes nothing). A ``DomainError`` is answered
    by ``refusal``; a stream still moving after a few attempts by 409 ``try_again`` saying ``busy``."""
    for _ in range(ATTEMPTS):
        async with connect() as conn:
            version = await stream_version(conn, stream_id)
            try:
                decided = list(await decide(conn))
            except DomainError as error:
                raise refusal(error) from None
        if not decided:
            return []
        try:
            await eventlog.append(stream_id, version, [new_event(e, str(uuid.uuid4()), {}) for e in decided])
        except StreamConflict:
            continue
        return decided
    raise Problem(409, "try_again", busy)
