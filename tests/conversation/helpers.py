"""Helpers for the conversation tests: every server event is checked twice, against the
contract's server-event schema and, strictly, against the official openai SDK's own
models (a TypeAdapter over the GA or the beta RealtimeServerEvent union); audio the tests
speak into the mock is made here, independently of the mock's own synthesis."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from functools import cache
from typing import Any

import numpy as np
import openai.types.beta.realtime as beta_types
import openai.types.realtime as ga_types
import orjson
from pydantic import TypeAdapter
from websockets.sync.client import ClientConnection

from mock_realtime.contract.checker import schema_validator
from mock_realtime.contract.snapshot import load_contract

TIMEOUT = 5
SDK_EVENTS = {
    "beta": TypeAdapter(beta_types.RealtimeServerEvent),
    "ga": TypeAdapter(ga_types.RealtimeServerEvent),
}


@cache
def _server_events(contract: str) -> Any:
    loaded = load_contract(contract)
    return schema_validator(loaded.schemas["server_event"], loaded.schemas.values())


def strictly_valid(event: dict[str, Any], *, protocol: str, contract: str) -> dict[str, Any]:
    """The event, once it has passed its snapshot's schema and the SDK's models in strict mode."""
    _server_events(contract).validate(event)
    SDK_EVENTS[protocol].validate_python(event, strict=True)
    return event


class Wire:
    """A client's side of one Realtime socket, reading strictly validated events."""

    def __init__(self, ws: ClientConnection, *, protocol: str = "beta", contract: str = "2024-12-17") -> None:
        self.ws, self.protocol, self.contract = ws, protocol, contract

    def send(self, event: dict[str, Any]) -> None:
        self.ws.send(orjson.dumps(event).decode())

    def recv(self) -> dict[str, Any]:
        event: dict[str, Any] = orjson.loads(self.ws.recv(timeout=TIMEOUT))
        return strictly_valid(event, protocol=self.protocol, contract=self.contract)

    def until(self, event_type: str) -> list[dict[str, Any]]:
        """Events up to and including the first of `event_type`."""
        events = [self.recv()]
        while events[-1]["type"] != event_type:
            events.append(self.recv())
        return events


class CheckedEvents:
    """An SDK realtime connection's server events, each checked strictly (the snapshot's
    schema and the SDK's own union) before the SDK parses it."""

    def __init__(self, *, protocol: str, contract: str) -> None:
        self.protocol, self.contract = protocol, contract

    def next(self, connection: Any) -> Any:
        raw = connection.recv_bytes()
        strictly_valid(orjson.loads(raw), protocol=self.protocol, contract=self.contract)
        return connection.parse_event(raw)

    def until(self, connection: Any, event_type: str) -> list[Any]:
        """Every event up to and including the first of `event_type`."""
        events = [self.next(connection)]
        while events[-1].type != event_type:
            events.append(self.next(connection))
        return events


def types_of(events: list[dict[str, Any]]) -> list[str]:
    """Event types with runs of the same delta folded into one `type*`."""
    folded: list[str] = []
    for event in events:
        name = event["type"] + ("*" if event["type"].endswith(".delta") else "")
        if not folded or folded[-1] != name or not name.endswith("*"):
            folded.append(name)
    return folded


def tone(milliseconds: int, *, rate: int = 24_000, amplitude: float = 0.3, pitch: float = 220.0) -> np.ndarray:
    time = np.arange(rate * milliseconds // 1000) / rate
    return (np.sin(2 * np.pi * pitch * time) * amplitude * 32767).astype(np.int16)


def silence(milliseconds: int, *, rate: int = 24_000) -> np.ndarray:
    return np.zeros(rate * milliseconds // 1000, dtype=np.int16)


def pcm16_chunks(samples: np.ndarray, *, chunk_ms: int = 100, rate: int = 24_000) -> Iterator[str]:
    """Base64 pcm16 in chunks, as clients append it (LiveKit: 100 ms)."""
    size = rate * chunk_ms // 1000
    for start in range(0, len(samples), size):
        yield base64.b64encode(samples[start:start + size].astype("<i2").tobytes()).decode()


def decoded_pcm16(events: list[dict[str, Any]], delta_type: str) -> np.ndarray:
    data = b"".join(base64.b64decode(e["delta"]) for e in events if e["type"] == delta_type)
    return np.frombuffer(data, dtype="<i2")


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples.astype(np.float64))))) / 32768
