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
        "| server CPU per request (us) | ceiling's CPU / this | cold start (ms) | RSS after load (MB) "
        "| socket errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.label} | {r.connections} | {_num(r.rps)} | {r.rps_ratio:.2f} | {r.rps_spread:.0%} "
            f"| {_num(r.p50_ms, 2)} | {r.p50_ratio:.2f} | {_num(r.p99_ms, 2)} | {r.p99_ratio:.2f} "
            f"| {_num(r.cpu_us)} | {r.cpu_ratio:.2f} "
            f"| {_num(r.cold_start_ms)} | {_num(r.rss_mb, 1)} | {r.socket_errors} |"
        )
    return "\n".join(lines)


def target_lines(rows: list[Row], connections: int) -> list[str]:
    """The mock's performance targets, judged at the highest connection count."""
    at = {r.scenario: r for r in rows if r.connections == connections}
    checks: list[tuple[str, bool | None]] = []
    if "valid" in at:
        checks.append(
            (f"valid req/s >= 0.80 x ceiling: {at['valid'].rps_ratio:.2f}", at["valid"].rps_ratio >= 0.80)
        )
        checks.append(
            (f"valid p99 <= 1.5 x ceiling: {at['valid'].p99_ratio:.2f}", at["valid"].p99_ratio <= 1.5)
        )
        cold = at["valid"].cold_start_ms
        if cold is not None:
            checks.append((f"cold start median <= 200 ms: {cold:.0f} ms", cold <= 200))
    if "invalid" in at:
        checks.append(
            (
                f"invalid req/s >= 0.70 x ceiling: {at['invalid'].rps_ratio:.2f}",
                at["invalid"].rps_ratio >= 0.70,
            )
        )
        checks.append(
            (f"invalid p99 <= 1.5 x ceiling: {at['invalid'].p99_ratio:.2f}", at["invalid"].p99_ratio <= 1.5)
        )
    return [f"- {'met' if ok else 'MISSED'}: {text}" for text, ok in checks]


def write_chart(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(dict.fromkeys(r.label for r in rows))
    counts = sorted({r.connections for r in rows})
    by_key = {(r.label, r.connections): r for r in rows}
    width = 0.8 / len(counts)
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), dpi=90)
    for i, count in enumerate(counts):
        xs = [x + i * width for x in range(len(labels))]
        left.bar(xs, [by_key[(lb, count)].rps_ratio for lb in labels], width, label=f"{count} connections")
        right.bar(xs, [by_key[(lb, count)].p99_ms for lb in labels], width, label=f"{count} connections")
    for axis, title in ((left, "req/s as a share of the ceiling"), (right, "p99 latency (ms)")):
        axis.set_xticks([x + width * (len(counts) - 1) / 2 for x in range(len(labels))], labels, fontsize=7)
        axis.set_title(title, fontsize=9)
        axis.tick_params(axis="y", labelsize=7)
    left.axhline(1.0, color="grey", linewidth=0.6)
    left.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def write_report(rows: list[Row], context: dict[str, Any], out: Path) -> str:
    top = max(r.connections for r in rows)
    text = "\n".join(
        [
            f"Run: {context['rounds']} rounds x {context['duration']:g} s per load, alternating servers; "
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
        ]
    )
    (out / "results.md").write_text(text)
    write_chart(rows, out / "results.png")
    return text
