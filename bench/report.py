"""What the benchmarks share to report: percentiles, a compact table on stdout, the JSON result on disk."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(".innocycle") / "bench"


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The same definition as bench/append.py and bench/year.py: the sample at index ``int(fraction * n)``."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    cells = [[str(c) for c in header], *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        padded = (c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        lines.append("  ".join(padded))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


def write_json(name: str, result: dict[str, Any], path: Path | None = None) -> Path:
    """Write ``result`` to ``path`` (default ``.innocycle/bench/<name>.json``); returns where it went."""
    target = path or RESULTS_DIR / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    return target
