"""Benchmark: 10,000 notifications delivered through the mail outbox by the mailer (``innocycle mailer``'s
``Mailer``) to a local SMTP sink, against a bare aiosmtplib loop sending the same messages, composed beforehand,
over one connection to the same sink, in the same run. Target: the outbox delivers at least 0.5× the bare loop's
messages per second.

What the mailer adds per message: leasing it from the outbox (``FOR UPDATE SKIP LOCKED``, a batch at a time),
reading its notification, composing it from the templates, and recording its outcome (out of the outbox, into
``mail_log``) in its own transaction. The run also checks what the outbox promises: after it, the outbox holds
nothing, ``mail_log`` has every message as sent, and the sink received each Message-ID exactly once.

The bare loop runs before and after the mailer; its rate is the mean of the two, so a change of load on the
machine touches both sides alike. The sink is an aiosmtpd server in a process of its own (``bench.smtp_sink``).

    python -m bench.notify [--n 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiosmtplib
from sqlalchemy import func, insert, select

from api.db import make_engine
from api.notifications.mail import Letter, compose
from api.notifications.sender import Mailer, MailerConfig
from api.tables import mail_log, mail_outbox, notifications
from bench.report import table, verdict, write_json
from innocycle.devstack import postgres as devstack_postgres
from innocycle.devstack.postgres import PostgresCluster
from innocycle.devstack.processes import free_port
from innocycle.migrate import upgrade

TARGET = 0.5
SENDER = "innocycle <innocycle@localhost>"
PUBLIC_URL = "http://127.0.0.1:8000"
INSERT_CHUNK = 2000


def _letter(index: int) -> Letter:
    """The n-th notification of the run: an overdue quarterly report, as the notifications of a ladder read."""
    return Letter(
        notification_id=f"bench:{index}",
        message_id=f"<bench.{index}.{uuid.uuid4().hex}@innocycle.localhost>",
        to_address=f"user{index % 500}@example.org",
        full_name=f"Иванова Мария Петровна {index % 500}",
        subject=f"[innocycle] Просрочено: ежеквартальный отчет 1.1.{index % 18 + 1} за III квартал",
        details={
            "what": "срок прошёл, отчёт не сдан",
            "title": "Ежеквартальный отчет",
            "period": "III квартал 2027",
            "due": "05.10.2027",
            "citation": "распоряжение 135-р, п. 2.4.4",
            "todo": "Сдайте отчёт или запросите продление срока.",
        },
        link=f"/obligations/cycle:1.1.{index % 18 + 1}:2027:quarterly_report:Q3",
        site_id=f"1.1.{index % 18 + 1}",
        institution="",
        on_behalf_name=None,
        acting=False,
    )


async def _fill_outbox(engine: Any, letters: list[Letter]) -> None:
    now = datetime.now(UTC)
    user = str(uuid.uuid4())
    for start in range(0, len(letters), INSERT_CHUNK):
        chunk = letters[start : start + INSERT_CHUNK]
        async with engine.begin() as conn:
            await conn.execute(
                insert(notifications),
                [
                    {
                        "notification_id": letter.notification_id,
                        "user_id": user,
                        "kind": "overdue",
                        "cause": "EscalationRaised",
                        "position": start + offset + 1,
                        "obligation_id": letter.link.removeprefix("/obligations/"),
                        "site_id": letter.site_id,
                        "subject": letter.subject,
                        "details": letter.details,
                        "link": letter.link,
                        "created_at": now,
                        "email": "immediate",
                    }
                    for offset, letter in enumerate(chunk)
                ],
            )
            await conn.execute(
                insert(mail_outbox),
                [
                    {
                        "notification_id": letter.notification_id,
                        "message_id": letter.message_id,
                        "to_address": letter.to_address,
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                    for letter in chunk
                ],
            )


async def _bare_loop(port: int, messages: list[EmailMessage]) -> float:
    """Seconds to send ``messages`` over one connection, doing nothing else."""
    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port)
    await smtp.connect()
    started = time.perf_counter()
    for message in messages:
        await smtp.send_message(message)
    elapsed = time.perf_counter() - started
    await smtp.quit()
    return elapsed


async def _mailer_run(engine: Any, port: int) -> float:
    """Seconds until the mailer has taken the whole outbox, as ``Mailer.run`` does while there is work."""
    config = MailerConfig(smtp_host="127.0.0.1", smtp_port=port, mail_from=SENDER, public_url=PUBLIC_URL)
    mailer = Mailer(engine, config)
    started = time.perf_counter()
    while await mailer.deliver_once():
        pass
    return time.perf_counter() - started


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def _start_sink(port: int, caught: Path) -> subprocess.Popen[str]:
    sink = subprocess.Popen(
        [sys.executable, "-m", "bench.smtp_sink", str(port), str(caught)], stdout=subprocess.PIPE, text=True
    )
    assert sink.stdout is not None and sink.stdout.readline().strip() == "ready"
    return sink


async def measure(url: str, port: int, caught: Path, count: int) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        letters = [_letter(index) for index in range(count)]
        await _fill_outbox(engine, letters)
        # The bare loop sends the very messages the mailer will, composed from the same notifications beforehand.
        messages = [compose(letter, SENDER, PUBLIC_URL) for letter in letters]
        warm = [_letter(count + index) for index in range(200)]
        await _bare_loop(port, [compose(letter, SENDER, PUBLIC_URL) for letter in warm])
        before = await _bare_loop(port, messages)
        at_mailer = len(_lines(caught))
        mailer = await _mailer_run(engine, port)
        delivered = _lines(caught)[at_mailer:]
        after = await _bare_loop(port, messages)
        async with engine.connect() as conn:
            waiting = (await conn.execute(select(func.count()).select_from(mail_outbox))).scalar_one()
            logged: dict[str, int] = dict(
                (await conn.execute(select(mail_log.c.outcome, func.count()).group_by(mail_log.c.outcome))).all()
            )
    finally:
        await engine.dispose()
    received = Counter(delivered)
    expected = {letter.message_id for letter in letters}
    bare_rate = count / ((before + after) / 2)
    mailer_rate = count / mailer
    return {
        "benchmark": "notify",
        "messages": count,
        "bare_seconds": [round(before, 2), round(after, 2)],
        "bare_messages_per_second": round(bare_rate, 1),
        "mailer_seconds": round(mailer, 2),
        "mailer_messages_per_second": round(mailer_rate, 1),
        "ratio": round(mailer_rate / bare_rate, 2),
        "target": TARGET,
        "outbox_after": waiting,
        "mail_log": logged,
        "received": len(received),
        "received_twice": sum(1 for n in received.values() if n > 1),
        "missing": len(expected - set(received)),
    }


def run(count: int, work: Path) -> dict[str, Any]:
    cluster = PostgresCluster(work / "postgres")
    cluster.ensure_initialized()
    cluster.start()
    sink: subprocess.Popen[str] | None = None
    try:
        cluster.create_database("bench")
        url = cluster.url("bench")
        upgrade(url)
        port, caught = free_port(), work / "caught.txt"
        sink = _start_sink(port, caught)
        return asyncio.run(measure(url, port, caught, count))
    finally:
        if sink is not None:
            sink.terminate()
            sink.wait()
        cluster.stop()


def summary(result: dict[str, Any]) -> str:
    count = result["messages"]
    rows = [
        ("bare aiosmtplib loop (mean of before and after)", result["bare_messages_per_second"], result["bare_seconds"]),
        ("mailer through the outbox", result["mailer_messages_per_second"], result["mailer_seconds"]),
    ]
    kept = (
        result["outbox_after"] == 0
        and result["mail_log"].get("sent") == count
        and result["received"] == count
        and result["received_twice"] == 0
        and result["missing"] == 0
    )
    return "\n".join(
        [
            f"Notifications: {count} e-mails to a local aiosmtpd sink (its own process), one at a time",
            table(rows, ("", "messages/s", "seconds")),
            f"ratio {result['ratio']} (target ≥ {TARGET}) {verdict(result['ratio'] >= TARGET)}",
            f"after the run: outbox {result['outbox_after']}, mail_log {result['mail_log']}, received "
            f"{result['received']} distinct, {result['received_twice']} twice, {result['missing']} missing — "
            f"{verdict(kept)}",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="notifications to deliver")
    parser.add_argument("--json", type=Path, default=None, help="where to write the result (.innocycle/bench/)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="innocycle-bench-notify-"))
    work.chmod(0o755)
    devstack_postgres.RELOCATION_ROOT = work / "relocated"
    started = time.monotonic()
    try:
        result = run(args.n, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["total_seconds_with_setup"] = round(time.monotonic() - started, 1)
    print(summary(result))
    print(f"result: {write_json('notify', result, args.json)} ({result['total_seconds_with_setup']} s)")


if __name__ == "__main__":
    main()
