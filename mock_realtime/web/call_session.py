"""The session a WebRTC call runs on, from its key, its URL and its optional session part.

Beta form: keyed exactly like the beta WebSocket (an `ek_` secret brings its session, a
standard key gets the defaults for `?model=`). GA form: an `ek_` secret brings its
session, with the `session` part, if any, laid over it (objects merged key by key, as a
session.update merges them); a standard key gets the GA defaults for the `session` part,
a realtime session (calls carry no transcription sessions), checked with the rules and
words of minting one, its params under `session.`. Refusals are plain APIErrors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_realtime.auth import check_key
from mock_realtime.contract.sessions import configured_session, in_schema_order, socket_session
from mock_realtime.contract.snapshot import Contract
from mock_realtime.contract.violations import first_error, supported_values
from mock_realtime.errors import NO_KEY_MESSAGE, AuthenticationError, InvalidRequestError
from mock_realtime.state import MockState
from mock_realtime.websocket.handshake import minted_session, model_mismatch, opening_session

CALL_SESSION_TYPE = "realtime"
BETA = "beta"
# A GA key on the beta form, or a beta key on GA's: the live API's words, its code the mock's.
VERSION_MISMATCH = "API version mismatch"


def call_session(
    state: MockState, contract: Contract, key: str | None, part: dict[str, Any] | None, query: Mapping[str, str]
) -> dict[str, Any]:
    if key is None:
        raise AuthenticationError(NO_KEY_MESSAGE)
    if contract.manifest.get("protocol", BETA) == BETA:
        return _same_protocol(contract, *opening_session(state, key, query.get("model")))
    if key.startswith("ek_"):
        session = _same_protocol(contract, *minted_session(state, key))
        return session if part is None else _laid_over(contract, session, _checked_config(contract, part))
    check_key(key, state.settings.api_key)
    config = _checked_config(contract, part if part is not None else {"type": CALL_SESSION_TYPE})
    return socket_session(contract, configured_session(contract, config, ids=state.ids), now=state.clock.now())


def _same_protocol(contract: Contract, opened: Contract, session: dict[str, Any]) -> dict[str, Any]:
    if opened.manifest.get("protocol", BETA) != contract.manifest.get("protocol", BETA):
        raise InvalidRequestError(VERSION_MISMATCH, code="api_version_mismatch")
    return session


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


def _laid_over(contract: Contract, session: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    kind = contract.session_types.of(session)
    if "model" in config and config["model"] != session.get("model"):
        raise model_mismatch(config["model"], str(session.get("model")), param="session.model")
    return in_schema_order(_merged(session, config), contract.schema(kind.session))


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in over.items():
        both = isinstance(value, dict) and isinstance(result.get(key), dict)
        result[key] = _merged(result[key], value) if both else value
    return result
