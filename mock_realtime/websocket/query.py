"""What a GA socket's URL asks for: exactly one of `?model=` (a realtime session),
`?intent=transcription` (a transcription session) or `?call_id=` (joining a WebRTC or
SIP call, sideband.py). The names, the session each one starts and the captured refusals are the
manifest's `websocket.query`, `missing_model` and `model_with_transcription_intent`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_realtime.contract.pointers import put
from mock_realtime.contract.snapshot import Contract
from mock_realtime.contract.violations import first_error, supported_values
from mock_realtime.errors import APIError, InvalidRequestError
from mock_realtime.websocket.refusal import Refused


def named_call(contract: Contract, query: Mapping[str, str]) -> str | None:
    """The call a sideband URL names, when `call_id` is the one parameter it gives."""
    given = [name for name in contract.manifest["websocket"]["query"]["exactly_one_of"] if name in query]
    return query["call_id"] if given == ["call_id"] else None


def requested_config(contract: Contract, query: Mapping[str, str]) -> dict[str, Any]:
    """The session config the URL asks for, e.g. {"type": "realtime", "model": "gpt-realtime"}
    (a lone `call_id` is the sideband's, see named_call).
    Refused otherwise: every URL error closes as `missing_model` does (4000), since the
    captures give no other code for a malformed GA URL."""
    socket = contract.manifest["websocket"]
    rules = socket["query"]
    given = [name for name in rules["exactly_one_of"] if name in query]
    if not given:
        raise _missing_model(socket)
    if len(given) > 1:
        raise _refusal(socket, _too_many(socket, given))
    name, value = given[0], query[given[0]]
    if name == "model":
        return _checked(contract, put(dict(rules["model"]["session"]), rules["model"]["to"], value))
    if name == "intent":
        intents = rules["intent"]
        if value not in intents:
            message = f"Invalid value: '{value}'. Supported values are: {supported_values(list(intents))}."
            raise _refusal(socket, InvalidRequestError(message, param="intent", code="invalid_value"))
        return dict(intents[value]["session"])
    raise ValueError(f"?{name}= opens no new session; the handshake asks named_call first")


def _checked(contract: Contract, config: dict[str, Any]) -> dict[str, Any]:
    """The config, if its session type's schema takes it (a model it does not list is refused)."""
    violations = contract.checker(contract.session_types.of(config).config).violations(config)
    if violations:
        raise _refusal(contract.manifest["websocket"], first_error(violations))
    return config


def _too_many(socket: dict[str, Any], given: list[str]) -> APIError:
    if given == ["model", "intent"]:
        return InvalidRequestError(socket["model_with_transcription_intent"]["message"], param="model",
                                   code="invalid_value")
    names = supported_values(socket["query"]["exactly_one_of"]).replace(" and ", " or ")
    return InvalidRequestError(f"Pass exactly one of {names}.", code="invalid_value")


def _missing_model(socket: dict[str, Any]) -> Refused:
    missing = socket["missing_model"]
    error = InvalidRequestError(missing["message"], code=missing["code"])
    return Refused(error, code=missing["close"]["code"], reason=missing["close"]["reason"])


def _refusal(socket: dict[str, Any], error: APIError) -> Refused:
    return Refused(error, code=socket["missing_model"]["close"]["code"])
