"""The conversation engine behind a connection, the same for every transport: the
WebSocket and a WebRTC call both get one, on the mock's scripted replies."""

from __future__ import annotations

from mock_realtime.conversation.engine import Conversation
from mock_realtime.conversation.vocabulary import load_vocabulary
from mock_realtime.state import MockState
from mock_realtime.websocket.connection import Connection
from mock_realtime.websocket.protocol import protocol_of


def converse(state: MockState, connection: Connection) -> Conversation:
    """An engine speaking the connection's protocol, sending through its transport."""
    engine = Conversation(
        words=load_vocabulary(protocol_of(connection.contract)), ids=state.ids, replies=state.replies,
        session=lambda: connection.session, transport=connection.transport, pace_audio=state.settings.pace_audio,
    )
    connection.engine = engine
    return engine
