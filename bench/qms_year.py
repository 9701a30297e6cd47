"""Benchmark: QMS document control (seed 004) beside the KhMAO year (``bench/year.py``): N controlled documents, each
in a unit of its own, played one after another through the whole acceptance story of issue 16
(``tests/support/qms_story.py``) in skipped time on the Temporal test server, with the real API, worker and
PostgreSQL — the seed's sign-off chain with a return, approval, coming into force on its date, an acknowledgment
campaign with one employee late and escalated twice, a newcomer, a change within the version, and a new version
superseding the old on its date. Reports the wall time, and each command's latency against a bare Temporal update
with one no-op activity on the same server.

    python -m bench.qms_year [--documents 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

from bench.skipped import against_bare_updates, skipped_stack
from tests.support.qms_story import play_document


async def run(documents: int) -> dict[str, Any]:
    async with skipped_stack("bench_qms_year", cheap_demo_passwords=True) as skipped:
        started = time.monotonic()
        played = [await play_document(skipped.env, skipped.api) for _ in range(documents)]
        wall = time.monotonic() - started
        return {
            "documents": documents,
            "wall_seconds": round(wall, 1),
            "seconds_per_document": [round(document.seconds, 1) for document in played],
            **await against_bare_updates(skipped.env, [s for document in played for s in document.latencies]),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--documents", type=int, default=5)
    args = parser.parse_args()
    started = time.monotonic()
    report = asyncio.run(run(args.documents))
    report["total_seconds_with_setup"] = round(time.monotonic() - started, 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
