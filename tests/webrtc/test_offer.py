"""Which SDP offers the peer refuses before aiortc sees them, and the words it uses."""

from __future__ import annotations

import pytest

from mock_realtime.webrtc.offer import OfferRejected, check_offer, without_mdns_candidates

GOOD = (
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdef012345\r\n"
    "a=fingerprint:sha-256 AB:CD\r\na=setup:actpass\r\na=mid:0\r\n"
)


@pytest.mark.parametrize(
    ("sdp", "reason"),
    [
        pytest.param("", "must start with 'v=0'", id="empty"),
        pytest.param("hello, world", "must start with 'v=0'", id="not-sdp"),
        pytest.param(GOOD.replace("m=application", "m=video"), "no audio or data channel", id="video-only"),
        pytest.param(GOOD.replace("a=ice-ufrag:abcd\r\n", ""), "no ICE credentials", id="no-ice"),
        pytest.param(GOOD.replace("a=fingerprint:sha-256 AB:CD\r\n", ""), "no DTLS fingerprint", id="no-dtls"),
        pytest.param(GOOD + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=rtpmap:0 PCMU/8000\r\n", "no Opus codec",
                     id="audio-without-opus"),
    ],
)
def test_check_offer_refuses_with_a_reason(sdp: str, reason: str) -> None:
    with pytest.raises(OfferRejected, match=reason):
        check_offer(sdp)


@pytest.mark.parametrize(
    "sdp",
    [
        pytest.param(GOOD, id="data-channel"),
        pytest.param(GOOD + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n", id="opus-audio"),
    ],
)
def test_check_offer_accepts_an_answerable_offer(sdp: str) -> None:
    check_offer(sdp)  # raises on refusal


def test_without_mdns_candidates_keeps_ip_candidates() -> None:
    mdns = "a=candidate:1 1 udp 2122260223 0b6c2f4e-1c4b.local 54400 typ host generation 0"
    loopback = "a=candidate:2 1 udp 2122260223 127.0.0.1 54401 typ host generation 0"
    assert without_mdns_candidates(f"{GOOD}{mdns}\r\n{loopback}\r\n") == f"{GOOD}{loopback}\r\n"
