"""The session a WebRTC call runs on, from its key, its URL and its optional session part.

Beta form: keyed exactly like the beta WebSocket (an `ek_` secret brings its session, a
standard key gets the defaults for `?model=`). GA form: an `ek_` secret brings its session,
with the `session` part, if any, laid over it as a session.update would be; a standard key
gets the GA defaults for the `session` part (a realtime session: calls carry no
transcription sessions), checked with the same rules and words as minting one, its
params under `session.`. Refusals are plain APIErrors: the endpoint answers them in HTTP."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_realtime.auth import check_key
from mock_realtime.contract.sessions import configured_session, socket_session
from mock_realtime.contract.snapshot import Contract
from mock_realtime.contract.violations import first_error, supported_values
from mock_realtime.errors import NO_KEY_MESSAGE, AuthenticationError, InvalidRequestError
from mock_realtime.state import MockState
from mock_realtime.websocket.handshake import opening_session
from mock_realtime.websocket.protocol import BETA, protocol_of
from mock_realtime.websocket.refusal import Refused
from mock_realtime.websocket.update import ga_updated

CALL_SESSION_TYPE = "realtime"


def call_session(
    state: MockState, contract: Contract, key: str | None, part: dict[str, Any] | None, query: Mapping[str, str]
) -> dict[str, Any]:
    if key is None:
        raise AuthenticationError(NO_KEY_MESSAGE)
    if protocol_of(contract) == BETA or key.startswith("ek_"):
        session = _as_on_socket(state, contract, key, query)
        if part is not None:
            session = ga_updated(contract, session, {"type": "session.update", "session": part})
        return session
    check_key(key, state.settings.api_key)
    config = _checked_config(contract, part if part is not None else {"type": CALL_SESSION_TYPE})
    return socket_session(contract, configured_session(contract, config, ids=state.ids), now=state.clock.now())


def _as_on_socket(state: MockState, contract: Contract, key: str, query: Mapping[str, str]) -> dict[str, Any]:
    try:
        return opening_session(state, contract, key, query)
    except Refused as refused:
        raise refused.error from None


def _checked_config(contract: Contract, config: dict[str, Any]) -> dict[str, Any]:
    """The part, if the realtime session type's schema takes it; its params under `session.`."""
    kind = contract.session_types.of(config)
    if kind.name != CALL_SESSION_TYPE:
        message = f"Invalid value: '{kind.name}'. Supported values are: {supported_values([CALL_SESSION_TYPE])}."
        raise InvalidRequestError(message, param="session.type", code="invalid_value")
    violations = contract.checker(kind.config).violations(config, prefix="session")
    if violations:
        raise first_error(violations)
    return config
