"""The watch a command keeps for its own events (api/eventlog/landed.py): it learns that the append carrying its
command id landed in this process, of no other command, and forgets the watch when the command is done."""

from __future__ import annotations

import asyncio

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
