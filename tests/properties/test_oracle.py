"""The mock agrees with an independent oracle, OpenAI's published request schema plus the
prose rules (tests/properties/oracle): on any JSON object, schema-shaped or not, the mock
answers 200 exactly when the oracle accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import event, example, given

from tests.properties import oracle
from tests.properties.expectations import assert_envelope, post_json, shares_fixtures
from tests.properties.mutations import any_objects

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = REPO.parent / "shared" / "reference" / "openai-openapi" / "openapi-25be478.yaml"
MODEL = {"model": "gpt-4o-realtime-preview"}


@shares_fixtures
@given(body=any_objects)
@example(body={**MODEL, "max_response_output_tokens": 4096.0})
@example(body={**MODEL, "turn_detection": {"prefix_padding_ms": 300.0}})
@example(body={**MODEL, "temperature": True})
@example(body={**MODEL, "tools": [{"name": "f"}, {"name": 5}], "tool_choice": "f"})
def test_mock_accepts_exactly_what_the_oracle_accepts(client: Any, body: dict[str, Any]) -> None:
    expected = oracle.accepts(body)
    event("oracle accepts" if expected else "oracle rejects")
    status, answer = post_json(client, body)
    assert status == (200 if expected else 400), (answer, body)
    if status == 400:
        assert_envelope(answer)


def published_schema(path: Path) -> Any:
    spec = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return spec["components"]["schemas"]["RealtimeSessionCreateRequest"]


def test_oracle_copy_equals_the_published_schema() -> None:
    if not PUBLISHED.is_file():
        pytest.skip(f"{PUBLISHED} is missing: shared/ is not checked out beside the repository")
    document = oracle.official_document()
    assert document["source"]["commit"].startswith(PUBLISHED.stem.rsplit("-", 1)[1])
    assert json.loads(json.dumps(published_schema(PUBLISHED))) == document["schema"]


# One body per prose rule that the published schema alone accepts and the real API refuses.
PROSE_CASES = {
    "modalities is a list": {**MODEL, "modalities": "text"},
    "temperature in [0.6, 1.2]": {**MODEL, "temperature": 1.25},
    "token cap 1..4096": {**MODEL, "max_response_output_tokens": 0},
    "transcription only whisper-1": {**MODEL, "input_audio_transcription": {"model": "whisper-2"}},
    "turn detection only server_vad": {**MODEL, "turn_detection": {"type": "semantic_vad"}},
    "threshold in [0, 1]": {**MODEL, "turn_detection": {"threshold": 1.5}},
    "prefix padding is a duration": {**MODEL, "turn_detection": {"prefix_padding_ms": -1}},
    "silence is a duration": {**MODEL, "turn_detection": {"silence_duration_ms": -1}},
    "closed objects": {**MODEL, "turn_detection": {"eagerness": "low"}},
    "tool_choice names a declared tool": {**MODEL, "tool_choice": "lookup"},
    "booleans are not numbers": {**MODEL, "max_response_output_tokens": True},
}
NULLABLE_CASES = {
    "transcription can be null": {**MODEL, "input_audio_transcription": None},
    "turn detection can be null": {**MODEL, "turn_detection": None},
    "a function's parameters stay open": {**MODEL, "tools": [{"parameters": {"anything": [1]}}]},
    "tool_choice may name a declared tool": {**MODEL, "tools": [{"name": "lookup"}], "tool_choice": "lookup"},
}


@pytest.mark.parametrize("body", PROSE_CASES.values(), ids=PROSE_CASES.keys())
def test_oracle_applies_each_prose_rule(body: dict[str, Any]) -> None:
    assert not oracle.accepts(body)


@pytest.mark.parametrize("body", NULLABLE_CASES.values(), ids=NULLABLE_CASES.keys())
def test_oracle_keeps_what_the_prose_allows(body: dict[str, Any]) -> None:
    assert oracle.accepts(body)
