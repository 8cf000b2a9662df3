"""`python -m benchmarks.soak`: the mock's memory over a long run. Secrets expire
within seconds (short --secret-ttl and --secret-retention) and the journal is full,
so both bounded stores turn over constantly; RSS must stay flat."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.bodies import VALID, wrk_script
from benchmarks.load import run_wrk
from benchmarks.servers import Running, mock_spec

ROOT = Path(__file__).resolve().parent.parent


def soak(requests: int, chunk: int, warmup: int, out: Path) -> tuple[float, float, list[float]]:
    script = out / "soak.lua"
    script.write_text(wrk_script(VALID))
    server = Running(mock_spec("--secret-ttl", "1", "--secret-retention", "1"))
    try:
        server.wait_first_200()
        run_wrk(server.url, script, connections=64, duration=warmup)  # fills the journal and the store
        baseline, samples, done = server.rss_mb(), [], 0
        while done < requests:
            done += run_wrk(server.url, script, connections=64, duration=chunk).requests
            samples.append(server.rss_mb())
            print(f"{done:>10,} requests  RSS {samples[-1]:.1f} MB", flush=True)
        return baseline, float(done), samples
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=10, help="seconds of load between RSS samples")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of load before the RSS baseline")
    parser.add_argument("--limit-mb", type=float, default=5.0, help="largest acceptable RSS growth")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    options = parser.parse_args(argv)
    options.out.mkdir(parents=True, exist_ok=True)
    baseline, done, samples = soak(options.requests, options.chunk, options.warmup, options.out)
    growth = samples[-1] - baseline
    verdict = "met" if growth < options.limit_mb else "MISSED"
    text = (
        f"RSS over {done:,.0f} requests (secrets expiring after 1 s, journal full): baseline "
        f"{baseline:.1f} MB after warm-up, final {samples[-1]:.1f} MB, peak {max(samples):.1f} MB; "
        f"growth {growth:+.1f} MB ({verdict}: < {options.limit_mb:g} MB).\n"
    )
    (options.out / "soak.md").write_text(text)
    print(text)
    return 0 if verdict == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
