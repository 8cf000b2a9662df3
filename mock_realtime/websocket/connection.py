"""One Realtime connection after its handshake: the session it holds and the server
event it answers each client message with. Messages in, event dicts out; the socket
stays in realtime.py. Client events are checked against the contract's schemas
(client-event, session-update) with the same violations as the REST endpoint."""

from __future__ import annotations

from typing import Any

from mock_realtime.contract.body import parse_json_object
from mock_realtime.contract.sessions import apply_defaults
from mock_realtime.contract.snapshot import Contract
from mock_realtime.errors import APIError, InvalidRequestError
from mock_realtime.ids import IdSource
from mock_realtime.websocket.handshake import model_mismatch

# Client events the contract knows but the mock does not act out: there is no model
# behind it, so no audio buffer, conversation or response to report on.
NOT_SIMULATED_MESSAGE = (
    "The mock does not simulate '{type}' events: it answers session.update and "
    "reports errors, but has no audio buffer, conversation or responses."
)
INVALID_JSON_MESSAGE = "The event could not be parsed as JSON. Each message must be one JSON object."


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


class Conversation:
    def __init__(self, contract: Contract, ids: IdSource, session: dict[str, Any]) -> None:
        self._contract = contract
        self._ids = ids
        self.session = session
        self._event_checker = contract.checker("client_event")
        self._update_checker = contract.checker("session_update")
        self._updatable = contract.schemas["session_update"]["properties"]["session"]["properties"]

    def created(self) -> dict[str, Any]:
        return server_event(self._ids, "session.created", session=self.session)

    def answer(self, raw: str | bytes) -> dict[str, Any]:
        """The server event for one client message: session.updated, or an error."""
        event: dict[str, Any] = {}
        try:
            event = parse_event(raw)
            self._event_checker.check(event)
            if event["type"] == "session.update":
                return self._update(event)
            raise InvalidRequestError(
                NOT_SIMULATED_MESSAGE.format(type=event["type"]), param="type", code="not_simulated"
            )
        except APIError as error:
            return error_event(self._ids, error, _client_event_id(event))

    def _update(self, event: dict[str, Any]) -> dict[str, Any]:
        update: Any = event.get("session")
        if isinstance(update, dict):
            # Checked as the session would be after the update, so that tool_choice may
            # name a tool declared earlier; unchanged fields passed these rules already.
            # The update's own fields come first, so violations are ordered as in its body.
            current = {k: v for k, v in self.session.items()
                       if k in self._updatable and k not in update}
            event = {**event, "session": {**update, **current}}
        self._update_checker.check(event)  # past this, `update` is an object
        if "model" in update and update["model"] != self.session["model"]:
            raise model_mismatch(update["model"], self.session["model"], param="session.model")
        request_fields = self._contract.request_schema["properties"]
        changed = {key: apply_defaults(request_fields[key], value) for key, value in update.items()}
        self.session = {**self.session, **changed}
        return server_event(self._ids, "session.updated", session=self.session)
