"""Load one contract snapshot from contracts/, with one checker per schema it names.

A snapshot is a folder holding `snapshot.json` plus the JSON Schemas it names.
Serving a new snapshot means adding a folder, not code."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from mock_realtime.contract.checker import RequestChecker

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def contracts_dir() -> Path:
    """Inside a wheel the schemas ship as mock_realtime/contracts; in a checkout they sit beside it."""
    installed = _PACKAGE_DIR / "contracts"
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / "contracts"


def available_snapshots() -> list[str]:
    return sorted(p.parent.name for p in contracts_dir().glob("*/snapshot.json"))


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Contract:
    name: str
    manifest: dict[str, Any]
    request_schema: dict[str, Any]
    response_schema: dict[str, Any]
    error_schema: dict[str, Any]
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def method(self) -> str:
        return str(self.manifest["endpoint"]["method"])

    @property
    def path(self) -> str:
        return str(self.manifest["endpoint"]["path"])

    @property
    def secret_ttl_seconds(self) -> int:
        return int(self.manifest["secret_ttl_seconds"])

    @property
    def websocket_path(self) -> str:
        return str(self.manifest["websocket"]["path"])

    @property
    def refusal_close_code(self) -> int:
        return int(self.manifest["websocket"]["refusal_close_code"])

    def checker(self, role: str) -> RequestChecker:
        """The checker for a schema the manifest names (`request`, `session_update`, ...),
        compiled on first use and kept: one per schema."""
        checkers = self._checkers
        if role not in checkers:
            schema = self.request_schema if role == "request" else self.schemas[role]
            checkers[role] = RequestChecker(schema, resources=[self.request_schema, *self.schemas.values()])
        return checkers[role]

    @cached_property
    def _checkers(self) -> dict[str, RequestChecker]:
        return {}


def _schema_files(manifest: dict[str, Any]) -> dict[str, str]:
    """Every manifest entry that names a .json file is a schema, known by its key (its role)."""
    return {role: file for role, file in manifest.items() if isinstance(file, str) and file.endswith(".json")}


def snapshot_folder(name: str) -> Path:
    """A snapshot shipped in contracts/ by name, or any snapshot folder by its path."""
    shipped = contracts_dir() / name
    return shipped if shipped.is_dir() or not Path(name).is_dir() else Path(name)


@cache
def load_contract(name: str) -> Contract:
    folder = snapshot_folder(name)
    manifest_path = folder / "snapshot.json"
    if not manifest_path.is_file():
        known = ", ".join(available_snapshots()) or "none"
        raise LookupError(f"no contract snapshot {name!r} in {contracts_dir()} (known: {known})")
    manifest = _read_json(manifest_path)
    schemas = {role: _read_json(folder / file) for role, file in _schema_files(manifest).items()}
    return Contract(
        name=name,
        manifest=manifest,
        request_schema=schemas["request"],
        response_schema=schemas["response"],
        error_schema=schemas["error"],
        schemas=schemas,
    )
