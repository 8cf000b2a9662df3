"""The streamed-audio row: a scripted spoken reply from the mock (scripted with the admin
API, synthesised, cut into 100 ms deltas of base64 with transcript deltas between them)
beside the bare baseline sending prebuilt deltas of the same sizes, alternating round by
round, read by the same client on the load core. Bytes are decoded audio bytes."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.servers import LOAD_CORE, Running, pinned
from benchmarks.websocket import WS_PATH

# About 40 s of speech: a desk agent's long confirmation, said once per response.
REPLY = ("Your booking is confirmed: two nights at the harbour hotel from Friday, breakfast included, "
         "reference QX7 4410, and a taxi will meet you at the station at six. ") * 6


@dataclass(frozen=True)
class AudioResult:
    responses: int
    deltas: int
    audio_bytes: int
    seconds: float
    server_cpu_s: float

    @property
    def bytes_per_s(self) -> float:
        return self.audio_bytes / self.seconds if self.seconds else 0.0

    @property
    def cpu_us_per_kb(self) -> float:
        return self.server_cpu_s / self.audio_bytes * 1e6 * 1024 if self.audio_bytes else 0.0


def queue_replies(server: Running, count: int) -> None:
    body = json.dumps({"replies": [{"text": REPLY}] * count}).encode()
    request = urllib.request.Request(server.url_for("/__mock/replies"), data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        if answer.status != 200:
            raise RuntimeError(f"queueing replies answered {answer.status}")


def run_audio(server: Running, responses: int, sizes_file: Path | None = None) -> tuple[AudioResult, list[int]]:
    argv = [sys.executable, "-m", "benchmarks.audio_load", server.url_for(WS_PATH, "ws"),
            "--responses", str(responses), *(["--sizes-file", str(sizes_file)] if sizes_file else [])]
    cpu_before = server.cpu_seconds()
    out = subprocess.run(pinned(argv, LOAD_CORE), capture_output=True, text=True, check=True).stdout
    cpu = server.cpu_seconds() - cpu_before
    raw = json.loads(next(ln for ln in out.splitlines() if ln.startswith("@@audio ")).removeprefix("@@audio "))
    if not raw["deltas"]:
        raise RuntimeError(f"{server.spec.name}: no audio deltas came back")
    return AudioResult(raw["responses"], raw["deltas"], raw["audio_bytes"], raw["seconds"], cpu), raw["sizes"]


def measure_audio(mock: Running, baseline: Running, *, rounds: int, responses: int, out: Path) -> dict[str, Any]:
    """The mock's bytes/s and the baseline's, in the same delta sizes, round by round."""
    sizes_file = out / "audio-delta-sizes.json"
    queue_replies(mock, 1)
    _, sizes = run_audio(mock, 1)  # warm-up, which also learns the delta sizes
    sizes_file.write_text(json.dumps(sizes))
    runs: dict[str, list[AudioResult]] = {"mock": [], "baseline": []}
    for round_no in range(rounds):
        for key in (["mock", "baseline"] if round_no % 2 == 0 else ["baseline", "mock"]):
            if key == "mock":
                queue_replies(mock, responses)
                runs[key].append(run_audio(mock, responses)[0])
            else:
                runs[key].append(run_audio(baseline, responses, sizes_file)[0])
    pairs = list(zip(runs["mock"], runs["baseline"], strict=True))
    return {
        "deltas_per_response": len(sizes),
        "delta_bytes": max(sizes),
        "mock_bytes_per_s": statistics.median(r.bytes_per_s for r in runs["mock"]),
        "baseline_bytes_per_s": statistics.median(r.bytes_per_s for r in runs["baseline"]),
        "ratio": statistics.median(m.bytes_per_s / b.bytes_per_s for m, b in pairs),
        "mock_cpu_us_per_kb": statistics.median(r.cpu_us_per_kb for r in runs["mock"]),
        "baseline_cpu_us_per_kb": statistics.median(r.cpu_us_per_kb for r in runs["baseline"]),
        "cpu_ratio": statistics.median(b.cpu_us_per_kb / m.cpu_us_per_kb for m, b in pairs if m.cpu_us_per_kb),
    }
