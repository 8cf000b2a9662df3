"""A tiny run of the benchmark command: the references and the mock's paths for one
second each, the WebSocket rows, producing the table, the chart and numbers that make
sense. Nothing here is about speed: every bound is one any working server meets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from benchmarks import run
from benchmarks.readme import BEGIN, END, update_readme

needs_wrk = pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk (Debian package wrk)")


@pytest.fixture(scope="module")
def smoke_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One smoke run, read by each test below."""
    out = tmp_path_factory.mktemp("bench")
    assert run.main(["--smoke", "--connections", "8", "--out", str(out)]) == 0
    return out


@needs_wrk
def test_benchmark_smoke_run_writes_table_and_chart(smoke_out: Path) -> None:
    tmp_path = smoke_out
    rows = {row["scenario"]: row for row in json.loads((tmp_path / "results.json").read_text())["rows"]}
    assert {"raw-asgi", "ceiling", "valid", "invalid", "valid-no-log", "invalid-no-log", "valid-uvloop"} <= set(rows)
    for row in rows.values():
        assert row["rps"] > 50
        assert 0 < row["p50_ms"] <= row["p99_ms"]
        assert 0 < row["cold_start_ms"] < 10_000
        assert 10 < row["rss_mb"] < 1_000
    assert rows["ceiling"]["rps_ratio"] == 1.0
    assert rows["ceiling"]["cold_start_ratio"] == 1.0
    table = (tmp_path / "results.md").read_text()
    assert "| mock, valid | 8 |" in table
    assert "| mock, invalid (400) | 8 |" in table
    assert "| bare raw ASGI (reference) | 8 |" in table
    assert (tmp_path / "results.png").read_bytes().startswith(b"\x89PNG")


@needs_wrk
def test_benchmark_smoke_run_measures_websocket_handshakes(smoke_out: Path) -> None:
    tmp_path = smoke_out
    sockets = json.loads((tmp_path / "results.json").read_text())["websocket"]
    rows = {row["scenario"]: row for row in sockets["rows"]}
    assert set(rows) == {"ws-ceiling", "ws-mock"}
    assert rows["ws-ceiling"]["ratio"] == 1.0
    for row in rows.values():
        assert row["per_second"] > 1
        assert row["cpu_us"] > 0
    assert sockets["rss"]["sessions"] == 100
    assert 10 < sockets["rss"]["baseline_mb"] <= sockets["rss"]["peak_mb"] < 1_000
    assert "| mock, handshake to session.created |" in (tmp_path / "results.md").read_text()


@needs_wrk
def test_benchmark_smoke_run_streams_audio_beside_the_bare_socket(smoke_out: Path) -> None:
    """The mock's spoken reply and the baseline's deltas, in the same sizes, both arrived."""
    audio = json.loads((smoke_out / "results.json").read_text())["websocket"]["audio"]
    sizes = json.loads((smoke_out / "audio-delta-sizes.json").read_text())
    assert audio["deltas_per_response"] == len(sizes) > 10
    assert audio["delta_bytes"] == max(sizes) == 4800  # 100 ms of 24 kHz pcm16
    assert audio["mock_bytes_per_s"] > 0
    assert audio["baseline_bytes_per_s"] > 0
    assert audio["ratio"] == audio["mock_bytes_per_s"] / audio["baseline_bytes_per_s"]  # one round
    assert "a streamed audio reply" in (smoke_out / "results.md").read_text()


@needs_wrk
def test_the_report_is_written_again_from_saved_results_with_a_later_soak(smoke_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    shutil.copytree(smoke_out, out)
    (out / "soak.md").write_text("RSS over 9 requests: growth +0.0 MB (met: < 5 MB).\n")
    first = (smoke_out / "results.md").read_text()
    assert run.main(["--report-only", "--out", str(out)]) == 0
    again = (out / "results.md").read_text()
    assert again.startswith(first.strip().split("\n\n| WebSocket")[0])  # the same table, unmeasured
    assert "- soak (`python -m benchmarks.soak`): RSS over 9 requests" in again


def test_readme_section_is_replaced_between_its_markers(tmp_path: Path) -> None:
    readme, chart = tmp_path / "README.md", tmp_path / "chart.png"
    readme.write_text(f"# T\n\n{BEGIN}\nold table\n{END}\n\n## Next\n")
    chart.write_bytes(b"\x89PNG chart")
    update_readme(readme, "| new | table |\n", chart, tmp_path / "copy.png")
    assert readme.read_text() == f"# T\n\n{BEGIN}\n| new | table |\n{END}\n\n## Next\n"
    assert (tmp_path / "copy.png").read_bytes() == b"\x89PNG chart"


def test_readme_without_markers_is_refused(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n")
    with pytest.raises(RuntimeError, match="no benchmark markers"):
        update_readme(readme, "x", tmp_path / "chart.png", tmp_path / "copy.png")
    assert readme.read_text() == "# no markers\n"


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server (Debian package redis-server)")
def test_store_benchmark_smoke_run_gives_both_ratios(tmp_path) -> None:
    from benchmarks import stores

    assert stores.main(["--smoke", "--connections", "8", "--out", str(tmp_path)]) == 0
    rows = {row["key"]: row for row in json.loads((tmp_path / "stores.json").read_text())}
    assert set(rows) == {"memory", "redis", "redis-workers-2"}
    assert rows["memory"]["rps_ratio"] == 1.0
    assert rows["redis"]["compared_with"] == "memory store, 1 process"
    assert rows["redis-workers-2"]["compared_with"] == "Redis store, 1 process"
    for row in rows.values():
        assert row["rps"] > 20
        assert 0 < row["p50_ms"] <= row["p99_ms"]
    assert "| Redis store, --workers 2 |" in (tmp_path / "stores.md").read_text()
