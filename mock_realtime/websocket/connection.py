"""One Realtime connection after its handshake: the session it holds and the server
events it answers each client message with. Messages in, event dicts out; the socket
stays in endpoint.py. Every message is checked against the snapshot's client-event
schema; `session.update` is answered here, in the rules of the snapshot's protocol, and
every other client event is handed on to the connection's engine."""

from __future__ import annotations

from typing import Any, Protocol

from mock_realtime.contract.body import parse_json_object
from mock_realtime.contract.snapshot import Contract
from mock_realtime.errors import APIError, InvalidRequestError
from mock_realtime.ids import IdSource
from mock_realtime.websocket.protocol import BETA, protocol_of
from mock_realtime.websocket.update import beta_updated, ga_updated

INVALID_JSON_MESSAGE = "The event could not be parsed as JSON. Each message must be one JSON object."


class Transport(Protocol):
    """Where a connection's server events go: a WebSocket, or a WebRTC data channel."""

    async def send(self, event: dict[str, Any]) -> None: ...

    async def close(self, code: int, reason: str) -> None: ...

    def stop_playback(self) -> None: ...


class Engine(Protocol):
    """What acts on the client events that are not session.update (a conversation engine),
    sending its server events through the connection's transport itself. An APIError it
    raises becomes the client's error event."""

    def handles(self, event_type: str) -> bool: ...

    async def handle(self, event: dict[str, Any]) -> None: ...


NOT_SIMULATED_MESSAGE = (
    "The mock does not simulate '{type}' events: it answers session.update and "
    "reports errors, but has no audio buffer, conversation or responses."
)


def server_event(ids: IdSource, event_type: str, **fields: Any) -> dict[str, Any]:
    return {"event_id": ids.event_id(), "type": event_type, **fields}


def error_event(ids: IdSource, error: APIError, client_event_id: str | None = None) -> dict[str, Any]:
    """OpenAI's error envelope as a server event, naming the client event that caused it."""
    return server_event(ids, "error", error={**error.envelope()["error"], "event_id": client_event_id})


def parse_event(raw: str | bytes) -> dict[str, Any]:
    return parse_json_object(
        raw, what="event", unparseable=lambda: InvalidRequestError(INVALID_JSON_MESSAGE, code="invalid_json")
    )


def _client_event_id(event: dict[str, Any]) -> str | None:
    event_id = event.get("event_id")
    return event_id if isinstance(event_id, str) else None


class Connection:
    def __init__(self, contract: Contract, ids: IdSource, session: dict[str, Any], *,
                 transport: Transport, engine: Engine | None = None) -> None:
        self.contract = contract
        self.ids = ids
        self.session = session
        self.transport = transport
        self.engine = engine
        self._update = beta_updated if protocol_of(contract) == BETA else ga_updated

    def created(self) -> dict[str, Any]:
        return server_event(self.ids, "session.created", session=self.session)

    async def receive(self, raw: str | bytes) -> None:
        """Act on one client message: session.updated, the engine's events, or an error."""
        event: dict[str, Any] = {}
        try:
            event = parse_event(raw)
            self.contract.checker("client_event").check(event)
            await self._act(event)
        except APIError as error:
            await self.transport.send(error_event(self.ids, error, _client_event_id(event)))

    async def _act(self, event: dict[str, Any]) -> None:
        if event["type"] == "session.update":
            self.session = self._update(self.contract, self.session, event)
            await self.transport.send(server_event(self.ids, "session.updated", session=self.session))
        elif self.engine is not None and self.engine.handles(event["type"]):
            await self.engine.handle(event)  # every other client event is the engine's
        else:
            raise InvalidRequestError(NOT_SIMULATED_MESSAGE.format(type=event["type"]), param="type",
                                      code="not_simulated")

    async def expire(self) -> None:
        """The session hit its maximum duration: the API's error, then the close."""
        expiry = self.contract.manifest["session_expired"]
        await self.transport.send(error_event(self.ids, InvalidRequestError(expiry["message"],
                                                                            code=expiry["code"])))
        await self.transport.close(expiry["close"]["code"], expiry["close"]["reason"])
