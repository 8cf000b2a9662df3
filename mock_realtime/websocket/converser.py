"""The conversation engine behind a connection, the same for every transport: the
WebSocket and a WebRTC call both get one, on the mock's scripted replies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mock_realtime.conversation.vocabulary import load_vocabulary
from mock_realtime.state import MockState
from mock_realtime.websocket.connection import Connection
from mock_realtime.websocket.protocol import protocol_of

if TYPE_CHECKING:
    from mock_realtime.conversation.engine import Conversation


def converse(state: MockState, connection: Connection) -> Conversation:
    """An engine speaking the connection's protocol, sending through its transport."""
    # Imported with the first connection: the engine brings numpy (audio, G.711, voice
    # activity), and a mock that only mints secrets should not wait for it at start-up.
    from mock_realtime.conversation.engine import Conversation

    engine = Conversation(
        words=load_vocabulary(protocol_of(connection.contract)), ids=state.ids, replies=state.replies,
        session=lambda: connection.session, transport=connection.transport, pace_audio=state.settings.pace_audio,
    )
    connection.engine = engine
    return engine
