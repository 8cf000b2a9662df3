"""The newest official SDK's own models for what the server sends, strictly: every event
the mock sends must parse as the SDK's GA union (`openai.types.realtime`) or, on a beta
socket, its beta union (`openai.types.beta.realtime`), with no type coercion."""

from __future__ import annotations

from typing import Any

from openai.types.beta.realtime import RealtimeServerEvent as BetaServerEvent
from openai.types.realtime import RealtimeServerEvent as GAServerEvent
from pydantic import BaseModel, TypeAdapter

_UNIONS: dict[str, TypeAdapter[Any]] = {"beta": TypeAdapter(BetaServerEvent), "ga": TypeAdapter(GAServerEvent)}


def sdk_event(event: dict[str, Any], protocol: str) -> BaseModel:
    """`event` as the SDK's model for `protocol`; raises pydantic's ValidationError otherwise."""
    model: BaseModel = _UNIONS[protocol].validate_python(event, strict=True)
    return model
