"""The watch a command keeps for its own events (api/eventlog/landed.py): it learns that the append carrying its
command id landed in this process, of no other command, with the answer the append read for it if it asked for one,
and forgets the watch when the command is done."""

from __future__ import annotations

import asyncio
from typing import cast

from sqlalchemy.ext.asyncio import AsyncConnection

from api.eventlog.landed import Landed


async def test_a_watch_learns_of_its_own_command_only() -> None:
    landed = Landed()
    with landed.watch("command-1") as mine, landed.watch("command-2") as other:
        landed.landed("command-1")
        landed.landed("command-1")  # a retried append of the same command: no error
        await asyncio.wait_for(mine, 1)
        assert not other.done()


async def test_a_finished_watch_is_forgotten_and_an_append_nobody_watches_is_no_error() -> None:
    landed = Landed()
    with landed.watch("command-1") as future:
        pass
    assert future.cancelled()
    landed.landed("command-1")
    landed.landed("command-without-a-watch")


async def test_the_append_reads_the_answer_the_waiting_request_asked_for() -> None:
    landed = Landed()
    conn = cast(AsyncConnection, object())
    seen: list[object] = []

    async def answer(on: AsyncConnection) -> dict[str, str]:
        seen.append(on)
        return {"status": "under_review"}

    with landed.watch("command-1", answer) as future, landed.watch("command-2") as other:
        read = landed.answer_after_commit("command-1")
        assert read is not None
        assert landed.answer_after_commit("command-2") is None  # asked for no answer: the append reads nothing
        assert landed.answer_after_commit("command-3") is None  # nobody here waits for it
        assert landed.answer_after_commit(None) is None
        await read(conn)
        assert landed.answer_after_commit("command-1") is None  # a retried append does not read it again
        landed.landed("command-1")  # then the append reports it landed: the answer stays
        assert await asyncio.wait_for(future, 1) == {"status": "under_review"}
        assert seen == [conn]  # read on the append's own connection
        assert not other.done()


async def test_an_answer_that_fails_leaves_the_request_to_read_for_itself_and_the_append_goes_on() -> None:
    landed = Landed()

    async def broken(on: AsyncConnection) -> dict[str, str]:
        raise RuntimeError("the read failed")

    with landed.watch("command-1", broken) as future:
        read = landed.answer_after_commit("command-1")
        assert read is not None
        await read(cast(AsyncConnection, object()))  # does not raise: the append has committed already
        assert await asyncio.wait_for(future, 1) is None
