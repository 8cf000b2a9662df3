"""Each snapshot.json says, as data, the shape of its API: the endpoints it serves, where
the session config sits in the request and the session and secret in the response, the
fixed fields of each session type, the TTL rule, the socket protocol and the retired-mode
answer. These tests hold the manifests to their schemas and to the notes' captures."""

from __future__ import annotations

from typing import Any

import pytest

from mock_realtime.contract.snapshot import available_snapshots, load_contract
from tests.contract import examples as ex

SNAPSHOTS = ["2024-12-17", "beta-final", "ga"]


def at(document: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:] if pointer else []:
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


def schema_at(schema: dict[str, Any], pointer: str) -> dict[str, Any]:
    """The subschema describing the value at `pointer` of an instance, through properties."""
    for token in pointer.split("/")[1:] if pointer else []:
        schema = schema["properties"][token]
    return schema


def test_the_three_snapshots_ship() -> None:
    assert set(SNAPSHOTS) <= set(available_snapshots())


@pytest.mark.parametrize(("snapshot", "paths"), [
    ("2024-12-17", ["/v1/realtime/sessions"]),
    ("beta-final", ["/v1/realtime/sessions"]),
    ("ga", ["/v1/realtime/client_secrets"]),
])
def test_manifest_lists_the_endpoints_served(snapshot: str, paths: list[str]) -> None:
    endpoints = load_contract(snapshot).manifest["endpoints"]
    assert [e["path"] for e in endpoints] == paths
    assert all(e["method"] == "POST" for e in endpoints)


@pytest.mark.parametrize(("snapshot", "ttl"), [
    ("2024-12-17", {"default_seconds": 60}),
    ("beta-final", {"default_seconds": 600, "request_field": "/client_secret/expires_after/seconds",
                    "range": [10, 7200]}),
    ("ga", {"default_seconds": 600, "request_field": "/expires_after/seconds", "range": [10, 7200]}),
])
def test_manifest_ttl_rule_is_the_notes_one(snapshot: str, ttl: dict[str, Any]) -> None:
    assert load_contract(snapshot).manifest["endpoints"][0]["ttl"] == ttl


@pytest.mark.parametrize("snapshot", ["beta-final", "ga"])
def test_ttl_range_is_the_request_schemas_bounds(snapshot: str) -> None:
    contract = load_contract(snapshot)
    ttl = contract.manifest["endpoints"][0]["ttl"]
    field = schema_at(contract.request_schema, ttl["request_field"])
    assert [field["minimum"], field["maximum"]] == ttl["range"]


@pytest.mark.parametrize(("snapshot", "response"), [
    ("beta-final", {**ex.BETA_REST_AUG_2025, "truncation": "auto"}),
    ("ga", ex.GA_CLIENT_SECRET_EXAMPLE),
])
def test_manifest_pointers_find_the_secret_and_session_in_a_live_response(
    snapshot: str, response: dict[str, Any]
) -> None:
    endpoint = load_contract(snapshot).manifest["endpoints"][0]
    value = at(response, endpoint["secret"]["value"])
    assert value.startswith("ek_")
    assert at(response, endpoint["secret"]["expires_at"]) - int(value[3:11], 16) == 600  # the hex-prefix rule
    assert at(response, endpoint["session"])["object"] == "realtime.session"


@pytest.mark.parametrize("snapshot", SNAPSHOTS)
def test_manifest_roles_name_schemas_the_snapshot_ships(snapshot: str) -> None:
    contract = load_contract(snapshot)
    manifest = contract.manifest
    roles = [role for e in manifest["endpoints"] for role in (e["request"], e["response"])]
    roles += [role for t in manifest["session_types"]["types"].values() for role in (t["config"], t["session"])]
    assert all(role in contract.schemas for role in roles)


@pytest.mark.parametrize("snapshot", SNAPSHOTS)
def test_fixed_fields_are_what_the_session_schema_allows(snapshot: str) -> None:
    contract = load_contract(snapshot)
    for kind in contract.manifest["session_types"]["types"].values():
        properties = contract.schemas[kind["session"]]["properties"]
        for key, value in kind["fixed"].items():
            only = [None] if properties[key].get("type") == "null" else properties[key]["enum"]
            assert only == [value]


def test_ga_session_types_are_realtime_and_transcription() -> None:
    session_types = load_contract("ga").manifest["session_types"]
    assert session_types["at"] == "/type"
    assert session_types["types"]["realtime"]["fixed"] == {"object": "realtime.session", "expires_at": 0}
    assert session_types["types"]["transcription"]["fixed"] == {
        "object": "realtime.transcription_session", "expires_at": 0}


@pytest.mark.parametrize(("snapshot", "protocol"), [("2024-12-17", "beta"), ("beta-final", "beta"), ("ga", "ga")])
def test_manifest_names_its_socket_protocol(snapshot: str, protocol: str) -> None:
    manifest = load_contract(snapshot).manifest
    assert manifest["protocol"] == manifest["websocket"]["protocol"] == protocol
    assert manifest["session_max_seconds"] == 3600
    assert manifest["session_expired"]["message"] == "Your session hit the maximum duration of 60 minutes."


@pytest.mark.parametrize("snapshot", ["2024-12-17", "beta-final"])
def test_beta_snapshots_carry_the_retired_answer(snapshot: str) -> None:
    retired = load_contract(snapshot).manifest["retired"]
    assert retired["error"] == {"status": 400, "message": ex.RETIRED_MESSAGE, "type": "invalid_request_error",
                                "param": None, "code": "beta_api_shape_disabled"}
    assert retired["websocket_close"] == {"code": 4000, "reason": "invalid_request_error.beta_api_shape_disabled"}
    assert "retired" not in load_contract("ga").manifest


def _defaults(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: sub["default"] for key, sub in schema["properties"].items() if "default" in sub}


def test_ga_realtime_defaults_are_the_live_echo() -> None:
    defaults = _defaults(load_contract("ga").schemas["realtime_config"])
    echoed = {k: v for k, v in ex.GA_SESSION_CREATED["session"].items()
              if k not in ("type", "object", "id", "expires_at")}
    assert defaults == echoed


def test_ga_transcription_defaults_are_the_live_echo() -> None:
    defaults = _defaults(load_contract("ga").schemas["transcription_config"])
    echoed = {k: v for k, v in ex.GA_TRANSCRIPTION_SESSION.items() if k not in ("type", "object", "id", "expires_at")}
    assert defaults == echoed


def test_beta_final_defaults_are_the_live_echo() -> None:
    contract = load_contract("beta-final")
    defaults = _defaults(contract.request_schema)
    fixed = contract.manifest["session_types"]["types"]["realtime"]["fixed"]
    echoed = {**ex.BETA_SESSION_CREATED["session"], "instructions": ex.BETA_INSTRUCTIONS}
    expected = {k: v for k, v in echoed.items() if k not in ("id", "client_secret", *fixed)}
    assert defaults == expected


@pytest.mark.parametrize(("snapshot", "role", "order"), [
    ("beta-final", "response", list(ex.BETA_SESSION_CREATED["session"])),
    ("ga", "realtime_session", list(ex.GA_SESSION_CREATED["session"])),
    ("ga", "transcription_session", list(ex.GA_TRANSCRIPTION_SESSION)),
])
def test_session_schema_lists_keys_in_the_live_order(snapshot: str, role: str, order: list[str]) -> None:
    properties = list(load_contract(snapshot).schemas[role]["properties"])
    assert [key for key in properties if key in order] == order
