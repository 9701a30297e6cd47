"""The API exactly as ``innocycle api`` serves it, with timing probes around the steps of a command round trip:
authentication, the projection reads before and after the command, the Temporal update (start until accepted,
then the wait for its result), the internal append with each projector, every SQL statement, pool checkouts
with the ping of an idle one, commits and the rollbacks of released connections, and the garbage collector's
pauses by generation. For ``bench/command.py --profile``.

The probes wrap functions of ``api`` from the outside (nothing in ``api`` changes); they cost a few microseconds
each, so the profile is for finding where the time goes, not for the latency figures themselves.

``GET /bench/profile`` answers every request traced since the last ``DELETE /bench/profile``.

    python -m bench.profiled_api      # same environment as `innocycle api`
"""

from __future__ import annotations

import functools
import gc
import json
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


@dataclass
class Trace:
    spans: list[tuple[str, str, float]] = field(default_factory=list)  # (name, parent path, seconds), as they end


TRACE: ContextVar[Trace | None] = ContextVar("bench_trace", default=None)
# The probes open around the code running now. A context variable rather than a stack on the trace: a task started
# inside a probe (the Temporal update, left to finish after the answer is read) nests its own probes under it
# without mixing them with those of the request that goes on beside it.
OPEN: ContextVar[tuple[str, ...]] = ContextVar("bench_open_probes", default=())
RECORDS: list[dict[str, Any]] = []


@contextmanager
def probe(name: str) -> Iterator[None]:
    trace = TRACE.get()
    if trace is None:
        yield
        return
    parents = OPEN.get()
    token = OPEN.set((*parents, name))
    started = time.perf_counter()
    try:
        yield
    finally:
        OPEN.reset(token)
        trace.spans.append((name, " > ".join(parents), time.perf_counter() - started))


def wrap_async(name: str, function: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(function)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        with probe(name):
            return await function(*args, **kwargs)

    return wrapper


def wrap_sync(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with probe(name):
            return function(*args, **kwargs)

    return wrapper


_TABLE = re.compile(r"\b(?:FROM|INTO|UPDATE)\s+\(?\s*([a-z_]+)", re.IGNORECASE)


def statement_label(statement: str) -> str:
    words = statement.split(None, 1)
    verb = words[0].upper() if words else "?"
    if verb == "SELECT" and "count(" in statement.lower():
        verb = "SELECT count"
    table = _TABLE.search(statement)
    return f"sql {verb} {table.group(1) if table else ''}".rstrip()


def route_label(method: str, path: str) -> str:
    if path.startswith("/internal/streams/"):
        return f"{method} /internal/streams/{{stream}}/events"
    if "/obligations/" in path:
        return f"{method} …/obligations/{{key}}/{{instance}}/{path.rsplit('/', 1)[-1]}"
    return f"{method} {path}"


def _probed_model(name: str, model: Any) -> Any:
    """A stand-in for a pydantic model class whose ``model_validate`` is probed (all the wrapped code calls)."""
    return type(f"Probed{model.__name__}", (), {"model_validate": staticmethod(wrap_sync(name, model.model_validate))})


def install_probes() -> None:
    """Wrap the steps of a command round trip; must run before the app is created."""
    import fastapi.routing
    from sqlalchemy import event
    from sqlalchemy.dialects.postgresql.psycopg import PGDialectAsync_psycopg
    from sqlalchemy.engine import Engine
    from sqlalchemy.ext.asyncio import AsyncConnection
    from temporalio.client import WorkflowHandle, WorkflowUpdateHandle

    import api.access.deps
    import api.eventlog.log
    import api.eventlog.projection
    import api.eventlog.routes
    import api.eventlog.store
    import api.obligations.commands
    import api.obligations.detail
    import api.obligations.routes
    import api.obligations.views
    import api.projections
    import api.submission.projection
    import api.tasks.projection
    from api.commands import Commands
    from domain.common import EVENT_TYPES
    from domain.regulations.model import Obligation

    asynchronous = [
        (fastapi.routing, "solve_dependencies", "FastAPI: validate the request, run dependencies"),
        (fastapi.routing, "run_endpoint_function", "endpoint"),
        (fastapi.routing, "serialize_response", "FastAPI: serialise the response"),
        (api.obligations.commands, "visible_obligation_on", "visible_obligation (site + obligation rows)"),
        (api.obligations.routes, "read_back", "read_back (obligation detail)"),
        (api.obligations.commands, "read_back", "read_back (obligation detail)"),
        (api.obligations.detail, "told_of_escalations", "told_of_escalations"),
        (api.obligations.detail, "deadline_explanation", "deadline_explanation"),
        (Commands, "update", "Commands.update (Temporal update)"),
        (WorkflowHandle, "start_update", "start_update (until COMPLETED)"),
        (WorkflowUpdateHandle, "result", "update result (known by then)"),
        (api.eventlog.log.EventLog, "append", "eventstore.append (one transaction)"),
        (api.eventlog.store, "_stored_positions", "idempotency lookup (_stored_positions)"),
        (api.eventlog.projection.Projections, "project", "project (all projectors)"),
        (api.projections, "sync_tasks", "tasks projection (sync_tasks)"),
        (AsyncConnection, "start", "pool checkout (+ ping when idle)"),
        (AsyncConnection, "close", "release (rollback)"),
    ]
    synchronous = [
        (api.access.deps, "principal_from_token", "JWT decode (principal)"),
        (api.eventlog.projection, "event_from_stored", "event_from_stored (parse)"),
        (api.obligations.detail, "obligation_view", "obligation_view"),
        (api.obligations.commands, "file_refs", "file_refs (from the row)"),
        (PGDialectAsync_psycopg, "do_ping", "sql ping"),
        (PGDialectAsync_psycopg, "do_commit", "sql COMMIT"),
        (PGDialectAsync_psycopg, "do_rollback", "sql ROLLBACK"),
    ]
    for owner, attribute, label in asynchronous:
        setattr(owner, attribute, wrap_async(label, getattr(owner, attribute)))
    for owner, attribute, label in synchronous:
        setattr(owner, attribute, wrap_sync(label, getattr(owner, attribute)))
    for event_type, handler in list(api.projections.HANDLERS.items()):
        api.projections.HANDLERS[event_type] = wrap_async(f"projector {event_type}", handler)
    # Reading a stored rule (the JSON of the obligation's regulation clause) back into its pydantic model.
    rule_model = _probed_model("Obligation.model_validate (rule JSON)", Obligation)
    for module in (api.obligations.detail, api.obligations.views, api.tasks.projection, api.submission.projection):
        setattr(module, "Obligation", rule_model)  # noqa: B010
    probed_events = {name: _probed_model("validate event data", model) for name, model in EVENT_TYPES.items()}
    setattr(api.eventlog.routes, "EVENT_TYPES", probed_events)  # noqa: B010

    collecting: dict[str, float] = {}

    def _collection(phase: str, info: dict[str, Any]) -> None:
        trace = TRACE.get()
        if phase == "start":
            collecting["started"] = time.perf_counter()
        elif trace is not None and "started" in collecting:
            seconds = time.perf_counter() - collecting.pop("started")
            trace.spans.append((f"gc (generation {info['generation']})", " > ".join(OPEN.get()), seconds))

    gc.callbacks.append(_collection)
    started_at: ContextVar[float] = ContextVar("bench_sql_started", default=0.0)

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        started_at.set(time.perf_counter())

    @event.listens_for(Engine, "after_cursor_execute")
    def _after(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        trace = TRACE.get()
        if trace is not None:
            seconds = time.perf_counter() - started_at.get()
            trace.spans.append((statement_label(statement), " > ".join(OPEN.get()), seconds))


class Profiler:
    """ASGI wrapper: one trace per HTTP request; ``/bench/profile`` reads (GET) or clears (DELETE) them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == "/bench/profile":
            if scope["method"] == "DELETE":
                RECORDS.clear()
            body = json.dumps(RECORDS).encode()
            await send(
                {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]}
            )
            await send({"type": "http.response.body", "body": body})
            return
        trace = Trace()
        token = TRACE.set(trace)
        status = {"code": 0}

        async def send_status(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            with probe("ASGI send (response)"):
                await send(message)

        async def timed_receive() -> dict[str, Any]:
            waited = time.perf_counter()
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":  # not the wait for a disconnect, which lasts the whole request
                seconds = time.perf_counter() - waited
                trace.spans.append(("ASGI receive (request body)", " > ".join(OPEN.get()), seconds))
            return message

        started = time.perf_counter()
        try:
            await self.app(scope, timed_receive, send_status)
        finally:
            TRACE.reset(token)
            RECORDS.append(
                {
                    "route": route_label(scope["method"], scope["path"]),
                    "status": status["code"],
                    "total": time.perf_counter() - started,
                    "spans": trace.spans,
                }
            )


def summarize(records: list[dict[str, Any]], route: str) -> dict[str, Any]:
    """Per request of ``route``: the mean time and the number of calls of every probe, as a tree of
    (probe, parent) pairs; "(unprobed)" is what no probe covers (routing, validation, serialisation, HTTP)."""
    chosen = [r for r in records if r["route"] == route and 200 <= r["status"] < 300]
    if not chosen:
        return {"route": route, "requests": 0, "total_ms": 0.0, "spans": []}
    count = len(chosen)
    totals: dict[tuple[str, str], list[float]] = {}
    for record in chosen:
        for name, parent, seconds in record["spans"]:
            totals.setdefault((name, parent), []).append(seconds)
    top = sum(seconds for (_, parent), samples in totals.items() if parent == "" for seconds in samples)
    total = sum(r["total"] for r in chosen)
    spans = [
        {"name": name, "parent": parent, "calls": len(samples) / count, "ms": sum(samples) / count * 1000}
        for (name, parent), samples in totals.items()
    ]
    spans.append({"name": "(unprobed)", "parent": "", "calls": 1.0, "ms": (total - top) / count * 1000})
    return {"route": route, "requests": count, "total_ms": total / count * 1000, "spans": spans}


def render(summary: dict[str, Any]) -> str:
    """The tree of a ``summarize`` result, children under their parent, the costliest first."""
    lines = [f"{summary['route']}: {summary['requests']} requests, {summary['total_ms']:.2f} ms each on average"]
    children: dict[str, list[dict[str, Any]]] = {}
    for span in summary["spans"]:
        children.setdefault(span["parent"], []).append(span)

    def walk(parent: str, indent: int) -> None:
        for span in sorted(children.get(parent, []), key=lambda s: -s["ms"]):
            lines.append(f"{'  ' * indent}{span['ms']:8.2f} ms  x{span['calls']:<5.3g} {span['name']}")
            walk(f"{parent} > {span['name']}" if parent else span["name"], indent + 1)

    walk("", 1)
    return "\n".join(lines)


def main() -> None:
    import uvicorn

    install_probes()
    from api.app import create_app
    from innocycle.config import api_config
    from innocycle.settings import get_settings

    settings = get_settings()
    app = Profiler(create_app(api_config(settings)))
    uvicorn.run(app, host=settings.api_host, port=settings.api_port, log_level="info")


if __name__ == "__main__":
    main()
