"""Benchmark: a Vologda methodological platform's year (seeds 002, 003) beside the KhMAO year (``bench/year.py``): N
platforms, each with its own site, people and year, played one after another through the whole story of issue 16
(``tests/support/platform_year.py``) in skipped time on the Temporal test server, with the real API, worker and
PostgreSQL — the plan and its plan-schedules approved, eleven monthly working meetings held and July escalated, the
criteria report of 2023 entered with its consistency warning, sent, agreed by the host's acting head and approved by
the Department head, its follow-ups amending it, the next year decided. Reports the wall time, and each command's
latency against a bare Temporal update with one no-op activity on the same server.

    python -m bench.platform_year [--platforms 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

from bench.skipped import against_bare_updates, skipped_stack
from tests.support.platform_year import play_platform_year


async def run(platforms: int) -> dict[str, Any]:
    async with skipped_stack("bench_platform_year", cheap_demo_passwords=True) as skipped:
        started = time.monotonic()
        played = [await play_platform_year(skipped.env, skipped.api, skipped.stack, f"-{n}") for n in range(platforms)]
        wall = time.monotonic() - started
        return {
            "platforms": platforms,
            "years": [p.year for p in played],
            "wall_seconds": round(wall, 1),
            "seconds_per_platform": [round(p.seconds, 1) for p in played],
            **await against_bare_updates(skipped.env, [s for p in played for s in p.latencies]),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--platforms", type=int, default=3)
    args = parser.parse_args()
    started = time.monotonic()
    report = asyncio.run(run(args.platforms))
    report["total_seconds_with_setup"] = round(time.monotonic() - started, 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
