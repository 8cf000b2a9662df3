"""WebSocket rows: handshakes that reach their first event per second, the mock beside a
bare uvicorn WebSocket app, alternating round by round, with the server's CPU per
handshake; and the mock's RSS over many sessions opened and closed."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass

from benchmarks.servers import LOAD_CORE, Running, pinned

WS_PATH = "/v1/realtime?model=gpt-4o-realtime-preview-2024-12-17"
WS_CEILING = "ws-ceiling"


@dataclass(frozen=True)
class SocketResult:
    sessions: int
    seconds: float
    p99_ms: float
    server_cpu_s: float = 0.0

    @property
    def per_second(self) -> float:
        return self.sessions / self.seconds if self.seconds else 0.0

    @property
    def cpu_us(self) -> float:
        return self.server_cpu_s / self.sessions * 1e6 if self.sessions else 0.0


def run_sockets(server: Running, *, seconds: float = 5, sessions: int | None = None,
                concurrency: int = 16) -> SocketResult:
    """One load from the load core; a first event other than session.created stops the run."""
    limit = ["--sessions", str(sessions)] if sessions else ["--seconds", str(seconds)]
    argv = [sys.executable, "-m", "benchmarks.ws_load", server.url_for(WS_PATH, "ws"), *limit,
            "--concurrency", str(concurrency)]
    cpu_before = server.cpu_seconds()
    out = subprocess.run(pinned(argv, LOAD_CORE), capture_output=True, text=True, check=True).stdout
    cpu = server.cpu_seconds() - cpu_before
    raw = json.loads(next(ln for ln in out.splitlines() if ln.startswith("@@ws ")).removeprefix("@@ws "))
    if raw["wrong"] or not raw["sessions"]:
        raise RuntimeError(f"{server.spec.name}: {raw} did not reach session.created every time")
    return SocketResult(raw["sessions"], raw["seconds"], raw["p99_ms"], cpu)


@dataclass(frozen=True)
class SocketRow:
    scenario: str
    label: str
    per_second: float
    ratio: float
    p99_ms: float
    cpu_us: float
    cpu_ratio: float


def socket_rows(runs: dict[str, list[SocketResult]], labels: dict[str, str]) -> list[SocketRow]:
    base = runs[WS_CEILING]
    rows = []
    for key, results in runs.items():
        rate = [r.per_second / b.per_second for r, b in zip(results, base, strict=True)]
        cpu = [b.cpu_us / r.cpu_us for r, b in zip(results, base, strict=True) if r.cpu_us]
        rows.append(SocketRow(
            key, labels[key], statistics.median(r.per_second for r in results), statistics.median(rate),
            statistics.median(r.p99_ms for r in results), statistics.median(r.cpu_us for r in results),
            statistics.median(cpu) if cpu else float("nan"),
        ))
    return rows


def measure_sockets(servers: dict[str, Running], rounds: int, seconds: float) -> dict[str, list[SocketResult]]:
    keys = list(servers)
    runs: dict[str, list[SocketResult]] = {key: [] for key in keys}
    for key in keys:
        run_sockets(servers[key], seconds=1)  # warm-up, unmeasured
    for round_no in range(rounds):
        for key in keys[round_no % len(keys):] + keys[:round_no % len(keys)]:
            runs[key].append(run_sockets(servers[key], seconds=seconds))
    return runs


@dataclass(frozen=True)
class SessionsRSS:
    sessions: int
    baseline_mb: float
    final_mb: float
    peak_mb: float


def rss_over_sessions(server: Running, sessions: int, samples: int = 5) -> SessionsRSS:
    """RSS after a warm-up of a tenth of `sessions`, then after each of `samples` equal parts."""
    run_sockets(server, sessions=max(sessions // 10, 1))
    baseline, seen = server.rss_mb(), []
    for _ in range(samples):
        run_sockets(server, sessions=max(sessions // samples, 1))
        seen.append(server.rss_mb())
    return SessionsRSS(sessions, baseline, seen[-1], max(seen))
