"""Who may reach a call after it opened (a sideband socket, the call routes): the
account's standard key, or the ek_ secret the call was opened with."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from mock_realtime.auth import check_key
from mock_realtime.errors import NO_KEY_MESSAGE, AuthenticationError, NotFoundError

if TYPE_CHECKING:
    from mock_realtime.state import MockState
    from mock_realtime.webrtc.call import Call

UNKNOWN_CALL_MESSAGE = "No call found with id '{call_id}'."


def reached_call(state: MockState, key: str | None, call_id: str) -> Call:
    """The live call `key` may reach, or the APIError refusing it: a bad key first, then an
    unknown (or ended) call, so that call ids are not probed without a key."""
    if key is None:
        raise AuthenticationError(NO_KEY_MESSAGE, code="invalid_api_key")
    call = state.calls.get(call_id)
    if call is None or call.secret is None or not hmac.compare_digest(key.encode(), call.secret.encode()):
        check_key(key, state.settings.api_key)
    if call is None:
        raise NotFoundError(UNKNOWN_CALL_MESSAGE.format(call_id=call_id), param="call_id", code="call_not_found")
    return call
