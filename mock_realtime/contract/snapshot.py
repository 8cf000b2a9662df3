"""Load one contract snapshot from contracts/ and compile its validators.

A snapshot is a folder holding `snapshot.json` plus the JSON Schemas it names.
Serving a new snapshot means adding a folder, not code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    import jsonschema
    from referencing import Registry

from mock_realtime.contract.choice_references import CHOICE_KEYWORD, choice_reference_errors, choice_references_ok

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def contracts_dir() -> Path:
    """Inside a wheel the schemas ship as mock_realtime/contracts; in a checkout they sit beside it."""
    installed = _PACKAGE_DIR / "contracts"
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / "contracts"


def available_snapshots() -> list[str]:
    return sorted(p.parent.name for p in contracts_dir().glob("*/snapshot.json"))


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _extended_validator() -> type[jsonschema.protocols.Validator]:
    """Draft 2020-12 plus the contract's one custom keyword (a choice among declared names)."""
    import jsonschema

    def check_choices(validator: Any, rules: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "object"):
            yield from choice_reference_errors(rules, instance)

    extended: type[jsonschema.protocols.Validator] = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, {CHOICE_KEYWORD: check_choices}
    )
    return extended


@dataclass(frozen=True)
class Contract:
    name: str
    manifest: dict[str, Any]
    request_schema: dict[str, Any]
    response_schema: dict[str, Any]
    error_schema: dict[str, Any]
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)

    @cached_property
    def registry(self) -> Registry[Any]:
        """Built on first use: the jsonschema stack is slow to import, and a server that
        only sees valid requests never needs it (the compiled fast check does without)."""
        from referencing import Registry, Resource

        return Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in self.schemas.values())

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

    def validator(self, role: str) -> Any:
        """A full validator (custom keywords included) for any schema the manifest names."""
        return _extended_validator()(self.schemas[role], registry=self.registry)

    def request_validator(self) -> Any:
        return _extended_validator()(self.request_schema, registry=self.registry)

    def focused_request_validator(self) -> Any:
        """The full request validator, explaining only the parts the compiled check failed."""
        from mock_realtime.contract._focused import FocusedValidator

        compiled = jsonschema_rs.validator_for(self.request_schema)
        rules = self.request_schema.get(CHOICE_KEYWORD, [])
        return FocusedValidator(self.request_validator(), compiled, self.request_schema, rules)

    def response_validator(self) -> Any:
        from jsonschema import Draft202012Validator

        return Draft202012Validator(self.response_schema, registry=self.registry)

    def error_validator(self) -> Any:
        from jsonschema import Draft202012Validator

        return Draft202012Validator(self.error_schema, registry=self.registry)

    def fast_request_check(self) -> Any:
        """A compiled yes/no check for the hot path; the full validator explains a 'no'."""
        compiled = jsonschema_rs.validator_for(self.request_schema)
        rules = self.request_schema.get(CHOICE_KEYWORD, [])

        def is_valid(body: Any) -> bool:
            return bool(compiled.is_valid(body)) and choice_references_ok(rules, body)

        return is_valid


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
