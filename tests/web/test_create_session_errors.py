"""Every 4xx the endpoint gives, with OpenAI's status, type, param, code and wording."""

from __future__ import annotations

import pytest

from mock_realtime.settings import Settings
from tests.helpers import AUTH, MINIMAL

URL = "/v1/realtime/sessions"
TOOL = {"type": "function", "name": "get_weather", "parameters": {"type": "object"}}

# (id, body, param, code, message or None when only the code is pinned here)
CONTRACT_ERRORS = [
    ("missing-model", {"voice": "alloy"}, "model", "missing_required_parameter",
     "Missing required parameter: 'model'."),
    ("unknown-top", {**MINIMAL, "foo": 1}, "foo", "unknown_parameter", "Unknown parameter: 'foo'."),
    ("unknown-turn-detection", {**MINIMAL, "turn_detection": {"foo": 1}}, "turn_detection.foo",
     "unknown_parameter", "Unknown parameter: 'turn_detection.foo'."),
    ("unknown-transcription", {**MINIMAL, "input_audio_transcription": {"language": "en"}},
     "input_audio_transcription.language", "unknown_parameter", None),
    ("unknown-tool-key", {**MINIMAL, "tools": [{**TOOL, "strict": True}]}, "tools[0].strict",
     "unknown_parameter", "Unknown parameter: 'tools[0].strict'."),
    ("unknown-client-secret", {**MINIMAL, "client_secret": {"expires_at": 10}}, "client_secret",
     "unknown_parameter", None),
    ("temperature-string", {**MINIMAL, "temperature": "hot"}, "temperature", "invalid_type",
     "Invalid type for 'temperature': expected a decimal, but got a string instead."),
    ("temperature-bool", {**MINIMAL, "temperature": True}, "temperature", "invalid_type",
     "Invalid type for 'temperature': expected a decimal, but got a boolean instead."),
    ("prefix-decimal", {**MINIMAL, "turn_detection": {"prefix_padding_ms": 1.5}},
     "turn_detection.prefix_padding_ms", "invalid_type",
     "Invalid type for 'turn_detection.prefix_padding_ms': expected an integer, but got a decimal instead."),
    ("instructions-number", {**MINIMAL, "instructions": 3}, "instructions", "invalid_type",
     "Invalid type for 'instructions': expected a string, but got an integer instead."),
    ("create-response-string", {**MINIMAL, "turn_detection": {"create_response": "yes"}},
     "turn_detection.create_response", "invalid_type",
     "Invalid type for 'turn_detection.create_response': expected a boolean, but got a string instead."),
    ("turn-detection-array", {**MINIMAL, "turn_detection": []}, "turn_detection", "invalid_type",
     "Invalid type for 'turn_detection': expected an object, but got an array instead."),
    ("modalities-string", {**MINIMAL, "modalities": "text"}, "modalities", "invalid_type",
     "Invalid type for 'modalities': expected an array, but got a string instead."),
    ("model-null", {"model": None}, "model", "invalid_type",
     "Invalid type for 'model': expected a string, but got null instead."),
    ("tokens-bool", {**MINIMAL, "max_response_output_tokens": False}, "max_response_output_tokens",
     "invalid_type", None),
    ("tokens-decimal", {**MINIMAL, "max_response_output_tokens": 1.5}, "max_response_output_tokens",
     "invalid_type", None),
    ("voice", {**MINIMAL, "voice": "nova"}, "voice", "invalid_value",
     "Invalid value: 'nova'. Supported values are: 'alloy', 'ash', 'ballad', 'coral', 'echo', "
     "'sage', 'shimmer', and 'verse'."),
    ("model-value", {"model": "gpt-4o"}, "model", "invalid_value", None),
    ("modality-item", {**MINIMAL, "modalities": ["text", "video"]}, "modalities[1]", "invalid_value",
     "Invalid value: 'video'. Supported values are: 'text' and 'audio'."),
    ("audio-format", {**MINIMAL, "output_audio_format": "mp3"}, "output_audio_format", "invalid_value", None),
    ("turn-detection-type", {**MINIMAL, "turn_detection": {"type": "semantic_vad"}}, "turn_detection.type",
     "invalid_value", "Invalid value: 'semantic_vad'. Supported values are: 'server_vad'."),
    ("transcription-model", {**MINIMAL, "input_audio_transcription": {"model": "gpt-4o-transcribe"}},
     "input_audio_transcription.model", "invalid_value", None),
    ("tool-type", {**MINIMAL, "tools": [{**TOOL, "type": "code_interpreter"}]}, "tools[0].type",
     "invalid_value", None),
    ("tool-choice-undeclared", {**MINIMAL, "tools": [TOOL], "tool_choice": "get_time"}, "tool_choice",
     "invalid_value",
     "Invalid value: 'get_time'. Supported values are: 'auto', 'none', 'required', and 'get_weather'."),
    ("tool-choice-no-tools", {**MINIMAL, "tool_choice": "get_weather"}, "tool_choice", "invalid_value", None),
    ("tokens-string", {**MINIMAL, "max_response_output_tokens": "infinite"}, "max_response_output_tokens",
     "invalid_value", "Invalid value: 'infinite'. Supported values are: 'inf'."),
    ("temperature-low", {**MINIMAL, "temperature": 0}, "temperature", "decimal_below_min_value",
     "Invalid 'temperature': decimal below minimum value. Expected a value >= 0.6, but got 0 instead."),
    ("temperature-high", {**MINIMAL, "temperature": 2}, "temperature", "decimal_above_max_value",
     "Invalid 'temperature': decimal above maximum value. Expected a value <= 1.2, but got 2 instead."),
    ("threshold-high", {**MINIMAL, "turn_detection": {"threshold": 1.01}}, "turn_detection.threshold",
     "decimal_above_max_value", None),
    ("threshold-low", {**MINIMAL, "turn_detection": {"threshold": -0.1}}, "turn_detection.threshold",
     "decimal_below_min_value", None),
    ("tokens-zero", {**MINIMAL, "max_response_output_tokens": 0}, "max_response_output_tokens",
     "integer_below_min_value",
     "Invalid 'max_response_output_tokens': integer below minimum value. Expected a value >= 1, "
     "but got 0 instead."),
    ("tokens-high", {**MINIMAL, "max_response_output_tokens": 4097}, "max_response_output_tokens",
     "integer_above_max_value",
     "Invalid 'max_response_output_tokens': integer above maximum value. Expected a value <= 4096, "
     "but got 4097 instead."),
    ("silence-negative", {**MINIMAL, "turn_detection": {"silence_duration_ms": -1}},
     "turn_detection.silence_duration_ms", "integer_below_min_value", None),
]


@pytest.mark.parametrize(
    ("body", "param", "code", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in CONTRACT_ERRORS],
)
def test_contract_violation_answers_400_in_openai_envelope(http, body, param, code, message) -> None:
    response = http.post(URL, json=body, headers=AUTH)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", param, code)
    if message is not None:
        assert error["message"] == message


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        pytest.param({"foo": 1, "temperature": "x"}, "model", "missing_required_parameter", id="missing-first"),
        pytest.param({**MINIMAL, "temperature": "x", "bar": 1}, "bar", "unknown_parameter", id="unknown-before-type"),
        pytest.param(
            {**MINIMAL, "voice": "x", "temperature": "x"}, "temperature", "invalid_type", id="type-before-value"
        ),
        pytest.param(
            {**MINIMAL, "voice": "x", "temperature": 9}, "voice", "invalid_value", id="body-order-voice-first"
        ),
        pytest.param({**MINIMAL, "temperature": 9, "voice": "x"}, "temperature", "decimal_above_max_value",
                     id="body-order-temperature-first"),
    ],
)
def test_several_violations_report_the_first_by_documented_order(http, body, param, code) -> None:
    error = http.post(URL, json=body, headers=AUTH).json()["error"]
    assert (error["param"], error["code"]) == (param, code)


PARSE_MESSAGE_START = "We could not parse the JSON body of your request."


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        pytest.param(b'{"model": ', "application/json", id="truncated"),
        pytest.param(b"", "application/json", id="empty"),
        pytest.param(b'{"model": "gpt-4o-realtime-preview", "temperature": NaN}', "application/json", id="nan"),
        pytest.param(b'{"model": "gpt-4o-realtime-preview", "temperature": Infinity}', "application/json",
                     id="infinity"),
        pytest.param(b'{"model": "gpt-4o-realtime-preview"}', "text/plain", id="not-json-content-type"),
        pytest.param(b'{"model": "gpt-4o-realtime-preview"}', None, id="no-content-type"),
    ],
)
def test_unparseable_body_gets_openai_parse_error(http, content, content_type) -> None:
    headers = {**AUTH, **({"content-type": content_type} if content_type else {})}
    response = http.post(URL, content=content, headers=headers)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"].startswith(PARSE_MESSAGE_START)
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", None, None)


@pytest.mark.parametrize(
    ("content", "got"),
    [(b"[]", "an array"), (b'"model"', "a string"), (b"3", "an integer"), (b"null", "null")],
)
def test_body_that_is_not_an_object_gets_400(http, content, got) -> None:
    response = http.post(URL, content=content, headers={**AUTH, "content-type": "application/json"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_type"
    assert error["param"] is None
    assert error["message"].endswith(f"but got {got} instead.")


NO_KEY = "You didn't provide an API key. You need to provide your API key in an Authorization header"


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="missing"),
        pytest.param({"Authorization": "Basic dXNlcjpwYXNz"}, id="basic"),
        pytest.param({"Authorization": "Bearer"}, id="bearer-without-key"),
        pytest.param({"Authorization": "sk-test-0123456789abcdef"}, id="key-without-scheme"),
    ],
)
def test_missing_or_non_bearer_authorization_gets_401(http, headers) -> None:
    response = http.post(URL, json=MINIMAL, headers=headers)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["message"].startswith(NO_KEY)
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", None, None)


@pytest.fixture
def restricted_settings() -> Settings:
    return Settings(api_key=("sk-good-0123456789", "sk-also-good-000000"))


def test_unaccepted_key_gets_401_with_masked_key(make_http, restricted_settings) -> None:
    client = make_http(restricted_settings)
    wrong = "sk-wrong-abcdefghij1234"
    response = client.post(URL, json=MINIMAL, headers={"Authorization": f"Bearer {wrong}"})
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "invalid_api_key"
    assert error["param"] is None
    assert error["message"] == (
        "Incorrect API key provided: sk-****************1234. "
        "You can find your API key at https://platform.openai.com/account/api-keys."
    )
    assert wrong not in response.text
    for good in restricted_settings.api_key:
        ok = client.post(URL, json=MINIMAL, headers={"Authorization": f"Bearer {good}"})
        assert ok.status_code == 200


def test_ephemeral_key_cannot_mint_a_session(http) -> None:
    minted = http.post(URL, json=MINIMAL, headers=AUTH).json()["client_secret"]["value"]
    response = http.post(URL, json=MINIMAL, headers={"Authorization": f"Bearer {minted}"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"
    assert minted not in response.text


def test_sdk_headers_are_tolerated(http) -> None:
    headers = {**AUTH, "OpenAI-Beta": "assistants=v2", "X-Stainless-Lang": "python",
               "X-Stainless-Retry-Count": "0", "OpenAI-Organization": "org-x", "OpenAI-Project": "proj_x"}
    assert http.post(URL, json=MINIMAL, headers=headers).status_code == 200


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_wrong_method_gets_405_method_not_supported(http, method) -> None:
    response = http.request(method, URL, headers=AUTH)
    assert response.status_code == 405
    error = response.json()["error"]
    assert error == {"message": "Only POST requests are accepted.", "type": "invalid_request_error",
                     "param": None, "code": "method_not_supported"}


@pytest.mark.parametrize(("method", "path"), [("POST", "/v1/realtime/sessionz"), ("GET", "/v1/models")])
def test_unknown_path_gets_404_invalid_url(http, method, path) -> None:
    response = http.request(method, path, headers=AUTH)
    assert response.status_code == 404
    assert response.json()["error"] == {"message": f"Invalid URL ({method} {path})",
                                        "type": "invalid_request_error", "param": None, "code": None}


def test_body_over_the_cap_gets_413(make_http) -> None:
    client = make_http(Settings(max_body_bytes=100))
    response = client.post(URL, json={**MINIMAL, "instructions": "x" * 200}, headers=AUTH)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    assert client.post(URL, json=MINIMAL, headers=AUTH).status_code == 200
