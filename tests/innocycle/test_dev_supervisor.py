"""`make run` (``innocycle dev``) supervises what it starts: a part that dies is restarted with a message, one that
keeps dying stops the stack with a message, and nothing outlives the supervisor, even when it is SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from innocycle import dev
from innocycle.dev import StackFailed, Supervised, supervise
from innocycle.devstack.processes import free_port

pytestmark = pytest.mark.slow


def _sleeper() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])


def test_a_part_that_dies_is_restarted_and_one_that_keeps_dying_stops_the_stack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dev, "MAX_RESTARTS", 2)
    processes = {"worker": _sleeper()}

    def restart() -> None:
        processes["worker"] = _sleeper()

    part = Supervised("the worker", tmp_path / "worker.log", lambda: processes["worker"].poll() is None, restart)
    failure: list[StackFailed] = []

    def watch() -> None:
        try:
            supervise([part], poll=0.05)
        except StackFailed as error:
            failure.append(error)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    # Kill the worker three times: twice it comes back, the third time the stack gives up.
    for _ in range(3):
        killed = processes["worker"]
        killed.kill()
        killed.wait()
        deadline = time.monotonic() + 5
        while processes["worker"] is killed and watcher.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
    watcher.join(timeout=5)
    processes["worker"].kill()
    said = capsys.readouterr().out
    assert said.count("the worker stopped unexpectedly; restarting it") == 2
    assert "the worker is running again" in said
    assert failure and "the worker stopped 3 times" in str(failure[0]) and "stopping everything" in str(failure[0])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] not in "ZX"


def _command(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ").strip()


def test_make_run_restarts_a_killed_temporal_server_and_leaves_nothing_behind_when_killed(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)  # the postgres user works in .innocycle when we are root
    port = free_port()
    # The demo's play is test_demo's to check (on the tests' stack); here it would only cost half a minute of CPU.
    env = {**os.environ, "INNOCYCLE_API_PORT": str(port), "INNOCYCLE_DEMO": "false"}
    log = (tmp_path / "dev.log").open("w")
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "innocycle.cli", "dev"], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    output = tmp_path / "dev.log"
    try:
        deadline = time.monotonic() + 120
        while "innocycle is running" not in output.read_text():
            assert supervisor.poll() is None and time.monotonic() < deadline, output.read_text()
            time.sleep(0.2)
        assert "demo activity not played (INNOCYCLE_DEMO=false)" in output.read_text()
        children = _children(supervisor.pid)
        temporal = [pid for pid in children if "temporal" in Path(f"/proc/{pid}/cmdline").read_text()]
        # PostgreSQL, Temporal, the worker, the API, the mailer, the local SMTP sink and the webhook sender
        assert len(temporal) == 1 and len(children) == 7, [_command(pid) for pid in children]
        os.kill(temporal[0], signal.SIGKILL)
        while "the Temporal server is running again" not in output.read_text():
            assert supervisor.poll() is None and time.monotonic() < deadline, output.read_text()
            time.sleep(0.2)
        assert "the Temporal server stopped unexpectedly; restarting it" in output.read_text()
        ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10)
        while ready.status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
            ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10)
        assert ready.status_code == 200, ready.text

        children = _children(supervisor.pid)
        supervisor.kill()  # SIGKILL: the supervisor cannot stop anything itself
        supervisor.wait()
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline + 30:
            time.sleep(0.2)
        assert not [pid for pid in children if _alive(pid)], "children outlived the supervisor"
    finally:
        if supervisor.poll() is None:
            supervisor.send_signal(signal.SIGINT)
            supervisor.wait(timeout=60)
        log.close()
