"""`python -m benchmarks.stores`: what the shared store costs and what --workers buys, as
ratios measured in one run, rounds alternating between the three servers:

- memory store, one process (today's mock);
- Redis store, one process: the cost of keeping state in Redis;
- Redis store, --workers 2: what a second process adds on the same store.

Nothing is pinned: two workers need both cores, and wrk and redis-server share them, so
on a two-core machine the workers' ratio is a floor, not what more cores would give.
Redis runs without persistence here, to measure the store rather than the disk.
Writes stores.md and stores.json into --out."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from benchmarks.bodies import VALID, wrk_script
from benchmarks.load import LoadResult, run_wrk, wrk_available
from benchmarks.servers import Running, ServerSpec, free_port, mock_spec

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class StoreRow:
    key: str
    label: str
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_us: float
    rps_ratio: float  # against the row it is compared with, paired round by round
    compared_with: str


def specs(redis_url: str) -> dict[str, tuple[str, ServerSpec]]:
    def spec(*extra: str) -> ServerSpec:
        base = mock_spec(*extra)
        return ServerSpec(base.name, base.argv, base.cwd, pin=False)

    return {
        "memory": ("memory store, 1 process", spec()),
        "redis": ("Redis store, 1 process", spec("--store", redis_url)),
        "redis-workers-2": ("Redis store, --workers 2", spec("--store", redis_url, "--workers", "2")),
    }


# Which row each is judged against: Redis's cost on one process, then what a second worker adds.
COMPARED_WITH = {"memory": "memory", "redis": "memory", "redis-workers-2": "redis"}


def start_redis(directory: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory),
         "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return process, f"redis://127.0.0.1:{port}/0"


def measure(servers: dict[str, Running], script: Path, options: argparse.Namespace) -> dict[str, list[LoadResult]]:
    runs: dict[str, list[LoadResult]] = {key: [] for key in servers}
    keys = list(servers)
    for round_no in range(options.rounds):
        for key in keys[round_no % len(keys):] + keys[: round_no % len(keys)]:
            before = servers[key].cpu_seconds()
            result = run_wrk(servers[key].url, script, connections=options.connections, duration=options.duration)
            if result.requests == 0 or result.non_2xx:
                raise RuntimeError(f"{key}: {result} did not take the 200 path")
            runs[key].append(replace(result, server_cpu_s=servers[key].cpu_seconds() - before))
    return runs


def rows(runs: dict[str, list[LoadResult]], labels: dict[str, str]) -> list[StoreRow]:
    found = []
    for key, results in runs.items():
        base = runs[COMPARED_WITH[key]]
        found.append(StoreRow(
            key=key, label=labels[key], rps=statistics.median(r.rps for r in results),
            p50_ms=statistics.median(r.p50_ms for r in results), p99_ms=statistics.median(r.p99_ms for r in results),
            cpu_us=statistics.median(r.cpu_us_per_request for r in results),
            rps_ratio=statistics.median(r.rps / b.rps for r, b in zip(results, base, strict=True)),
            compared_with=labels[COMPARED_WITH[key]],
        ))
    return found


def table(found: list[StoreRow], options: argparse.Namespace, load: tuple[float, float]) -> str:
    lines = [
        f"{options.rounds} rounds of {options.duration} s at {options.connections} connections, unpinned; "
        f"load average {load[0]:.1f} before, {load[1]:.1f} after.",
        "",
        "| server | req/s | req/s ratio | against | p50 (ms) | p99 (ms) | server CPU per request (us) |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in found:
        lines.append(f"| {r.label} | {r.rps:,.0f} | {r.rps_ratio:.2f} | {r.compared_with} "
                     f"| {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.cpu_us:,.0f} |")
    return "\n".join(lines)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stores", description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="whole seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; servers alternate within each")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--smoke", action="store_true", help="tiny run for tests: 1 round of 1 s")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    options = parser.parse_args(argv)
    if options.smoke:
        options.duration, options.rounds = 1, 1
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    if not wrk_available() or shutil.which("redis-server") is None:
        print("needs wrk and redis-server (Debian: apt-get install wrk redis-server)", file=sys.stderr)
        return 2
    options.out.mkdir(parents=True, exist_ok=True)
    script = options.out / "stores.lua"
    script.write_text(wrk_script(VALID))
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as directory:
        redis, url = start_redis(Path(directory))
        chosen = specs(url)
        servers = {key: Running(spec) for key, (_, spec) in chosen.items()}
        try:
            for server in servers.values():
                server.wait_first_200()  # also waits out redis-server's start: until then, 503
            found = rows(measure(servers, script, options), {key: label for key, (label, _) in chosen.items()})
        finally:
            for server in servers.values():
                server.stop()
            redis.terminate()
            redis.wait(10)
    (options.out / "stores.json").write_text(json.dumps([asdict(r) for r in found], indent=2))
    report = table(found, options, (load_before, os.getloadavg()[0]))
    (options.out / "stores.md").write_text(report + "\n")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
