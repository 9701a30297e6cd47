"""The watch a command keeps on its obligation's stream (api/landed.py): it learns of the next append that lands
in this process, of that stream only, and forgets the watch when the command is done."""

from __future__ import annotations

import asyncio

from api.landed import Landed


async def test_a_watch_learns_the_version_of_the_next_append_of_its_stream_only() -> None:
    landed = Landed()
    with (
        landed.watch("cycle:1.1.5:2027:package:annual") as package,
        landed.watch("cycle:1.1.6:2027:package:annual") as other,
    ):
        landed.landed("cycle:1.1.5:2027:package:annual", 7)
        landed.landed("cycle:1.1.5:2027:package:annual", 9)  # a later append: the first one answered
        assert await asyncio.wait_for(package, 1) == 7
        assert not other.done()


async def test_two_commands_on_one_obligation_both_learn_of_the_append() -> None:
    landed = Landed()
    with landed.watch("s") as first, landed.watch("s") as second:
        landed.landed("s", 3)
        assert (first.result(), second.result()) == (3, 3)


async def test_a_finished_watch_is_forgotten_and_an_append_nobody_watches_is_no_error() -> None:
    landed = Landed()
    with landed.watch("s") as future:
        pass
    assert future.cancelled()
    landed.landed("s", 1)
    with landed.watch("s") as again:
        assert not again.done()  # the append before the watch is not taken for the next one
