"""Opening a Realtime WebSocket: which key the client offered, which subprotocol to echo,
and which session the connection starts with. Plain values in, a session out; a refusal
is an APIError, which the endpoint sends as one `error` event before closing."""

from __future__ import annotations

from typing import Any

from mock_realtime.auth import check_key, rejected
from mock_realtime.contract.sessions import configured_session, socket_session, url_config
from mock_realtime.contract.snapshot import Contract
from mock_realtime.errors import NO_KEY_MESSAGE, AuthenticationError, InvalidRequestError
from mock_realtime.redaction import KEY_SUBPROTOCOL
from mock_realtime.state import MockState

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


def model_mismatch(requested: Any, fixed: str, *, param: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"Model mismatch: {requested!r} was requested, but this session uses {fixed!r}. "
        "A Realtime session keeps the model it was created with.",
        param=param,
        code="model_mismatch",
    )


def opening_session(state: MockState, key: str | None, model: str | None) -> tuple[Contract, dict[str, Any]]:
    """The snapshot a connection with `key` and `?model=` speaks and the session it starts
    with, or the APIError refusing it. A minted key speaks its minting snapshot's protocol."""
    if key is None:
        # Same words as the HTTP 401, but the code every Realtime auth refusal carries.
        raise AuthenticationError(NO_KEY_MESSAGE, code="invalid_api_key")
    if key.startswith("ek_"):
        contract, session = minted_session(state, key)
        if model is not None and model != session.get("model"):
            raise model_mismatch(model, str(session.get("model")), param="model")
        return contract, session
    check_key(key, state.settings.api_key)
    return state.contract, default_session(state, model)


def minted_session(state: MockState, secret: str) -> tuple[Contract, dict[str, Any]]:
    """The session exactly as minted with `secret`, while the mock's clock says it is
    valid, as the snapshot that minted it shows it on the socket."""
    issued = state.secrets.get(secret)
    now = state.clock.now()
    if issued is None or not issued.is_valid(now):
        # No public capture shows the real API's answer to an expired ephemeral key, so it
        # is refused like any key the API does not know.
        raise rejected(secret)
    contract = state.snapshot(issued.snapshot)
    return contract, socket_session(contract, issued.session, now=now)


def default_session(state: MockState, model: str | None) -> dict[str, Any]:
    """A standard key gets the contract's defaults for the model in the URL, checked like a body."""
    contract = state.contract
    config = url_config(contract, model)
    kind = contract.session_types.of(config)
    contract.checker(kind.config).check(config)
    return socket_session(contract, configured_session(contract, config, ids=state.ids), now=state.clock.now())
