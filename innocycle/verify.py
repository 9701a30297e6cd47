"""``innocycle verify``: does every running workflow agree with its event stream, and every projection with a fold
of the log? With ``--repair``, a workflow that disagrees adopts its stream as the store holds it.

Workflows: each running workflow of innocycle is asked (query ``stream_check``) for its state beside the fold of
its stream, which is read from the store here and handed to it; the fold is made by the same pure domain functions
the workflow runs. They agree when the workflow knows the stream's last version and its state equals the fold. A
workflow caught in the middle of an append (one batch ahead of the store for a moment) is asked again. Repair is
the update ``resync_with_stream``: the workflow reads its whole stream and its state becomes the fold of it — the
log is what people were answered from, so the log wins (workflows.eventlog).

Segregation of duties: nobody holds the curator's grant of a site and a director's or responsible person's grant
of the same site over a common period (D12, D39); an overlap that exists (given before the rule, at upgrade, or
through a substitution) is reported as a difference, for an administrator to settle.

Projections: in one REPEATABLE READ transaction, the log is replayed into temporary copies of the projection
tables (which take the place of the real ones under the same names for this session only) and each copy is
compared row by row with the real table; nothing is written, nothing is locked but what a read locks.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError

from api.eventlog.store import read_stream
from api.people.segregation import overlaps as segregation_overlaps
from api.projections import PROJECTIONS
from api.tables import PROJECTION_TABLES
from domain.eventlog import RecordedEvent
from innocycle.worker import WORKFLOWS
from workflows.obligation import StreamCheck

# The workflows that own an event stream named as their workflow id.
APPENDING_PATIENCE_SECONDS = 10.0


@dataclass
class Difference:
    subject: str  # a workflow id, or a projection table
    detail: str
    repaired: bool = False

    def __str__(self) -> str:
        return f"{self.subject}: {self.detail}" + (" — repaired" if self.repaired else "")


@dataclass
class Report:
    workflows_checked: int = 0
    tables_checked: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def unrepaired(self) -> list[Difference]:
        return [d for d in self.differences if not d.repaired]


async def verify(
    engine: AsyncEngine, client: Client, repair: bool = False, only: str = "", projections: bool = True
) -> Report:
    """``only``: the workflows whose id starts with it (``cycle:1.1.5:2027`` for one cycle and its obligations)."""
    report = Report()
    await verify_workflows(engine, client, repair, report, only)
    if projections:
        await verify_projections(engine, report)
    await verify_segregation(engine, report)
    return report


# --- workflows ------------------------------------------------------------------------------------------------


async def running_stream_workflows(client: Client) -> list[str]:
    # Every workflow of the worker owns the stream named as its id.
    types = ", ".join(f"'{workflow.__name__}'" for workflow in WORKFLOWS)
    query = f"ExecutionStatus = 'Running' AND WorkflowType IN ({types})"
    return sorted([execution.id async for execution in client.list_workflows(query)])


def disagreement(check: StreamCheck, records: list[RecordedEvent]) -> str | None:
    """What differs between a workflow and its stream; None when they agree."""
    stored = records[-1].stream_version if records else 0
    if check.version != stored:
        return f"the workflow knows version {check.version} of its stream, the store holds {stored}"
    if check.state != check.fold:
        fields = sorted(
            key
            for key in set(check.state or {}) | set(check.fold or {})
            if (check.state or {}).get(key) != (check.fold or {}).get(key)
        )
        return "the workflow's state differs from the fold of its stream in: " + ", ".join(fields)
    return None


async def _check(engine: AsyncEngine, client: Client, workflow_id: str) -> tuple[StreamCheck, list[RecordedEvent]]:
    """The workflow's check against its stream, asked again while it is in the middle of an append."""
    handle = client.get_workflow_handle(workflow_id)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + APPENDING_PATIENCE_SECONDS
    while True:
        async with engine.connect() as conn:
            records = [e.recorded() for e in await read_stream(conn, workflow_id)]
        check: StreamCheck = await handle.query("stream_check", records, result_type=StreamCheck)
        if not check.appending or loop.time() > deadline:
            return check, records
        await asyncio.sleep(0.2)


async def verify_workflows(engine: AsyncEngine, client: Client, repair: bool, report: Report, only: str = "") -> None:
    for workflow_id in await running_stream_workflows(client):
        if not workflow_id.startswith(only):
            continue
        try:
            check, records = await _check(engine, client, workflow_id)
        except RPCError as error:
            described = await client.get_workflow_handle(workflow_id).describe()
            if described.status != WorkflowExecutionStatus.RUNNING:
                continue  # it completed meanwhile
            report.differences.append(Difference(workflow_id, f"could not be asked: {error.message}"))
            continue
        report.workflows_checked += 1
        problem = disagreement(check, records)
        if problem is None:
            continue
        if check.appending:
            problem += " (an append has been under way for a while: is the API reachable from the worker?)"
        difference = Difference(workflow_id, problem)
        report.differences.append(difference)
        if repair and not check.appending:
            await client.get_workflow_handle(workflow_id).execute_update("resync_with_stream", result_type=StreamCheck)
            check, records = await _check(engine, client, workflow_id)
            difference.repaired = disagreement(check, records) is None


# --- segregation of duties -----------------------------------------------------------------------------------


async def verify_segregation(engine: AsyncEngine, report: Report) -> None:
    """A person on both sides of a site (the curator's grant and a director's or responsible person's, D12, D39),
    given before the rule or through a substitution, is a difference to settle by withdrawing one of the grants;
    never repaired here, as only an administrator can tell which one goes."""
    async with engine.connect() as conn:
        for overlap in await segregation_overlaps(conn):
            report.differences.append(
                Difference(f"segregation of duties, {overlap.login}", overlap.conflict.describe())
            )


# --- projections ----------------------------------------------------------------------------------------------


async def verify_projections(engine: AsyncEngine, report: Report) -> None:
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="REPEATABLE READ")
        async with conn.begin() as transaction:
            for table in PROJECTION_TABLES:
                await conn.execute(
                    text(f"CREATE TEMPORARY TABLE {table.name} (LIKE public.{table.name} INCLUDING ALL) ON COMMIT DROP")
                )
            await PROJECTIONS.rebuild_on(conn)
            for table in PROJECTION_TABLES:
                report.tables_checked += 1
                detail = await _table_difference(conn, table.name)
                if detail is not None:
                    report.differences.append(Difference(f"projection {table.name}", detail))
            await transaction.rollback()


async def _table_difference(conn: AsyncConnection, name: str) -> str | None:
    counts = text(
        f"SELECT (SELECT count(*) FROM (SELECT * FROM public.{name} EXCEPT ALL SELECT * FROM pg_temp.{name}) a),"
        f" (SELECT count(*) FROM (SELECT * FROM pg_temp.{name} EXCEPT ALL SELECT * FROM public.{name}) b)"
    )
    extra, missing = (await conn.execute(counts)).one()
    if not extra and not missing:
        return None
    return f"{extra} rows the log does not account for, {missing} rows of the log's fold missing"


def render(report: Report) -> str:
    lines = [f"checked {report.workflows_checked} running workflows and {report.tables_checked} projection tables"]
    if not report.differences:
        lines.append("0 differences")
    else:
        lines.append(f"{len(report.differences)} differences ({len(report.unrepaired)} not repaired):")
        lines.extend(f"- {difference}" for difference in report.differences)
    return "\n".join(lines)
