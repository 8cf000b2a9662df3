"""A tiny run of the benchmark command: the ceiling and the mock's two paths for one
second each, producing the table, the chart and numbers that make sense."""

from __future__ import annotations

import json
import shutil

import pytest

from benchmarks import run

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk (Debian package wrk)")


def test_benchmark_smoke_run_writes_table_and_chart(tmp_path) -> None:
    assert run.main(["--smoke", "--connections", "8", "--out", str(tmp_path)]) == 0
    rows = {row["scenario"]: row for row in json.loads((tmp_path / "results.json").read_text())["rows"]}
    assert set(rows) == {"ceiling", "valid", "invalid"}
    for row in rows.values():
        assert row["rps"] > 50
        assert 0 < row["p50_ms"] <= row["p99_ms"]
        assert 0 < row["cold_start_ms"] < 10_000
        assert 10 < row["rss_mb"] < 1_000
    assert rows["ceiling"]["rps_ratio"] == 1.0
    table = (tmp_path / "results.md").read_text()
    assert "| mock, valid | 8 |" in table
    assert "| mock, invalid (400) | 8 |" in table
    assert (tmp_path / "results.png").read_bytes().startswith(b"\x89PNG")


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
