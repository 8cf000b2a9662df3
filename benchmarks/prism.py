"""Prism (@stoplight/prism-cli), installed from npm into benchmarks/.cache, serving the
mock's own OpenAPI document: the same endpoint, described by the same contract."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from benchmarks.servers import ServerSpec
from mock_realtime.contract.snapshot import load_contract
from mock_realtime.web.openapi import build_openapi

PACKAGE = "@stoplight/prism-cli@5"
CACHE = Path(__file__).resolve().parent / ".cache"


def node_available() -> bool:
    return shutil.which("node") is not None and shutil.which("npm") is not None


def install(cache: Path = CACHE) -> Path:
    """The prism entry script, installing it on first use."""
    prefix = cache / "prism"
    entry = prefix / "node_modules" / "@stoplight" / "prism-cli" / "dist" / "index.js"
    if not entry.is_file():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(prefix),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                PACKAGE,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return entry


def write_spec(contract: str, cache: Path = CACHE) -> Path:
    spec = cache / f"openapi-{contract}.json"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(json.dumps(build_openapi(load_contract(contract))))
    return spec


def prism_spec(contract: str = "2024-12-17") -> ServerSpec:
    """Prism validating requests, with its logging silenced, as for the others."""
    entry, spec = install(), write_spec(contract)
    node = shutil.which("node") or "node"
    return ServerSpec(
        "prism",
        [
            node,
            str(entry),
            "mock",
            str(spec),
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
            "--verboseLevel",
            "silent",
        ],
    )
