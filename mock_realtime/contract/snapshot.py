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
from mock_realtime.contract.defaults import Filler, compile_defaults
from mock_realtime.contract.resolver import Resolver
from mock_realtime.contract.shape import Endpoint, SessionTypes, endpoints_of, session_types_of

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

    def schema(self, role: str) -> dict[str, Any]:
        """The schema the manifest names `role` (the request, response and error schemas are
        fields of their own, so that a test can swap one with dataclasses.replace)."""
        fields = {"request": self.request_schema, "response": self.response_schema, "error": self.error_schema}
        return fields.get(role) or self.schemas[role]

    @cached_property
    def endpoints(self) -> list[Endpoint]:
        """Every operation this snapshot serves, as its manifest lists them."""
        return endpoints_of(self.name, self.manifest)

    @cached_property
    def session_types(self) -> SessionTypes:
        return session_types_of(self.manifest)

    @property
    def protocol(self) -> str:
        """Which Realtime protocol the snapshot's socket speaks: "beta" or "ga"."""
        return str(self.manifest.get("protocol", "beta"))

    @property
    def method(self) -> str:
        return self.endpoints[0].method

    @property
    def path(self) -> str:
        return self.endpoints[0].path

    @property
    def secret_ttl_seconds(self) -> int:
        return self.endpoints[0].ttl.default_seconds

    @property
    def websocket_path(self) -> str:
        return str(self.manifest["websocket"]["path"])

    @property
    def refusal_close_code(self) -> int:
        return int(self.manifest["websocket"]["refusal_close_code"])

    @property
    def webrtc(self) -> dict[str, Any] | None:
        """Where and in which form the snapshot takes WebRTC offers, if it does."""
        webrtc: dict[str, Any] | None = self.manifest.get("webrtc")
        return webrtc

    @property
    def sideband_query(self) -> str | None:
        """The socket query parameter that joins a WebRTC call, where the snapshot has one."""
        sideband = (self.webrtc or {}).get("sideband") or {}
        query: str | None = sideband.get("query")
        return query

    @property
    def session_max_seconds(self) -> int:
        """How long a Realtime session may run before the server ends it."""
        return int(self.manifest.get("session_max_seconds", 3600))

    @property
    def retired(self) -> dict[str, Any] | None:
        """What the API answered to this snapshot's shape after it was shut down, if it was."""
        retired: dict[str, Any] | None = self.manifest.get("retired")
        return retired

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(self.schemas)

    def inlined(self, role: str) -> dict[str, Any]:
        """The schema named `role` as one tree, every `$ref` replaced by what it names."""
        return self.resolver.inline(self.schema(role))

    def filler(self, role: str) -> Filler:
        """The defaults filler for the schema named `role`, compiled once."""
        fillers = self._fillers
        if role not in fillers:
            fillers[role] = compile_defaults(self.schema(role), self.resolver)
        return fillers[role]

    @cached_property
    def _fillers(self) -> dict[str, Filler]:
        return {}

    def checker(self, role: str) -> RequestChecker:
        """The checker for a schema the manifest names (`request`, `session_update`, ...),
        compiled on first use and kept: one per schema."""
        checkers = self._checkers
        if role not in checkers:
            checkers[role] = RequestChecker(self.schema(role), resources=[self.request_schema, *self.schemas.values()])
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
