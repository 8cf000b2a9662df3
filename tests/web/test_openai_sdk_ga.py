"""The newest official openai SDK (3.57.0) against a real mock server: the GA
client_secrets method, every 2025 field through the beta methods under --contract
beta-final, and the retired beta. Each answer is also validated against the SDK's own
models with strict=True, so a field the mock sends in a shape the SDK does not declare
fails the test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openai
import pytest
from openai.types.beta.realtime import SessionCreateResponse
from openai.types.realtime import ClientSecretCreateResponse
from openai.types.realtime.realtime_session_create_response import RealtimeSessionCreateResponse
from openai.types.realtime.realtime_transcription_session_create_response import (
    RealtimeTranscriptionSessionCreateResponse,
)

from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer
from tests.contract import examples as ex
from tests.helpers import NOW

KEY = "sk-sdk-test-0123456789"


def _serve(clock: Any, **settings: Any) -> Iterator[openai.OpenAI]:
    """An SDK client for a real mock server with these settings; both closed afterwards."""
    server = ThreadedServer(create_app(Settings(api_key=(KEY,), **settings), clock=clock), Settings(port=0)).start()
    try:
        with openai.OpenAI(api_key=KEY, base_url=f"{server.base_url}/v1", max_retries=0) as client:
            yield client
    finally:
        server.stop()


@pytest.fixture
def default_sdk(clock) -> Iterator[openai.OpenAI]:  # type: ignore[no-untyped-def]
    yield from _serve(clock)


@pytest.fixture
def final_beta_sdk(clock) -> Iterator[openai.OpenAI]:  # type: ignore[no-untyped-def]
    yield from _serve(clock, contract=("beta-final", "ga"))


@pytest.fixture
def retired_sdk(clock) -> Iterator[openai.OpenAI]:  # type: ignore[no-untyped-def]
    yield from _serve(clock, contract=("beta-final", "ga"), beta_retired=True)


def test_sdk_creates_a_client_secret(default_sdk: openai.OpenAI) -> None:
    raw = default_sdk.realtime.client_secrets.with_raw_response.create(
        expires_after={"anchor": "created_at", "seconds": 600},
        session={"type": "realtime", "model": "gpt-realtime", "instructions": "You are a friendly assistant."},
    )
    secret = raw.parse()
    assert isinstance(secret, ClientSecretCreateResponse)
    assert isinstance(secret.session, RealtimeSessionCreateResponse)
    assert secret.value.startswith("ek_")
    assert secret.expires_at == int(NOW) + 600
    assert secret.session.instructions == "You are a friendly assistant."
    strict = ClientSecretCreateResponse.model_validate(raw.http_response.json(), strict=True)
    assert strict.session.audio.output.voice == "alloy"  # type: ignore[union-attr]


@pytest.mark.parametrize("session", [
    {"type": "realtime", "model": "gpt-realtime-2", "output_modalities": ["text"],
     "reasoning": {"effort": "low"}, "parallel_tool_calls": True,
     "tools": [{"type": "function", "name": "get_weather", "parameters": {"type": "object"}},
               {"type": "mcp", "server_label": "docs", "server_url": "https://example.invalid/mcp"}],
     "tool_choice": {"type": "function", "name": "get_weather"},
     "truncation": {"type": "retention_ratio", "retention_ratio": 0.5},
     "audio": {"input": {"turn_detection": {"type": "semantic_vad", "eagerness": "high"},
                         "noise_reduction": {"type": "near_field"},
                         "transcription": {"model": "gpt-4o-transcribe", "language": "en"}},
               "output": {"voice": "marin", "speed": 1.25}},
     "tracing": {"workflow_name": "checkout"}, "prompt": {"id": "pmpt_1", "variables": {"city": "Paris"}}},
    {"type": "realtime", "audio": {"output": {"voice": {"id": "voice_1234"}}}},
    {"type": "transcription", "audio": {"input": {"transcription": {"model": "gpt-realtime-whisper"},
                                                  "turn_detection": None}}},
], ids=["every realtime field", "custom voice", "transcription"])
def test_sdk_client_secret_answers_validate_strictly(default_sdk: openai.OpenAI, session: Any) -> None:
    raw = default_sdk.realtime.client_secrets.with_raw_response.create(session=session)
    strict = ClientSecretCreateResponse.model_validate(raw.http_response.json(), strict=True)
    assert strict.session.type == session["type"]
    if session["type"] == "transcription":
        assert isinstance(strict.session, RealtimeTranscriptionSessionCreateResponse)


@pytest.mark.parametrize(("session", "param", "code"), [
    ({"type": "realtime", "temperature": 0.8}, "session.temperature", "unknown_parameter"),
    ({"type": "realtime", "max_response_output_tokens": 100}, "session.max_response_output_tokens",
     "unknown_parameter"),
    ({"model": "gpt-realtime"}, "session.type", "missing_required_parameter"),
], ids=["temperature", "max_response_output_tokens", "no type"])
def test_sdk_gets_bad_request_error_with_the_captured_param_and_code(
    default_sdk: openai.OpenAI, session: Any, param: str, code: str
) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        default_sdk.realtime.client_secrets.create(session=session)
    assert (caught.value.status_code, caught.value.param, caught.value.code) == (400, param, code)


FINAL_BETA_FIELDS = {
    "gpt-realtime": {"model": "gpt-realtime"},
    "gpt-4o-realtime-preview-2025-06-03": {"model": "gpt-4o-realtime-preview-2025-06-03"},
    "speed": {"speed": 1.5},
    "tracing auto": {"tracing": "auto"},
    "tracing configured": {"tracing": {"workflow_name": "w", "group_id": "g", "metadata": {"k": "v"}}},
    "input_audio_noise_reduction": {"input_audio_noise_reduction": {"type": "far_field"}},
    "semantic_vad": {"turn_detection": {"type": "semantic_vad", "eagerness": "low"}},
    "transcription language and prompt": {
        "input_audio_transcription": {"model": "gpt-4o-mini-transcribe", "language": "en", "prompt": "names"}},
    "voice marin": {"voice": "marin"},
}


@pytest.mark.parametrize("fields", FINAL_BETA_FIELDS.values(), ids=FINAL_BETA_FIELDS.keys())
def test_sdk_beta_methods_take_each_2025_field(final_beta_sdk: openai.OpenAI, fields: dict[str, Any]) -> None:
    raw = final_beta_sdk.beta.realtime.sessions.with_raw_response.create(**fields)
    body = raw.http_response.json()
    SessionCreateResponse.model_validate(body, strict=True)
    for key, value in fields.items():
        echoed = body[key]
        if isinstance(value, dict) and key != "tracing":  # objects come back with their defaults filled in
            echoed = {k: echoed[k] for k in value}
        assert echoed == value
    assert body["client_secret"]["expires_at"] == int(NOW) + 600


def test_sdk_beta_semantic_vad_gets_its_own_defaults(final_beta_sdk: openai.OpenAI) -> None:
    session = final_beta_sdk.beta.realtime.sessions.with_raw_response.create(
        turn_detection={"type": "semantic_vad"}).http_response.json()
    assert session["turn_detection"] == {"type": "semantic_vad", "eagerness": "auto", "create_response": True,
                                         "interrupt_response": True}


def test_sdk_beta_client_secret_expires_after_sets_the_ttl(final_beta_sdk: openai.OpenAI) -> None:
    session = final_beta_sdk.beta.realtime.sessions.create(
        client_secret={"expires_after": {"anchor": "created_at", "seconds": 7200}})
    assert session.client_secret.expires_at == int(NOW) + 7200


def test_sdk_beta_refusal_names_the_field(final_beta_sdk: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        final_beta_sdk.beta.realtime.sessions.create(speed=2.0)
    assert (caught.value.param, caught.value.code) == ("speed", "decimal_above_max_value")


def test_sdk_beta_call_after_the_shutdown_is_refused(retired_sdk: openai.OpenAI) -> None:
    client = retired_sdk
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.realtime.sessions.create(model="gpt-realtime")
    assert caught.value.code == "beta_api_shape_disabled"
    assert caught.value.param is None
    assert caught.value.body == {"message": ex.RETIRED_MESSAGE, "type": "invalid_request_error",
                                 "param": None, "code": "beta_api_shape_disabled"}
    assert client.realtime.client_secrets.create(session={"type": "realtime"}).value.startswith("ek_")
