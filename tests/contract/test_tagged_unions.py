"""Unions told apart by a tag (a `discriminator`, or a required `const`/`enum` property):
a value is explained through the branch it names only, and a tag naming none is the error."""

from __future__ import annotations

from itertools import islice
from typing import Any

from mock_realtime.contract.checker import RequestChecker, schema_validator
from mock_realtime.contract.snapshot import load_contract
from mock_realtime.contract.violations import MAX_VIOLATIONS

GA = load_contract("ga")
RESOURCES = list(GA.schemas.values())
BAD_TOOLS = [{"xx": 1}] * 5_000


def client_secrets(body: Any) -> list[dict[str, Any]]:
    return GA.checker("request").violations(body)


def test_the_walk_enters_only_the_named_session_type_and_builds_no_union_context() -> None:
    walk = schema_validator(GA.schemas["request"], RESOURCES)
    errors = list(islice(walk.iter_errors({"session": {"type": "realtime", "tools": BAD_TOOLS}}), MAX_VIOLATIONS))
    assert len(errors) == MAX_VIOLATIONS
    assert [list(e.absolute_path) for e in errors[:2]] == [["session", "tools", 0], ["session", "tools", 1]]
    # Each error is one item's (its own small union of tool types), none the session's.
    assert [list(e.absolute_path)[:2] for e in errors] == [["session", "tools"]] * MAX_VIOLATIONS
    assert max(len(e.context or []) for e in errors) < 10


def test_a_missing_session_type_is_the_one_violation() -> None:
    assert client_secrets({"session": {"tools": BAD_TOOLS}}) == [{
        "param": "session.type", "code": "missing_required_parameter",
        "message": "Missing required parameter: 'session.type'."}]


def test_an_unknown_session_type_lists_the_supported_ones() -> None:
    assert client_secrets({"session": {"type": "translation", "tools": BAD_TOOLS}}) == [{
        "param": "session.type", "code": "invalid_value",
        "message": "Invalid value: 'translation'. Supported values are: 'realtime' and 'transcription'."}]


def test_a_transcription_session_is_explained_by_its_own_schema() -> None:
    assert client_secrets({"session": {"type": "transcription", "voice": "alloy"}})[0] == {
        "param": "session.voice", "code": "unknown_parameter", "message": "Unknown parameter: 'session.voice'."}


def test_the_ga_session_update_stops_at_the_cap() -> None:
    event = {"type": "session.update", "session": {"type": "realtime", "tools": [{"xx": 1}] * 50_000}}
    found = GA.checker("session_update").violations(event)
    assert len(found) == MAX_VIOLATIONS
    assert found[0]["param"] == "session.tools[0].xx"


# A union without a `discriminator` whose branches fix `kind` to different constants.
CONST_TAGGED = {
    "type": "object",
    "properties": {"shape": {"oneOf": [
        {"type": "object", "required": ["kind", "radius"], "additionalProperties": False,
         "properties": {"kind": {"const": "circle"}, "radius": {"type": "number"}}},
        {"type": "object", "required": ["kind", "side"], "additionalProperties": False,
         "properties": {"kind": {"const": "square"}, "side": {"type": "number"}}},
    ]}},
}


def test_a_union_told_apart_by_a_const_explains_only_the_named_branch() -> None:
    found = RequestChecker(CONST_TAGGED).violations({"shape": {"kind": "square", "radius": 1}})
    assert found == [
        {"param": "shape.side", "code": "missing_required_parameter",
         "message": "Missing required parameter: 'shape.side'."},
        {"param": "shape.radius", "code": "unknown_parameter", "message": "Unknown parameter: 'shape.radius'."},
    ]
