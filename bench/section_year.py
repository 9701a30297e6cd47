"""Benchmark: a year of the Sverdlovsk methodological sections of one management district (seed 000) in skipped time
on the Temporal test server, with the real API, worker and PostgreSQL, beside the KhMAO year (``bench/year.py``): the
ОМЦ, the base organisation and N sections each run a cycle (D10); plans, the first half-year's meetings and Q1's
three tiers sent and accepted, the second half-year left without a meeting so that every section escalates.
Reports the wall time and each action's latency against a bare Temporal update with one no-op activity on the same
server.

    python -m bench.section_year [--sections 12]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

from bench.skipped import against_bare_updates, skipped_stack
from tests.support.section_year import play


async def run(sections: int) -> dict[str, Any]:
    async with skipped_stack("bench_section_year") as skipped:
        played = await play(skipped.env, skipped.api, skipped.stack, sections)
        return {
            "sections": sections,
            "sites": sections + 2,
            "year": played.year,
            "wall_seconds": round(played.seconds, 1),
            "actions": played.actions,
            "h2_escalated": played.h2_escalated,
            **await against_bare_updates(skipped.env, played.latencies),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sections", type=int, default=12)
    args = parser.parse_args()
    started = time.monotonic()
    report = asyncio.run(run(args.sections))
    report["total_seconds_with_setup"] = round(time.monotonic() - started, 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
