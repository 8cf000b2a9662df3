"""One Realtime connection after its handshake: the session it holds and the server
events it answers each client message with. Messages in, event dicts out; the socket
stays in endpoint.py. Every message is checked against the snapshot's client-event
schema; `session.update` is answered here, in the rules of the snapshot's protocol, and
every other client event is handed on to the connection's engine."""

from __future__ import annotations

from typing import Any, Protocol

from mock_realtime.contract.body import parse_json_object
from mock_realtime.contract.snapshot import Contract
from mock_realtime.contract.violations import check
from mock_realtime.errors import APIError, InvalidRequestError
from mock_realtime.ids import IdSource
from mock_realtime.websocket.protocol import BETA, protocol_of
from mock_realtime.websocket.sessions import schema_validator
from mock_realtime.websocket.update import beta_updated, ga_updated

INVALID_JSON_MESSAGE = "The event could not be parsed as JSON. Each message must be one JSON object."


class Engine(Protocol):
    """What answers the client events that are not session.update (a conversation engine):
    the events to send back, or an APIError for the client's error event."""

    def answer(self, event: dict[str, Any], connection: Connection) -> list[dict[str, Any]]: ...


class NotSimulated:
    """The engine of a mock with no model behind it: no audio buffer, conversation or response."""

    MESSAGE = (
        "The mock does not simulate '{type}' events: it answers session.update and "
        "reports errors, but has no audio buffer, conversation or responses."
    )

    def answer(self, event: dict[str, Any], connection: Connection) -> list[dict[str, Any]]:
        raise InvalidRequestError(self.MESSAGE.format(type=event["type"]), param="type", code="not_simulated")


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
                 engine: Engine | None = None) -> None:
        self.contract = contract
        self.ids = ids
        self.session = session
        self.engine: Engine = engine or NotSimulated()
        self._update = beta_updated if protocol_of(contract) == BETA else ga_updated

    def created(self) -> dict[str, Any]:
        return server_event(self.ids, "session.created", session=self.session)

    def answer(self, raw: str | bytes) -> list[dict[str, Any]]:
        """The server events for one client message: session.updated, the engine's, or an error."""
        event: dict[str, Any] = {}
        try:
            event = parse_event(raw)
            check(schema_validator(self.contract.name, "client_event"), event)
            if event["type"] != "session.update":
                return self.engine.answer(event, self)
            self.session = self._update(self.contract, self.session, event)
            return [server_event(self.ids, "session.updated", session=self.session)]
        except APIError as error:
            return [error_event(self.ids, error, _client_event_id(event))]

    def expired(self) -> dict[str, Any]:
        """The error the API sends when the session hits its maximum duration."""
        expiry = self.contract.manifest["session_expired"]
        error = InvalidRequestError(expiry["message"], code=expiry["code"])
        return error_event(self.ids, error)
