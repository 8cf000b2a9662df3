"""What the load sends: a realistic create-session body (ten fields, one tool), the
same body with three common mistakes, their GA client-secret twins, and the wrk Lua
script that posts any of them."""

from __future__ import annotations

from typing import Any

import orjson

API_KEY = "sk-bench-0123456789abcdef"
PATH = "/v1/realtime/sessions"
GA_PATH = "/v1/realtime/client_secrets"

VALID: dict[str, Any] = {
    "model": "gpt-4o-realtime-preview-2024-12-17",
    "modalities": ["audio", "text"],
    "instructions": "You are a concise assistant for a travel desk. Confirm bookings by reference.",
    "voice": "verse",
    "input_audio_format": "pcm16",
    "output_audio_format": "pcm16",
    "input_audio_transcription": {"model": "whisper-1"},
    "turn_detection": {
        "type": "server_vad",
        "threshold": 0.6,
        "prefix_padding_ms": 300,
        "silence_duration_ms": 400,
        "create_response": True,
    },
    "tools": [
        {
            "type": "function",
            "name": "lookup_booking",
            "description": "Find a booking by its reference.",
            "parameters": {
                "type": "object",
                "properties": {"reference": {"type": "string"}},
                "required": ["reference"],
            },
        }
    ],
    "tool_choice": "lookup_booking",
    "temperature": 0.7,
    "max_response_output_tokens": 1024,
}

# Several violations, so the invalid path explains more than one: other OpenAI endpoints
# accept temperatures up to 2 (this one stops at 1.2), mp3 is no input format here, and
# the output cap is 4096 tokens.
INVALID: dict[str, Any] = {
    **VALID, "temperature": 1.5, "input_audio_format": "mp3", "max_response_output_tokens": 5000
}

GA_VALID: dict[str, Any] = {
    "expires_after": {"anchor": "created_at", "seconds": 600},
    "session": {
        "type": "realtime",
        "model": "gpt-realtime",
        "instructions": VALID["instructions"],
        "output_modalities": ["audio"],
        "tools": VALID["tools"],
        "tool_choice": "auto",
        "max_output_tokens": 1024,
    },
}

# GA's own mistakes: both output modalities at once, and the output cap exceeded.
GA_INVALID: dict[str, Any] = {
    **GA_VALID,
    "session": {**GA_VALID["session"], "output_modalities": ["audio", "text"], "max_output_tokens": 5000},
}

_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '@@wrk {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def encode(body: dict[str, Any]) -> bytes:
    return orjson.dumps(body)


def wrk_script(body: dict[str, Any], *, api_key: str = API_KEY) -> str:
    """A wrk script posting `body`; `done` prints one JSON line that the harness reads.
    wrk counts non-2xx answers as `status` errors, which is how a run proves its path."""
    payload = encode(body).decode()
    return (
        'wrk.method = "POST"\n'
        f"wrk.body = [==[{payload}]==]\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {api_key}"\n' + _DONE
    )
