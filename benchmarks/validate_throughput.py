"""Throughput of `mock-realtime validate`, as a pre-commit hook would run it.

    .venv/bin/python benchmarks/validate_throughput.py [--files 500] [--runs 5]

Writes FILES request bodies (a third invalid) to a temporary folder and times one
`validate` process over all of them, against a baseline in the same run: the same
command over a single file, which is the fixed cost of starting up."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BODIES = [
    {"model": "gpt-4o-realtime-preview", "voice": "verse", "temperature": 0.9,
     "tools": [{"type": "function", "name": "lookup", "parameters": {"type": "object"}}], "tool_choice": "lookup"},
    {"model": "gpt-4o-mini-realtime-preview", "modalities": ["text"], "turn_detection": None},
    {"model": "gpt-4o-realtime-preview", "temperature": 3, "voice": "nobody", "extra": True},
]


def write_bodies(folder: Path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        path = folder / f"body-{i:04d}.json"
        path.write_text(json.dumps(BODIES[i % len(BODIES)]))
        paths.append(str(path))
    return paths


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL)
    assert done.returncode in (0, 1), done.returncode
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    executable = shutil.which("mock-realtime", path=os.path.dirname(sys.executable)) or "mock-realtime"
    with tempfile.TemporaryDirectory() as folder:
        paths = write_bodies(Path(folder), options.files)
        many = statistics.median(timed([executable, "validate", *paths]) for _ in range(options.runs))
        one = statistics.median(timed([executable, "validate", paths[0]]) for _ in range(options.runs))
    per_file = (many - one) / (options.files - 1) * 1000
    print(f"validate {options.files} files: median {many * 1000:.0f} ms ({options.files / many:.0f} files/s)")
    print(f"baseline, 1 file: median {one * 1000:.0f} ms; each further file {per_file:.2f} ms")


if __name__ == "__main__":
    main()
