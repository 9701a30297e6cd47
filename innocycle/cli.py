"""The ``innocycle`` command line."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from innocycle.settings import get_settings

app = typer.Typer(help="innocycle: the yearly cycle of innovation activity as durable workflows.", no_args_is_help=True)


@app.command()
def api() -> None:
    """Serve the API (and the web pages) with uvicorn."""
    import uvicorn

    from api.app import create_app
    from innocycle.config import api_config

    settings = get_settings()
    uvicorn.run(create_app(api_config(settings)), host=settings.api_host, port=settings.api_port, log_level="info")


@app.command()
def worker() -> None:
    """Run the Temporal worker (workflows and activities)."""
    from innocycle.worker import run_worker

    asyncio.run(run_worker(get_settings()))


@app.command()
def mailer() -> None:
    """Deliver the e-mail outbox over SMTP (INNOCYCLE_SMTP_*), with retries, until stopped."""
    from innocycle.mailer import run_mailer

    asyncio.run(run_mailer(get_settings()))


@app.command("webhook-sender")
def webhook_sender() -> None:
    """Deliver the webhooks of the regions (Standard Webhooks, signed), with retries for a day, until stopped."""
    from innocycle.webhooks import run_sender

    asyncio.run(run_sender(get_settings()))


@app.command("mail-sink")
def mail_sink(
    port: int = typer.Option(8025, help="port on 127.0.0.1"),
    directory: Path = typer.Option(Path(".innocycle/mail"), help="where to keep each message caught (.eml)"),
) -> None:
    """A local SMTP server that keeps every message and delivers nothing (development: make run)."""
    from innocycle.mailer import run_sink

    asyncio.run(run_sink(port, directory))


@app.command()
def migrate() -> None:
    """Apply database migrations up to the newest; after a schema change, rebuild the projections from the log."""
    from innocycle.migrate import upgrade_changed

    if upgrade_changed(get_settings().database_url):
        # A migration may add a projection (empty) or a column of one (a default): only a replay fills them in.
        typer.echo(f"migrations applied; projections rebuilt from {_rebuild_projections()} events")
    else:
        typer.echo("migrations applied")


@app.command()
def seed() -> None:
    """Load the reference data (KhMAO sites of order 135-р) and the demo users (password: demo)."""
    from innocycle.seed import seed_reference, seed_users

    async def _seed() -> None:
        from api.db import make_engine

        engine = make_engine(get_settings().database_url)
        try:
            await seed_reference(engine)
            await seed_users(engine)
        finally:
            await engine.dispose()

    asyncio.run(_seed())
    typer.echo("reference data and demo users loaded")


@app.command("rebuild-projections")
def rebuild_projections() -> None:
    """Replay the whole event log into freshly emptied projection tables."""
    typer.echo(f"replayed {_rebuild_projections()} events")


def _rebuild_projections() -> int:
    from api.db import make_engine
    from api.projections import PROJECTIONS

    async def _rebuild() -> int:
        engine = make_engine(get_settings().database_url)
        try:
            return await PROJECTIONS.rebuild(engine)
        finally:
            await engine.dispose()

    return asyncio.run(_rebuild())


@app.command()
def verify(
    repair: bool = typer.Option(False, help="bring every workflow that disagrees with its stream back in line"),
    only: str = typer.Option("", help="only the workflows whose id starts with this, e.g. cycle:1.1.5:2027"),
    workflows_only: bool = typer.Option(False, help="leave the projections out (a rebuild of a long log takes time)"),
) -> None:
    """Compare every running workflow with its event stream, and every projection with a fold of the log."""
    from api.db import make_engine
    from innocycle.verify import render
    from innocycle.verify import verify as run_verify
    from innocycle.worker import connect

    async def _verify() -> tuple[str, bool]:
        settings = get_settings()
        engine = make_engine(settings.database_url)
        try:
            report = await run_verify(
                engine, await connect(settings), repair=repair, only=only, projections=not workflows_only
            )
        finally:
            await engine.dispose()
        return render(report), bool(report.unrepaired)

    output, failed = asyncio.run(_verify())
    typer.echo(output)
    _exit_without_teardown(1 if failed else 0)


calendar_app = typer.Typer(help="The production calendar: show a year, load a decree's corrections.")
app.add_typer(calendar_app, name="calendar")


@calendar_app.command("load")
def calendar_load(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV: day,working,reason,source"),
) -> None:
    """Load corrections of the production calendar from a decree (as the administrator)."""
    from api.calendar.commands import set_override
    from api.calendar.signals import cycles_told
    from api.commands import Commands
    from api.db import make_engine
    from api.eventlog.log import EventLog
    from api.projections import PROJECTIONS
    from api.signals.sender import SignalSender
    from domain.common import ActorRef, DomainError
    from domain.people import Role
    from innocycle.calendar_file import CalendarFileError, read_overrides
    from innocycle.config import api_config

    try:
        overrides = read_overrides(path)
    except CalendarFileError as error:
        raise typer.BadParameter(str(error)) from None
    by = ActorRef(user_id="cli", full_name="innocycle calendar load", role=Role.ADMIN)

    async def _load() -> int:
        settings = get_settings()
        engine = make_engine(settings.database_url)
        try:
            for override in overrides:
                await set_override(EventLog(engine, PROJECTIONS), override, by)
            # Each correction's append wrote its signals to the running cycles; they are delivered here, or by the
            # API as soon as Temporal answers.
            signals = SignalSender(engine, Commands(api_config(settings)))
            await signals.send_due()
            return -1 if await signals.pending() else await cycles_told(engine)
        finally:
            await engine.dispose()

    try:
        notified = asyncio.run(_load())
    except DomainError as error:
        raise typer.BadParameter(error.message) from None
    for override in overrides:
        kind = "рабочий" if override.working else "нерабочий"
        typer.echo(f"{override.day:%d.%m.%Y}: {kind} — {override.reason} ({override.source})")
    typer.echo(f"loaded {len(overrides)} corrections")
    if notified >= 0:
        typer.echo(f"{notified} running cycles notified: they move their open deadlines")
    else:
        typer.echo("Temporal is not reachable: the API tells the running cycles as soon as it is")
    _exit_without_teardown()


def _exit_without_teardown(code: int = 0) -> None:
    """Leave a command that used a Temporal client without tearing the interpreter down: the client's native
    threads can outlive the event loop and abort the process while Python finalises (temporalio/sdk-python#300),
    turning a command that did its work into exit code -6. Everything is written by then."""
    import os
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@calendar_app.command("show")
def calendar_show(year: int) -> None:
    """Working days of a year and its non-working days, with corrections applied."""
    from api.calendar.service import calendar_for
    from api.db import make_engine

    async def _show() -> None:
        engine = make_engine(get_settings().database_url)
        try:
            async with engine.connect() as conn:
                calendar = await calendar_for(conn, [year])
        finally:
            await engine.dispose()
        typer.echo(f"{year}: {calendar.working_days_in_year(year)} working days")
        typer.echo("non-working: " + ", ".join(f"{d:%d.%m}" for d in sorted(calendar.holidays)))
        if calendar.working_weekends:
            typer.echo("working weekends: " + ", ".join(f"{d:%d.%m}" for d in sorted(calendar.working_weekends)))

    asyncio.run(_show())


@app.command()
def dev() -> None:
    """Start the whole embedded stack with demo data on http://127.0.0.1:8000 (what `make run` runs)."""
    from innocycle.dev import run_dev

    run_dev()


if __name__ == "__main__":
    app()
