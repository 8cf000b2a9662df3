"""The final beta and GA snapshots accept the bodies the live API sent and accepted, and
refuse each body that breaks one rule from CONTRACT-NOTES-GA.md, for that rule's reason.
Every body is hard-coded from the notes (tests/contract/examples.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mock_realtime.contract.checker import schema_validator
from mock_realtime.contract.snapshot import load_contract
from tests.contract import examples as ex


def validator(snapshot: str, role: str) -> Any:
    """The full Python walk over one of the snapshot's schemas, $refs between its files resolved."""
    contract = load_contract(snapshot)
    schema = contract.request_schema if role == "request" else contract.schemas[role]
    return schema_validator(schema, contract.schemas.values())


def reasons(snapshot: str, role: str, body: Any) -> set[tuple[str, str]]:
    """(dotted path, keyword) of every error, those inside failed unions included."""
    found: set[tuple[str, str]] = set()
    pending = list(validator(snapshot, role).iter_errors(body))
    while pending:
        error = pending.pop()
        found.add((".".join(str(p) for p in error.absolute_path), str(error.validator)))
        pending.extend(error.context or [])
    return found


def with_session(**fields: Any) -> dict[str, Any]:
    return {"session": {"type": "realtime", **fields}}


def changed(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `body` with the dotted `path` set to `value`."""
    copied = copy.deepcopy(body)
    *parents, last = path.split(".")
    node = copied
    for key in parents:
        node = node[key]
    node[last] = value
    return copied


ACCEPTED = [
    ("beta-final", "server_event", ex.BETA_SESSION_CREATED),
    ("beta-final", "response", {**ex.BETA_REST_AUG_2025, "truncation": "auto"}),
    ("beta-final", "request", {}),
    ("beta-final", "request", {"model": "gpt-realtime", "voice": "marin"}),
    ("beta-final", "request", {"model": "gpt-4o-realtime"}),
    ("beta-final", "request", {"speed": 1.5, "tracing": "auto"}),
    ("beta-final", "request", {"tracing": {"workflow_name": "w", "group_id": "g", "metadata": {"any": [1]}}}),
    ("beta-final", "request", {"input_audio_noise_reduction": {"type": "far_field"}}),
    ("beta-final", "request", {"turn_detection": {"type": "semantic_vad", "eagerness": "high"}}),
    ("beta-final", "request", {"turn_detection": {"threshold": 0.9, "idle_timeout_ms": 5000}}),
    ("beta-final", "request", {"client_secret": {"expires_after": {"anchor": "created_at", "seconds": 7200}}}),
    ("beta-final", "request", {"input_audio_transcription": {"model": "gpt-4o-transcribe", "language": "en"}}),
    ("beta-final", "session_update", {"type": "session.update", "session": {"speed": 0.25, "voice": "cedar"}}),
    ("beta-final", "client_event", {"type": "conversation.item.retrieve", "item_id": "item_1"}),
    ("ga", "server_event", ex.GA_SESSION_CREATED),
    ("ga", "server_event", {"type": "session.created", "event_id": "event_Ct1OVqJmiaDhg4nkh3JWs",
                            "session": ex.GA_TRANSCRIPTION_SESSION}),
    ("ga", "response", changed(ex.GA_CLIENT_SECRET_EXAMPLE, "session.model", "gpt-realtime-2025-08-28")),
    # Its model, gpt-realtime-2025-08-25, is in no model list; the published schema takes any string.
    ("ga", "response", ex.GA_CLIENT_SECRET_EXAMPLE),
    ("ga", "response", {"value": "ek_68af296e8e408191a1120ab6383263c2", "expires_at": 1756310470,
                        "session": {**ex.GA_TRANSCRIPTION_SESSION, "expires_at": 0}}),
    ("ga", "request", ex.GA_CLIENT_SECRET_REQUEST),
    ("ga", "request", {}),
    ("ga", "request", {"expires_after": {"seconds": 10}}),
    ("ga", "request", with_session(model="gpt-realtime-2.1", output_modalities=["text"])),
    ("ga", "request", with_session(audio={"output": {"voice": {"id": "voice_1234"}, "speed": 0.25}})),
    ("ga", "request", with_session(audio={"input": {"format": {"type": "audio/pcmu"}, "turn_detection": None}})),
    ("ga", "request", with_session(audio={"input": {"turn_detection": {"type": "semantic_vad", "eagerness": "low"},
                                                    "noise_reduction": {"type": "near_field", "strength": 0.5}}})),
    ("ga", "request", with_session(
        tools=[{"type": "function", "name": "get_weather", "parameters": {"type": "object"}},
               {"type": "mcp", "server_label": "docs", "server_url": "https://example.invalid/mcp",
                "require_approval": "never", "headers": {"X-Key": "v"}}],
        tool_choice={"type": "mcp", "server_label": "docs", "name": None},
        max_output_tokens=4096, truncation={"type": "retention_ratio", "retention_ratio": 0.5},
        prompt={"id": "pmpt_1", "version": None, "variables": {"city": "Paris"}},
        reasoning={"effort": "xhigh"}, parallel_tool_calls=True, include=["item.input_audio_transcription.logprobs"],
    )),
    ("ga", "request", {"session": {"type": "transcription", "audio": {"input": {
        "transcription": {"model": "gpt-realtime-whisper", "delay": "low"}, "turn_detection": None}}}}),
    ("ga", "request", {"session": {"type": "transcription", "audio": {"input": {
        "transcription": {"model": "gpt-transcribe", "languages": ["en", "fr"], "keywords": ["mock"]}}}}}),
    # CI-GA-CAP: the client sent the same model in session.update and got session.updated.
    ("ga", "session_update", {"type": "session.update", "session": {"type": "realtime", "model": "gpt-realtime"}}),
    ("ga", "client_event", {"type": "session.input_audio_buffer.append", "audio": ""}),
]


@pytest.mark.parametrize(("snapshot", "role", "body"), ACCEPTED, ids=lambda v: v if isinstance(v, str) else None)
def test_snapshot_accepts_what_the_live_api_accepted(snapshot: str, role: str, body: Any) -> None:
    assert reasons(snapshot, role, body) == set()


REFUSED = [
    # (snapshot, role, body, (path, keyword) among the reasons)
    ("beta-final", "request", {"voice": "nova"}, ("voice", "enum")),
    ("beta-final", "request", {"model": "gpt-realtime-2"}, ("model", "enum")),
    ("beta-final", "request", {"speed": 1.6}, ("speed", "maximum")),
    ("beta-final", "request", {"speed": 0.2}, ("speed", "minimum")),
    ("beta-final", "request", {"temperature": 0.5}, ("temperature", "minimum")),
    ("beta-final", "request", {"client_secret": {"expires_after": {"seconds": 600}}},
     ("client_secret.expires_after", "required")),
    ("beta-final", "request", {"client_secret": {"expires_after": {"anchor": "created_at", "seconds": 5}}},
     ("client_secret.expires_after.seconds", "minimum")),
    ("beta-final", "request", {"client_secret": {"expires_after": {"anchor": "created_at", "seconds": 7201}}},
     ("client_secret.expires_after.seconds", "maximum")),
    # FORUM-EXP: the live API refused the short-lived June 2025 name.
    ("beta-final", "request", {"client_secret": {"expires_at": {"anchor": "created_at", "seconds": 60}}},
     ("client_secret", "additionalProperties")),
    ("beta-final", "request", {"turn_detection": {"type": "semantic_vad", "threshold": 0.5}},
     ("turn_detection", "additionalProperties")),
    ("beta-final", "request", {"turn_detection": {"type": "server_vad", "eagerness": "low"}},
     ("turn_detection", "additionalProperties")),
    ("beta-final", "request", {"include": None}, ("", "additionalProperties")),
    ("beta-final", "response", ex.BETA_REST_AUG_2025, ("", "required")),
    ("beta-final", "session_update", {"type": "session.update", "session": {"client_secret": {}}},
     ("session", "additionalProperties")),
    # CI-ERRTAB 63087367964 and 56780717898: beta names sent to GA are unknown parameters.
    ("ga", "request", with_session(temperature=0.8), ("session", "additionalProperties")),
    ("ga", "request", with_session(max_response_output_tokens=100), ("session", "additionalProperties")),
    ("ga", "request", with_session(modalities=["text"]), ("session", "additionalProperties")),
    ("ga", "request", with_session(turn_detection={"type": "server_vad"}), ("session", "additionalProperties")),
    ("ga", "request", with_session(input_audio_transcription={"model": "whisper-1"}),
     ("session", "additionalProperties")),
    ("ga", "request", with_session(voice="alloy"), ("session", "additionalProperties")),
    ("ga", "request", with_session(client_secret={"expires_after": {"anchor": "created_at", "seconds": 60}}),
     ("session", "additionalProperties")),
    # code index id 59671081138
    ("ga", "request", with_session(audio={"input": {"input_audio_noise_reduction": {"type": "near_field"}}}),
     ("session.audio.input", "additionalProperties")),
    ("ga", "request", {"session": {"model": "gpt-realtime"}}, ("session", "required")),
    ("ga", "request", {"session": {"type": "session"}}, ("session.type", "enum")),
    ("ga", "request", {"expires_after": {"seconds": 5}}, ("expires_after.seconds", "minimum")),
    ("ga", "request", {"expires_after": {"seconds": 7201}}, ("expires_after.seconds", "maximum")),
    ("ga", "request", {"expires_after": {"anchor": "now"}}, ("expires_after.anchor", "enum")),
    ("ga", "request", with_session(output_modalities=["text", "audio"]), ("session.output_modalities", "not")),
    ("ga", "request", with_session(audio={"input": {"format": {"type": "audio/pcm", "rate": 16000}}}),
     ("session.audio.input.format.rate", "enum")),
    ("ga", "request", with_session(audio={"output": {"speed": 1.6}}), ("session.audio.output.speed", "maximum")),
    ("ga", "request", with_session(audio={"output": {"speed": 0.2}}), ("session.audio.output.speed", "minimum")),
    ("ga", "request", with_session(audio={"input": {"turn_detection": {"type": "server_vad", "threshold": 1.1}}}),
     ("session.audio.input.turn_detection.threshold", "maximum")),
    ("ga", "request", with_session(audio={"input": {"turn_detection": {"type": "server_vad",
                                                                       "idle_timeout_ms": 4999}}}),
     ("session.audio.input.turn_detection.idle_timeout_ms", "minimum")),
    ("ga", "request", with_session(audio={"input": {"turn_detection": {"type": "server_vad",
                                                                       "idle_timeout_ms": 30001}}}),
     ("session.audio.input.turn_detection.idle_timeout_ms", "maximum")),
    ("ga", "request", with_session(audio={"input": {"turn_detection": {"threshold": 0.5}}}),
     ("session.audio.input.turn_detection", "required")),
    ("ga", "request", with_session(max_output_tokens=0), ("session.max_output_tokens", "minimum")),
    ("ga", "request", with_session(max_output_tokens=4097), ("session.max_output_tokens", "maximum")),
    ("ga", "request", with_session(tool_choice={"type": "function"}), ("session.tool_choice", "required")),
    ("ga", "request", with_session(truncation={"type": "retention_ratio", "retention_ratio": 1.5}),
     ("session.truncation.retention_ratio", "maximum")),
    ("ga", "request", with_session(tools=[{"type": "mcp", "server_url": "https://example.invalid"}]),
     ("session.tools.0", "required")),
    ("ga", "request", {"session": {"type": "transcription", "instructions": "hi"}},
     ("session", "additionalProperties")),
    # CI-ERRTAB 55368581872: "Turn detection is not supported for this transcription model."
    ("ga", "request", {"session": {"type": "transcription", "audio": {"input": {
        "transcription": {"model": "gpt-realtime-whisper"}}}}}, ("session.audio.input", "not")),
    ("ga", "request", {"session": {"type": "transcription", "audio": {"input": {
        "transcription": {"model": "gpt-realtime-whisper", "prompt": "p"}, "turn_detection": None}}}},
     ("session.audio.input.transcription", "not")),
    ("ga", "request", {"session": {"type": "transcription", "audio": {"input": {
        "transcription": {"model": "whisper-1", "languages": ["en"]}}}}}, ("session.audio.input.transcription", "not")),
    ("ga", "session_update", {"type": "session.update", "session": {"audio": {}}}, ("session", "required")),
    # CI-AZ-PROBE: the live server refused the whole update for one unknown key.
    ("ga", "session_update", {"type": "session.update",
                              "session": {"type": "realtime", "totally_made_up_field": 1}},
     ("session", "additionalProperties")),
    ("ga", "client_event", {"type": "output_audio_buffer.clear"}, ("type", "enum")),
]


@pytest.mark.parametrize(("snapshot", "role", "body", "reason"), REFUSED,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_snapshot_refuses_a_body_for_the_broken_rule(
    snapshot: str, role: str, body: Any, reason: tuple[str, str]
) -> None:
    assert reason in reasons(snapshot, role, body)


def test_ga_client_event_types_are_the_live_list_in_its_order() -> None:
    # CI-PROBES probe 8, verbatim: the order of the server's invalid_value message.
    live = ("'session.update', 'session.close', 'input_audio_buffer.append', 'session.input_audio_buffer.append', "
            "'input_audio_buffer.commit', 'input_audio_buffer.clear', 'conversation.item.create', "
            "'conversation.item.truncate', 'conversation.item.delete', 'conversation.item.retrieve', "
            "'response.create', and 'response.cancel'")
    types = load_contract("ga").schemas["client_event"]["properties"]["type"]["enum"]
    assert ", ".join(f"'{t}'" for t in types[:-1]) + f", and '{types[-1]}'" == live
