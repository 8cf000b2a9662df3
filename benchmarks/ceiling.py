"""The ceiling: the least a Starlette endpoint on uvicorn can do for this route.
It receives the body (any POST endpoint must) and answers a fixed ~600-byte JSON."""

from __future__ import annotations

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

FIXED = orjson.dumps(
    {
        "id": "sess_0123456789abcdefghijk",
        "object": "realtime.session",
        "model": "gpt-4o-realtime-preview",
        "modalities": ["audio", "text"],
        "instructions": "You are a concise assistant for a travel desk.",
        "voice": "alloy",
        "input_audio_format": "pcm16",
        "output_audio_format": "pcm16",
        "input_audio_transcription": None,
        "turn_detection": {
            "type": "server_vad",
            "threshold": 0.5,
            "prefix_padding_ms": 300,
            "silence_duration_ms": 500,
            "create_response": True,
        },
        "tools": [],
        "tool_choice": "auto",
        "temperature": 0.8,
        "max_response_output_tokens": "inf",
        "client_secret": {"value": "ek_6853c2a0abcdef0123456789abcdef01", "expires_at": 1750000060},
    }
)


async def create_session(request: Request) -> Response:
    await request.body()
    return Response(FIXED, media_type="application/json")


app = Starlette(routes=[Route("/v1/realtime/sessions", create_session, methods=["POST"])])
