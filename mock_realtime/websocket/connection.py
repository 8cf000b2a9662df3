"""One Realtime connection after its handshake: the session it holds, and what it answers
each client message with. Messages in, server events out through the transport; the
socket stays in endpoint.py. Client events are checked against the contract's schemas
(client-event, session-update) with the same violations as the REST endpoint;
session.update is answered here, the conversation's events by the engine."""

from __future__ import annotations

from typing import Any

from mock_realtime.contract.body import parse_json_object
from mock_realtime.contract.sessions import apply_defaults
from mock_realtime.contract.snapshot import Contract
from mock_realtime.conversation.engine import Conversation as Engine
from mock_realtime.conversation.engine import Transport
from mock_realtime.conversation.replies import ReplyQueue
from mock_realtime.conversation.vocabulary import load_vocabulary
from mock_realtime.errors import APIError, InvalidRequestError
from mock_realtime.ids import IdSource
from mock_realtime.websocket.handshake import model_mismatch

# Client events the contract knows but the mock does not act out.
NOT_SIMULATED_MESSAGE = "The mock does not simulate '{type}' events."
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
    def __init__(
        self, contract: Contract, ids: IdSource, session: dict[str, Any], *, transport: Transport,
        replies: ReplyQueue, pace_audio: bool = False,
    ) -> None:
        self._contract = contract
        self._ids = ids
        self.session = session
        self._transport = transport
        self._event_checker = contract.checker("client_event")
        self._update_checker = contract.checker("session_update")
        self._updatable = contract.schemas["session_update"]["properties"]["session"]["properties"]
        self.engine = Engine(
            words=load_vocabulary(contract.manifest["websocket"].get("protocol", "beta")), ids=ids,
            replies=replies, session=lambda: self.session, transport=transport, pace_audio=pace_audio,
        )

    def created(self) -> dict[str, Any]:
        return server_event(self._ids, "session.created", session=self.session)

    async def receive(self, raw: str | bytes) -> None:
        """Act on one client message: session.updated, the conversation's events, or an error."""
        event: dict[str, Any] = {}
        try:
            event = parse_event(raw)
            self._event_checker.check(event)
            await self._act(event)
        except APIError as error:
            await self._transport.send(error_event(self._ids, error, _client_event_id(event)))

    async def _act(self, event: dict[str, Any]) -> None:
        if event["type"] == "session.update":
            await self._transport.send(self._update(event))
        elif self.engine.handles(event["type"]):
            await self.engine.handle(event)
        else:
            raise InvalidRequestError(
                NOT_SIMULATED_MESSAGE.format(type=event["type"]), param="type", code="not_simulated"
            )

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
