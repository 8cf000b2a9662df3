"""GA's `session` (a realtime or a transcription session, told apart by `type`) is
explained by the named schema's own checker: the violations are exactly the full walk's,
same params, codes, messages and order, whatever fails inside the session or beside it."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mock_realtime.contract.branches import tagged_properties
from mock_realtime.contract.checker import RequestChecker
from mock_realtime.testing.strategies import session_configs
from tests.contract.full_walk import FULL, GA, RESOURCES, full_walk
from tests.contract.test_checker import json_values

SESSION_KEYS = sorted({*GA.schemas["realtime_config"]["properties"], *GA.schemas["transcription_config"]["properties"]})
NEAR_MISSES: dict[str, list[Any]] = {  # values that fail deep inside the session, or almost pass
    "type": ["realtime", "transcription", "translation", 3],
    "output_modalities": [["audio", "text"], ["text"], ["video"]],
    "max_output_tokens": [5000, "inf", 0, 1.5, 100],
    "tool_choice": ["nope", "auto", {"type": "function", "name": "lookup"}, {"type": "mcp"}],
    "tools": [[{"type": "function", "name": "lookup", "extra": 1}], [{"type": "api"}],
              [{"type": "function", "name": "lookup"}]],
    "audio": [{"input": {"transcription": {"model": "gpt-realtime-whisper", "prompt": "x"}}},
              {"input": {"transcription": {"model": "gpt-realtime-whisper"}, "turn_detection": {"type": "server_vad"}}},
              {"output": {"voice": "nova", "speed": 9}}],
    "temperature": [0.8],
    "unknown": [1],
}


@st.composite
def ga_bodies(draw: Any) -> dict[str, Any]:
    """A valid GA body with a few session fields replaced by near misses or any JSON."""
    body = dict(draw(session_configs(contract="ga")))
    session = dict(body.get("session") or {"type": draw(st.sampled_from(["realtime", "transcription"]))})
    for key in draw(st.lists(st.sampled_from(sorted({*SESSION_KEYS, *NEAR_MISSES})), max_size=3)):
        session[key] = draw(st.sampled_from(NEAR_MISSES[key]) | json_values if key in NEAR_MISSES else json_values)
    body["session"] = session
    if draw(st.booleans()):
        body["expires_after"] = draw(st.sampled_from([{"seconds": 5}, {"anchor": "now"}]) | json_values)
    return body


def test_the_ga_session_is_a_tagged_property_of_two_served_schemas() -> None:
    tagged = tagged_properties(GA.schemas["request"], RESOURCES)
    assert list(tagged) == ["session"]
    assert tagged["session"].tag == "type"
    assert [b.tags for b in tagged["session"].branches] == [["realtime"], ["transcription"]]
    assert [b.schema_path for b in tagged["session"].branches] == [
        ("properties", "session", "oneOf", 0, "$ref"), ("properties", "session", "oneOf", 1, "$ref")]


@given(ga_bodies())
def test_a_ga_body_is_explained_as_the_full_walk(body: dict[str, Any]) -> None:
    checker = RequestChecker(GA.schemas["request"], resources=RESOURCES)
    assert checker.violations(body, limit=None) == full_walk(body)
    assert checker.is_valid(body) == FULL.is_valid(body)


def test_the_session_is_explained_by_its_branchs_checker() -> None:
    """The named branch's checker is built and used; the other is never built."""
    checker = RequestChecker(GA.schemas["request"], resources=RESOURCES)
    body = {"session": {"type": "realtime", "output_modalities": ["audio", "text"], "max_output_tokens": 5000}}
    assert checker.violations(body) == [
        {"param": "session.output_modalities", "code": "invalid_value",
         "message": "It is not possible to request both 'text' and 'audio' in output_modalities at the same time."},
        {"param": "session.max_output_tokens", "code": "integer_above_max_value",
         "message": "Invalid 'session.max_output_tokens': integer above maximum value. Expected a value <= 4096, "
                    "but got 5000 instead."},
    ]
    assert [c.schema["$id"].rpartition("/")[2] for c in checker._branch_checkers.values()] == [
        "realtime-session-config.schema.json"]
    assert checker.violations(body) == full_walk(body)
