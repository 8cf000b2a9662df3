"""Opening a call: the peer answers the offer, the conversation starts on the session,
and the registry holds both until the call ends."""

from __future__ import annotations

from typing import Any

from mock_realtime.contract.snapshot import Contract
from mock_realtime.state import MockState
from mock_realtime.webrtc.call import Call
from mock_realtime.webrtc.candidates import host_addresses
from mock_realtime.webrtc.peer import CallPeer
from mock_realtime.websocket.connection import Connection


def _knows_event(contract: Contract) -> Any:
    return contract.checker("client_event").is_valid


async def open_call(
    state: MockState, contract: Contract, offer: str, session: dict[str, Any], *, secret: str | None = None
) -> tuple[str, str]:
    """The new call's id and the SDP answer; raises OfferRejected for an unusable offer.
    `secret` is the ek_ key the call was opened with, which may also join it as a sideband."""
    call = Call(
        state.ids.webrtc_call_id(),
        ids=state.ids,
        accepts=_knows_event(contract),
        on_end=state.calls.end,
        secret=secret,
    )
    call.conversation = Connection(contract, state.ids, session, transport=call)
    peer = CallPeer(addresses=host_addresses(state.settings.host), new_event_id=state.ids.event_id)
    call.attach(peer)
    try:
        answer = await peer.answer(offer, call)
    except Exception:
        await peer.close()
        raise
    state.calls.add(call)
    return call.call_id, answer
