"""Launching a server under test pinned to one core, waiting for its first 200,
and reading its memory. Each server is a command line with a `{port}` placeholder."""

from __future__ import annotations

import compileall
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bodies import API_KEY, PATH, VALID, encode

SERVER_CORE = 0
LOAD_CORE = 1


def can_pin() -> bool:
    """Pinning needs taskset and both cores; without them everything shares the machine."""
    cores = os.sched_getaffinity(0)
    return shutil.which("taskset") is not None and {SERVER_CORE, LOAD_CORE} <= cores


def pinned(argv: list[str], core: int) -> list[str]:
    return ["taskset", "-c", str(core), *argv] if can_pin() else argv


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class ServerSpec:
    name: str
    argv: list[str]
    cwd: Path | None = None
    pin: bool = True  # False for a server of several processes, which needs every core

    def command(self, port: int) -> list[str]:
        argv = [part.replace("{port}", str(port)) for part in self.argv]
        return pinned(argv, SERVER_CORE) if self.pin else argv


def uvicorn_spec(name: str, target: str, *extra: str) -> ServerSpec:
    """A bare app on uvicorn's fastest stack: uvloop, httptools, WebSockets through the
    sans-I/O implementation the mock's own protocol extends. The mock runs asyncio's loop
    unless told `--loop uvloop` (its own row): the baselines keep the faster one."""
    return ServerSpec(
        name,
        [
            sys.executable, "-m", "uvicorn", target, "--port", "{port}", "--loop", "uvloop",
            "--http", "httptools", "--ws", "websockets-sansio", "--no-access-log",
            "--log-level", "warning", *extra,
        ],
    )


def ceiling_spec() -> ServerSpec:
    return uvicorn_spec("ceiling", "benchmarks.ceiling:app")


def raw_asgi_spec() -> ServerSpec:
    return uvicorn_spec("raw-asgi", "benchmarks.raw_asgi:app")


def ws_ceiling_spec() -> ServerSpec:
    return uvicorn_spec("ws-ceiling", "benchmarks.ws_ceiling:app")


def mock_spec(*extra: str) -> ServerSpec:
    """`mock-realtime serve` as it comes (the access log on, to stderr), plus `extra`."""
    name = "-".join(["mock", *(e.lstrip("-") for e in extra if e.startswith("--"))])
    return ServerSpec(name, [sys.executable, "-m", "mock_realtime", "serve", "--port", "{port}", *extra])


def answers_200(port: int, timeout: float = 1.0) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {API_KEY}"}
        connection.request("POST", PATH, body=encode(VALID), headers=headers)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


class Running:
    """One launched server. `launched` is taken just before the process is spawned."""

    def __init__(self, spec: ServerSpec) -> None:
        self.spec = spec
        self.port = free_port()
        self.launched = time.perf_counter()
        self.process = subprocess.Popen(
            spec.command(self.port), cwd=spec.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    @property
    def url(self) -> str:
        return self.url_for(PATH)

    def url_for(self, path: str, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def wait_first_200(self, deadline_s: float = 60.0) -> float:
        """Seconds from launch to the first 200. A server offers no readiness signal
        of its own, so this polls, with a deadline."""
        give_up = self.launched + deadline_s
        while time.perf_counter() < give_up:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.spec.name} exited with {self.process.returncode}")
            if answers_200(self.port):
                return time.perf_counter() - self.launched
            time.sleep(0.002)
        raise TimeoutError(f"{self.spec.name} gave no 200 within {deadline_s} s")

    def rss_mb(self) -> float:
        return sum(_rss_kb(pid) for pid in _tree(self.process.pid)) / 1024

    def cpu_seconds(self) -> float:
        """CPU time the server (and any children) has used: unlike req/s, barely moved by
        other processes competing for the same core."""
        return sum(_cpu_ticks(pid) for pid in _tree(self.process.pid)) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _tree(pid: int) -> list[int]:
    """The process and its descendants (a Node server may fork workers)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            pending.extend(int(child) for child in task.read_text().split())
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def compile_bytecode() -> None:
    """Up-to-date bytecode for the mock and the benchmark's own apps, as an installed
    package has (pip compiles it). A checkout run with PYTHONDONTWRITEBYTECODE set would
    otherwise compile each edited module again at every launch, and count it as start-up."""
    root = Path(__file__).resolve().parent.parent
    for package in ("mock_realtime", "benchmarks"):
        compileall.compile_dir(root / package, quiet=1)


def cold_start_ms(spec: ServerSpec) -> float:
    server = Running(spec)
    try:
        return server.wait_first_200() * 1000
    finally:
        server.stop()
