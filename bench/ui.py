"""Benchmark: the web interface's two busiest pages as HTML against the JSON endpoints that serve the same data,
in the same run, on the data set of ``bench inbox`` (about 100,000 events). Targets: each page at least 0.5× its
JSON endpoint's requests per second; the first load of every page (its HTML and every file it loads) under
300 KB, and nothing loaded from another host.

- the curator's inbox: ``GET /tasks`` against ``GET /api/tasks``;
- the director's site dashboard: ``GET /sites/{site}`` against ``GET /api/sites/{site}/overview``.

The page is read with the session cookie a browser holds after signing in; the endpoint with the bearer token of
the same person. The load and the servers are those of bench/inbox.py.

    python -m bench.ui [--events 100000] [--concurrency 32] [--window 4] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import secrets
import sys
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from bench.inbox import Target, _loop_factory, add_load_arguments, build_data, database, measure, server, token
from bench.report import table, verdict, write_json
from innocycle.devstack.processes import free_port

TARGET = 0.5
PAGE_WEIGHT_LIMIT = 300 * 1024
ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*?(?:src|href)=["']([^"']+)["']""", re.IGNORECASE)


def say(message: str) -> None:
    print(f"bench ui: {message}", file=sys.stderr, flush=True)


def cookie_header(access_token: str) -> dict[str, str]:
    return {"Cookie": f"innocycle_access={access_token}; innocycle_sid={secrets.token_urlsafe(24)}"}


def page_weight(base: str, path: str, headers: dict[str, str]) -> dict[str, Any]:
    """The bytes a first visit of ``path`` loads (the page and every script, stylesheet and image it names), and
    any of them that would come from another host."""
    with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
        page = http.get(path)
        if page.status_code != 200:
            raise RuntimeError(f"{path}: {page.status_code} {page.text[:300]}")
        total = len(page.content)
        foreign = []
        for ref in sorted(set(ASSET.findall(page.text))):
            absolute = urljoin(base + path, ref)
            if urlsplit(absolute).netloc != urlsplit(base).netloc:
                foreign.append(ref)
                continue
            asset = http.get(absolute)
            if asset.status_code != 200:
                raise RuntimeError(f"{ref} named by {path}: {asset.status_code}")
            total += len(asset.content)
    return {"bytes": total, "foreign": foreign}


def run(args: argparse.Namespace) -> dict[str, Any]:
    with database("ui") as (url, env, logs):
        # Production settings: the development mode only adds the demo logins to the sign-in page.
        env["INNOCYCLE_DEVELOPMENT"] = "false"
        say(f"building about {args.events} events")
        built = asyncio.run(build_data(url, env, args.events, verify=False))
        api_env = {**env, "INNOCYCLE_API_PORT": str(free_port())}
        with server("innocycle.cli api", api_env, logs / "api.log") as (api, pid):
            curator, director = token(api, args.curator), token(api, args.director)
            bearer = {
                "curator": {"Authorization": f"Bearer {curator}"},
                "director": {"Authorization": f"Bearer {director}"},
            }
            cookies = {"curator": cookie_header(curator), "director": cookie_header(director)}
            site = args.site
            targets: dict[str, Target] = {
                "inbox page GET /tasks": (f"{api}/tasks", cookies["curator"], pid),
                "inbox JSON GET /api/tasks": (f"{api}/api/tasks", bearer["curator"], pid),
                f"dashboard page GET /sites/{site}": (f"{api}/sites/{site}", cookies["director"], pid),
                f"dashboard JSON GET /api/sites/{site}/overview": (
                    f"{api}/api/sites/{site}/overview",
                    bearer["director"],
                    pid,
                ),
            }
            for name, (target, headers, _) in targets.items():
                response = httpx.get(target, headers=headers, timeout=30)
                if response.status_code != 200:
                    raise RuntimeError(f"{name}: {response.status_code} {response.text[:500]}")
            weights = {
                path: page_weight(api, path, cookies[who])
                for path, who in (
                    ("/tasks", "curator"),
                    (f"/sites/{site}", "director"),
                    ("/sites", "curator"),
                    ("/region", "curator"),
                    ("/regulations", "curator"),
                )
            }
            weights["/login"] = page_weight(api, "/login", {})
            say(f"load: {args.concurrency} connections, {args.rounds} rounds of {args.window} s per endpoint")
            with asyncio.Runner(loop_factory=_loop_factory()) as runner:
                results = runner.run(measure(targets, args.concurrency, args.window, args.rounds, args.warmup))
    names = list(results)
    pairs = {"inbox": (names[0], names[1]), "dashboard": (names[2], names[3])}
    ratios = {
        what: round(results[page].rps / results[json].rps, 3) if results[json].rps else 0.0
        for what, (page, json) in pairs.items()
    }
    return {
        "benchmark": "ui",
        "data": built,
        "concurrency": args.concurrency,
        "window_seconds": args.window,
        "rounds": args.rounds,
        "endpoints": {name: result.summary() for name, result in results.items()},
        "ratios": ratios,
        "pages": weights,
        "target_ratio": TARGET,
        "page_weight_limit": PAGE_WEIGHT_LIMIT,
        "met": all(r >= TARGET for r in ratios.values())
        and all(w["bytes"] < PAGE_WEIGHT_LIMIT and not w["foreign"] for w in weights.values()),
    }


def summary(result: dict[str, Any]) -> str:
    data = result["data"]
    lines = [
        f"web pages against their JSON: {data['events']} events, {data['tasks']} tasks, "
        f"{result['concurrency']} connections"
    ]
    rows = [
        (name, e["rps"], e["p50_ms"], e["p99_ms"], e["server_cpu_ms_per_request"], e["errors"])
        for name, e in result["endpoints"].items()
    ]
    lines.append(table(rows, ("", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "errors")))
    for what, ratio in result["ratios"].items():
        lines.append(
            f"{what}: the page at {ratio:.2f}× its JSON endpoint (target ≥ {TARGET}) {verdict(ratio >= TARGET)}"
        )
    for path, weight in result["pages"].items():
        ok = weight["bytes"] < PAGE_WEIGHT_LIMIT and not weight["foreign"]
        other = f", from other hosts: {weight['foreign']}" if weight["foreign"] else ""
        lines.append(f"first load of {path}: {weight['bytes'] / 1024:.0f} KB (limit 300 KB){other} {verdict(ok)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_load_arguments(parser)
    parser.add_argument("--site", default="1.1.10", help="the director's site")
    args = parser.parse_args(argv)
    started = time.monotonic()
    result = run(args)
    result["total_seconds_with_setup"] = round(time.monotonic() - started, 1)
    print(summary(result))
    print(f"result: {write_json('ui', result, args.json)} ({result['total_seconds_with_setup']} s)")
    return result


if __name__ == "__main__":
    main()
