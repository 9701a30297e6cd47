"""A small closed-loop HTTP load generator: N keep-alive connections, each sending its next GET as soon as the
previous answer is read, for a fixed time. Plain asyncio streams and HTTP/1.1, so the generator itself costs
little of the machine it shares with the server (httpx would cost several times more per request)."""

from __future__ import annotations

import asyncio
import os
import resource
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bench.report import percentile


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    first_error: str = ""
    server_cpu: float = 0.0  # seconds of CPU the server process used meanwhile (user + system)
    client_cpu: float = 0.0  # seconds of CPU this load generator used meanwhile

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def merge(self, other: LoadResult) -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.seconds += other.seconds
        self.latencies.extend(other.latencies)
        self.first_error = self.first_error or other.first_error
        self.server_cpu += other.server_cpu
        self.client_cpu += other.client_cpu

    def summary(self) -> dict[str, float | int | str]:
        return {
            "rps": round(self.rps, 1),
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 1),
            "p50_ms": round(percentile(self.latencies, 0.5) * 1000, 2),
            "p99_ms": round(percentile(self.latencies, 0.99) * 1000, 2),
            "server_cpu_ms_per_request": round(self.server_cpu / self.requests * 1000, 3) if self.requests else 0.0,
            "server_cpu_share": round(self.server_cpu / self.seconds, 2) if self.seconds else 0.0,
            "load_generator_cpu_share": round(self.client_cpu / self.seconds, 2) if self.seconds else 0.0,
            **({"first_error": self.first_error} if self.first_error else {}),
        }


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = bytearray()
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                return status, bytes(body)
            body += chunk[:-2]
    return status, b""


def get_request(url: str, headers: dict[str, str]) -> tuple[str, int, bytes]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}:{port}", "Accept: application/json"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return host, port, ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _client(host: str, port: int, request: bytes, stop_at: float, result: LoadResult) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            writer.write(request)
            status, body = await read_response(reader)
            result.latencies.append(time.perf_counter() - started)
            result.requests += 1
            if status != 200:
                result.errors += 1
                result.first_error = result.first_error or f"{status} {body[:300].decode(errors='replace')}"
    finally:
        writer.close()


def process_cpu(pid: int) -> float:
    """Seconds of CPU (user + system) process ``pid`` has used, from /proc; 0 where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def load(
    url: str, headers: dict[str, str], concurrency: int, seconds: float, server_pid: int | None = None
) -> LoadResult:
    """``concurrency`` connections sending GET ``url`` back to back for ``seconds``; with ``server_pid``, the CPU
    the server process used meanwhile too."""
    host, port, request = get_request(url, headers)
    result = LoadResult()
    server_before = process_cpu(server_pid) if server_pid else 0.0
    client_before = own_cpu()
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(*(_client(host, port, request, stop_at, result) for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    result.client_cpu = own_cpu() - client_before
    if server_pid:
        result.server_cpu = process_cpu(server_pid) - server_before
    return result
