"""POST /v1/realtime/client_secrets, served by default beside POST /v1/realtime/sessions: the
GA answer {value, expires_at, session} with the live server's defaults, its TTL rule, and
its refusals worded as the live API words them (CONTRACT-NOTES-GA.md §3, §4, §6)."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from mock_realtime.contract.checker import schema_validator
from mock_realtime.contract.snapshot import load_contract
from tests.contract import examples as ex
from tests.helpers import AUTH, NOW

pytestmark = pytest.mark.every_store  # none of these depends on where state is kept

URL = "/v1/realtime/client_secrets"
GA = load_contract("ga")
ANSWERS = schema_validator(GA.response_schema, GA.schemas.values())


def post(http: httpx.Client, body: Any) -> tuple[int, Any]:
    response = http.post(URL, json=body, headers=AUTH)
    return response.status_code, response.json()


def test_client_secret_answer_is_the_published_example_shape(http: httpx.Client) -> None:
    status, answer = post(http, ex.GA_CLIENT_SECRET_REQUEST)
    assert status == 200, answer
    assert list(answer) == ["value", "expires_at", "session"]
    assert answer["expires_at"] == int(NOW) + 600
    assert int(answer["value"][3:11], 16) == int(NOW)  # ek_ + the creation time in hex, as live keys are
    assert ANSWERS.is_valid(answer), [e.message for e in ANSWERS.iter_errors(answer)]
    published = ex.GA_CLIENT_SECRET_EXAMPLE["session"]
    # The published example's session, but for its id and its model (the request asks gpt-realtime).
    assert {k: v for k, v in answer["session"].items() if k != "id"} == {
        k: v for k, v in published.items() if k != "id"} | {"model": "gpt-realtime"}


def test_client_secret_session_defaults_are_the_live_echo(http: httpx.Client) -> None:
    status, answer = post(http, {"session": {"type": "realtime"}})
    assert status == 200, answer
    live = {k: v for k, v in ex.GA_SESSION_CREATED["session"].items() if k not in ("id", "expires_at")}
    assert {k: v for k, v in answer["session"].items() if k not in ("id", "expires_at")} == live
    assert list(answer["session"]) == list(ex.GA_SESSION_CREATED["session"])
    assert answer["session"]["expires_at"] == 0


def test_client_secret_without_a_session_opens_a_default_realtime_one(http: httpx.Client) -> None:
    status, answer = post(http, {})
    assert status == 200, answer
    assert (answer["session"]["type"], answer["session"]["model"]) == ("realtime", "gpt-realtime")


@pytest.mark.parametrize("seconds", [10, 7200], ids=["shortest", "longest"])
def test_client_secret_lives_as_long_as_expires_after_says(http: httpx.Client, seconds: int) -> None:
    status, answer = post(http, {"expires_after": {"anchor": "created_at", "seconds": seconds}})
    assert status == 200, answer
    assert answer["expires_at"] == int(NOW) + seconds


def test_transcription_session_has_its_own_shape(http: httpx.Client) -> None:
    status, answer = post(http, {"session": {"type": "transcription",
                                             "audio": {"input": {"transcription": {"model": "gpt-4o-transcribe"}}}}})
    assert status == 200, answer
    expected = {**copy.deepcopy(ex.GA_TRANSCRIPTION_SESSION), "expires_at": 0}  # the example is shared
    expected["audio"]["input"] = {**expected["audio"]["input"], "transcription": {"model": "gpt-4o-transcribe"}}
    assert {k: v for k, v in answer["session"].items() if k != "id"} == {
        k: v for k, v in expected.items() if k != "id"}
    assert ANSWERS.is_valid(answer)


def test_partial_turn_detection_is_filled_for_its_own_type(http: httpx.Client) -> None:
    status, answer = post(http, {"session": {"type": "realtime", "audio": {"input": {
        "turn_detection": {"type": "semantic_vad"}, "format": {"type": "audio/pcm"}}}}})
    assert status == 200, answer
    audio_input = answer["session"]["audio"]["input"]
    assert audio_input["turn_detection"] == {"type": "semantic_vad", "eagerness": "auto", "create_response": True,
                                             "interrupt_response": True}
    assert audio_input["format"] == {"type": "audio/pcm", "rate": 24000}


REFUSED = {
    # CI-ERRTAB 63087367964, 56780717898: beta names sent to GA, as captured.
    "temperature": ({"temperature": 0.8}, "session.temperature", "unknown_parameter",
                    "Unknown parameter: 'session.temperature'."),
    "max_response_output_tokens": ({"max_response_output_tokens": 200}, "session.max_response_output_tokens",
                                   "unknown_parameter", "Unknown parameter: 'session.max_response_output_tokens'."),
    "modalities": ({"modalities": ["text"]}, "session.modalities", "unknown_parameter",
                   "Unknown parameter: 'session.modalities'."),
    "flat turn_detection": ({"turn_detection": {"type": "server_vad"}}, "session.turn_detection",
                            "unknown_parameter", "Unknown parameter: 'session.turn_detection'."),
    "input_audio_transcription": ({"input_audio_transcription": None}, "session.input_audio_transcription",
                                  "unknown_parameter", "Unknown parameter: 'session.input_audio_transcription'."),
    # code index id 59671081138
    "beta noise reduction under audio.input": (
        {"audio": {"input": {"input_audio_noise_reduction": {"type": "near_field"}}}},
        "session.audio.input.input_audio_noise_reduction", "unknown_parameter",
        "Unknown parameter: 'session.audio.input.input_audio_noise_reduction'."),
    "pcm at 16 kHz": ({"audio": {"input": {"format": {"type": "audio/pcm", "rate": 16000}}}},
                      "session.audio.input.format.rate", "invalid_value",
                      "Invalid value: 16000. Supported values are: 24000."),
    "speed above 1.5": ({"audio": {"output": {"speed": 1.6}}}, "session.audio.output.speed",
                        "decimal_above_max_value", "Invalid 'session.audio.output.speed': decimal above maximum "
                        "value. Expected a value <= 1.5, but got 1.6 instead."),
    # Azure-Samples/aoai-realtime-audio-sdk#132 (CONTRACT-NOTES.md §4.2)
    "function tool_choice without a name": ({"tool_choice": {"type": "function"}}, "session.tool_choice.name",
                                            "missing_required_parameter",
                                            "Missing required parameter: 'session.tool_choice.name'."),
}


@pytest.mark.parametrize(("fields", "param", "code", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_client_secret_refuses_as_the_live_api_words_it(
    http: httpx.Client, fields: dict[str, Any], param: str, code: str, message: str
) -> None:
    status, answer = post(http, {"session": {"type": "realtime", **fields}})
    assert status == 400
    assert answer["error"] == {"message": message, "type": "invalid_request_error", "param": param, "code": code}


@pytest.mark.parametrize(("session", "param", "code", "message"), [
    # TANSTACK #586, verbatim
    ({"model": "gpt-realtime"}, "session.type", "missing_required_parameter",
     "Missing required parameter: 'session.type'."),
    # CI-ERRTAB 56780717898, 57098926492
    ({"type": "session"}, "session.type", "invalid_value",
     "Invalid value: 'session'. Supported values are: 'realtime' and 'transcription'."),
], ids=["no type", "unknown type"])
def test_client_secret_refuses_a_session_without_a_known_type(
    http: httpx.Client, session: dict[str, Any], param: str, code: str, message: str
) -> None:
    status, answer = post(http, {"session": session})
    assert status == 400
    assert answer["error"] == {"message": message, "type": "invalid_request_error", "param": param, "code": code}


def test_client_secret_ttl_out_of_range_is_refused(http: httpx.Client) -> None:
    status, answer = post(http, {"expires_after": {"anchor": "created_at", "seconds": 5}})
    assert status == 400
    assert (answer["error"]["param"], answer["error"]["code"]) == ("expires_after.seconds", "integer_below_min_value")


def test_tool_choice_must_name_a_declared_tool(http: httpx.Client) -> None:
    tools = [{"type": "function", "name": "get_weather"}, {"type": "mcp", "server_label": "docs"}]
    for choice, param in [({"type": "function", "name": "get_time"}, "session.tool_choice.name"),
                          ({"type": "mcp", "server_label": "wiki"}, "session.tool_choice.server_label")]:
        status, answer = post(http, {"session": {"type": "realtime", "tools": tools, "tool_choice": choice}})
        assert status == 400
        assert (answer["error"]["param"], answer["error"]["code"]) == (param, "invalid_value")
    for choice in [{"type": "function", "name": "get_weather"}, {"type": "mcp", "server_label": "docs"}]:
        status, answer = post(http, {"session": {"type": "realtime", "tools": tools, "tool_choice": choice}})
        assert status == 200, answer
        assert answer["session"]["tool_choice"] == choice


def test_both_endpoints_are_served_side_by_side(http: httpx.Client) -> None:
    beta = http.post("/v1/realtime/sessions", json={"model": "gpt-4o-realtime-preview"}, headers=AUTH)
    assert beta.status_code == 200
    assert beta.json()["client_secret"]["expires_at"] == int(NOW) + 60  # 2024-12-17's one-minute secrets
    status, _ = post(http, {})
    assert status == 200
