"""`?call_id=`: a sideband connection to a WebRTC or SIP call, which speaks for the call's
own session instead of opening one (GA only). The hook for a WebRTC peer: it answers
`joined_call` with the session of a call it carries. Until a peer carries calls, no call
id is known, and the handshake is refused as the other malformed GA URLs are (4000)."""

from __future__ import annotations

from typing import Any

from mock_realtime.contract.snapshot import Contract
from mock_realtime.errors import InvalidRequestError
from mock_realtime.state import MockState
from mock_realtime.websocket.refusal import Refused


def joined_call(state: MockState, contract: Contract, call_id: str) -> dict[str, Any]:
    """The session of the call `call_id` names, as that call holds it."""
    error = InvalidRequestError(f"No call found with id '{call_id}'.", param="call_id", code="call_not_found")
    raise Refused(error, code=contract.manifest["websocket"]["missing_model"]["close"]["code"])
