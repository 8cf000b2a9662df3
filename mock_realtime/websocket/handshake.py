"""Opening a Realtime WebSocket: which key the client offered, which subprotocol to echo,
what the URL asks for, and the session the connection starts with. Plain values in, a
session out; a refusal is a `Refused`, which the endpoint sends as one `error` event
before closing with the code the snapshot gives it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_realtime.auth import check_key
from mock_realtime.contract.sessions import socket_session, url_config
from mock_realtime.contract.snapshot import Contract
from mock_realtime.errors import NO_KEY_MESSAGE, APIError, AuthenticationError, InvalidRequestError
from mock_realtime.redaction import KEY_SUBPROTOCOL
from mock_realtime.state import MockState
from mock_realtime.websocket.protocol import BETA, protocol_of
from mock_realtime.websocket.query import named_call, requested_config
from mock_realtime.websocket.refusal import Refused
from mock_realtime.websocket.sessions import default_session, issued_secret, minted_session
from mock_realtime.websocket.sideband import joined_call
from mock_realtime.websocket.update import model_mismatch

# Browsers cannot set headers on a WebSocket, so they offer these subprotocols instead;
# the server must echo one of them or the browser aborts the handshake.
BROWSER_SUBPROTOCOL = "realtime"


def offered_subprotocols(header: str | None) -> list[str]:
    return [p.strip() for p in (header or "").split(",") if p.strip()]


def selected_subprotocol(offered: list[str]) -> str | None:
    return BROWSER_SUBPROTOCOL if BROWSER_SUBPROTOCOL in offered else None


def offered_key(authorization: str | None, offered: list[str]) -> str | None:
    """The key from `Authorization: Bearer` (servers), else from a subprotocol (browsers)."""
    scheme, _, credential = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        return credential.strip()
    for protocol in offered:
        if protocol.startswith(KEY_SUBPROTOCOL) and len(protocol) > len(KEY_SUBPROTOCOL):
            return protocol[len(KEY_SUBPROTOCOL):]
    return None


def opening_session(
    state: MockState, contract: Contract, key: str | None, query: Mapping[str, str]
) -> dict[str, Any]:
    """The session, as the socket shows it, that a connection with `key` and this URL starts with."""
    try:
        if key is None:
            # Same words as the HTTP 401, but the code every Realtime auth refusal carries.
            raise AuthenticationError(NO_KEY_MESSAGE, code="invalid_api_key")
        if protocol_of(contract) == BETA:
            session = _beta_session(state, contract, key, query.get("model"))
        else:
            session = _ga_session(state, contract, key, query)
    except APIError as error:
        raise Refused(error, code=contract.refusal_close_code) from None
    return socket_session(contract, session, now=state.clock.now())


def _minted(state: MockState, contract: Contract, key: str) -> dict[str, Any]:
    """The session minted with `key`, on a socket of the protocol that minted it."""
    issued = issued_secret(state.secrets, key, state.clock.now())
    if protocol_of(state.snapshot(issued.snapshot)) != protocol_of(contract):
        # A GA key on a beta handshake: the live API answered "API version mismatch"; the
        # rest of its body is not public, so the code is the mock's own.
        raise InvalidRequestError("API version mismatch", code="api_version_mismatch")
    return minted_session(issued)


def _beta_session(state: MockState, contract: Contract, key: str, model: str | None) -> dict[str, Any]:
    if key.startswith("ek_"):
        session = _minted(state, contract, key)
        if model is not None and model != session["model"]:
            raise model_mismatch(model, session["model"], param="model")
        return session
    check_key(key, state.settings.api_key)
    return default_session(contract, url_config(contract, model), ids=state.ids)


def _ga_session(state: MockState, contract: Contract, key: str, query: Mapping[str, str]) -> dict[str, Any]:
    if (call_id := named_call(contract, query)) is not None:
        if key.startswith("ek_"):
            issued_secret(state.secrets, key, state.clock.now())
        else:
            check_key(key, state.settings.api_key)
        return joined_call(state, contract, call_id)
    if key.startswith("ek_"):
        session = _minted(state, contract, key)
        # The key carries its session, so its URL may name nothing (a choice: no capture
        # shows a GA ek_ handshake without ?model=); what it does name must fit.
        named = any(name in query for name in contract.manifest["websocket"]["query"]["exactly_one_of"])
        asked = requested_config(contract, query).get("model") if named else None
        if asked is not None and asked != session.get("model"):
            raise model_mismatch(asked, str(session.get("model")), param="model")
        return session
    check_key(key, state.settings.api_key)
    return default_session(contract, requested_config(contract, query), ids=state.ids)
