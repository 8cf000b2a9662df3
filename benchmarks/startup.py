"""Start-up time: from launching `mock-realtime serve` to its first 200 (GET /__mock/health).

    .venv/bin/python benchmarks/startup.py [--runs 9]

Reports the median and spread, against a baseline measured in the same run: the bare
interpreter starting and exiting (`python -c pass`)."""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def first_ok(port: int, process: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/__mock/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("the server exited during start-up") from None
    raise TimeoutError("no 200 within the deadline")


def serve_once(executable: str) -> float:
    port = free_port()
    started = time.perf_counter()
    with subprocess.Popen([executable, "serve", "--port", str(port)], stderr=subprocess.DEVNULL) as process:
        try:
            first_ok(port, process, time.monotonic() + 30)
            return time.perf_counter() - started
        finally:
            process.terminate()


def interpreter_once() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    executable = shutil.which("mock-realtime", path=os.path.dirname(sys.executable)) or "mock-realtime"
    serve = [serve_once(executable) for _ in range(runs)]
    bare = [interpreter_once() for _ in range(runs)]
    median, baseline = statistics.median(serve), statistics.median(bare)
    print(f"start-up to first 200: median {median * 1000:.0f} ms "
          f"(min {min(serve) * 1000:.0f}, max {max(serve) * 1000:.0f}, {runs} runs)")
    print(f"baseline `python -c pass`: median {baseline * 1000:.0f} ms; ratio {median / baseline:.1f}x")


if __name__ == "__main__":
    main()
