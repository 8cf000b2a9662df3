"""Explaining only the parts the compiled check failed gives exactly the violations
the full walk gives: same params, codes, messages and order."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mock_realtime.contract.snapshot import load_contract
from mock_realtime.contract.violations import collect_violations

CONTRACT = load_contract("2024-12-17")
FULL = CONTRACT.request_validator()
FOCUSED = CONTRACT.focused_request_validator()
PROPERTIES = CONTRACT.request_schema["properties"]

scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False)
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


def _explained(validator: Any, body: dict[str, Any]) -> list[dict[str, str]]:
    return collect_violations(validator, body)


@given(bodies)
def test_focused_explanation_matches_the_full_walk(body: dict[str, Any]) -> None:
    assert _explained(FOCUSED, body) == _explained(FULL, body)


@given(rooted_bodies)
def test_focused_explanation_matches_the_full_walk_when_only_properties_fail(body: dict[str, Any]) -> None:
    assert _explained(FOCUSED, body) == _explained(FULL, body)


@given(st.dictionaries(st.sampled_from(sorted(NEAR_MISSES)), st.just(None), min_size=2))
def test_focused_explanation_orders_several_failing_properties_as_the_full_walk(keys) -> None:
    body = {"model": "gpt-4o-realtime-preview", **{key: NEAR_MISSES[key][0] for key in keys}}
    assert _explained(FOCUSED, body) == _explained(FULL, body)


def test_focused_validator_is_the_full_validator_otherwise() -> None:
    assert FOCUSED.schema is FULL.schema
    assert not FOCUSED.is_valid({"model": 1})
