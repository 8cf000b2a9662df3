"""A call stops its track's reply when the conversation interrupts, and says so with
output_audio_buffer.cleared, as a client's clear would; with nothing playing it is silent."""

from __future__ import annotations

from typing import Any

from mock_realtime.ids import IdSource
from mock_realtime.webrtc.call import Call
from tests.websocket.sdk_events import sdk_event


class _Peer:
    def __init__(self, playing: str | None) -> None:
        self.playing = playing
        self.sent: list[dict[str, Any]] = []
        self.on_event = self.send

    def send(self, event: dict[str, Any]) -> None:
        self.sent.append(event)

    def clear_audio(self) -> str | None:
        playing, self.playing = self.playing, None
        return playing

    async def close(self) -> None:
        return None


def _call(peer: _Peer) -> tuple[Call, list[dict[str, Any]]]:
    call = Call("rtc_u0_test", ids=IdSource(seed=1), accepts=lambda event: True, on_end=lambda call: None)
    call.attach(peer)
    seen: list[dict[str, Any]] = []
    call.listen(seen.append)
    return call, seen


def test_stopping_playback_clears_the_reply_being_played_and_says_so() -> None:
    peer = _Peer(playing="resp_1")
    call, seen = _call(peer)
    call.stop_playback()
    assert peer.playing is None
    assert [(e["type"], e["response_id"]) for e in seen] == [("output_audio_buffer.cleared", "resp_1")]
    assert peer.sent == seen  # the data channel hears it too
    assert seen[0]["event_id"].startswith("event_")
    sdk_event(seen[0], "ga")  # strictly, against the newest SDK's GA models


def test_stopping_playback_with_nothing_playing_sends_nothing() -> None:
    peer = _Peer(playing=None)
    call, seen = _call(peer)
    call.stop_playback()
    assert seen == []
    assert peer.sent == []
