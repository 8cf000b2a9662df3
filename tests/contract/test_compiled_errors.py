"""Leaf failures explained from the compiled check's own errors: the same violations as the
full Python walk, for every served snapshot, and without the walk where that is exact."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_realtime.contract.checker import RequestChecker, schema_validator
from mock_realtime.contract.compiled_errors import leaf_error
from mock_realtime.contract.snapshot import load_contract
from mock_realtime.contract.violations import collect_violations

SNAPSHOTS = ["2024-12-17", "beta-final"]
TRAVEL_DESK = {
    "model": "gpt-4o-realtime-preview-2024-12-17",
    "voice": "verse",
    "input_audio_format": "pcm16",
    "turn_detection": {"type": "server_vad", "threshold": 0.6, "silence_duration_ms": 400},
    "tools": [{"type": "function", "name": "lookup_booking", "parameters": {"type": "object"}}],
    "temperature": 0.7,
}
LEAF_MISTAKES: dict[str, list[Any]] = {
    "temperature": [1.5, 0.1, "warm", None],
    "input_audio_format": ["mp3", 7],
    "voice": [7, "nova"],
    "turn_detection": [{"type": "server_vad", "threshold": 3}, {"type": "nope", "threshold": -1},
                       {"type": "server_vad", "silence_duration_ms": "long"}],
    "tools": [[{"type": "function", "name": 5}], [{"type": "api", "name": "x"}], [7]],
    "max_response_output_tokens": [5000, 0, "infinite"],
    "modalities": [["text", "video"], "text"],
}
mistakes = st.dictionaries(st.sampled_from(sorted(LEAF_MISTAKES)), st.integers(0, 3), min_size=1)


def _body(chosen: dict[str, int]) -> dict[str, Any]:
    wrong = {key: LEAF_MISTAKES[key][i % len(LEAF_MISTAKES[key])] for key, i in chosen.items()}
    return {**TRAVEL_DESK, **wrong}


@pytest.mark.parametrize("name", SNAPSHOTS)
@given(chosen=mistakes)
def test_leaf_mistakes_are_explained_as_the_full_walk(name: str, chosen: dict[str, int]) -> None:
    contract = load_contract(name)
    checker, full = contract.checker("request"), schema_validator(contract.request_schema)
    body = _body(chosen)
    assert checker.violations(body) == collect_violations(full.iter_errors(body), body, limit=None)


def test_leaf_and_union_mistakes_need_no_python_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = RequestChecker(load_contract("2024-12-17").request_schema)
    monkeypatch.setattr(RequestChecker, "_plain", property(lambda self: pytest.fail("walked")))
    body = {**TRAVEL_DESK, "temperature": 1.5, "input_audio_format": "mp3", "voice": 7,
            "max_response_output_tokens": 5000}
    assert [(v["param"], v["code"], v["message"]) for v in checker.violations(body)] == [
        ("voice", "invalid_type", "Invalid type for 'voice': expected a string, but got an integer instead."),
        ("input_audio_format", "invalid_value",
         "Invalid value: 'mp3'. Supported values are: 'pcm16', 'g711_ulaw', and 'g711_alaw'."),
        ("temperature", "decimal_above_max_value",
         "Invalid 'temperature': decimal above maximum value. Expected a value <= 1.2, but got 1.5 instead."),
        ("max_response_output_tokens", "integer_above_max_value",
         "Invalid 'max_response_output_tokens': integer above maximum value. "
         "Expected a value <= 4096, but got 5000 instead."),
    ]


class _Kind:
    def __init__(self, context: list[list[Any]]) -> None:
        self.context = context


class OneOfMultipleValid(_Kind):
    pass


class _Reported:
    def __init__(self, schema_path: list[Any], instance_path: list[Any], instance: Any, kind: Any = None) -> None:
        self.schema_path, self.instance_path, self.instance, self.kind = schema_path, instance_path, instance, kind


def test_a_union_valid_twice_is_left_to_the_walk() -> None:
    schema = {"properties": {"x": {"oneOf": [{"type": "integer"}, {"type": "number"}]}}}
    assert leaf_error(schema, _Reported(["properties", "x", "oneOf"], ["x"], 1, OneOfMultipleValid([]))) is None


@pytest.mark.parametrize(
    "schema_path",
    [["properties", "x", "$ref", "type"], ["properties", "x", "allOf", 0, "type"],
     ["properties", "x", "not"], ["required"], ["properties", "x", "minLength"]],
    ids=["ref", "allOf", "not", "required", "other-keyword"],
)
def test_anything_but_a_plain_leaf_is_left_to_the_walk(schema_path: list[Any]) -> None:
    schema = {"properties": {"x": {"type": "string", "oneOf": [], "not": {}, "minLength": 2}}}
    assert leaf_error(schema, _Reported(schema_path, ["x"], 1)) is None


def test_a_leaf_through_items_reads_its_own_schema() -> None:
    schema = {"properties": {"xs": {"type": "array", "items": {"type": "integer", "maximum": 3}}}}
    leaf = leaf_error(schema, _Reported(["properties", "xs", "items", "maximum"], ["xs", 1], 9))
    assert leaf is not None
    assert (leaf.validator, leaf.validator_value, leaf.schema, list(leaf.absolute_path)) == (
        "maximum", 3, {"type": "integer", "maximum": 3}, ["xs", 1])


def test_a_rule_the_schema_words_itself_needs_no_python_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = load_contract("ga").checker("request")
    monkeypatch.setattr(RequestChecker, "_plain", property(lambda self: pytest.fail("walked")))
    body = {"session": {"type": "realtime", "output_modalities": ["audio", "text"], "max_output_tokens": 5000}}
    assert [(v["param"], v["code"]) for v in checker.violations(body)] == [
        ("session.output_modalities", "invalid_value"),  # a `not`, worded by its x-error-message
        ("session.max_output_tokens", "integer_above_max_value"),
    ]


def test_a_worded_rule_is_read_from_its_own_schema() -> None:
    schema = {"properties": {"x": {"type": "array", "not": {"minItems": 2}, "x-error-message": "Pick one."}}}
    leaf = leaf_error(schema, _Reported(["properties", "x", "not"], ["x"], [1, 2]))
    assert leaf is not None
    assert (leaf.validator, leaf.schema["x-error-message"], list(leaf.absolute_path)) == ("not", "Pick one.", ["x"])
