"""The compiled defaults filler gives byte-for-byte what walking the schema gives
(same values, same key order), and never shares a mutable default between sessions."""

from __future__ import annotations

import copy
from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

from mock_realtime.contract.sessions import apply_defaults
from mock_realtime.contract.snapshot import load_contract

SCHEMA = load_contract("2024-12-17").request_schema
SHAPED = {  # values shaped as the contract expects, so nested objects and arrays get filled
    "turn_detection": [{"threshold": 0.6, "type": "server_vad"}, {"create_response": False}, {}, None],
    "tools": [[{"name": "f", "type": "function"}, {"parameters": {"type": "object"}, "extra": 1}], []],
    "input_audio_transcription": [{}, {"model": "whisper-1"}, None],
    "modalities": [["text"], ["audio", "text"]],
}


def only_integers(schema: dict[str, Any]) -> bool:
    """Whether the schema takes integers and no other numbers (itself or through its branches)."""
    kinds = [schema, *(b for b in schema.get("oneOf", []) + schema.get("anyOf", []) if isinstance(b, dict))]
    declared = {t for k in kinds for t in ([k["type"]] if isinstance(k.get("type"), str) else k.get("type", []))}
    return "integer" in declared and "number" not in declared


def walk_defaults(schema: dict[str, Any], value: Any) -> Any:
    """The schema walk, re-done on every call: the reference the compiled filler must match.
    A whole decimal where only integers are taken is echoed as the integer, as OpenAI does
    (orjson writes integers of up to 64 bits; larger ones stay decimals)."""
    if isinstance(value, float) and value.is_integer() and -(2**63) <= value <= 2**64 - 1 and only_integers(schema):
        return int(value)
    if isinstance(value, dict) and "properties" in schema:
        filled = {}
        for key, subschema in schema["properties"].items():
            if key in value:
                filled[key] = walk_defaults(subschema, value[key])
            elif "default" in subschema:
                filled[key] = copy.deepcopy(subschema["default"])
        filled.update((k, v) for k, v in value.items() if k not in filled)
        return filled
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [walk_defaults(schema["items"], item) for item in value]
    return value


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
loose_bodies = st.dictionaries(
    st.sampled_from([*SCHEMA["properties"], "extra", "other"]), json_values, max_size=8
)
shaped_bodies = st.fixed_dictionaries(
    {"model": st.just("gpt-4o-realtime-preview")},
    optional={key: st.sampled_from(values) | json_values for key, values in SHAPED.items()},
)


@given(shaped_bodies)
def test_filler_matches_schema_walk_on_contract_shaped_bodies(body: dict[str, Any]) -> None:
    assert orjson.dumps(apply_defaults(SCHEMA, body)) == orjson.dumps(walk_defaults(SCHEMA, body))


@given(loose_bodies)
def test_filler_matches_schema_walk_on_any_json_object(body: dict[str, Any]) -> None:
    assert orjson.dumps(apply_defaults(SCHEMA, body)) == orjson.dumps(walk_defaults(SCHEMA, body))


def test_filler_never_shares_mutable_defaults() -> None:
    first = apply_defaults(SCHEMA, {"model": "gpt-4o-realtime-preview"})
    second = apply_defaults(SCHEMA, {"model": "gpt-4o-realtime-preview"})
    first["turn_detection"]["threshold"] = 0.9
    first["modalities"].append("video")
    assert second["turn_detection"]["threshold"] == 0.5
    assert second["modalities"] == ["audio", "text"]
    assert SCHEMA["properties"]["modalities"]["default"] == ["audio", "text"]


def test_filler_follows_a_schema_changed_by_copy() -> None:
    changed = copy.deepcopy(SCHEMA)
    changed["properties"]["voice"]["default"] = "verse"
    assert apply_defaults(changed, {"model": "m"})["voice"] == "verse"
    assert apply_defaults(SCHEMA, {"model": "m"})["voice"] == "alloy"
