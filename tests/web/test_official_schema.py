"""A 200 body validates against OpenAI's own published RealtimeSessionCreateResponse.

The published schema (openapi-25be478) types input_audio_transcription and turn_detection
as objects, yet the live API returns null for both when they are off (as live captures show),
and so does this mock. Those two, and only those, are allowed null here."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.helpers import AUTH, MINIMAL

EXTRACT = Path(__file__).resolve().parents[1] / "data" / "openai-25be478-RealtimeSessionCreateResponse.json"
PUBLISHED = Path(__file__).resolve().parents[3] / "shared/reference/openai-openapi/openapi-25be478.yaml"
NULL_IN_PRACTICE = ("input_audio_transcription", "turn_detection")


def official_schema() -> dict:
    schema = copy.deepcopy(json.loads(EXTRACT.read_text())["schema"])
    for name in NULL_IN_PRACTICE:
        schema["properties"][name]["type"] = ["object", "null"]
    return schema


def test_extract_matches_the_published_spec() -> None:
    if not PUBLISHED.is_file():
        pytest.skip(f"the published spec is not beside this checkout: {PUBLISHED} is missing")
    spec = yaml.load(PUBLISHED.read_text(), Loader=yaml.CSafeLoader)
    published = spec["components"]["schemas"]["RealtimeSessionCreateResponse"]
    assert json.loads(EXTRACT.read_text())["schema"] == published


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(MINIMAL, id="defaults"),
        pytest.param({**MINIMAL, "turn_detection": None, "input_audio_transcription": {"model": "whisper-1"},
                      "tools": [{"type": "function", "name": "f", "parameters": {}}], "tool_choice": "f",
                      "max_response_output_tokens": 200}, id="configured"),
    ],
)
def test_session_validates_against_openai_published_schema(http, body) -> None:
    session = http.post("/v1/realtime/sessions", json=body, headers=AUTH).json()
    jsonschema.Draft202012Validator(official_schema()).validate(session)


def test_published_schema_without_the_null_allowance_rejects_our_null() -> None:
    # Shows the allowance is needed, and is the only difference that matters.
    raw = json.loads(EXTRACT.read_text())["schema"]
    assert not jsonschema.Draft202012Validator(raw).is_valid({"turn_detection": None})
