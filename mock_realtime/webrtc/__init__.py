"""WebRTC calls: a real peer connection (aiortc) for each `POST /v1/realtime/calls`.

The peer answers the client's SDP offer, carries events on the `oai-events` data channel
and audio on RTP both ways. It needs the optional `webrtc` extra; the base install never
imports aiortc, and `require_webrtc()` explains what to install when it is missing."""

from __future__ import annotations

from mock_realtime.webrtc.extra import WEBRTC_MISSING_MESSAGE, WebRTCUnavailable, require_webrtc

__all__ = ["WEBRTC_MISSING_MESSAGE", "WebRTCUnavailable", "require_webrtc"]
