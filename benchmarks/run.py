"""`python -m benchmarks.run`: the mock as it comes (access log on) beside a bare
Starlette ceiling, a bare raw-ASGI reference and Prism, under wrk, alternating servers
round by round; WebSocket handshakes beside a bare uvicorn WebSocket app; start-up
against the ceiling's. Writes results.md, results.png and results.json into --out, and
with --readme the README's table and chart."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks.audio import measure_audio
from benchmarks.bodies import GA_INVALID, GA_PATH, GA_VALID, INVALID, PATH, VALID, wrk_script
from benchmarks.load import LoadResult, run_wrk, wrk_available
from benchmarks.readme import update_readme
from benchmarks.report import CEILING, Row, summarise, write_report
from benchmarks.servers import (
    Running,
    ServerSpec,
    can_pin,
    ceiling_spec,
    cold_start_ms,
    compile_bytecode,
    mock_spec,
    raw_asgi_spec,
    ws_ceiling_spec,
)
from benchmarks.websocket import WS_CEILING, measure_sockets, rss_over_sessions, socket_rows

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    server: ServerSpec
    body: dict[str, Any]
    expect_success: bool
    path: str = PATH


def serves(path: str) -> bool:
    """Whether the mock, as it comes, answers `path` (GA's client secrets, once served)."""
    from mock_realtime import create_app

    return any(getattr(route, "path", None) == path for route in create_app().routes)


def scenarios(with_prism: bool) -> list[Scenario]:
    mock, quiet, uvloop = mock_spec(), mock_spec("--no-access-log"), mock_spec("--loop", "uvloop")
    found = [
        Scenario("raw-asgi", "bare raw ASGI (reference)", raw_asgi_spec(), VALID, True),
        Scenario(CEILING, "bare Starlette (ceiling)", ceiling_spec(), VALID, True),
        Scenario("valid", "mock, valid", mock, VALID, True),
        Scenario("invalid", "mock, invalid (400)", mock, INVALID, False),
    ]
    if serves(GA_PATH):
        found += [
            Scenario("ga-valid", "mock, GA client_secrets, valid", mock, GA_VALID, True, GA_PATH),
            Scenario("ga-invalid", "mock, GA client_secrets, invalid (400)", mock, GA_INVALID, False, GA_PATH),
        ]
    found += [
        Scenario("valid-no-log", "mock --no-access-log, valid", quiet, VALID, True),
        Scenario("invalid-no-log", "mock --no-access-log, invalid (400)", quiet, INVALID, False),
        # The other event loop: a little less CPU, and the long tail it leaves on a saturated core.
        Scenario("valid-uvloop", "mock --loop uvloop, valid", uvloop, VALID, True),
    ]
    if with_prism:
        from benchmarks.prism import prism_spec

        found.append(Scenario("prism", "Prism 5, logs off", prism_spec(), VALID, True))
    return found


def check_path(scenario: Scenario, result: LoadResult) -> None:
    """A run that took the wrong path measures nothing; stop rather than report it.
    Socket errors (wrk's 2 s timeouts under overload) are counted in the report instead."""
    wrong = result.non_2xx if scenario.expect_success else result.requests - result.non_2xx
    if result.requests == 0 or wrong:
        raise RuntimeError(f"{scenario.key}: {result} did not take the expected path")


def cold_starts(specs: list[ServerSpec], launches: int) -> dict[str, float]:
    """Median launch-to-first-200 per server, launches alternating between servers."""
    compile_bytecode()
    times: dict[str, list[float]] = {spec.name: [] for spec in specs}
    for _ in range(launches):
        for spec in specs:
            times[spec.name].append(cold_start_ms(spec))
    return {name: statistics.median(values) for name, values in times.items()}


def measure(chosen: list[Scenario], options: argparse.Namespace, out: Path) -> dict[str, Any]:
    scripts = {}
    for s in chosen:
        scripts[s.key] = out / f"{s.key}.lua"
        scripts[s.key].write_text(wrk_script(s.body))
    cold = cold_starts(list({s.server.name: s.server for s in chosen}.values()), options.cold_starts)
    servers = {s.key: Running(s.server) for s in chosen}
    urls = {s.key: servers[s.key].url_for(s.path) for s in chosen}
    runs: dict[tuple[str, int], list[LoadResult]] = {
        (s.key, c): [] for c in options.connections for s in chosen
    }
    try:
        for s in chosen:
            server = servers[s.key]
            server.wait_first_200()
            if options.warmup:
                run_wrk(urls[s.key], scripts[s.key], connections=max(options.connections), duration=options.warmup)
        for round_no in range(options.rounds):
            order = chosen[round_no % len(chosen) :] + chosen[: round_no % len(chosen)]
            for connections in options.connections:
                for s in order:
                    cpu_before = servers[s.key].cpu_seconds()
                    result = run_wrk(urls[s.key], scripts[s.key], connections=connections, duration=options.duration)
                    result = replace(result, server_cpu_s=servers[s.key].cpu_seconds() - cpu_before)
                    check_path(s, result)
                    runs[(s.key, connections)].append(result)
        rss = {key: server.rss_mb() for key, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    return {"runs": runs, "cold": {s.key: cold[s.server.name] for s in chosen}, "rss": rss}


def measure_websockets(options: argparse.Namespace) -> dict[str, Any]:
    """Handshakes per second beside the bare WebSocket app, a streamed audio reply's bytes
    per second beside the same app's, then the mock's RSS over --ws-sessions sessions
    opened and closed."""
    servers = {WS_CEILING: Running(ws_ceiling_spec()), "ws-mock": Running(mock_spec())}
    labels = {WS_CEILING: "bare uvicorn WebSocket (baseline)", "ws-mock": "mock, handshake to session.created"}
    try:
        for server in servers.values():
            server.wait_first_200()
        runs = measure_sockets(servers, options.rounds, options.duration)
        audio = measure_audio(servers["ws-mock"], servers[WS_CEILING], rounds=options.rounds,
                              responses=options.audio_responses, out=options.out)
        memory = rss_over_sessions(servers["ws-mock"], options.ws_sessions)
    finally:
        for server in servers.values():
            server.stop()
    return {"rows": [asdict(r) for r in socket_rows(runs, labels)], "audio": audio, "rss": asdict(memory)}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="whole seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; servers alternate within each")
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument(
        "--cold-starts", type=int, default=5, help="launches per server for the cold-start median"
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="whole seconds of unmeasured load per server first"
    )
    parser.add_argument("--no-prism", action="store_true", help="leave Prism out even when Node is present")
    parser.add_argument("--ws-sessions", type=int, default=10_000,
                        help="WebSocket sessions opened and closed while the mock's RSS is watched")
    parser.add_argument("--audio-responses", type=int, default=5,
                        help="spoken responses (about 40 s of audio each) per streamed-audio run")
    parser.add_argument("--readme", action="store_true", help="write the table and chart into README.md too")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: write the report (and with --readme the README) again from "
                             "--out's results.json, taking in a soak.md written there since")
    parser.add_argument("--smoke", action="store_true", help="tiny run for tests: 1 round of 1 s, no Prism")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    options = parser.parse_args(argv)
    if options.smoke:
        options.duration, options.rounds, options.cold_starts, options.warmup = 1, 1, 1, 0
        options.no_prism, options.ws_sessions, options.audio_responses = True, 100, 1
    return options


def report_again(options: argparse.Namespace) -> int:
    saved = json.loads((options.out / "results.json").read_text())
    rows = [Row(**row) for row in saved["rows"]]
    text = write_report(rows, saved["websocket"], saved["context"], options.out)
    if options.readme:
        update_readme(ROOT / "README.md", text, options.out / "results.png", ROOT / "benchmarks" / "performance.png")
    print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    if options.report_only:
        return report_again(options)
    if not wrk_available():
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    from benchmarks.prism import node_available

    chosen = scenarios(with_prism=not options.no_prism and node_available())
    options.out.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    measured = measure(chosen, options, options.out)
    sockets = measure_websockets(options)
    context = {
        "date": time.strftime("%d %b %Y %H:%M UTC", time.gmtime()),
        "rounds": options.rounds,
        "duration": options.duration,
        "pinned": can_pin(),
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }
    rows = summarise(measured["runs"], {s.key: s.label for s in chosen}, measured["cold"], measured["rss"])
    (options.out / "results.json").write_text(
        json.dumps({"context": context, "rows": [asdict(r) for r in rows], "websocket": sockets}, indent=2)
    )
    text = write_report(rows, sockets, context, options.out)
    if options.readme:
        update_readme(ROOT / "README.md", text, options.out / "results.png", ROOT / "benchmarks" / "performance.png")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
