"""The SMTP sink of ``bench notify``: an aiosmtpd server on loopback, in a process of its own, that accepts every
message and writes its Message-ID to a file, one line each, so the benchmark can tell what arrived and whether
anything arrived twice.

    python -m bench.smtp_sink PORT FILE
"""

from __future__ import annotations

import re
import sys
import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

_MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class Recorder:
    def __init__(self, path: Path) -> None:
        self._file = path.open("ab", buffering=0)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        found = _MESSAGE_ID.search(envelope.content)
        self._file.write((found.group(1) if found else b"-") + b"\n")
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), Path(sys.argv[2])
    controller = Controller(Recorder(path), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
