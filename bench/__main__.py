"""The benchmarks' command line, run from the repository root (the benchmarks use the test support of
``tests/support/``, which is not part of the installed product)::

    python -m bench [append | year | command | inbox | ui | notify | all] [--n 2000] [--profile] [--client aiohttp]
                    [--events 100000]

Each benchmark reports a ratio against a baseline measured in the same run. Each module also runs alone with all
of its options: ``python -m bench.command --help``, ``python -m bench.inbox --help``, ...
"""

from __future__ import annotations

import sys

import typer

app = typer.Typer(add_completion=False)

KNOWN = ("append", "year", "command", "inbox", "ui", "notify", "all")


@app.command()
def bench(
    which: str = typer.Argument("all", help="append | year | command | inbox | ui | notify | all"),
    n: int = typer.Option(2000, help="append: events to append in each path"),
    profile: bool = typer.Option(False, help="command: then trace where a command's time goes in the API"),
    client: str = typer.Option("aiohttp", help="command: the HTTP client the commands are timed through (or httpx)"),
    events: int = typer.Option(100_000, help="inbox, ui: events in the log"),
) -> None:
    """Run the benchmarks of bench/: each reports a ratio against a baseline measured in the same run."""
    if which not in KNOWN:
        raise typer.BadParameter(f"{which}: one of {', '.join(KNOWN)}")

    def run_append() -> None:
        from bench.append import main as append_main

        sys.argv = ["bench.append", "--n", str(n)]
        append_main()

    def run_year() -> None:
        from bench.year import main as year_main

        year_main()

    def run_command() -> None:
        from bench.command import main as command_main

        command_main(["--client", client, *(["--profile"] if profile else [])])

    def run_inbox() -> None:
        from bench.inbox import main as inbox_main

        inbox_main(["--events", str(events)])

    def run_ui() -> None:
        from bench.ui import main as ui_main

        ui_main(["--events", str(events)])

    def run_notify() -> None:
        from bench.notify import main as notify_main

        notify_main([])

    runs = {
        "append": run_append,
        "year": run_year,
        "command": run_command,
        "inbox": run_inbox,
        "ui": run_ui,
        "notify": run_notify,
    }
    failed = []
    for name, run in runs.items():
        if which not in (name, "all"):
            continue
        try:
            run()
        except Exception as error:  # one benchmark failing does not stop the others of `all`
            if which != "all":
                raise
            typer.echo(f"bench {name} failed: {error!r}", err=True)
            failed.append(name)
    if failed:
        raise typer.Exit(1)


if __name__ == "__main__":
    app(prog_name="python -m bench")
