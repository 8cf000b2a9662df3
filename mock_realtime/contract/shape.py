"""The shape of a snapshot's API, as its snapshot.json states it: the endpoints served,
where each one's session config sits in the request and its session and secret in the
response, how long the secret lives, and the session types with their fixed fields.
Nothing about the API's shape is decided in Python: a snapshot whose response nests
the session and puts the secret beside it is a different manifest, not different code.

Manifests written before `endpoints` existed (one `endpoint`, `secret_ttl_seconds`)
describe the Dec 2024 shape, and are read as such."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mock_realtime.contract.pointers import get


@dataclass(frozen=True, slots=True)
class TtlRule:
    """A fixed default, optionally a request field (its range is the request schema's)."""

    default_seconds: int
    request_field: str | None = None
    range: tuple[int, int] | None = None

    def seconds(self, body: Any, *, default: int = 0) -> int:
        """What the request asks for, else `default`, else the snapshot's default."""
        asked = get(body, self.request_field) if self.request_field is not None else None
        if isinstance(asked, int) and not isinstance(asked, bool):
            return asked
        return default or self.default_seconds


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One operation a snapshot serves; schemas are named by their manifest role."""

    snapshot: str
    name: str
    method: str
    path: str
    operation_id: str
    summary: str
    request: str
    response: str
    session_config: str
    session: str
    secret_value: str
    secret_expires_at: str
    ttl: TtlRule


@dataclass(frozen=True, slots=True)
class SessionType:
    """A kind of session: the config schema that fills it, the session schema that orders it,
    the fields it fixes, and the values it shows elsewhere than the config puts them
    (`shown`: pairs of pointers, from and to)."""

    name: str
    config: str
    session: str
    fixed: dict[str, Any]
    shown: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SessionTypes:
    """The kinds of session a snapshot mints, told apart by the value at `at` in the config."""

    at: str | None
    default: str
    types: dict[str, SessionType]

    def of(self, config: Any) -> SessionType:
        name = get(config, self.at) if self.at is not None else None
        return self.types[name] if isinstance(name, str) and name in self.types else self.types[self.default]


def _ttl(data: dict[str, Any]) -> TtlRule:
    bounds = data.get("range")
    return TtlRule(int(data["default_seconds"]), data.get("request_field"),
                   None if bounds is None else (int(bounds[0]), int(bounds[1])))


def _endpoint(snapshot: str, data: dict[str, Any]) -> Endpoint:
    return Endpoint(
        snapshot=snapshot, name=data["name"], method=data["method"], path=data["path"],
        operation_id=data["operation_id"], summary=data.get("summary", data["operation_id"]),
        request=data.get("request", "request"), response=data.get("response", "response"),
        session_config=data.get("session_config", ""), session=data.get("session", ""),
        secret_value=data["secret"]["value"], secret_expires_at=data["secret"]["expires_at"],
        ttl=_ttl(data["ttl"]),
    )


def _legacy_endpoints(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    endpoint = manifest["endpoint"]
    return [{**endpoint, "name": endpoint["operation_id"],
             "secret": {"value": "/client_secret/value", "expires_at": "/client_secret/expires_at"},
             "ttl": {"default_seconds": manifest["secret_ttl_seconds"]}}]


def endpoints_of(snapshot: str, manifest: dict[str, Any]) -> list[Endpoint]:
    listed = manifest.get("endpoints") or _legacy_endpoints(manifest)
    return [_endpoint(snapshot, data) for data in listed]


def session_types_of(manifest: dict[str, Any]) -> SessionTypes:
    data = manifest.get("session_types") or {
        "at": None, "default": "realtime",
        "types": {"realtime": {"config": "request", "session": "response", "fixed": {"object": "realtime.session"}}},
    }
    types = {name: SessionType(name, t["config"], t["session"], dict(t.get("fixed", {})),
                               tuple((m["from"], m["to"]) for m in t.get("shown", [])))
             for name, t in data["types"].items()}
    return SessionTypes(data.get("at"), data["default"], types)
