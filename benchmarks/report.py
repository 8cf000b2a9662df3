"""Summaries of a run: medians over rounds, ratios to the ceiling taken round by
round (so drift on a shared machine hits both sides alike), a markdown table and a chart."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.load import LoadResult

CEILING = "ceiling"


@dataclass(frozen=True)
class Row:
    scenario: str
    label: str
    connections: int
    rps: float
    rps_ratio: float
    rps_spread: float
    p50_ms: float
    p50_ratio: float
    p99_ms: float
    p99_ratio: float
    cpu_us: float
    cpu_ratio: float
    cold_start_ms: float | None
    cold_start_ratio: float | None
    rss_mb: float | None
    socket_errors: int


def _paired_ratio(runs: list[LoadResult], base: list[LoadResult], metric: str) -> float:
    ratios = [
        getattr(r, metric) / getattr(b, metric) for r, b in zip(runs, base, strict=True) if getattr(b, metric)
    ]
    return statistics.median(ratios) if ratios else float("nan")


def summarise(
    runs: dict[tuple[str, int], list[LoadResult]],
    labels: dict[str, str],
    cold: dict[str, float],
    rss: dict[str, float],
) -> list[Row]:
    rows = []
    for (scenario, connections), results in runs.items():
        base = runs[(CEILING, connections)]
        rates = [r.rps for r in results]
        rows.append(
            Row(
                scenario=scenario,
                label=labels[scenario],
                connections=connections,
                rps=statistics.median(rates),
                rps_ratio=_paired_ratio(results, base, "rps"),
                rps_spread=(max(rates) - min(rates)) / statistics.median(rates) if rates[0] else 0.0,
                p50_ms=statistics.median(r.p50_ms for r in results),
                p50_ratio=_paired_ratio(results, base, "p50_ms"),
                p99_ms=statistics.median(r.p99_ms for r in results),
                p99_ratio=_paired_ratio(results, base, "p99_ms"),
                cpu_us=statistics.median(r.cpu_us_per_request for r in results),
                cpu_ratio=1 / _paired_ratio(results, base, "cpu_us_per_request"),
                cold_start_ms=cold.get(scenario),
                cold_start_ratio=cold[scenario] / cold[CEILING] if scenario in cold and cold.get(CEILING) else None,
                rss_mb=rss.get(scenario),
                socket_errors=sum(r.socket_errors for r in results),
            )
        )
    return rows


def _num(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def markdown_table(rows: list[Row]) -> str:
    lines = [
        "| server | connections | req/s | x ceiling | spread | p50 (ms) | x ceiling | p99 (ms) | x ceiling "
        "| server CPU per request (us) | ceiling's CPU / this | start-up to first 200 (ms) | x ceiling "
        "| RSS after load (MB) | socket errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.label} | {r.connections} | {_num(r.rps)} | {r.rps_ratio:.2f} | {r.rps_spread:.0%} "
            f"| {_num(r.p50_ms, 2)} | {r.p50_ratio:.2f} | {_num(r.p99_ms, 2)} | {r.p99_ratio:.2f} "
            f"| {_num(r.cpu_us)} | {r.cpu_ratio:.2f} "
            f"| {_num(r.cold_start_ms)} | {_num(r.cold_start_ratio, 2)} | {_num(r.rss_mb, 1)} | {r.socket_errors} |"
        )
    return "\n".join(lines)


# (scenario, least req/s as a share of the ceiling's) for each OpenAI-facing row.
RATE_TARGETS = (("valid", 0.80), ("invalid", 0.70), ("ga-valid", 0.80), ("ga-invalid", 0.70))
P99_TARGET = 1.5
START_TARGET = 1.2
WS_TARGET = 0.70
AUDIO_TARGET = 0.80
RSS_GROWTH_MB = 5.0


def _verdict(text: str, ok: bool) -> str:
    return f"- {'met' if ok else 'MISSED'}: {text}"


def target_lines(rows: list[Row], connections: int) -> list[str]:
    """The mock's HTTP targets, judged at the highest connection count."""
    at = {r.scenario: r for r in rows if r.connections == connections}
    lines = []
    for key, least in RATE_TARGETS:
        if key in at:
            row = at[key]
            lines.append(_verdict(f"{row.label}: req/s >= {least:.2f} x ceiling: {row.rps_ratio:.2f} "
                                  f"(CPU-based {row.cpu_ratio:.2f})", row.rps_ratio >= least))
            lines.append(_verdict(f"{row.label}: p99 <= {P99_TARGET} x ceiling: {row.p99_ratio:.2f}",
                                  row.p99_ratio <= P99_TARGET))
    if "ga-valid" not in at:
        lines.append("- not measured: POST /v1/realtime/client_secrets (not served by this build)")
    started = at.get("valid")
    if started is not None and started.cold_start_ratio is not None:
        lines.append(_verdict(f"start-up to first 200 <= {START_TARGET} x ceiling: {started.cold_start_ratio:.2f}",
                              started.cold_start_ratio <= START_TARGET))
    return lines


def socket_lines(sockets: dict[str, Any]) -> list[str]:
    """The WebSocket table and its targets."""
    lines = [
        "| WebSocket server | handshakes to first event per s | x baseline | p99 open to first event (ms) "
        "| server CPU per handshake (us) | baseline's CPU / this |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in sockets["rows"]:
        lines.append(f"| {r['label']} | {_num(r['per_second'])} | {r['ratio']:.2f} | {_num(r['p99_ms'], 1)} "
                     f"| {_num(r['cpu_us'])} | {r['cpu_ratio']:.2f} |")
    mock = next(r for r in sockets["rows"] if r["scenario"] != "ws-ceiling")
    rss = sockets["rss"]
    growth = rss["final_mb"] - rss["baseline_mb"]
    return [
        *lines,
        "",
        _verdict(f"handshakes reaching session.created >= {WS_TARGET} x baseline: {mock['ratio']:.2f} "
                 f"(CPU-based {mock['cpu_ratio']:.2f})", mock["ratio"] >= WS_TARGET),
        _verdict(f"RSS over {rss['sessions']:,} sessions opened and closed: {rss['baseline_mb']:.1f} MB after "
                 f"warm-up, {rss['final_mb']:.1f} MB at the end (peak {rss['peak_mb']:.1f}); growth "
                 f"{growth:+.1f} MB < {RSS_GROWTH_MB:g} MB", growth < RSS_GROWTH_MB),
        *audio_lines(sockets.get("audio")),
    ]


def audio_lines(audio: dict[str, Any] | None) -> list[str]:
    if audio is None:
        return ["- not measured: a streamed audio reply's bytes/s (no audio run in these results)"]
    return [_verdict(
        f"a streamed audio reply, {audio['deltas_per_response']} deltas of up to {audio['delta_bytes']:,} bytes: "
        f"{audio['mock_bytes_per_s'] / 1e6:.1f} MB/s of audio against {audio['baseline_bytes_per_s'] / 1e6:.1f} "
        f"MB/s from a bare socket sending the same sizes, {audio['ratio']:.2f} x (CPU-based "
        f"{audio['cpu_ratio']:.2f}; server CPU {audio['mock_cpu_us_per_kb']:.1f} against "
        f"{audio['baseline_cpu_us_per_kb']:.1f} us per KB) >= {AUDIO_TARGET} x", audio["ratio"] >= AUDIO_TARGET)]


def write_chart(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(dict.fromkeys(r.label for r in rows))
    counts = sorted({r.connections for r in rows})
    by_key = {(r.label, r.connections): r for r in rows}
    width = 0.8 / len(counts)
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=90)
    for i, count in enumerate(counts):
        xs = [x + i * width for x in range(len(labels))]
        left.bar(xs, [by_key[(lb, count)].rps_ratio for lb in labels], width, label=f"{count} connections")
        right.bar(xs, [by_key[(lb, count)].p99_ms for lb in labels], width, label=f"{count} connections")
    for axis, title in ((left, "req/s as a share of the ceiling"), (right, "p99 latency (ms)")):
        axis.set_xticks([x + width * (len(counts) - 1) / 2 for x in range(len(labels))], labels, fontsize=7,
                        rotation=30, ha="right")
        axis.set_title(title, fontsize=9)
        axis.tick_params(axis="y", labelsize=7)
    left.axhline(1.0, color="grey", linewidth=0.6)
    left.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def soak_lines(out: Path) -> list[str]:
    """The last `python -m benchmarks.soak` into the same folder, if there was one."""
    soak = out / "soak.md"
    return [f"- soak (`python -m benchmarks.soak`): {soak.read_text().strip()}"] if soak.is_file() else []


def write_report(rows: list[Row], sockets: dict[str, Any], context: dict[str, Any], out: Path) -> str:
    top = max(r.connections for r in rows)
    text = "\n".join(
        [
            f"Run of {context.get('date', 'an unrecorded date')}: {context['rounds']} rounds x "
            f"{context['duration']:g} s per load, alternating servers; "
            f"server pinned to core 0, wrk to core 1: {context['pinned']}. "
            f"Load average before/after: {context['load_before']:.2f} / {context['load_after']:.2f}.",
            "Values are medians over rounds; ratios are medians of per-round ratios to the ceiling; "
            "spread is (max - min) / median of req/s. Server CPU per request is CPU time the server used "
            "during a load divided by its requests; on a shared machine it is the steadier measure, and "
            "'ceiling's CPU / this' is the req/s ratio to expect on a core of one's own.",
            "",
            markdown_table(rows),
            "",
            f"Targets at {top} connections:",
            *target_lines(rows, top),
            "",
            *socket_lines(sockets),
            *soak_lines(out),
            "",
        ]
    )
    (out / "results.md").write_text(text)
    write_chart(rows, out / "results.png")
    return text
