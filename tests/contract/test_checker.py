"""A schema's checker: its verdict is the full walk's, and explaining only the parts the
compiled check failed, with the choice rule evaluated apart, gives exactly the violations
the full walk gives: same params, codes, messages and order."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_realtime.contract.checker import RequestChecker, schema_validator
from mock_realtime.contract.snapshot import load_contract
from mock_realtime.contract.violations import collect_violations

CONTRACT = load_contract("2024-12-17")
FULL = schema_validator(CONTRACT.request_schema)
CHECKER = CONTRACT.checker("request")
UPDATE_FULL = schema_validator(CONTRACT.schemas["session_update"], CONTRACT.schemas.values())
UPDATE_CHECKER = CONTRACT.checker("session_update")
PROPERTIES = CONTRACT.request_schema["properties"]

# Only what JSON can carry: the body parser refuses 1e400, so no infinity reaches the mock.
scalars = (st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1)
           | st.floats(allow_nan=False, allow_infinity=False))
json_values = st.recursive(
    scalars | st.text(max_size=5) | st.sampled_from(["auto", "text", "pcm16", "alloy", "inf", "function"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
NEAR_MISSES: dict[str, list[Any]] = {  # values that fail deep inside a property, or almost pass
    "turn_detection": [{"type": "server_vad", "threshold": 2}, {"silence_duration_ms": "1"}, {"x": 1}],
    "tools": [[{"type": "function", "name": "f", "extra": 1}], [{"type": "api"}], [{"name": 3}]],
    "max_response_output_tokens": [0, 4097, "infinite", 1.5, 100],
    "temperature": [0.5, 1.3, "hot", 0.8],
    "input_audio_transcription": [{"model": "whisper-2"}, {}, None],
    "tool_choice": ["auto", "f", "lookup"],
}
bodies = st.fixed_dictionaries(
    {},
    optional={
        **{key: json_values for key in PROPERTIES},
        **{key: st.sampled_from(values) | json_values for key, values in NEAR_MISSES.items()},
        "model": st.sampled_from(["gpt-4o-realtime-preview", "gpt-5"]) | json_values,
        "unknown": json_values,
    },
)

# Bodies whose root rules hold, so that only properties fail: the focused path proper.
rooted_bodies = st.fixed_dictionaries(
    {"model": st.just("gpt-4o-realtime-preview")},
    optional={
        **{key: json_values for key in PROPERTIES if key not in ("model", "tool_choice")},
        **{
            key: st.sampled_from(values) | json_values
            for key, values in NEAR_MISSES.items()
            if key != "tool_choice"
        },
    },
)


def _walked(validator: Any, body: Any) -> list[dict[str, str]]:
    """The reference: every error of the full walk, worded."""
    return collect_violations(validator.iter_errors(body), body, limit=None)


@given(bodies)
def test_checker_explains_as_the_full_walk(body: dict[str, Any]) -> None:
    assert CHECKER.violations(body) == _walked(FULL, body)
    assert CHECKER.is_valid(body) == FULL.is_valid(body)


@given(rooted_bodies)
def test_checker_explains_as_the_full_walk_when_only_properties_fail(body: dict[str, Any]) -> None:
    assert CHECKER.violations(body) == _walked(FULL, body)


@given(st.dictionaries(st.sampled_from(sorted(NEAR_MISSES)), st.just(None), min_size=2))
def test_checker_orders_several_failing_properties_as_the_full_walk(keys) -> None:
    body = {"model": "gpt-4o-realtime-preview", **{key: NEAR_MISSES[key][0] for key in keys}}
    assert CHECKER.violations(body) == _walked(FULL, body)


@given(st.fixed_dictionaries({"type": st.just("session.update") | json_values, "session": bodies | json_values}))
def test_session_update_checker_explains_as_the_full_walk(event: dict[str, Any]) -> None:
    """The choice rule sits inside `session` here, not at the root."""
    assert UPDATE_CHECKER.violations(event) == _walked(UPDATE_FULL, event)
    assert UPDATE_CHECKER.is_valid(event) == UPDATE_FULL.is_valid(event)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({"model": "gpt-4o-realtime-preview", "tool_choice": "lookup"},
                     [("tool_choice", "invalid_value",
                       "Invalid value: 'lookup'. Supported values are: 'auto', 'none', and 'required'.")],
                     id="undeclared-tool"),
        pytest.param({"model": "gpt-4o-realtime-preview", "tool_choice": "lookup", "foo": 1, "voice": "nova"},
                     [("foo", "unknown_parameter", "Unknown parameter: 'foo'."),
                      ("tool_choice", "invalid_value",
                       "Invalid value: 'lookup'. Supported values are: 'auto', 'none', and 'required'."),
                      ("voice", "invalid_value", "Invalid value: 'nova'. Supported values are: 'alloy', 'ash', "
                                                 "'ballad', 'coral', 'echo', 'sage', 'shimmer', and 'verse'.")],
                     id="choice-between-others"),
    ],
)
def test_checker_words_the_choice_rule_in_openais_order(body: dict[str, Any], expected: list[Any]) -> None:
    assert [(v["param"], v["code"], v["message"]) for v in CHECKER.violations(body)] == expected


def test_checker_is_built_once_per_schema() -> None:
    assert CONTRACT.checker("request") is CHECKER
    assert CHECKER.schema is CONTRACT.request_schema
    assert not CHECKER.is_valid({"model": 1})


def test_violations_stop_at_the_limit() -> None:
    body = {"foo": 1, "bar": 2, "voice": "nova", "temperature": 9}
    assert len(CHECKER.violations(body)) == 5
    assert len(CHECKER.violations(body, limit=None)) == 5
    assert [v["param"] for v in CHECKER.violations(body, limit=2)] == ["model", "foo"]


def test_an_admin_schema_gets_a_checker_too() -> None:
    checker = RequestChecker({"type": "object", "properties": {"n": {"type": "integer", "maximum": 3}}})
    assert checker.is_valid({"n": 3})
    assert checker.violations({"n": 4}) == [{
        "param": "n", "code": "integer_above_max_value",
        "message": "Invalid 'n': integer above maximum value. Expected a value <= 3, but got 4 instead.",
    }]


NESTED_CONFIG = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://mock-realtime.local/test/config.schema.json",
    "type": "object",
    "additionalProperties": False,
    "x-choice-references": [{"property": "tool_choice", "enum": ["auto"], "names_from": "/tools/*/name"}],
    "properties": {"tool_choice": {"type": "string"}, "tools": {"type": "array"}},
}
REFERRING = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://mock-realtime.local/test/request.schema.json",
    "type": "object",
    "properties": {"session": {"$ref": "config.schema.json"}},
}


@pytest.mark.parametrize(
    ("body", "valid"),
    [({"session": {"tool_choice": "lookup", "tools": [{"name": "lookup"}]}}, True),
     ({"session": {"tool_choice": "lookup", "tools": []}}, False)],
    ids=["declared", "undeclared"],
)
def test_a_choice_rule_behind_a_ref_is_checked_and_worded(body: dict[str, Any], valid: bool) -> None:
    checker = RequestChecker(REFERRING, resources=[REFERRING, NESTED_CONFIG])
    full = schema_validator(REFERRING, [NESTED_CONFIG])
    assert checker.is_valid(body) is valid is full.is_valid(body)
    assert checker.violations(body) == _walked(full, body)
    if not valid:
        assert checker.violations(body) == [{"param": "session.tool_choice", "code": "invalid_value",
                                             "message": "Invalid value: 'lookup'. Supported values are: 'auto'."}]
