"""The mock's POST /v1/realtime/client_secrets agrees with the GA oracle (OpenAI's published
RealtimeCreateClientSecretRequest plus the prose rules, tests/properties/oracle/ga.py): on GA
configs drawn from the contract, mutated, and on objects built from the published field
names, the mock answers 200 exactly when the oracle accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import event, example, given
from hypothesis import strategies as st

from mock_realtime.testing.strategies import session_configs
from tests.properties.expectations import assert_envelope, post_json, shares_fixtures
from tests.properties.mutations import json_values
from tests.properties.oracle import ga as oracle

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = REPO.parent / "shared" / "reference" / "openai-openapi" / "openapi-f85dbe2.yaml"
PATH = "/v1/realtime/client_secrets"


def _property_names(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        found.update(node.get("properties", {}) if isinstance(node.get("properties"), dict) else {})
        for child in node.values():
            found |= _property_names(child)
    elif isinstance(node, list):
        for child in node:
            found |= _property_names(child)
    return found


# The published field names, and beta names a GA client might still send.
_NAMES = sorted(_property_names(oracle.official_document()) | {"temperature", "modalities", "voice"})
keys = st.sampled_from(_NAMES) | st.text(max_size=5)


def _mutated(body: dict[str, Any], draw: Any) -> dict[str, Any]:
    """A valid GA body with one field of its session replaced, removed or added."""
    session = dict(body.get("session", {"type": "realtime"}))
    key = draw(keys)
    if draw(st.booleans()) and key in session:
        del session[key]
    else:
        session[key] = draw(json_values | st.sampled_from(["realtime", "transcription", "audio", "text", 24000]))
    return {**body, "session": session}


@st.composite
def _mutated_config(draw: Any) -> dict[str, Any]:
    return _mutated(draw(session_configs(contract="ga")), draw)


ga_bodies = st.one_of(session_configs(contract="ga"), _mutated_config(), st.dictionaries(keys, json_values, max_size=3))


@shares_fixtures
@given(body=ga_bodies)
@example(body={"session": {"type": "realtime", "output_modalities": ["text", "audio"]}})
@example(body={"session": {"type": "realtime", "tool_choice": {"type": "function", "name": "f"}}})
@example(body={"session": {"type": "realtime", "temperature": 0.8}})
@example(body={"expires_after": {"seconds": 7201}})
@example(body={"session": {"type": "transcription", "audio": {"input": {
    "transcription": {"model": "gpt-realtime-whisper"}}}}})
def test_mock_mints_exactly_what_the_ga_oracle_accepts(client: Any, body: dict[str, Any]) -> None:
    expected = oracle.accepts(body)
    event("oracle accepts" if expected else "oracle rejects")
    status, answer = post_json(client, body, path=PATH)
    assert status == (200 if expected else 400), (answer, body)
    if status == 400:
        assert_envelope(answer)


def test_ga_oracle_copy_equals_the_published_schemas() -> None:
    if not PUBLISHED.is_file():
        pytest.skip(f"{PUBLISHED} is missing: shared/ is not checked out beside the repository")
    spec = yaml.load(PUBLISHED.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    document = oracle.official_document()
    assert document["source"]["commit"].startswith(PUBLISHED.stem.rsplit("-", 1)[1])
    for name, schema in document["components"]["schemas"].items():
        assert json.loads(json.dumps(spec["components"]["schemas"][name])) == schema, name


PROSE_CASES = {
    "not both text and audio": {"session": {"type": "realtime", "output_modalities": ["text", "audio"]}},
    "token cap 1..4096": {"session": {"type": "realtime", "max_output_tokens": 0}},
    "threshold in [0, 1]": {"session": {"type": "realtime", "audio": {"input": {"turn_detection": {
        "type": "server_vad", "threshold": 1.5}}}}},
    "closed objects": {"session": {"type": "realtime", "temperature": 0.8}},
    "ten voices": {"session": {"type": "realtime", "audio": {"output": {"voice": "nova"}}}},
    "whisper has no turn detection": {"session": {"type": "transcription", "audio": {"input": {
        "transcription": {"model": "gpt-realtime-whisper"}}}}},
    "tool_choice names a declared function": {"session": {"type": "realtime",
                                                           "tool_choice": {"type": "function", "name": "f"}}},
}
KEPT_CASES = {
    "tracing can be null": {"session": {"type": "realtime", "tracing": None}},
    "noise reduction can be null": {"session": {"type": "realtime", "audio": {"input": {"noise_reduction": None}}}},
    "any model string": {"session": {"type": "realtime", "model": "gpt-realtime-2025-08-25"}},
    "a declared function": {"session": {"type": "realtime", "tools": [{"type": "function", "name": "f"}],
                                        "tool_choice": {"type": "function", "name": "f"}}},
    "no body at all": {},
}


@pytest.mark.parametrize("body", PROSE_CASES.values(), ids=PROSE_CASES.keys())
def test_ga_oracle_applies_each_prose_rule(body: dict[str, Any]) -> None:
    assert not oracle.accepts(body)


@pytest.mark.parametrize("body", KEPT_CASES.values(), ids=KEPT_CASES.keys())
def test_ga_oracle_keeps_what_the_prose_allows(body: dict[str, Any]) -> None:
    assert oracle.accepts(body)
